//! The model checker on the real protocols.
//!
//! Exact state counts pin the canonical state and the move enumeration, so a change to either
//! shows here first. Every flawed variant's shortest counterexample is replayed as an ordinary
//! scenario. Liveness counterexamples end in states that no continuation rescues, and the page's
//! hand-written "Blocked" diagnosis has to agree with that. Fingerprints identify situations, not
//! histories.
//!
//! Debug-profile timings are noted on the slow tests; the exploring tests stay under ~10 s each.

use std::collections::{HashSet, VecDeque};
use std::path::{Path, PathBuf};

use serde_json::{json, Value};
use synod_core::action::{Action, Crash};
use synod_core::checker::check::{
    check, Bounds, CheckReport, Counterexample, Finding, FindingStatus,
};
use synod_core::network::{Channels, Network, Timing};
use synod_core::probe::probe;
use synod_core::protocol::Protocol;
use synod_core::protocols::chandy_lamport::{self, ChandyLamport};
use synod_core::scenario::Scenario;
use synod_core::scheduler::{Fault, Faults};
use synod_core::state::{NodeSlot, State};
use synod_core::verdict::{Blame, Kind, Status, Verdict};
use synod_core::world::World;

/// Explores every run of `protocol` from its initial state.
fn explore(protocol: &str, params: Value, bounds: Bounds) -> CheckReport {
    explore_from(&Scenario::new(protocol, params, None, 0), bounds)
}

/// Explores every continuation of `start`.
fn explore_from(start: &Scenario, bounds: Bounds) -> CheckReport {
    check(start, &bounds, &mut |_| {}).unwrap()
}

/// Scenario actions written as JSON.
fn actions(list: Value) -> Vec<Action<Value>> {
    serde_json::from_value(list).unwrap()
}

fn finding<'a>(report: &'a CheckReport, name: &str) -> &'a Finding {
    report
        .properties
        .iter()
        .find(|f| f.name == name)
        .unwrap_or_else(|| panic!("no property {name}"))
}

/// The verdict on `name` once `scenario` has been replayed.
fn verdict_after(scenario: &Scenario, name: &str) -> Verdict {
    scenario
        .replay()
        .unwrap()
        .verdicts()
        .into_iter()
        .find(|v| v.name == name)
        .unwrap_or_else(|| panic!("no property {name}"))
}

/// Every property holds in every explored state, the search saw everything, and the protocol
/// promises each property under these bounds (so "holds" is a real claim, not a lucky one).
fn assert_everything_holds(report: &CheckReport) {
    assert!(report.complete);
    for f in &report.properties {
        assert_eq!(f.status, FindingStatus::Holds, "{}", f.name);
        assert!(f.counterexample.is_none(), "{}", f.name);
        assert!(f.guaranteed, "{}", f.name);
    }
    assert!(!report.broken_guarantee());
}

/// Asserts the shortest counterexample to safety property `name` has `length` steps, and that
/// the scenario it comes as replays to a world that breaks `name` at exactly its last step.
fn assert_caught(report: &CheckReport, name: &str, length: u32) -> Counterexample {
    assert!(report.complete);
    let f = finding(report, name);
    assert_eq!(f.kind, Kind::Safety);
    assert_eq!(f.status, FindingStatus::Violated, "{name}");
    let example = f
        .counterexample
        .clone()
        .expect("a violation has a counterexample");
    assert_eq!(example.length, length, "{name}");
    assert_eq!(example.scenario.actions.len(), length as usize);
    let world = example.scenario.replay().unwrap();
    assert_eq!(world.step(), u64::from(length));
    let verdict = verdict_after(&example.scenario, name);
    assert_eq!(verdict.status, Status::Violated, "{verdict:?}");
    assert_eq!(verdict.step, Some(u64::from(length)), "{verdict:?}");
    // One step earlier the property still held: the violation is the last step's doing.
    let before = example.scenario.replay_prefix(length as usize - 1).unwrap();
    let earlier = before
        .verdicts()
        .into_iter()
        .find(|v| v.name == name)
        .unwrap();
    assert_eq!(earlier.status, Status::Holds, "{earlier:?}");
    example
}

// ---------------------------------------------------------------------------------------------
// The correct protocols under stated budgets.

#[test]
fn two_phase_commit_keeps_every_promise_through_a_crash_a_recovery_and_a_drop() {
    // Two participants: with three the same bounds give 295,252 states and 2,158,173
    // transitions (all holding), which takes 21 to 28 s in the debug test profile.
    let report = explore(
        "two-phase-commit",
        json!({"participants": 2}),
        Bounds {
            crashes: 1,
            recoveries: 1,
            drops: 1,
            ..Bounds::default()
        },
    );
    assert_everything_holds(&report);
    assert_eq!(report.unique_states, 11_678);
    assert_eq!(report.transitions, 69_301);
    assert_eq!(report.max_depth, 14);
    assert_eq!(report.bounds.commands, Some(1), "the client's commit");
    assert_eq!(report.network.timing, Timing::Async);
}

#[test]
fn three_phase_commit_keeps_every_promise_through_any_one_crash() {
    let report = explore(
        "three-phase-commit",
        json!({"participants": 3}),
        Bounds {
            crashes: 1,
            ..Bounds::default()
        },
    );
    assert_eq!(report.network.timing, Timing::Sync);
    assert_everything_holds(&report);
    assert_eq!(report.unique_states, 7_687);
    assert_eq!(report.transitions, 27_174);
    assert_eq!(report.max_depth, 28);
}

#[test]
fn chandy_lamport_snapshots_are_consistent_and_complete_in_every_fifo_run() {
    // Three nodes with two commands (a transfer and a snapshot, two snapshots, ...): the default
    // budget of three takes 12 to 18 s in debug (see the ignored test below).
    let three = explore(
        "chandy-lamport",
        json!({"nodes": 3}),
        Bounds {
            commands: Some(2),
            ..Bounds::default()
        },
    );
    assert_eq!(three.network.channels, Channels::Fifo);
    assert_everything_holds(&three);
    assert_eq!(three.unique_states, 4_159);
    assert_eq!(three.transitions, 12_354);
    assert_eq!(three.max_depth, 14);
    // Two nodes with the default budget: two transfers and a snapshot.
    let two = explore("chandy-lamport", json!({"nodes": 2}), Bounds::default());
    assert_eq!(two.bounds.commands, Some(3));
    assert_everything_holds(&two);
    assert_eq!(two.unique_states, 1_477);
    assert_eq!(two.transitions, 2_442);
    assert_eq!(two.max_depth, 9);
}

#[test]
fn chandy_lamport_with_three_nodes_and_the_default_budget_keeps_every_promise() {
    let report = explore("chandy-lamport", json!({"nodes": 3}), Bounds::default());
    assert_eq!(report.bounds.commands, Some(3));
    assert_everything_holds(&report);
    assert_eq!(report.unique_states, 148_873);
    assert_eq!(report.transitions, 511_719);
    assert_eq!(report.max_depth, 21);
}

/// Breadth-first search over whole worlds, moving by id-based actions as the page and the
/// scheduler do, and telling states apart by equality rather than by fingerprint: the
/// checker's content-based moves and 64-bit fingerprints must find exactly the same states.
fn search_worlds(protocol: ChandyLamport, network: Network, commands: u32) -> (u64, u64) {
    let start = World::new(protocol.clone(), network, 0);
    let mut seen: HashSet<State<ChandyLamport>> = HashSet::from([start.state().clone()]);
    let mut queue = VecDeque::from([start]);
    let mut transitions = 0;
    while let Some(world) = queue.pop_front() {
        let mut actions = Vec::new();
        if world.state().spent().commands < commands {
            for node in 0..world.node_count() {
                if let NodeSlot::Up(local) = world.slot(node) {
                    let cmds = protocol.commands(local).into_iter();
                    actions.extend(cmds.map(|cmd| Action::Command { node, cmd }));
                }
            }
        }
        actions.extend(world.deliverable().into_iter().map(Action::Deliver));
        for action in actions {
            let mut next = world.clone();
            if next.apply(action).is_ok() {
                transitions += 1;
                if seen.insert(next.state().clone()) {
                    queue.push_back(next);
                }
            }
        }
    }
    (seen.len() as u64, transitions)
}

#[test]
fn an_independent_search_over_worlds_finds_the_same_chandy_lamport_states() {
    let fifo = Network {
        channels: Channels::Fifo,
        timing: Timing::Async,
    };
    for (nodes, commands) in [(3, 2), (2, 3)] {
        let protocol = ChandyLamport::new(chandy_lamport::Params {
            nodes,
            balances: None,
            variant: chandy_lamport::Variant::Correct,
        })
        .unwrap();
        let report = explore(
            "chandy-lamport",
            json!({"nodes": nodes}),
            Bounds {
                commands: Some(commands),
                ..Bounds::default()
            },
        );
        assert_eq!(
            search_worlds(protocol, fifo.clone(), commands),
            (report.unique_states, report.transitions),
            "{nodes} nodes, {commands} commands"
        );
    }
}

#[test]
fn fifo_multicast_keeps_its_promises_and_is_caught_without_causal_and_total_order() {
    // Three nodes, two multicasts (the default budget), unordered channels.
    let report = explore("fifo-multicast", json!({"nodes": 3}), Bounds::default());
    assert!(report.complete);
    assert_eq!(report.unique_states, 181);
    assert_eq!(report.transitions, 333);
    for promised in ["fifo-order", "integrity", "validity", "agreement"] {
        let f = finding(&report, promised);
        assert!(f.guaranteed, "{promised}");
        assert_eq!(f.status, FindingStatus::Holds, "{promised}");
    }
    assert!(!report.broken_guarantee());
    // Not promised, and so shown: node 2 takes node 1's copy of a message multicast after node 1
    // delivered node 0's (four steps), or two senders' messages in two orders (three).
    let causal = assert_caught(&report, "causal-order", 4);
    assert!(!finding(&report, "causal-order").guaranteed);
    assert_eq!(
        causal.scenario.actions,
        actions(json!([
            {"command": {"node": 0, "cmd": {"multicast": "m0.1"}}},
            {"deliver": 0},
            {"command": {"node": 1, "cmd": {"multicast": "m1.1"}}},
            {"deliver": 3}
        ]))
    );
    assert_caught(&report, "total-order", 3);
}

#[test]
fn a_sender_crashing_mid_send_is_how_unreliable_multicast_loses_agreement() {
    let bounds = Bounds {
        crashes: 1,
        ..Bounds::default()
    };
    let report = explore("fifo-multicast", json!({"nodes": 3}), bounds);
    assert!(report.complete);
    assert_eq!((report.unique_states, report.transitions), (943, 2_007));
    let agreement = finding(&report, "agreement");
    assert!(!agreement.guaranteed);
    assert_eq!(agreement.status, FindingStatus::Violated);
    // Node 0 multicasts and dies before its copy for node 1 leaves; node 2 delivers its copy.
    let example = agreement.counterexample.clone().unwrap();
    assert_eq!(
        example.scenario.actions,
        actions(json!([
            {"command": {"node": 0, "cmd": {"multicast": "m0.1"}}},
            {"crash": {"node": 0, "unsent": [0]}},
            {"deliver": 1}
        ]))
    );
    assert_eq!(
        verdict_after(&example.scenario, "agreement").status,
        Status::Violated
    );
}

#[test]
fn reliable_fifo_multicast_keeps_its_promises_through_a_crash_and_a_duplicate() {
    let bounds = Bounds {
        crashes: 1,
        duplicates: 1,
        ..Bounds::default()
    };
    let report = explore(
        "fifo-multicast",
        json!({"nodes": 3, "reliable": true}),
        bounds,
    );
    assert!(report.complete);
    assert_eq!(report.unique_states, 26_539);
    for promised in ["fifo-order", "integrity", "validity", "agreement"] {
        let f = finding(&report, promised);
        assert!(f.guaranteed, "{promised}");
        assert_eq!(f.status, FindingStatus::Holds, "{promised}");
    }
}

#[test]
fn causal_multicast_keeps_its_promises_and_shows_that_concurrent_messages_go_either_way() {
    let report = explore("causal-multicast", json!({"nodes": 3}), Bounds::default());
    assert!(report.complete);
    assert_eq!(report.unique_states, 169);
    assert_eq!(report.transitions, 327);
    for promised in [
        "fifo-order",
        "causal-order",
        "integrity",
        "validity",
        "agreement",
    ] {
        let f = finding(&report, promised);
        assert!(f.guaranteed, "{promised}");
        assert_eq!(f.status, FindingStatus::Holds, "{promised}");
    }
    // Two concurrent multicasts, delivered in two orders.
    assert_caught(&report, "total-order", 3);
    assert!(!finding(&report, "total-order").guaranteed);
    // Three multicasts: the benchmark's size.
    let three = Bounds {
        commands: Some(3),
        ..Bounds::default()
    };
    let report = explore("causal-multicast", json!({"nodes": 3}), three);
    assert_eq!(report.unique_states, 2_298);
    assert_eq!(
        finding(&report, "causal-order").status,
        FindingStatus::Holds
    );
}

#[test]
fn reliable_causal_multicast_keeps_its_promises_through_a_crash_and_a_duplicate() {
    let bounds = Bounds {
        crashes: 1,
        duplicates: 1,
        ..Bounds::default()
    };
    let report = explore(
        "causal-multicast",
        json!({"nodes": 3, "reliable": true}),
        bounds,
    );
    assert!(report.complete);
    assert_eq!(report.unique_states, 23_275);
    for promised in [
        "fifo-order",
        "causal-order",
        "integrity",
        "validity",
        "agreement",
    ] {
        let f = finding(&report, promised);
        assert!(f.guaranteed, "{promised}");
        assert_eq!(f.status, FindingStatus::Holds, "{promised}");
    }
}

#[test]
fn total_order_multicast_and_its_hybrids_keep_their_promises() {
    // Plain total order: one order for all, but the sequencer numbers on arrival, so a sender's
    // second message may be numbered first.
    let report = explore("total-multicast", json!({"nodes": 3}), Bounds::default());
    assert!(report.complete);
    assert_eq!((report.unique_states, report.transitions), (1_481, 4_969));
    for promised in ["total-order", "integrity", "validity", "agreement"] {
        assert_eq!(
            finding(&report, promised).status,
            FindingStatus::Holds,
            "{promised}"
        );
    }
    let fifo = assert_caught(&report, "fifo-order", 3);
    assert!(!finding(&report, "fifo-order").guaranteed);
    assert_eq!(
        fifo.scenario.actions,
        actions(json!([
            {"command": {"node": 1, "cmd": {"multicast": "m1.1"}}},
            {"command": {"node": 1, "cmd": {"multicast": "m1.2"}}},
            {"deliver": 2}
        ]))
    );
    // The hybrids number each sender's messages in its order (and, with a sequencer that must
    // number a message before anyone delivers it, causal-total numbers exactly as FIFO-total).
    for order in ["fifo-total", "causal-total"] {
        let report = explore(
            "total-multicast",
            json!({"nodes": 3, "order": order}),
            Bounds::default(),
        );
        assert!(report.complete);
        assert_eq!(
            (report.unique_states, report.transitions),
            (1_329, 4_505),
            "{order}"
        );
        assert!(!report.broken_guarantee(), "{order}");
        for property in [
            "fifo-order",
            "causal-order",
            "total-order",
            "validity",
            "agreement",
        ] {
            let f = finding(&report, property);
            assert_eq!(f.status, FindingStatus::Holds, "{order} {property}");
        }
        assert_eq!(
            finding(&report, "causal-order").guaranteed,
            order == "causal-total"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Every flawed variant is caught, by a shortest counterexample that replays.

#[test]
fn no_hold_back_is_caught_delivering_a_later_message_first() {
    let report = explore(
        "fifo-multicast",
        json!({"nodes": 3, "variant": "no-hold-back"}),
        Bounds::default(),
    );
    assert!(report.broken_guarantee());
    assert_eq!(report.unique_states, 208);
    // Two multicasts from node 0, and node 1 takes the second copy first.
    let fifo = assert_caught(&report, "fifo-order", 3);
    assert_eq!(
        fifo.scenario.actions,
        actions(json!([
            {"command": {"node": 0, "cmd": {"multicast": "m0.1"}}},
            {"command": {"node": 0, "cmd": {"multicast": "m0.2"}}},
            {"deliver": 2}
        ]))
    );
}

#[test]
fn no_dependency_check_is_caught_delivering_a_reply_before_its_post() {
    let report = explore(
        "causal-multicast",
        json!({"nodes": 3, "variant": "no-dependency-check"}),
        Bounds::default(),
    );
    assert!(report.broken_guarantee());
    assert_eq!(report.unique_states, 181);
    // Node 1 delivers node 0's post and replies; node 2 takes the reply first.
    let causal = assert_caught(&report, "causal-order", 4);
    assert_eq!(
        causal.scenario.actions,
        actions(json!([
            {"command": {"node": 0, "cmd": {"multicast": "m0.1"}}},
            {"deliver": 0},
            {"command": {"node": 1, "cmd": {"multicast": "m1.1"}}},
            {"deliver": 3}
        ]))
    );
}

#[test]
fn skip_number_check_is_caught_delivering_a_later_number_first() {
    let report = explore(
        "total-multicast",
        json!({"nodes": 3, "variant": "skip-number-check"}),
        Bounds::default(),
    );
    assert!(report.broken_guarantee());
    assert_eq!(report.unique_states, 1_740);
    // The sequencer multicasts twice; node 1 gets the second message and its number first.
    let total = assert_caught(&report, "total-order", 4);
    assert_eq!(
        total.scenario.actions,
        actions(json!([
            {"command": {"node": 0, "cmd": {"multicast": "m0.1"}}},
            {"command": {"node": 0, "cmd": {"multicast": "m0.2"}}},
            {"deliver": 4},
            {"deliver": 6}
        ]))
    );
}

#[test]
fn majority_commit_is_caught_overruling_a_no_vote() {
    let report = explore(
        "two-phase-commit",
        json!({"participants": 3, "variant": "majority-commit", "votes": ["yes", "yes", "no"]}),
        Bounds::default(),
    );
    assert!(report.broken_guarantee());
    // The client's commit, two prepares and two yes votes: the coordinator commits without the
    // third participant's vote.
    let validity = assert_caught(&report, "commit-validity", 5);
    assert_eq!(
        validity.scenario.actions[..1],
        actions(json!([{"command": {"node": 0, "cmd": "commit"}}]))
    );
    // One step more: the third participant aborts (its prepare arrives, or it times out).
    assert_caught(&report, "atomicity", 6);
    assert_eq!(finding(&report, "termination").status, FindingStatus::Holds);
}

#[test]
fn forgetful_participant_is_caught_aborting_what_the_coordinator_committed() {
    // Two participants (with three the shortest run has 9 steps, and the search over 125,959
    // states takes 7 to 11 s in debug).
    let report = explore(
        "two-phase-commit",
        json!({"participants": 2, "variant": "forgetful-participant"}),
        Bounds {
            crashes: 1,
            recoveries: 1,
            ..Bounds::default()
        },
    );
    // Commit, two prepares, two votes (the coordinator commits), then a prepared participant
    // crashes and recovers forgetting it was prepared.
    let example = assert_caught(&report, "atomicity", 7);
    let tail = actions(json!([{"crash": 1}, {"recover": 1}]));
    assert_eq!(example.scenario.actions[5..], tail);
    assert_eq!(
        finding(&report, "commit-validity").status,
        FindingStatus::Holds
    );
    // Without a recovery the flaw cannot show.
    let no_recovery = explore(
        "two-phase-commit",
        json!({"participants": 2, "variant": "forgetful-participant"}),
        Bounds {
            crashes: 1,
            ..Bounds::default()
        },
    );
    assert_eq!(
        finding(&no_recovery, "atomicity").status,
        FindingStatus::Holds
    );
}

#[test]
fn eager_recovery_needs_two_crashes_and_a_recovery_to_split_the_outcome() {
    let params = json!({"participants": 2, "variant": "eager-recovery"});
    let one_crash = explore(
        "three-phase-commit",
        params.clone(),
        Bounds {
            crashes: 1,
            recoveries: 1,
            ..Bounds::default()
        },
    );
    assert_everything_holds(&one_crash);
    // ~2 s in debug. (With three crashes, as in the gallery's 17-step story, the shortest run
    // has 14 steps.)
    let two_crashes = explore(
        "three-phase-commit",
        params,
        Bounds {
            crashes: 2,
            recoveries: 1,
            ..Bounds::default()
        },
    );
    assert!(two_crashes.broken_guarantee());
    // The coordinator crashes before its pre-commit to one participant leaves it; a second crash,
    // mid-send too, and an eager recovery then split the outcome (16 steps; 19 when crashes could
    // not cut sends short).
    let example = assert_caught(&two_crashes, "atomicity", 16);
    let blame = verdict_after(&example.scenario, "atomicity").explanation;
    assert!(blame.starts_with("The eager-recovery variant"), "{blame}");
    assert_eq!(
        finding(&two_crashes, "commit-validity").status,
        FindingStatus::Holds
    );
}

#[test]
fn markers_after_traffic_is_caught_cutting_a_transfer_backwards() {
    let params = json!({"nodes": 2, "variant": "markers-after-traffic"});
    let one_command = explore(
        "chandy-lamport",
        params.clone(),
        Bounds {
            commands: Some(1),
            ..Bounds::default()
        },
    );
    assert_eq!(
        finding(&one_command, "consistent-cut").status,
        FindingStatus::Holds
    );
    // A snapshot whose markers are held back never ends when no transfer follows it.
    let stuck = finding(&one_command, "snapshot-termination");
    assert_eq!(stuck.status, FindingStatus::Violated);
    assert_eq!(stuck.counterexample.as_ref().unwrap().length, 1);
    // Snapshot at node 0, a transfer sent ahead of its held-back marker, the transfer's delivery,
    // then the marker's: node 1 records a balance that counts money node 0 sent after recording.
    let two_commands = explore(
        "chandy-lamport",
        params,
        Bounds {
            commands: Some(2),
            ..Bounds::default()
        },
    );
    assert!(two_commands.broken_guarantee());
    assert_caught(&two_commands, "consistent-cut", 4);
    assert_eq!(
        finding(&two_commands, "conservation").status,
        FindingStatus::Holds
    );
}

#[test]
fn no_channel_state_is_caught_losing_money_in_transit() {
    let params = json!({"nodes": 2, "variant": "no-channel-state"});
    let one_command = explore(
        "chandy-lamport",
        params.clone(),
        Bounds {
            commands: Some(1),
            ..Bounds::default()
        },
    );
    assert_everything_holds(&one_command);
    // A transfer in flight, a snapshot at its receiver, the marker back: $10 is in no record.
    let two_commands = explore(
        "chandy-lamport",
        params,
        Bounds {
            commands: Some(2),
            ..Bounds::default()
        },
    );
    let example = assert_caught(&two_commands, "conservation", 3);
    let why = verdict_after(&example.scenario, "conservation").explanation;
    assert!(why.starts_with("Recorded $190, not $200"), "{why}");
    assert_eq!(
        finding(&two_commands, "consistent-cut").status,
        FindingStatus::Holds
    );
}

// ---------------------------------------------------------------------------------------------
// Liveness.

#[test]
fn a_coordinator_crash_without_recovery_dooms_termination_three_steps_in() {
    // 10 s in debug.
    let report = explore(
        "two-phase-commit",
        json!({"participants": 3}),
        Bounds {
            crashes: 1,
            ..Bounds::default()
        },
    );
    assert!(report.complete);
    assert_eq!(report.unique_states, 73_817);
    assert_eq!(report.transitions, 536_657);
    assert!(!report.broken_guarantee(), "atomicity and validity hold");
    let termination = finding(&report, "termination");
    assert!(
        !termination.guaranteed,
        "a crash without a recovery may block 2PC"
    );
    assert_eq!(termination.status, FindingStatus::Violated);
    let example = termination.counterexample.clone().unwrap();
    // Commit, node 1 prepares (and votes yes), the coordinator crashes: node 1 can never learn
    // the outcome, whatever else happens.
    assert_eq!(example.length, 3);
    assert_eq!(
        example.scenario.actions,
        actions(json!([
            {"command": {"node": 0, "cmd": "commit"}}, {"deliver": 0}, {"crash": 0}
        ]))
    );
    // The page does not call it blocked yet: nodes 2 and 3 may still abort on a timeout.
    let verdict = verdict_after(&example.scenario, "termination");
    assert_eq!(verdict.status, Status::Pending);
    assert_eq!(
        verdict.explanation,
        "Still deciding: node(s) 1, 2, 3 undecided."
    );
    // Doomed indeed: no continuation without faults terminates...
    let zero = Bounds::default();
    let from_there = explore_from(&example.scenario, zero);
    let doomed = finding(&from_there, "termination").counterexample.as_ref();
    assert_eq!(doomed.map(|c| c.length), Some(0));
    // ...while one step earlier, with the crash still in the budget, it was not yet.
    let mut parent = example.scenario.clone();
    parent.actions.pop();
    let one_crash = Bounds {
        crashes: 1,
        ..Bounds::default()
    };
    let earlier = explore_from(&parent, one_crash);
    let later = finding(&earlier, "termination").counterexample.as_ref();
    assert_eq!(later.map(|c| c.length), Some(1));
    // Once the other two have prepared as well, the page says what the checker knew.
    let mut blocked = example.scenario.clone();
    blocked
        .actions
        .extend(actions(json!([{"deliver": 1}, {"deliver": 2}])));
    assert_eq!(
        verdict_after(&blocked, "termination").explanation,
        "Blocked: every prepared participant is uncertain and the coordinator is down."
    );
}

/// Whether the page calls termination blocked after `scenario`.
fn page_says_blocked(world_verdicts: &[Verdict]) -> bool {
    let termination = world_verdicts
        .iter()
        .find(|v| v.name == "termination")
        .unwrap();
    termination.explanation.starts_with("Blocked")
}

/// The page's "Blocked" is a promise that no run from here decides until a crashed node
/// recovers: with no faults at all, the checker must find termination lost right where the run
/// stands (a counterexample of length 0, which is the run itself).
fn assert_doomed_where_it_stands(prefix: &Scenario) {
    // No command can help either (the coordinator is down and nobody still votes): the
    // protocol's default command budget is allowed, not just what remains.
    let report = explore_from(prefix, Bounds::default());
    assert!(report.complete);
    let termination = finding(&report, "termination");
    assert_eq!(
        termination.counterexample.as_ref().map(|c| c.length),
        Some(0),
        "{}",
        serde_json::to_string(prefix).unwrap()
    );
    let example = termination.counterexample.as_ref().unwrap();
    assert_eq!(example.scenario.actions, prefix.actions);
}

fn gallery(protocol: &str) -> Vec<(PathBuf, Scenario)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../web/scenarios")
        .join(protocol);
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|f| f.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).unwrap();
            (path, Scenario::from_json(&text).unwrap())
        })
        .collect()
}

#[test]
fn every_blocked_prefix_of_the_gallery_is_doomed_for_the_checker_too() {
    let mut blocked = Vec::new();
    for protocol in ["two-phase-commit", "three-phase-commit"] {
        for (path, scenario) in gallery(protocol) {
            for count in 0..=scenario.actions.len() {
                let verdicts = scenario.replay_prefix(count).unwrap().verdicts();
                if !page_says_blocked(&verdicts) {
                    continue;
                }
                let mut prefix = scenario.clone();
                prefix.actions.truncate(count);
                prefix.cursor = None;
                assert_doomed_where_it_stands(&prefix);
                let name = path.file_stem().unwrap().to_str().unwrap().to_string();
                blocked.push((name, count));
            }
        }
    }
    // Pinned so that the test cannot pass by finding nothing blocked.
    let expected: Vec<(String, usize)> = (5..=10)
        .map(|n| ("blocking".to_string(), n))
        .chain((5..=12).map(|n| ("cooperative-still-blocks".to_string(), n)))
        .collect();
    assert_eq!(blocked, expected);
}

#[test]
fn every_blocked_state_of_random_runs_is_doomed_for_the_checker_too() {
    let faults: Faults = [Fault::Crash, Fault::Recover, Fault::Drop]
        .into_iter()
        .collect();
    let mut blocked = [0u32; 2];
    for (index, protocol) in ["two-phase-commit", "three-phase-commit"]
        .iter()
        .enumerate()
    {
        for seed in 0..150u64 {
            let params = json!({
                "participants": 2 + seed % 2,
                "cooperative": *protocol == "two-phase-commit" && seed % 4 >= 2,
            });
            let mut scenario = Scenario::new(protocol, params, None, seed);
            let mut world = scenario.start().unwrap();
            for _ in 0..40 {
                let Some(action) = world.random_action(&faults) else {
                    break;
                };
                world.apply(&action).unwrap();
                scenario.actions.push(action);
                if page_says_blocked(&world.verdicts()) {
                    assert_doomed_where_it_stands(&scenario);
                    blocked[index] += 1;
                }
            }
        }
    }
    // Pinned so that the test cannot pass by finding nothing blocked.
    assert_eq!(blocked, [134, 195]);
}

// ---------------------------------------------------------------------------------------------
// Fingerprints.

fn fingerprint_after(
    protocol: &str,
    params: Value,
    network: Value,
    seed: u64,
    steps: Value,
) -> u64 {
    let mut scenario = Scenario::new(
        protocol,
        params,
        Some(serde_json::from_value(network).unwrap()),
        seed,
    );
    scenario.actions = actions(steps);
    probe(&*scenario.replay().unwrap()).fingerprint()
}

#[test]
fn two_interleavings_that_reach_the_same_situation_have_the_same_fingerprint() {
    let two_pc = |seed: u64, steps: Value| {
        fingerprint_after(
            "two-phase-commit",
            json!({"participants": 3}),
            json!({}),
            seed,
            steps,
        )
    };
    let commit = json!({"command": {"node": 0, "cmd": "commit"}});
    // The prepares for nodes 1 and 2 arrive in either order: the votes and the decision timers
    // get different ids, but the situation is the same.
    let one_then_two = two_pc(0, json!([commit, {"deliver": 0}, {"deliver": 1}]));
    let two_then_one = two_pc(0, json!([commit, {"deliver": 1}, {"deliver": 0}]));
    assert_eq!(one_then_two, two_then_one);
    // The seed steers only the random scheduler: it is no part of the situation.
    assert_eq!(
        two_pc(41, json!([commit, {"deliver": 1}, {"deliver": 0}])),
        one_then_two
    );
    // Different situations differ.
    let one_then_three = two_pc(0, json!([commit, {"deliver": 0}, {"deliver": 2}]));
    assert_ne!(one_then_two, one_then_three);
    assert_ne!(two_pc(0, json!([commit, {"deliver": 0}])), one_then_two);
}

#[test]
fn channel_order_counts_on_fifo_channels_and_not_on_unordered_ones() {
    let transfers = |channels: &str, first: u64, second: u64| {
        fingerprint_after(
            "chandy-lamport",
            json!({"nodes": 2}),
            json!({"channels": channels}),
            0,
            json!([
                {"command": {"node": 0, "cmd": {"transfer": {"to": 1, "amount": first}}}},
                {"command": {"node": 0, "cmd": {"transfer": {"to": 1, "amount": second}}}},
            ]),
        )
    };
    // Node 0 ends with $70 either way; what differs is which transfer node 1 can receive first.
    assert_ne!(transfers("fifo", 10, 20), transfers("fifo", 20, 10));
    assert_eq!(
        transfers("unordered", 10, 20),
        transfers("unordered", 20, 10)
    );
}

#[test]
fn budget_spent_is_part_of_the_situation() {
    let after = |steps: Value| {
        fingerprint_after("chandy-lamport", json!({"nodes": 2}), json!({}), 0, steps)
    };
    // A crash and a recovery before anything happened leave node 1 exactly as it was, but the
    // run has spent a crash and a recovery, so the checker must not merge the two.
    assert_ne!(
        after(json!([])),
        after(json!([{"crash": 1}, {"recover": 1}]))
    );
    // Which node it was does not matter once both are back as they were.
    assert_eq!(
        after(json!([{"crash": 1}, {"recover": 1}])),
        after(json!([{"crash": 0}, {"recover": 0}]))
    );
}

/// On a FIFO channel, which of two equal (not adjacent) copies is dropped changes the order of
/// what is left: the canonical state must drop the copy the action named, as the history does,
/// or two different situations would share a fingerprint and a checker path would not replay.
#[test]
fn dropping_a_later_equal_copy_on_a_fifo_channel_keeps_the_channel_order() {
    let three_transfers = json!([
        {"command": {"node": 0, "cmd": {"transfer": {"to": 1, "amount": 10}}}},
        {"command": {"node": 0, "cmd": {"transfer": {"to": 1, "amount": 20}}}},
        {"command": {"node": 0, "cmd": {"transfer": {"to": 1, "amount": 10}}}},
    ]);
    let dropping = |id: u64| {
        let mut steps = actions(three_transfers.clone());
        steps.extend(actions(json!([{"drop": id}])));
        let mut scenario = Scenario::new("chandy-lamport", json!({"nodes": 2}), None, 0);
        scenario.actions = steps;
        scenario
    };
    // Channel 0→1 holds $10, $20 after dropping message 2, and $20, $10 after dropping message 0:
    // different situations (node 1 can receive $10 first in one and $20 first in the other).
    let last = dropping(2);
    assert_ne!(
        probe(&*last.replay().unwrap()).fingerprint(),
        probe(&*dropping(0).replay().unwrap()).fingerprint()
    );
    // And the checker, which explores from the canonical state, must not panic turning its path
    // into ids: with a snapshot started, every complete snapshot miscounts the dropped $10.
    let mut from = last;
    from.actions.extend(actions(
        json!([{"command": {"node": 0, "cmd": "snapshot"}}]),
    ));
    let report = explore_from(&from, Bounds::default());
    assert_eq!(
        finding(&report, "conservation").status,
        FindingStatus::Violated
    );
}

#[test]
fn on_unordered_channels_a_transfer_overtakes_a_marker_and_breaks_the_snapshot() {
    // The correct algorithm, but FIFO channels are its assumption: on unordered ones neither
    // the cut nor the count is promised, and four steps break each.
    let unordered = Scenario::new(
        "chandy-lamport",
        json!({"nodes": 2}),
        Some(serde_json::from_value(json!({"channels": "unordered"})).unwrap()),
        0,
    );
    let one_command = explore_from(
        &unordered,
        Bounds {
            commands: Some(1),
            ..Bounds::default()
        },
    );
    assert_eq!(one_command.network.channels, Channels::Unordered);
    assert!(one_command.complete);
    for f in &one_command.properties {
        assert_eq!(f.status, FindingStatus::Holds, "{}", f.name);
    }
    let two_commands = explore_from(
        &unordered,
        Bounds {
            commands: Some(2),
            ..Bounds::default()
        },
    );
    for name in ["consistent-cut", "conservation"] {
        assert!(!finding(&two_commands, name).guaranteed, "{name}");
    }
    assert!(finding(&two_commands, "snapshot-termination").guaranteed);
    assert!(!two_commands.broken_guarantee());
    // Snapshot at node 0, a transfer sent after its marker, the transfer's delivery ahead of
    // the marker's: node 1 records a balance that counts money node 0 sent after recording.
    let cut = assert_caught(&two_commands, "consistent-cut", 4);
    assert_eq!(
        cut.scenario.actions[..2],
        actions(json!([
            {"command": {"node": 0, "cmd": "snapshot"}},
            {"command": {"node": 0, "cmd": {"transfer": {"to": 1, "amount": 10}}}},
        ]))
    );
    let why = verdict_after(&cut.scenario, "consistent-cut");
    assert_eq!(why.blame, Some(Blame::Assumption), "{why:?}");
    // A transfer in flight, then a snapshot whose marker overtakes it and comes back: the
    // snapshot completes without the $10.
    let count = assert_caught(&two_commands, "conservation", 4);
    let why = verdict_after(&count.scenario, "conservation");
    assert_eq!(why.blame, Some(Blame::Assumption), "{why:?}");
    assert!(
        why.explanation.starts_with("Recorded $190, not $200"),
        "{why:?}"
    );
    assert_eq!(
        finding(&two_commands, "snapshot-termination").status,
        FindingStatus::Holds
    );
}

#[test]
fn virtual_synchrony_keeps_its_promises_with_joins_leaves_and_a_crash_mid_send() {
    let promised = [
        "fifo-order",
        "integrity",
        "validity",
        "agreement",
        "view-agreement",
        "view-delivery",
        "sender-in-view",
    ];
    let crash = Bounds {
        crashes: 1,
        ..Bounds::default()
    };
    // Two commands (multicasts, leaves, joins) among 3 nodes; then with one crash, mid-send
    // included, which the acknowledgements, stability queries and install timers detect.
    for (bounds, states, transitions) in
        [(Bounds::default(), 5_968, 15_249), (crash, 35_822, 108_358)]
    {
        let report = explore("virtual-synchrony", json!({}), bounds);
        assert!(report.complete);
        assert_eq!(
            (report.unique_states, report.transitions),
            (states, transitions)
        );
        for name in promised {
            let f = finding(&report, name);
            assert!(f.guaranteed, "{name}");
            assert_eq!(f.status, FindingStatus::Holds, "{name}");
        }
        assert_caught(&report, "total-order", 3);
        assert!(!report.broken_guarantee());
    }
}

#[test]
fn a_view_change_without_a_flush_is_caught_in_four_steps() {
    let report = explore(
        "virtual-synchrony",
        json!({"variant": "skip-flush"}),
        Bounds::default(),
    );
    assert_eq!(report.unique_states, 3_178);
    // Node 0 multicasts; node 1 asks to leave; node 0, the coordinator, installs view 1 {0,2}
    // at once; node 2 installs it without ever having delivered node 0's message.
    let example = assert_caught(&report, "view-delivery", 4);
    assert_eq!(
        example.scenario.actions,
        actions(json!([
            {"command": {"node": 0, "cmd": {"multicast": "m0.1"}}},
            {"command": {"node": 1, "cmd": "leave"}},
            {"deliver": 2},
            {"deliver": 4}
        ]))
    );
    assert!(!finding(&report, "view-delivery").guaranteed);
}

// ---------------------------------------------------------------------------------------------
// Paxos.

const PAXOS_SAFETY: [&str; 4] = ["agreement", "validity", "integrity", "chosen-stable"];

#[test]
fn paxos_is_safe_through_crashes_recoveries_drops_and_duplicates() {
    let faults = |crashes, drops| Bounds {
        crashes,
        recoveries: crashes,
        drops,
        duplicates: drops,
        ..Bounds::default()
    };
    // Two proposers, one ballot each (the default: no retries); the two kinds of fault together
    // are the next test.
    for (bounds, states, transitions, termination) in [
        (Bounds::default(), 14_554, 61_453, None),
        (faults(1, 0), 348_327, 1_637_361, Some(4)),
        (faults(0, 1), 685_047, 4_049_150, Some(7)),
    ] {
        let report = explore("paxos", json!({}), bounds);
        assert!(report.complete);
        assert_eq!(report.bounds.timeouts, Some(0));
        assert_eq!(
            (report.unique_states, report.transitions),
            (states, transitions)
        );
        for name in PAXOS_SAFETY {
            let f = finding(&report, name);
            assert!(f.guaranteed, "{name}");
            assert_eq!(f.status, FindingStatus::Holds, "{name}");
        }
        // Termination is never promised (FLP): with no retry left, a crashed proposer or a lost
        // message leaves the other's ballot pre-empted for good.
        let f = finding(&report, "termination");
        assert!(!f.guaranteed);
        assert_eq!(f.counterexample.as_ref().map(|c| c.length), termination);
        assert!(!report.broken_guarantee());
    }
}

#[test]
fn paxos_is_safe_with_a_crash_a_recovery_a_drop_and_a_duplicate_together() {
    // The budget, all four faults in one run: about 90 s and 3.4 GB natively in release
    // (the checker's queue holds up to 2.5 million states at once).
    let report = explore(
        "paxos",
        json!({}),
        Bounds {
            crashes: 1,
            recoveries: 1,
            drops: 1,
            duplicates: 1,
            max_states: 12_000_000,
            ..Bounds::default()
        },
    );
    assert!(report.complete);
    assert_eq!(
        (report.unique_states, report.transitions),
        (11_167_974, 78_693_097)
    );
    for name in PAXOS_SAFETY {
        let f = finding(&report, name);
        assert!(f.guaranteed, "{name}");
        assert_eq!(f.status, FindingStatus::Holds, "{name}");
    }
    let termination = finding(&report, "termination");
    assert!(!termination.guaranteed);
    assert_eq!(
        termination.counterexample.as_ref().map(|c| c.length),
        Some(4)
    );
    assert!(!report.broken_guarantee());
}

#[test]
fn paxos_retries_are_bounded_by_the_timeouts_budget() {
    let bounds = |timeouts| Bounds {
        timeouts,
        max_states: 20_000,
        ..Bounds::default()
    };
    let none = explore("paxos", json!({}), bounds(Some(0)));
    assert!(none.complete);
    assert_eq!(none.unique_states, 14_554);
    // One retry: a third ballot can start at any moment, and the search outgrows the limit.
    let one = explore("paxos", json!({}), bounds(Some(1)));
    assert!(!one.complete);
    assert_eq!(one.bounds.timeouts, Some(1));
    // Protocols whose timers cannot grow the state are not bounded unless asked.
    let report = explore(
        "two-phase-commit",
        json!({"participants": 2}),
        Bounds::default(),
    );
    assert_eq!(report.bounds.timeouts, None);
}

#[test]
fn a_paxos_proposer_that_ignores_the_promises_chooses_a_second_value() {
    let report = explore(
        "paxos",
        json!({"variant": "ignore-promises"}),
        Bounds::default(),
    );
    assert_eq!(report.unique_states, 14_937);
    assert!(report.broken_guarantee());
    // Both propose; node 2 promises 1.0 and accepts (1.0, A): chosen. Node 0 promises 1.1 and
    // reports (1.0, A), node 1 proposes its own B anyway and nodes 0 and 1 accept it.
    let chosen = assert_caught(&report, "chosen-stable", 8);
    assert_eq!(
        chosen.scenario.actions,
        actions(json!([
            {"command": {"node": 0, "cmd": "propose"}},
            {"command": {"node": 1, "cmd": "propose"}},
            {"deliver": 1}, {"deliver": 4}, {"deliver": 6}, {"deliver": 2},
            {"deliver": 8}, {"deliver": 9}
        ]))
    );
    assert_caught(&report, "agreement", 10);
    assert_eq!(finding(&report, "validity").status, FindingStatus::Holds);
}

#[test]
fn paxos_with_quorums_of_a_minority_decides_twice_in_two_steps() {
    let report = explore(
        "paxos",
        json!({"variant": "minority-quorum"}),
        Bounds::default(),
    );
    assert_eq!(report.unique_states, 6_145);
    // With 3 nodes a quorum is one acceptor: each proposer is a quorum by itself.
    let example = assert_caught(&report, "agreement", 2);
    assert_eq!(
        example.scenario.actions,
        actions(json!([
            {"command": {"node": 0, "cmd": "propose"}},
            {"command": {"node": 1, "cmd": "propose"}}
        ]))
    );
    assert_caught(&report, "chosen-stable", 4);
}

#[test]
fn a_paxos_acceptor_that_forgets_its_promise_needs_a_crash_and_a_recovery_to_break_agreement() {
    let flawed = json!({"variant": "forgetful-acceptor"});
    let clean = explore("paxos", flawed.clone(), Bounds::default());
    for name in PAXOS_SAFETY {
        assert_eq!(finding(&clean, name).status, FindingStatus::Holds, "{name}");
    }
    let report = explore(
        "paxos",
        flawed,
        Bounds {
            crashes: 1,
            recoveries: 1,
            ..Bounds::default()
        },
    );
    assert_eq!(report.unique_states, 499_382);
    let chosen = assert_caught(&report, "chosen-stable", 10);
    let faults: Vec<&Action<Value>> = chosen
        .scenario
        .actions
        .iter()
        .filter(|a| matches!(a, Action::Crash(_) | Action::Recover(_)))
        .collect();
    assert_eq!(faults.len(), 2);
    assert_caught(&report, "agreement", 12);
}

#[test]
fn every_blocked_paxos_state_of_random_runs_is_doomed_for_the_checker_too() {
    let faults: Faults = [Fault::Crash, Fault::Recover, Fault::Drop]
        .into_iter()
        .collect();
    let mut blocked = 0;
    for seed in 0..80u64 {
        let params = json!({"nodes": 3 + seed % 2});
        let mut scenario = Scenario::new("paxos", params, None, seed);
        let mut world = scenario.start().unwrap();
        for _ in 0..40 {
            let Some(action) = world.random_action(&faults) else {
                break;
            };
            world.apply(&action).unwrap();
            scenario.actions.push(action);
            if page_says_blocked(&world.verdicts()) {
                // Retries cannot help either: give the search two (and a command).
                let report = explore_from(
                    &scenario,
                    Bounds {
                        commands: Some(1),
                        timeouts: Some(2),
                        ..Bounds::default()
                    },
                );
                assert!(report.complete);
                let termination = finding(&report, "termination");
                assert_eq!(
                    termination.counterexample.as_ref().map(|c| c.length),
                    Some(0),
                    "{}",
                    serde_json::to_string(&scenario).unwrap()
                );
                blocked += 1;
            }
        }
    }
    // Pinned so that the test cannot pass by finding nothing blocked.
    assert_eq!(blocked, 296);
}

// ---------------------------------------------------------------------------------------------
// Paxos Commit.

#[test]
fn paxos_commit_is_atomic_and_non_blocking_through_any_one_crash() {
    // Two participants and three acceptors (f = 1), sync timing, timers bounded by default (a
    // prepare timeout per participant and two take-overs). One crash (the leader's at any
    // moment, an acceptor's or a participant's): termination and non-blocking hold in every
    // state.
    let crash = Bounds {
        crashes: 1,
        max_states: 2_000_000,
        ..Bounds::default()
    };
    for (bounds, states, transitions) in [
        (Bounds::default(), 49_770, 240_828),
        (crash, 540_096, 3_548_177),
    ] {
        let report = explore("paxos-commit", json!({"participants": 2}), bounds);
        assert!(report.complete);
        assert_eq!(report.bounds.timeouts, Some(4));
        assert_eq!(
            (report.unique_states, report.transitions),
            (states, transitions)
        );
        assert_everything_holds(&report);
    }
}

#[test]
fn paxos_commit_stays_atomic_and_non_blocking_when_the_leader_and_an_acceptor_crash() {
    // Any two crashes, so the leader's and any acceptor's at any moments among them: atomicity
    // and commit validity hold everywhere, and termination stays reachable wherever at most f
    // acceptors are down. Only two acceptors' crashes (more than f) can doom termination, which
    // is not promised then.
    let report = explore(
        "paxos-commit",
        json!({"participants": 2}),
        Bounds {
            crashes: 2,
            max_states: 3_000_000,
            ..Bounds::default()
        },
    );
    assert!(report.complete);
    assert_eq!(
        (report.unique_states, report.transitions),
        (2_420_177, 16_908_153)
    );
    for name in ["atomicity", "commit-validity", "non-blocking"] {
        let f = finding(&report, name);
        assert_eq!(f.status, FindingStatus::Holds, "{name}");
        assert!(f.guaranteed, "{name}");
    }
    let termination = finding(&report, "termination");
    assert!(!termination.guaranteed);
    let example = termination.counterexample.as_ref().unwrap();
    assert_eq!(example.length, 2);
    assert_eq!(
        example.scenario.actions,
        vec![
            Action::Crash(Crash::plain(3)),
            Action::Crash(Crash::plain(4))
        ],
        "the first two acceptors crash (nodes 3 and 4; the leader is 0)"
    );
}

#[test]
fn paxos_commit_with_f_zero_blocks_when_its_acceptor_crashes() {
    let report = explore(
        "paxos-commit",
        json!({"participants": 2, "f": 0}),
        Bounds {
            crashes: 1,
            ..Bounds::default()
        },
    );
    assert!(report.complete);
    for name in ["atomicity", "commit-validity"] {
        assert_eq!(
            finding(&report, name).status,
            FindingStatus::Holds,
            "{name}"
        );
    }
    // The acceptor's crash leaves the leader and the participants waiting for ever: termination
    // is lost (and not promised with more crashes than f), non-blocking asks nothing then.
    let termination = finding(&report, "termination");
    assert!(!termination.guaranteed);
    let example = termination.counterexample.as_ref().unwrap();
    assert!(example
        .scenario
        .actions
        .contains(&actions(json!([{"crash": 3}]))[0]));
    assert_eq!(
        finding(&report, "non-blocking").status,
        FindingStatus::Holds
    );
}

// ---------------------------------------------------------------------------------------------
// CAP: the replicated register.

#[test]
fn a_cp_register_is_linearizable_and_an_ap_register_is_not_even_without_faults() {
    // Three replicas, one client, two operations (a write of the client's next number or a
    // read, at any replica). With a partition too, cp mode gives 1,420,422 states, still
    // linearizable, with availability lost in 4 steps (measured with `synod check`).
    let cp = explore(
        "replicated-register",
        json!({"mode": "cp"}),
        Bounds::default(),
    );
    assert!(cp.complete);
    assert_eq!((cp.unique_states, cp.transitions), (111_127, 435_936));
    for name in ["linearizability", "availability", "convergence"] {
        assert_eq!(finding(&cp, name).status, FindingStatus::Holds, "{name}");
    }
    assert!(finding(&cp, "linearizability").guaranteed);

    let ap = explore(
        "replicated-register",
        json!({"mode": "ap"}),
        Bounds::default(),
    );
    assert_eq!(ap.unique_states, 694);
    // A write at replica 0 answered at once, then a read at another replica before the update:
    // stale, with no partition at all (asynchronous propagation is the choice ap makes).
    let stale = assert_caught(&ap, "linearizability", 6);
    assert!(!finding(&ap, "linearizability").guaranteed);
    assert!(!ap.broken_guarantee());
    let reads = stale
        .scenario
        .actions
        .iter()
        .filter(|a| matches!(a, Action::Command { cmd, .. } if cmd.get("read").is_some()))
        .count();
    assert_eq!(reads, 1);
    let partition = explore(
        "replicated-register",
        json!({"mode": "ap"}),
        Bounds {
            partitions: 1,
            ..Bounds::default()
        },
    );
    assert_eq!(partition.unique_states, 6_246);
    assert_eq!(
        finding(&partition, "availability").status,
        FindingStatus::Holds
    );
    assert_eq!(
        finding(&partition, "convergence").status,
        FindingStatus::Holds
    );
}

// ---------------------------------------------------------------------------------------------
// Synchronous rounds: FloodSet.

/// With f rounds the Explorer finds the crash chain, one crash mid-send per round, in 2f + 1
/// steps; with f + 1 it proves agreement over every crash pattern within f crashes.
#[test]
fn floodset_needs_f_plus_one_rounds() {
    let crashes = |f: u32| Bounds {
        crashes: f,
        ..Bounds::default()
    };
    let short = explore(
        "floodset",
        json!({"nodes": 3, "f": 1, "rounds": 1}),
        crashes(1),
    );
    assert_eq!(short.unique_states, 360);
    assert!(!finding(&short, "agreement").guaranteed);
    let chain = assert_caught(&short, "agreement", 3);
    assert_eq!(
        serde_json::to_value(&chain.scenario.actions).unwrap(),
        json!(["end-round", {"crash": {"node": 0, "unsent": [0]}}, "end-round"])
    );
    let enough = explore("floodset", json!({"nodes": 3, "f": 1}), crashes(1));
    assert_everything_holds(&enough);
    assert_eq!(enough.unique_states, 571);
    assert_eq!(enough.transitions, 2_004);

    let short = explore(
        "floodset",
        json!({"nodes": 4, "f": 2, "rounds": 2}),
        crashes(2),
    );
    assert_eq!(short.unique_states, 77_870);
    let chain = assert_caught(&short, "agreement", 5);
    let crashed: Vec<&Action<Value>> = chain
        .scenario
        .actions
        .iter()
        .filter(|a| matches!(a, Action::Crash(Crash { unsent, .. }) if !unsent.is_empty()))
        .collect();
    assert_eq!(crashed.len(), 2, "a crash mid-send in each round");
    let enough = explore("floodset", json!({"nodes": 4, "f": 2}), crashes(2));
    assert_everything_holds(&enough);
    assert_eq!(enough.unique_states, 78_839);
    assert_eq!(enough.transitions, 465_752);
}

// ---------------------------------------------------------------------------------------------
// Failure detectors: heartbeats and timeouts.

/// Heartbeats under `timing`.
fn heartbeat(params: Value, timing: Timing, bounds: Bounds) -> CheckReport {
    let network = synod_core::network::NetworkSpec {
        timing: Some(timing),
        ..Default::default()
    };
    explore_from(
        &Scenario::new("heartbeat", params, Some(network), 0),
        bounds,
    )
}

/// Under synchronous timing heartbeats make a perfect detector through any one crash (mid-send
/// included); a partition fools it (7 steps). Under asynchronous timing the first timeout may
/// already be premature (1 step), and a detector that never suspects misses the first crash.
#[test]
fn heartbeats_are_complete_and_accurate_only_under_sync_timing() {
    let one_crash = Bounds {
        crashes: 1,
        ..Bounds::default()
    };
    for variant in ["timeout", "eventually-perfect"] {
        let sync = heartbeat(
            json!({"nodes": 3, "variant": variant}),
            Timing::Sync,
            one_crash,
        );
        assert_everything_holds(&sync);
        assert_eq!(sync.unique_states, 382, "{variant}");
        assert_eq!(sync.transitions, 687, "{variant}");
    }

    let partition = heartbeat(
        json!({"nodes": 3}),
        Timing::Sync,
        Bounds {
            partitions: 1,
            ..Bounds::default()
        },
    );
    assert!(!finding(&partition, "strong-accuracy").guaranteed);
    assert_caught(&partition, "strong-accuracy", 7);

    let premature = heartbeat(json!({"nodes": 2}), Timing::Async, Bounds::default());
    assert_eq!(premature.unique_states, 121);
    let example = assert_caught(&premature, "strong-accuracy", 1);
    assert_eq!(
        serde_json::to_value(&example.scenario.actions).unwrap(),
        json!([{"fire": 1}])
    );
    let stays = finding(&premature, "eventual-accuracy");
    assert_eq!(
        stays.status,
        FindingStatus::Violated,
        "timeout never trusts again"
    );

    let eventually = heartbeat(
        json!({"nodes": 2, "variant": "eventually-perfect"}),
        Timing::Async,
        Bounds::default(),
    );
    assert_eq!(eventually.unique_states, 5_994);
    assert_eq!(
        finding(&eventually, "eventual-accuracy").status,
        FindingStatus::Holds,
        "a heartbeat can always clear a false suspicion"
    );
    assert_caught(&eventually, "strong-accuracy", 1);

    let never = heartbeat(
        json!({"nodes": 3, "variant": "never-suspect"}),
        Timing::Sync,
        one_crash,
    );
    assert_eq!(never.unique_states, 103);
    let missed = finding(&never, "strong-completeness");
    assert_eq!(missed.status, FindingStatus::Violated);
    assert!(!missed.guaranteed);
    assert_eq!(missed.counterexample.as_ref().unwrap().length, 1);
    assert_eq!(
        finding(&never, "strong-accuracy").status,
        FindingStatus::Holds
    );
}

// ---------------------------------------------------------------------------------------------
// The two generals: losing a messenger is inside the model.

/// For every number of acknowledgements the Explorer finds the lost last messenger: the plan,
/// `acks` deliveries, the drop and dawn, `acks + 3` steps. Without a loss the generals agree and
/// attack; resending without a deadline keeps them together through any finite number of losses.
#[test]
fn no_number_of_acknowledgements_saves_the_two_generals() {
    let drops = |drops: u32| Bounds {
        drops,
        ..Bounds::default()
    };
    let mut lengths = Vec::new();
    for acks in 0..=5u32 {
        let report = explore("two-generals", json!({"acks": acks}), drops(1));
        assert_eq!(report.unique_states, 5 * (u64::from(acks) + 1));
        let agreement = finding(&report, "agreement");
        assert!(!agreement.guaranteed);
        let example = assert_caught(&report, "agreement", acks + 3);
        let last = example.scenario.actions[acks as usize + 1].clone();
        assert_eq!(serde_json::to_value(last).unwrap(), json!({"drop": acks}));
        lengths.push(example.length);
        assert_everything_holds(&explore("two-generals", json!({"acks": acks}), drops(0)));
    }
    assert_eq!(lengths, [3, 4, 5, 6, 7, 8]);

    let resend = explore(
        "two-generals",
        json!({"acks": 2, "variant": "resend"}),
        drops(3),
    );
    assert_everything_holds(&resend);
    assert_eq!(resend.unique_states, 49);
}
