//! Every gallery scenario under `web/scenarios/` replays to its golden transcript, and the
//! verdicts each one exists to teach are asserted explicitly.

use std::path::{Path, PathBuf};

use synod_core::probe::probe;
use synod_core::scenario::Scenario;
use synod_core::transcript::transcript;
use synod_core::verdict::{Blame, Status, Verdict};

fn scenarios_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../web/scenarios")
}

fn load(protocol: &str, name: &str) -> Scenario {
    let path = scenarios_dir().join(protocol).join(format!("{name}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    Scenario::from_json(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn final_verdicts(protocol: &str, name: &str) -> Vec<Verdict> {
    load(protocol, name).replay().unwrap().verdicts()
}

fn status_of<'a>(verdicts: &'a [Verdict], name: &str) -> &'a Verdict {
    verdicts
        .iter()
        .find(|v| v.name == name)
        .unwrap_or_else(|| panic!("no property {name}"))
}

#[test]
fn every_gallery_scenario_matches_its_golden_transcript() {
    let mut checked = 0;
    for protocol in std::fs::read_dir(scenarios_dir()).unwrap() {
        let protocol = protocol.unwrap().path();
        let mut files: Vec<PathBuf> = std::fs::read_dir(&protocol)
            .unwrap()
            .map(|f| f.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect();
        files.sort();
        for file in files {
            let scenario = Scenario::from_json(&std::fs::read_to_string(&file).unwrap()).unwrap();
            assert!(scenario.title.is_some(), "{} has no title", file.display());
            assert!(
                scenario.description.is_some(),
                "{} has no description",
                file.display()
            );
            let name = format!(
                "{}__{}",
                protocol.file_name().unwrap().to_string_lossy(),
                file.file_stem().unwrap().to_string_lossy()
            );
            insta::assert_snapshot!(name, transcript(&scenario).unwrap());
            checked += 1;
        }
    }
    assert!(checked >= 3, "only {checked} gallery scenarios found");
}

#[test]
fn money_in_flight_completes_with_every_property_holding_and_300_recorded() {
    let verdicts = final_verdicts("chandy-lamport", "money-in-flight");
    assert!(
        verdicts.iter().all(|v| v.status == Status::Holds),
        "{verdicts:#?}"
    );
    let world = load("chandy-lamport", "money-in-flight").replay().unwrap();
    let snapshots = &probe(&*world).report_fields()["snapshots"];
    assert_eq!(snapshots[0]["total"], 300);
    assert_eq!(snapshots[0]["complete"], true);
    assert_eq!(snapshots[0]["recorded"], serde_json::json!([70, 100, 80]));
}

#[test]
fn concurrent_initiators_make_one_snapshot_with_two_initiators() {
    let world = load("chandy-lamport", "concurrent-initiators")
        .replay()
        .unwrap();
    let view = world.view();
    assert!(view.properties.iter().all(|v| v.status == Status::Holds));
    let report = probe(&*world).report_fields();
    let snapshots = report["snapshots"].as_array().unwrap();
    assert_eq!(snapshots.len(), 1);
    assert_eq!(snapshots[0]["initiators"], serde_json::json!([0, 2]));
    assert_eq!(snapshots[0]["total"], 300);
}

#[test]
fn dropped_marker_cannot_terminate_and_blames_the_broken_assumption() {
    let verdicts = final_verdicts("chandy-lamport", "dropped-marker");
    let termination = status_of(&verdicts, "snapshot-termination");
    assert_eq!(termination.status, Status::Violated);
    assert_eq!(termination.step, Some(3));
    assert_eq!(termination.blame, Some(Blame::Assumption));
    assert!(termination.explanation.contains("reliable channels"));
    assert_eq!(status_of(&verdicts, "consistent-cut").status, Status::Holds);
}

#[test]
fn markers_after_traffic_variant_is_caught_breaking_the_cut() {
    let verdicts = final_verdicts("chandy-lamport", "flawed-markers-after-traffic");
    let cut = status_of(&verdicts, "consistent-cut");
    assert_eq!(cut.status, Status::Violated);
    assert_eq!(cut.step, Some(4));
    assert_eq!(cut.blame, Some(Blame::Algorithm));
    assert_eq!(
        status_of(&verdicts, "conservation").status,
        Status::Violated
    );
}

#[test]
fn no_channel_state_variant_is_caught_losing_money_in_transit() {
    let verdicts = final_verdicts("chandy-lamport", "flawed-no-channel-state");
    let conservation = status_of(&verdicts, "conservation");
    assert_eq!(conservation.status, Status::Violated);
    assert_eq!(conservation.blame, Some(Blame::Algorithm));
    assert!(conservation.witness.as_deref().unwrap().contains("$270"));
    assert_eq!(status_of(&verdicts, "consistent-cut").status, Status::Holds);
}

#[test]
fn unordered_channels_let_a_transfer_overtake_a_marker_and_blame_the_assumption() {
    let verdicts = final_verdicts("chandy-lamport", "unordered-overtaking");
    let cut = status_of(&verdicts, "consistent-cut");
    assert_eq!(cut.status, Status::Violated);
    assert_eq!(cut.blame, Some(Blame::Assumption));
    assert!(cut.explanation.contains("FIFO"));
}

#[test]
fn fifo_hold_back_delivers_the_edit_after_the_post_everywhere() {
    let world = load("fifo-multicast", "hold-back").replay().unwrap();
    let verdicts = world.verdicts();
    for name in [
        "fifo-order",
        "causal-order",
        "total-order",
        "integrity",
        "validity",
        "agreement",
    ] {
        assert_eq!(status_of(&verdicts, name).status, Status::Holds, "{name}");
    }
    let states = probe(&*world).node_states();
    for state in states {
        assert_eq!(state["delivered"], serde_json::json!(["0:1", "0:2"]));
    }
}

#[test]
fn a_reply_before_its_post_breaks_causal_order_which_fifo_never_promised() {
    let verdicts = final_verdicts("fifo-multicast", "social-network");
    assert_eq!(status_of(&verdicts, "fifo-order").status, Status::Holds);
    let causal = status_of(&verdicts, "causal-order");
    assert_eq!(causal.status, Status::Violated);
    assert_eq!(causal.step, Some(4));
    assert_eq!(causal.blame, Some(Blame::Algorithm));
    assert!(!causal.guaranteed);
    assert!(
        causal.explanation.contains("does not promise causal-order"),
        "{causal:?}"
    );
}

#[test]
fn no_hold_back_variant_is_caught_breaking_fifo_order() {
    let verdicts = final_verdicts("fifo-multicast", "flawed-no-hold-back");
    let fifo = status_of(&verdicts, "fifo-order");
    assert_eq!(fifo.status, Status::Violated);
    assert_eq!(fifo.step, Some(3));
    assert_eq!(fifo.blame, Some(Blame::Algorithm));
}

/// Each node's delivered messages at the end of a gallery run.
fn delivered_by_each(protocol: &str, name: &str) -> Vec<serde_json::Value> {
    let world = load(protocol, name).replay().unwrap();
    probe(&*world)
        .node_states()
        .into_iter()
        .map(|state| state["delivered"].clone())
        .collect()
}

#[test]
fn causal_multicast_holds_the_reply_back_until_the_post() {
    let verdicts = final_verdicts("causal-multicast", "social-network");
    for name in [
        "fifo-order",
        "causal-order",
        "integrity",
        "validity",
        "agreement",
    ] {
        assert_eq!(status_of(&verdicts, name).status, Status::Holds, "{name}");
    }
    let delivered = delivered_by_each("causal-multicast", "social-network");
    assert_eq!(delivered[2], serde_json::json!(["0:1", "1:1"]));
}

#[test]
fn concurrent_multicasts_go_either_way_under_causal_and_one_way_under_total() {
    let causal = delivered_by_each("causal-multicast", "concurrent");
    assert_eq!(causal[0], serde_json::json!(["0:1", "1:1"]));
    assert_eq!(causal[1], serde_json::json!(["1:1", "0:1"]));
    let verdicts = final_verdicts("causal-multicast", "concurrent");
    assert_eq!(status_of(&verdicts, "causal-order").status, Status::Holds);
    assert_eq!(status_of(&verdicts, "total-order").status, Status::Violated);
    let total = delivered_by_each("total-multicast", "concurrent");
    assert!(
        total
            .iter()
            .all(|d| *d == serde_json::json!(["2:1", "1:1"])),
        "{total:?}"
    );
    let verdicts = final_verdicts("total-multicast", "concurrent");
    for name in ["total-order", "integrity", "validity", "agreement"] {
        assert_eq!(status_of(&verdicts, name).status, Status::Holds, "{name}");
    }
}

#[test]
fn total_order_breaks_fifo_and_the_fifo_total_hybrid_keeps_it() {
    let broken = final_verdicts("total-multicast", "breaks-fifo");
    let fifo = status_of(&broken, "fifo-order");
    assert_eq!(fifo.status, Status::Violated);
    assert!(!fifo.guaranteed);
    assert_eq!(status_of(&broken, "total-order").status, Status::Holds);
    let delivered = delivered_by_each("total-multicast", "breaks-fifo");
    assert!(
        delivered
            .iter()
            .all(|d| *d == serde_json::json!(["1:2", "1:1"])),
        "{delivered:?}"
    );
    let kept = final_verdicts("total-multicast", "fifo-total");
    for name in ["fifo-order", "total-order", "validity", "agreement"] {
        assert_eq!(status_of(&kept, name).status, Status::Holds, "{name}");
    }
    let delivered = delivered_by_each("total-multicast", "fifo-total");
    assert!(
        delivered
            .iter()
            .all(|d| *d == serde_json::json!(["1:1", "1:2"])),
        "{delivered:?}"
    );
}

#[test]
fn the_flawed_causal_and_total_variants_break_what_they_promise() {
    let causal = final_verdicts("causal-multicast", "flawed-no-dependency-check");
    let verdict = status_of(&causal, "causal-order");
    assert_eq!((verdict.status, verdict.step), (Status::Violated, Some(4)));
    assert!(verdict.guaranteed);
    let total = final_verdicts("total-multicast", "flawed-skip-number-check");
    let verdict = status_of(&total, "total-order");
    assert_eq!(verdict.status, Status::Violated);
    assert!(verdict.guaranteed);
    assert_eq!(verdict.blame, Some(Blame::Algorithm));
}

#[test]
fn a_sender_crashing_mid_send_splits_the_group_unless_receivers_relay() {
    let split = final_verdicts("fifo-multicast", "crash-mid-send");
    let agreement = status_of(&split, "agreement");
    assert_eq!(agreement.status, Status::Violated);
    assert_eq!(agreement.blame, Some(Blame::Assumption));
    assert!(!agreement.guaranteed);
    let delivered = delivered_by_each("fifo-multicast", "crash-mid-send");
    assert_eq!(delivered[1], serde_json::json!(["0:1"]));
    assert_eq!(delivered[2], serde_json::json!([]));
    let relayed = final_verdicts("fifo-multicast", "reliable-relay");
    for name in ["agreement", "validity", "fifo-order", "integrity"] {
        assert_eq!(status_of(&relayed, name).status, Status::Holds, "{name}");
    }
    let delivered = delivered_by_each("fifo-multicast", "reliable-relay");
    assert_eq!(delivered[2], serde_json::json!(["0:1"]));
}

#[test]
fn pbft_completes_past_an_equivocating_primary_and_weak_quorums_disagree() {
    for name in ["normal-case", "equivocating-primary-view-change"] {
        let verdicts = final_verdicts("pbft", name);
        for property in ["agreement", "client-safety", "liveness"] {
            assert_eq!(
                status_of(&verdicts, property).status,
                Status::Holds,
                "{name}: {property}"
            );
        }
    }
    let verdicts = final_verdicts("pbft", "weak-quorums-counterexample");
    let agreement = status_of(&verdicts, "agreement");
    assert_eq!(
        (agreement.status, agreement.step),
        (Status::Violated, Some(9))
    );
    assert_eq!(agreement.blame, Some(Blame::Algorithm));
}
