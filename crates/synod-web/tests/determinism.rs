//! The same scenario gives the same trace in wasm as natively: every gallery scenario is replayed
//! inside the JavaScript engine (`wasm-bindgen-test`, run by `scripts/test`) and its transcript
//! must equal, byte for byte, the golden transcript the native tests keep in
//! `crates/synod-core/tests/snapshots/`.

/// (scenario JSON, golden snapshot file) for every gallery scenario.
const CASES: &[(&str, &str)] = &[
    (
        include_str!("../../../web/scenarios/chandy-lamport/concurrent-initiators.json"),
        include_str!("../../synod-core/tests/snapshots/gallery__chandy-lamport__concurrent-initiators.snap"),
    ),
    (
        include_str!("../../../web/scenarios/chandy-lamport/dropped-marker.json"),
        include_str!("../../synod-core/tests/snapshots/gallery__chandy-lamport__dropped-marker.snap"),
    ),
    (
        include_str!("../../../web/scenarios/chandy-lamport/flawed-markers-after-traffic.json"),
        include_str!("../../synod-core/tests/snapshots/gallery__chandy-lamport__flawed-markers-after-traffic.snap"),
    ),
    (
        include_str!("../../../web/scenarios/chandy-lamport/flawed-no-channel-state.json"),
        include_str!("../../synod-core/tests/snapshots/gallery__chandy-lamport__flawed-no-channel-state.snap"),
    ),
    (
        include_str!("../../../web/scenarios/chandy-lamport/money-in-flight.json"),
        include_str!("../../synod-core/tests/snapshots/gallery__chandy-lamport__money-in-flight.snap"),
    ),
    (
        include_str!("../../../web/scenarios/chandy-lamport/unordered-overtaking.json"),
        include_str!("../../synod-core/tests/snapshots/gallery__chandy-lamport__unordered-overtaking.snap"),
    ),
    (
        include_str!("../../../web/scenarios/two-phase-commit/abort-on-no.json"),
        include_str!("../../synod-core/tests/snapshots/gallery__two-phase-commit__abort-on-no.snap"),
    ),
    (
        include_str!("../../../web/scenarios/two-phase-commit/blocking.json"),
        include_str!("../../synod-core/tests/snapshots/gallery__two-phase-commit__blocking.snap"),
    ),
    (
        include_str!("../../../web/scenarios/two-phase-commit/cooperative-still-blocks.json"),
        include_str!("../../synod-core/tests/snapshots/gallery__two-phase-commit__cooperative-still-blocks.snap"),
    ),
    (
        include_str!("../../../web/scenarios/two-phase-commit/cooperative-termination.json"),
        include_str!("../../synod-core/tests/snapshots/gallery__two-phase-commit__cooperative-termination.snap"),
    ),
    (
        include_str!("../../../web/scenarios/two-phase-commit/flawed-forgetful-participant.json"),
        include_str!("../../synod-core/tests/snapshots/gallery__two-phase-commit__flawed-forgetful-participant.snap"),
    ),
    (
        include_str!("../../../web/scenarios/two-phase-commit/flawed-majority-commit.json"),
        include_str!("../../synod-core/tests/snapshots/gallery__two-phase-commit__flawed-majority-commit.snap"),
    ),
    (
        include_str!("../../../web/scenarios/two-phase-commit/happy-path.json"),
        include_str!("../../synod-core/tests/snapshots/gallery__two-phase-commit__happy-path.snap"),
    ),
    (
        include_str!("../../../web/scenarios/three-phase-commit/async-premature-timeout.json"),
        include_str!("../../synod-core/tests/snapshots/gallery__three-phase-commit__async-premature-timeout.snap"),
    ),
    (
        include_str!("../../../web/scenarios/three-phase-commit/coordinator-crash.json"),
        include_str!("../../synod-core/tests/snapshots/gallery__three-phase-commit__coordinator-crash.snap"),
    ),
    (
        include_str!("../../../web/scenarios/three-phase-commit/flawed-eager-recovery.json"),
        include_str!("../../synod-core/tests/snapshots/gallery__three-phase-commit__flawed-eager-recovery.snap"),
    ),
    (
        include_str!("../../../web/scenarios/three-phase-commit/partition-split.json"),
        include_str!("../../synod-core/tests/snapshots/gallery__three-phase-commit__partition-split.snap"),
    ),
    (
        include_str!("../../../web/scenarios/fifo-multicast/flawed-no-hold-back.json"),
        include_str!("../../synod-core/tests/snapshots/gallery__fifo-multicast__flawed-no-hold-back.snap"),
    ),
    (
        include_str!("../../../web/scenarios/fifo-multicast/hold-back.json"),
        include_str!("../../synod-core/tests/snapshots/gallery__fifo-multicast__hold-back.snap"),
    ),
    (
        include_str!("../../../web/scenarios/fifo-multicast/social-network.json"),
        include_str!("../../synod-core/tests/snapshots/gallery__fifo-multicast__social-network.snap"),
    ),
    (
        include_str!("../../../web/scenarios/fifo-multicast/crash-mid-send.json"),
        include_str!("../../synod-core/tests/snapshots/gallery__fifo-multicast__crash-mid-send.snap"),
    ),
    (
        include_str!("../../../web/scenarios/fifo-multicast/reliable-relay.json"),
        include_str!("../../synod-core/tests/snapshots/gallery__fifo-multicast__reliable-relay.snap"),
    ),
    (
        include_str!("../../../web/scenarios/causal-multicast/social-network.json"),
        include_str!("../../synod-core/tests/snapshots/gallery__causal-multicast__social-network.snap"),
    ),
    (
        include_str!("../../../web/scenarios/causal-multicast/concurrent.json"),
        include_str!("../../synod-core/tests/snapshots/gallery__causal-multicast__concurrent.snap"),
    ),
    (
        include_str!("../../../web/scenarios/causal-multicast/flawed-no-dependency-check.json"),
        include_str!("../../synod-core/tests/snapshots/gallery__causal-multicast__flawed-no-dependency-check.snap"),
    ),
    (
        include_str!("../../../web/scenarios/total-multicast/concurrent.json"),
        include_str!("../../synod-core/tests/snapshots/gallery__total-multicast__concurrent.snap"),
    ),
    (
        include_str!("../../../web/scenarios/total-multicast/breaks-fifo.json"),
        include_str!("../../synod-core/tests/snapshots/gallery__total-multicast__breaks-fifo.snap"),
    ),
    (
        include_str!("../../../web/scenarios/total-multicast/fifo-total.json"),
        include_str!("../../synod-core/tests/snapshots/gallery__total-multicast__fifo-total.snap"),
    ),
    (
        include_str!("../../../web/scenarios/total-multicast/flawed-skip-number-check.json"),
        include_str!("../../synod-core/tests/snapshots/gallery__total-multicast__flawed-skip-number-check.snap"),
    ),
    (
        include_str!("../../../web/scenarios/virtual-synchrony/view-change-flush.json"),
        include_str!("../../synod-core/tests/snapshots/gallery__virtual-synchrony__view-change-flush.snap"),
    ),
    (
        include_str!("../../../web/scenarios/virtual-synchrony/leave-and-join.json"),
        include_str!("../../synod-core/tests/snapshots/gallery__virtual-synchrony__leave-and-join.snap"),
    ),
    (
        include_str!("../../../web/scenarios/virtual-synchrony/partition.json"),
        include_str!("../../synod-core/tests/snapshots/gallery__virtual-synchrony__partition.snap"),
    ),
    (
        include_str!("../../../web/scenarios/virtual-synchrony/flawed-skip-flush.json"),
        include_str!("../../synod-core/tests/snapshots/gallery__virtual-synchrony__flawed-skip-flush.snap"),
    ),
    (
        include_str!("../../../web/scenarios/paxos/happy-path.json"),
        include_str!("../../synod-core/tests/snapshots/gallery__paxos__happy-path.snap"),
    ),
    (
        include_str!("../../../web/scenarios/paxos/dueling-proposers.json"),
        include_str!("../../synod-core/tests/snapshots/gallery__paxos__dueling-proposers.snap"),
    ),
    (
        include_str!("../../../web/scenarios/paxos/leader-crash-after-chosen.json"),
        include_str!("../../synod-core/tests/snapshots/gallery__paxos__leader-crash-after-chosen.snap"),
    ),
    (
        include_str!("../../../web/scenarios/paxos/acceptor-recovers-promise.json"),
        include_str!("../../synod-core/tests/snapshots/gallery__paxos__acceptor-recovers-promise.snap"),
    ),
    (
        include_str!("../../../web/scenarios/paxos/flawed-ignore-promises.json"),
        include_str!("../../synod-core/tests/snapshots/gallery__paxos__flawed-ignore-promises.snap"),
    ),
    (
        include_str!("../../../web/scenarios/paxos/flawed-forgetful-acceptor.json"),
        include_str!("../../synod-core/tests/snapshots/gallery__paxos__flawed-forgetful-acceptor.snap"),
    ),
    (
        include_str!("../../../web/scenarios/paxos/flawed-minority-quorum.json"),
        include_str!("../../synod-core/tests/snapshots/gallery__paxos__flawed-minority-quorum.snap"),
    ),
    (
        include_str!("../../../web/scenarios/paxos-commit/happy-path.json"),
        include_str!("../../synod-core/tests/snapshots/gallery__paxos-commit__happy-path.snap"),
    ),
    (
        include_str!("../../../web/scenarios/paxos-commit/leader-crash-backup.json"),
        include_str!("../../synod-core/tests/snapshots/gallery__paxos-commit__leader-crash-backup.snap"),
    ),
    (
        include_str!("../../../web/scenarios/paxos-commit/f0-blocks-like-2pc.json"),
        include_str!("../../synod-core/tests/snapshots/gallery__paxos-commit__f0-blocks-like-2pc.snap"),
    ),
    (
        include_str!("../../../web/scenarios/replicated-register/cp-partition.json"),
        include_str!("../../synod-core/tests/snapshots/gallery__replicated-register__cp-partition.snap"),
    ),
    (
        include_str!("../../../web/scenarios/replicated-register/ap-partition.json"),
        include_str!("../../synod-core/tests/snapshots/gallery__replicated-register__ap-partition.snap"),
    ),
    (
        include_str!("../../../web/scenarios/floodset/crash-chain.json"),
        include_str!("../../synod-core/tests/snapshots/gallery__floodset__crash-chain.snap"),
    ),
    (
        include_str!("../../../web/scenarios/floodset/repaired-with-f-plus-1-rounds.json"),
        include_str!("../../synod-core/tests/snapshots/gallery__floodset__repaired-with-f-plus-1-rounds.snap"),
    ),
    (
        include_str!("../../../web/scenarios/heartbeat/false-suspicion.json"),
        include_str!("../../synod-core/tests/snapshots/gallery__heartbeat__false-suspicion.snap"),
    ),
    (
        include_str!("../../../web/scenarios/heartbeat/crash-detected.json"),
        include_str!("../../synod-core/tests/snapshots/gallery__heartbeat__crash-detected.snap"),
    ),
    (
        include_str!("../../../web/scenarios/two-generals/last-message-lost.json"),
        include_str!("../../synod-core/tests/snapshots/gallery__two-generals__last-message-lost.snap"),
    ),
    (
        include_str!("../../../web/scenarios/flp/adversary-never-decides.json"),
        include_str!("../../synod-core/tests/snapshots/gallery__flp__adversary-never-decides.snap"),
    ),
    (
        include_str!("../../../web/scenarios/byzantine-om/n3-traitor-lieutenant.json"),
        include_str!("../../synod-core/tests/snapshots/gallery__byzantine-om__n3-traitor-lieutenant.snap"),
    ),
    (
        include_str!("../../../web/scenarios/byzantine-om/n3-traitor-commander.json"),
        include_str!("../../synod-core/tests/snapshots/gallery__byzantine-om__n3-traitor-commander.snap"),
    ),
    (
        include_str!("../../../web/scenarios/byzantine-om/n4-commander-silent.json"),
        include_str!("../../synod-core/tests/snapshots/gallery__byzantine-om__n4-commander-silent.snap"),
    ),
    (
        include_str!("../../../web/scenarios/byzantine-om/n4-lieutenant-flip.json"),
        include_str!("../../synod-core/tests/snapshots/gallery__byzantine-om__n4-lieutenant-flip.snap"),
    ),
    (
        include_str!("../../../web/scenarios/byzantine-om/n4-commander-split.json"),
        include_str!("../../synod-core/tests/snapshots/gallery__byzantine-om__n4-commander-split.snap"),
    ),
    (
        include_str!("../../../web/scenarios/byzantine-om/n4-lieutenant-random.json"),
        include_str!("../../synod-core/tests/snapshots/gallery__byzantine-om__n4-lieutenant-random.snap"),
    ),
    (
        include_str!("../../../web/scenarios/byzantine-om/n7-om2-two-traitors.json"),
        include_str!("../../synod-core/tests/snapshots/gallery__byzantine-om__n7-om2-two-traitors.snap"),
    ),
    (
        include_str!("../../../web/scenarios/byzantine-sm/n3-traitor-commander.json"),
        include_str!("../../synod-core/tests/snapshots/gallery__byzantine-sm__n3-traitor-commander.snap"),
    ),
    (
        include_str!("../../../web/scenarios/byzantine-reductions/ic-from-bg-one-traitor.json"),
        include_str!("../../synod-core/tests/snapshots/gallery__byzantine-reductions__ic-from-bg-one-traitor.snap"),
    ),
    (
        include_str!("../../../web/scenarios/byzantine-reductions/c-from-ic-unanimous.json"),
        include_str!("../../synod-core/tests/snapshots/gallery__byzantine-reductions__c-from-ic-unanimous.snap"),
    ),
    (
        include_str!("../../../web/scenarios/byzantine-reductions/bg-from-c-traitor-leader.json"),
        include_str!("../../synod-core/tests/snapshots/gallery__byzantine-reductions__bg-from-c-traitor-leader.snap"),
    ),
    (
        include_str!("../../../web/scenarios/pbft/normal-case.json"),
        include_str!("../../synod-core/tests/snapshots/gallery__pbft__normal-case.snap"),
    ),
    (
        include_str!("../../../web/scenarios/pbft/equivocating-primary-view-change.json"),
        include_str!("../../synod-core/tests/snapshots/gallery__pbft__equivocating-primary-view-change.snap"),
    ),
    (
        include_str!("../../../web/scenarios/pbft/weak-quorums-counterexample.json"),
        include_str!("../../synod-core/tests/snapshots/gallery__pbft__weak-quorums-counterexample.snap"),
    ),
];

/// The body of an insta snapshot: everything after its `---` header.
fn golden_body(snapshot: &str) -> &str {
    let after_header = snapshot
        .splitn(3, "---\n")
        .nth(2)
        .expect("an insta snapshot has a --- header");
    after_header.trim_end()
}

fn replayed_transcript(json: &str) -> String {
    let scenario = synod_core::scenario::Scenario::from_json(json).unwrap();
    synod_core::transcript::transcript(&scenario).unwrap()
}

#[cfg(target_arch = "wasm32")]
#[wasm_bindgen_test::wasm_bindgen_test]
fn every_gallery_scenario_replays_in_wasm_to_its_native_golden_transcript() {
    for (json, snapshot) in CASES {
        assert_eq!(replayed_transcript(json).trim_end(), golden_body(snapshot));
    }
}

#[cfg(not(target_arch = "wasm32"))]
#[test]
fn the_wasm_check_covers_every_gallery_scenario() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../web/scenarios");
    let files = std::fs::read_dir(dir)
        .unwrap()
        .flat_map(|protocol| std::fs::read_dir(protocol.unwrap().path()).unwrap())
        .filter(|f| {
            f.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|e| e == "json")
        })
        .count();
    assert_eq!(files, CASES.len(), "add the new gallery scenario to CASES");
    for (json, snapshot) in CASES {
        assert_eq!(replayed_transcript(json).trim_end(), golden_body(snapshot));
    }
}
