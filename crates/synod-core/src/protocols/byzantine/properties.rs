//! IC1 and IC2, over the loyal lieutenants only: what a traitor decides is nobody's business.

use super::traitors::Traitors;
use super::{Order, COMMANDER};
use crate::action::NodeId;
use crate::monitor::{Breaches, Moment, Observation};
use crate::protocol::{PropertyInfo, Protocol};
use crate::verdict::{Blame, Kind, Verdict};

pub const IC1: &str = "ic1";
pub const IC2: &str = "ic2";

pub const PROPERTIES: &[PropertyInfo] = &[
    PropertyInfo {
        name: IC1,
        kind: Kind::Safety,
    },
    PropertyInfo {
        name: IC2,
        kind: Kind::Safety,
    },
];

const IC1_TEXT: &str = "IC1: all loyal lieutenants obey the same order.";
const IC2_TEXT: &str =
    "IC2: if the commander is loyal, every loyal lieutenant obeys the order it sends.";

/// The loyal lieutenants' decisions so far, and the first breach of each property.
#[derive(Clone, Debug, Hash, PartialEq, Eq)]
pub struct Decisions {
    decided: Vec<Option<Order>>,
    /// 0 IC1, 1 IC2.
    breaches: Breaches<2>,
}

impl Decisions {
    pub fn new(generals: NodeId) -> Decisions {
        Decisions {
            decided: vec![None; generals as usize],
            breaches: Breaches::default(),
        }
    }

    /// Lieutenant `node` decided `order`: judged if it is loyal.
    fn decide(
        &mut self,
        traitors: &Traitors,
        commander_order: Order,
        node: NodeId,
        order: Order,
        at: Moment,
    ) {
        if node == COMMANDER || traitors.is_traitor(node) {
            return;
        }
        self.decided[node as usize] = Some(order);
        let other = self
            .decided
            .iter()
            .enumerate()
            .find_map(|(n, d)| d.filter(|d| *d != order).map(|d| (n, d)));
        if let Some((other, theirs)) = other {
            self.breaches.breach(0, at, || {
                (
                    format!("lieutenant {node} decided {order}, lieutenant {other} {theirs}"),
                    format!("Loyal lieutenant {node} obeys {order} but loyal lieutenant {other} obeys {theirs}."),
                )
            });
        }
        if !traitors.is_traitor(COMMANDER) && order != commander_order {
            self.breaches.breach(1, at, || {
                (
                    format!("lieutenant {node} decided {order}; the commander ordered {commander_order}"),
                    format!("The loyal commander ordered {commander_order} but loyal lieutenant {node} obeys {order}."),
                )
            });
        }
    }

    /// Folds one step: the decisions its node recorded (`decided`), each judged if the node is a
    /// loyal lieutenant.
    pub fn observe<P: Protocol>(
        &mut self,
        traitors: &Traitors,
        commander_order: Order,
        step: &Observation<P>,
        decided: impl Iterator<Item = Order>,
    ) {
        let Some(node) = step.node else {
            return;
        };
        for order in decided {
            self.decide(traitors, commander_order, node, order, step.moment());
        }
    }

    /// Lieutenant `node`'s decision, if it is loyal and has decided.
    pub fn of(&self, node: NodeId) -> Option<Order> {
        self.decided.get(node as usize).copied().flatten()
    }

    /// IC1 and IC2. `why_broken` says why the algorithm could not prevent a violation (too many
    /// traitors for it, or none: a flaw).
    pub fn verdicts(&self, traitors: &Traitors, why_broken: &str) -> Vec<Verdict> {
        let loyal_decided = self.decided.iter().filter(|d| d.is_some()).count();
        let ic1 = match self.breaches.is_broken(0) {
            false => Verdict::holds(
                IC1,
                Kind::Safety,
                IC1_TEXT,
                match loyal_decided {
                    0 => "No loyal lieutenant has decided yet.".to_string(),
                    _ => format!("The {loyal_decided} loyal lieutenant(s) that decided agree."),
                },
            ),
            true => Verdict::violated(
                IC1,
                Kind::Safety,
                IC1_TEXT,
                self.breaches.violation(0, IC1, Blame::Algorithm, |said| {
                    format!("{said} {why_broken}")
                }),
            ),
        };
        let ic2 = match (self.breaches.is_broken(1), traitors.is_traitor(COMMANDER)) {
            (true, _) => Verdict::violated(
                IC2,
                Kind::Safety,
                IC2_TEXT,
                self.breaches.violation(1, IC2, Blame::Algorithm, |said| {
                    format!("{said} {why_broken}")
                }),
            ),
            (false, true) => Verdict::holds(
                IC2,
                Kind::Safety,
                IC2_TEXT,
                "The commander is a traitor, so IC2 asks nothing.".to_string(),
            ),
            (false, false) => Verdict::holds(
                IC2,
                Kind::Safety,
                IC2_TEXT,
                match loyal_decided {
                    0 => "No loyal lieutenant has decided yet.".to_string(),
                    _ => "Every loyal lieutenant that decided obeys the commander.".to_string(),
                },
            ),
        };
        vec![ic1, ic2]
    }
}
