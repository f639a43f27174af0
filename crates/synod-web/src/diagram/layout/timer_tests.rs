//! The timer tokens' layout, over the commit protocols' gallery runs and random runs with every
//! fault kind under both timing models.

use synod_core::scenario::Scenario;
use synod_core::scheduler::{Fault, Faults};
use synod_core::view::{EventKindView, TimerStateView, TimerView, WorldView};

use super::*;

const GALLERY: &[&str] = &[
    include_str!("../../../../../web/scenarios/two-phase-commit/happy-path.json"),
    include_str!("../../../../../web/scenarios/two-phase-commit/abort-on-no.json"),
    include_str!("../../../../../web/scenarios/two-phase-commit/blocking.json"),
    include_str!("../../../../../web/scenarios/two-phase-commit/cooperative-termination.json"),
    include_str!("../../../../../web/scenarios/two-phase-commit/cooperative-still-blocks.json"),
    include_str!("../../../../../web/scenarios/three-phase-commit/coordinator-crash.json"),
    include_str!("../../../../../web/scenarios/three-phase-commit/partition-split.json"),
    include_str!("../../../../../web/scenarios/three-phase-commit/async-premature-timeout.json"),
];

const BLOCKING: usize = 2;

/// The view of gallery scenario `index` after its first `steps` actions.
fn gallery_after(index: usize, steps: usize) -> WorldView {
    Scenario::from_json(GALLERY[index])
        .unwrap()
        .replay_prefix(steps)
        .unwrap()
        .view()
}

/// Every prefix of every gallery run.
pub(super) fn gallery_views() -> Vec<WorldView> {
    GALLERY
        .iter()
        .flat_map(|text| {
            let scenario = Scenario::from_json(text).unwrap();
            (0..=scenario.actions.len())
                .map(move |steps| scenario.replay_prefix(steps).unwrap().view())
        })
        .collect()
}

/// Views along random runs of both commit protocols, with every fault kind, on 2 to 7
/// participants, under both timing models.
fn random_views() -> Vec<WorldView> {
    let faults: Faults = Fault::ALL.into_iter().collect();
    let mut views = Vec::new();
    for protocol in ["two-phase-commit", "three-phase-commit"] {
        for timing in ["sync", "async"] {
            for seed in 0..8_u64 {
                let text = format!(
                    r#"{{"version": 1, "protocol": "{protocol}", "params": {{"participants": {}}},
                        "network": {{"timing": "{timing}"}}, "seed": {seed}}}"#,
                    2 + seed % 6
                );
                let mut world = Scenario::from_json(&text).unwrap().start().unwrap();
                for step in 0..60 {
                    let Some(action) = world.random_action(&faults) else {
                        break;
                    };
                    world.apply(&action).unwrap();
                    if step % 3 == 0 {
                        views.push(world.view());
                    }
                }
                views.push(world.view());
            }
        }
    }
    views
}

fn all_views() -> Vec<WorldView> {
    let mut views = gallery_views();
    views.extend(random_views());
    views
}

/// Whether two boxes, given by centre and size, share any area.
pub(super) fn boxes_overlap(a: (Point, f64, f64), b: (Point, f64, f64)) -> bool {
    (a.0.x - b.0.x).abs() < (a.1 + b.1) / 2.0 && (a.0.y - b.0.y).abs() < (a.2 + b.2) / 2.0
}

fn timer_box(timer: &TimerGeom) -> (Point, f64, f64) {
    (timer.center, timer.width, timer.height)
}

#[test]
fn the_runs_have_pending_timers_to_draw() {
    let views = all_views();
    let drawn: usize = views
        .iter()
        .map(|view| layout(view, MIN_WIDTH, 1.0).timers.len())
        .sum();
    assert!(drawn > 100, "only {drawn} timers drawn");
    assert!(views
        .iter()
        .any(|v| layout(v, MIN_WIDTH, 1.0).timers.len() >= 3));
}

#[test]
fn every_pending_timer_and_nothing_else_sits_on_its_own_nodes_line_at_the_frontier() {
    for view in all_views() {
        let layout = layout(&view, MIN_WIDTH, 1.0);
        let pending: Vec<_> = view.pending_timers().map(|t| (t.id, t.node)).collect();
        let drawn: Vec<_> = layout.timers.iter().map(|t| (t.timer, t.node)).collect();
        assert_eq!(drawn, pending);
        for timer in &layout.timers {
            assert_eq!(timer.center.y, Layout::lane_y(timer.node));
            assert!(timer.left() >= layout.frontier - 1e-9, "{timer:?}");
            assert!(
                timer.center.x + timer.width / 2.0 <= layout.width,
                "{timer:?}"
            );
            assert!(
                timer.height < LANE_REACH,
                "a token stays within its lane's reach"
            );
        }
    }
}

#[test]
fn no_two_timers_overlap() {
    for view in all_views() {
        let layout = layout(&view, MIN_WIDTH, 1.0);
        for (i, a) in layout.timers.iter().enumerate() {
            for b in &layout.timers[i + 1..] {
                assert!(
                    !boxes_overlap(timer_box(a), timer_box(b)),
                    "timers {a:?} and {b:?} overlap"
                );
            }
        }
    }
}

#[test]
fn no_timer_overlaps_a_ghost() {
    let mut checked = 0;
    for view in all_views() {
        let layout = layout(&view, MIN_WIDTH, 1.0);
        for timer in &layout.timers {
            for ghost in &layout.ghosts {
                checked += 1;
                assert!(
                    !boxes_overlap(timer_box(timer), (ghost.center, ghost.width, ghost.height)),
                    "timer {timer:?} overlaps ghost {ghost:?}"
                );
            }
        }
    }
    assert!(checked > 0, "no run had a timer and a ghost at once");
}

#[test]
fn timers_on_one_line_queue_in_the_order_they_were_set() {
    for view in all_views() {
        let layout = layout(&view, MIN_WIDTH, 1.0);
        for (i, a) in layout.timers.iter().enumerate() {
            for b in layout.timers[i + 1..].iter().filter(|b| b.node == a.node) {
                assert!(a.timer < b.timer && a.center.x < b.center.x, "{a:?} {b:?}");
            }
        }
    }
}

#[test]
fn several_timers_on_one_line_queue_apart_beside_the_ghosts() {
    // The commit protocols keep one timer per node at a time; a later protocol may keep more.
    let mut view = gallery_after(BLOCKING, 1);
    let next = view.timers.len() as u64;
    view.timers.extend((next..next + 3).map(|id| TimerView {
        id,
        node: 1,
        label: format!("retransmission timeout {id}"),
        set_at: 1,
        state: TimerStateView::Pending,
        blocked: None,
    }));
    view.pending_ids.extend(next..next + 3);
    let layout = layout(&view, MIN_WIDTH, 1.0);
    let on_one: Vec<_> = layout.timers.iter().filter(|t| t.node == 1).collect();
    assert!(on_one.len() >= 3, "{on_one:?}");
    assert!(!layout.ghosts.is_empty());
    for (i, a) in on_one.iter().enumerate() {
        for b in &on_one[i + 1..] {
            assert!(
                a.center.x + a.width / 2.0 < b.center.x - b.width / 2.0,
                "{a:?} {b:?}"
            );
        }
        for ghost in &layout.ghosts {
            assert!(!boxes_overlap(
                timer_box(a),
                (ghost.center, ghost.width, ghost.height)
            ));
        }
    }
}

#[test]
fn a_crashed_node_whose_timers_were_cleared_shows_none() {
    // Blocking 2PC: the coordinator sets its vote timer, then crashes at the fifth action.
    let before = layout(&gallery_after(BLOCKING, 4), MIN_WIDTH, 1.0);
    assert!(before.timers.iter().any(|t| t.node == 0));
    let view = gallery_after(BLOCKING, 5);
    assert!(view.nodes[0].crashed);
    assert!(view
        .timers
        .iter()
        .any(|t| t.node == 0 && matches!(t.state, TimerStateView::Cleared { .. })));
    let after = layout(&view, MIN_WIDTH, 1.0);
    assert!(
        after.timers.iter().all(|t| t.node != 0),
        "{:?}",
        after.timers
    );
    for view in all_views() {
        let layout = layout(&view, MIN_WIDTH, 1.0);
        assert!(layout
            .timers
            .iter()
            .all(|t| !view.nodes[t.node as usize].crashed));
    }
}

#[test]
fn a_fired_timer_leaves_the_line_and_becomes_a_timeout_dot() {
    // Blocking 2PC: the ninth action fires timer 4 at node 1.
    let before = layout(&gallery_after(BLOCKING, 8), MIN_WIDTH, 1.0);
    assert!(before.timers.iter().any(|t| t.timer == 4 && t.node == 1));
    let view = gallery_after(BLOCKING, 9);
    let after = layout(&view, MIN_WIDTH, 1.0);
    assert!(after.timers.iter().all(|t| t.timer != 4));
    let timeout = view
        .events
        .iter()
        .find(|e| matches!(e.kind, EventKindView::Timeout { timer: 4, .. }))
        .unwrap();
    assert_eq!(after.event(timeout.id).unwrap().at.y, Layout::lane_y(1));
}

#[test]
fn the_diagram_widens_to_hold_its_timers() {
    for view in all_views() {
        let layout = layout(&view, 0.0, 1.0);
        for timer in &layout.timers {
            assert!(timer.center.x + timer.width / 2.0 + RIGHT_MARGIN <= layout.width + 1e-9);
        }
    }
}
