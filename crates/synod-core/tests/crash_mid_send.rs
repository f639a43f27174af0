//! A crash part-way through a step's sends: `{"crash": {"node": N, "unsent": [ids]}}` leaves
//! some of the messages the node sent in the step just made unsent, as a process dies in its send
//! loop. What may be left unsent, how the run shows it, and what reliable multicast makes of it.

mod multicast_support;

use multicast_support::{delivered, run, verdict};
use serde_json::{json, Value};
use synod_core::action::{Action, ActionError, Crash};
use synod_core::scenario::{Scenario, ScenarioError};
use synod_core::transcript::transcript;
use synod_core::verdict::{Blame, Status};
use synod_core::view::FateView;

/// Node 0 multicasts to nodes 1 and 2 (messages 0 and 1), then `after`.
fn multicast_then(after: Value) -> Value {
    let mut actions = json!([{"command": {"node": 0, "cmd": {"multicast": "hi"}}}]);
    actions
        .as_array_mut()
        .unwrap()
        .extend(after.as_array().unwrap().iter().cloned());
    actions
}

fn refusal(actions: Value) -> ActionError {
    let mut scenario = Scenario::new("fifo-multicast", json!({"nodes": 3}), None, 1);
    scenario.actions = serde_json::from_value(actions).unwrap();
    match scenario.replay().err() {
        Some(ScenarioError::Action { error, .. }) => error,
        other => panic!("expected a refused action, got {other:?}"),
    }
}

#[test]
fn the_unsent_messages_never_leave_and_say_why() {
    let world = run(
        "fifo-multicast",
        json!({"nodes": 3}),
        multicast_then(json!([{"crash": {"node": 0, "unsent": [1]}}])),
    );
    let view = world.view();
    assert_eq!(view.messages[1].fate, FateView::Unsent { step: 2 });
    assert_eq!(view.messages[0].fate, FateView::InFlight);
    assert!(view.nodes[0].crashed);
    assert_eq!(view.in_flight_ids, [0]);
}

#[test]
fn only_the_last_steps_sends_of_the_crashing_node_still_in_flight_may_stay_unsent() {
    let cases = [
        (json!([{"crash": {"node": 1, "unsent": [0]}}]), "node 0 sent it, not node 1"),
        (
            json!([{"deliver": 0}, {"crash": {"node": 0, "unsent": [1]}}]),
            "it was sent at step 1, and only the sends of the step just made (step 2) can be cut short",
        ),
        (
            json!([{"crash": {"node": 0, "unsent": [1, 1]}}]),
            "it is listed twice",
        ),
    ];
    for (after, reason) in cases {
        let error = refusal(multicast_then(after));
        assert!(error.to_string().ends_with(reason), "{error}");
    }
    assert_eq!(
        refusal(multicast_then(
            json!([{"crash": {"node": 0, "unsent": [7]}}])
        )),
        ActionError::UnknownMessage(7)
    );
}

#[test]
fn a_plain_crash_keeps_its_short_form_and_a_bad_one_is_named() {
    let plain: Action<Value> = serde_json::from_value(json!({"crash": 2})).unwrap();
    assert_eq!(plain, Action::Crash(Crash::plain(2)));
    assert_eq!(serde_json::to_value(&plain).unwrap(), json!({"crash": 2}));
    let mid: Action<Value> =
        serde_json::from_value(json!({"crash": {"node": 2, "unsent": [5, 6]}})).unwrap();
    assert_eq!(
        serde_json::to_value(&mid).unwrap(),
        json!({"crash": {"node": 2, "unsent": [5, 6]}})
    );
    let bad = serde_json::from_value::<Action<Value>>(json!({"crash": {"node": 2}})).unwrap_err();
    assert!(bad.to_string().contains("missing field `unsent`"), "{bad}");
    let bad = serde_json::from_value::<Action<Value>>(json!({"crash": "two"})).unwrap_err();
    assert!(
        bad.to_string()
            .contains("expected a node id, or {\"node\": N, \"unsent\": [message ids]}"),
        "{bad}"
    );
}

#[test]
fn the_transcript_says_which_messages_were_never_sent() {
    let mut scenario = Scenario::new("fifo-multicast", json!({"nodes": 3}), None, 1);
    scenario.actions = serde_json::from_value(multicast_then(
        json!([{"crash": {"node": 0, "unsent": [1]}}]),
    ))
    .unwrap();
    let text = transcript(&scenario).unwrap();
    assert!(
        text.contains("crash node 0 mid-send (never sent: message 1)"),
        "{text}"
    );
    assert!(text.contains("never sent (crash at step 2)"), "{text}");
}

#[test]
fn without_relaying_a_sender_crashing_mid_send_leaves_the_group_disagreeing() {
    let actions = multicast_then(json!([{"crash": {"node": 0, "unsent": [1]}}, {"deliver": 0}]));
    let world = run("fifo-multicast", json!({"nodes": 3}), actions.clone());
    assert_eq!(delivered(&*world, 1), ["0:1"]);
    assert!(delivered(&*world, 2).is_empty());
    let agreement = verdict(&*world, "agreement");
    assert_eq!(agreement.status, Status::Violated);
    assert!(
        !agreement.guaranteed,
        "unreliable multicast promises nothing once a node crashes"
    );
    assert_eq!(agreement.blame, Some(Blame::Assumption));

    // Reliable: node 1 relays to node 2 (message 2) before delivering.
    let mut relayed = actions;
    relayed.as_array_mut().unwrap().push(json!({"deliver": 2}));
    let world = run(
        "fifo-multicast",
        json!({"nodes": 3, "reliable": true}),
        relayed,
    );
    assert_eq!(delivered(&*world, 2), ["0:1"]);
    let agreement = verdict(&*world, "agreement");
    assert_eq!(agreement.status, Status::Holds);
    assert!(agreement.guaranteed);
}
