//! Prints the multicast figures the group-communication issue budgets: the model checker's
//! unique states per second on causal multicast (3 nodes, 3 multicasts, and the reliable version
//! with a crash and a duplicate), and the simulator's application deliveries per second on long
//! random runs of each multicast order. A figure, not a test: it never fails on time.
//!
//! Usage: `cargo run --release -p synod-bench --bin multicast-bench [STEPS]` (100,000 steps by
//! default). Each figure is the best of three runs.

use std::time::{Duration, Instant};

use serde_json::{json, Value};
use synod_core::checker::check::{check, Bounds};
use synod_core::scenario::Scenario;
use synod_core::scheduler::Faults;
use synod_core::view::EventKindView;

const RUNS: u32 = 3;

/// The fastest of [`RUNS`] runs of `work`, and what the last run returned.
fn best<T>(mut work: impl FnMut() -> T) -> (Duration, T) {
    let mut fastest = Duration::MAX;
    let mut result = None;
    for _ in 0..RUNS {
        let start = Instant::now();
        result = Some(work());
        fastest = fastest.min(start.elapsed());
    }
    (fastest, result.expect("at least one run"))
}

fn checker_figure(label: &str, params: Value, bounds: Bounds) {
    let start = Scenario::new("causal-multicast", params, None, 0);
    let (time, report) = best(|| check(&start, &bounds, &mut |_| {}).expect("the check runs"));
    println!(
        "{label:<52} {:>9} states {:>8.3} s {:>10.0} states/s",
        report.unique_states,
        time.as_secs_f64(),
        report.unique_states as f64 / time.as_secs_f64()
    );
}

fn simulator_figure(protocol: &str, params: Value, steps: usize) {
    let scenario = Scenario::new(protocol, params.clone(), None, 7);
    let (time, deliveries) = best(|| {
        let mut world = scenario.start().expect("the scenario starts");
        for _ in 0..steps {
            let Some(action) = world.random_action(&Faults::new()) else {
                break;
            };
            world.apply(&action).expect("a legal action applies");
        }
        world
            .view()
            .events
            .iter()
            .filter(|e| matches!(e.kind, EventKindView::Deliver { .. }))
            .count()
    });
    println!(
        "{:<62} {deliveries:>9} deliveries {:>6.3} s {:>10.0} deliveries/s",
        format!("{protocol} {params}, {steps} random steps"),
        time.as_secs_f64(),
        deliveries as f64 / time.as_secs_f64()
    );
}

fn main() {
    let steps: usize = std::env::args()
        .nth(1)
        .map(|s| s.parse().expect("STEPS is a number"))
        .unwrap_or(100_000);
    println!("model checker (breadth-first, one thread)");
    let three = Bounds {
        commands: Some(3),
        ..Bounds::default()
    };
    checker_figure(
        "causal-multicast, 3 nodes, 3 multicasts",
        json!({"nodes": 3}),
        three,
    );
    let faulty = Bounds {
        crashes: 1,
        duplicates: 1,
        ..Bounds::default()
    };
    checker_figure(
        "causal-multicast reliable, 3 nodes, 2 multicasts, crash, dup",
        json!({"nodes": 3, "reliable": true}),
        faulty,
    );
    println!("simulator");
    simulator_figure("causal-multicast", json!({"nodes": 4}), steps);
    simulator_figure("fifo-multicast", json!({"nodes": 4}), steps);
    simulator_figure(
        "total-multicast",
        json!({"nodes": 4, "order": "causal-total"}),
        steps,
    );
}
