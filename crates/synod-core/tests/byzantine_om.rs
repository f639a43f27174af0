//! Oral messages OM(m): the Explorer over every traitor behaviour (exact state counts and
//! shortest counterexamples), IC1 and IC2 over every assignment of the built-in strategies
//! whenever n > 3m, and the `forge` action's refusals.

mod byzantine_support;

use byzantine_support::assignments;
use serde_json::{json, Value};
use synod_core::action::{Action, ActionError, Forgery};
use synod_core::checker::check::{check, Bounds, CheckReport, FindingStatus};
use synod_core::protocol::Protocol;
use synod_core::protocols::byzantine::oral::OralMessages;
use synod_core::protocols::byzantine::Order;
use synod_core::scenario::Scenario;
use synod_core::simulation::Simulation;
use synod_core::state::NodeSlot;
use synod_core::trace::Fate;
use synod_core::verdict::Status;
use synod_core::world::World;

fn om(generals: u32, m: u32, traitors: Value) -> Scenario {
    Scenario::new(
        "byzantine-om",
        json!({"generals": generals, "m": m, "order": "attack", "traitors": traitors}),
        None,
        0,
    )
}

fn explore(scenario: &Scenario) -> CheckReport {
    check(scenario, &Bounds::default(), &mut |_| {}).unwrap()
}

fn status(report: &CheckReport, name: &str) -> (FindingStatus, Option<u32>) {
    let finding = report.properties.iter().find(|p| p.name == name).unwrap();
    (
        finding.status,
        finding.counterexample.as_ref().map(|c| c.length),
    )
}

#[test]
fn with_three_generals_the_explorer_breaks_ic2_through_a_traitor_lieutenant() {
    let report = explore(&om(3, 1, json!([{"node": 2, "strategy": "manual"}])));
    assert!(report.complete);
    assert_eq!(report.unique_states, 18);
    assert_eq!(status(&report, "ic1"), (FindingStatus::Holds, None));
    assert_eq!(status(&report, "ic2"), (FindingStatus::Violated, Some(4)));
    let counterexample = report.properties[1].counterexample.as_ref().unwrap();
    assert_eq!(
        serde_json::to_value(&counterexample.scenario.actions[2]).unwrap(),
        json!({"forge": {"id": 3, "payload": {"path": [0, 2], "order": "retreat"}}})
    );
    assert!(
        !report.broken_guarantee(),
        "with n ≤ 3t nothing is promised"
    );
}

#[test]
fn with_three_generals_a_traitor_commander_cannot_split_om1s_lieutenants() {
    // OM(1)'s rule (a tie retreats) makes lieutenant 1 retreat on attack-and-retreat, which the
    // traitor-lieutenant run punishes: one of the pair must fail, and here it is IC2 there.
    let report = explore(&om(3, 1, json!([{"node": 0, "strategy": "manual"}])));
    assert!(report.complete);
    assert_eq!(report.unique_states, 71);
    assert_eq!(status(&report, "ic1"), (FindingStatus::Holds, None));
    assert_eq!(status(&report, "ic2"), (FindingStatus::Holds, None));
}

#[test]
fn with_four_generals_om1_meets_ic1_and_ic2_over_every_traitor_behaviour() {
    let cases = [(0, 1_881), (1, 418), (2, 418), (3, 418)];
    for (traitor, states) in cases {
        let report = explore(&om(4, 1, json!([{"node": traitor, "strategy": "manual"}])));
        assert!(report.complete);
        assert_eq!(report.unique_states, states, "traitor {traitor}");
        assert_eq!(status(&report, "ic1"), (FindingStatus::Holds, None));
        assert_eq!(status(&report, "ic2"), (FindingStatus::Holds, None));
        assert!(report.properties.iter().all(|p| p.guaranteed));
    }
}

#[test]
fn following_strategies_the_explorer_sees_one_run() {
    let scenario = om(4, 1, json!([{"node": 0, "strategy": "split"}]));
    let bounds = Bounds {
        strategies_only: true,
        ..Bounds::default()
    };
    let report = check(&scenario, &bounds, &mut |_| {}).unwrap();
    let free = explore(&scenario);
    assert!(report.unique_states < free.unique_states);
    assert_eq!(status(&report, "ic1"), (FindingStatus::Holds, None));
}

/// Runs every round to the decisions and returns the verdicts' statuses (IC1, IC2).
fn decide(n: u32, m: u32, order: &str, traitors: &Value) -> (Status, Status) {
    let params = json!({"generals": n, "m": m, "order": order, "traitors": traitors});
    let info = synod_core::registry::find("byzantine-om").unwrap();
    let mut world = info.build(&params, &Default::default(), 0).unwrap();
    for _ in 0..m + 2 {
        world.apply(&Action::EndRound).unwrap();
    }
    let verdicts = world.verdicts();
    (verdicts[0].status, verdicts[1].status)
}

#[test]
fn om_meets_ic1_and_ic2_for_every_built_in_strategy_whenever_n_exceeds_3m() {
    let mut runs = 0;
    for n in 3..=7 {
        for m in 0..=(n - 2).min(2) {
            if n <= 3 * m {
                continue;
            }
            for traitors in assignments(n, m) {
                for order in ["attack", "retreat"] {
                    let verdicts = decide(n, m, order, &traitors);
                    assert_eq!(
                        verdicts,
                        (Status::Holds, Status::Holds),
                        "n = {n}, m = {m}, order {order}, traitors {traitors}"
                    );
                    runs += 1;
                }
            }
        }
    }
    // n = 3..7 with m = 0: 5 loyal runs; m = 1 for n = 4..7: 1 + 4n each; m = 2 for n = 7:
    // 1 + 7·4 + 21·16. Each with both orders.
    assert_eq!(runs, 2 * (5 + 17 + 21 + 25 + 29 + 365));
}

#[test]
fn with_too_few_generals_a_built_in_strategy_breaks_om() {
    // n = 3, m = 1: a flipping lieutenant outvotes nobody but ties the loyal one into retreat.
    assert_eq!(
        decide(3, 1, "attack", &json!([{"node": 2, "strategy": "flip"}])),
        (Status::Holds, Status::Violated)
    );
    // n = 6, m = 2 (n ≤ 3m): two flipping lieutenants against a loyal commander.
    assert_eq!(
        decide(
            6,
            2,
            "attack",
            &json!([{"node": 4, "strategy": "flip"}, {"node": 5, "strategy": "flip"}])
        )
        .1,
        Status::Violated
    );
}

fn world(scenario: &Scenario) -> World<OralMessages> {
    let params = serde_json::from_value(scenario.params.clone()).unwrap();
    let protocol = <OralMessages as Protocol>::new(params).unwrap();
    let network = protocol.default_network();
    World::new(protocol, network, 0)
}

fn forge(id: u64, payload: Value) -> Action<()> {
    Action::Forge(Forgery { id, payload })
}

#[test]
fn forging_is_refused_for_loyal_senders_and_payloads_a_traitor_cannot_send() {
    let mut world = world(&om(3, 1, json!([{"node": 2, "strategy": "manual"}])));
    world.apply(Action::EndRound).unwrap();
    world.apply(Action::EndRound).unwrap();
    // Message 2 is loyal lieutenant 1's relay to 2; message 3 is traitor 2's relay to 1.
    let loyal = world.apply(forge(2, json!({"path": [0, 1], "order": "retreat"})));
    assert_eq!(loyal, Err(ActionError::LoyalSender { id: 2, node: 1 }));
    assert_eq!(
        loyal.unwrap_err().to_string(),
        "message 2 is from node 1, which is loyal: only a traitor's messages can be forged"
    );
    let other_path = world.apply(forge(3, json!({"path": [0, 1], "order": "retreat"})));
    assert_eq!(
        other_path.unwrap_err().to_string(),
        "node 2 cannot send that as message 3: it may send only 0→2 attack, 0→2 retreat, or nothing (payload null)"
    );
    world
        .apply(forge(3, json!({"path": [0, 2], "order": "retreat"})))
        .unwrap();
    assert_eq!(world.history().payload(3).order, Order::Retreat);
    assert_eq!(world.messages()[3].forged, Some(3));
    world.apply(forge(3, Value::Null)).unwrap();
    assert_eq!(world.messages()[3].fate, Fate::Withheld { step: 4 });
    assert!(matches!(
        world.apply(forge(3, Value::Null)),
        Err(ActionError::NotInFlight { id: 3, .. })
    ));
    world.apply(Action::EndRound).unwrap();
    let NodeSlot::Up(lieutenant) = world.slot(1) else {
        panic!("lieutenant 1 is up");
    };
    assert_eq!(
        lieutenant.decision,
        Some(Order::Retreat),
        "nothing counts as retreat"
    );
}

#[test]
fn a_crashed_traitor_no_longer_forges() {
    let mut world = world(&om(4, 1, json!([{"node": 0, "strategy": "manual"}])));
    world.apply(Action::EndRound).unwrap();
    world
        .apply(Action::Crash(synod_core::action::Crash::plain(0)))
        .unwrap();
    assert_eq!(
        world.apply(forge(0, json!({"path": [0], "order": "retreat"}))),
        Err(ActionError::ForgerCrashed { id: 0, node: 0 })
    );
}

#[test]
fn a_traitors_choices_are_exactly_the_other_order_and_silence() {
    let mut world = world(&om(4, 1, json!([{"node": 0, "strategy": "manual"}])));
    world.apply(Action::EndRound).unwrap();
    let choices: Vec<(String, Value)> = world
        .forgeries(1)
        .into_iter()
        .map(|(label, f)| (label, f.payload))
        .collect();
    assert_eq!(
        choices,
        vec![
            (
                "0 retreat".to_string(),
                json!({"path": [0], "order": "retreat"})
            ),
            ("nothing (withhold it)".to_string(), Value::Null),
        ]
    );
    let sim: &dyn Simulation = &world;
    assert_eq!(sim.forgeries(1).len(), 2);
}

#[test]
fn views_built_after_forgeries_equal_views_built_from_scratch() {
    let info = synod_core::registry::find("byzantine-om").unwrap();
    let params = json!({"generals": 4, "m": 1, "traitors": [{"node": 0, "strategy": "manual"}, {"node": 2, "strategy": "split"}]});
    let mut world = info.build(&params, &Default::default(), 0).unwrap();
    let mut previous = world.view();
    let actions = [
        Action::EndRound,
        Action::Forge(Forgery {
            id: 1,
            payload: json!({"path": [0], "order": "retreat"}),
        }),
        Action::Forge(Forgery {
            id: 2,
            payload: Value::Null,
        }),
        Action::EndRound,
        Action::Forge(Forgery {
            id: 5,
            payload: json!({"path": [0, 2], "order": "attack"}),
        }),
        Action::EndRound,
    ];
    for action in actions {
        world.apply(&action).unwrap();
        let view = world.view_since(&previous);
        assert_eq!(view, world.view());
        previous = view;
    }
}
