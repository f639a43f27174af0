//! PBFT's traitors: which replicas are Byzantine, and what each strategy makes of the messages
//! its honest code computes. Whatever a traitor sent, the user (the `forge` action) or the
//! Explorer may still rewrite or withhold while it is in flight (see `Pbft::forgeries`).

use serde::Deserialize;

use super::{Msg, Req};
use crate::action::NodeId;

/// How a traitor replica chooses what to send.
#[derive(Clone, Copy, Debug, Hash, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Strategy {
    /// It sends nothing.
    Silent,
    /// As a primary it pre-prepares the real request to the f backups after it and the null
    /// request to the other 2f, so that neither side gathers a commit quorum: the request
    /// completes only after a view change. As a backup it is honest.
    Equivocate,
    /// Its replies to the client carry a wrong result (one more than the true one); its other
    /// messages are honest.
    Lie,
    /// It sends what a correct replica would, and the user rewrites each message in the page.
    Manual,
}

/// The strategies' names, as params and the settings form write them.
pub const STRATEGY_NAMES: &[&str] = &["silent", "equivocate", "lie", "manual"];

impl Strategy {
    pub fn name(self) -> &'static str {
        match self {
            Strategy::Silent => "silent",
            Strategy::Equivocate => "equivocate",
            Strategy::Lie => "lie",
            Strategy::Manual => "manual",
        }
    }

    fn summary(self) -> &'static str {
        match self {
            Strategy::Silent => "sends nothing",
            Strategy::Equivocate => {
                "as primary, pre-prepares the request to f backups and the null request to the rest"
            }
            Strategy::Lie => "replies to the client with a wrong result",
            Strategy::Manual => "sends what a correct replica would, until you rewrite it",
        }
    }
}

/// One traitor of a scenario's `traitors` list: `{"node": 0, "strategy": "equivocate"}`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TraitorSpec {
    pub node: NodeId,
    pub strategy: Strategy,
}

/// The traitors of a run, by replica.
#[derive(Clone, Debug, Default)]
pub struct Traitors {
    by_replica: Vec<Option<Strategy>>,
}

impl Traitors {
    /// Checks the list against `replicas` replicas (the client, node `replicas`, is always
    /// correct): each node is a replica and is listed once.
    pub fn new(specs: &[TraitorSpec], replicas: NodeId) -> Result<Traitors, String> {
        let mut by_replica = vec![None; replicas as usize];
        for spec in specs {
            if spec.node == replicas {
                return Err(format!(
                    "traitors names node {}, the client: only replicas may be traitors",
                    spec.node
                ));
            }
            let Some(slot) = by_replica.get_mut(spec.node as usize) else {
                return Err(format!(
                    "traitors names node {}, but the replicas are nodes 0 to {}",
                    spec.node,
                    replicas - 1
                ));
            };
            if slot.is_some() {
                return Err(format!("traitors lists node {} twice", spec.node));
            }
            *slot = Some(spec.strategy);
        }
        Ok(Traitors { by_replica })
    }

    pub fn strategy(&self, node: NodeId) -> Option<Strategy> {
        self.by_replica.get(node as usize).copied().flatten()
    }

    pub fn is_traitor(&self, node: NodeId) -> bool {
        self.strategy(node).is_some()
    }

    pub fn count(&self) -> u32 {
        self.by_replica.iter().filter(|t| t.is_some()).count() as u32
    }

    /// What replica `from` sends to `to` where a correct replica would send `honest` (`None`:
    /// nothing). `f` places an equivocating primary's split.
    pub fn apply(&self, from: NodeId, to: NodeId, f: u32, honest: Msg) -> Option<Msg> {
        let n = self.by_replica.len() as u32;
        match (self.strategy(from), honest) {
            (None | Some(Strategy::Manual), msg) => Some(msg),
            (Some(Strategy::Silent), _) => None,
            (Some(Strategy::Lie), Msg::Reply(mut reply)) => {
                reply.result += 1;
                Some(Msg::Reply(reply))
            }
            (Some(Strategy::Equivocate), Msg::PrePrepare(mut vote))
                if (to + n - from) % n > f && vote.req != Req::Null =>
            {
                vote.req = Req::Null;
                Some(Msg::PrePrepare(vote))
            }
            (Some(_), msg) => Some(msg),
        }
    }

    /// The words the inspector shows for `node`.
    pub fn describe(&self, node: NodeId) -> String {
        match self.strategy(node) {
            Some(strategy) => format!("traitor ({}: {})", strategy.name(), strategy.summary()),
            None => "correct".to_string(),
        }
    }
}
