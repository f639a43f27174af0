//! Three-phase commit: the gallery's stories, each rule of the termination protocol and of
//! recovery, and thousands of generated runs with crashes and recoveries under synchronous
//! timing, where 3PC must stay atomic and, once everyone is back, terminate. Each run is
//! generated as a sequence of choices, each picking one of the actions legal at that step, so a
//! failure shrinks to a short run. The eager-recovery variant is caught by its shortest
//! counterexample in `checker.rs`.

mod support;

use support::{Look, Seen};

use std::path::Path;

use proptest::prelude::*;
use serde_json::{json, Value};
use synod_core::action::Action;
use synod_core::probe::probe;
use synod_core::scenario::Scenario;
use synod_core::scheduler::{Fault, Faults};
use synod_core::simulation::Simulation;
use synod_core::verdict::{Blame, Status, Verdict};
use synod_core::view::{EventKindView, WorldView};

fn gallery(name: &str) -> Scenario {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../web/scenarios/three-phase-commit")
        .join(format!("{name}.json"));
    Scenario::from_json(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn verdict<'a>(verdicts: &'a [Verdict], name: &str) -> &'a Verdict {
    verdicts.iter().find(|v| v.name == name).unwrap()
}

fn status(view: &Seen, node: usize) -> &str {
    view.states[node]["status"].as_str().unwrap()
}

fn scenario(params: serde_json::Value, timing: &str, seed: u64) -> Scenario {
    Scenario::new(
        "three-phase-commit",
        params,
        Some(serde_json::from_value(json!({"timing": timing})).unwrap()),
        seed,
    )
}

/// A run built step by step: each `then` appends actions and replays the whole run, so a test
/// can look up the ids of the messages and timers it wants to use next.
struct Run {
    scenario: Scenario,
}

impl Run {
    /// Three participants voting as `votes`.
    fn new(votes: serde_json::Value, timing: &str) -> Run {
        Run {
            scenario: scenario(json!({"participants": 3, "votes": votes}), timing, 0),
        }
    }

    fn then(&mut self, actions: serde_json::Value) -> Seen {
        let more: Vec<Action<serde_json::Value>> = serde_json::from_value(actions).unwrap();
        self.scenario.actions.extend(more);
        self.scenario.replay().unwrap().seen()
    }
}

/// The client's commit and every prepare delivered: nodes 1 to 3 have voted (messages 3, 4, 5)
/// and set their decision timers (4, 5, 6).
fn voted() -> serde_json::Value {
    json!([{"command": {"node": 0, "cmd": "commit"}}, {"deliver": 0}, {"deliver": 1}, {"deliver": 2}])
}

/// The notes of every event of `node`, in order.
fn notes_of(view: &WorldView, node: u32) -> Vec<&str> {
    view.events
        .iter()
        .filter(|e| e.node == node)
        .flat_map(|e| e.notes.iter().map(String::as_str))
        .collect()
}

/// The id of `node`'s pending timer labelled `label`.
fn pending_timer(view: &WorldView, node: u32, label: &str) -> u64 {
    view.pending_timers()
        .find(|t| t.node == node && t.label == label)
        .unwrap_or_else(|| panic!("node {node} has no pending {label}"))
        .id
}

/// The id of the message labelled `label` from `from` to `to`.
fn message(view: &WorldView, from: u32, to: u32, label: &str) -> u64 {
    view.messages
        .iter()
        .find(|m| m.from == from && m.to == to && m.label == label)
        .unwrap_or_else(|| panic!("no {label} from {from} to {to}"))
        .id
}

#[test]
fn the_participants_finish_without_the_coordinator_and_commit() {
    let scenario = gallery("coordinator-crash");
    let view = scenario.replay().unwrap().seen();
    for name in ["atomicity", "commit-validity", "termination"] {
        assert_eq!(
            verdict(&view.properties, name).status,
            Status::Holds,
            "{name}"
        );
    }
    assert!(view.nodes[0].crashed);
    for node in 1..4 {
        assert_eq!(status(&view, node), "committed");
        assert_eq!(view.states[node]["locks"], "released");
    }
    assert!(notes_of(&view, 1)
        .contains(&"found a pre-committed state: pre-commits the others before committing"));
    assert_eq!(
        view.states[3]["log"],
        json!(["prepared", "pre-committed", "commit"])
    );
    let crashed = scenario.replay_prefix(12).unwrap().seen();
    let termination = verdict(&crashed.properties, "termination");
    assert_eq!(termination.status, Status::Pending);
    assert!(!termination.explanation.starts_with("Blocked"));
}

#[test]
fn a_partition_lets_one_side_commit_and_the_other_abort_and_blames_the_assumption() {
    let view = gallery("partition-split").replay().unwrap().seen();
    let atomicity = verdict(&view.properties, "atomicity");
    assert_eq!(atomicity.status, Status::Violated);
    assert_eq!(atomicity.blame, Some(Blame::Assumption));
    assert_eq!(
        atomicity.witness.as_deref(),
        Some("the coordinator (node 0) committed at step 11 but node 2 aborted at step 16")
    );
    assert_eq!(
        atomicity.explanation,
        "3PC assumes a synchronous network without partitions: at step 11 node 0's ack timeout (timer 7) fired while a partition held back message 7 (0→2, pre-commit), so it did not mean a crash."
    );
    assert_eq!(view.network.timing.name(), "sync");
    assert_eq!(
        [1, 2, 3].map(|n| status(&view, n)),
        ["committed", "aborted", "aborted"]
    );
    assert_eq!(
        verdict(&view.properties, "commit-validity").status,
        Status::Holds
    );
}

#[test]
fn premature_timeouts_under_async_timing_split_the_outcome_with_no_failure_at_all() {
    let scenario = gallery("async-premature-timeout");
    assert!(scenario.actions.iter().all(|a| matches!(
        a,
        Action::Command { .. } | Action::Deliver(_) | Action::Fire(_)
    )));
    let view = scenario.replay().unwrap().seen();
    assert_eq!(view.network.timing.name(), "async");
    let atomicity = verdict(&view.properties, "atomicity");
    assert_eq!(atomicity.status, Status::Violated);
    assert_eq!(atomicity.blame, Some(Blame::Assumption));
    assert!(
        atomicity
            .explanation
            .ends_with("while message 7 (0→2, pre-commit) was still in flight: a premature timeout under async timing, so it did not mean a crash."),
        "{}",
        atomicity.explanation
    );
    assert_eq!(
        [0, 1, 2, 3].map(|n| status(&view, n)),
        ["committed", "committed", "aborted", "aborted"]
    );
}

#[test]
fn of_two_candidates_the_lower_id_coordinates_and_the_higher_defers() {
    // Every vote is on its way to the coordinator when it crashes; under async timing nodes 3
    // and 1 time out together.
    let mut run = Run::new(json!(["yes", "yes", "yes"]), "async");
    run.then(voted());
    let view = run.then(json!([{"crash": 0}, {"fire": 6}, {"fire": 4}]));
    for node in [1, 3] {
        assert!(view.states[node]["termination"]
            .as_str()
            .unwrap()
            .starts_with("candidate coordinator"));
    }
    let (from_3, from_1) = (
        message(&view, 3, 1, "state?"),
        message(&view, 1, 3, "state?"),
    );
    let view = run.then(json!([{"deliver": from_3}, {"deliver": from_1}]));
    assert!(view.states[1]["termination"]
        .as_str()
        .unwrap()
        .starts_with("candidate coordinator"));
    assert_eq!(view.states[3]["termination"], "following node 1");
    assert!(notes_of(&view, 3).contains(&"defers to node 1 as the new coordinator"));
    assert!(view
        .pending_timers()
        .all(|t| !(t.node == 3 && t.label == "state collection timeout")));
    assert!(view
        .messages
        .iter()
        .all(|m| !(m.from == 1 && m.to == 3 && m.label.starts_with("state:"))));
    message(&view, 3, 1, "state: prepared");
}

#[test]
fn when_all_are_merely_prepared_the_new_coordinator_aborts_and_so_does_the_recovered_coordinator() {
    let mut run = Run::new(json!(["yes", "yes", "yes"]), "sync");
    run.then(voted());
    // The votes are lost with the coordinator; node 1 times out and asks nodes 2 and 3.
    let view = run.then(json!([{"crash": 0}, {"fire": 4}, {"deliver": 6}, {"deliver": 7}, {"deliver": 8}, {"deliver": 9}]));
    let collect = pending_timer(&view, 1, "state collection timeout");
    let view = run.then(json!([{"fire": collect}]));
    let aborts: Vec<u64> = view
        .in_flight()
        .filter(|m| m.label == "abort" && m.to != 0)
        .map(|m| m.id)
        .collect();
    let deliveries: Vec<serde_json::Value> =
        aborts.iter().map(|id| json!({"deliver": id})).collect();
    run.then(serde_json::Value::Array(deliveries));
    let view = run.then(json!([{"recover": 0}]));
    assert_eq!(
        [0, 1, 2, 3].map(|n| status(&view, n)),
        ["aborted", "aborted", "aborted", "aborted"]
    );
    assert_eq!(view.states[0]["log"], json!(["abort"]));
    assert!(view.properties.iter().all(|v| v.status == Status::Holds));
}

#[test]
fn a_pre_committed_state_makes_a_prepared_candidate_pre_commit_itself_and_the_rest_then_commit() {
    let mut run = Run::new(json!(["yes", "yes", "yes"]), "async");
    run.then(voted());
    // Every vote counted, pre-commits sent (6, 7, 8); only node 2's arrives before the
    // coordinator crashes, and node 1 times out early (async timing).
    let view = run.then(json!([{"deliver": 3}, {"deliver": 4}, {"deliver": 5}, {"deliver": 7}, {"crash": 0}, {"fire": 4}]));
    assert_eq!(status(&view, 1), "prepared");
    let asks = [
        message(&view, 1, 2, "state?"),
        message(&view, 1, 3, "state?"),
    ];
    let view = run.then(json!([{"deliver": asks[0]}, {"deliver": asks[1]}]));
    let answers = [
        message(&view, 2, 1, "state: pre-committed"),
        message(&view, 3, 1, "state: prepared"),
    ];
    let view = run.then(json!([{"deliver": answers[0]}, {"deliver": answers[1]}]));
    let collect = pending_timer(&view, 1, "state collection timeout");
    let view = run.then(json!([{"fire": collect}]));
    assert_eq!(status(&view, 1), "pre-committed");
    assert_eq!(
        view.states[1]["termination"],
        "new coordinator; waiting for acks from 3"
    );
    let view = run.then(json!([{"deliver": message(&view, 1, 3, "pre-commit")}]));
    let view = run.then(json!([{"deliver": message(&view, 3, 1, "ack")}]));
    assert_eq!(status(&view, 1), "committed");
    let view = run.then(json!([{"deliver": message(&view, 1, 3, "commit")}]));
    assert_eq!(status(&view, 3), "committed");
    assert_eq!(verdict(&view.properties, "atomicity").status, Status::Holds);
}

#[test]
fn a_participant_that_has_not_voted_aborts_when_asked_so_the_candidate_aborts() {
    // Node 2 waits for the user's vote when the coordinator crashes; node 1 times out.
    let mut run = Run::new(json!(["yes", "ask", "yes"]), "sync");
    let view = run.then(voted());
    let decision = pending_timer(&view, 1, "decision timeout");
    let view = run.then(json!([{"crash": 0}, {"fire": decision}]));
    let asks = [
        message(&view, 1, 2, "state?"),
        message(&view, 1, 3, "state?"),
    ];
    let view = run.then(json!([{"deliver": asks[0]}, {"deliver": asks[1]}]));
    assert_eq!(status(&view, 2), "aborted");
    let answers = [
        message(&view, 2, 1, "state: aborted"),
        message(&view, 3, 1, "state: prepared"),
    ];
    let view = run.then(json!([{"deliver": answers[0]}, {"deliver": answers[1]}]));
    let view = run.then(json!([{"fire": pending_timer(&view, 1, "state collection timeout")}]));
    assert_eq!(status(&view, 1), "aborted");
    assert!(view.properties[..2]
        .iter()
        .all(|v| v.status == Status::Holds));
}

#[test]
fn after_a_total_failure_everyone_recovers_uncertain_and_three_phase_commit_blocks() {
    // Both participants pre-commit while the coordinator waits for their acks; then everyone
    // crashes, and the participants come back first.
    let mut s = scenario(json!({"participants": 2}), "sync", 0);
    s.actions = serde_json::from_value(json!([
        {"command": {"node": 0, "cmd": "commit"}},
        {"deliver": 0}, {"deliver": 1}, {"deliver": 2}, {"deliver": 3}, {"deliver": 4}, {"deliver": 5},
        {"crash": 0}, {"crash": 1}, {"crash": 2}, {"recover": 1}, {"recover": 2}
    ]))
    .unwrap();
    let mut world = s.replay().unwrap();
    let view = world.seen();
    let termination = verdict(&view.properties, "termination");
    assert_eq!(
        termination.explanation,
        "Blocked: the coordinator is down and every live participant (node(s) 1, 2) recovered uncertain: each may have missed a pre-commit while down, so none may run the termination protocol."
    );
    for node in [1, 2] {
        assert_eq!(status(&view, node), "pre-committed");
        assert_eq!(
            view.states[node]["termination"],
            "recovered uncertain: asks for the outcome, never coordinates"
        );
    }
    // Their decision timers only make them ask again.
    drain(world.as_mut(), 200);
    let view = world.seen();
    assert!(view.events.iter().all(|e| !e
        .notes
        .iter()
        .any(|n| n.starts_with("suspects the coordinator"))));
    assert_eq!(status(&view, 1), "pre-committed");
    // The coordinator recovers with pre-commit on its log but cannot know whether its pre-commits
    // left it before it crashed: it asks too, and nobody knows.
    world.apply(&Action::Recover(0)).unwrap();
    drain(world.as_mut(), 200);
    let view = world.seen();
    assert_eq!(
        [0, 1, 2].map(|n| status(&view, n)),
        ["uncertain", "pre-committed", "pre-committed"]
    );
    let termination = verdict(&view.properties, "termination");
    assert_eq!(
        termination.explanation,
        "Blocked: the coordinator recovered uncertain (its pre-commit may never have left it) and so did every live participant (node(s) 1, 2): none knows the outcome and none may decide alone. Three-phase commit blocks after a total failure."
    );
    assert_eq!(verdict(&view.properties, "atomicity").status, Status::Holds);
}

#[test]
fn the_eager_recovery_variant_is_caught_aborting_what_the_others_committed() {
    let mut scenario = gallery("flawed-eager-recovery");
    let view = scenario.replay().unwrap().seen();
    let atomicity = verdict(&view.properties, "atomicity");
    assert_eq!(atomicity.status, Status::Violated);
    assert_eq!(atomicity.blame, Some(Blame::Algorithm));
    assert_eq!(
        atomicity.witness.as_deref(),
        Some("the coordinator (node 0) committed at step 10 but node 2 aborted at step 17")
    );
    // The correct protocol, on the same run, leaves node 2 uncertain and blocked instead.
    scenario.params["variant"] = json!("correct");
    let view = scenario.replay_prefix(16).unwrap().seen();
    assert_eq!(status(&view, 2), "prepared");
    assert!(verdict(&view.properties, "termination")
        .explanation
        .starts_with("Blocked: the coordinator is down"));
    assert!(view.properties[..2]
        .iter()
        .all(|v| v.status == Status::Holds));
}

#[test]
fn cooperative_is_accepted_and_changes_nothing() {
    let run_with = |cooperative: bool| {
        let mut s = scenario(
            json!({"participants": 3, "cooperative": cooperative}),
            "sync",
            5,
        );
        let mut world = s.start().unwrap();
        let faults: Faults = [Fault::Crash, Fault::Recover].into_iter().collect();
        for _ in 0..60 {
            let Some(action) = world.random_action(&faults) else {
                break;
            };
            world.apply(&action).unwrap();
            s.actions.push(action);
        }
        (s.actions, world.view())
    };
    assert_eq!(run_with(false), run_with(true));
}

#[test]
fn messages_and_timers_have_readable_labels() {
    let view = gallery("coordinator-crash").replay().unwrap().seen();
    let labels: Vec<&str> = view.messages.iter().map(|m| m.label.as_str()).collect();
    for label in [
        "prepare",
        "vote yes",
        "pre-commit",
        "ack",
        "commit",
        "state?",
        "state: pre-committed",
        "state: prepared",
        "outcome?",
    ] {
        assert!(labels.contains(&label), "{label} missing from {labels:?}");
    }
    let fired: Vec<&str> = view
        .events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKindView::Timeout { label, .. } => Some(label.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(fired, ["decision timeout", "state collection timeout"]);
    assert_eq!(view.extra.tables[0].title, "Transaction");
}

/// Lets the scheduler deliver messages, give commands and fire timers (no faults) until nothing
/// is left to do, for at most `limit` steps.
fn drain(world: &mut dyn Simulation, limit: u32) {
    for _ in 0..limit {
        let Some(action) = world.random_action(&Faults::new()) else {
            return;
        };
        world.apply(&action).unwrap();
    }
}

/// Ends a generated run: heals any partition, recovers every crashed node, then lets the run
/// finish without faults (the oldest message first, then commands, then timers) for at most
/// 2,000 steps, calling `check` after every step.
fn finish(
    world: &mut dyn Simulation,
    scenario: &mut Scenario,
    check: impl Fn(&dyn Simulation, &Scenario),
) {
    let mut step = |world: &mut dyn Simulation, action: Action<Value>| {
        world.apply(&action).unwrap();
        scenario.actions.push(action);
        check(world, scenario);
    };
    if world.partitioned() {
        step(world, Action::Heal);
    }
    let recoveries: Vec<_> = (probe(&*world)
        .legal_actions(&[Fault::Recover].into())
        .into_iter())
    .filter(|a| matches!(a, Action::Recover(_)))
    .collect();
    for recovery in recoveries {
        step(world, recovery);
    }
    for _ in 0..2000 {
        let Some(action) = probe(&*world)
            .legal_actions(&Faults::new())
            .into_iter()
            .next()
        else {
            return;
        };
        step(world, action);
    }
}

fn assert_safe(world: &dyn Simulation, scenario: &Scenario) {
    let verdicts = world.verdicts();
    for name in ["atomicity", "commit-validity"] {
        let v = verdict(&verdicts, name);
        assert_eq!(
            v.status,
            Status::Holds,
            "{v:?}\n{}",
            scenario.to_json_pretty()
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn under_sync_timing_with_crashes_3pc_stays_atomic_and_terminates_once_everyone_is_back_unless_all_came_back_uncertain(
        participants in 2u32..=4,
        settings in proptest::collection::vec(0u8..6, 4),
        choices in proptest::collection::vec(any::<u32>(), 0..80),
    ) {
        let votes: Vec<&str> = settings[..participants as usize]
            .iter()
            .map(|s| match s { 0 => "no", 1 => "ask", _ => "yes" })
            .collect();
        let mut s = scenario(json!({"participants": participants, "votes": votes}), "sync", 0);
        let mut world = s.start().unwrap();
        let faults: Faults = [Fault::Crash, Fault::Recover].into_iter().collect();
        for choice in choices {
            let Some(action) = probe(&*world).chosen_action(&faults, choice) else { break };
            world.apply(&action).unwrap();
            s.actions.push(action);
            assert_safe(world.as_ref(), &s);
        }
        finish(world.as_mut(), &mut s, |w, s| assert_safe(w, s));
        let verdicts = world.verdicts();
        // Unless every node came back uncertain (a total failure, which blocks 3PC as the
        // textbooks say; the checker agrees that such a state is doomed).
        let termination = verdict(&verdicts, "termination");
        let total_failure = termination.explanation.contains("blocks after a total failure");
        prop_assert!(termination.status == Status::Holds || total_failure, "{:?}\n{}", termination, s.to_json_pretty());
    }

    #[test]
    fn with_any_fault_and_either_timing_a_split_outcome_is_blamed_on_a_broken_assumption(
        participants in 2u32..=4,
        sync in any::<bool>(),
        choices in proptest::collection::vec(any::<u32>(), 0..100),
    ) {
        let timing = if sync { "sync" } else { "async" };
        let mut s = scenario(json!({"participants": participants}), timing, 0);
        let mut world = s.start().unwrap();
        let faults: Faults = Fault::ALL.into_iter().collect();
        let assert_blamed = |w: &dyn Simulation, s: &Scenario| {
            for v in w.verdicts() {
                if v.status == Status::Violated {
                    assert_eq!(v.blame, Some(Blame::Assumption), "{:?}\n{}", v, s.to_json_pretty());
                }
            }
        };
        for choice in choices {
            let Some(action) = probe(&*world).chosen_action(&faults, choice) else { break };
            world.apply(&action).unwrap();
            s.actions.push(action);
            assert_blamed(world.as_ref(), &s);
        }
        finish(world.as_mut(), &mut s, assert_blamed);
    }
}
