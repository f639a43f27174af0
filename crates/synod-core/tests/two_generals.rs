//! The two generals: the chain of acknowledgements, dawn, resending, and the verdicts that make
//! the impossibility argument.

use serde_json::{json, Value};
use synod_core::network::{NetworkSpec, Timing};
use synod_core::probe::probe;
use synod_core::scenario::Scenario;
use synod_core::simulation::Simulation;
use synod_core::verdict::{Blame, Status, Verdict};

fn run(params: Value, timing: Timing, actions: Value) -> Box<dyn Simulation> {
    let network = NetworkSpec {
        timing: Some(timing),
        ..NetworkSpec::default()
    };
    let mut scenario = Scenario::new("two-generals", params, Some(network), 0);
    scenario.actions = serde_json::from_value(actions).unwrap();
    scenario.replay().unwrap()
}

fn verdict(world: &dyn Simulation, name: &str) -> Verdict {
    world
        .verdicts()
        .into_iter()
        .find(|v| v.name == name)
        .unwrap()
}

fn decisions(world: &dyn Simulation) -> Vec<Value> {
    probe(world)
        .node_states()
        .iter()
        .map(|s| s["decision"].clone())
        .collect()
}

#[test]
fn the_lost_last_messenger_parts_the_generals_and_the_algorithm_is_to_blame() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../web/scenarios/two-generals/last-message-lost.json"
    );
    let world = Scenario::from_json(&std::fs::read_to_string(path).unwrap())
        .unwrap()
        .replay()
        .unwrap();
    assert_eq!(decisions(&*world), [json!("attack"), json!("retreat")]);
    let agreement = verdict(&*world, "agreement");
    assert_eq!(agreement.status, Status::Violated);
    assert_eq!(agreement.step, Some(5));
    assert_eq!(agreement.blame, Some(Blame::Algorithm));
    assert!(!agreement.guaranteed);
    assert!(agreement
        .explanation
        .contains("no protocol guarantees agreement over a lossy channel"));
    assert_eq!(verdict(&*world, "non-triviality").status, Status::Holds);
}

#[test]
fn with_no_loss_both_attack_before_dawn() {
    for acks in 0..=5u32 {
        let deliveries: Vec<Value> = (0..=acks).map(|id| json!({"deliver": id})).collect();
        let mut actions = vec![json!({"fire": 0})];
        actions.extend(deliveries);
        let world = run(json!({"acks": acks}), Timing::Sync, Value::Array(actions));
        assert_eq!(
            decisions(&*world),
            [json!("attack"), json!("attack")],
            "{acks}"
        );
        assert_eq!(verdict(&*world, "non-triviality").status, Status::Holds);
        assert_eq!(verdict(&*world, "agreement").status, Status::Holds);
        assert!(world
            .view()
            .timers
            .iter()
            .all(|t| t.label != "dawn" || t.state != synod_core::view::TimerStateView::Pending));
    }
}

#[test]
fn under_sync_timing_dawn_waits_for_every_messenger_on_its_way() {
    let network = NetworkSpec {
        timing: Some(Timing::Sync),
        ..NetworkSpec::default()
    };
    let mut scenario = Scenario::new("two-generals", json!({"acks": 1}), Some(network), 0);
    scenario.actions = serde_json::from_value(json!([{"fire": 0}, {"fire": 2}])).unwrap();
    let refused = scenario.replay().err().unwrap().to_string();
    assert!(
        refused.contains("message 0 (0→1) is still in flight"),
        "{refused}"
    );
}

#[test]
fn under_async_timing_dawn_may_come_early_without_any_loss() {
    let world = run(
        json!({"acks": 1}),
        Timing::Async,
        json!([{"fire": 0}, {"deliver": 0}, {"fire": 1}]),
    );
    assert_eq!(decisions(&*world), [json!("retreat"), json!("attack")]);
    let agreement = verdict(&*world, "agreement");
    assert_eq!(agreement.status, Status::Violated);
    assert!(agreement.explanation.contains("no messenger was lost"));
    let non_triviality = verdict(&*world, "non-triviality");
    assert_eq!(non_triviality.status, Status::Violated);
    assert!(non_triviality
        .explanation
        .contains("dawn may come while a messenger is still on its way"));
}

#[test]
fn resending_gets_a_copy_through_and_answers_every_copy() {
    // Order lost, resent; ack 1 lost; the order's next copy is answered again.
    let world = run(
        json!({"acks": 1, "variant": "resend"}),
        Timing::Sync,
        json!([{"fire": 0}, {"drop": 0}, {"fire": 1}, {"deliver": 1}, {"drop": 2}]),
    );
    assert_eq!(decisions(&*world), [Value::Null, json!("attack")]);
    let agreement = verdict(&*world, "agreement");
    assert_eq!(agreement.status, Status::Holds);
    assert!(agreement
        .explanation
        .contains("once a copy of the last message gets through"));
    let view = world.view();
    let resend = view
        .timers
        .iter()
        .rev()
        .find(|t| t.label == "resend")
        .unwrap();
    let world = run(
        json!({"acks": 1, "variant": "resend"}),
        Timing::Sync,
        json!([{"fire": 0}, {"drop": 0}, {"fire": 1}, {"deliver": 1}, {"drop": 2}, {"fire": resend.id}, {"deliver": 3}, {"deliver": 4}]),
    );
    assert_eq!(decisions(&*world), [json!("attack"), json!("attack")]);
    assert_eq!(verdict(&*world, "agreement").status, Status::Holds);
}

#[test]
fn bad_params_are_refused_with_the_field_named() {
    for (params, words) in [
        (json!({"acks": 6}), "acks must be between 0 and 5, not 6"),
        (json!({"variant": "forever"}), "unknown variant `forever`"),
        (json!({"generals": 3}), "unknown field `generals`"),
    ] {
        let error = Scenario::new("two-generals", params, None, 0)
            .start()
            .err()
            .unwrap()
            .to_string();
        assert!(error.contains(words), "{error}");
    }
}
