//! The FLP bivalence explorer: the voting protocol is safe over its whole state space, every
//! initial configuration has the valence asserted here, and the adversary keeps a run bivalent
//! for as long as it is asked to.

use serde_json::{json, Value};
use synod_core::checker::check::{check, Bounds, FindingStatus};
use synod_core::checker::valence_run::{initial_valences, session, valence};
use synod_core::probe::probe;
use synod_core::protocols::flp::Flp;
use synod_core::scenario::Scenario;
use synod_core::trace::Fate;
use synod_core::verdict::Status;
use synod_core::world::World;

fn flp(inputs: [u8; 3]) -> Scenario {
    Scenario::new("flp", json!({"inputs": inputs}), None, 0)
}

fn bounds(crashes: u32) -> Bounds {
    Bounds {
        crashes,
        max_states: 5_000_000,
        ..Bounds::default()
    }
}

#[test]
fn agreement_and_validity_hold_over_every_run_with_one_crash() {
    let cases = [
        ([0, 0, 0], 11_707),
        ([0, 0, 1], 222_632),
        ([0, 1, 1], 2_718_981),
    ];
    for (inputs, states) in cases {
        let report = check(&flp(inputs), &bounds(1), &mut |_| {}).unwrap();
        assert!(report.complete);
        assert_eq!(report.unique_states, states, "{inputs:?}");
        for finding in &report.properties {
            assert_eq!(finding.status, FindingStatus::Holds, "{}", finding.name);
        }
        assert!(!report.broken_guarantee());
    }
}

#[test]
fn every_initial_configuration_has_its_valence_and_some_are_bivalent() {
    let report = initial_valences(&Scenario::new("flp", json!({}), None, 0)).unwrap();
    let table: Vec<(Vec<u8>, Vec<u8>, bool, usize)> = report
        .initial
        .into_iter()
        .map(|one| (one.inputs, one.valence, one.lasting, one.states))
        .collect();
    assert_eq!(
        table,
        [
            (vec![0, 0, 0], vec![0], false, 824),
            (vec![0, 0, 1], vec![0], false, 30_876),
            (vec![0, 1, 0], vec![0], false, 30_876),
            (vec![0, 1, 1], vec![0, 1], true, 452_504),
            (vec![1, 0, 0], vec![0], false, 30_876),
            (vec![1, 0, 1], vec![0, 1], true, 452_504),
            (vec![1, 1, 0], vec![0, 1], true, 452_504),
            (vec![1, 1, 1], vec![1], false, 824),
        ]
    );
}

#[test]
fn the_adversary_keeps_a_run_bivalent_for_200_steps() {
    let start = flp([0, 1, 1]);
    let mut explorer = session(&start).unwrap();
    let actions = explorer.adversary(&start, 200).unwrap();
    assert_eq!(actions.len(), 200);
    let run = Scenario {
        actions: actions.clone(),
        ..start.clone()
    };
    let valences = explorer.run(&run).unwrap();
    assert_eq!(valences.len(), 201);
    for (step, valence) in valences.iter().enumerate() {
        assert_eq!(valence.list(), [0, 1], "step {step}");
        assert!(valence.lasting, "step {step}");
    }
    let world = run.replay().unwrap();
    assert!(probe(&*world)
        .node_states()
        .iter()
        .all(|state| state["decided"] == Value::Null));
    let termination = world
        .verdicts()
        .into_iter()
        .find(|v| v.name == "termination")
        .unwrap();
    assert_eq!(termination.status, Status::Pending);
    // FLP's run is admissible: the adversary applies the oldest pending event within a few
    // steps, so no message waits for ever.
    let world = world.as_any().downcast_ref::<World<Flp>>().unwrap();
    let longest_wait = world
        .messages()
        .iter()
        .map(|m| match m.fate {
            Fate::Delivered { step, .. } => step - m.step,
            _ => 200 - m.step,
        })
        .max()
        .unwrap();
    assert_eq!(longest_wait, 7);
}

#[test]
fn lemma_3_finds_a_bivalent_configuration_in_d_for_the_oldest_event() {
    let start = flp([0, 1, 1]);
    let mut explorer = session(&start).unwrap();
    let lemma = explorer
        .lemma3(&start)
        .unwrap()
        .expect("events are pending");
    assert_eq!(
        lemma.event,
        serde_json::from_value(json!({"fire": 0})).unwrap()
    );
    assert!(lemma.complete);
    assert!(lemma.d[2] > 0, "{lemma:?}");
    assert_eq!(lemma.path.last(), Some(&lemma.event));
}

#[test]
fn a_univalent_configuration_cannot_be_kept_open() {
    let start = flp([0, 0, 1]);
    let mut explorer = session(&start).unwrap();
    assert!(explorer.adversary(&start, 10).unwrap().is_empty());
    let report = valence(&start).unwrap();
    assert_eq!(report.kind, "0-valent");
    assert!(!report.lasting);
}

#[test]
fn valence_is_refused_for_a_protocol_without_it() {
    let error = valence(&Scenario::new("paxos", json!({}), None, 0))
        .err()
        .unwrap()
        .to_string();
    assert!(error.contains("valence is computed for: flp"), "{error}");
}

#[test]
fn the_gallery_run_is_the_adversarys_first_100_steps_and_stays_bivalent() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../web/scenarios/flp/adversary-never-decides.json"
    );
    let gallery = Scenario::from_json(&std::fs::read_to_string(path).unwrap()).unwrap();
    let start = Scenario {
        actions: Vec::new(),
        ..gallery.clone()
    };
    let mut explorer = session(&start).unwrap();
    assert_eq!(explorer.adversary(&start, 100).unwrap(), gallery.actions);
    let valences = explorer.run(&gallery).unwrap();
    assert!(valences.iter().all(|v| v.list() == [0, 1] && v.lasting));
}
