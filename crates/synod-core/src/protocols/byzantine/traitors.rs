//! Who the traitors are, and how each chooses what to send when it is not told.
//!
//! A traitor runs the honest code (so that it knows what a loyal general would send) and then
//! sends what its strategy makes of each message; whatever it sent, the user (the `forge`
//! action) or the model checker may still rewrite or withhold while it is in flight.

use std::fmt::Debug;
use std::hash::Hash;

use serde::{Deserialize, Serialize};

use super::Order;
use crate::action::NodeId;
use crate::checker::fingerprint::fingerprint;

/// How a traitor chooses what to send.
#[derive(Clone, Copy, Debug, Hash, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Strategy {
    /// It sends nothing.
    Silent,
    /// It sends the opposite of what a loyal general would.
    Flip,
    /// It tells odd-numbered generals to attack and even-numbered ones to retreat.
    Split,
    /// Each message's order is drawn from the traitor's seed and the message (the same run
    /// draws the same orders).
    Random,
    /// It sends what a loyal general would, and the user rewrites each message in the page.
    Manual,
}

/// The strategies' names, as params and the settings form write them.
pub const STRATEGY_NAMES: &[&str] = &["silent", "flip", "split", "random", "manual"];

/// A protocol's set of strategies: the generals' here, PBFT's in its own module.
pub trait StrategyKind: Copy + Eq + Debug {
    /// What a node that is no traitor is called in the inspector.
    const HONEST: &'static str;
    /// What the nodes that may be traitors are called in error messages.
    const NODES: &'static str;
    fn name(self) -> &'static str;
    fn summary(self) -> &'static str;
}

impl StrategyKind for Strategy {
    const HONEST: &'static str = "loyal";
    const NODES: &'static str = "generals";

    fn name(self) -> &'static str {
        match self {
            Strategy::Silent => "silent",
            Strategy::Flip => "flip",
            Strategy::Split => "split",
            Strategy::Random => "random",
            Strategy::Manual => "manual",
        }
    }

    /// What it does, in a few words, for the inspector.
    fn summary(self) -> &'static str {
        match self {
            Strategy::Silent => "sends nothing",
            Strategy::Flip => "sends the opposite of what a loyal general would",
            Strategy::Split => "tells odd ids to attack, even ids to retreat",
            Strategy::Random => "sends a seeded random order each time",
            Strategy::Manual => "sends what a loyal general would, until you rewrite it",
        }
    }
}

/// One traitor of a scenario's `traitors` list: `{"node": 1, "strategy": "flip"}`, with an
/// optional `seed` for the random strategy.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TraitorSpec<S = Strategy> {
    pub node: NodeId,
    pub strategy: S,
    #[serde(default)]
    pub seed: u64,
}

/// The traitors of a run, by node, each with its strategy (of kind `S`) and seed.
#[derive(Clone, Debug)]
pub struct Traitors<S = Strategy> {
    by_node: Vec<Option<(S, u64)>>,
}

impl<S: StrategyKind> Traitors<S> {
    /// Checks the list against the first `nodes` nodes: each is one of them and listed once.
    pub fn new(specs: &[TraitorSpec<S>], nodes: NodeId) -> Result<Traitors<S>, String> {
        let mut by_node = vec![None; nodes as usize];
        for spec in specs {
            let Some(slot) = by_node.get_mut(spec.node as usize) else {
                return Err(format!(
                    "traitors names node {}, but the {} are nodes 0 to {}",
                    spec.node,
                    S::NODES,
                    nodes - 1
                ));
            };
            if slot.is_some() {
                return Err(format!("traitors lists node {} twice", spec.node));
            }
            *slot = Some((spec.strategy, spec.seed));
        }
        Ok(Traitors { by_node })
    }

    pub fn strategy(&self, node: NodeId) -> Option<S> {
        self.by_node
            .get(node as usize)
            .copied()
            .flatten()
            .map(|(s, _)| s)
    }

    pub fn is_traitor(&self, node: NodeId) -> bool {
        self.strategy(node).is_some()
    }

    /// How many nodes may be traitors.
    pub fn replicas(&self) -> NodeId {
        self.by_node.len() as NodeId
    }

    /// How many traitors there are.
    pub fn count(&self) -> u32 {
        self.by_node.iter().filter(|t| t.is_some()).count() as u32
    }

    /// The traitors' ids, ascending.
    pub fn nodes(&self) -> Vec<NodeId> {
        (0..self.by_node.len() as NodeId)
            .filter(|n| self.is_traitor(*n))
            .collect()
    }

    /// A random traitor's draw for one message to `to` (named by `message`), from its seed:
    /// the same run draws the same.
    pub fn draw(&self, from: NodeId, to: NodeId, message: &impl Hash) -> bool {
        let seed = self
            .by_node
            .get(from as usize)
            .copied()
            .flatten()
            .map_or(0, |(_, seed)| seed);
        coin(seed, from, to, message)
    }

    /// The words the inspector shows for `node`: its role's loyalty and strategy.
    pub fn describe(&self, node: NodeId) -> String {
        match self.strategy(node) {
            Some(strategy) => format!("traitor ({}: {})", strategy.name(), strategy.summary()),
            None => S::HONEST.to_string(),
        }
    }
}

impl Traitors<Strategy> {
    /// What `from` sends to `to` where a loyal general would send `honest`: `honest` itself
    /// when `from` is loyal, its strategy's choice when it is a traitor (`None`: nothing).
    /// `message` names the message among `from`'s sends (a relay's path), for the random draw.
    pub fn order(
        &self,
        from: NodeId,
        to: NodeId,
        honest: Order,
        message: &[NodeId],
    ) -> Option<Order> {
        let Some((strategy, seed)) = self.by_node.get(from as usize).copied().flatten() else {
            return Some(honest);
        };
        match strategy {
            Strategy::Silent => None,
            Strategy::Flip => Some(honest.flip()),
            Strategy::Split if to % 2 == 1 => Some(Order::Attack),
            Strategy::Split => Some(Order::Retreat),
            Strategy::Random => Some(match coin(seed, from, to, message) {
                true => Order::Attack,
                false => Order::Retreat,
            }),
            Strategy::Manual => Some(honest),
        }
    }
}

/// A fair coin from a seed and a message, the same natively and in wasm.
fn coin(seed: u64, from: NodeId, to: NodeId, message: &(impl Hash + ?Sized)) -> bool {
    fingerprint(&(seed, from, to, message)).is_multiple_of(2)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(node: NodeId, strategy: Strategy) -> TraitorSpec {
        TraitorSpec {
            node,
            strategy,
            seed: 0,
        }
    }

    #[test]
    fn a_traitor_list_names_existing_nodes_once() {
        assert!(Traitors::new(&[spec(4, Strategy::Flip)], 4)
            .unwrap_err()
            .contains("nodes 0 to 3"));
        assert!(
            Traitors::new(&[spec(1, Strategy::Flip), spec(1, Strategy::Split)], 4)
                .unwrap_err()
                .contains("twice")
        );
        let traitors = Traitors::new(&[spec(2, Strategy::Silent)], 4).unwrap();
        assert_eq!(traitors.nodes(), vec![2]);
        assert_eq!(traitors.count(), 1);
    }

    #[test]
    fn each_strategy_makes_its_own_choice() {
        let all = [
            spec(1, Strategy::Silent),
            spec(2, Strategy::Flip),
            spec(3, Strategy::Split),
            spec(4, Strategy::Manual),
        ];
        let traitors = Traitors::new(&all, 6).unwrap();
        assert_eq!(
            traitors.order(0, 1, Order::Attack, &[0]),
            Some(Order::Attack)
        );
        assert_eq!(traitors.order(1, 2, Order::Attack, &[0]), None);
        assert_eq!(
            traitors.order(2, 1, Order::Attack, &[0]),
            Some(Order::Retreat)
        );
        assert_eq!(
            traitors.order(3, 1, Order::Retreat, &[0]),
            Some(Order::Attack)
        );
        assert_eq!(
            traitors.order(3, 2, Order::Attack, &[0]),
            Some(Order::Retreat)
        );
        assert_eq!(
            traitors.order(4, 1, Order::Retreat, &[0]),
            Some(Order::Retreat)
        );
    }

    #[test]
    fn a_random_traitor_is_reproducible_and_uses_both_orders() {
        let traitors = Traitors::new(&[spec(1, Strategy::Random)], 7).unwrap();
        let draws: Vec<Option<Order>> = (2..7)
            .flat_map(|to| [vec![0], vec![0, 3]].map(|path| (to, path)))
            .map(|(to, path)| traitors.order(1, to, Order::Attack, &path))
            .collect();
        let again: Vec<Option<Order>> = (2..7)
            .flat_map(|to| [vec![0], vec![0, 3]].map(|path| (to, path)))
            .map(|(to, path)| traitors.order(1, to, Order::Attack, &path))
            .collect();
        assert_eq!(draws, again);
        assert!(draws.contains(&Some(Order::Attack)));
        assert!(draws.contains(&Some(Order::Retreat)));
    }
}
