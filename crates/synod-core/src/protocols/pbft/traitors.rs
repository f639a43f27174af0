//! PBFT's traitors: which replicas are Byzantine, and what each strategy makes of the messages
//! its honest code computes. Whatever a traitor sent, the user (the `forge` action) or the
//! Explorer may still rewrite or withhold while it is in flight (see `Pbft::forgeries`).

use serde::Deserialize;

use crate::protocols::byzantine;
use crate::protocols::byzantine::traitors::StrategyKind;

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

impl StrategyKind for Strategy {
    const HONEST: &'static str = "correct";
    const NODES: &'static str = "replicas";

    fn name(self) -> &'static str {
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
pub type TraitorSpec = byzantine::traitors::TraitorSpec<Strategy>;

/// The traitors of a run, by replica.
pub type Traitors = byzantine::traitors::Traitors<Strategy>;

impl Traitors {
    /// What replica `from` sends to `to` where a correct replica would send `honest` (`None`:
    /// nothing). `f` places an equivocating primary's split.
    pub fn apply(&self, from: NodeId, to: NodeId, f: u32, honest: Msg) -> Option<Msg> {
        let n = self.replicas();
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
}
