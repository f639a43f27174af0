//! Agreement and client-safety over the correct replicas, folded from what nodes record;
//! liveness is judged on the client's state.

use super::{Pbft, Record, Req};
use crate::action::NodeId;
use crate::monitor::{Breaches, Moment};
use crate::protocol::PropertyInfo;
use crate::verdict::Kind;

pub const AGREEMENT: &str = "agreement";
pub const CLIENT_SAFETY: &str = "client-safety";
pub const LIVENESS: &str = "liveness";

pub const AGREEMENT_TEXT: &str =
    "No two correct replicas commit different requests at one sequence number, in any views.";
pub const CLIENT_SAFETY_TEXT: &str =
    "The client accepts only a result some correct replica produced for that request.";
pub const LIVENESS_TEXT: &str = "Every request the client issued completes: it accepts a result.";

pub(super) const AGREEMENT_AT: usize = 0;
pub(super) const CLIENT_SAFETY_AT: usize = 1;

pub const PROPERTIES: &[PropertyInfo] = &[
    PropertyInfo {
        name: AGREEMENT,
        kind: Kind::Safety,
    },
    PropertyInfo {
        name: CLIENT_SAFETY,
        kind: Kind::Safety,
    },
    PropertyInfo {
        name: LIVENESS,
        kind: Kind::Liveness,
    },
];

#[derive(Clone, Debug, Default, Hash, PartialEq, Eq)]
pub struct Monitor {
    /// The first request a correct replica committed at each sequence number, and who.
    committed: Vec<(u32, Req, NodeId)>,
    /// The (operation, result) pairs correct replicas produced.
    produced: Vec<(u8, u32)>,
    pub(super) breaches: Breaches<2>,
}

impl Monitor {
    pub(super) fn observe(&mut self, pbft: &Pbft, node: NodeId, records: &[Record], at: Moment) {
        let correct = node < pbft.replicas() && !pbft.traitors().is_traitor(node);
        for record in records {
            match *record {
                Record::Committed { seq, req, view } if correct => {
                    match self.committed.iter().find(|(s, _, _)| *s == seq) {
                        None => {
                            self.committed.push((seq, req, node));
                            self.committed.sort();
                        }
                        Some(&(_, first, by)) if first != req => {
                            self.breaches.breach(AGREEMENT_AT, at, || {
                                (
                                    format!("replica {by} committed {} at #{seq}; replica {node} committed {} there in view {view}", first.name(), req.name()),
                                    format!("Correct replicas {by} and {node} committed different requests at sequence number {seq}."),
                                )
                            })
                        }
                        Some(_) => {}
                    }
                }
                Record::Executed {
                    req: Req::Op(op),
                    result: Some(result),
                    ..
                } if correct && !self.produced.contains(&(op, result)) => {
                    self.produced.push((op, result));
                    self.produced.sort();
                }
                Record::Accepted { op, result }
                    if node == pbft.client() && !self.produced.contains(&(op, result)) =>
                {
                    self.breaches.breach(CLIENT_SAFETY_AT, at, || {
                        (
                            format!("the client accepted op{op} = {result}"),
                            format!("The client accepted op{op} = {result}, which no correct replica produced."),
                        )
                    });
                }
                _ => {}
            }
        }
    }

    /// How many sequence numbers some correct replica committed.
    pub fn committed_count(&self) -> usize {
        self.committed.len()
    }
}
