//! What the views need from the run's history, folded event by event (never by the checker):
//! each ballot's promises and acceptances with the events that made them, the moment a value
//! became chosen, and each later ballot whose promise quorum met the chosen quorum.
//!
//! Only the last [`KEPT_BALLOTS`] ballots are kept for the table (a duel of proposers can start
//! thousands), so a view costs the same at any length.

use std::collections::BTreeMap;

use super::ballot::Ballot;
use super::{Record, Value};
use crate::action::NodeId;
use crate::trace::{Event, EventId};

/// How many of the latest ballots the ballot table shows.
pub const KEPT_BALLOTS: usize = 12;

/// One ballot as the table shows it.
#[derive(Clone, Debug, Default)]
pub struct BallotRow {
    /// The value its proposer proposed in phase 2a, once it did.
    pub proposed: Option<Value>,
    /// Per acceptor: the event at which it promised this ballot.
    pub promised: BTreeMap<NodeId, EventId>,
    /// Per acceptor: the event at which it accepted this ballot's proposal.
    pub accepted: BTreeMap<NodeId, EventId>,
    /// The ballot that pre-empted it, if its proposer heard of one.
    pub preempted_by: Option<Ballot>,
    /// A majority accepted its proposal.
    pub chosen: bool,
}

/// The value chosen, when and by which acceptances.
#[derive(Clone, Debug)]
pub struct ChosenAt {
    pub ballot: Ballot,
    pub value: Value,
    pub step: u64,
    /// The acceptances that made the majority, by acceptor.
    pub quorum: BTreeMap<NodeId, EventId>,
}

/// A later ballot's promise quorum meeting the chosen quorum: the acceptors in both reported
/// the chosen value, so the later ballot proposes it again.
#[derive(Clone, Debug)]
pub struct Meeting {
    pub ballot: Ballot,
    pub step: u64,
    pub value: Value,
    /// The later ballot's promisers.
    pub promisers: Vec<NodeId>,
    /// Their promise events that are in both quorums.
    pub shared: BTreeMap<NodeId, EventId>,
}

#[derive(Clone, Debug, Default)]
pub struct History {
    /// The latest ballots, oldest first.
    ballots: BTreeMap<Ballot, BallotRow>,
    /// How many ballots were started in all.
    pub started: u64,
    pub chosen: Option<ChosenAt>,
    /// A later majority for another value (only flawed variants get one).
    pub chosen_again: Option<ChosenAt>,
    pub meetings: Vec<Meeting>,
}

impl History {
    pub fn ballots(&self) -> impl Iterator<Item = (&Ballot, &BallotRow)> {
        self.ballots.iter()
    }

    pub fn fold(&mut self, majority: u32, event: &Event, records: &[&Record]) {
        for record in records {
            match **record {
                Record::Began { ballot, .. } => {
                    self.started += 1;
                    self.ballots.entry(ballot).or_default();
                    while self.ballots.len() > KEPT_BALLOTS {
                        self.ballots.pop_first();
                    }
                }
                Record::Promised { ballot } => {
                    if let Some(row) = self.ballots.get_mut(&ballot) {
                        row.promised.insert(event.node, event.id);
                    }
                }
                Record::Proposed {
                    ballot,
                    value,
                    quorum,
                    ..
                } => self.proposed(ballot, value, quorum, event.step),
                Record::Accepted { ballot, value } => self.accepted(majority, ballot, value, event),
                Record::Preempted { ballot, by } => {
                    if let Some(row) = self.ballots.get_mut(&ballot) {
                        row.preempted_by = Some(by);
                    }
                }
                Record::Decided { .. } | Record::Recovered { .. } => {}
            }
        }
    }

    fn proposed(&mut self, ballot: Ballot, value: Value, quorum: u32, step: u64) {
        let Some(row) = self.ballots.get_mut(&ballot) else {
            return;
        };
        row.proposed = Some(value);
        let Some(chosen) = &self.chosen else {
            return;
        };
        if ballot <= chosen.ballot {
            return;
        }
        let promisers: Vec<NodeId> = (0..32).filter(|a| quorum & (1 << a) != 0).collect();
        let shared = promisers
            .iter()
            .filter(|a| chosen.quorum.contains_key(a))
            .filter_map(|a| row.promised.get(a).map(|event| (*a, *event)))
            .collect();
        self.meetings.push(Meeting {
            ballot,
            step,
            value,
            promisers,
            shared,
        });
    }

    fn accepted(&mut self, majority: u32, ballot: Ballot, value: Value, event: &Event) {
        let Some(row) = self.ballots.get_mut(&ballot) else {
            return;
        };
        row.accepted.insert(event.node, event.id);
        if row.accepted.len() as u32 != majority {
            return;
        }
        row.chosen = true;
        let at = ChosenAt {
            ballot,
            value,
            step: event.step,
            quorum: row.accepted.clone(),
        };
        match &self.chosen {
            None => self.chosen = Some(at),
            Some(first) if first.value != value && self.chosen_again.is_none() => {
                self.chosen_again = Some(at);
            }
            Some(_) => {}
        }
    }
}
