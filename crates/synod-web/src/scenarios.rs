//! The built-in scenarios: a blank run of every protocol and the gallery of `web/scenarios/`,
//! embedded at compile time so the page needs no requests. A new gallery file needs one line in
//! [`GALLERY`].

use synod_core::form::default_params;
use synod_core::registry::{ProtocolInfo, PROTOCOLS};
use synod_core::scenario::Scenario;

use crate::timeline::Timeline;

/// The JSON text of every gallery scenario, grouped by protocol in the registry's order, in menu
/// order within each group.
const GALLERY: &[&str] = &[
    include_str!("../../../web/scenarios/chandy-lamport/money-in-flight.json"),
    include_str!("../../../web/scenarios/chandy-lamport/concurrent-initiators.json"),
    include_str!("../../../web/scenarios/chandy-lamport/dropped-marker.json"),
    include_str!("../../../web/scenarios/chandy-lamport/unordered-overtaking.json"),
    include_str!("../../../web/scenarios/chandy-lamport/flawed-markers-after-traffic.json"),
    include_str!("../../../web/scenarios/chandy-lamport/flawed-no-channel-state.json"),
    include_str!("../../../web/scenarios/two-phase-commit/happy-path.json"),
    include_str!("../../../web/scenarios/two-phase-commit/abort-on-no.json"),
    include_str!("../../../web/scenarios/two-phase-commit/blocking.json"),
    include_str!("../../../web/scenarios/two-phase-commit/cooperative-termination.json"),
    include_str!("../../../web/scenarios/two-phase-commit/cooperative-still-blocks.json"),
    include_str!("../../../web/scenarios/two-phase-commit/flawed-majority-commit.json"),
    include_str!("../../../web/scenarios/two-phase-commit/flawed-forgetful-participant.json"),
    include_str!("../../../web/scenarios/three-phase-commit/coordinator-crash.json"),
    include_str!("../../../web/scenarios/three-phase-commit/partition-split.json"),
    include_str!("../../../web/scenarios/three-phase-commit/async-premature-timeout.json"),
    include_str!("../../../web/scenarios/three-phase-commit/flawed-eager-recovery.json"),
    include_str!("../../../web/scenarios/fifo-multicast/hold-back.json"),
    include_str!("../../../web/scenarios/fifo-multicast/social-network.json"),
    include_str!("../../../web/scenarios/fifo-multicast/crash-mid-send.json"),
    include_str!("../../../web/scenarios/fifo-multicast/reliable-relay.json"),
    include_str!("../../../web/scenarios/fifo-multicast/flawed-no-hold-back.json"),
    include_str!("../../../web/scenarios/causal-multicast/social-network.json"),
    include_str!("../../../web/scenarios/causal-multicast/concurrent.json"),
    include_str!("../../../web/scenarios/causal-multicast/flawed-no-dependency-check.json"),
    include_str!("../../../web/scenarios/total-multicast/concurrent.json"),
    include_str!("../../../web/scenarios/total-multicast/breaks-fifo.json"),
    include_str!("../../../web/scenarios/total-multicast/fifo-total.json"),
    include_str!("../../../web/scenarios/total-multicast/flawed-skip-number-check.json"),
    include_str!("../../../web/scenarios/virtual-synchrony/view-change-flush.json"),
    include_str!("../../../web/scenarios/virtual-synchrony/leave-and-join.json"),
    include_str!("../../../web/scenarios/virtual-synchrony/partition.json"),
    include_str!("../../../web/scenarios/virtual-synchrony/flawed-skip-flush.json"),
    include_str!("../../../web/scenarios/paxos/happy-path.json"),
    include_str!("../../../web/scenarios/paxos/dueling-proposers.json"),
    include_str!("../../../web/scenarios/paxos/leader-crash-after-chosen.json"),
    include_str!("../../../web/scenarios/paxos/acceptor-recovers-promise.json"),
    include_str!("../../../web/scenarios/paxos/flawed-ignore-promises.json"),
    include_str!("../../../web/scenarios/paxos/flawed-forgetful-acceptor.json"),
    include_str!("../../../web/scenarios/paxos/flawed-minority-quorum.json"),
    include_str!("../../../web/scenarios/paxos-commit/happy-path.json"),
    include_str!("../../../web/scenarios/paxos-commit/leader-crash-backup.json"),
    include_str!("../../../web/scenarios/paxos-commit/f0-blocks-like-2pc.json"),
    include_str!("../../../web/scenarios/replicated-register/cp-partition.json"),
    include_str!("../../../web/scenarios/replicated-register/ap-partition.json"),
    include_str!("../../../web/scenarios/floodset/crash-chain.json"),
    include_str!("../../../web/scenarios/floodset/repaired-with-f-plus-1-rounds.json"),
    include_str!("../../../web/scenarios/heartbeat/false-suspicion.json"),
    include_str!("../../../web/scenarios/heartbeat/crash-detected.json"),
    include_str!("../../../web/scenarios/two-generals/last-message-lost.json"),
    include_str!("../../../web/scenarios/flp/adversary-never-decides.json"),
    include_str!("../../../web/scenarios/byzantine-om/n3-traitor-lieutenant.json"),
    include_str!("../../../web/scenarios/byzantine-om/n3-traitor-commander.json"),
    include_str!("../../../web/scenarios/byzantine-om/n4-commander-silent.json"),
    include_str!("../../../web/scenarios/byzantine-om/n4-lieutenant-flip.json"),
    include_str!("../../../web/scenarios/byzantine-om/n4-commander-split.json"),
    include_str!("../../../web/scenarios/byzantine-om/n4-lieutenant-random.json"),
    include_str!("../../../web/scenarios/byzantine-om/n7-om2-two-traitors.json"),
    include_str!("../../../web/scenarios/byzantine-sm/n3-traitor-commander.json"),
    include_str!("../../../web/scenarios/byzantine-reductions/ic-from-bg-one-traitor.json"),
    include_str!("../../../web/scenarios/byzantine-reductions/c-from-ic-unanimous.json"),
    include_str!("../../../web/scenarios/byzantine-reductions/bg-from-c-traitor-leader.json"),
    include_str!("../../../web/scenarios/pbft/normal-case.json"),
    include_str!("../../../web/scenarios/pbft/equivocating-primary-view-change.json"),
    include_str!("../../../web/scenarios/pbft/weak-quorums-counterexample.json"),
];

/// A gallery entry as the menu shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct GalleryEntry {
    pub title: String,
    pub description: String,
    pub scenario: Scenario,
}

impl GalleryEntry {
    fn of(scenario: Scenario) -> GalleryEntry {
        GalleryEntry {
            title: scenario
                .title
                .clone()
                .unwrap_or_else(|| "Untitled scenario".to_string()),
            description: scenario.description.clone().unwrap_or_default(),
            scenario,
        }
    }
}

/// The gallery scenarios that parse; a broken file is left out of the menu rather than breaking
/// the page (the core's gallery test catches it first).
fn gallery() -> Vec<GalleryEntry> {
    GALLERY
        .iter()
        .filter_map(|text| Scenario::from_json(text).ok())
        .map(GalleryEntry::of)
        .collect()
}

/// The scenario menu, protocol by protocol in the registry's order: its blank run, then its
/// gallery scenarios. The menu shows a heading wherever the protocol changes.
pub fn menu() -> Vec<GalleryEntry> {
    let gallery = gallery();
    PROTOCOLS
        .iter()
        .flat_map(|protocol| {
            let blank = GalleryEntry::of(blank_scenario(protocol));
            let scenarios = gallery
                .iter()
                .filter(|entry| entry.scenario.protocol == protocol.name)
                .cloned();
            std::iter::once(blank).chain(scenarios)
        })
        .collect()
}

/// Which menu entry `timeline` is, if it is one of them with nothing added or changed. Where a
/// run stands (its cursor) does not matter: undoing keeps it the same scenario.
pub fn entry_of(entries: &[GalleryEntry], timeline: &Timeline) -> Option<usize> {
    entries.iter().position(|entry| {
        let len = entry.scenario.actions.len();
        len == timeline.len()
            && Scenario {
                cursor: None,
                ..entry.scenario.clone()
            } == timeline.to_scenario(len, None)
    })
}

/// What the page opens with: the first protocol's blank run.
pub fn default_scenario() -> Scenario {
    blank_scenario(&PROTOCOLS[0])
}

/// A protocol with its default settings and nothing done yet.
fn blank_scenario(protocol: &ProtocolInfo) -> Scenario {
    Scenario {
        title: Some("Blank run".to_string()),
        description: Some(
            "Default settings and nothing done yet: command the nodes, deliver, crash, partition."
                .to_string(),
        ),
        ..Scenario::new(protocol.name, default_params(protocol.settings), None, 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::run::Run;

    #[test]
    fn every_gallery_scenario_parses_and_replays() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../web/scenarios");
        let files = std::fs::read_dir(dir)
            .expect("web/scenarios is readable")
            .flat_map(|protocol| std::fs::read_dir(protocol.expect("an entry").path()))
            .flatten()
            .filter(|file| {
                file.as_ref()
                    .is_ok_and(|f| f.path().extension().is_some_and(|e| e == "json"))
            })
            .count();
        assert_eq!(GALLERY.len(), files, "add the new gallery file to GALLERY");
        assert_eq!(gallery().len(), GALLERY.len());
        for entry in gallery() {
            let run = Run::open(entry.scenario.clone());
            assert!(run.is_ok(), "{} does not replay", entry.title);
        }
    }

    #[test]
    fn an_untouched_entry_is_recognised_and_a_changed_one_is_not() {
        let entries = menu();
        for (index, entry) in entries.iter().enumerate() {
            let run = Run::open(entry.scenario.clone()).expect("every entry opens");
            assert_eq!(
                entry_of(&entries, run.timeline()),
                Some(index),
                "{}",
                entry.title
            );
        }
        let blank = Run::open(default_scenario()).expect("default scenario opens");
        let changed = blank
            .apply(synod_core::action::Action::Crash(
                synod_core::action::Crash::plain(0),
            ))
            .expect("a crash is legal");
        assert_eq!(entry_of(&entries, changed.timeline()), None);
        let undone = changed.seek(0).expect("undo replays");
        assert_eq!(
            entry_of(&entries, undone.timeline()),
            None,
            "the crash is still in the timeline, ready to redo"
        );
    }

    #[test]
    fn the_menu_has_a_blank_run_then_the_gallery_of_every_protocol() {
        let entries = menu();
        assert_eq!(entries.len(), GALLERY.len() + PROTOCOLS.len());
        let mut protocols: Vec<&str> = entries
            .iter()
            .map(|entry| entry.scenario.protocol.as_str())
            .collect();
        protocols.dedup();
        let registry: Vec<&str> = PROTOCOLS.iter().map(|p| p.name).collect();
        assert_eq!(protocols, registry, "one group per protocol, in order");
        for protocol in PROTOCOLS {
            let first = entries
                .iter()
                .find(|entry| entry.scenario.protocol == protocol.name)
                .expect("every protocol has entries");
            assert_eq!(first.title, "Blank run");
            assert!(first.scenario.actions.is_empty());
        }
    }

    #[test]
    fn the_default_scenario_opens_with_an_empty_timeline() {
        let run = Run::open(default_scenario()).expect("default scenario opens");
        assert_eq!(run.len(), 0);
        assert_eq!(run.view().nodes.len(), 3);
    }
}
