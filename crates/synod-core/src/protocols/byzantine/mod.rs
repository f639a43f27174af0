//! The Byzantine generals (Lamport, Shostak and Pease, "The Byzantine Generals Problem", 1982):
//! a commander (node 0) sends an order to `n − 1` lieutenants, some of the generals are
//! traitors, and the loyal lieutenants must agree.
//! - **IC1.** All loyal lieutenants obey the same order.
//! - **IC2.** If the commander is loyal, every loyal lieutenant obeys the order it sends.
//!
//! Two algorithms, both in lockstep rounds (`end-round`): oral messages OM(m) (`oral.rs`, with
//! the tree of relayed values in `eig.rs`), which needs `n > 3m` for `m` traitors, and signed
//! messages SM(m) (`signed.rs`), which works for any number of generals above `m + 1`.
//!
//! `reductions/` solves consensus, Byzantine generals and interactive consistency from one another
//! with OM(m) underneath.
//!
//! What both algorithms share is here: the orders, who the traitors are and how each chooses what to send
//! (`traitors.rs`), and the properties IC1 and IC2 over the loyal lieutenants (`properties.rs`).

pub mod eig;
pub mod oral;
pub mod properties;
pub mod reductions;
pub mod signed;
pub mod traitors;
mod views;

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::action::NodeId;
use crate::budget::Budgets;
use crate::form::{Setting, SettingKind};
use crate::network::{Network, Timing};

/// A general's order.
#[derive(
    Clone, Copy, Debug, Hash, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, Default,
)]
#[serde(rename_all = "lowercase")]
pub enum Order {
    Attack,
    /// Also what a lieutenant falls back on when no order came, or no order has a majority.
    #[default]
    Retreat,
}

impl Order {
    pub const BOTH: [Order; 2] = [Order::Attack, Order::Retreat];

    /// The other order.
    pub fn flip(self) -> Order {
        match self {
            Order::Attack => Order::Retreat,
            Order::Retreat => Order::Attack,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Order::Attack => "attack",
            Order::Retreat => "retreat",
        }
    }
}

impl fmt::Display for Order {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Node 0 gives the order; the others are lieutenants.
pub const COMMANDER: NodeId = 0;
pub const MIN_GENERALS: u32 = 3;
pub const MAX_GENERALS: u32 = 7;

/// Checks the size of a run both algorithms share: 3 to 7 generals, and `m` at most
/// `generals − 2` (`m + 1` rounds of relays, each adding a lieutenant not yet on the chain).
pub fn check_size(generals: u32, m: u32) -> Result<(), String> {
    if !(MIN_GENERALS..=MAX_GENERALS).contains(&generals) {
        return Err(format!(
            "generals must be between {MIN_GENERALS} and {MAX_GENERALS}, not {generals}"
        ));
    }
    if m > generals - 2 {
        return Err(format!(
            "m must be at most generals − 2 = {} (each of the m + 1 rounds adds a lieutenant not yet on the relay chain), not {m}",
            generals - 2
        ));
    }
    Ok(())
}

/// Whether OM(m) among `n` generals is promised to work: lockstep rounds that lose nothing,
/// `n > 3t` and `m ≥ t` for the `t` traitors.
pub fn oral_guaranteed(network: &Network, faults: &Budgets, n: NodeId, m: u32, t: u32) -> bool {
    network.timing == Timing::Sync
        && faults.crashes == 0
        && faults.drops == 0
        && faults.partitions == 0
        && n > 3 * t
        && m >= t
}

/// Why OM(m) among `n` generals (`who`) could not prevent a violation of what it must do
/// (`goal`).
pub fn oral_why_broken(who: &str, goal: &str, n: NodeId, m: u32, t: u32) -> String {
    if 3 * t >= n {
        format!(
            "With {t} traitor(s) among {n} {who}, n ≤ 3t: no oral-message algorithm can {goal}."
        )
    } else if m < t {
        format!("OM({m}) copes with at most {m} traitor(s); this run has {t}.")
    } else {
        "Faults outside the model (a crash or a lost message) did it.".to_string()
    }
}

/// How many traitors OM(m) and SM(m) are built to tolerate.
pub const M: Setting = Setting {
    key: "m",
    label: "Traitors tolerated (m)",
    kind: SettingKind::Count {
        min: 0,
        max: MAX_GENERALS as u64 - 2,
        default: 1,
    },
};

/// Who the traitors are, among the `generals`, and each one's strategy.
pub const TRAITORS: Setting = Setting {
    key: "traitors",
    label: "Traitors",
    kind: SettingKind::Traitors {
        of: "generals",
        per: 1,
        plus: 0,
        strategies: traitors::STRATEGY_NAMES,
    },
};

/// The settings both algorithms take.
pub const SETTINGS: &[Setting] = &[
    Setting {
        key: "generals",
        label: "Generals (node 0 commands)",
        kind: SettingKind::Count {
            min: MIN_GENERALS as u64,
            max: MAX_GENERALS as u64,
            default: 4,
        },
    },
    M,
    Setting {
        key: "order",
        label: "The commander's order",
        kind: SettingKind::Choice {
            options: &["attack", "retreat"],
            default: "attack",
        },
    },
    TRAITORS,
];
