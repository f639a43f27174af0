//! Simulator throughput: deliveries per second on Chandy-Lamport with 8 nodes.
//!
//! Each iteration replays a fixed random run (transfers, concurrent snapshots, deliveries in any
//! FIFO-legal order) recorded once up front, so the figure measures the world applying actions,
//! not the scheduler choosing them. Verdicts are computed once at the end, as a replay does.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use serde_json::json;
use synod_core::action::Action;
use synod_core::scenario::Scenario;
use synod_core::scheduler::Faults;

fn recorded_run(steps: usize) -> Scenario {
    let mut scenario = Scenario::new("chandy-lamport", json!({"nodes": 8}), None, 42);
    let mut world = scenario.start().unwrap();
    for _ in 0..steps {
        let action = world.random_action(&Faults::new()).unwrap();
        world.apply(&action).unwrap();
        scenario.actions.push(action);
    }
    scenario
}

fn deliveries(c: &mut Criterion) {
    let scenario = recorded_run(2_000);
    let delivered = scenario
        .actions
        .iter()
        .filter(|a| matches!(a, Action::Deliver(_)))
        .count() as u64;
    let mut group = c.benchmark_group("chandy-lamport-8-nodes");
    group.throughput(Throughput::Elements(delivered));
    group.bench_function("replay 2000 steps (deliveries/s)", |b| {
        b.iter(|| scenario.replay().unwrap().step())
    });
    group.bench_function("replay 2000 steps and judge every property", |b| {
        b.iter(|| scenario.replay().unwrap().verdicts().len())
    });
    group.finish();
}

criterion_group!(benches, deliveries);
criterion_main!(benches);
