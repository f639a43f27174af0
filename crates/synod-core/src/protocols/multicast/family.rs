//! The three protocols one [`Multicast`](super::Multicast) serves, as the registry lists them, and
//! the params each takes: the name fixes the order for FIFO and causal multicast, and
//! `total-multicast` takes its order (plain, FIFO-total or causal-total) and its sequencer.

use serde::Deserialize;
use serde_json::Value;

use crate::action::NodeId;
use crate::form::{Setting, SettingKind};
use crate::protocol::VariantInfo;
use crate::registry::Member;

pub const FIFO_NAME: &str = "fifo-multicast";
pub const CAUSAL_NAME: &str = "causal-multicast";
pub const TOTAL_NAME: &str = "total-multicast";

/// The delivery order a run promises.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Order {
    #[default]
    Fifo,
    Causal,
    Total,
    FifoTotal,
    CausalTotal,
}

impl Order {
    /// The name of the protocol that delivers in this order.
    pub fn protocol_name(self) -> &'static str {
        match self {
            Order::Fifo => FIFO_NAME,
            Order::Causal => CAUSAL_NAME,
            Order::Total | Order::FifoTotal | Order::CausalTotal => TOTAL_NAME,
        }
    }

    /// Whether messages carry vector timestamps.
    pub fn causal(self) -> bool {
        matches!(self, Order::Causal | Order::CausalTotal)
    }

    /// Whether a sequencer numbers the messages.
    pub fn sequenced(self) -> bool {
        matches!(self, Order::Total | Order::FifoTotal | Order::CausalTotal)
    }

    /// Whether each sender's messages are delivered in the order it sent them.
    pub fn fifo(self) -> bool {
        self != Order::Total
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Variant {
    #[default]
    Correct,
    /// Flawed FIFO: a receiver delivers every message as soon as it arrives.
    NoHoldBack,
    /// Flawed causal: a receiver checks only the sender's entry of the vector.
    NoDependencyCheck,
    /// Flawed total: a receiver delivers a numbered message without waiting for the numbers
    /// before it.
    SkipNumberCheck,
}

impl Variant {
    /// The protocol a flawed variant belongs to (the correct one belongs to all).
    fn protocol_name(self) -> Option<&'static str> {
        match self {
            Variant::Correct => None,
            Variant::NoHoldBack => Some(FIFO_NAME),
            Variant::NoDependencyCheck => Some(CAUSAL_NAME),
            Variant::SkipNumberCheck => Some(TOTAL_NAME),
        }
    }
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    #[serde(default = "default_nodes")]
    pub nodes: NodeId,
    #[serde(default)]
    pub reliable: bool,
    #[serde(default)]
    pub variant: Variant,
    #[serde(default)]
    pub order: Order,
    /// The node that numbers messages under the total orders.
    #[serde(default)]
    pub sequencer: NodeId,
}

fn default_nodes() -> NodeId {
    3
}

impl Params {
    /// Refuses a variant of another protocol of the family and a sequencer outside the group.
    pub fn check(&self) -> Result<(), String> {
        if !(2..=6).contains(&self.nodes) {
            return Err(format!("nodes must be from 2 to 6, not {}", self.nodes));
        }
        let name = self.order.protocol_name();
        if let Some(owner) = self.variant.protocol_name().filter(|owner| *owner != name) {
            return Err(format!("that variant is one of {owner}'s, not {name}'s"));
        }
        if self.sequencer >= self.nodes {
            return Err(format!(
                "sequencer must be one of the nodes 0 to {}, not {}",
                self.nodes - 1,
                self.sequencer
            ));
        }
        Ok(())
    }
}

/// The params of `name` as [`Params`] reads them: the name's order filled in, and `order` and
/// `sequencer` refused where the name fixes them.
pub fn params_for(name: &str, mut params: Value) -> Result<Value, String> {
    let Some(fields) = params.as_object_mut() else {
        return Ok(params);
    };
    let fixed = match name {
        FIFO_NAME => "fifo",
        CAUSAL_NAME => "causal",
        _ => {
            let order = fields.entry("order").or_insert(Value::from("total"));
            return match order.as_str() {
                Some("total" | "fifo-total" | "causal-total") => Ok(params),
                _ => Err(format!(
                    "order must be \"total\", \"fifo-total\" or \"causal-total\", not {order}"
                )),
            };
        }
    };
    for field in ["order", "sequencer"] {
        if fields.contains_key(field) {
            return Err(format!(
                "{name} takes no `{field}`: total-multicast does (with orders total, fifo-total and causal-total)"
            ));
        }
    }
    fields.insert("order".to_string(), Value::from(fixed));
    Ok(params)
}

const NODES: Setting = Setting {
    key: "nodes",
    label: "Nodes",
    kind: SettingKind::Count {
        min: 2,
        max: 6,
        default: 3,
    },
};

const RELIABLE: Setting = Setting {
    key: "reliable",
    label: "Reliable (relay on first receipt)",
    kind: SettingKind::Flag { default: false },
};

const CORRECT: VariantInfo = VariantInfo {
    name: "correct",
    summary: "As the textbooks give it (Coulouris et al., 15.4).",
    flawed: false,
};

pub const FIFO: Member = Member {
    name: FIFO_NAME,
    title: "FIFO multicast",
    summary: "Multicast to the group with each sender's messages delivered in the order it sent them: a receiver holds back a message until the sender's earlier ones have arrived.",
    variants: &[
        CORRECT,
        VariantInfo {
            name: "no-hold-back",
            summary: "Flawed: a receiver delivers each message as it arrives, whatever its number.",
            flawed: true,
        },
    ],
    settings: &[NODES, RELIABLE],
};

pub const CAUSAL: Member = Member {
    name: CAUSAL_NAME,
    title: "Causal multicast",
    summary: "Multicast with vector timestamps: a receiver delivers a message only after every message that causally precedes it, so a reply never arrives before the post it answers.",
    variants: &[
        CORRECT,
        VariantInfo {
            name: "no-dependency-check",
            summary: "Flawed: a receiver checks only the sender's entry (V[j] = P[j] + 1), not V[k] <= P[k] for the others.",
            flawed: true,
        },
    ],
    settings: &[NODES, RELIABLE],
};

pub const TOTAL: Member = Member {
    name: TOTAL_NAME,
    title: "Total-order multicast",
    summary: "Multicast through a sequencer that numbers every message: all members deliver in the same order; the FIFO-total and causal-total hybrids number in FIFO or causal order too.",
    variants: &[
        CORRECT,
        VariantInfo {
            name: "skip-number-check",
            summary: "Flawed: a receiver delivers a message once it has its number, without waiting for the numbers before it.",
            flawed: true,
        },
    ],
    settings: &[
        NODES,
        RELIABLE,
        Setting {
            key: "sequencer",
            label: "Sequencer",
            kind: SettingKind::Count {
                min: 0,
                max: 5,
                default: 0,
            },
        },
        Setting {
            key: "order",
            label: "Order",
            kind: SettingKind::Choice {
                options: &["total", "fifo-total", "causal-total"],
                default: "total",
            },
        },
    ],
};
