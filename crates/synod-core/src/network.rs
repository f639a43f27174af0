//! Network semantics as a value: what a channel promises, chosen per scenario with a per-protocol
//! default, instead of flags scattered through the simulator.

use serde::{Deserialize, Serialize};

use crate::action::NodeId;

/// The order in which a channel may deliver the messages queued on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Channels {
    /// Each channel `from→to` delivers in send order: only its oldest message can be delivered.
    Fifo,
    /// Any in-flight message may be delivered next.
    Unordered,
}

impl Channels {
    pub fn name(self) -> &'static str {
        match self {
            Channels::Fifo => "fifo",
            Channels::Unordered => "unordered",
        }
    }
}

/// When a timer may fire.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Timing {
    /// Any pending timer may fire at any moment: a timeout can be premature, with the awaited
    /// message still in flight.
    Async,
    /// A timer fires only when no message is on its way (messages held by a partition or
    /// addressed to a crashed node do not count): a timeout then means a crash or a partition.
    Sync,
}

impl Timing {
    pub fn name(self) -> &'static str {
        match self {
            Timing::Async => "async",
            Timing::Sync => "sync",
        }
    }
}

/// The network semantics of a run, fully resolved.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Network {
    pub channels: Channels,
    pub timing: Timing,
}

/// The optional `"network"` object of a scenario: each field left out takes the protocol's
/// default.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NetworkSpec {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channels: Option<Channels>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timing: Option<Timing>,
}

impl NetworkSpec {
    pub fn resolve(&self, default: &Network) -> Network {
        Network {
            channels: self.channels.unwrap_or(default.channels),
            timing: self.timing.unwrap_or(default.timing),
        }
    }
}

/// Every split of nodes `0..nodes` into two non-empty groups, node 0's group first, each sorted:
/// the partitions the model checker and property tests try.
pub fn two_way_splits(nodes: NodeId) -> impl Iterator<Item = Vec<Vec<NodeId>>> {
    (1u32..(1 << (nodes - 1))).map(move |mask| {
        let apart = |n: &NodeId| *n != 0 && mask & (1 << (n - 1)) != 0;
        let (other, with_zero): (Vec<NodeId>, Vec<NodeId>) = (0..nodes).partition(apart);
        vec![with_zero, other]
    })
}
