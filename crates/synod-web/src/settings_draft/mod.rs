//! The settings form's contents before they are applied: text as typed, turned into a scenario
//! (or a message saying what is wrong) by the core's own validation.
//!
//! The params fields follow the protocol's [`Setting`]s, so the draft knows no protocol: a count,
//! one number or choice per counted item, one of a few options, a flag, a set of nodes and one
//! text per member of such a set (see [`members`]). The protocol, its variant, the network and
//! the seed are every protocol's.

mod members;

use serde_json::{Map, Value};
use synod_core::form::{default_params, Setting, SettingKind};
use synod_core::network::{Channels, Network, NetworkSpec, Timing};
use synod_core::registry::{self, ProtocolInfo};
use synod_core::scenario::Scenario;
use synod_core::view::WorldView;

/// One setting's value as the form holds it.
#[derive(Clone, Debug, PartialEq)]
pub enum DraftValue {
    /// A count, as typed.
    Count(String),
    /// One entry per counted item: numbers as typed, or the chosen options.
    Items(Vec<String>),
    /// The chosen option of a one-of-a-few setting.
    Choice(String),
    Flag(bool),
    /// The chosen nodes of a node set, ascending, each once (a sorted vector: the page's bundle
    /// would carry a `BTreeSet` for this alone).
    Nodes(Vec<u64>),
    /// One text per member of a node set, in the members' order, as typed.
    Texts(Vec<String>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct SettingsDraft {
    pub protocol: String,
    /// The protocol's settings (none for a protocol the registry does not know: the core names
    /// it when the draft is applied).
    pub settings: &'static [Setting],
    /// One value per setting, in the settings' order.
    pub values: Vec<DraftValue>,
    pub variant: String,
    pub channels: Channels,
    pub timing: Timing,
    pub seed: String,
}

impl SettingsDraft {
    /// The settings of the run being shown.
    pub fn of(scenario: &Scenario, view: &WorldView) -> SettingsDraft {
        SettingsDraft::from_parts(
            &scenario.protocol,
            &scenario.params,
            &view.network,
            scenario.seed.to_string(),
        )
    }

    /// A fresh draft of `protocol`: its default settings, its first variant and its default
    /// network, keeping the seed.
    pub fn with_protocol(&self, protocol: &str) -> SettingsDraft {
        let Some(info) = registry::find(protocol) else {
            return SettingsDraft {
                protocol: protocol.to_string(),
                settings: &[],
                values: Vec::new(),
                ..self.clone()
            };
        };
        let mut params = default_params(info.settings);
        if let Some(first) = info.variants.first() {
            params["variant"] = Value::from(first.name);
        }
        let network = default_network(info, &params).unwrap_or(Network {
            channels: self.channels,
            timing: self.timing,
        });
        SettingsDraft::from_parts(protocol, &params, &network, self.seed.clone())
    }

    /// The draft of `params` as the form shows them, with the protocol's settings.
    fn from_parts(
        protocol: &str,
        params: &Value,
        network: &Network,
        seed: String,
    ) -> SettingsDraft {
        SettingsDraft::from_settings(protocol, settings_of(protocol), params, network, seed)
    }

    /// The draft of `params` following `settings`; settings that `params` leave out take their
    /// defaults (lists: one default per counted item or member).
    fn from_settings(
        protocol: &str,
        settings: &'static [Setting],
        params: &Value,
        network: &Network,
        seed: String,
    ) -> SettingsDraft {
        let defaults = default_params(settings);
        let given = |key: &str| {
            params
                .get(key)
                .or_else(|| defaults.get(key))
                .cloned()
                .unwrap_or(Value::Null)
        };
        let mut draft = SettingsDraft {
            protocol: protocol.to_string(),
            settings,
            values: settings
                .iter()
                .map(|setting| match setting.kind {
                    SettingKind::Count { .. } => DraftValue::Count(text_of(&given(setting.key))),
                    SettingKind::Numbers { .. } | SettingKind::Choices { .. } => {
                        DraftValue::Items(texts_of(params.get(setting.key)))
                    }
                    SettingKind::Traitors { strategies, .. } => {
                        DraftValue::Items(traitor_items(params.get(setting.key), strategies))
                    }
                    SettingKind::NodeSet { .. } => {
                        DraftValue::Nodes(members::read(&given(setting.key)))
                    }
                    SettingKind::Texts { .. } => {
                        DraftValue::Texts(texts_of(Some(&given(setting.key))))
                    }
                    // An option the protocol does not offer (a hand-edited link) shows the
                    // default rather than a select with nothing chosen.
                    SettingKind::Choice { options, default } => DraftValue::Choice(
                        given(setting.key)
                            .as_str()
                            .filter(|chosen| options.contains(chosen))
                            .unwrap_or(default)
                            .to_string(),
                    ),
                    SettingKind::Flag { default } => {
                        DraftValue::Flag(given(setting.key).as_bool().unwrap_or(default))
                    }
                })
                .collect(),
            // A scenario that leaves the variant out runs the protocol's first (its default).
            variant: params
                .get("variant")
                .and_then(Value::as_str)
                .or_else(|| {
                    registry::find(protocol)
                        .and_then(|info| info.variants.first())
                        .map(|variant| variant.name)
                })
                .unwrap_or_default()
                .to_string(),
            channels: network.channels,
            timing: network.timing,
            seed,
        };
        for (setting, value) in settings.iter().zip(draft.values.clone()) {
            if let (SettingKind::Texts { of, .. }, DraftValue::Texts(texts)) = (setting.kind, value)
            {
                let members = draft.members_of(of).len();
                draft.set_texts(setting.key, members::fit(texts, members));
            }
        }
        let counts: Vec<usize> = settings
            .iter()
            .enumerate()
            .filter(|(_, s)| matches!(s.kind, SettingKind::Count { .. }))
            .map(|(index, _)| index)
            .collect();
        for index in counts {
            draft.fit_items_to(index);
        }
        draft
    }

    /// The draft with setting `index` (a count) set to `text`, the lists it counts grown (with
    /// their default) or shrunk to match, and the node sets it counts without the nodes beyond
    /// it.
    pub fn with_count(&self, index: usize, text: String) -> SettingsDraft {
        let mut draft = self.clone();
        if let Some(value) = draft.values.get_mut(index) {
            *value = DraftValue::Count(text);
        }
        draft.fit_items_to(index);
        draft
    }

    /// The draft with item `item` of setting `index` (a list, or the texts of a node set's
    /// members) set to `text`.
    pub fn with_item(&self, index: usize, item: usize, text: String) -> SettingsDraft {
        let mut draft = self.clone();
        if let Some(DraftValue::Items(items) | DraftValue::Texts(items)) =
            draft.values.get_mut(index)
        {
            if let Some(entry) = items.get_mut(item) {
                *entry = text;
            }
        }
        draft
    }

    /// The draft with setting `index` (a one-of-a-few setting) set to `option`.
    pub fn with_choice(&self, index: usize, option: String) -> SettingsDraft {
        let mut draft = self.clone();
        if let Some(value) = draft.values.get_mut(index) {
            *value = DraftValue::Choice(option);
        }
        draft
    }

    /// The draft with setting `index` (a flag) set to `on`.
    pub fn with_flag(&self, index: usize, on: bool) -> SettingsDraft {
        let mut draft = self.clone();
        if let Some(value) = draft.values.get_mut(index) {
            *value = DraftValue::Flag(on);
        }
        draft
    }

    /// The draft with `node` in node set `index` (`chosen`) or out of it, the texts of its
    /// members following (see [`members::follow`]).
    pub fn with_member(&self, index: usize, node: u64, chosen: bool) -> SettingsDraft {
        let mut draft = self.clone();
        if let Some(DraftValue::Nodes(members)) = draft.values.get(index) {
            let mut after = members.clone();
            match (after.binary_search(&node), chosen) {
                (Err(place), true) => after.insert(place, node),
                (Ok(place), false) => {
                    after.remove(place);
                }
                _ => {}
            }
            draft.set_members(index, after);
        }
        draft
    }

    /// The members of the node set named `key` (none if there is no such set).
    pub fn members_of(&self, key: &str) -> &[u64] {
        self.settings
            .iter()
            .zip(&self.values)
            .find_map(|(setting, value)| match value {
                DraftValue::Nodes(members) if setting.key == key => Some(members.as_slice()),
                _ => None,
            })
            .unwrap_or_default()
    }

    /// How many nodes node set `index` offers as boxes to tick: its count as typed (at most the
    /// count's maximum), or, while the count does not read as a number, enough for its members.
    pub fn node_choices(&self, index: usize) -> u64 {
        let (Some(setting), Some(DraftValue::Nodes(members))) =
            (self.settings.get(index), self.values.get(index))
        else {
            return 0;
        };
        let SettingKind::NodeSet { of, .. } = setting.kind else {
            return 0;
        };
        let count = self
            .settings
            .iter()
            .zip(&self.values)
            .find_map(|(counted, value)| match (counted.kind, value) {
                (SettingKind::Count { max, .. }, DraftValue::Count(text)) if counted.key == of => {
                    text.trim().parse::<u64>().ok().map(|count| count.min(max))
                }
                _ => None,
            });
        count.unwrap_or_else(|| members.last().map_or(0, |last| last + 1))
    }

    /// Sets the members of node set `index` to `after`, the texts of its members following.
    fn set_members(&mut self, index: usize, after: Vec<u64>) {
        let (Some(setting), Some(DraftValue::Nodes(before))) =
            (self.settings.get(index), self.values.get(index))
        else {
            return;
        };
        let before = before.clone();
        for (texts_setting, value) in self.settings.iter().zip(self.values.iter_mut()) {
            if let (SettingKind::Texts { of, .. }, DraftValue::Texts(texts)) =
                (texts_setting.kind, value)
            {
                if of == setting.key {
                    *texts = members::follow(&before, &after, texts);
                }
            }
        }
        self.values[index] = DraftValue::Nodes(after);
    }

    /// Replaces the texts of the setting named `key`.
    fn set_texts(&mut self, key: &str, texts: Vec<String>) {
        let slot = self
            .settings
            .iter()
            .zip(self.values.iter_mut())
            .find(|(setting, _)| setting.key == key);
        if let Some((_, value @ DraftValue::Texts(_))) = slot {
            *value = DraftValue::Texts(texts);
        }
    }

    /// Resizes every list that counts the items of setting `index` to its count, and drops the
    /// nodes beyond it from the node sets it counts, when the count reads as a number (at most
    /// the count's maximum, whatever is typed).
    fn fit_items_to(&mut self, index: usize) {
        let settings = self.settings;
        let (Some(counted), Some(DraftValue::Count(text))) =
            (settings.get(index), self.values.get(index))
        else {
            return;
        };
        let SettingKind::Count { max, .. } = counted.kind else {
            return;
        };
        let Ok(count) = text.trim().parse::<u64>() else {
            return;
        };
        let count = count.min(max);
        for (set, setting) in settings.iter().enumerate() {
            if let (SettingKind::NodeSet { of, .. }, Some(DraftValue::Nodes(members))) =
                (setting.kind, self.values.get(set))
            {
                if of == counted.key {
                    let kept = members.iter().copied().filter(|&m| m < count).collect();
                    self.set_members(set, kept);
                }
            }
        }
        let count = count as usize;
        for (setting, value) in settings.iter().zip(self.values.iter_mut()) {
            let DraftValue::Items(items) = value else {
                continue;
            };
            match setting.kind {
                SettingKind::Numbers { of, default, .. } if of == counted.key => {
                    items.truncate(count);
                    let added = items.len()..count;
                    items.extend(added.map(|index| default.of(index).to_string()));
                }
                SettingKind::Choices { of, default, .. } if of == counted.key => {
                    items.resize(count, default.to_string());
                }
                SettingKind::Traitors { of, per, plus, .. } if of == counted.key => {
                    items.resize((per * count as u64 + plus) as usize, LOYAL.to_string());
                }
                _ => {}
            }
        }
    }

    /// A fresh scenario with these settings and an empty timeline, checked by building its world.
    pub fn to_scenario(&self) -> Result<Scenario, String> {
        let params = self.params()?;
        let seed = self
            .seed
            .trim()
            .parse::<u64>()
            .map_err(|_| format!("The seed must be a whole number, not {:?}.", self.seed))?;
        let network = NetworkSpec {
            channels: Some(self.channels),
            timing: Some(self.timing),
        };
        let scenario = Scenario::new(&self.protocol, Value::Object(params), Some(network), seed);
        match scenario.start() {
            Ok(_) => Ok(scenario),
            Err(e) => Err(format!("{e}.")),
        }
    }

    /// The params of these settings and the variant, or what is wrong with the first setting
    /// that cannot be one (before the core judges the whole).
    fn params(&self) -> Result<Map<String, Value>, String> {
        let mut params = Map::new();
        for (setting, value) in self.settings.iter().zip(&self.values) {
            params.insert(setting.key.to_string(), self.param_value(setting, value)?);
        }
        // A protocol with no variants (none registered) takes no `variant` param.
        if !self.variant.is_empty() {
            params.insert("variant".to_string(), Value::from(self.variant.clone()));
        }
        Ok(params)
    }

    /// A setting's value in `params`, or what is wrong with what was typed or chosen for it.
    fn param_value(&self, setting: &Setting, value: &DraftValue) -> Result<Value, String> {
        match (setting.kind, value) {
            (SettingKind::NodeSet { min, .. }, DraftValue::Nodes(chosen)) => {
                members::set_value(setting.label, chosen, min)
            }
            (SettingKind::Texts { of, max }, DraftValue::Texts(texts)) => {
                members::texts_value(setting.label, self.members_of(of), texts, max)
            }
            _ => param_value(setting, value),
        }
    }
}

/// The settings of a protocol by name; none for an unknown one (the core names it on apply).
fn settings_of(protocol: &str) -> &'static [Setting] {
    registry::find(protocol).map_or(&[], |p| p.settings)
}

/// A setting's value in `params` that needs no other setting to check it, or what is wrong with
/// the text typed for it.
fn param_value(setting: &Setting, value: &DraftValue) -> Result<Value, String> {
    let number = |text: &str, what: String| {
        text.trim()
            .parse::<u64>()
            .map(Value::from)
            .map_err(|_| format!("{what} must be a whole number, not {text:?}."))
    };
    match (setting.kind, value) {
        (SettingKind::Count { .. }, DraftValue::Count(text)) => {
            number(text, setting.label.to_string())
        }
        (SettingKind::Numbers { .. }, DraftValue::Items(items)) => items
            .iter()
            .enumerate()
            .map(|(item, text)| {
                number(
                    text,
                    format!("{}, entry {} of {}", setting.label, item + 1, items.len()),
                )
            })
            .collect::<Result<Vec<Value>, String>>()
            .map(Value::Array),
        (SettingKind::Choices { .. }, DraftValue::Items(items)) => Ok(Value::from(items.clone())),
        (SettingKind::Traitors { .. }, DraftValue::Items(items)) => Ok(traitors_value(items)),
        (SettingKind::Choice { .. }, DraftValue::Choice(option)) => Ok(Value::from(option.clone())),
        (SettingKind::Flag { .. }, DraftValue::Flag(on)) => Ok(Value::from(*on)),
        _ => Err(format!("{} has a value of the wrong kind.", setting.label)),
    }
}

/// What the traitors setting shows for a loyal node.
pub const LOYAL: &str = "loyal";

/// One item per node of a `traitors` list (`[{"node": N, "strategy": S}]`): the strategy of
/// each traitor, `loyal` for the others (entries that name no known strategy are left loyal).
fn traitor_items(value: Option<&Value>, strategies: &[&str]) -> Vec<String> {
    let mut items: Vec<String> = Vec::new();
    for entry in value.and_then(Value::as_array).into_iter().flatten() {
        let node = entry.get("node").and_then(Value::as_u64);
        let strategy = entry.get("strategy").and_then(Value::as_str);
        if let (Some(node), Some(strategy)) = (node, strategy) {
            let node = node.min(64) as usize;
            if strategies.contains(&strategy) {
                if items.len() <= node {
                    items.resize(node + 1, LOYAL.to_string());
                }
                items[node] = strategy.to_string();
            }
        }
    }
    items
}

/// The `traitors` list the items stand for: every node that is not loyal, with its strategy.
fn traitors_value(items: &[String]) -> Value {
    Value::Array(
        items
            .iter()
            .enumerate()
            .filter(|(_, strategy)| strategy.as_str() != LOYAL)
            .map(|(node, strategy)| serde_json::json!({"node": node, "strategy": strategy}))
            .collect(),
    )
}

/// The network a protocol assumes, read from a world built with its default settings.
fn default_network(info: &ProtocolInfo, params: &Value) -> Option<Network> {
    info.build(params, &NetworkSpec::default(), 0)
        .ok()
        .map(|world| world.view().network)
}

/// The entries of a list in `params` as form fields show them (none if it is not a list).
fn texts_of(value: Option<&Value>) -> Vec<String> {
    match value {
        Some(Value::Array(items)) => items.iter().map(text_of).collect(),
        _ => Vec::new(),
    }
}

/// A JSON value as a form field shows it: strings without quotes.
fn text_of(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod node_set_tests;
#[cfg(test)]
mod tests {
    use serde_json::json;
    use synod_core::scenario::ScenarioError;

    use super::*;
    use crate::run::Run;
    use crate::scenarios::default_scenario;

    fn draft() -> SettingsDraft {
        let run = Run::open(default_scenario()).expect("default opens");
        SettingsDraft::of(run.header(), run.view())
    }

    fn two_phase() -> SettingsDraft {
        draft().with_protocol("two-phase-commit")
    }

    #[test]
    fn the_draft_of_the_default_run_rebuilds_an_equivalent_scenario() {
        let scenario = draft().to_scenario().expect("valid");
        assert_eq!(scenario.params["nodes"], 3);
        assert_eq!(scenario.params["balances"], json!([100, 100, 100]));
        assert_eq!(scenario.seed, 1);
    }

    #[test]
    fn a_choice_is_read_from_params_defaults_when_missing_or_unknown_and_is_written_back() {
        let order = 3;
        let network = Network {
            channels: Channels::Unordered,
            timing: Timing::Async,
        };
        let read = |params: Value| {
            SettingsDraft::from_parts("total-multicast", &params, &network, "1".to_string())
        };
        let choice = |option: &str| DraftValue::Choice(option.to_string());
        assert_eq!(
            read(json!({"order": "causal-total"})).values[order],
            choice("causal-total")
        );
        assert_eq!(read(json!({})).values[order], choice("total"));
        assert_eq!(
            read(json!({"order": "sideways"})).values[order],
            choice("total")
        );
        let scenario = draft()
            .with_protocol("total-multicast")
            .with_choice(order, "fifo-total".to_string())
            .to_scenario()
            .expect("valid");
        assert_eq!(scenario.params["order"], json!("fifo-total"));
    }

    #[test]
    fn traitors_are_read_per_node_written_back_as_a_list_and_follow_the_count() {
        let network = Network {
            channels: Channels::Fifo,
            timing: Timing::Sync,
        };
        let params = json!({"generals": 4, "traitors": [{"node": 2, "strategy": "flip"}, {"node": 9, "strategy": "flip"}, {"node": 1, "strategy": "sideways"}]});
        let draft = SettingsDraft::from_parts("byzantine-om", &params, &network, "0".to_string());
        let traitors = 3;
        assert_eq!(
            draft.values[traitors],
            DraftValue::Items(
                ["loyal", "loyal", "flip", "loyal"]
                    .map(String::from)
                    .to_vec()
            ),
            "a node beyond the count and an unknown strategy are left out"
        );
        let scenario = draft
            .with_item(traitors, 0, "manual".to_string())
            .to_scenario()
            .expect("valid");
        assert_eq!(
            scenario.params["traitors"],
            json!([{"node": 0, "strategy": "manual"}, {"node": 2, "strategy": "flip"}])
        );
        let fewer = draft.with_count(0, "3".to_string()).to_scenario().unwrap();
        assert_eq!(
            fewer.params["traitors"],
            json!([{"node": 2, "strategy": "flip"}])
        );
    }

    #[test]
    fn pbfts_traitors_are_any_of_its_3f_plus_1_replicas_never_its_client() {
        let network = Network {
            channels: Channels::Fifo,
            timing: Timing::Async,
        };
        let params = json!({"f": 1, "traitors": [{"node": 3, "strategy": "lie"}]});
        let draft = SettingsDraft::from_parts("pbft", &params, &network, "0".to_string());
        let traitors = 2;
        assert_eq!(
            draft.values[traitors],
            DraftValue::Items(
                ["loyal", "loyal", "loyal", "lie"]
                    .map(String::from)
                    .to_vec()
            )
        );
        let two = draft.with_count(0, "2".to_string());
        let DraftValue::Items(items) = &two.values[traitors] else {
            panic!("items");
        };
        assert_eq!(items.len(), 7, "f = 2: seven replicas");
        assert_eq!(
            two.to_scenario().unwrap().params["traitors"],
            json!([{"node": 3, "strategy": "lie"}])
        );
    }

    #[test]
    fn raising_a_count_grows_the_lists_it_counts_with_their_default() {
        let scenario = draft()
            .with_count(0, "5".to_string())
            .to_scenario()
            .expect("valid");
        assert_eq!(
            scenario.params["balances"],
            json!([100, 100, 100, 100, 100])
        );
        let scenario = two_phase()
            .with_count(0, "2".to_string())
            .to_scenario()
            .expect("valid");
        assert_eq!(scenario.params["votes"], json!(["yes", "yes"]));
    }

    #[test]
    fn a_huge_count_grows_the_lists_only_to_the_counts_maximum() {
        let huge = draft().with_count(0, "100000".to_string());
        assert_eq!(
            huge.values[1],
            DraftValue::Items(vec!["100".to_string(); 8])
        );
    }

    #[test]
    fn an_impossible_count_gets_the_cores_message() {
        let error = draft()
            .with_count(0, "9".to_string())
            .to_scenario()
            .unwrap_err();
        let core = ScenarioError::Params {
            protocol: "chandy-lamport".to_string(),
            reason: "nodes must be between 2 and 8, not 9".to_string(),
        };
        assert!(error.starts_with(&core.to_string()), "{error}");
    }

    #[test]
    fn text_that_is_not_a_number_is_named() {
        let bad = draft().with_item(1, 1, "lots".to_string());
        assert_eq!(
            bad.to_scenario().unwrap_err(),
            "Starting balances ($), entry 2 of 3 must be a whole number, not \"lots\"."
        );
        let bad = draft().with_count(0, "three".to_string());
        assert_eq!(
            bad.to_scenario().unwrap_err(),
            "Nodes must be a whole number, not \"three\"."
        );
        let mut bad = draft();
        bad.seed = "-1".to_string();
        assert!(bad.to_scenario().unwrap_err().starts_with("The seed"));
    }

    #[test]
    fn a_flawed_variant_and_unordered_channels_are_kept() {
        let mut chosen = draft();
        chosen.variant = "no-channel-state".to_string();
        chosen.channels = Channels::Unordered;
        let run = Run::open(chosen.to_scenario().expect("valid")).expect("opens");
        assert_eq!(run.view().network.channels, Channels::Unordered);
        assert_eq!(SettingsDraft::of(run.header(), run.view()), chosen);
    }

    #[test]
    fn inputs_left_out_show_what_the_run_uses_each_process_its_id() {
        let scenario = Scenario::new("floodset", json!({"nodes": 3}), None, 0);
        let run = Run::open(scenario).expect("opens");
        let draft = SettingsDraft::of(run.header(), run.view());
        let inputs = draft
            .settings
            .iter()
            .position(|s| s.key == "inputs")
            .unwrap();
        let items = |draft: &SettingsDraft| draft.values[inputs].clone();
        assert_eq!(
            items(&draft),
            DraftValue::Items(vec!["0".into(), "1".into(), "2".into()])
        );
        let nodes = draft
            .settings
            .iter()
            .position(|s| s.key == "nodes")
            .unwrap();
        let grown = draft.with_count(nodes, "4".to_string());
        assert_eq!(
            items(&grown),
            DraftValue::Items(vec!["0".into(), "1".into(), "2".into(), "3".into()])
        );
        let fresh = draft.with_protocol("floodset");
        assert_eq!(items(&fresh), items(&draft));
    }

    #[test]
    fn a_scenario_without_a_variant_shows_the_protocols_first() {
        let scenario = Scenario::new("heartbeat", json!({"nodes": 3}), None, 0);
        let run = Run::open(scenario).expect("opens");
        let draft = SettingsDraft::of(run.header(), run.view());
        assert_eq!(draft.variant, "timeout");
        let again = draft.to_scenario().expect("valid");
        assert_eq!(again.params["variant"], json!("timeout"));
        assert!(Run::open(again).is_ok());
    }

    #[test]
    fn switching_protocol_starts_from_its_defaults_and_keeps_the_seed() {
        let mut seeded = draft();
        seeded.seed = "42".to_string();
        let switched = seeded.with_protocol("two-phase-commit");
        assert_eq!(switched.variant, "correct");
        assert_eq!(switched.seed, "42");
        let scenario = switched.to_scenario().expect("the defaults are valid");
        let info = registry::find("two-phase-commit").expect("known");
        let mut expected = default_params(info.settings);
        expected["variant"] = json!("correct");
        assert_eq!(scenario.params, expected);
        let run = Run::open(scenario).expect("opens");
        assert_eq!(run.view().nodes.len(), 4);
    }

    #[test]
    fn votes_and_flags_reach_the_params_and_come_back() {
        let chosen = two_phase()
            .with_item(1, 0, "ask".to_string())
            .with_item(1, 2, "no".to_string())
            .with_flag(2, true);
        let scenario = chosen.to_scenario().expect("valid");
        assert_eq!(scenario.params["votes"], json!(["ask", "yes", "no"]));
        assert_eq!(scenario.params["cooperative"], json!(true));
        let run = Run::open(scenario).expect("opens");
        assert_eq!(SettingsDraft::of(run.header(), run.view()), chosen);
    }

    #[test]
    fn settings_a_scenario_leaves_out_take_their_defaults() {
        let scenario = Scenario::from_json(include_str!(
            "../../../../web/scenarios/two-phase-commit/blocking.json"
        ))
        .expect("parses");
        let run = Run::open(scenario).expect("opens");
        let draft = SettingsDraft::of(run.header(), run.view());
        assert_eq!(
            draft.values,
            vec![
                DraftValue::Count("3".to_string()),
                DraftValue::Items(vec!["yes".to_string(); 3]),
                DraftValue::Flag(false),
            ]
        );
        assert_eq!(draft.timing, Timing::Sync);
    }

    #[test]
    fn a_bad_choice_gets_the_cores_message() {
        let error = two_phase()
            .with_item(1, 0, "maybe".to_string())
            .to_scenario()
            .unwrap_err();
        assert!(
            error.starts_with("bad params for two-phase-commit"),
            "{error}"
        );
    }
}
