//! A view built step by step from earlier views (what the page does on every step and jump) is
//! exactly the view built from scratch, for every protocol, under every kind of fault, whether
//! the earlier view is one step back or many.

use serde_json::json;
use synod_core::network::{Channels, NetworkSpec, Timing};
use synod_core::registry::PROTOCOLS;
use synod_core::scheduler::{Fault, Faults};
use synod_core::simulation::Simulation;
use synod_core::view::WorldView;

/// Each protocol with parameters small enough to reach every kind of step in a few hundred.
fn params(protocol: &str) -> serde_json::Value {
    match protocol {
        "chandy-lamport" => json!({"nodes": 4}),
        "fifo-multicast" | "causal-multicast" => json!({"nodes": 3, "reliable": true}),
        "total-multicast" => json!({"nodes": 3, "reliable": true, "order": "causal-total"}),
        "virtual-synchrony" => json!({"nodes": 3, "reliable": true}),
        "paxos" => json!({"nodes": 3}),
        "paxos-commit" => json!({"participants": 2, "f": 1}),
        "replicated-register" => json!({"replicas": 3, "clients": 2, "mode": "ap"}),
        "floodset" => json!({"nodes": 3, "f": 1}),
        "heartbeat" => json!({"nodes": 3, "variant": "eventually-perfect"}),
        "two-generals" => json!({"acks": 2, "variant": "resend"}),
        "flp" => json!({"inputs": [0, 1, 1]}),
        "pbft" => {
            json!({"f": 1, "requests": 2, "traitors": [{"node": 0, "strategy": "equivocate"}]})
        }
        "byzantine-om" | "byzantine-sm" | "byzantine-reductions" => {
            json!({"generals": 4, "m": 1, "traitors": [{"node": 1, "strategy": "random"}]})
        }
        _ => json!({"participants": 3}),
    }
}

fn networks() -> Vec<NetworkSpec> {
    vec![
        NetworkSpec::default(),
        NetworkSpec {
            channels: Some(Channels::Unordered),
            timing: Some(Timing::Async),
        },
        NetworkSpec {
            channels: Some(Channels::Fifo),
            timing: Some(Timing::Sync),
        },
    ]
}

fn assert_same(incremental: &WorldView, fresh: &WorldView, what: &str) {
    assert_eq!(
        incremental.in_flight_ids, fresh.in_flight_ids,
        "{what}: in flight"
    );
    assert_eq!(
        incremental.pending_ids, fresh.pending_ids,
        "{what}: pending timers"
    );
    assert_eq!(incremental, fresh, "{what}");
}

#[test]
fn views_built_from_earlier_views_equal_views_built_from_scratch() {
    let faults: Faults = Fault::ALL.into_iter().collect();
    let mut compared = 0;
    for info in PROTOCOLS {
        for network in networks() {
            for seed in 0..4 {
                let mut world: Box<dyn Simulation> =
                    info.build(&params(info.name), &network, seed).unwrap();
                let mut previous = world.view();
                let mut checkpoint = world.view();
                for step in 1..=300 {
                    let Some(action) = world.random_action(&faults) else {
                        break;
                    };
                    world.apply(&action).unwrap();
                    let fresh = world.view();
                    let what = format!("{} {network:?} seed {seed} step {step}", info.name);
                    let next = world.view_since(&previous);
                    assert_same(&next, &fresh, &what);
                    assert_same(&world.view_since(&checkpoint), &fresh, &what);
                    if step % 37 == 0 {
                        checkpoint = fresh;
                    }
                    previous = next;
                    compared += 1;
                }
            }
        }
    }
    assert!(compared > 2_000, "only {compared} steps compared");
}
