//! A layout brought up to date from an earlier one (see [`layout_after`]) must be exactly the
//! layout made afresh, whichever way the run moved: a step, an undo, a jump either way, or a
//! switch to another branch of the run.

use synod_core::scenario::Scenario;
use synod_core::scheduler::{Fault, Faults};
use synod_core::view::WorldView;

use super::*;

/// The views of a random run with every fault kind, each built from the one before as the page
/// builds them (so that they share their history's chunks), from `start` on: `branch` switches to
/// the scheduler's choices without faults after step 40, so that two runs share their first steps.
fn run(seed: u64, nodes: u64, steps: usize, branch: bool) -> Vec<WorldView> {
    let text = format!(
        r#"{{"version": 1, "protocol": "chandy-lamport", "params": {{"nodes": {nodes}, "balances": {:?}}}, "seed": {seed}}}"#,
        vec![40; nodes as usize]
    );
    run_scenario(&text, steps, branch)
}

/// [`run`] for the scenario `text` (its actions left out).
fn run_scenario(text: &str, steps: usize, branch: bool) -> Vec<WorldView> {
    let every: Faults = Fault::ALL.into_iter().collect();
    let mut world = Scenario::from_json(text).unwrap().start().unwrap();
    let mut views = vec![world.view()];
    for step in 0..steps {
        let faults = if branch && step >= 40 {
            Faults::new()
        } else {
            every.clone()
        };
        let Some(action) = world.random_action(&faults) else {
            break;
        };
        world.apply(&action).unwrap();
        let view = world.view_since(views.last().unwrap());
        views.push(view);
    }
    views
}

fn assert_follows(
    before: &WorldView,
    before_layout: &Layout,
    view: &WorldView,
    zoom: f64,
) -> Layout {
    let followed = layout_after(
        Some((before, before_layout)),
        view,
        MIN_WIDTH,
        zoom,
        &Expanded::new(),
    );
    let afresh = layout_expanded(view, MIN_WIDTH, zoom, &Expanded::new());
    assert_eq!(
        followed, afresh,
        "from step {} to step {} at zoom {zoom}",
        before.step, view.step
    );
    followed
}

#[test]
fn stepping_forward_from_each_layout_gives_the_layout_made_afresh() {
    for seed in 0..6 {
        let views = run(seed, 2 + seed % 5, 120, false);
        let zoom = [1.0, 0.3, 2.0][seed as usize % 3];
        let mut layout = layout_expanded(&views[0], MIN_WIDTH, zoom, &Expanded::new());
        for pair in views.windows(2) {
            layout = assert_follows(&pair[0], &layout, &pair[1], zoom);
        }
    }
}

#[test]
fn undoing_and_jumping_from_layouts_that_were_themselves_followed() {
    for seed in 10..14 {
        let views = run(seed, 3 + seed % 4, 150, false);
        let mut layouts = vec![layout_expanded(&views[0], MIN_WIDTH, 1.0, &Expanded::new())];
        for pair in views.windows(2) {
            let next = layout_after(
                Some((&pair[0], layouts.last().unwrap())),
                &pair[1],
                MIN_WIDTH,
                1.0,
                &Expanded::new(),
            );
            layouts.push(next);
        }
        let last = views.len() - 1;
        // Undo, step by step, each from the layout the undo before it left.
        let mut layout = layouts[last].clone();
        for index in (0..last).rev() {
            layout = assert_follows(&views[index + 1], &layout, &views[index], 1.0);
        }
        // Jumps back and forth.
        for (from, to) in [
            (last, last / 2),
            (last / 2, last),
            (last, 1),
            (3, last),
            (last / 3, last / 3 + 7),
        ] {
            assert_follows(&views[from], &layouts[from], &views[to], 1.0);
        }
    }
}

#[test]
fn switching_to_another_branch_of_the_run() {
    for seed in 20..24 {
        let main = run(seed, 4, 100, false);
        let other = run(seed, 4, 100, true);
        assert_eq!(main[40], other[40], "the branches share their first steps");
        let main_last = main.len() - 1;
        let other_last = other.len() - 1;
        let main_layout = layout_expanded(&main[main_last], MIN_WIDTH, 1.0, &Expanded::new());
        let other_layout = assert_follows(&main[main_last], &main_layout, &other[other_last], 1.0);
        assert_follows(&other[other_last], &other_layout, &main[main_last], 1.0);
    }
}

#[test]
fn a_new_zoom_lays_out_afresh() {
    let views = run(3, 4, 60, false);
    let layout = layout_expanded(&views[59], MIN_WIDTH, 1.0, &Expanded::new());
    assert_follows(&views[59], &layout, &views[60], 0.5);
}
#[test]
fn a_branch_that_differs_first_in_a_step_without_events() {
    // Both branches send two transfers and deliver the second at step 4 (the same event in both);
    // at step 3 one dropped the first transfer, the other duplicated it; the other then delivers
    // it. Their events first differ at step 5, but the dropped arrow settled at step 3.
    let branch = |third: &str, rest: &str| {
        let text = format!(
            r#"{{"version": 1, "protocol": "chandy-lamport", "params": {{"nodes": 3, "balances": [50, 50, 50]}}, "seed": 1,
               "actions": [{{"command": {{"node": 0, "cmd": {{"transfer": {{"to": 1, "amount": 5}}}}}}}},
                           {{"command": {{"node": 0, "cmd": {{"transfer": {{"to": 2, "amount": 5}}}}}}}},
                           {third}, {{"deliver": 1}}{rest}]}}"#
        );
        Scenario::from_json(&text).unwrap().replay().unwrap().view()
    };
    let dropped = branch(r#"{"drop": 0}"#, "");
    let duplicated = branch(r#"{"duplicate": 0}"#, r#", {"deliver": 0}"#);
    let dropped_layout = layout_expanded(&dropped, MIN_WIDTH, 1.0, &Expanded::new());
    let duplicated_layout = assert_follows(&dropped, &dropped_layout, &duplicated, 1.0);
    assert_follows(&duplicated, &duplicated_layout, &dropped, 1.0);
}

#[test]
fn bands_follow_too() {
    // Virtual synchrony under every fault: views change, and each node's line carries bands.
    let mut changes = 0;
    for seed in 30..34 {
        let text = format!(
            r#"{{"version": 1, "protocol": "virtual-synchrony", "params": {{"nodes": {}}}, "seed": {seed}}}"#,
            3 + seed % 2
        );
        let views = run_scenario(&text, 150, false);
        let last = views.len() - 1;
        changes += views[last]
            .extra
            .bands
            .iter()
            .filter(|b| b.number > 0)
            .count();
        let mut layouts = vec![layout_expanded(&views[0], MIN_WIDTH, 1.0, &Expanded::new())];
        for pair in views.windows(2) {
            let next = assert_follows(&pair[0], layouts.last().unwrap(), &pair[1], 1.0);
            assert_eq!(next.bands.len(), pair[1].extra.bands.len());
            layouts.push(next);
        }
        for (from, to) in [(last, last / 2), (last / 2, last), (last, 1)] {
            assert_follows(&views[from], &layouts[from], &views[to], 1.0);
        }
    }
    assert!(
        changes >= 4,
        "the runs change views ({changes} bands after the first)"
    );
}
