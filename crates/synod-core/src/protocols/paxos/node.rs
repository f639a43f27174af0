//! A Paxos node: every node is an acceptor and a learner; the nodes named in `proposers` are
//! proposers too. A proposer plays its own acceptor's part locally (its own promise and
//! acceptance count towards its quorums without a message).

use std::collections::BTreeMap;

use super::ballot::{highest, Acceptor, Answer, Ballot};
use super::{Msg, Paxos, Record, Timer, Value, Variant};
use crate::action::NodeId;
use crate::protocol::Out;

/// Where a proposer is in its current ballot.
#[derive(Clone, Debug, Hash, PartialEq, Eq)]
pub enum Phase {
    /// It has not proposed (in this life).
    Idle,
    /// Phase 1: prepare sent; the promises so far, each with the acceptor's last accepted
    /// proposal.
    Preparing {
        ballot: Ballot,
        promises: BTreeMap<NodeId, Option<(Ballot, Value)>>,
    },
    /// Phase 2: accept sent for `value`; the acceptors that accepted, one bit each.
    Accepting {
        ballot: Ballot,
        value: Value,
        accepted: u32,
    },
    /// An acceptor refused `ballot` for having promised `by`: the retry timer starts a higher
    /// one.
    Preempted { ballot: Ballot, by: Ballot },
    /// It knows the decision.
    Done,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq)]
pub struct Proposer {
    /// Its own value, proposed when no promise reports an accepted one.
    pub value: Value,
    /// The round of the last ballot it started: on stable storage, so that a recovered proposer
    /// never starts the same ballot twice.
    pub last_tried: u32,
    /// The highest round it has heard of (from refusals and from its own acceptor).
    pub seen: u32,
    pub phase: Phase,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq)]
pub struct Node {
    pub id: NodeId,
    pub acceptor: Acceptor<Value>,
    /// What this node has learned was decided (on stable storage).
    pub decided: Option<Value>,
    pub proposer: Option<Proposer>,
}

/// What a node keeps through a crash.
#[derive(Clone, Debug, Hash, PartialEq, Eq)]
pub struct Durable {
    pub acceptor: Acceptor<Value>,
    pub decided: Option<Value>,
    /// A proposer's last tried round.
    pub last_tried: Option<u32>,
}

impl Node {
    pub fn durable(&self) -> Durable {
        Durable {
            acceptor: self.acceptor,
            decided: self.decided,
            last_tried: self.proposer.as_ref().map(|p| p.last_tried),
        }
    }

    /// Whether this node's proposer is in phase 1 or 2 of `ballot`.
    pub fn running(&self, ballot: Ballot) -> bool {
        matches!(
            self.proposer.as_ref().map(|p| &p.phase),
            Some(Phase::Preparing { ballot: b, .. } | Phase::Accepting { ballot: b, .. }) if *b == ballot
        )
    }

    /// Whether delivering `msg` here would change nothing and send nothing, now and after any
    /// step: a message about a ballot this proposer is no longer running (its ballots only grow,
    /// on disk), or a decision it knows (on disk too).
    pub fn ignores_forever(&self, msg: &Msg) -> bool {
        match msg {
            Msg::Promise { ballot, .. } => !matches!(
                self.proposer.as_ref().map(|p| &p.phase),
                Some(Phase::Preparing { ballot: b, .. }) if b == ballot
            ),
            Msg::Accepted { ballot, .. } => !matches!(
                self.proposer.as_ref().map(|p| &p.phase),
                Some(Phase::Accepting { ballot: b, .. }) if b == ballot
            ),
            Msg::Refuse { ballot, .. } => !self.running(*ballot),
            Msg::Decide { .. } => self.decided.is_some(),
            Msg::Prepare { .. } | Msg::Accept { .. } => false,
        }
    }

    /// The ballot this node's proposer is running, if any.
    pub fn ballot(&self) -> Option<Ballot> {
        match self.proposer.as_ref()?.phase {
            Phase::Preparing { ballot, .. }
            | Phase::Accepting { ballot, .. }
            | Phase::Preempted { ballot, .. } => Some(ballot),
            Phase::Idle | Phase::Done => None,
        }
    }
}

impl Paxos {
    /// Starts a new ballot, higher than any this proposer has heard of: phase 1a, prepare to
    /// every acceptor (its own answers at once).
    pub(super) fn start_ballot(&self, node: &mut Node, out: &mut Out<Self>) {
        let id = node.id;
        let round_seen = node.acceptor.round_seen();
        let Some(proposer) = node.proposer.as_mut() else {
            return;
        };
        let round = proposer.seen.max(proposer.last_tried).max(round_seen) + 1;
        let ballot = Ballot::new(round, id);
        proposer.last_tried = round;
        proposer.seen = round;
        out.record(Record::Began {
            ballot,
            value: proposer.value,
        });
        proposer.phase = Phase::Preparing {
            ballot,
            promises: BTreeMap::new(),
        };
        out.broadcast(Msg::Prepare { ballot });
        out.set_timer(Timer::Retry);
        if let Answer::Yes(last) = node.acceptor.prepare(ballot) {
            out.record(Record::Promised { ballot });
            self.on_promise(node, out, id, ballot, last);
        }
    }

    /// Phase 1b as an acceptor: promise, refuse, or (a duplicate prepare) say nothing.
    pub(super) fn on_prepare(
        &self,
        node: &mut Node,
        out: &mut Out<Self>,
        from: NodeId,
        ballot: Ballot,
    ) {
        match node.acceptor.prepare(ballot) {
            Answer::Yes(last) => {
                out.record(Record::Promised { ballot });
                out.send(from, Msg::Promise { ballot, last });
            }
            Answer::No { promised } => out.send(from, Msg::Refuse { ballot, promised }),
            Answer::Again => {}
        }
    }

    /// Phase 2a at the proposer once a quorum promised: propose the value of the highest-ballot
    /// proposal reported (the flawed `ignore-promises` proposes its own), to every acceptor.
    pub(super) fn on_promise(
        &self,
        node: &mut Node,
        out: &mut Out<Self>,
        from: NodeId,
        ballot: Ballot,
        last: Option<(Ballot, Value)>,
    ) {
        let quorum = self.quorum();
        let Some(proposer) = node.proposer.as_mut() else {
            return;
        };
        let Phase::Preparing {
            ballot: current,
            promises,
        } = &mut proposer.phase
        else {
            return;
        };
        if *current != ballot {
            return;
        }
        promises.insert(from, last);
        if promises.len() < quorum as usize {
            return;
        }
        let reported = highest(promises.values().copied());
        let value = match (self.variant, reported) {
            (Variant::IgnorePromises, _) | (_, None) => proposer.value,
            (_, Some((_, value))) => value,
        };
        let from_whom = promises.keys().fold(0u32, |mask, a| mask | 1 << a);
        out.record(Record::Proposed {
            ballot,
            value,
            quorum: from_whom,
            reported: reported.map(|(b, _)| b),
        });
        proposer.phase = Phase::Accepting {
            ballot,
            value,
            accepted: 0,
        };
        out.broadcast(Msg::Accept { ballot, value });
        let id = node.id;
        if let Answer::Yes(()) = node.acceptor.accept(ballot, value) {
            out.record(Record::Accepted { ballot, value });
            self.on_accepted(node, out, id, ballot);
        }
    }

    /// Phase 2b as an acceptor: accept unless a higher ballot was promised.
    pub(super) fn on_accept(
        &self,
        node: &mut Node,
        out: &mut Out<Self>,
        from: NodeId,
        ballot: Ballot,
        value: Value,
    ) {
        match node.acceptor.accept(ballot, value) {
            Answer::Yes(()) => {
                out.record(Record::Accepted { ballot, value });
                out.send(from, Msg::Accepted { ballot, value });
            }
            Answer::No { promised } => out.send(from, Msg::Refuse { ballot, promised }),
            Answer::Again => {}
        }
    }

    /// At the proposer: a quorum accepted its ballot, so its value is decided; it tells
    /// everyone (phase 3).
    pub(super) fn on_accepted(
        &self,
        node: &mut Node,
        out: &mut Out<Self>,
        from: NodeId,
        ballot: Ballot,
    ) {
        let quorum = self.quorum();
        let Some(Phase::Accepting {
            ballot: current,
            value,
            accepted,
        }) = node.proposer.as_mut().map(|p| &mut p.phase)
        else {
            return;
        };
        if *current != ballot {
            return;
        }
        *accepted |= 1 << from;
        if accepted.count_ones() < quorum {
            return;
        }
        let value = *value;
        learn(node, out, value);
        out.broadcast(Msg::Decide { value });
    }

    /// An acceptor refused the proposer's ballot: it is pre-empted, and learns the higher round.
    pub(super) fn on_refuse(
        &self,
        node: &mut Node,
        out: &mut Out<Self>,
        ballot: Ballot,
        promised: Ballot,
    ) {
        if !node.running(ballot) {
            return;
        }
        let Some(proposer) = node.proposer.as_mut() else {
            return;
        };
        proposer.seen = proposer.seen.max(promised.round);
        proposer.phase = Phase::Preempted {
            ballot,
            by: promised,
        };
        out.record(Record::Preempted {
            ballot,
            by: promised,
        });
    }
}

/// The node learns the decision (once): it writes it to stable storage, and a proposer stops.
pub(super) fn learn(node: &mut Node, out: &mut Out<Paxos>, value: Value) {
    if node.decided.is_some() {
        return;
    }
    node.decided = Some(value);
    out.record(Record::Decided { value });
    if let Some(proposer) = node.proposer.as_mut() {
        proposer.phase = Phase::Done;
        out.cancel_timer(Timer::Retry);
    }
}
