//! Chandy-Lamport under thousands of generated runs: transfers, concurrent snapshots, and every
//! delivery order FIFO channels allow. Each run is generated as a sequence of choices, each
//! picking one of the actions legal at that step, so a failure shrinks to a short run. Safety
//! must hold after every step, and once the network drains every snapshot must have terminated.
//!
//! The flawed variants, and the correct one on unordered channels, are caught by their shortest
//! counterexamples in `checker.rs`.

use proptest::prelude::*;
use serde_json::{json, Value};
use synod_core::action::Action;
use synod_core::probe::probe;
use synod_core::scenario::Scenario;
use synod_core::scheduler::{Fault, Faults};
use synod_core::simulation::Simulation;
use synod_core::verdict::{Blame, Status, Verdict};

fn scenario(nodes: u32) -> Scenario {
    Scenario::new(
        "chandy-lamport",
        json!({"nodes": nodes}),
        Some(serde_json::from_value(json!({"channels": "fifo"})).unwrap()),
        0,
    )
}

fn verdict<'a>(verdicts: &'a [Verdict], name: &str) -> &'a Verdict {
    verdicts.iter().find(|v| v.name == name).unwrap()
}

/// The action `choice` picks among those legal now, or `None` when nothing is: uniformly, since
/// with no timers the protocol's commands and the deliveries already mix concurrent snapshots
/// with transfers, and [`play`] drains the network at the end.
fn chosen(world: &dyn Simulation, faults: &Faults, choice: u32) -> Option<Action<Value>> {
    let legal = probe(world).legal_actions(faults);
    (!legal.is_empty()).then(|| legal[choice as usize % legal.len()].clone())
}

/// Plays the chosen actions, calling `check` after each with the run so far (as scenario
/// actions, for the failure message); then heals any partition, recovers every crashed node,
/// and delivers everything left in flight, so that snapshots get the chance to complete.
/// Returns the whole run.
fn play(
    world: &mut dyn Simulation,
    choices: &[u32],
    faults: &Faults,
    mut check: impl FnMut(&dyn Simulation, &[Action<Value>]),
) -> Vec<Action<Value>> {
    let mut taken = Vec::new();
    let mut step = |world: &mut dyn Simulation, action: Action<Value>| {
        world.apply(&action).expect("legal actions apply");
        taken.push(action);
        check(world, &taken);
    };
    for &choice in choices {
        let Some(action) = chosen(world, faults, choice) else {
            break;
        };
        step(world, action);
    }
    if world.partitioned() {
        step(world, Action::Heal);
    }
    let crashed: Vec<_> = (probe(&*world)
        .legal_actions(&[Fault::Recover].into())
        .into_iter())
    .filter(|a| matches!(a, Action::Recover(_)))
    .collect();
    for recovery in crashed {
        step(world, recovery);
    }
    while let Some(id) = next_deliverable(world) {
        step(world, Action::Deliver(id));
    }
    taken
}

/// Actions as scenario JSON, for failure messages.
fn json(run: &[Action<Value>]) -> String {
    serde_json::to_string(run).unwrap()
}

/// The oldest message that can be delivered now (deliveries come first among the legal
/// actions, by id).
fn next_deliverable(world: &dyn Simulation) -> Option<u64> {
    match probe(world).legal_actions(&Faults::new()).first() {
        Some(Action::Deliver(id)) => Some(*id),
        _ => None,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn correct_snapshots_are_consistent_conserve_money_and_terminate(
        nodes in 2u32..=5,
        choices in proptest::collection::vec(any::<u32>(), 0..60),
    ) {
        let mut world = scenario(nodes).start().unwrap();
        let run = play(world.as_mut(), &choices, &Faults::new(), |w, run| {
            let verdicts = w.verdicts();
            for name in ["consistent-cut", "conservation"] {
                let v = verdict(&verdicts, name);
                assert_eq!(v.status, Status::Holds, "{v:?}\n{}", json(run));
            }
            let termination = verdict(&verdicts, "snapshot-termination");
            assert_ne!(termination.status, Status::Violated, "{termination:?}\n{}", json(run));
        });
        let verdicts = world.verdicts();
        let termination = verdict(&verdicts, "snapshot-termination");
        prop_assert_eq!(termination.status, Status::Holds, "{:?}\n{}", termination, json(&run));
        prop_assert_eq!(world.view().in_flight().count(), 0, "{}", json(&run));
    }

    #[test]
    fn with_faults_any_violation_is_blamed_on_a_broken_assumption(
        nodes in 2u32..=4,
        choices in proptest::collection::vec(any::<u32>(), 0..60),
    ) {
        let faults: Faults = Fault::ALL.into_iter().collect();
        let mut world = scenario(nodes).start().unwrap();
        play(world.as_mut(), &choices, &faults, |w, run| {
            for v in w.verdicts() {
                if v.status == Status::Violated {
                    assert_eq!(v.blame, Some(Blame::Assumption), "{v:?}\n{}", json(run));
                }
            }
        });
    }

    #[test]
    fn generated_runs_replay_to_the_identical_trace(
        choices in proptest::collection::vec(any::<u32>(), 1..40),
    ) {
        let mut scenario = scenario(3);
        let mut world = scenario.start().unwrap();
        let faults: Faults = Fault::ALL.into_iter().collect();
        for choice in choices {
            let Some(action) = chosen(world.as_ref(), &faults, choice) else { break };
            world.apply(&action).unwrap();
            scenario.actions.push(action);
        }
        let replayed = scenario.replay().unwrap();
        prop_assert_eq!(replayed.view(), world.view());
    }
}
