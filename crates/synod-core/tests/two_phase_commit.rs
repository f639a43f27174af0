//! Two-phase commit: the gallery's stories, the timing models, and thousands of generated runs
//! with every fault kind. Each run is generated as a sequence of choices, each picking one of the
//! actions legal at that step, so a failure shrinks to a short run. The flawed variants are
//! caught by their shortest counterexamples in `checker.rs`.

mod support;

use support::{Look, Seen};

use std::path::Path;

use proptest::prelude::*;
use serde_json::{json, Value};
use synod_core::action::{Action, ActionError};
use synod_core::probe::probe;
use synod_core::scenario::{Scenario, ScenarioError};
use synod_core::scheduler::{Fault, Faults};
use synod_core::simulation::Simulation;
use synod_core::verdict::{Status, Verdict};
use synod_core::view::WorldView;

fn gallery(name: &str) -> Scenario {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../web/scenarios/two-phase-commit")
        .join(format!("{name}.json"));
    Scenario::from_json(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn verdict<'a>(view: &'a WorldView, name: &str) -> &'a Verdict {
    view.properties.iter().find(|v| v.name == name).unwrap()
}

fn status(view: &Seen, node: usize) -> &str {
    view.states[node]["status"].as_str().unwrap()
}

fn scenario(params: serde_json::Value, timing: &str, seed: u64) -> Scenario {
    Scenario::new(
        "two-phase-commit",
        params,
        Some(serde_json::from_value(json!({"timing": timing})).unwrap()),
        seed,
    )
}

#[test]
fn happy_path_commits_everywhere_and_releases_every_lock() {
    let view = gallery("happy-path").replay().unwrap().seen();
    assert!(view.properties.iter().all(|v| v.status == Status::Holds));
    for node in 0..4 {
        assert_eq!(status(&view, node), "committed");
    }
    assert_eq!(view.states[1]["locks"], "released");
    assert_eq!(view.states[0]["log"], json!(["commit"]));
    assert_eq!(view.states[2]["log"], json!(["prepared", "commit"]));
    assert_eq!(view.pending_timers().count(), 0);
}

#[test]
fn a_single_no_vote_aborts_everyone() {
    let view = gallery("abort-on-no").replay().unwrap().seen();
    assert!(view.properties.iter().all(|v| v.status == Status::Holds));
    for node in 0..4 {
        assert_eq!(status(&view, node), "aborted");
    }
}

#[test]
fn a_coordinator_crash_after_the_votes_blocks_the_prepared_participants_until_it_recovers() {
    let scenario = gallery("blocking");
    let blocked = scenario.replay_prefix(10).unwrap().seen();
    let termination = verdict(&blocked, "termination");
    assert_eq!(termination.status, Status::Pending);
    assert_eq!(
        termination.explanation,
        "Blocked: every prepared participant is uncertain and the coordinator is down."
    );
    for node in 1..4 {
        assert_eq!(status(&blocked, node), "prepared");
        assert_eq!(blocked.states[node]["locks"], "held");
    }
    let recovered = scenario.replay().unwrap().seen();
    assert_eq!(verdict(&recovered, "termination").status, Status::Holds);
    for node in 0..4 {
        assert_eq!(status(&recovered, node), "aborted");
    }
}

#[test]
fn cooperative_termination_lets_a_participant_that_has_not_voted_abort_the_rest() {
    let view = gallery("cooperative-termination").replay().unwrap().seen();
    assert_eq!(verdict(&view, "termination").status, Status::Holds);
    assert!(view.nodes[0].crashed);
    for node in 1..4 {
        assert_eq!(status(&view, node), "aborted");
    }
}

#[test]
fn cooperative_participants_still_block_when_all_are_prepared() {
    let view = gallery("cooperative-still-blocks").replay().unwrap().seen();
    let termination = verdict(&view, "termination");
    assert_eq!(termination.status, Status::Pending);
    assert!(termination.explanation.starts_with("Blocked:"));
}

#[test]
fn the_majority_commit_variant_is_caught_overruling_a_no_vote() {
    let view = gallery("flawed-majority-commit").replay().unwrap().seen();
    assert_eq!(verdict(&view, "atomicity").status, Status::Violated);
    let validity = verdict(&view, "commit-validity");
    assert_eq!(validity.status, Status::Violated);
    assert_eq!(validity.step, Some(6));
}

#[test]
fn the_forgetful_participant_variant_is_caught_breaking_atomicity() {
    let view = gallery("flawed-forgetful-participant")
        .replay()
        .unwrap()
        .view();
    let atomicity = verdict(&view, "atomicity");
    assert_eq!(atomicity.status, Status::Violated);
    assert_eq!(
        atomicity.witness.as_deref(),
        Some("the coordinator (node 0) committed at step 9 but node 1 aborted at step 6")
    );
}

#[test]
fn under_sync_timing_a_timer_waits_until_no_message_is_on_its_way() {
    let mut scenario = scenario(json!({"participants": 2}), "sync", 0);
    scenario.actions =
        serde_json::from_value(json!([{"command": {"node": 0, "cmd": "commit"}}, {"fire": 2}]))
            .unwrap();
    assert_eq!(
        scenario.replay().err().unwrap(),
        ScenarioError::Action {
            step: 2,
            error: ActionError::TimerTooEarly {
                id: 2,
                waiting: 0,
                from: 0,
                to: 1
            }
        }
    );
    scenario.network = Some(serde_json::from_value(json!({"timing": "async"})).unwrap());
    let premature = scenario.replay().unwrap().seen();
    assert_eq!(status(&premature, 0), "aborted");
}

#[test]
fn a_crash_clears_the_nodes_timers_and_a_fired_timer_cannot_fire_again() {
    let mut s = scenario(json!({"participants": 2}), "async", 0);
    s.actions = serde_json::from_value(json!([{"crash": 1}, {"fire": 0}])).unwrap();
    assert_eq!(
        s.replay().err().unwrap().to_string(),
        "action 2 is illegal: timer 0 is not pending: it was cleared by a crash at step 1"
    );
    s.actions = serde_json::from_value(json!([{"fire": 1}, {"fire": 1}])).unwrap();
    assert_eq!(
        s.replay().err().unwrap().to_string(),
        "action 2 is illegal: timer 1 is not pending: it was fired at step 1"
    );
}

#[test]
fn params_are_validated() {
    let reason = |params| match scenario(params, "async", 0).replay() {
        Err(ScenarioError::Params { reason, .. }) => reason,
        _ => panic!("expected a params error"),
    };
    assert_eq!(
        reason(json!({"participants": 8})),
        "participants must be between 2 and 7, not 8"
    );
    assert_eq!(
        reason(json!({"participants": 3, "votes": ["yes"]})),
        "votes has 1 entries but there are 3 participants"
    );
    assert!(
        reason(json!({"participants": 3, "votes": ["maybe", "yes", "yes"]}))
            .contains("unknown variant `maybe`")
    );
}

#[test]
fn only_an_asked_participant_takes_a_vote_command() {
    let mut s = scenario(
        json!({"participants": 2, "votes": ["ask", "yes"]}),
        "async",
        0,
    );
    let vote = json!({"command": {"node": 1, "cmd": {"vote": "yes"}}});
    s.actions = serde_json::from_value(json!([vote.clone()])).unwrap();
    assert!(s
        .replay()
        .err()
        .unwrap()
        .to_string()
        .ends_with("node 1 has not been asked to prepare yet"));
    s.actions = serde_json::from_value(
        json!([{"command": {"node": 0, "cmd": "commit"}}, {"deliver": 0}, vote]),
    )
    .unwrap();
    let view = s.replay().unwrap().seen();
    assert_eq!(status(&view, 1), "prepared");
    s.actions.truncate(2);
    s.actions.push(
        serde_json::from_value(json!({"command": {"node": 2, "cmd": {"vote": "no"}}})).unwrap(),
    );
    assert!(s
        .replay()
        .err()
        .unwrap()
        .to_string()
        .contains("only participants set to \"ask\" take a vote command"));
}

/// Plays the chosen actions with `faults`; then heals any partition, recovers every crashed
/// node, and lets the run finish (the oldest message first, then commands, then timers).
/// Checks the safety verdicts after every step.
fn assert_safe(mut scenario: Scenario, faults: &Faults, choices: &[u32]) {
    let mut world = scenario.start().unwrap();
    let mut step = |world: &mut dyn Simulation, action: Action<Value>| {
        world.apply(&action).unwrap();
        scenario.actions.push(action);
        for v in world.verdicts() {
            if v.name != "termination" {
                assert_eq!(
                    v.status,
                    Status::Holds,
                    "{v:?}\n{}",
                    scenario.to_json_pretty()
                );
            }
        }
    };
    for &choice in choices {
        let Some(action) = probe(&*world).chosen_action(faults, choice) else {
            break;
        };
        step(world.as_mut(), action);
    }
    if world.partitioned() {
        step(world.as_mut(), Action::Heal);
    }
    let recoveries: Vec<_> = (probe(&*world)
        .legal_actions(&[Fault::Recover].into())
        .into_iter())
    .filter(|a| matches!(a, Action::Recover(_)))
    .collect();
    for recovery in recoveries {
        step(world.as_mut(), recovery);
    }
    for _ in 0..500 {
        let Some(action) = probe(&*world)
            .legal_actions(&Faults::new())
            .into_iter()
            .next()
        else {
            break;
        };
        step(world.as_mut(), action);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn correct_two_phase_commit_never_breaks_atomicity_or_validity_under_any_fault(
        participants in 2u32..=4,
        sync in any::<bool>(),
        cooperative in any::<bool>(),
        no_votes in proptest::collection::vec(any::<bool>(), 4),
        choices in proptest::collection::vec(any::<u32>(), 0..100),
    ) {
        let votes: Vec<&str> = (0..participants as usize).map(|i| if no_votes[i] && i % 2 == 0 { "no" } else { "yes" }).collect();
        let params = json!({"participants": participants, "votes": votes, "cooperative": cooperative});
        let faults: Faults = Fault::ALL.into_iter().collect();
        assert_safe(scenario(params, if sync { "sync" } else { "async" }, 0), &faults, &choices);
    }
}

#[test]
fn the_scheduler_fires_timers_and_random_runs_replay_identically() {
    let mut s = scenario(json!({"participants": 3}), "async", 9);
    let mut world = s.start().unwrap();
    let faults: Faults = Fault::ALL.into_iter().collect();
    for _ in 0..80 {
        let Some(action) = world.random_action(&faults) else {
            break;
        };
        world.apply(&action).unwrap();
        s.actions.push(action);
    }
    assert!(s.actions.iter().any(|a| matches!(a, Action::Fire(_))));
    assert_eq!(s.replay().unwrap().view(), world.view());
}
