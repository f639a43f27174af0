//! Chandy-Lamport under thousands of random schedules: transfers, concurrent snapshots, and every
//! delivery order FIFO channels allow. Safety must hold after every step, and once the network
//! drains every snapshot must have terminated.

use proptest::prelude::*;
use serde_json::json;
use synod_core::action::Action;
use synod_core::scenario::Scenario;
use synod_core::scheduler::{Fault, Faults};
use synod_core::simulation::Simulation;
use synod_core::verdict::{Blame, Status, Verdict};

fn scenario(nodes: u32, seed: u64, variant: &str, channels: &str) -> Scenario {
    Scenario::new(
        "chandy-lamport",
        json!({"nodes": nodes, "variant": variant}),
        Some(serde_json::from_value(json!({"channels": channels})).unwrap()),
        seed,
    )
}

fn verdict<'a>(verdicts: &'a [Verdict], name: &str) -> &'a Verdict {
    verdicts.iter().find(|v| v.name == name).unwrap()
}

/// Runs the scheduler for `steps` steps, calling `check` after each, then delivers everything
/// left in flight.
fn play(
    world: &mut dyn Simulation,
    steps: u32,
    faults: &Faults,
    mut check: impl FnMut(&dyn Simulation),
) {
    for _ in 0..steps {
        let Some(action) = world.random_action(faults) else {
            break;
        };
        world
            .apply(&action)
            .expect("the scheduler only picks legal actions");
        check(world);
    }
    while let Some(id) = next_deliverable(world) {
        world.apply(&Action::Deliver(id)).unwrap();
        check(world);
    }
}

fn next_deliverable(world: &dyn Simulation) -> Option<u64> {
    let view = world.view();
    let id = view.in_flight().find(|m| m.blocked.is_none()).map(|m| m.id);
    id
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn correct_snapshots_are_consistent_conserve_money_and_terminate(
        nodes in 2u32..=5,
        seed in any::<u64>(),
        steps in 10u32..60,
    ) {
        let mut world = scenario(nodes, seed, "correct", "fifo").start().unwrap();
        play(world.as_mut(), steps, &Faults::new(), |w| {
            let verdicts = w.verdicts();
            for name in ["consistent-cut", "conservation"] {
                let v = verdict(&verdicts, name);
                assert_eq!(v.status, Status::Holds, "step {}: {v:?}", w.step());
            }
            assert_ne!(verdict(&verdicts, "snapshot-termination").status, Status::Violated);
        });
        let verdicts = world.verdicts();
        prop_assert_eq!(verdict(&verdicts, "snapshot-termination").status, Status::Holds);
        prop_assert_eq!(world.view().in_flight().count(), 0);
    }

    #[test]
    fn with_faults_any_violation_is_blamed_on_a_broken_assumption(
        nodes in 2u32..=4,
        seed in any::<u64>(),
        steps in 10u32..60,
    ) {
        let faults: Faults = Fault::ALL.into_iter().collect();
        let mut world = scenario(nodes, seed, "correct", "fifo").start().unwrap();
        play(world.as_mut(), steps, &faults, |w| {
            for v in w.verdicts() {
                if v.status == Status::Violated {
                    assert_eq!(v.blame, Some(Blame::Assumption), "step {}: {v:?}", w.step());
                }
            }
        });
    }

    #[test]
    fn random_runs_replay_to_the_identical_trace(
        seed in any::<u64>(),
        steps in 1u32..40,
    ) {
        let mut scenario = scenario(3, seed, "correct", "fifo");
        let mut world = scenario.start().unwrap();
        let faults: Faults = Fault::ALL.into_iter().collect();
        for _ in 0..steps {
            let Some(action) = world.random_action(&faults) else { break };
            world.apply(&action).unwrap();
            scenario.actions.push(action);
        }
        let replayed = scenario.replay().unwrap();
        prop_assert_eq!(replayed.view(), world.view());
    }
}

/// How many of `runs` random runs of a variant violate `property`.
fn runs_violating(variant: &str, channels: &str, property: &str, runs: u64) -> usize {
    (0..runs)
        .filter(|seed| {
            let mut world = scenario(3, *seed, variant, channels).start().unwrap();
            play(world.as_mut(), 40, &Faults::new(), |_| {});
            verdict(&world.verdicts(), property).status == Status::Violated
        })
        .count()
}

#[test]
fn random_runs_catch_the_no_channel_state_variant() {
    assert!(runs_violating("no-channel-state", "fifo", "conservation", 200) > 0);
}

#[test]
fn random_runs_catch_the_markers_after_traffic_variant() {
    assert!(runs_violating("markers-after-traffic", "fifo", "consistent-cut", 200) > 0);
}

#[test]
fn random_runs_on_unordered_channels_break_the_cut() {
    assert!(runs_violating("correct", "unordered", "consistent-cut", 200) > 0);
}
