//! Heartbeat failure detectors: timers with delays (under synchronous timing the soonest fires
//! first), completeness and accuracy under random schedules, and the gallery's two lessons.

use proptest::prelude::*;
use serde_json::{json, Value};
use synod_core::action::{Action, ActionError};
use synod_core::network::{NetworkSpec, Timing};
use synod_core::probe::probe;
use synod_core::scenario::{Scenario, ScenarioError};
use synod_core::scheduler::{Fault, Faults};
use synod_core::simulation::Simulation;
use synod_core::verdict::{Blame, Status, Verdict};
use synod_core::view::TimerStateView;

fn scenario(params: Value, timing: Timing) -> Scenario {
    let network = NetworkSpec {
        timing: Some(timing),
        ..NetworkSpec::default()
    };
    Scenario::new("heartbeat", params, Some(network), 0)
}

fn gallery(name: &str) -> Scenario {
    let path = format!(
        "{}/../../web/scenarios/heartbeat/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    Scenario::from_json(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn verdict(world: &dyn Simulation, name: &str) -> Verdict {
    world
        .verdicts()
        .into_iter()
        .find(|v| v.name == name)
        .unwrap()
}

fn suspects(world: &dyn Simulation, node: usize) -> Value {
    probe(world).node_states()[node]["suspects"].clone()
}

/// The crash-detection run up to process 2's crash (step 10), when processes 0 and 1 have each
/// a heartbeat due at time 2 and a timeout for process 2 due at time 3.
fn crashed_at_step_10() -> Scenario {
    let mut scenario = gallery("crash-detected");
    scenario.actions.truncate(10);
    scenario
}

#[test]
fn under_sync_timing_the_timers_due_soonest_fire_first() {
    let world = crashed_at_step_10().replay().unwrap();
    let view = world.view();
    let fireable: Vec<(u32, &str)> = view
        .timers
        .iter()
        .filter(|t| t.state == TimerStateView::Pending && t.blocked.is_none())
        .map(|t| (t.node, t.label.as_str()))
        .collect();
    assert_eq!(fireable, [(0, "heartbeat"), (1, "heartbeat")]);
    let blocked = view.timers[16].blocked.as_deref().unwrap();
    assert!(
        blocked.contains("timer 9 is due before timer 16"),
        "{blocked}"
    );

    let mut early = crashed_at_step_10();
    early.actions.push(Action::Fire(16));
    match early.replay().err() {
        Some(ScenarioError::Action { error, .. }) => {
            assert_eq!(error, ActionError::TimerNotDue { id: 16, sooner: 9 });
            assert_eq!(
                error.to_string(),
                "under synchronous timing the timers due soonest fire first: timer 9 is due before timer 16"
            );
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn under_async_timing_any_pending_timer_may_fire() {
    let mut scenario = crashed_at_step_10();
    scenario.network = Some(NetworkSpec {
        timing: Some(Timing::Async),
        ..NetworkSpec::default()
    });
    scenario.actions.push(Action::Fire(16));
    let world = scenario.replay().unwrap();
    assert_eq!(suspects(&*world, 0), json!([2]));
}

#[test]
fn a_premature_timeout_suspects_a_live_process_until_its_heartbeat_arrives() {
    let mut scenario = gallery("false-suspicion");
    scenario.actions.truncate(2);
    let world = scenario.replay().unwrap();
    assert_eq!(suspects(&*world, 1), json!([0]));
    let accuracy = verdict(&*world, "strong-accuracy");
    assert_eq!(accuracy.status, Status::Violated);
    assert_eq!(accuracy.step, Some(2));
    assert_eq!(accuracy.blame, Some(Blame::Assumption));
    assert!(accuracy
        .explanation
        .contains("complete or accurate, not both"));
    assert_eq!(
        verdict(&*world, "eventual-accuracy").status,
        Status::Pending
    );

    let world = gallery("false-suspicion").replay().unwrap();
    assert_eq!(suspects(&*world, 1), json!([]));
    assert_eq!(
        probe(&*world).node_states()[1]["timeouts"],
        json!({"0": 3, "2": 2})
    );
    assert_eq!(verdict(&*world, "eventual-accuracy").status, Status::Holds);
    assert_eq!(verdict(&*world, "strong-accuracy").status, Status::Violated);
}

#[test]
fn the_timeout_detector_never_takes_a_suspicion_back() {
    let mut scenario = gallery("false-suspicion");
    scenario.params = json!({"nodes": 3, "variant": "timeout"});
    let world = scenario.replay().unwrap();
    assert_eq!(suspects(&*world, 1), json!([0]));
    let eventual = verdict(&*world, "eventual-accuracy");
    assert_eq!(eventual.status, Status::Pending);
    assert!(eventual
        .explanation
        .contains("never takes a suspicion back"));
}

#[test]
fn a_crash_is_detected_by_every_live_process_under_sync_timing() {
    let world = gallery("crash-detected").replay().unwrap();
    assert_eq!(suspects(&*world, 0), json!([2]));
    assert_eq!(suspects(&*world, 1), json!([2]));
    for v in world.verdicts() {
        assert_eq!(v.status, Status::Holds, "{v:?}");
        assert!(v.guaranteed, "{v:?}");
    }
    let before = crashed_at_step_10().replay().unwrap();
    assert_eq!(
        verdict(&*before, "strong-completeness").status,
        Status::Pending
    );
}

#[test]
fn a_detector_that_never_suspects_is_not_complete() {
    let mut scenario = crashed_at_step_10();
    scenario.params = json!({"nodes": 3, "variant": "never-suspect"});
    scenario.actions = serde_json::from_value(json!([{"crash": 2}])).unwrap();
    let world = scenario.replay().unwrap();
    let completeness = verdict(&*world, "strong-completeness");
    assert_eq!(completeness.status, Status::Violated);
    assert_eq!(completeness.step, Some(1));
    assert!(!completeness.guaranteed);
    assert!(world.view().timers.iter().all(|t| t.label == "heartbeat"));
}

#[test]
fn bad_params_are_refused_with_the_field_named() {
    for (params, words) in [
        (json!({"nodes": 1}), "nodes must be between 2 and 5, not 1"),
        (
            json!({"timeout": 1}),
            "timeout must be between 2 (longer than the heartbeat period, 1) and 6, not 1",
        ),
        (json!({"variant": "perfect"}), "unknown variant `perfect`"),
    ] {
        let error = scenario(params, Timing::Sync)
            .start()
            .err()
            .unwrap()
            .to_string();
        assert!(error.contains(words), "{error}");
    }
}

/// Plays the chosen actions under synchronous timing with crashes; then lets every pending
/// timer and message run for a while with no more faults. No live process is ever suspected, and
/// in the end every live process suspects every crashed one.
fn assert_perfect_under_sync(variant: &str, nodes: u32, choices: &[u32]) {
    let mut scenario = scenario(json!({"nodes": nodes, "variant": variant}), Timing::Sync);
    let mut world = scenario.start().unwrap();
    let crashes: Faults = [Fault::Crash].into();
    let mut step = |world: &mut Box<dyn Simulation>, action: Action<Value>| {
        world.apply(&action).unwrap();
        scenario.actions.push(action);
        let accuracy = verdict(&**world, "strong-accuracy");
        assert_eq!(
            accuracy.status,
            Status::Holds,
            "{}",
            scenario.to_json_pretty()
        );
    };
    for &choice in choices {
        let Some(action) = probe(&*world).chosen_action(&crashes, choice) else {
            break;
        };
        if matches!(action, Action::Crash(_))
            && (0..nodes)
                .filter(|n| world.view().nodes[*n as usize].crashed)
                .count()
                + 1
                >= nodes as usize
        {
            continue;
        }
        step(&mut world, action);
    }
    for _ in 0..(nodes * nodes * 8) {
        let Some(action) = probe(&*world)
            .legal_actions(&Faults::new())
            .into_iter()
            .next()
        else {
            break;
        };
        step(&mut world, action);
    }
    assert_eq!(
        verdict(&*world, "strong-completeness").status,
        Status::Holds,
        "{}",
        scenario.to_json_pretty()
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn under_sync_timing_heartbeats_make_a_perfect_detector(
        nodes in 2u32..=4,
        eventually in any::<bool>(),
        choices in proptest::collection::vec(any::<u32>(), 0..80),
    ) {
        let variant = if eventually { "eventually-perfect" } else { "timeout" };
        assert_perfect_under_sync(variant, nodes, &choices);
    }
}
