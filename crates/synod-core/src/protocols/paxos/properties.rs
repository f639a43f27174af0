//! Paxos's properties as one monitor folded over what nodes record (a crash erases none of it):
//! agreement, validity, integrity and chosen-is-stable (safety), and termination (liveness).
//!
//! "Chosen" is a fact about the acceptors, not about any process's knowledge: a value is chosen
//! once a majority of acceptors has accepted it in one ballot. The monitor keeps, for every
//! ballot that could still reach a majority, who accepted it; a ballot that cannot (too many
//! acceptors promised higher) is forgotten, so the monitor stays small on runs of any length.

use super::ballot::Ballot;
use super::Value;
use crate::action::NodeId;
use crate::monitor::{Breaches, Evidence, Moment};
use crate::verdict::{Blame, Kind};

pub const AGREEMENT: &str = "agreement";
pub const VALIDITY: &str = "validity";
pub const INTEGRITY: &str = "integrity";
pub const CHOSEN_STABLE: &str = "chosen-stable";
pub const TERMINATION: &str = "termination";

/// Indexes of the safety properties in [`Breaches`].
const AGREEMENT_AT: usize = 0;
const VALIDITY_AT: usize = 1;
const INTEGRITY_AT: usize = 2;
const CHOSEN_AT: usize = 3;

pub const AGREEMENT_TEXT: &str =
    "No two processes decide differently, counting those that crashed after deciding.";
pub const VALIDITY_TEXT: &str = "A process decides only a value some proposer proposed.";
pub const INTEGRITY_TEXT: &str = "Each process decides at most once.";
pub const CHOSEN_TEXT: &str = "Once a majority of acceptors has accepted a value in one ballot (the value is chosen), no ballot gets a majority for another value.";
pub const TERMINATION_TEXT: &str = "Every process that is up eventually decides.";

/// A value chosen: a majority accepted it in `ballot`.
#[derive(Clone, Copy, Debug, Hash, PartialEq, Eq)]
pub struct Chosen {
    pub ballot: Ballot,
    pub value: Value,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq)]
pub struct Monitor {
    /// Each acceptor's promise as far as the records tell (an acceptor accepting a ballot has
    /// promised it too).
    promised: Vec<Option<Ballot>>,
    /// Ballots not chosen (yet) that could still be: the value and who accepted it, one bit each.
    /// Sorted by ballot: a map in a vector (hashed as a `BTreeMap` would be), since it holds a
    /// few ballots and the model checker keeps one in every state it has queued.
    votes: Vec<(Ballot, (Value, u32))>,
    chosen: Option<Chosen>,
    /// Values some proposer proposed, one bit each.
    proposed: u32,
    /// Nodes that decided, one bit each, and the first value decided.
    decided: u32,
    first_decision: Option<Value>,
    /// Acceptors may forget promises (the flawed `forgetful-acceptor`): a ballot that looked
    /// hopeless can then gain acceptances again, so no ballot is forgotten.
    keep_all: bool,
    breaches: Breaches<4>,
    /// The step at which the value was chosen.
    chosen_at: Evidence<u64>,
}

impl Monitor {
    pub fn new(nodes: NodeId, keep_all: bool) -> Monitor {
        Monitor {
            promised: vec![None; nodes as usize],
            votes: Vec::new(),
            chosen: None,
            proposed: 0,
            decided: 0,
            first_decision: None,
            keep_all,
            breaches: Breaches::default(),
            chosen_at: Evidence::none(),
        }
    }

    pub fn chosen(&self) -> Option<Chosen> {
        self.chosen
    }

    pub fn chosen_step(&self) -> Option<u64> {
        self.chosen_at.get().copied()
    }

    pub fn proposed(&mut self, value: Value) {
        self.proposed |= 1 << value;
    }

    pub fn promised(&mut self, acceptor: NodeId, ballot: Ballot) {
        self.promised[acceptor as usize] = Some(ballot);
    }

    /// An acceptor recovered with this promise on its disk (none, if it forgot it).
    pub fn recovered(&mut self, acceptor: NodeId, promised: Option<Ballot>) {
        self.promised[acceptor as usize] = promised;
    }

    /// `acceptor` accepted (`ballot`, `value`); `majority` acceptors make a value chosen.
    /// `name` gives a value's text, for the words of a breach.
    pub fn accepted(
        &mut self,
        acceptor: NodeId,
        ballot: Ballot,
        value: Value,
        majority: u32,
        at: Moment,
        name: &dyn Fn(Value) -> String,
    ) {
        self.promised[acceptor as usize] = Some(ballot);
        let at_ballot = match self.votes.binary_search_by_key(&ballot, |(b, _)| *b) {
            Ok(found) => found,
            Err(place) => {
                self.votes.insert(place, (ballot, (value, 0)));
                place
            }
        };
        let votes = &mut self.votes[at_ballot].1;
        votes.1 |= 1 << acceptor;
        if votes.1.count_ones() >= majority {
            self.votes.remove(at_ballot);
            self.choose(Chosen { ballot, value }, at, name);
        }
        if !self.keep_all {
            let promised = &self.promised;
            self.votes.retain(|(ballot, (_, voters))| {
                let could = (0..promised.len()).filter(|a| {
                    *voters & (1 << a) != 0 || promised[*a].is_none_or(|p| p <= *ballot)
                });
                could.count() as u32 >= majority
            });
        }
    }

    fn choose(&mut self, chosen: Chosen, at: Moment, name: &dyn Fn(Value) -> String) {
        let Some(first) = self.chosen else {
            self.chosen = Some(chosen);
            self.chosen_at = at.evidence(|| at.step);
            return;
        };
        if chosen.value != first.value {
            let step = self.chosen_step().unwrap_or(0);
            self.breaches.breach(CHOSEN_AT, at, || {
                (
                    format!(
                        "{} was chosen in ballot {} (step {step}), then a majority accepted {} in ballot {} at step {}",
                        name(first.value),
                        first.ballot,
                        name(chosen.value),
                        chosen.ballot,
                        at.step
                    ),
                    "Another value was chosen after the first.".to_string(),
                )
            });
        }
    }

    pub fn decided(
        &mut self,
        node: NodeId,
        value: Value,
        at: Moment,
        name: &dyn Fn(Value) -> String,
    ) {
        if self.decided & (1 << node) != 0 {
            self.breaches.breach(INTEGRITY_AT, at, || {
                (
                    format!("node {node} decided a second time at step {}", at.step),
                    "A process decided twice.".to_string(),
                )
            });
        }
        self.decided |= 1 << node;
        if self.proposed & (1 << value) == 0 {
            self.breaches.breach(VALIDITY_AT, at, || {
                (
                    format!(
                        "node {node} decided {} at step {}, which nobody proposed",
                        name(value),
                        at.step
                    ),
                    "A process decided a value no proposer proposed.".to_string(),
                )
            });
        }
        match self.first_decision {
            None => self.first_decision = Some(value),
            Some(first) if first != value => self.breaches.breach(AGREEMENT_AT, at, || {
                (
                    format!(
                        "node {node} decided {} at step {}, but {} had been decided",
                        name(value),
                        at.step,
                        name(first)
                    ),
                    "Two processes decided differently.".to_string(),
                )
            }),
            Some(_) => {}
        }
    }

    /// The first value decided, if any.
    pub fn decision(&self) -> Option<Value> {
        self.first_decision
    }

    pub fn broken(&self, property: &str) -> bool {
        self.breaches.is_broken(index(property))
    }

    pub fn violation(&self, property: &str, blame: Blame, why: &str) -> crate::verdict::Violation {
        self.breaches
            .violation(index(property), property, blame, |said| {
                format!("{said} {why}")
            })
    }
}

fn index(property: &str) -> usize {
    match property {
        AGREEMENT => AGREEMENT_AT,
        VALIDITY => VALIDITY_AT,
        INTEGRITY => INTEGRITY_AT,
        _ => CHOSEN_AT,
    }
}

/// The properties, in the order the protocol judges them.
pub const PROPERTIES: &[crate::protocol::PropertyInfo] = &[
    crate::protocol::PropertyInfo {
        name: AGREEMENT,
        kind: Kind::Safety,
    },
    crate::protocol::PropertyInfo {
        name: VALIDITY,
        kind: Kind::Safety,
    },
    crate::protocol::PropertyInfo {
        name: INTEGRITY,
        kind: Kind::Safety,
    },
    crate::protocol::PropertyInfo {
        name: CHOSEN_STABLE,
        kind: Kind::Safety,
    },
    crate::protocol::PropertyInfo {
        name: TERMINATION,
        kind: Kind::Liveness,
    },
];
