//! FIFO multicast: the hold-back queue, relaying, and the order properties every multicast run
//! is judged by, on hand-written runs and on generated ones (each a sequence of choices among
//! the actions legal at that step, so that a failure shrinks to a short run).

mod multicast_support;

use multicast_support::{delivered, held, multicast, play, refusal, verdict};
use proptest::prelude::*;
use serde_json::{json, Value};
use synod_core::scheduler::{Fault, Faults};
use synod_core::simulation::Simulation;
use synod_core::verdict::{Blame, Status};
use synod_core::view::EventKindView;

fn run(params: Value, actions: Value) -> Box<dyn Simulation> {
    multicast_support::run("fifo-multicast", params, actions)
}

#[test]
fn a_later_message_waits_in_the_hold_back_queue_until_the_earlier_one_arrives() {
    // Node 0's two multicasts are messages 0, 1 (post, to nodes 1 and 2) and 2, 3 (edit).
    let early = run(
        json!({"nodes": 3}),
        json!([multicast(0, "post"), multicast(0, "edit"), {"deliver": 2}]),
    );
    assert_eq!(
        delivered(&*early, 0),
        ["0:1", "0:2"],
        "the sender delivers its own at once"
    );
    assert_eq!(delivered(&*early, 1), Vec::<String>::new());
    assert_eq!(held(&*early, 1), ["0:2"]);
    let receipt = early.view().events.last().unwrap().clone();
    assert!(matches!(
        receipt.kind,
        EventKindView::Receive { message: 2, .. }
    ));
    assert_eq!(receipt.notes, ["holds back 0:2: waits for 0:1"]);

    let released = run(
        json!({"nodes": 3}),
        json!([multicast(0, "post"), multicast(0, "edit"), {"deliver": 2}, {"deliver": 0}]),
    );
    assert_eq!(delivered(&*released, 1), ["0:1", "0:2"]);
    assert!(held(&*released, 1).is_empty());
    // The receipt of the post, then two deliveries to the application: events of their own.
    let kinds: Vec<_> = released
        .view()
        .events
        .iter()
        .rev()
        .take(3)
        .map(|e| e.kind.clone())
        .collect();
    assert_eq!(
        kinds,
        [
            EventKindView::Deliver {
                app: "0:2".into(),
                text: "edit".into()
            },
            EventKindView::Deliver {
                app: "0:1".into(),
                text: "post".into()
            },
            EventKindView::Receive {
                message: 0,
                from: 0
            },
        ]
    );
    assert_eq!(verdict(&*released, "fifo-order").status, Status::Holds);
}

#[test]
fn a_duplicate_is_recognised_by_its_application_id() {
    let world = run(
        json!({"nodes": 2}),
        json!([multicast(0, "hi"), {"duplicate": 0}, {"deliver": 0}, {"deliver": 1}]),
    );
    assert_eq!(delivered(&*world, 1), ["0:1"]);
    assert_eq!(verdict(&*world, "integrity").status, Status::Holds);
}

#[test]
fn reliable_multicast_relays_on_first_receipt_before_delivering() {
    // Node 0's copies are messages 0 (to 1) and 1 (to 2); node 1 relays to node 2 only (not
    // back to the sender), as message 2, before its delivery event.
    let world = run(
        json!({"nodes": 3, "reliable": true}),
        json!([multicast(0, "hi"), {"deliver": 0}]),
    );
    let events: Vec<_> = world
        .view()
        .events
        .iter()
        .rev()
        .take(3)
        .map(|e| e.kind.clone())
        .collect();
    assert_eq!(
        events,
        [
            EventKindView::Deliver {
                app: "0:1".into(),
                text: "hi".into()
            },
            EventKindView::Send { message: 2, to: 2 },
            EventKindView::Receive {
                message: 0,
                from: 0
            },
        ]
    );
    // Node 2 takes whichever copy comes first and ignores the other.
    let world = run(
        json!({"nodes": 3, "reliable": true}),
        json!([multicast(0, "hi"), {"deliver": 0}, {"deliver": 2}, {"deliver": 1}]),
    );
    assert_eq!(delivered(&*world, 2), ["0:1"]);
    assert_eq!(verdict(&*world, "agreement").status, Status::Holds);
}

#[test]
fn a_dropped_copy_dooms_validity_once_nothing_is_in_flight_and_blames_the_network() {
    let world = run(
        json!({"nodes": 2}),
        json!([multicast(0, "hi"), {"drop": 0}]),
    );
    let validity = verdict(&*world, "validity");
    assert_eq!(validity.status, Status::Violated, "{validity:?}");
    assert_eq!(validity.step, Some(2));
    assert_eq!(validity.blame, Some(Blame::Assumption));
    assert!(
        validity
            .explanation
            .contains("node 1 can never deliver 0:1"),
        "{validity:?}"
    );
    let pending = run(
        json!({"nodes": 3}),
        json!([multicast(0, "hi"), {"drop": 0}]),
    );
    assert_eq!(verdict(&*pending, "validity").status, Status::Pending);
}

#[test]
fn impossible_parameters_are_refused_with_the_field_named() {
    let error = refusal("fifo-multicast", json!({"nodes": 9}));
    assert!(error.contains("nodes must be from 2 to 6"), "{error}");
    let error = refusal("fifo-multicast", json!({"order": "causal"}));
    assert!(error.contains("fifo-multicast takes no `order`"), "{error}");
    let error = refusal("fifo-multicast", json!({"variant": "no-dependency-check"}));
    assert!(error.contains("one of causal-multicast's"), "{error}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn fifo_order_and_integrity_hold_under_any_schedule_with_duplicates(
        choices in prop::collection::vec(any::<u32>(), 0..40),
        reliable in any::<bool>(),
    ) {
        let faults: Faults = [Fault::Duplicate].into_iter().collect();
        let params = json!({"nodes": 3, "reliable": reliable});
        play("fifo-multicast", params, &faults, &choices, &["fifo-order", "integrity"]);
    }
}
