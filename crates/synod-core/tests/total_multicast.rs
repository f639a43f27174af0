//! Total-order multicast through a sequencer: numbers, the FIFO-total and causal-total hybrids,
//! the flawed variant that skips the wait for earlier numbers, and the order properties on
//! hand-written and generated runs.

mod multicast_support;

use multicast_support::{delivered, held, last_notes, multicast, play, refusal, run, verdict};
use proptest::prelude::*;
use serde_json::{json, Value};
use synod_core::scheduler::{Fault, Faults};
use synod_core::verdict::{Blame, Status};

const PROTOCOL: &str = "total-multicast";

/// Nodes 1 and 2 multicast at once (messages 0 and 1 from node 1, to nodes 0 and 2; messages 2
/// and 3 from node 2, to nodes 0 and 1); the sequencer, node 0, gets node 2's first and numbers
/// it #1 (messages 4 and 5 carry the number), then node 1's as #2 (messages 6 and 7); node 1
/// hears its own message's number first.
fn concurrent() -> Value {
    json!([multicast(1, "a"), multicast(2, "b"), {"deliver": 2}, {"deliver": 0}, {"deliver": 6}])
}

#[test]
fn every_member_delivers_in_the_sequencers_order() {
    let early = run(PROTOCOL, json!({"nodes": 3}), concurrent());
    assert_eq!(delivered(&*early, 0), ["2:1", "1:1"]);
    assert_eq!(held(&*early, 1), ["1:1"]);
    let mut actions = concurrent();
    for message in [3, 4, 1, 7, 5] {
        actions
            .as_array_mut()
            .unwrap()
            .push(json!({ "deliver": message }));
    }
    let world = run(PROTOCOL, json!({"nodes": 3}), actions);
    for node in 0..3 {
        assert_eq!(delivered(&*world, node), ["2:1", "1:1"], "node {node}");
    }
    assert_eq!(verdict(&*world, "total-order").status, Status::Holds);
    assert_eq!(verdict(&*world, "agreement").status, Status::Holds);
}

#[test]
fn a_message_waits_for_its_number_and_then_for_its_turn() {
    let world = run(
        PROTOCOL,
        json!({"nodes": 3}),
        json!([multicast(1, "a"), multicast(2, "b"), {"deliver": 3}]),
    );
    assert_eq!(
        last_notes(&*world),
        ["holds back 2:1: waits for its number"]
    );
    let world = run(PROTOCOL, json!({"nodes": 3}), concurrent());
    let node = &world.view().nodes[1];
    let field = node.fields.iter().find(|f| f.label == "held 1:1").unwrap();
    assert_eq!(
        field.value,
        "“a” has number 2, waits for number 1 to be delivered first"
    );
}

/// Node 1 multicasts a then b (messages 0, 1 and 2, 3); the sequencer gets b first.
fn overtaken() -> Value {
    json!([multicast(1, "a"), multicast(1, "b"), {"deliver": 2}, {"deliver": 0}])
}

#[test]
fn plain_total_order_numbers_on_arrival_and_may_break_fifo_order() {
    let world = run(PROTOCOL, json!({"nodes": 3}), overtaken());
    assert_eq!(delivered(&*world, 0), ["1:2", "1:1"]);
    let fifo = verdict(&*world, "fifo-order");
    assert_eq!(fifo.status, Status::Violated);
    assert!(!fifo.guaranteed, "plain total order does not promise FIFO");
}

#[test]
fn the_fifo_total_and_causal_total_sequencers_number_in_the_senders_order() {
    for order in ["fifo-total", "causal-total"] {
        let world = run(PROTOCOL, json!({"nodes": 3, "order": order}), overtaken());
        assert_eq!(delivered(&*world, 0), ["1:1", "1:2"], "{order}");
        let fifo = verdict(&*world, "fifo-order");
        assert_eq!(fifo.status, Status::Holds, "{order}");
        assert!(fifo.guaranteed);
    }
}

#[test]
fn skipping_the_wait_for_earlier_numbers_breaks_total_order() {
    let world = run(
        PROTOCOL,
        json!({"nodes": 3, "variant": "skip-number-check"}),
        concurrent(),
    );
    assert_eq!(delivered(&*world, 1), ["1:1"]);
    let total = verdict(&*world, "total-order");
    assert_eq!(total.status, Status::Violated);
    assert!(total.guaranteed);
    assert_eq!(total.blame, Some(Blame::Algorithm));
}

#[test]
fn the_sequencer_and_the_order_are_checked() {
    let error = refusal(PROTOCOL, json!({"nodes": 3, "sequencer": 3}));
    assert!(
        error.contains("sequencer must be one of the nodes 0 to 2"),
        "{error}"
    );
    let error = refusal(PROTOCOL, json!({"order": "causal"}));
    assert!(
        error.contains("order must be \"total\", \"fifo-total\" or \"causal-total\""),
        "{error}"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn each_order_keeps_its_promises_under_any_schedule_with_duplicates(
        choices in prop::collection::vec(any::<u32>(), 0..40),
        reliable in any::<bool>(),
        order in prop::sample::select(vec!["total", "fifo-total", "causal-total"]),
        sequencer in 0_u32..3,
    ) {
        let faults: Faults = [Fault::Duplicate].into_iter().collect();
        let params = json!({"nodes": 3, "reliable": reliable, "order": order, "sequencer": sequencer});
        let promised: &[&str] = match order {
            "total" => &["total-order", "integrity"],
            "fifo-total" => &["total-order", "fifo-order", "integrity"],
            _ => &["total-order", "fifo-order", "causal-order", "integrity"],
        };
        play(PROTOCOL, params, &faults, &choices, promised);
    }
}
