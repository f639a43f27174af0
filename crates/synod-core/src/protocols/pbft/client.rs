//! The client: one operation at a time, to the primary it knows, broadcast on its retry timer,
//! accepted with f + 1 matching replies.

use std::collections::BTreeMap;

use super::{Msg, Out, Pbft, Record, Timer};
use crate::action::NodeId;

#[derive(Clone, Debug, Default, Hash, PartialEq, Eq)]
pub struct Client {
    /// The view it believes current (from the replies it accepted).
    pub view: u32,
    /// How many operations it has issued (`op1` to `op{issued}`).
    pub issued: u8,
    /// The operation it waits for, if any.
    pub pending: Option<u8>,
    /// For the pending operation: who replied each result, one bit per replica.
    pub replies: BTreeMap<u32, u32>,
    /// Each operation it accepted, with its result.
    pub accepted: Vec<(u8, u32)>,
}

impl Client {
    /// A reply to an operation it no longer waits for changes nothing, ever.
    pub fn ignores_forever(&self, msg: &Msg) -> bool {
        match msg {
            Msg::Reply(reply) => self.pending != Some(reply.op),
            _ => true,
        }
    }
}

impl Pbft {
    pub(super) fn may_issue(&self, client: &Client) -> bool {
        client.pending.is_none() && client.issued < self.requests
    }

    /// Request: the next operation, to the primary of the view it knows.
    pub(super) fn issue(&self, client: &mut Client, out: &mut Out<Self>) -> Result<(), String> {
        if let Some(op) = client.pending {
            return Err(format!(
                "the client waits for op{op}: it issues the next request once f + 1 replicas agree on a result"
            ));
        }
        if client.issued >= self.requests {
            return Err(format!(
                "the client has issued all {} request(s)",
                self.requests
            ));
        }
        client.issued += 1;
        let op = client.issued;
        client.pending = Some(op);
        out.record(Record::Issued { op });
        out.send(self.primary(client.view), Msg::Request { op });
        out.set_timer(Timer::Retry);
        Ok(())
    }

    /// Its retry timer: the pending request to every replica, so that the backups learn of it
    /// and start their view-change timers if the primary does not order it.
    pub(super) fn retry(&self, client: &mut Client, out: &mut Out<Self>) {
        if let Some(op) = client.pending {
            out.broadcast_to(0..self.replicas(), Msg::Request { op });
            out.set_timer(Timer::Retry);
        }
    }

    /// Accept a result once f + 1 different replicas replied it.
    pub(super) fn client_receives(&self, client: &mut Client, out: &mut Out<Self>, msg: Msg) {
        let Msg::Reply(reply) = msg else {
            out.record(Record::Ignored {
                msg,
                why: "the client takes only replies",
            });
            return;
        };
        if client.pending != Some(reply.op) {
            out.record(Record::Ignored {
                msg,
                why: "the client does not wait for this operation",
            });
            return;
        }
        let bits = client.replies.entry(reply.result).or_default();
        *bits |= 1 << reply.replica;
        if bits.count_ones() > self.f {
            client.accepted.push((reply.op, reply.result));
            client.pending = None;
            client.replies.clear();
            client.view = client.view.max(reply.view);
            out.cancel_timer(Timer::Retry);
            out.record(Record::Accepted {
                op: reply.op,
                result: reply.result,
            });
        }
    }
}

/// The replicas that replied `result`, ascending.
pub fn repliers(bits: u32, replicas: NodeId) -> Vec<NodeId> {
    (0..replicas).filter(|r| bits & (1 << r) != 0).collect()
}
