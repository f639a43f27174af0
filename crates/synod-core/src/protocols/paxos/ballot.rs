//! Ballots and the acceptor's two rules, shared by single-decree Paxos and by each instance of
//! Paxos Commit.

use std::fmt;

use crate::action::NodeId;

/// A ballot number: a round and the node that started it, ordered by round first, so that every
/// proposer's ballots are distinct and any proposer can pick one higher than any it has seen.
#[derive(Clone, Copy, Debug, Hash, PartialEq, Eq, PartialOrd, Ord)]
pub struct Ballot {
    pub round: u32,
    pub node: NodeId,
}

impl Ballot {
    pub fn new(round: u32, node: NodeId) -> Ballot {
        Ballot { round, node }
    }
}

impl fmt::Display for Ballot {
    /// `2.1`: round 2, started by node 1.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.round, self.node)
    }
}

/// An acceptor's memory: the highest ballot it promised and the last proposal it accepted. Both
/// are written to stable storage before the acceptor answers, so they survive a crash.
#[derive(Clone, Copy, Debug, Hash, PartialEq, Eq, PartialOrd, Ord)]
pub struct Acceptor<V> {
    pub promised: Option<Ballot>,
    pub accepted: Option<(Ballot, V)>,
}

impl<V> Default for Acceptor<V> {
    fn default() -> Acceptor<V> {
        Acceptor {
            promised: None,
            accepted: None,
        }
    }
}

/// What an acceptor answers to a prepare (1a) or an accept (2a) request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Answer<T> {
    /// It promised or accepted; for a prepare, with its last accepted proposal.
    Yes(T),
    /// It had promised a higher ballot (or, for a prepare, this one already): the proposer
    /// learns which, so that its next ballot is higher.
    No { promised: Ballot },
    /// A prepare for the ballot it already promised (a duplicate): it has answered already.
    Again,
}

impl<V: Copy> Acceptor<V> {
    /// Phase 1b: promise `ballot` if it is higher than any promised, answering with the last
    /// accepted proposal.
    pub fn prepare(&mut self, ballot: Ballot) -> Answer<Option<(Ballot, V)>> {
        match self.promised {
            Some(promised) if promised == ballot => Answer::Again,
            Some(promised) if promised > ballot => Answer::No { promised },
            _ => {
                self.promised = Some(ballot);
                Answer::Yes(self.accepted)
            }
        }
    }

    /// Phase 2b: accept (`ballot`, `value`) unless a higher ballot was promised.
    pub fn accept(&mut self, ballot: Ballot, value: V) -> Answer<()> {
        match self.promised {
            Some(promised) if promised > ballot => Answer::No { promised },
            _ => {
                self.promised = Some(ballot);
                self.accepted = Some((ballot, value));
                Answer::Yes(())
            }
        }
    }

    /// The highest round this acceptor has heard of.
    pub fn round_seen(&self) -> u32 {
        let promised = self.promised.map_or(0, |b| b.round);
        let accepted = self.accepted.map_or(0, |(b, _)| b.round);
        promised.max(accepted)
    }
}

/// Of the proposals reported in a quorum's promises, the one with the highest ballot: phase 2a
/// must propose its value (if there is one) to keep a value that may be chosen.
pub fn highest<V: Copy>(
    reports: impl IntoIterator<Item = Option<(Ballot, V)>>,
) -> Option<(Ballot, V)> {
    reports
        .into_iter()
        .flatten()
        .max_by_key(|(ballot, _)| *ballot)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ballots_order_by_round_then_node() {
        assert!(Ballot::new(1, 2) < Ballot::new(2, 0));
        assert!(Ballot::new(2, 0) < Ballot::new(2, 1));
        assert_eq!(Ballot::new(3, 1).to_string(), "3.1");
    }

    #[test]
    fn an_acceptor_promises_only_higher_ballots_and_reports_what_it_accepted() {
        let mut acceptor = Acceptor::<u8>::default();
        assert_eq!(acceptor.prepare(Ballot::new(1, 0)), Answer::Yes(None));
        assert_eq!(acceptor.prepare(Ballot::new(1, 0)), Answer::Again);
        assert_eq!(acceptor.accept(Ballot::new(1, 0), 7), Answer::Yes(()));
        assert_eq!(
            acceptor.prepare(Ballot::new(2, 1)),
            Answer::Yes(Some((Ballot::new(1, 0), 7)))
        );
        assert_eq!(
            acceptor.prepare(Ballot::new(1, 1)),
            Answer::No {
                promised: Ballot::new(2, 1)
            }
        );
        assert_eq!(
            acceptor.accept(Ballot::new(1, 0), 7),
            Answer::No {
                promised: Ballot::new(2, 1)
            }
        );
        assert_eq!(acceptor.round_seen(), 2);
    }

    #[test]
    fn the_highest_reported_proposal_wins() {
        let reports = [
            None,
            Some((Ballot::new(1, 0), 'a')),
            Some((Ballot::new(2, 1), 'b')),
        ];
        assert_eq!(highest(reports), Some((Ballot::new(2, 1), 'b')));
        assert_eq!(highest::<char>([None, None]), None);
    }
}
