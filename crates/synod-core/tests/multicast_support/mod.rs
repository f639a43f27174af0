//! What the multicast test files share: running a protocol of the family on given actions,
//! reading a verdict and a node's delivered and held messages, and playing generated schedules
//! while asserting what the protocol promises. Each test file uses a part of it.
#![allow(dead_code)]

use serde_json::{json, Value};
use synod_core::action::Action;
use synod_core::probe::probe;
use synod_core::scenario::Scenario;
use synod_core::scheduler::Faults;
use synod_core::simulation::Simulation;
use synod_core::verdict::{Status, Verdict};

pub fn run(protocol: &str, params: Value, actions: Value) -> Box<dyn Simulation> {
    let mut scenario = Scenario::new(protocol, params, None, 1);
    scenario.actions = serde_json::from_value(actions).unwrap();
    scenario.replay().unwrap()
}

/// Why `params` are refused for `protocol`, in the words the user reads.
pub fn refusal(protocol: &str, params: Value) -> String {
    Scenario::new(protocol, params, None, 0)
        .replay()
        .err()
        .expect("the params are refused")
        .to_string()
}

pub fn verdict(world: &dyn Simulation, name: &str) -> Verdict {
    world
        .verdicts()
        .into_iter()
        .find(|v| v.name == name)
        .unwrap_or_else(|| panic!("no property {name}"))
}

/// A list of application ids in node `node`'s state as the report gives it (`delivered`, in
/// order, or `held`).
fn ids(world: &dyn Simulation, node: usize, key: &str) -> Vec<String> {
    serde_json::from_value(probe(world).node_states()[node][key].clone()).unwrap()
}

pub fn delivered(world: &dyn Simulation, node: usize) -> Vec<String> {
    ids(world, node, "delivered")
}

pub fn held(world: &dyn Simulation, node: usize) -> Vec<String> {
    ids(world, node, "held")
}

pub fn multicast(node: u32, text: &str) -> Value {
    json!({"command": {"node": node, "cmd": {"multicast": text}}})
}

/// The notes of the newest event.
pub fn last_notes(world: &dyn Simulation) -> Vec<String> {
    world.view().events.last().unwrap().notes.clone()
}

/// Plays `choices` on a fresh world of `protocol` (each picks one of the legal actions),
/// asserting after every step that the `promised` safety properties still hold; then delivers
/// whatever is left in flight and asserts that every correct member delivered every message.
pub fn play(protocol: &str, params: Value, faults: &Faults, choices: &[u32], promised: &[&str]) {
    let mut world = Scenario::new(protocol, params, None, 0).replay().unwrap();
    let mut taken: Vec<Action<Value>> = Vec::new();
    for &choice in choices {
        let legal = probe(&*world).legal_actions(faults);
        let Some(action) = legal.get(choice as usize % legal.len().max(1)).cloned() else {
            break;
        };
        world.apply(&action).unwrap();
        taken.push(action);
        for name in promised {
            let v = verdict(&*world, name);
            assert_eq!(v.status, Status::Holds, "{name} after {taken:?}: {v:?}");
        }
    }
    while let Some(message) = world.view().in_flight().map(|m| m.id).next() {
        world.apply(&Action::Deliver(message)).unwrap();
    }
    for name in ["validity", "agreement"] {
        let v = verdict(&*world, name);
        assert_eq!(v.status, Status::Holds, "{name} after {taken:?}: {v:?}");
    }
}
