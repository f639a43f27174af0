//! The draft of node sets and their members' texts. No registered protocol has such settings
//! yet, so these tests give the draft settings of their own: a Paxos-like count of nodes, the
//! nodes that may propose, and each proposer's value.

use serde_json::json;
use synod_core::form::{Setting, SettingKind};
use synod_core::network::{Channels, Network, Timing};

use super::{DraftValue, SettingsDraft};

const SETTINGS: &[Setting] = &[
    Setting {
        key: "nodes",
        label: "Nodes",
        kind: SettingKind::Count {
            min: 3,
            max: 7,
            default: 5,
        },
    },
    Setting {
        key: "proposers",
        label: "Proposers",
        kind: SettingKind::NodeSet {
            of: "nodes",
            min: 1,
            default: &[0, 1],
        },
    },
    Setting {
        key: "values",
        label: "Proposed values",
        kind: SettingKind::Texts {
            of: "proposers",
            max: 6,
        },
    },
];

const PROPOSERS: usize = 1;
const VALUES: usize = 2;

fn read(params: serde_json::Value) -> SettingsDraft {
    let network = Network {
        channels: Channels::Unordered,
        timing: Timing::Async,
    };
    SettingsDraft::from_settings("paxos-like", SETTINGS, &params, &network, "1".to_string())
}

fn nodes(members: &[u64]) -> DraftValue {
    DraftValue::Nodes(members.to_vec())
}

fn texts(texts: &[&str]) -> DraftValue {
    DraftValue::Texts(texts.iter().map(|t| t.to_string()).collect())
}

fn params(draft: &SettingsDraft) -> serde_json::Value {
    serde_json::Value::Object(draft.params().expect("valid"))
}

#[test]
fn the_defaults_are_the_sets_default_members_with_a_letter_each() {
    let draft = read(json!({}));
    assert_eq!(draft.values[PROPOSERS], nodes(&[0, 1]));
    assert_eq!(draft.values[VALUES], texts(&["A", "B"]));
    assert_eq!(draft.node_choices(PROPOSERS), 5);
    assert_eq!(
        params(&draft),
        json!({"nodes": 5, "proposers": [0, 1], "values": ["A", "B"]})
    );
}

#[test]
fn params_come_back_as_the_same_draft() {
    let given =
        json!({"nodes": 4, "proposers": [1, 3], "values": ["x", "y"], "variant": "correct"});
    let draft = read(given.clone());
    assert_eq!(draft.values[PROPOSERS], nodes(&[1, 3]));
    assert_eq!(draft.values[VALUES], texts(&["x", "y"]));
    assert_eq!(params(&draft), given);
}

#[test]
fn ticking_a_node_gives_it_its_places_default_and_keeps_the_others_texts() {
    let draft = read(json!({"proposers": [0, 3], "values": ["zero", "three"]}));
    let more = draft.with_member(PROPOSERS, 1, true);
    assert_eq!(more.values[PROPOSERS], nodes(&[0, 1, 3]));
    assert_eq!(more.values[VALUES], texts(&["zero", "B", "three"]));
    let fewer = more.with_member(PROPOSERS, 0, false);
    assert_eq!(fewer.values[VALUES], texts(&["B", "three"]));
    assert_eq!(
        params(&fewer)["values"],
        json!(["B", "three"]),
        "ascending node order"
    );
    // Ticking a member again changes nothing.
    assert_eq!(fewer.with_member(PROPOSERS, 3, true), fewer);
}

#[test]
fn a_text_typed_for_a_member_reaches_the_params_trimmed() {
    let draft = read(json!({})).with_item(VALUES, 1, " blue ".to_string());
    assert_eq!(params(&draft)["values"], json!(["A", "blue"]));
}

#[test]
fn shrinking_the_count_drops_the_nodes_beyond_it_with_their_texts() {
    let draft = read(json!({"proposers": [0, 2, 4], "values": ["a", "c", "e"]}));
    let shrunk = draft.with_count(0, "3".to_string());
    assert_eq!(shrunk.values[PROPOSERS], nodes(&[0, 2]));
    assert_eq!(shrunk.values[VALUES], texts(&["a", "c"]));
    assert_eq!(shrunk.node_choices(PROPOSERS), 3);
    // Growing it back offers the boxes again, unticked.
    let grown = shrunk.with_count(0, "5".to_string());
    assert_eq!(grown.values[PROPOSERS], nodes(&[0, 2]));
    assert_eq!(grown.node_choices(PROPOSERS), 5);
}

#[test]
fn while_the_count_is_not_a_number_the_members_stay_and_stay_shown() {
    let draft = read(json!({"proposers": [0, 4]})).with_count(0, "".to_string());
    assert_eq!(draft.values[PROPOSERS], nodes(&[0, 4]));
    assert_eq!(draft.node_choices(PROPOSERS), 5);
    let huge = draft.with_count(0, "1000".to_string());
    assert_eq!(
        huge.node_choices(PROPOSERS),
        7,
        "at most the count's maximum"
    );
}

#[test]
fn a_hand_edited_link_is_read_as_well_as_the_form_can_show_it() {
    let draft = read(json!({"nodes": 3, "proposers": [2, "x", 0, 2, 9], "values": ["only"]}));
    assert_eq!(draft.values[PROPOSERS], nodes(&[0, 2]));
    assert_eq!(draft.values[VALUES], texts(&["only", "B"]));
    let draft = read(json!({"proposers": [1], "values": ["a", "b", "c"]}));
    assert_eq!(draft.values[VALUES], texts(&["a"]));
}

#[test]
fn bad_choices_and_texts_are_messages_naming_what_is_wrong() {
    let none = read(json!({}))
        .with_member(PROPOSERS, 0, false)
        .with_member(PROPOSERS, 1, false);
    assert_eq!(
        none.params().unwrap_err(),
        "Proposers: choose at least 1 node."
    );
    let empty = read(json!({"proposers": [0, 2]})).with_item(VALUES, 1, String::new());
    assert_eq!(
        empty.params().unwrap_err(),
        "Proposed values for node 2 must not be empty."
    );
    let long = read(json!({})).with_item(VALUES, 0, "crimson".to_string());
    assert_eq!(
        long.params().unwrap_err(),
        "Proposed values for node 0 must be at most 6 characters, not 7."
    );
}
