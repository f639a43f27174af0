//! Virtual synchrony: a crash detected and a view installed after a flush, a member that lacks a
//! crashed sender's message receiving it in the flush, leave and join, a partition splitting the
//! group into two views, refusals in words, the views as bands, and the guarantees on generated
//! schedules with crashes and duplicates.

mod multicast_support;

use multicast_support::{delivered, multicast, refusal, run, verdict};
use proptest::prelude::*;
use serde_json::{json, Value};
use synod_core::action::Action;
use synod_core::probe::probe;
use synod_core::scenario::Scenario;
use synod_core::scheduler::{Fault, Faults};
use synod_core::simulation::Simulation;
use synod_core::verdict::{Blame, Status};
use synod_core::view::EventKindView;

const VS: &str = "virtual-synchrony";

/// What virtual synchrony promises with reliable channels, synchronous timing and no partition.
const PROMISED: [&str; 7] = [
    "fifo-order",
    "integrity",
    "validity",
    "agreement",
    "view-agreement",
    "view-delivery",
    "sender-in-view",
];

/// Node 0 multicasts "a" (delivered at node 1); node 2 multicasts "b" and crashes before its copy
/// for node 1 leaves; node 0 gets "b". Node 0's ack timer finds node 2 silent: node 0, the
/// coordinator, asks node 1 to flush, and installs view 1 {0,1} with the union of what both
/// delivered.
fn crash_and_flush() -> Value {
    json!([
        multicast(0, "a"),
        {"deliver": 0},
        multicast(2, "b"),
        {"crash": {"node": 2, "unsent": [4]}},
        {"deliver": 2},
        {"deliver": 3},
        {"fire": 0},
        {"deliver": 6},
        {"deliver": 7},
        {"deliver": 8}
    ])
}

fn view_of(world: &dyn Simulation, node: usize) -> Value {
    probe(world).node_states()[node]["view"].clone()
}

fn prefix(actions: &Value, steps: usize) -> Value {
    Value::Array(actions.as_array().unwrap()[..steps].to_vec())
}

#[test]
fn a_crash_is_detected_and_the_flush_gives_everyone_the_crashed_senders_message() {
    let actions = crash_and_flush();
    let before = run(VS, json!({}), prefix(&actions, 7));
    assert_eq!(delivered(&*before, 0), ["0:1", "2:1"]);
    assert_eq!(delivered(&*before, 1), ["0:1"]);
    let view = before.view();
    let timeout = view
        .events
        .iter()
        .rev()
        .find(|e| !e.notes.is_empty())
        .unwrap();
    assert_eq!(
        timeout.notes,
        ["suspects {2}", "proposes view 1 {0,1}: flush"]
    );
    let world = run(VS, json!({}), actions);
    for node in [0, 1] {
        assert_eq!(delivered(&*world, node), ["0:1", "2:1"], "node {node}");
        assert_eq!(
            view_of(&*world, node),
            json!({"number": 1, "members": [0, 1]})
        );
    }
    for name in PROMISED {
        let v = verdict(&*world, name);
        assert_eq!(v.status, Status::Holds, "{name}: {v:?}");
        assert!(v.guaranteed, "{name}");
    }
}

#[test]
fn the_views_are_bands_that_start_after_the_flushed_deliveries() {
    let world = run(VS, json!({}), crash_and_flush());
    let view = world.view();
    let bands: Vec<String> = view
        .extra
        .bands
        .iter()
        .map(|b| {
            format!(
                "node {} {} from {:?} to {:?}",
                b.node, b.label, b.from, b.to
            )
        })
        .collect();
    let install_0 = view
        .events
        .iter()
        .rev()
        .find(|e| e.node == 0 && e.notes.iter().any(|n| n.starts_with("installs")))
        .unwrap()
        .id;
    let delivery_1 = view.events.last().unwrap();
    assert_eq!(
        delivery_1.node, 1,
        "node 1 delivers 2:1 last, after its install note"
    );
    let crash_2 = view
        .events
        .iter()
        .find(|e| e.node == 2 && matches!(e.kind, EventKindView::Crash))
        .map(|e| e.id);
    let (i, d) = (Some(install_0), Some(delivery_1.id));
    assert_eq!(
        bands,
        [
            format!("node 2 v0 {{0,1,2}} from None to {crash_2:?}"),
            format!("node 0 v0 {{0,1,2}} from None to {i:?}"),
            format!("node 1 v0 {{0,1,2}} from None to {d:?}"),
            format!("node 0 v1 {{0,1}} from {i:?} to None"),
            format!("node 1 v1 {{0,1}} from {d:?} to None"),
        ]
    );
}

fn command(node: u32, cmd: Value) -> Action<Value> {
    serde_json::from_value(json!({"command": {"node": node, "cmd": cmd}})).unwrap()
}

#[test]
fn a_member_leaves_after_a_flush_and_joins_again_owed_only_what_follows() {
    let mut world = run(
        VS,
        json!({}),
        json!([multicast(1, "x"), {"command": {"node": 2, "cmd": "leave"}}]),
    );
    settle(&mut *world);
    assert_eq!(view_of(&*world, 2), Value::Null, "node 2 is outside");
    for node in 0..3 {
        assert_eq!(delivered(&*world, node), ["1:1"], "node {node} delivered x");
    }
    for node in [0, 1] {
        assert_eq!(
            view_of(&*world, node),
            json!({"number": 1, "members": [0, 1]})
        );
    }
    world.apply(&command(0, json!({"multicast": "y"}))).unwrap();
    settle(&mut *world);
    assert_eq!(
        delivered(&*world, 2),
        ["1:1"],
        "outside, node 2 is owed nothing"
    );
    let error = world
        .apply(&command(2, json!({"multicast": "z"})))
        .unwrap_err();
    assert!(
        error
            .to_string()
            .contains("Node 2 cannot multicast: it is outside the group: join first."),
        "{error}"
    );
    world.apply(&command(2, json!("join"))).unwrap();
    settle(&mut *world);
    for node in 0..3 {
        assert_eq!(
            view_of(&*world, node),
            json!({"number": 2, "members": [0, 1, 2]})
        );
    }
    let error = world.apply(&command(2, json!("join"))).unwrap_err();
    assert!(
        error
            .to_string()
            .contains("Node 2 is in the group already."),
        "{error}"
    );
    world.apply(&command(2, json!({"multicast": "z"}))).unwrap();
    world.apply(&command(1, json!({"multicast": "w"}))).unwrap();
    settle(&mut *world);
    assert_eq!(delivered(&*world, 2), ["1:1", "2:1", "1:2"]);
    assert_eq!(delivered(&*world, 0), ["1:1", "0:1", "2:1", "1:2"]);
    for name in PROMISED {
        assert_eq!(verdict(&*world, name).status, Status::Holds, "{name}");
    }
}

#[test]
fn a_partition_makes_each_side_install_a_view_of_its_own() {
    let mut world = run(
        VS,
        json!({}),
        json!([{"partition": [[0, 1], [2]]}, multicast(0, "a"), multicast(2, "b")]),
    );
    settle(&mut *world);
    for node in [0, 1] {
        assert_eq!(
            view_of(&*world, node),
            json!({"number": 1, "members": [0, 1]})
        );
    }
    assert_eq!(view_of(&*world, 2), json!({"number": 1, "members": [2]}));
    let split = verdict(&*world, "view-agreement");
    assert_eq!(split.status, Status::Violated);
    assert!(!split.guaranteed);
    assert_eq!(split.blame, Some(Blame::Assumption));
    assert!(
        split
            .explanation
            .contains("virtual synchrony is not consensus"),
        "{}",
        split.explanation
    );
    // Healing does not merge the two groups: each side discards the other's view-1 messages.
    world
        .apply(&serde_json::from_value(json!("heal")).unwrap())
        .unwrap();
    settle(&mut *world);
    assert_eq!(delivered(&*world, 1), ["0:1"]);
    assert_eq!(delivered(&*world, 2), ["2:1"]);
    assert_eq!(verdict(&*world, "validity").status, Status::Violated);
}

#[test]
fn skipping_the_flush_leaves_members_that_moved_together_with_different_messages() {
    let world = run(
        VS,
        json!({"variant": "skip-flush"}),
        json!([multicast(0, "m0.1"), {"command": {"node": 1, "cmd": "leave"}}, {"deliver": 2}, {"deliver": 4}]),
    );
    let v = verdict(&*world, "view-delivery");
    assert_eq!(v.status, Status::Violated);
    assert_eq!(v.blame, Some(Blame::Algorithm));
    assert_eq!(v.step, Some(4));
    assert!(
        !v.guaranteed,
        "the flawed variant promises no view delivery"
    );
}

#[test]
fn impossible_parameters_are_refused_in_words() {
    assert!(refusal(VS, json!({"nodes": 7})).contains("nodes must be from 2 to 6, not 7"));
    assert!(refusal(VS, json!({"variant": "no-flush"})).contains("unknown variant"));
    assert!(refusal(VS, json!({"order": "total"})).contains("unknown field"));
}

/// Applies every legal action that is not a command or a fault, deliveries first, until nothing
/// is left: the run's end as far as the protocol goes by itself.
fn settle(world: &mut dyn Simulation) {
    for _ in 0..1_000 {
        let legal = probe(world).legal_actions(&Faults::default());
        let next = legal
            .iter()
            .find(|a| matches!(a, Action::Deliver(_)))
            .or_else(|| legal.iter().find(|a| matches!(a, Action::Fire(_))))
            .cloned();
        let Some(action) = next else {
            return;
        };
        world.apply(&action).unwrap();
    }
    let view = world.view();
    let recent: Vec<String> = view
        .events
        .iter()
        .skip(view.events.len().saturating_sub(12))
        .map(|e| {
            format!(
                "step {} node {}: {:?} {:?}",
                e.step, e.node, e.kind, e.notes
            )
        })
        .collect();
    let nodes: Vec<String> = view
        .nodes
        .iter()
        .map(|n| {
            let fields: Vec<String> = n
                .fields
                .iter()
                .map(|f| format!("{} = {}", f.label, f.value))
                .collect();
            format!(
                "node {}{}: {}",
                n.id,
                if n.crashed { " (crashed)" } else { "" },
                fields.join("; ")
            )
        })
        .collect();
    panic!(
        "the run did not settle in 1,000 steps; it ends with\n{}\n{}",
        recent.join("\n"),
        nodes.join("\n")
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Any schedule of multicasts, leaves, joins, deliveries, timers, crashes (mid-send too),
    /// recoveries and duplicates keeps the safety guarantees at every step; once the run settles,
    /// every correct member has what it is owed.
    #[test]
    fn the_guarantees_hold_under_any_schedule_with_crashes_and_duplicates(
        choices in prop::collection::vec(any::<u32>(), 0..60),
        reliable in any::<bool>(),
        nodes in 3u32..5,
    ) {
        let faults: Faults = [Fault::Crash, Fault::Recover, Fault::Duplicate].into_iter().collect();
        let mut world = Scenario::new(VS, json!({"nodes": nodes, "reliable": reliable}), None, 0)
            .replay()
            .unwrap();
        let safety = ["fifo-order", "integrity", "view-agreement", "view-delivery", "sender-in-view"];
        let mut taken = Vec::new();
        for &choice in &choices {
            let Some(action) = probe(&*world).chosen_action(&faults, choice) else {
                break;
            };
            world.apply(&action).unwrap();
            taken.push(action);
            for name in safety {
                let v = verdict(&*world, name);
                prop_assert_eq!(
                    v.status,
                    Status::Holds,
                    "{} after {}: {:?}",
                    name,
                    serde_json::to_string(&taken).unwrap(),
                    v
                );
            }
        }
        settle(&mut *world);
        for name in safety.iter().chain(&["validity", "agreement"]) {
            let v = verdict(&*world, name);
            prop_assert_eq!(
                v.status,
                Status::Holds,
                "{} once settled after {}: {:?}",
                name,
                serde_json::to_string(&taken).unwrap(),
                v
            );
        }
    }
}
