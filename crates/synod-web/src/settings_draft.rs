//! The settings form's contents before they are applied: text as typed, turned into a scenario
//! (or a message saying what is wrong) by the core's own validation.
//!
//! The params fields (node count, balances, variant) are Chandy-Lamport's, the only protocol so
//! far; the protocol, the channels and the seed are every protocol's.

use serde_json::{json, Value};
use synod_core::network::{Channels, NetworkSpec};
use synod_core::scenario::{Scenario, VERSION};
use synod_core::view::WorldView;

/// The balance a node added by raising the node count starts with.
const NEW_NODE_BALANCE: &str = "100";
/// The most balance fields the form grows to, whatever is typed as the node count.
const MAX_BALANCE_FIELDS: usize = 8;

#[derive(Clone, Debug, PartialEq)]
pub struct SettingsDraft {
    pub protocol: String,
    pub nodes: String,
    pub balances: Vec<String>,
    pub variant: String,
    pub channels: Channels,
    pub seed: String,
}

impl SettingsDraft {
    /// The settings of the run being shown.
    pub fn of(scenario: &Scenario, view: &WorldView) -> SettingsDraft {
        let params = &scenario.params;
        let nodes = view.nodes.len();
        let balances = match params.get("balances").and_then(Value::as_array) {
            Some(list) => list.iter().map(Value::to_string).collect(),
            None => vec![NEW_NODE_BALANCE.to_string(); nodes],
        };
        SettingsDraft {
            protocol: scenario.protocol.clone(),
            nodes: nodes.to_string(),
            balances,
            variant: params
                .get("variant")
                .and_then(Value::as_str)
                .unwrap_or("correct")
                .to_string(),
            channels: view.network.channels,
            seed: scenario.seed.to_string(),
        }
    }

    /// The draft with a new node count, the balances grown or shrunk to match.
    pub fn with_nodes(&self, text: String) -> SettingsDraft {
        let mut balances = self.balances.clone();
        if let Ok(count) = text.trim().parse::<usize>() {
            balances.resize(count.min(MAX_BALANCE_FIELDS), NEW_NODE_BALANCE.to_string());
        }
        SettingsDraft {
            nodes: text,
            balances,
            ..self.clone()
        }
    }

    /// A fresh scenario with these settings and an empty timeline, checked by building its world.
    pub fn to_scenario(&self) -> Result<Scenario, String> {
        let nodes: u64 = self.nodes.trim().parse().map_err(|_| {
            format!(
                "The node count must be a whole number, not {:?}.",
                self.nodes
            )
        })?;
        let balances = self
            .balances
            .iter()
            .enumerate()
            .map(|(node, text)| {
                text.trim().parse::<u64>().map_err(|_| {
                    format!(
                        "Node {node}'s balance must be a whole number of dollars, not {text:?}."
                    )
                })
            })
            .collect::<Result<Vec<u64>, String>>()?;
        let seed = self
            .seed
            .trim()
            .parse::<u64>()
            .map_err(|_| format!("The seed must be a whole number, not {:?}.", self.seed))?;
        let scenario = Scenario {
            version: VERSION,
            protocol: self.protocol.clone(),
            title: None,
            description: None,
            params: json!({"nodes": nodes, "balances": balances, "variant": self.variant}),
            network: Some(NetworkSpec {
                channels: Some(self.channels),
            }),
            seed,
            actions: Vec::new(),
            cursor: None,
        };
        match scenario.start() {
            Ok(_) => Ok(scenario),
            Err(e) => Err(format!("{e}.")),
        }
    }
}

#[cfg(test)]
mod tests {
    use synod_core::scenario::ScenarioError;

    use super::*;
    use crate::run::Run;
    use crate::scenarios::default_scenario;

    fn draft() -> SettingsDraft {
        let run = Run::open(default_scenario()).expect("default opens");
        SettingsDraft::of(run.scenario(), run.view())
    }

    #[test]
    fn the_draft_of_the_default_run_rebuilds_an_equivalent_scenario() {
        let scenario = draft().to_scenario().expect("valid");
        assert_eq!(scenario.params["nodes"], 3);
        assert_eq!(scenario.params["balances"], json!([100, 100, 100]));
        assert_eq!(scenario.seed, 1);
    }

    #[test]
    fn raising_the_node_count_adds_balances_of_100() {
        let scenario = draft()
            .with_nodes("5".to_string())
            .to_scenario()
            .expect("valid");
        assert_eq!(
            scenario.params["balances"],
            json!([100, 100, 100, 100, 100])
        );
    }

    #[test]
    fn an_impossible_node_count_gets_the_cores_message() {
        let error = draft()
            .with_nodes("9".to_string())
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
        let mut bad = draft();
        bad.balances[1] = "lots".to_string();
        assert_eq!(
            bad.to_scenario().unwrap_err(),
            "Node 1's balance must be a whole number of dollars, not \"lots\"."
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
        assert_eq!(SettingsDraft::of(run.scenario(), run.view()), chosen);
    }
}
