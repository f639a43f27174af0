//! Network semantics as a value: what a channel promises, chosen per scenario with a per-protocol
//! default, instead of flags scattered through the simulator.

use serde::{Deserialize, Serialize};

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

/// The network semantics of a run, fully resolved.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Network {
    pub channels: Channels,
}

/// The optional `"network"` object of a scenario: each field left out takes the protocol's
/// default.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NetworkSpec {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channels: Option<Channels>,
}

impl NetworkSpec {
    pub fn resolve(&self, default: &Network) -> Network {
        Network {
            channels: self.channels.unwrap_or(default.channels),
        }
    }
}
