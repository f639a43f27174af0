//! Signed messages SM(m): where oral messages fail (3 generals, one traitor) the Explorer proves
//! IC1 and IC2 over every traitor behaviour; every assignment of the built-in strategies meets
//! them whenever there are at most m traitors; and a forged signature is refused.

mod byzantine_support;

use byzantine_support::assignments;
use serde_json::{json, Value};
use synod_core::action::{Action, Forgery};
use synod_core::checker::check::{check, Bounds, CheckReport, FindingStatus};
use synod_core::registry;
use synod_core::scenario::Scenario;
use synod_core::verdict::Status;

fn sm(generals: u32, m: u32, traitors: Value) -> Scenario {
    Scenario::new(
        "byzantine-sm",
        json!({"generals": generals, "m": m, "order": "attack", "traitors": traitors}),
        None,
        0,
    )
}

fn explore(scenario: &Scenario) -> CheckReport {
    check(scenario, &Bounds::default(), &mut |_| {}).unwrap()
}

fn statuses(report: &CheckReport) -> Vec<(FindingStatus, Option<u32>)> {
    report
        .properties
        .iter()
        .map(|p| (p.status, p.counterexample.as_ref().map(|c| c.length)))
        .collect()
}

const BOTH_HOLD: [(FindingStatus, Option<u32>); 2] =
    [(FindingStatus::Holds, None), (FindingStatus::Holds, None)];

#[test]
fn sm1_with_three_generals_meets_ic1_and_ic2_over_every_traitor_behaviour() {
    // The traitor commander that OM(1) cannot stop without losing the traitor-lieutenant case.
    let cases = [(0, 115), (1, 13), (2, 13)];
    for (traitor, states) in cases {
        let report = explore(&sm(3, 1, json!([{"node": traitor, "strategy": "manual"}])));
        assert!(report.complete);
        assert_eq!(report.unique_states, states, "traitor {traitor}");
        assert_eq!(statuses(&report), BOTH_HOLD, "traitor {traitor}");
        assert!(!report.broken_guarantee());
    }
}

#[test]
fn sm1_breaks_under_two_traitors_and_sm2_does_not() {
    let two = json!([{"node": 0, "strategy": "manual"}, {"node": 1, "strategy": "manual"}]);
    let report = explore(&sm(4, 1, two.clone()));
    assert_eq!(report.unique_states, 12_236);
    assert_eq!(
        statuses(&report),
        [
            (FindingStatus::Violated, Some(5)),
            (FindingStatus::Holds, None)
        ]
    );
    let report = explore(&sm(4, 2, two));
    assert!(report.complete);
    assert_eq!(report.unique_states, 17_899);
    assert_eq!(statuses(&report), BOTH_HOLD);
}

#[test]
fn sm_meets_ic1_and_ic2_for_every_built_in_strategy_whenever_n_is_at_least_m_plus_2() {
    let info = registry::find("byzantine-sm").unwrap();
    let mut runs = 0;
    for n in 3..=6 {
        for m in 0..=(n - 2).min(3) {
            for traitors in assignments(n, m) {
                for order in ["attack", "retreat"] {
                    let params =
                        json!({"generals": n, "m": m, "order": order, "traitors": traitors});
                    let mut world = info.build(&params, &Default::default(), 0).unwrap();
                    for _ in 0..m + 2 {
                        world.apply(&Action::EndRound).unwrap();
                    }
                    let verdicts: Vec<Status> = world.verdicts().iter().map(|v| v.status).collect();
                    assert_eq!(
                        verdicts,
                        [Status::Holds, Status::Holds],
                        "n = {n}, m = {m}, order {order}, traitors {traitors}"
                    );
                    runs += 1;
                }
            }
        }
    }
    assert!(runs > 4_000, "{runs} runs");
}

#[test]
fn a_traitor_cannot_forge_a_loyal_generals_signature() {
    let info = registry::find("byzantine-sm").unwrap();
    let params = json!({"generals": 3, "m": 1, "traitors": [{"node": 2, "strategy": "manual"}]});
    let mut world = info.build(&params, &Default::default(), 0).unwrap();
    world.apply(&Action::EndRound).unwrap();
    world.apply(&Action::EndRound).unwrap();
    // Message 3 is traitor 2's relay of attack:0 to lieutenant 1.
    let forge = |payload: Value| Action::Forge(Forgery { id: 3, payload });
    let refusal = |payload: Value, world: &mut Box<dyn synod_core::simulation::Simulation>| {
        world.apply(&forge(payload)).unwrap_err().to_string()
    };
    assert_eq!(
        refusal(json!({"orders": [{"order": "retreat", "signatures": [0, 2]}]}), &mut world),
        "node 2 cannot send that as message 3: retreat:0:2 countersigns retreat:0, which node 2 never received: it cannot forge node 0's signature"
    );
    assert_eq!(
        refusal(json!({"orders": [{"order": "retreat", "signatures": [0]}]}), &mut world),
        "node 2 cannot send that as message 3: retreat:0 would carry node 0's signature last, and node 2 cannot sign for node 0: signatures cannot be forged"
    );
    assert!(
        refusal(json!({"orders": "retreat"}), &mut world).contains("a signed-messages payload is")
    );
    // What it may send: the chain it holds, countersigned, or nothing.
    let choices: Vec<String> = world
        .forgeries(3)
        .into_iter()
        .map(|(label, _)| label)
        .collect();
    assert_eq!(choices, ["nothing (withhold it)"]);
    world
        .apply(&forge(
            json!({"orders": [{"order": "attack", "signatures": [0, 2]}]}),
        ))
        .unwrap();
    world.apply(&forge(Value::Null)).unwrap();
    world.apply(&Action::EndRound).unwrap();
    let statuses: Vec<Status> = world.verdicts().iter().map(|v| v.status).collect();
    assert_eq!(statuses, [Status::Holds, Status::Holds]);
}

#[test]
fn a_chain_sent_a_round_late_is_rejected_and_shown_as_rejected() {
    let info = registry::find("byzantine-sm").unwrap();
    let traitors = json!([{"node": 0, "strategy": "manual"}, {"node": 1, "strategy": "manual"}]);
    let params = json!({"generals": 4, "m": 2, "traitors": traitors});
    let mut world = info.build(&params, &Default::default(), 0).unwrap();
    world.apply(&Action::EndRound).unwrap();
    // The commander signs retreat for lieutenant 3 (message 2), attack for the others.
    let retreat = json!({"orders": [{"order": "retreat", "signatures": [0]}]});
    world
        .apply(&Action::Forge(Forgery {
            id: 2,
            payload: retreat,
        }))
        .unwrap();
    world.apply(&Action::EndRound).unwrap();
    world.apply(&Action::EndRound).unwrap();
    // Round 3: traitor 1 relays retreat:0:3:1 to lieutenant 2, and swaps it for attack:0:1,
    // which its key can sign but which is a round late.
    let view = world.view();
    let relay = view
        .in_flight()
        .find(|m| m.from == 1 && m.to == 2)
        .expect("traitor 1 relays to 2 in round 3");
    assert_eq!(relay.label, "retreat:0:3:1");
    let late = json!({"orders": [{"order": "attack", "signatures": [0, 1]}]});
    world
        .apply(&Action::Forge(Forgery {
            id: relay.id,
            payload: late,
        }))
        .unwrap();
    world.apply(&Action::EndRound).unwrap();
    let notes: Vec<String> = world
        .view()
        .events
        .iter()
        .filter(|e| e.node == 2)
        .flat_map(|e| e.notes.clone())
        .collect();
    assert!(
        notes.contains(
            &"rejected attack:0:1: it has the wrong number of signatures for this round"
                .to_string()
        ),
        "{notes:?}"
    );
    let statuses: Vec<Status> = world.verdicts().iter().map(|v| v.status).collect();
    assert_eq!(statuses, [Status::Holds, Status::Holds]);
}
