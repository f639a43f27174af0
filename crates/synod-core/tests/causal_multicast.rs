//! Causal multicast: vector timestamps and the hold-back queue, the flawed variant without the
//! `V[k] <= P[k]` test, and the order properties on hand-written and generated runs.

mod multicast_support;

use multicast_support::{delivered, held, last_notes, multicast, play, refusal, run, verdict};
use proptest::prelude::*;
use serde_json::{json, Value};
use synod_core::scheduler::{Fault, Faults};
use synod_core::verdict::{Blame, Status};

/// The seed's social network: node 0 posts (messages 0 to node 1 and 1 to node 2); node 1 reads
/// the post and replies (messages 2 to node 0 and 3 to node 2); node 2 gets the reply first.
fn social_network() -> Value {
    json!([multicast(0, "post"), {"deliver": 0}, multicast(1, "reply"), {"deliver": 3}])
}

#[test]
fn a_reply_waits_for_the_post_it_answers() {
    let early = run("causal-multicast", json!({"nodes": 3}), social_network());
    assert_eq!(held(&*early, 2), ["1:1"]);
    assert!(delivered(&*early, 2).is_empty());
    assert_eq!(
        last_notes(&*early),
        ["holds back 1:1: waits for 0:1 ([1, 1, 0] > [0, 0, 0])"]
    );
    let mut actions = social_network();
    actions.as_array_mut().unwrap().push(json!({"deliver": 1}));
    let released = run("causal-multicast", json!({"nodes": 3}), actions);
    assert_eq!(delivered(&*released, 2), ["0:1", "1:1"]);
    assert_eq!(verdict(&*released, "causal-order").status, Status::Holds);
}

#[test]
fn fifo_multicast_delivers_the_reply_first_and_breaks_the_order_it_does_not_promise() {
    let world = run("fifo-multicast", json!({"nodes": 3}), social_network());
    assert_eq!(delivered(&*world, 2), ["1:1"]);
    let causal = verdict(&*world, "causal-order");
    assert_eq!(causal.status, Status::Violated);
    assert!(
        !causal.guaranteed,
        "FIFO multicast does not promise causal order"
    );
}

#[test]
fn without_the_dependency_check_the_reply_overtakes_the_post() {
    let world = run(
        "causal-multicast",
        json!({"nodes": 3, "variant": "no-dependency-check"}),
        social_network(),
    );
    assert_eq!(delivered(&*world, 2), ["1:1"]);
    let causal = verdict(&*world, "causal-order");
    assert_eq!(causal.status, Status::Violated);
    assert!(causal.guaranteed);
    assert_eq!(causal.blame, Some(Blame::Algorithm));
    assert_eq!(causal.step, Some(4));
}

#[test]
fn concurrent_multicasts_may_be_delivered_in_different_orders() {
    // Nodes 0 and 1 multicast at once; node 2 takes 0's first (message 1), node 0 takes 1's
    // (message 2) after its own: causal order allows both orders, total order is broken.
    let world = run(
        "causal-multicast",
        json!({"nodes": 3}),
        json!([multicast(0, "a"), multicast(1, "b"), {"deliver": 1}, {"deliver": 3}, {"deliver": 2}, {"deliver": 0}]),
    );
    assert_eq!(delivered(&*world, 0), ["0:1", "1:1"]);
    assert_eq!(delivered(&*world, 1), ["1:1", "0:1"]);
    assert_eq!(verdict(&*world, "causal-order").status, Status::Holds);
    let total = verdict(&*world, "total-order");
    assert_eq!(total.status, Status::Violated);
    assert!(!total.guaranteed);
}

#[test]
fn parameters_of_another_protocol_are_refused() {
    let error = refusal("causal-multicast", json!({"sequencer": 1}));
    assert!(
        error.contains("causal-multicast takes no `sequencer`"),
        "{error}"
    );
    let error = refusal("causal-multicast", json!({"variant": "no-hold-back"}));
    assert!(error.contains("one of fifo-multicast's"), "{error}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn causal_order_holds_under_any_schedule_with_duplicates(
        choices in prop::collection::vec(any::<u32>(), 0..40),
        reliable in any::<bool>(),
    ) {
        let faults: Faults = [Fault::Duplicate].into_iter().collect();
        let params = json!({"nodes": 3, "reliable": reliable});
        let promised = ["fifo-order", "causal-order", "integrity"];
        play("causal-multicast", params, &faults, &choices, &promised);
    }
}
