//! The simulator's rules, spoken in the scenario language: which actions are legal, what each
//! does to messages and nodes, and the errors that name what is wrong.

mod support;

use support::{Look, Seen};

use serde_json::json;
use synod_core::action::ActionError;
use synod_core::scenario::{Scenario, ScenarioError};
use synod_core::view::FateView;

fn scenario(actions: serde_json::Value) -> Scenario {
    scenario_with(json!({"nodes": 3}), actions)
}

fn scenario_with(params: serde_json::Value, actions: serde_json::Value) -> Scenario {
    Scenario::from_json(
        &json!({"version": 1, "protocol": "chandy-lamport", "params": params, "seed": 1, "actions": actions})
            .to_string(),
    )
    .unwrap()
}

fn view_after(actions: serde_json::Value) -> Seen {
    scenario(actions).replay().unwrap().seen()
}

fn error_of(actions: serde_json::Value) -> ScenarioError {
    match scenario(actions).replay() {
        Ok(_) => panic!("expected the scenario to be refused"),
        Err(e) => e,
    }
}

fn transfer(from: u32, to: u32, amount: u64) -> serde_json::Value {
    json!({"command": {"node": from, "cmd": {"transfer": {"to": to, "amount": amount}}}})
}

#[test]
fn fifo_channels_refuse_a_message_that_is_not_at_the_head() {
    let error = error_of(json!([transfer(0, 1, 10), transfer(0, 1, 20), {"deliver": 1}]));
    assert_eq!(
        error,
        ScenarioError::Action {
            step: 3,
            error: ActionError::NotHeadOfChannel {
                id: 1,
                head: 0,
                from: 0,
                to: 1
            }
        }
    );
    assert_eq!(
        error.to_string(),
        "action 3 is illegal: message 1 waits behind message 0 on the FIFO channel 0→1: deliver 0 first"
    );
}

#[test]
fn unordered_channels_deliver_in_any_order() {
    let mut s = scenario(json!([transfer(0, 1, 10), transfer(0, 1, 20), {"deliver": 1}]));
    s.network = Some(serde_json::from_value(json!({"channels": "unordered"})).unwrap());
    let view = s.replay().unwrap().seen();
    assert!(matches!(view.messages[1].fate, FateView::Delivered { .. }));
    assert_eq!(view.messages[0].fate, FateView::InFlight);
}

#[test]
fn a_partition_holds_messages_across_the_cut_until_healed() {
    let held = view_after(json!([transfer(0, 2, 10), {"partition": [[0, 1], [2]]}]));
    assert_eq!(
        held.messages[0].blocked.as_deref(),
        Some("message 0 cannot cross the partition between node 0 and node 2: heal the network first")
    );
    let error = error_of(json!([transfer(0, 2, 10), {"partition": [[0, 1], [2]]}, {"deliver": 0}]));
    assert!(matches!(
        error,
        ScenarioError::Action {
            step: 3,
            error: ActionError::AcrossPartition { .. }
        }
    ));
    let healed = view_after(
        json!([transfer(0, 2, 10), {"partition": [[0, 1], [2]]}, "heal", {"deliver": 0}]),
    );
    assert!(matches!(
        healed.messages[0].fate,
        FateView::Delivered { step: 4, .. }
    ));
}

#[test]
fn a_partition_must_put_every_node_in_exactly_one_group() {
    for (groups, reason) in [
        (json!([[0, 1]]), "a partition needs at least two groups"),
        (
            json!([[0, 1], [1, 2]]),
            "node 1 appears in more than one group",
        ),
        (
            json!([[0], [1]]),
            "node 2 is in no group: every node must be in exactly one",
        ),
        (json!([[0], [1, 2], []]), "a group is empty"),
    ] {
        let error = error_of(json!([{"partition": groups}]));
        assert_eq!(
            error,
            ScenarioError::Action {
                step: 1,
                error: ActionError::BadPartition(reason.to_string())
            }
        );
    }
}

#[test]
fn a_message_delivered_to_a_crashed_node_is_lost() {
    let view = view_after(json!([transfer(0, 1, 10), {"crash": 1}, {"deliver": 0}]));
    assert_eq!(view.messages[0].fate, FateView::Lost { step: 3 });
    assert!(view.nodes[1].crashed);
}

#[test]
fn a_crashed_node_takes_no_commands_and_cannot_crash_twice() {
    assert!(matches!(
        error_of(json!([{"crash": 1}, transfer(1, 0, 10)])),
        ScenarioError::Action {
            step: 2,
            error: ActionError::NodeCrashed(1)
        }
    ));
    assert!(matches!(
        error_of(json!([{"crash": 1}, {"crash": 1}])),
        ScenarioError::Action {
            step: 2,
            error: ActionError::AlreadyCrashed(1)
        }
    ));
    assert!(matches!(
        error_of(json!([{"recover": 1}])),
        ScenarioError::Action {
            step: 1,
            error: ActionError::NotCrashed(1)
        }
    ));
}

#[test]
fn recovery_keeps_the_durable_balance_and_forgets_the_snapshot_in_progress() {
    let view = view_after(json!([
        transfer(0, 1, 30),
        {"command": {"node": 0, "cmd": "snapshot"}},
        {"crash": 0},
        {"recover": 0}
    ]));
    assert_eq!(view.states[0]["balance"], 70);
    assert_eq!(view.states[0]["snapshots"], json!([]));
    let termination = &view.properties[0];
    assert_eq!(termination.status, synod_core::verdict::Status::Violated);
    assert!(termination.explanation.contains("assumes no failures"));
}

#[test]
fn a_duplicate_gets_the_next_fresh_id_and_queues_behind_its_channel() {
    let view = view_after(json!([transfer(0, 1, 10), transfer(0, 1, 20), {"duplicate": 0}]));
    assert_eq!(view.messages[2].copy_of, Some(0));
    assert_eq!(view.messages[2].label, "$10");
    assert!(view.messages[2]
        .blocked
        .as_deref()
        .unwrap()
        .contains("waits behind message 0"));
}

#[test]
fn a_dropped_message_cannot_be_delivered_and_says_so() {
    let error = error_of(json!([transfer(0, 1, 10), {"drop": 0}, {"deliver": 0}]));
    assert_eq!(
        error.to_string(),
        "action 3 is illegal: message 0 is not in flight: it was dropped at step 2"
    );
    assert_eq!(
        error_of(json!([{"deliver": 9}])).to_string(),
        "action 1 is illegal: message 9 was never sent"
    );
}

#[test]
fn refused_commands_name_the_reason() {
    assert_eq!(
        error_of(json!([transfer(0, 1, 101)])).to_string(),
        "action 1 is illegal: node 0 refused the command: cannot send 101: the balance is only 100"
    );
    assert_eq!(
        error_of(json!([transfer(0, 0, 1)])).to_string(),
        "action 1 is illegal: node 0 refused the command: a node cannot transfer money to itself"
    );
    assert_eq!(
        error_of(json!([{"crash": 7}])).to_string(),
        "action 1 is illegal: node 7 does not exist (this run has nodes 0 to 2)"
    );
    assert!(error_of(json!([{"command": {"node": 0, "cmd": "dance"}}]))
        .to_string()
        .starts_with("action 1 is illegal: bad command for node 0: unknown variant `dance`"));
}

#[test]
fn params_are_validated_with_messages_that_name_the_field() {
    let reason = |params| match scenario_with(params, json!([])).replay() {
        Err(ScenarioError::Params { reason, .. }) => reason,
        other => panic!("expected a params error, got {:?}", other.map(|w| w.step())),
    };
    assert_eq!(
        reason(json!({"nodes": 9})),
        "nodes must be between 2 and 8, not 9"
    );
    assert_eq!(
        reason(json!({"nodes": 3, "balances": [1, 2]})),
        "balances has 2 entries but there are 3 nodes"
    );
    assert!(reason(json!({"nodes": 3, "colour": "red"})).starts_with("unknown field `colour`"));
    assert!(
        reason(json!({"nodes": 3, "variant": "sloppy"})).starts_with("unknown variant `sloppy`")
    );
}

#[test]
fn scenarios_refuse_unknown_fields_versions_and_protocols() {
    let text = |value: serde_json::Value| Scenario::from_json(&value.to_string());
    let unknown = text(json!({"version": 1, "protocol": "chandy-lamport", "params": {"nodes": 2}, "seed": 0, "speed": 3}))
        .unwrap_err();
    assert!(
        matches!(&unknown, ScenarioError::Json { syntax: false, problem, .. } if problem.starts_with("unknown field `speed`"))
    );
    assert!(unknown
        .to_string()
        .starts_with("the scenario's JSON does not fit the scenario format at character "));
    // A syntax error is told by its place; the parser's words are details.
    let broken = Scenario::from_json("{\"version\": 1\n \"protocol\": 1}").unwrap_err();
    assert_eq!(
        broken.to_string(),
        "the scenario is not well-formed JSON on line 2, at character 2 (a missing comma, bracket or quote, or text cut short?)"
    );
    assert_eq!(
        broken.details().as_deref(),
        Some("JSON parser: expected `,` or `}` (line 2, column 2)")
    );
    assert_eq!(
        text(json!({"version": 2, "protocol": "chandy-lamport", "params": {}, "seed": 0})),
        Err(ScenarioError::Version(2))
    );
    let unknown = Scenario::from_json(
        &json!({"version": 1, "protocol": "raft", "params": {}, "seed": 0}).to_string(),
    )
    .unwrap()
    .replay()
    .err()
    .unwrap();
    assert_eq!(
        unknown.to_string(),
        "unknown protocol \"raft\" (known: chandy-lamport, two-phase-commit, three-phase-commit, fifo-multicast, causal-multicast, total-multicast, virtual-synchrony, paxos, paxos-commit, replicated-register, floodset, heartbeat, two-generals, flp, byzantine-om, byzantine-sm, byzantine-reductions, pbft)"
    );
}

#[test]
fn clocks_order_a_send_before_its_receive_and_leave_independent_events_concurrent() {
    use synod_core::clock::{order, Order};
    let view = view_after(json!([transfer(0, 1, 10), transfer(2, 1, 5), {"deliver": 0}]));
    let send = &view.events[1];
    let receive = &view.events[4];
    assert_eq!(order(&send.vector, &receive.vector), Order::Before);
    assert!(send.lamport < receive.lamport);
    let other_command = &view.events[2];
    assert_eq!(
        order(&send.vector, &other_command.vector),
        Order::Concurrent
    );
}
