//! The three problems the reductions solve, each as an agreement and a validity property over
//! the loyal processes (Attiya and Welch, §5.2; Lynch, §6.3):
//! - **interactive consistency (IC)**: every loyal process decides the same vector, whose entry
//!   for each loyal process is that process's proposal;
//! - **consensus (C)**: every loyal process decides the same value, and if every loyal process
//!   proposed `v` the decision is `v`;
//! - **Byzantine generals (BG)**: every loyal process decides the same value, and if the leader
//!   is loyal the decision is the leader's value.
//!
//! Each run solves one problem, so the same two property names carry the words of the problem
//! the run solves.

use super::super::traitors::Traitors;
use super::super::Order;
use super::Reduction;
use crate::action::NodeId;
use crate::monitor::{Breaches, Moment};
use crate::protocol::PropertyInfo;
use crate::verdict::{Blame, Kind, Verdict};

pub const AGREEMENT: &str = "agreement";
pub const VALIDITY: &str = "validity";

pub const PROPERTIES: &[PropertyInfo] = &[
    PropertyInfo {
        name: AGREEMENT,
        kind: Kind::Safety,
    },
    PropertyInfo {
        name: VALIDITY,
        kind: Kind::Safety,
    },
];

/// The leader of Byzantine generals, when BG is solved from consensus.
pub const LEADER: NodeId = 0;

/// What a loyal process decided: a vector (IC) or a value (C and BG).
#[derive(Clone, Debug, Hash, PartialEq, Eq)]
pub enum Decided {
    Vector(Vec<Order>),
    Value(Order),
}

impl Decided {
    pub fn text(&self) -> String {
        match self {
            Decided::Vector(vector) => vector_text(vector),
            Decided::Value(order) => order.to_string(),
        }
    }
}

/// `[attack, retreat, attack]`.
pub fn vector_text(vector: &[Order]) -> String {
    let orders: Vec<&str> = vector.iter().map(|o| o.name()).collect();
    format!("[{}]", orders.join(", "))
}

/// The loyal processes' decisions so far, and the first breach of each property.
#[derive(Clone, Debug, Hash, PartialEq, Eq)]
pub struct Decisions {
    decided: Vec<Option<Decided>>,
    /// 0 agreement, 1 validity.
    breaches: Breaches<2>,
}

/// What the properties compare decisions with: the problem, who is loyal, and each process's
/// proposal (under BG the leader's value is its proposal).
pub struct Judge<'a> {
    pub reduction: Reduction,
    pub traitors: &'a Traitors,
    pub proposals: &'a [Order],
}

impl Judge<'_> {
    fn loyal(&self) -> impl Iterator<Item = NodeId> + '_ {
        (0..self.proposals.len() as NodeId).filter(|p| !self.traitors.is_traitor(*p))
    }

    /// The value validity asks of every loyal decision, if it asks one: the leader's (BG, when
    /// it is loyal), the value all loyal processes proposed (C, when they all proposed one).
    fn required_value(&self) -> Option<Order> {
        match self.reduction {
            Reduction::IcFromBg => None,
            Reduction::CFromIc => {
                let mut loyal = self.loyal().map(|p| self.proposals[p as usize]);
                let first = loyal.next()?;
                loyal.all(|o| o == first).then_some(first)
            }
            Reduction::BgFromC => {
                (!self.traitors.is_traitor(LEADER)).then(|| self.proposals[LEADER as usize])
            }
        }
    }

    /// Why `decided` breaks validity, if it does.
    fn invalid(&self, node: NodeId, decided: &Decided) -> Option<(String, String)> {
        match decided {
            Decided::Vector(vector) => self.loyal().find_map(|p| {
                let (said, proposed) = (vector[p as usize], self.proposals[p as usize]);
                (said != proposed).then(|| {
                    (
                        format!("process {node}'s vector holds {said} for process {p}, which proposed {proposed}"),
                        format!("Loyal process {p} proposed {proposed}, but loyal process {node}'s vector holds {said} in its place."),
                    )
                })
            }),
            Decided::Value(order) => {
                let required = self.required_value()?;
                (*order != required).then(|| match self.reduction {
                    Reduction::BgFromC => (
                        format!("process {node} decided {order}; the loyal leader's value is {required}"),
                        format!("The leader is loyal and its value is {required}, but loyal process {node} decided {order}."),
                    ),
                    _ => (
                        format!("process {node} decided {order}; every loyal process proposed {required}"),
                        format!("Every loyal process proposed {required}, but loyal process {node} decided {order}."),
                    ),
                })
            }
        }
    }

    fn agreement_text(&self) -> &'static str {
        match self.reduction {
            Reduction::IcFromBg => "IC agreement: every loyal process decides the same vector.",
            Reduction::CFromIc => "C agreement: every loyal process decides the same value.",
            Reduction::BgFromC => "BG agreement: every loyal process decides the same value.",
        }
    }

    fn validity_text(&self) -> &'static str {
        match self.reduction {
            Reduction::IcFromBg => "IC validity: each loyal process's entry in a loyal process's vector is its proposal.",
            Reduction::CFromIc => "C validity: if every loyal process proposes v, every loyal process decides v.",
            Reduction::BgFromC => "BG validity: if the leader is loyal, every loyal process decides its value.",
        }
    }
}

impl Decisions {
    pub fn new(processes: NodeId) -> Decisions {
        Decisions {
            decided: vec![None; processes as usize],
            breaches: Breaches::default(),
        }
    }

    /// Process `node` decided: judged if it is loyal.
    pub fn decide(&mut self, judge: &Judge<'_>, node: NodeId, decided: Decided, at: Moment) {
        if judge.traitors.is_traitor(node) {
            return;
        }
        let other = self
            .decided
            .iter()
            .enumerate()
            .find_map(|(p, d)| d.as_ref().filter(|d| **d != decided).map(|d| (p, d.text())));
        if let Some((other, theirs)) = other {
            let ours = decided.text();
            self.breaches.breach(0, at, || {
                (
                    format!("process {node} decided {ours}, process {other} {theirs}"),
                    format!("Loyal process {node} decided {ours} but loyal process {other} decided {theirs}."),
                )
            });
        }
        if let Some(words) = judge.invalid(node, &decided) {
            self.breaches.breach(1, at, || words);
        }
        self.decided[node as usize] = Some(decided);
    }

    /// Agreement and validity of the run's problem. `why_broken` says why the algorithm could
    /// not prevent a violation.
    pub fn verdicts(&self, judge: &Judge<'_>, why_broken: &str) -> Vec<Verdict> {
        let decided = self.decided.iter().filter(|d| d.is_some()).count();
        let judged =
            |index: usize, name: &'static str, text: &'static str, holds: String| match self
                .breaches
                .is_broken(index)
            {
                true => Verdict::violated(
                    name,
                    Kind::Safety,
                    text,
                    self.breaches
                        .violation(index, name, Blame::Algorithm, |said| {
                            format!("{said} {why_broken}")
                        }),
                ),
                false => Verdict::holds(name, Kind::Safety, text, holds),
            };
        let none_yet = || "No loyal process has decided yet.".to_string();
        let agreement = judged(
            0,
            AGREEMENT,
            judge.agreement_text(),
            match decided {
                0 => none_yet(),
                _ => format!("The {decided} loyal process(es) that decided agree."),
            },
        );
        let validity_holds = match (decided, judge.reduction, judge.required_value()) {
            (0, _, _) => none_yet(),
            (_, Reduction::IcFromBg, _) => {
                "Every loyal process's entry in every decided vector is its proposal.".to_string()
            }
            (_, Reduction::BgFromC, None) => {
                "The leader is a traitor, so validity asks nothing.".to_string()
            }
            (_, Reduction::CFromIc, None) => {
                "The loyal processes proposed different values, so validity asks nothing."
                    .to_string()
            }
            (_, _, Some(v)) => format!("Every loyal process that decided decided {v}."),
        };
        let validity = judged(1, VALIDITY, judge.validity_text(), validity_holds);
        vec![agreement, validity]
    }
}
