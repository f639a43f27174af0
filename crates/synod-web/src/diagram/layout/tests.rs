use synod_core::scenario::Scenario;
use synod_core::scheduler::{Fault, Faults};
use synod_core::view::{BandView, CutView, EventKindView, FateView, WorldView};

use super::arrows::LabelBox;
use super::ghosts::GHOST_OFFSET;
use super::timer_tests::boxes_overlap;
use super::*;

const ISSUE_EXAMPLE: &str = r#"{"version": 1, "protocol": "chandy-lamport", "params": {"nodes": 3, "balances": [100, 100, 100]}, "seed": 7,
 "actions": [{"command": {"node": 0, "cmd": {"transfer": {"to": 1, "amount": 30}}}}, {"command": {"node": 1, "cmd": "snapshot"}},
             {"deliver": 0}, {"deliver": 1}, {"drop": 2}, {"duplicate": 4}, {"crash": 2}, {"recover": 2}, {"partition": [[0, 1], [2]]}, "heal"]}"#;

fn issue_example_after(steps: usize) -> WorldView {
    Scenario::from_json(ISSUE_EXAMPLE)
        .unwrap()
        .replay_prefix(steps)
        .unwrap()
        .view()
}

/// Views along random runs with every fault kind, on 2 to 8 nodes.
fn random_views() -> Vec<WorldView> {
    let faults: Faults = Fault::ALL.into_iter().collect();
    let mut views = Vec::new();
    for seed in 0..24_u64 {
        let nodes = 2 + seed % 7;
        let text = format!(
            r#"{{"version": 1, "protocol": "chandy-lamport", "params": {{"nodes": {nodes}, "balances": {:?}}}, "seed": {seed}}}"#,
            vec![50; nodes as usize]
        );
        let mut world = Scenario::from_json(&text).unwrap().start().unwrap();
        for step in 0..60 {
            let Some(action) = world.random_action(&faults) else {
                break;
            };
            world.apply(&action).unwrap();
            if step % 7 == 0 {
                views.push(world.view());
            }
        }
        views.push(world.view());
    }
    views
}

fn all_views() -> Vec<WorldView> {
    let mut views: Vec<WorldView> = (0..=10).map(issue_example_after).collect();
    views.extend(random_views());
    views
}

#[test]
fn events_on_the_same_node_never_overlap() {
    for view in all_views() {
        let layout = layout(&view, MIN_WIDTH, 1.0);
        for a in &layout.events {
            for b in layout
                .events
                .iter()
                .filter(|b| b.node == a.node && b.id > a.id)
            {
                assert!(
                    b.at.x - a.at.x >= 4.0 * DOT_RADIUS,
                    "events {} and {} on node {} are too close: {:?} {:?}",
                    a.id,
                    b.id,
                    a.node,
                    a.at,
                    b.at
                );
            }
        }
    }
}

#[test]
fn time_flows_right_in_event_order_and_each_event_sits_on_its_node_line() {
    for view in all_views() {
        let layout = layout(&view, MIN_WIDTH, 1.0);
        assert_eq!(layout.events.len(), view.events.len());
        for pair in layout.events.windows(2) {
            assert!(pair[0].at.x < pair[1].at.x, "{pair:?}");
        }
        for event in &layout.events {
            assert_eq!(event.at.y, Layout::lane_y(event.node));
            assert!(event.at.x < layout.frontier);
        }
    }
}

#[test]
fn a_receive_is_right_of_its_send() {
    for view in all_views() {
        let layout = layout(&view, MIN_WIDTH, 1.0);
        for message in &view.messages {
            if let FateView::Delivered { event, .. } = message.fate {
                let sent = layout.event(message.sent_event).unwrap();
                let received = layout.event(event).unwrap();
                assert!(received.at.x > sent.at.x, "message {}", message.id);
            }
        }
    }
}

/// Every channel with a message in flight.
fn every_channel(view: &WorldView) -> Expanded {
    let mut channels: Expanded = view.in_flight().map(|m| (m.from, m.to)).collect();
    channels.sort_unstable();
    channels.dedup();
    channels
}

/// The layouts of a view with its groups gathered and expanded.
fn both_ways(view: &WorldView) -> [Layout; 2] {
    [
        layout(view, MIN_WIDTH, 1.0),
        layout_expanded(view, MIN_WIDTH, 1.0, &every_channel(view)),
    ]
}

#[test]
fn every_settled_message_gets_an_arrow_and_each_channel_in_flight_a_ghost_for_its_head() {
    for view in all_views() {
        let gathered = layout(&view, MIN_WIDTH, 1.0);
        let mut heads: Vec<_> = every_channel(&view)
            .into_iter()
            .filter_map(|(from, to)| view.in_flight().find(|m| m.from == from && m.to == to))
            .map(|m| m.id)
            .collect();
        heads.sort_unstable();
        let ghosts: Vec<_> = gathered.ghosts.iter().map(|g| g.message).collect();
        assert_eq!(ghosts, heads);
        assert_eq!(
            gathered.arrows.list.len() + view.in_flight().count(),
            view.messages.len()
        );
    }
}

#[test]
fn an_expanded_group_shows_every_message_of_its_channel() {
    for view in all_views() {
        let expanded = layout_expanded(&view, MIN_WIDTH, 1.0, &every_channel(&view));
        let in_flight: Vec<_> = view.in_flight().map(|m| m.id).collect();
        let ghosts: Vec<_> = expanded.ghosts.iter().map(|g| g.message).collect();
        assert_eq!(ghosts, in_flight);
    }
}

#[test]
fn a_gathered_group_counts_the_messages_behind_its_head_right_of_it() {
    let mut seen = 0;
    for view in all_views() {
        let gathered = layout(&view, MIN_WIDTH, 1.0);
        for badge in &gathered.badges {
            let (from, to) = badge.channel;
            let size = view
                .in_flight()
                .filter(|m| m.from == from && m.to == to)
                .count();
            assert_eq!(badge.size, size);
            assert!(size >= 2 && !badge.expanded);
            assert_eq!(badge.text(), format!("+{}", size - 1));
            let head = view
                .in_flight()
                .find(|m| m.from == from && m.to == to)
                .unwrap();
            let ghost = gathered
                .ghosts
                .iter()
                .find(|g| g.message == head.id)
                .unwrap();
            assert_eq!(ghost.center.y, badge.center.y);
            let gap = (badge.center.x - badge.width / 2.0) - (ghost.center.x + ghost.width / 2.0);
            assert!(
                (0.0..=4.0).contains(&gap),
                "the badge sits {gap} from its head"
            );
            seen += 1;
        }
    }
    assert!(seen > 10, "only {seen} groups in the sample runs");
}

#[test]
fn ghosts_sit_at_the_frontier_between_lanes_next_to_their_receiver() {
    for layout in all_views().iter().flat_map(both_ways) {
        let view_nodes = layout.lanes.len();
        let last_lane = Layout::lane_y(view_nodes as u32 - 1);
        for ghost in &layout.ghosts {
            let lane = Layout::lane_y(ghost.receiver);
            assert!(ghost.center.x - ghost.width / 2.0 >= layout.frontier - 1e-9);
            assert!(ghost.center.x + ghost.width / 2.0 <= layout.width);
            assert_eq!((ghost.center.y - lane).abs(), GHOST_OFFSET);
            assert!(ghost.center.y > Layout::lane_y(0) && ghost.center.y < last_lane);
            assert!(ghost.center.y + ghost.height / 2.0 <= layout.height);
        }
    }
}

#[test]
fn no_two_ghosts_or_badges_overlap() {
    for layout in all_views().iter().flat_map(both_ways) {
        let boxes: Vec<(Point, f64, f64)> = layout
            .ghosts
            .iter()
            .map(|g| (g.center, g.width, g.height))
            .chain(layout.badges.iter().map(|b| (b.center, b.width, b.height)))
            .collect();
        for (i, a) in boxes.iter().enumerate() {
            for b in &boxes[i + 1..] {
                assert!(!boxes_overlap(*a, *b), "{a:?} and {b:?} overlap");
            }
        }
        for badge in &layout.badges {
            assert!(badge.center.x + badge.width / 2.0 <= layout.width);
        }
    }
}

#[test]
fn the_head_of_a_channel_is_the_leftmost_of_its_ghosts() {
    let view = issue_example_after(6);
    let layout = layout_expanded(&view, MIN_WIDTH, 1.0, &every_channel(&view));
    let head = layout.ghosts.iter().find(|g| g.message == 4).unwrap();
    let copy = layout.ghosts.iter().find(|g| g.message == 5).unwrap();
    assert_eq!(head.center.y, copy.center.y);
    assert!(head.center.x < copy.center.x);
}

#[test]
fn a_ghost_dropped_on_its_receivers_line_reaches_it_and_nowhere_else() {
    let view = issue_example_after(6);
    let layout = layout(&view, MIN_WIDTH, 1.0);
    for ghost in &layout.ghosts {
        for lane in &layout.lanes {
            let on_line = Point::new(ghost.center.x, lane.y);
            assert!(lane.reaches(on_line));
            assert_eq!(
                layout.lanes.iter().filter(|l| l.reaches(on_line)).count(),
                1
            );
        }
        let receiver = &layout.lanes[ghost.receiver as usize];
        assert!(
            !receiver.reaches(ghost.center),
            "a ghost at rest is not yet on its receiver's line"
        );
    }
}

#[test]
fn a_dropped_message_stops_half_way_and_a_lost_one_reaches_the_receiver_line() {
    let dropped = layout(&issue_example_after(5), MIN_WIDTH, 1.0);
    let arrow = dropped.arrows.list.iter().find(|a| a.message == 2).unwrap();
    assert_eq!(arrow.end, ArrowEnd::Dropped);
    assert!(arrow.head.is_none());
    assert!(arrow.to.y > Layout::lane_y(1) && arrow.to.y < Layout::lane_y(2));

    let lost_run = r#"{"version": 1, "protocol": "chandy-lamport", "params": {"nodes": 2, "balances": [10, 10]}, "seed": 1,
      "actions": [{"command": {"node": 0, "cmd": {"transfer": {"to": 1, "amount": 3}}}}, {"crash": 1}, {"deliver": 0}]}"#;
    let view = Scenario::from_json(lost_run)
        .unwrap()
        .replay()
        .unwrap()
        .view();
    let lost = layout(&view, MIN_WIDTH, 1.0);
    let arrow = &lost.arrows.list[0];
    assert_eq!(arrow.end, ArrowEnd::Lost);
    assert_eq!(arrow.to.y, Layout::lane_y(1));
    let crash = lost.events.iter().find(|e| e.node == 1).unwrap();
    assert!(arrow.to.x > crash.at.x, "lost after the crash");
}

#[test]
fn a_crashed_stretch_runs_from_the_crash_to_the_recovery() {
    let view = issue_example_after(8);
    let layout = layout(&view, MIN_WIDTH, 1.0);
    let x_of = |kind: EventKindView| {
        let event = view.events.iter().find(|e| e.kind == kind).unwrap();
        layout.event(event.id).unwrap().at.x
    };
    let down: Vec<_> = layout.lanes[2].segments.iter().filter(|s| s.down).collect();
    assert_eq!(down.len(), 1);
    assert_eq!(down[0].start, x_of(EventKindView::Crash));
    assert_eq!(down[0].end, x_of(EventKindView::Recover));
    assert!(layout.lanes[0].segments.iter().all(|s| !s.down));
}

#[test]
fn lane_segments_cover_the_line_without_gaps() {
    for view in all_views() {
        for lane in layout(&view, MIN_WIDTH, 1.0).lanes {
            assert_eq!(lane.segments.first().unwrap().start, lane.start);
            assert_eq!(lane.segments.last().unwrap().end, lane.end);
            for pair in lane.segments.windows(2) {
                assert_eq!(pair[0].end, pair[1].start);
                assert_ne!(pair[0].down, pair[1].down);
            }
        }
    }
}

#[test]
fn a_cut_crosses_each_line_just_after_the_recording_event_or_at_the_frontier() {
    let view = issue_example_after(10);
    let layout = layout(&view, MIN_WIDTH, 1.0);
    assert_eq!(view.extra.cuts[0].points, vec![Some(6), Some(2), None]);
    let cut = &layout.cuts[0];
    assert!(!cut.complete);
    let recorded_at = |event| layout.event(event).unwrap().at.x;
    assert!(cut.points[0].at.x > recorded_at(6) && cut.points[0].at.x < recorded_at(7));
    assert!(cut.points[1].at.x > recorded_at(2) && cut.points[1].at.x < recorded_at(3));
    assert!(!cut.points[2].recorded);
    assert!(cut.points[2].at.x > recorded_at(10) && cut.points[2].at.x < layout.frontier);
}

#[test]
fn labels_of_cuts_ending_at_the_same_place_take_separate_rows() {
    let mut view = issue_example_after(4);
    let first = view.extra.cuts[0].clone();
    let second = CutView {
        label: "snapshot 2".to_string(),
        ..first.clone()
    };
    view.extra.cuts = vec![first, second];
    let layout = layout(&view, MIN_WIDTH, 1.0);
    assert_eq!(layout.cuts.len(), 2);
    assert_ne!(layout.cuts[0].label_at.y, layout.cuts[1].label_at.y);
    assert!(layout.cuts.iter().all(|c| c.label_at.y < layout.height));
}

#[test]
fn a_partition_cuts_between_lanes_of_different_groups_only() {
    let view = issue_example_after(9);
    let geometry = layout(&view, MIN_WIDTH, 1.0);
    let [partition] = geometry.partitions.as_slice() else {
        panic!("one partition: {:?}", geometry.partitions);
    };
    assert!(partition.current);
    let groups: Vec<_> = partition.lanes.iter().map(|l| l.group).collect();
    assert_eq!(groups, vec![0, 0, 1]);
    assert_eq!(partition.cuts.len(), 1);
    let between = (Layout::lane_y(1) + Layout::lane_y(2)) / 2.0;
    assert!(partition.cuts[0]
        .iter()
        .all(|p| (p.y - between).abs() <= 5.0));
    // The band starts at the step that split the network, and stays on the timeline once healed,
    // ending at the step that healed it.
    let step_center = |geometry: &Layout, step: u64| {
        let span = geometry.steps.iter().find(|s| s.step == step).unwrap();
        (span.start + span.end) / 2.0
    };
    assert_eq!(partition.from, 9);
    assert_eq!(partition.start, step_center(&geometry, 9));
    let healed = layout(&issue_example_after(10), MIN_WIDTH, 1.0);
    let [band] = healed.partitions.as_slice() else {
        panic!("the healed partition stays: {:?}", healed.partitions);
    };
    assert!(!band.current);
    assert_eq!(band.start, step_center(&healed, 9));
    assert_eq!(band.end, step_center(&healed, 10));
}

#[test]
fn a_band_spans_its_nodes_line_from_the_event_it_began_after_to_the_one_it_ended_at() {
    let mut view = issue_example_after(10);
    assert_eq!((view.events[6].node, view.events[2].node), (0, 1));
    let band = |node, from, to, number: u32| BandView {
        node,
        from,
        to,
        number,
        label: format!("v{number} {{0,1}}"),
        title: String::new(),
        legend: "view",
    };
    view.extra.bands = vec![band(0, None, Some(6), 0), band(1, Some(2), None, 1)];
    let layout = layout(&view, MIN_WIDTH, 1.0);
    let [first, second] = layout.bands.as_slice() else {
        panic!("two bands: {:?}", layout.bands);
    };
    let x = |event| layout.event(event).unwrap().at.x;
    // The first from the line's start to event 6; the second from event 2 to the line's end.
    assert_eq!((first.start, first.end), (LANE_START, x(6)));
    assert_eq!((second.start, second.end), (x(2), layout.lanes[1].end));
    for (band, node) in [(first, 0), (second, 1)] {
        let y = Layout::lane_y(node);
        assert_eq!(band.node, node);
        assert!(
            band.top < y - DOT_RADIUS && band.bottom > y + DOT_RADIUS,
            "{band:?}"
        );
        assert_eq!(band.top + band.bottom, 2.0 * y, "centred on the line");
        // The label sits above the line, at the band's start, clear of its first dot.
        assert!(
            band.label_at.y < band.top && band.label_at.y > y - LANE_REACH,
            "{band:?}"
        );
        assert!(band.label_at.x >= band.start + DOT_RADIUS, "{band:?}");
        assert_eq!(
            band.label.as_deref(),
            Some(view.extra.bands[node as usize].label.as_str())
        );
    }
}

#[test]
fn a_band_label_with_no_room_before_the_next_band_shortens_to_the_views_number() {
    let mut view = issue_example_after(10);
    let plain = layout(&view, MIN_WIDTH, 1.0);
    // The two neighbouring events of node 0 closest together: a band between them is short.
    let node0: Vec<&EventGeom> = plain.events.iter().filter(|e| e.node == 0).collect();
    let pair = node0
        .windows(2)
        .min_by(|a, b| (a[1].at.x - a[0].at.x).total_cmp(&(b[1].at.x - b[0].at.x)))
        .unwrap();
    let (a, b) = (pair[0].id, pair[1].id);
    let band = |from: Option<EventId>, to: Option<EventId>, number: u32| BandView {
        node: 0,
        from,
        to,
        number,
        label: format!("v{number} {{0,1,2,3,4,5}}"),
        title: String::new(),
        legend: "view",
    };
    view.extra.bands = vec![
        band(None, Some(a), 0),
        band(Some(a), Some(b), 1),
        band(Some(b), None, 2),
    ];
    let layout = layout(&view, MIN_WIDTH, 1.0);
    let labels: Vec<Option<&str>> = layout.bands.iter().map(|b| b.label.as_deref()).collect();
    assert_eq!(labels[2], Some("v2 {0,1,2,3,4,5}"), "the last one has room");
    assert!(labels[1].is_none_or(|l| l == "v1"), "{labels:?}");
    for pair in layout.bands.windows(2) {
        if let Some(end) = pair[0].label_end() {
            assert!(end < pair[1].label_at.x, "{pair:?}");
        }
    }
}

#[test]
fn a_virtual_synchrony_view_change_ends_each_survivors_band_where_its_next_begins() {
    // Node 2 crashes; node 0's acknowledgement timer suspects it; the flush and the install
    // bring nodes 0 and 1 into view 1 {0,1}.
    let text = r#"{"version": 1, "protocol": "virtual-synchrony", "params": {"nodes": 3}, "seed": 0,
        "actions": [{"command": {"node": 0, "cmd": {"multicast": "hello"}}}, {"crash": 2}, {"deliver": 0},
                    {"deliver": 2}, {"deliver": 1}, {"fire": 0}, {"deliver": 3}, {"deliver": 4}, {"deliver": 5}]}"#;
    let view = Scenario::from_json(text).unwrap().replay().unwrap().view();
    let layout = layout(&view, MIN_WIDTH, 1.0);
    assert_eq!(layout.bands.len(), view.extra.bands.len());
    for node in 0..2 {
        let mut bands: Vec<&BandGeom> = layout.bands.iter().filter(|b| b.node == node).collect();
        bands.sort_by(|a, b| a.start.total_cmp(&b.start));
        let numbers: Vec<u32> = bands.iter().map(|b| b.number).collect();
        assert_eq!(numbers, vec![0, 1], "node {node}");
        assert_eq!(bands[0].start, LANE_START);
        assert_eq!(bands[0].end, bands[1].start, "node {node}");
        assert_eq!(bands[1].end, layout.lanes[node as usize].end);
    }
    let node2: Vec<&BandGeom> = layout.bands.iter().filter(|b| b.node == 2).collect();
    assert!(node2.iter().all(|b| b.number == 0), "{node2:?}");
    // Every label is drawn, whole or as its view's number, clear of the arrows' labels (the
    // install's own arrow leaves node 0 just after it began view 1).
    for band in &layout.bands {
        let (Some(text), Some(end)) = (band.label.as_deref(), band.label_end()) else {
            panic!("{band:?} has its label");
        };
        assert!(text.starts_with(&format!("v{}", band.number)), "{band:?}");
        assert!(
            band.label_at.x > band.start && band.label_at.x < band.end,
            "{band:?}"
        );
        assert!(layout.arrows.label_clear(&LabelBox {
            left: band.label_at.x,
            top: band.label_at.y - 9.5,
            right: end,
            bottom: band.label_at.y + 2.0,
        }));
    }
}

#[test]
fn other_protocols_draw_no_bands() {
    for view in all_views() {
        assert!(layout(&view, MIN_WIDTH, 1.0).bands.is_empty());
    }
}

#[test]
fn the_diagram_is_never_narrower_than_its_minimum_nor_shorter_than_its_lanes() {
    for view in all_views() {
        let layout = layout(&view, MIN_WIDTH, 1.0);
        assert!(layout.width >= MIN_WIDTH);
        let last_lane = Layout::lane_y(view.nodes.len() as u32 - 1);
        assert!(layout.height > last_lane + LANE_REACH);
        assert!(layout.events.iter().all(|e| e.at.x < layout.width));
    }
}

#[test]
fn a_wider_container_stretches_the_node_lines() {
    let view = issue_example_after(3);
    let narrow = layout(&view, 0.0, 1.0);
    let wide = layout(&view, 1500.0, 1.0);
    assert_eq!(narrow.width, MIN_WIDTH);
    assert_eq!(wide.width, 1500.0);
    assert!(wide.lanes[0].end > narrow.lanes[0].end);
    assert_eq!(wide.events, narrow.events);
}

#[test]
fn a_container_narrower_than_the_default_leaves_no_empty_stretch_right_of_the_frontier() {
    for steps in [0, 1, 3] {
        let view = issue_example_after(steps);
        let phone = layout(&view, 300.0, 1.0);
        let newest = phone
            .ghosts
            .iter()
            .map(|g| g.center.x + g.width / 2.0)
            .fold(phone.frontier, f64::max);
        assert_eq!(phone.width, (newest + RIGHT_MARGIN).max(300.0));
        assert_eq!(phone.events, layout(&view, 0.0, 1.0).events);
    }
}

#[test]
fn an_arrow_label_is_never_upside_down() {
    for view in all_views() {
        for arrow in layout(&view, MIN_WIDTH, 1.0).arrows.list {
            assert!((-90.0..=90.0).contains(&arrow.label.angle), "{arrow:?}");
        }
    }
}

#[test]
fn arrow_labels_never_overlap_each_other_or_the_node_names() {
    let mut hidden = 0;
    let mut shown = 0;
    for view in all_views()
        .iter()
        .chain(&super::timer_tests::gallery_views())
    {
        let layout = layout(view, MIN_WIDTH, 1.0);
        let boxes: Vec<LabelBox> = layout
            .arrows
            .list
            .iter()
            .filter(|a| a.label.shown)
            .map(|a| {
                let message = &view.messages[a.message as usize];
                let width =
                    estimated_text_width(&crate::diagram::describe::arrow_text(message), 10.5);
                LabelBox::around(&a.label, width)
            })
            .collect();
        for (i, a) in boxes.iter().enumerate() {
            assert!(
                a.left >= LANE_START,
                "a label runs over the node names: {a:?}"
            );
            for b in &boxes[i + 1..] {
                assert!(!a.overlaps(b), "labels {a:?} and {b:?} collide");
            }
        }
        shown += boxes.len();
        hidden += layout.arrows.list.len() - boxes.len();
    }
    assert!(
        hidden * 10 < shown,
        "{hidden} labels left out, {shown} shown"
    );
}

#[test]
fn a_ghosts_arrow_meets_the_edge_that_faces_its_send_dot() {
    for view in all_views() {
        for ghost in layout(&view, MIN_WIDTH, 1.0).ghosts {
            let tip = ghost.arrow_tip(Point::new(0.0, 0.0));
            let edge = if ghost.anchor.y < ghost.center.y {
                ghost.center.y - ghost.height / 2.0
            } else {
                ghost.center.y + ghost.height / 2.0
            };
            assert_eq!(tip.y, edge);
            assert!((ghost.center.x - ghost.width / 2.0..=ghost.center.x).contains(&tip.x));
            let moved = ghost.arrow_tip(Point::new(30.0, -5.0));
            assert_eq!(moved.x, tip.x + 30.0);
        }
    }
}

#[test]
fn an_arrow_label_sits_between_lanes_never_on_a_node_line() {
    for view in all_views() {
        let layout = layout(&view, MIN_WIDTH, 1.0);
        // A label with no clear spot is not drawn (an unsent message's stub has none).
        for arrow in layout.arrows.list.iter().filter(|a| a.label.shown) {
            let nearest_lane = layout
                .lanes
                .iter()
                .map(|l| (l.y - arrow.label.at.y).abs())
                .fold(f64::MAX, f64::min);
            assert!(nearest_lane >= 20.0, "{arrow:?}");
        }
    }
}

#[test]
fn the_canvas_covers_the_layout_and_keeps_its_size_while_a_run_grows_by_a_few_steps() {
    for view in all_views() {
        let layout = layout(&view, MIN_WIDTH, 1.0);
        let canvas = layout.canvas();
        assert!(canvas.x >= layout.width && canvas.y >= layout.height);
        assert!(canvas.x - layout.width < CANVAS_CHUNK.x);
        assert!(canvas.y - layout.height < CANVAS_CHUNK.y);
    }
    let sizes: Vec<Point> = (3..=10)
        .map(|steps| layout(&issue_example_after(steps), MIN_WIDTH, 1.0).canvas())
        .collect();
    assert!(sizes.windows(2).all(|pair| pair[0] == pair[1]), "{sizes:?}");
}

#[test]
fn a_network_cut_caption_clears_every_ghost_and_timer() {
    let split = Scenario::from_json(include_str!(
        "../../../../../web/scenarios/three-phase-commit/partition-split.json"
    ))
    .unwrap();
    let mut views = all_views();
    views.extend((0..=split.actions.len()).map(|steps| split.replay_prefix(steps).unwrap().view()));
    let mut checked = 0;
    for view in views {
        let layout = layout(&view, MIN_WIDTH, 1.0);
        let Some(partition) = layout.partitions.iter().find(|p| p.current) else {
            continue;
        };
        for end in partition.cuts.iter().filter_map(|cut| cut.last()) {
            let right = end.x - CAPTION_INSET;
            let left = right - estimated_text_width(CUT_CAPTION, 10.0);
            let (top, bottom) = (end.y - CAPTION_RISE - 10.0, end.y - CAPTION_RISE + 3.0);
            let boxes = layout
                .ghosts
                .iter()
                .map(|g| (g.center, g.width, g.height))
                .chain(layout.timers.iter().map(|t| (t.center, t.width, t.height)));
            for (center, width, height) in boxes {
                checked += 1;
                let apart = center.x + width / 2.0 <= left
                    || center.x - width / 2.0 >= right
                    || center.y + height / 2.0 <= top
                    || center.y - height / 2.0 >= bottom;
                assert!(apart, "caption at {end:?} meets a token at {center:?}");
            }
        }
    }
    assert!(checked > 0, "no run had a partition and a token at once");
}

/// A long Chandy-Lamport run of the random scheduler.
fn long_view(steps: usize) -> WorldView {
    let text = r#"{"version": 1, "protocol": "chandy-lamport", "params": {"nodes": 8, "balances": [100, 100, 100, 100, 100, 100, 100, 100]}, "seed": 42}"#;
    let mut world = Scenario::from_json(text).unwrap().start().unwrap();
    for _ in 0..steps {
        let action = world.random_action(&Faults::new()).unwrap();
        world.apply(&action).unwrap();
    }
    world.view()
}

#[test]
fn step_numbers_never_crowd_each_other_at_any_zoom() {
    let view = long_view(400);
    for zoom in [MIN_ZOOM, 0.05, 0.2, 0.5, 1.0, 2.0, MAX_ZOOM] {
        let layout = layout(&view, MIN_WIDTH, zoom);
        let labelled: Vec<&StepSpan> = layout.steps.iter().filter(|s| s.labelled).collect();
        assert!(!labelled.is_empty(), "zoom {zoom} labels some steps");
        for pair in labelled.windows(2) {
            let half = |s: &StepSpan| estimated_text_width(&s.step.to_string(), 10.0) / 2.0;
            assert!(
                pair[0].center() + half(pair[0]) < pair[1].center() - half(pair[1]),
                "zoom {zoom}: steps {} and {} overlap",
                pair[0].step,
                pair[1].step
            );
        }
        assert_eq!(
            labelled[0].step, 1,
            "zoom {zoom}: the first step is numbered"
        );
        if zoom <= 0.05 {
            assert!(
                labelled[1..].iter().all(|s| s.step % 10 == 0),
                "zoom {zoom}: far out, the axis counts in round tens"
            );
        }
    }
    let natural = layout(&view, MIN_WIDTH, 1.0);
    assert!(
        natural.steps.iter().filter(|s| s.labelled).count() * 2 > natural.steps.len(),
        "at the natural zoom most steps carry their number"
    );
}

#[test]
fn zoom_scales_the_time_axis_and_keeps_a_point_in_time_where_it_was() {
    let view = long_view(300);
    let natural = layout(&view, MIN_WIDTH, 1.0);
    let half = layout(&view, MIN_WIDTH, 0.5);
    let axis = |l: &Layout| l.axis_end - LANE_START;
    assert!((axis(&half) - axis(&natural) / 2.0).abs() < 1e-6);
    for id in [0, 100, view.events.len() as u64 - 1] {
        let fraction = natural.time_fraction(natural.event(id).unwrap().at.x);
        let again = half.time_x(fraction);
        assert!((again - half.event(id).unwrap().at.x).abs() < 1e-6);
    }
    assert_eq!(
        natural.ghosts.iter().map(|g| g.width).collect::<Vec<_>>(),
        half.ghosts.iter().map(|g| g.width).collect::<Vec<_>>(),
        "ghosts keep their size"
    );
}

#[test]
fn the_fit_zoom_shows_the_whole_run_in_its_container() {
    let view = long_view(500);
    let natural = layout(&view, MIN_WIDTH, 1.0);
    let frontier_part = natural.content_width - (natural.axis_end - LANE_START);
    for container in [frontier_part + 300.0, frontier_part + 1500.0] {
        let fit = natural.fit_zoom(container);
        assert!(fit < 1.0);
        let fitted = layout(&view, container, fit);
        assert!(
            fitted.content_width <= container + 1e-6,
            "{container}: {} wide",
            fitted.content_width
        );
        assert_eq!(fitted.width, container);
    }
    assert_eq!(
        natural.fit_zoom(frontier_part / 2.0),
        MIN_ZOOM,
        "no zoom fits a viewport narrower than the messages in flight"
    );
}
