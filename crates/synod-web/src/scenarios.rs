//! The built-in scenarios: the default blank run and the gallery of `web/scenarios/`, embedded at
//! compile time so the page needs no requests. A new gallery file needs one line in [`GALLERY`].

use serde_json::json;
use synod_core::scenario::{Scenario, VERSION};

/// The JSON text of every gallery scenario, in menu order.
const GALLERY: &[&str] = &[
    include_str!("../../../web/scenarios/chandy-lamport/money-in-flight.json"),
    include_str!("../../../web/scenarios/chandy-lamport/concurrent-initiators.json"),
    include_str!("../../../web/scenarios/chandy-lamport/dropped-marker.json"),
    include_str!("../../../web/scenarios/chandy-lamport/unordered-overtaking.json"),
    include_str!("../../../web/scenarios/chandy-lamport/flawed-markers-after-traffic.json"),
    include_str!("../../../web/scenarios/chandy-lamport/flawed-no-channel-state.json"),
];

/// A gallery entry as the menu shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct GalleryEntry {
    pub title: String,
    pub description: String,
    pub scenario: Scenario,
}

/// The gallery scenarios that parse; a broken file is left out of the menu rather than breaking
/// the page (the core's gallery test catches it first).
fn gallery() -> Vec<GalleryEntry> {
    GALLERY
        .iter()
        .filter_map(|text| Scenario::from_json(text).ok())
        .map(|scenario| GalleryEntry {
            title: scenario
                .title
                .clone()
                .unwrap_or_else(|| "Untitled scenario".to_string()),
            description: scenario.description.clone().unwrap_or_default(),
            scenario,
        })
        .collect()
}

/// The scenario menu: the blank run, then the gallery.
pub fn menu() -> Vec<GalleryEntry> {
    let blank = default_scenario();
    let mut entries = vec![GalleryEntry {
        title: blank.title.clone().unwrap_or_default(),
        description: blank.description.clone().unwrap_or_default(),
        scenario: blank,
    }];
    entries.extend(gallery());
    entries
}

/// Which menu entry `scenario` is, if it is one of them with nothing added or changed. Where a
/// run stands (its cursor) does not matter: undoing keeps it the same scenario.
pub fn entry_of(entries: &[GalleryEntry], scenario: &Scenario) -> Option<usize> {
    entries.iter().position(|entry| {
        entry.scenario.actions.len() == scenario.actions.len()
            && Scenario {
                cursor: scenario.cursor,
                ..entry.scenario.clone()
            } == *scenario
    })
}

/// What the page opens with: three nodes of $100 and nothing done yet.
pub fn default_scenario() -> Scenario {
    Scenario {
        version: VERSION,
        protocol: "chandy-lamport".to_string(),
        title: Some("Blank run".to_string()),
        description: Some(
            "Three nodes with $100 each. Send transfers, start snapshots, deliver messages."
                .to_string(),
        ),
        params: json!({"nodes": 3, "balances": [100, 100, 100]}),
        network: None,
        seed: 1,
        actions: Vec::new(),
        cursor: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::run::Run;

    #[test]
    fn every_gallery_scenario_parses_and_replays() {
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
                entry_of(&entries, run.scenario()),
                Some(index),
                "{}",
                entry.title
            );
        }
        let blank = Run::open(default_scenario()).expect("default scenario opens");
        let changed = blank
            .apply(synod_core::action::Action::Crash(0))
            .expect("a crash is legal");
        assert_eq!(entry_of(&entries, changed.scenario()), None);
        let undone = changed.seek(0).expect("undo replays");
        assert_eq!(
            entry_of(&entries, undone.scenario()),
            None,
            "the crash is still in the timeline, ready to redo"
        );
    }

    #[test]
    fn the_default_scenario_opens_with_an_empty_timeline() {
        let run = Run::open(default_scenario()).expect("default scenario opens");
        assert_eq!(run.len(), 0);
        assert_eq!(run.view().nodes.len(), 3);
    }
}
