//! Paxos Commit's three roles and what each does with a message. The leader (node 0) starts the
//! transaction and learns each participant's instance from ballot 0; participants vote through
//! their own instance; acceptors keep every instance's Paxos state. Any coordinator (the leader
//! on its vote timeout, a participant on its decision timeout) may run a higher ballot over every
//! instance at once.

use std::collections::BTreeMap;

use crate::action::NodeId;
use crate::protocols::atomic_commit::{Decides, LogEntry, Outcome};
use crate::protocols::paxos::ballot::{Acceptor, Ballot};

/// What an instance chooses: the participant's vote.
#[derive(Clone, Copy, Debug, Hash, PartialEq, Eq, PartialOrd, Ord)]
pub enum Vote {
    Prepared,
    Aborted,
}

impl Vote {
    pub fn name(self) -> &'static str {
        match self {
            Vote::Prepared => "Prepared",
            Vote::Aborted => "Aborted",
        }
    }
}

/// Commit iff every instance chose Prepared.
pub fn outcome_of(votes: &[Vote]) -> Outcome {
    if votes.iter().all(|v| *v == Vote::Prepared) {
        Outcome::Commit
    } else {
        Outcome::Abort
    }
}

/// Where a coordinator is in its ballot over every instance.
#[derive(Clone, Debug, Hash, PartialEq, Eq)]
pub enum Ballots {
    /// Not coordinating a ballot of its own.
    Idle,
    /// Phase 1: each promising acceptor's last acceptance per instance.
    Preparing {
        ballot: Ballot,
        promises: BTreeMap<NodeId, Vec<Option<(Ballot, Vote)>>>,
    },
    /// Phase 2: the votes proposed for every instance, and who accepted them (one bit each).
    Accepting {
        ballot: Ballot,
        votes: Vec<Vote>,
        accepted: u32,
    },
    /// An acceptor had promised `by`: a timeout starts a higher ballot.
    Preempted { ballot: Ballot, by: Ballot },
}

/// What a coordinator keeps: its ballot, and the round of the last it tried (on disk).
#[derive(Clone, Debug, Hash, PartialEq, Eq)]
pub struct Coordinator {
    pub last_tried: u32,
    pub seen: u32,
    pub ballots: Ballots,
}

impl Coordinator {
    pub fn new(last_tried: u32) -> Coordinator {
        Coordinator {
            last_tried,
            seen: last_tried,
            ballots: Ballots::Idle,
        }
    }

    pub fn ballot(&self) -> Option<Ballot> {
        match &self.ballots {
            Ballots::Preparing { ballot, .. }
            | Ballots::Accepting { ballot, .. }
            | Ballots::Preempted { ballot, .. } => Some(*ballot),
            Ballots::Idle => None,
        }
    }
}

#[derive(Clone, Copy, Debug, Hash, PartialEq, Eq, PartialOrd, Ord)]
pub enum LeaderStatus {
    Init,
    /// Prepare sent: learning each instance from ballot 0.
    Collecting,
    Decided(Outcome),
}

#[derive(Clone, Copy, Debug, Hash, PartialEq, Eq, PartialOrd, Ord)]
pub enum RmStatus {
    Working,
    Prepared,
    Decided(Outcome),
}

#[derive(Clone, Debug, Hash, PartialEq, Eq)]
pub enum Node {
    Leader {
        status: LeaderStatus,
        /// Per instance: the acceptors whose ballot-0 acceptance arrived (one bit each), with
        /// the vote they accepted.
        tallies: Vec<(u32, Option<Vote>)>,
        log: Vec<LogEntry>,
        coordinator: Coordinator,
    },
    Rm {
        id: NodeId,
        status: RmStatus,
        /// Prepare arrived and the vote waits for the user (vote setting `ask`).
        asked: bool,
        log: Vec<LogEntry>,
        coordinator: Coordinator,
    },
    Acceptor {
        /// One Paxos acceptor per participant's instance, in participant order.
        instances: Vec<Acceptor<Vote>>,
    },
}

impl Decides for Node {
    fn decision(&self) -> Option<Outcome> {
        match self {
            Node::Leader {
                status: LeaderStatus::Decided(outcome),
                ..
            }
            | Node::Rm {
                status: RmStatus::Decided(outcome),
                ..
            } => Some(*outcome),
            _ => None,
        }
    }

    fn takes_part(&self) -> bool {
        !matches!(self, Node::Acceptor { .. })
    }
}

impl Node {
    pub fn coordinator(&self) -> Option<&Coordinator> {
        match self {
            Node::Leader { coordinator, .. } | Node::Rm { coordinator, .. } => Some(coordinator),
            Node::Acceptor { .. } => None,
        }
    }

    pub fn coordinator_mut(&mut self) -> Option<&mut Coordinator> {
        match self {
            Node::Leader { coordinator, .. } | Node::Rm { coordinator, .. } => Some(coordinator),
            Node::Acceptor { .. } => None,
        }
    }
}

/// What a node keeps through a crash.
#[derive(Clone, Debug, Hash, PartialEq, Eq)]
pub enum Durable {
    /// The leader's or a participant's log, the last round it tried as a coordinator, and
    /// whether the transaction had begun (the leader writes that before sending prepare).
    Log {
        log: Vec<LogEntry>,
        last_tried: u32,
        started: bool,
    },
    Acceptor(Vec<Acceptor<Vote>>),
}
