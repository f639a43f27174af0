//! PBFT: the normal case and view changes for f = 1 and 2 under every strategy, random
//! schedules with traitors forging freely, the Explorer (exact state counts, the weak-quorums
//! counterexample replayed), and forgeries refused.

use std::collections::BTreeMap;

use proptest::prelude::*;
use serde_json::{json, Value};
use synod_core::action::{Action, ActionError, Forgery};
use synod_core::checker::check::{check, Bounds, CheckReport, FindingStatus};
use synod_core::probe::probe;
use synod_core::scenario::Scenario;
use synod_core::scheduler::Faults;
use synod_core::simulation::Simulation;
use synod_core::verdict::Status;

fn scenario(params: Value) -> Scenario {
    Scenario::new("pbft", params, None, 0)
}

fn start(params: Value) -> Box<dyn Simulation> {
    scenario(params).replay().unwrap()
}

fn statuses(world: &dyn Simulation) -> Vec<(&'static str, Status)> {
    world
        .verdicts()
        .into_iter()
        .map(|v| (v.name, v.status))
        .collect()
}

/// Runs to the end: deliveries first (the oldest deliverable message), then the client's next
/// request, then the oldest pending timer. Returns the number of steps taken.
fn run_out(world: &mut Box<dyn Simulation>) -> usize {
    for step in 0..5_000 {
        let legal = probe(&**world).legal_actions(&Faults::new());
        let pick = legal
            .iter()
            .find(|a| matches!(a, Action::Deliver(_)))
            .or_else(|| legal.iter().find(|a| matches!(a, Action::Command { .. })))
            .or_else(|| legal.iter().find(|a| matches!(a, Action::Fire(_))))
            .cloned();
        let Some(action) = pick else {
            return step;
        };
        world.apply(&action).unwrap();
    }
    panic!("the run did not settle within 5,000 steps");
}

/// The client's accepted results and the highest view a replica reached.
fn outcome(world: &dyn Simulation, f: u32) -> (Vec<Value>, u64) {
    let states = probe(world).node_states();
    let client = &states[3 * f as usize + 1];
    let view = states[..3 * f as usize + 1]
        .iter()
        .map(|s| s["view"].as_u64().unwrap())
        .max()
        .unwrap();
    (client["accepted"].as_array().unwrap().clone(), view)
}

fn expected_results(requests: u8) -> Vec<Value> {
    (1..=requests)
        .map(|k| json!({"op": format!("op{k}"), "result": k}))
        .collect()
}

fn kinds(world: &dyn Simulation) -> BTreeMap<&'static str, usize> {
    let mut counts = BTreeMap::new();
    for message in &world.view().messages {
        *counts.entry(message.kind).or_default() += 1;
    }
    counts
}

const ALL_HOLD: [(&str, Status); 3] = [
    ("agreement", Status::Holds),
    ("client-safety", Status::Holds),
    ("liveness", Status::Holds),
];

#[test]
fn the_normal_case_sends_castro_and_liskovs_messages_and_completes() {
    let mut world = start(json!({"f": 1}));
    run_out(&mut world);
    assert_eq!(outcome(&*world, 1), (expected_results(1), 0));
    assert_eq!(statuses(&*world), ALL_HOLD);
    // 1 request, 3 pre-prepares, 3 backups × 3 prepares, 4 replicas × 3 commits, 4 replies.
    let expected: BTreeMap<&str, usize> = [
        ("request", 1),
        ("pre-prepare", 3),
        ("prepare", 9),
        ("commit", 12),
        ("reply", 4),
    ]
    .into();
    assert_eq!(kinds(&*world), expected);
    let states = probe(&*world).node_states();
    assert_eq!(states[1]["executed"], json!(["op1"]));
    assert_eq!(states[1]["log"][0]["prepares"], 2);
    assert_eq!(states[1]["log"][0]["commits"], 3);
    let labels: Vec<String> = world
        .view()
        .messages
        .iter()
        .map(|m| m.label.clone())
        .collect();
    assert_eq!(labels[0], "request op1");
    assert_eq!(labels[1], "pre-prepare v0 #1 op1");
    assert!(labels.contains(&"commit v0 #1 op1".to_string()));
    assert!(labels.contains(&"reply op1=1".to_string()));
}

#[test]
fn every_request_completes_for_f_1_and_2_loyal() {
    for f in 1..=2u32 {
        for requests in 1..=3u8 {
            let mut world = start(json!({"f": f, "requests": requests}));
            run_out(&mut world);
            assert_eq!(
                outcome(&*world, f),
                (expected_results(requests), 0),
                "f = {f}, requests = {requests}"
            );
            assert_eq!(statuses(&*world), ALL_HOLD);
            let n = 3 * f as usize + 1;
            let per_request = 1 + (n - 1) + (n - 1) * (n - 1) + n * (n - 1) + n;
            assert_eq!(world.view().messages.len(), per_request * requests as usize);
        }
    }
}

/// Every assignment of one strategy to up to f traitors among the primary and a backup.
fn traitor_sets(f: u32, strategy: &str) -> Vec<Value> {
    let mut sets = vec![
        json!([{"node": 0, "strategy": strategy}]),
        json!([{"node": 2, "strategy": strategy}]),
    ];
    if f == 2 {
        sets.push(json!([{"node": 0, "strategy": strategy}, {"node": 3, "strategy": strategy}]));
        sets.push(json!([{"node": 1, "strategy": strategy}, {"node": 5, "strategy": strategy}]));
    }
    sets
}

#[test]
fn with_at_most_f_traitors_of_any_strategy_every_request_completes_safely() {
    let mut view_changes = 0;
    for f in 1..=2u32 {
        for strategy in ["silent", "equivocate", "lie", "manual"] {
            for traitors in traitor_sets(f, strategy) {
                for requests in 1..=3u8 {
                    let params = json!({"f": f, "requests": requests, "traitors": traitors});
                    let mut world = start(params.clone());
                    run_out(&mut world);
                    let (accepted, view) = outcome(&*world, f);
                    assert_eq!(accepted, expected_results(requests), "{params}");
                    assert_eq!(statuses(&*world), ALL_HOLD, "{params}");
                    let primary_fails = traitors[0]["node"] == 0
                        && (strategy == "silent" || strategy == "equivocate");
                    assert_eq!(view > 0, primary_fails, "{params}");
                    view_changes += usize::from(view > 0);
                }
            }
        }
    }
    // A silent or equivocating primary, alone or with a backup, for f = 1 and 2, 3 runs each.
    assert_eq!(view_changes, 2 * (3 + 6));
}

#[test]
fn a_silent_primary_is_replaced_by_a_view_change() {
    let mut world = start(json!({"f": 1, "traitors": [{"node": 0, "strategy": "silent"}]}));
    run_out(&mut world);
    assert_eq!(outcome(&*world, 1), (expected_results(1), 1));
    let counts = kinds(&*world);
    // Replica 1 is view 1's primary: the view-changes of 2 and 3, and its new-view to three.
    assert_eq!(counts["view-change"], 2);
    assert_eq!(counts["new-view"], 3);
    let states = probe(&*world).node_states();
    for state in &states[1..=3] {
        assert_eq!(state["executed"], json!(["op1"]));
        assert_eq!(state["view"], 1);
    }
    assert_eq!(statuses(&*world), ALL_HOLD);
}

#[test]
fn an_equivocating_primarys_slot_becomes_the_null_request_in_the_next_view() {
    let mut world = start(json!({"f": 1, "traitors": [{"node": 0, "strategy": "equivocate"}]}));
    run_out(&mut world);
    assert_eq!(outcome(&*world, 1), (expected_results(1), 1));
    let labels: Vec<String> = world
        .view()
        .messages
        .iter()
        .map(|m| m.label.clone())
        .collect();
    assert!(labels.contains(&"pre-prepare v0 #1 op1".to_string()));
    assert!(labels.contains(&"pre-prepare v0 #1 null".to_string()));
    assert!(labels.contains(&"view-change v1 (1 cert)".to_string()));
    let states = probe(&*world).node_states();
    // Replicas 2 and 3 prepared the null request at #1: O keeps it, and op1 follows at #2.
    for state in &states[1..=3] {
        assert_eq!(state["executed"], json!(["null", "op1"]));
    }
    assert_eq!(statuses(&*world), ALL_HOLD);
}

#[test]
fn more_than_f_liars_fool_the_client_and_the_verdict_says_why() {
    let traitors = json!([{"node": 1, "strategy": "lie"}, {"node": 2, "strategy": "lie"}]);
    let mut world = start(json!({"f": 1, "traitors": traitors}));
    run_out(&mut world);
    let verdict = world
        .verdicts()
        .into_iter()
        .find(|v| v.name == "client-safety")
        .unwrap();
    assert_eq!(verdict.status, Status::Violated);
    assert!(
        verdict.explanation.contains("more than f = 1"),
        "{}",
        verdict.explanation
    );
    assert!(!verdict.guaranteed);
}

#[test]
fn bad_params_are_refused_with_reasons() {
    let refusal = |params: Value| scenario(params).replay().err().unwrap().to_string();
    assert!(refusal(json!({"f": 3})).contains("f must be 1 or 2"));
    assert!(refusal(json!({"requests": 4})).contains("requests must be between 1 and 3"));
    assert!(refusal(json!({"traitors": [{"node": 4, "strategy": "lie"}]})).contains("the client"));
    assert!(
        refusal(json!({"traitors": [{"node": 5, "strategy": "lie"}]})).contains("nodes 0 to 3")
    );
    assert!(refusal(json!({"traitors": [{"node": 1, "strategy": "flip"}]})).contains("flip"));
}

/// Plays `choices` as the random scheduler weighs them, forgeries included; every step keeps
/// agreement and client-safety. Returns how many requests the client accepted.
fn play(params: Value, choices: &[u32]) -> Result<usize, String> {
    let mut world = start(params);
    let mut taken = Vec::new();
    for &choice in choices {
        let Some(action) = probe(&*world).chosen_action(&Faults::new(), choice) else {
            break;
        };
        world.apply(&action).unwrap();
        taken.push(action);
        for verdict in world.verdicts() {
            if verdict.kind == synod_core::verdict::Kind::Safety && verdict.status != Status::Holds
            {
                return Err(format!("{} after {taken:?}: {verdict:?}", verdict.name));
            }
        }
    }
    Ok(probe(&*world).node_states().last().unwrap()["accepted"]
        .as_array()
        .unwrap()
        .len())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn with_at_most_f_traitors_forging_freely_pbft_stays_safe(
        choices in prop::collection::vec(any::<u32>(), 0..150),
        f in 1u32..=2,
        requests in 1u8..=2,
        primary_traitor in any::<bool>(),
        second in any::<bool>(),
    ) {
        let mut traitors = vec![json!({"node": if primary_traitor { 0 } else { 2 }, "strategy": "manual"})];
        if f == 2 && second {
            traitors.push(json!({"node": 1, "strategy": "manual"}));
        }
        let outcome = play(json!({"f": f, "requests": requests, "traitors": traitors}), &choices);
        prop_assert!(outcome.is_ok(), "{}", outcome.unwrap_err());
    }
}

/// The generated runs finish requests (so the test above judges real outcomes), and the same
/// generator catches the weak quorums.
#[test]
fn generated_runs_complete_requests_and_catch_weak_quorums() {
    let (mut completed, mut caught) = (0, 0);
    let traitors = json!([{"node": 0, "strategy": "manual"}]);
    for seed in 0..200u32 {
        let choices: Vec<u32> = (0..150u32)
            .map(|i| (seed.wrapping_mul(2_654_435_761) ^ i.wrapping_mul(40_503)) % 997)
            .collect();
        let params = json!({"f": 1, "traitors": traitors});
        completed += usize::from(play(params, &choices).unwrap() > 0);
        let flawed = json!({"f": 1, "traitors": traitors, "variant": "weak-quorums"});
        caught += usize::from(play(flawed, &choices).is_err());
    }
    assert_eq!((completed, caught), (200, 3));
}

fn explore(params: Value, bounds: Bounds) -> CheckReport {
    check(&scenario(params), &bounds, &mut |_| {}).unwrap()
}

fn findings(report: &CheckReport) -> Vec<(FindingStatus, Option<u32>)> {
    report
        .properties
        .iter()
        .map(|p| (p.status, p.counterexample.as_ref().map(|c| c.length)))
        .collect()
}

fn depth(max_depth: u32) -> Bounds {
    Bounds {
        max_depth,
        ..Bounds::default()
    }
}

#[test]
fn the_explorer_finds_weak_quorums_agreement_counterexample_and_it_replays() {
    let params =
        json!({"f": 1, "variant": "weak-quorums", "traitors": [{"node": 0, "strategy": "manual"}]});
    let report = explore(params, depth(9));
    assert_eq!(report.properties[0].status, FindingStatus::Violated);
    let counterexample = report.properties[0].counterexample.as_ref().unwrap();
    assert_eq!(counterexample.length, 9);
    let mut world = counterexample.scenario.replay().unwrap();
    let agreement = world.verdicts().into_iter().next().unwrap();
    assert_eq!(agreement.status, Status::Violated);
    assert_eq!(agreement.step, Some(9));
    assert!(
        agreement.explanation.contains("weak-quorums"),
        "{}",
        agreement.explanation
    );
    // One step short of it, agreement still holds.
    let mut short = counterexample.scenario.clone();
    short.actions.pop();
    world = short.replay().unwrap();
    assert_eq!(world.verdicts()[0].status, Status::Holds);
}

#[test]
fn the_explorer_finds_no_disagreement_in_correct_pbft() {
    let cases = [
        (json!([]), 12_463),
        (json!([{"node": 0, "strategy": "manual"}]), 64_504),
    ];
    for (traitors, states) in cases {
        let report = explore(json!({"f": 1, "traitors": traitors}), depth(12));
        assert_eq!(report.unique_states, states, "{traitors}");
        assert_eq!(findings(&report)[..2], [(FindingStatus::Holds, None); 2]);
    }
}

fn forge(id: u64, payload: Value) -> Action<Value> {
    Action::Forge(Forgery { id, payload })
}

#[test]
fn forgeries_are_refused_for_correct_senders_and_other_identities() {
    let mut world = start(json!({"f": 1, "traitors": [{"node": 0, "strategy": "manual"}]}));
    world
        .apply(&Action::Command {
            node: 4,
            cmd: json!("request"),
        })
        .unwrap();
    world.apply(&Action::Deliver(0)).unwrap();
    // Messages 1 to 3 are primary 0's pre-prepares; replica 1's prepares follow its delivery.
    world.apply(&Action::Deliver(1)).unwrap();
    let prepare = |replica: u32| json!({"prepare": {"view": 0, "seq": 1, "request": "null", "replica": replica}});
    assert_eq!(
        world.apply(&forge(4, prepare(1))),
        Err(ActionError::LoyalSender { id: 4, node: 1 })
    );
    let as_other = json!({"pre-prepare": {"view": 0, "seq": 1, "request": "op1", "replica": 1}});
    assert_eq!(
        world.apply(&forge(2, as_other)).unwrap_err().to_string(),
        "node 0 cannot send that as message 2: replica 0 cannot sign as replica 1: PBFT's messages are authenticated and a traitor holds only its own key"
    );
    let other_kind = json!({"commit": {"view": 0, "seq": 1, "request": "op1", "replica": 0}});
    assert_eq!(
        world.apply(&forge(2, other_kind)).unwrap_err().to_string(),
        "node 0 cannot send that as message 2: it may send only pre-prepare v0 #1 null, pre-prepare v0 #1 op1, or nothing (payload null)"
    );
    let null = json!({"pre-prepare": {"view": 0, "seq": 1, "request": "null", "replica": 0}});
    world.apply(&forge(2, null)).unwrap();
    assert_eq!(world.view().messages[2].label, "pre-prepare v0 #1 null");
}
