//! Consensus, Byzantine generals and interactive consistency from one another: each composite
//! run checked for the properties of the problem it solves, over every assignment of the
//! built-in strategies, and the Explorer over every traitor behaviour.

mod byzantine_support;

use byzantine_support::assignments;
use serde_json::{json, Value};
use synod_core::action::Action;
use synod_core::checker::check::{check, Bounds, CheckReport, FindingStatus};
use synod_core::registry;
use synod_core::scenario::Scenario;
use synod_core::simulation::Simulation;
use synod_core::verdict::Status;

const REDUCTIONS: [&str; 3] = ["ic-from-bg", "c-from-ic", "bg-from-c"];

fn params(variant: &str, n: u32, m: u32, proposals: &[&str], traitors: &Value) -> Value {
    json!({"variant": variant, "generals": n, "m": m, "proposals": proposals, "traitors": traitors})
}

/// Runs every round to the decisions.
fn run(params: &Value) -> Box<dyn Simulation> {
    let info = registry::find("byzantine-reductions").unwrap();
    let mut world = info.build(params, &Default::default(), 0).unwrap();
    let rounds = 1 + params["m"].as_u64().unwrap() + u64::from(params["variant"] == "bg-from-c");
    for _ in 0..=rounds {
        world.apply(&Action::EndRound).unwrap();
    }
    world
}

fn statuses(world: &dyn Simulation) -> (Status, Status) {
    let verdicts = world.verdicts();
    assert_eq!(verdicts[0].name, "agreement");
    assert_eq!(verdicts[1].name, "validity");
    (verdicts[0].status, verdicts[1].status)
}

fn state(world: &dyn Simulation, node: u32) -> Value {
    synod_core::probe::probe(world).node_states()[node as usize].clone()
}

#[test]
fn ic_from_bg_gives_every_loyal_process_the_same_vector_with_the_loyal_proposals() {
    let proposals = ["attack", "retreat", "attack", "retreat"];
    let traitors = json!([{"node": 3, "strategy": "split"}]);
    let world = run(&params("ic-from-bg", 4, 1, &proposals, &traitors));
    for node in 0..3 {
        assert_eq!(
            state(world.as_ref(), node)["vector"],
            json!(["attack", "retreat", "attack", "retreat"]),
            "process {node}: the split traitor told process 1 attack and 0 and 2 retreat, so its instance resolves to retreat everywhere"
        );
        assert_eq!(state(world.as_ref(), node)["decision"], Value::Null);
    }
    assert_eq!(statuses(world.as_ref()), (Status::Holds, Status::Holds));
}

#[test]
fn c_from_ic_decides_the_vectors_majority_and_keeps_a_unanimous_proposal() {
    let traitors = json!([{"node": 0, "strategy": "flip"}]);
    let unanimous = ["retreat", "attack", "attack", "attack"];
    let world = run(&params("c-from-ic", 4, 1, &unanimous, &traitors));
    for node in 1..4 {
        assert_eq!(state(world.as_ref(), node)["decision"], json!("attack"));
    }
    assert_eq!(statuses(world.as_ref()), (Status::Holds, Status::Holds));
    let split = ["attack", "attack", "retreat", "retreat"];
    let world = run(&params("c-from-ic", 4, 1, &split, &json!([])));
    for node in 0..4 {
        assert_eq!(
            state(world.as_ref(), node)["decision"],
            json!("retreat"),
            "two against two: a tie retreats"
        );
    }
}

#[test]
fn bg_from_c_follows_a_loyal_leader_and_agrees_under_a_traitor_one() {
    let loyal_leader = run(&params(
        "bg-from-c",
        4,
        1,
        &["attack", "retreat", "retreat", "retreat"],
        &json!([{"node": 2, "strategy": "flip"}]),
    ));
    for node in [0, 1, 3] {
        assert_eq!(
            state(loyal_leader.as_ref(), node)["proposal"],
            json!("attack")
        );
        assert_eq!(
            state(loyal_leader.as_ref(), node)["decision"],
            json!("attack")
        );
    }
    assert_eq!(
        statuses(loyal_leader.as_ref()),
        (Status::Holds, Status::Holds)
    );
    let traitor_leader = run(&params(
        "bg-from-c",
        4,
        1,
        &["attack"; 4],
        &json!([{"node": 0, "strategy": "split"}]),
    ));
    let decisions: Vec<Value> = (1..4)
        .map(|node| state(traitor_leader.as_ref(), node)["decision"].clone())
        .collect();
    // The leader told 1 and 3 attack and 2 retreat, and commands its own instance the same way:
    // every loyal vector is [attack, attack, retreat, attack].
    assert_eq!(decisions, vec![json!("attack"); 3]);
    assert_eq!(
        state(traitor_leader.as_ref(), 2)["vector"],
        json!(["attack", "attack", "retreat", "attack"])
    );
    assert_eq!(
        statuses(traitor_leader.as_ref()),
        (Status::Holds, Status::Holds)
    );
}

#[test]
fn every_reduction_solves_its_problem_for_every_built_in_strategy_whenever_n_exceeds_3m() {
    let mut runs = 0;
    for variant in REDUCTIONS {
        for n in 4..=5 {
            let m = 1;
            for traitors in assignments(n, m) {
                for proposals in [vec!["attack"; n as usize], {
                    let mut mixed = vec!["attack"; n as usize];
                    mixed[1] = "retreat";
                    mixed
                }] {
                    let world = run(&params(variant, n, m, &proposals, &traitors));
                    assert_eq!(
                        statuses(world.as_ref()),
                        (Status::Holds, Status::Holds),
                        "{variant}, n = {n}, proposals {proposals:?}, traitors {traitors}"
                    );
                    runs += 1;
                }
            }
        }
    }
    // n = 4: 1 + 4·4 assignments, n = 5: 1 + 5·4; two proposal lists each; three reductions.
    assert_eq!(runs, 3 * 2 * (17 + 21));
}

#[test]
fn with_three_processes_a_traitor_breaks_interactive_consistency() {
    let world = run(&params(
        "ic-from-bg",
        3,
        1,
        &["attack", "attack", "attack"],
        &json!([{"node": 2, "strategy": "flip"}]),
    ));
    assert_eq!(statuses(world.as_ref()).1, Status::Violated);
}

fn scenario(variant: &str, n: u32, proposals: &[&str], traitor: u32) -> Scenario {
    Scenario::new(
        "byzantine-reductions",
        params(
            variant,
            n,
            1,
            proposals,
            &json!([{"node": traitor, "strategy": "manual"}]),
        ),
        None,
        0,
    )
}

/// The Explorer, with room for BG from C's traitor leader: its lies in the leader's round and
/// in its own instance multiply to over a million states.
fn explore(scenario: &Scenario) -> CheckReport {
    let bounds = Bounds {
        max_states: 2_000_000,
        ..Bounds::default()
    };
    check(scenario, &bounds, &mut |_| {}).unwrap()
}

fn status(report: &CheckReport, name: &str) -> (FindingStatus, Option<u32>) {
    let finding = report.properties.iter().find(|p| p.name == name).unwrap();
    (
        finding.status,
        finding.counterexample.as_ref().map(|c| c.length),
    )
}

#[test]
fn the_explorer_proves_each_reduction_with_four_processes_over_every_traitor_behaviour() {
    let cases = [
        (
            "ic-from-bg",
            ["attack", "retreat", "attack", "retreat"],
            0,
            39_394,
        ),
        (
            "c-from-ic",
            ["attack", "attack", "attack", "retreat"],
            3,
            39_394,
        ),
        ("bg-from-c", ["attack"; 4], 0, 1_063_639),
        ("bg-from-c", ["attack"; 4], 2, 39_395),
    ];
    for (variant, proposals, traitor, states) in cases {
        let report = explore(&scenario(variant, 4, &proposals, traitor));
        assert!(report.complete, "{variant}");
        assert_eq!(report.unique_states, states, "{variant}, traitor {traitor}");
        assert_eq!(status(&report, "agreement"), (FindingStatus::Holds, None));
        assert_eq!(status(&report, "validity"), (FindingStatus::Holds, None));
        assert!(report.properties.iter().all(|p| p.guaranteed));
    }
}

#[test]
fn with_three_processes_the_explorer_finds_the_shortest_broken_vector() {
    let report = explore(&scenario("ic-from-bg", 3, &["attack"; 3], 2));
    assert!(report.complete);
    assert_eq!(report.unique_states, 172);
    assert_eq!(
        status(&report, "agreement"),
        (FindingStatus::Violated, Some(4))
    );
    assert_eq!(
        status(&report, "validity"),
        (FindingStatus::Violated, Some(4))
    );
    let counterexample = report.properties[1].counterexample.as_ref().unwrap();
    // Traitor 2 relays process 1's attack to process 0 as retreat: a tie, so 0 takes retreat
    // for loyal process 1's entry.
    assert_eq!(
        serde_json::to_value(&counterexample.scenario.actions).unwrap(),
        json!(["end-round", "end-round", {"forge": {"id": 11, "payload": {"path": [1, 2], "order": "retreat"}}}, "end-round"])
    );
    let world = counterexample.scenario.replay().unwrap();
    assert_eq!(world.verdicts()[1].status, Status::Violated);
    assert!(
        !report.broken_guarantee(),
        "with n ≤ 3t nothing is promised"
    );
}

#[test]
fn proposals_must_name_one_order_per_process() {
    let info = registry::find("byzantine-reductions").unwrap();
    let wrong = json!({"generals": 4, "proposals": ["attack", "retreat"]});
    let error = info.build(&wrong, &Default::default(), 0).err().unwrap();
    assert_eq!(
        error,
        "proposals must hold one order per process (4), not 2"
    );
}
