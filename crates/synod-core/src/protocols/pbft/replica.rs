//! A replica's log and the normal case: pre-prepare, prepare, commit, execute and reply.

use std::collections::{BTreeMap, BTreeSet};

use super::{Cert, Msg, Out, Pbft, Record, Reply, Req, Timer, Vote};
use crate::action::NodeId;

/// What a replica holds about one sequence number in one view.
#[derive(Clone, Debug, Default, Hash, PartialEq, Eq)]
pub struct Slot {
    /// The request of the pre-prepare it accepted (or, as primary, made).
    pub pre_prepare: Option<Req>,
    /// Who prepared each request, one bit per replica.
    pub prepares: BTreeMap<Req, u32>,
    /// Who committed each request, one bit per replica.
    pub commits: BTreeMap<Req, u32>,
    pub prepared: bool,
    pub committed: bool,
}

impl Slot {
    pub fn count(votes: &BTreeMap<Req, u32>, req: Req) -> u32 {
        votes.get(&req).map_or(0, |bits| bits.count_ones())
    }
}

#[derive(Clone, Debug, Hash, PartialEq, Eq)]
pub struct Replica {
    pub id: NodeId,
    pub view: u32,
    /// It left its view for `view` and waits for that view's NEW-VIEW (or makes it, as its
    /// primary).
    pub changing: bool,
    /// The last sequence number it assigned as primary.
    pub last_seq: u32,
    /// By (view, sequence number).
    pub log: BTreeMap<(u32, u32), Slot>,
    /// What it executed, by sequence number from 1.
    pub executed: Vec<Req>,
    /// Operations it received and has not executed.
    pub pending: BTreeSet<u8>,
    /// Whether its view-change timer runs.
    pub timer: bool,
    /// As a future primary: the view-change messages of others, by view and sender.
    pub collected: BTreeMap<u32, BTreeMap<NodeId, Vec<Cert>>>,
}

impl Replica {
    pub fn new(id: NodeId) -> Replica {
        Replica {
            id,
            view: 0,
            changing: false,
            last_seq: 0,
            log: BTreeMap::new(),
            executed: Vec::new(),
            pending: BTreeSet::new(),
            timer: false,
            collected: BTreeMap::new(),
        }
    }

    /// Whether it works in `view` now (not waiting for that view's NEW-VIEW).
    pub fn active_in(&self, view: u32) -> bool {
        self.view == view && !self.changing
    }

    /// The result of operation `op` if it executed it: its position among the operations
    /// executed.
    pub fn result_of(&self, op: u8) -> Option<u32> {
        let mut ops = Vec::new();
        for req in &self.executed {
            if let Req::Op(k) = req {
                if !ops.contains(k) {
                    ops.push(*k);
                }
            }
        }
        ops.iter().position(|k| *k == op).map(|p| p as u32 + 1)
    }

    /// Its prepared certificates: for each sequence number, the one of the highest view.
    pub fn certs(&self) -> Vec<Cert> {
        let mut best: BTreeMap<u32, Cert> = BTreeMap::new();
        for (&(view, seq), slot) in &self.log {
            if let (true, Some(req)) = (slot.prepared, slot.pre_prepare) {
                best.insert(seq, Cert { seq, view, req });
            }
        }
        best.into_values().collect()
    }

    /// Whether the current view's log already orders `op`.
    fn orders(&self, op: u8) -> bool {
        self.log
            .iter()
            .any(|(&(view, _), slot)| view == self.view && slot.pre_prepare == Some(Req::Op(op)))
    }
}

impl Pbft {
    /// Why `replica` ignores `msg` now and after any step, if it does: a message of a view it
    /// has left, a vote its slot no longer needs, a view-change it will never use.
    pub(super) fn stale(&self, replica: &Replica, msg: &Msg) -> Option<&'static str> {
        let past = |view: u32| view < replica.view;
        match msg {
            Msg::Request { .. } | Msg::Reply(_) => None,
            Msg::PrePrepare(v) if past(v.view) => Some("it has moved to a later view"),
            Msg::Prepare(v) | Msg::Commit(v) if past(v.view) => {
                Some("it has moved to a later view")
            }
            Msg::Prepare(v) if v.replica == self.primary(v.view) => {
                Some("the primary pre-prepares; it does not prepare")
            }
            Msg::Prepare(v) => replica
                .log
                .get(&(v.view, v.seq))
                .is_some_and(|slot| slot.prepared)
                .then_some("it is already prepared there"),
            Msg::Commit(v) => replica
                .log
                .get(&(v.view, v.seq))
                .is_some_and(|slot| slot.committed)
                .then_some("it has already committed there"),
            Msg::PrePrepare(_) => None,
            Msg::ViewChange { view, .. } if self.primary(*view) != replica.id => {
                Some("only the new view's primary collects view-changes")
            }
            Msg::ViewChange { view, .. } | Msg::NewView { view, .. }
                if past(*view) || replica.active_in(*view) =>
            {
                Some("it is already in that view or a later one")
            }
            Msg::NewView {
                view,
                proofs,
                order,
                replica: sender,
            } => {
                if *sender != self.primary(*view) {
                    Some("it does not come from the new view's primary")
                } else {
                    self.check_new_view(proofs, order)
                }
            }
            Msg::ViewChange { .. } => None,
        }
    }

    pub(super) fn replica_receives(
        &self,
        replica: &mut Replica,
        out: &mut Out<Self>,
        from: NodeId,
        msg: Msg,
    ) {
        if from == self.client() && !matches!(msg, Msg::Request { .. }) {
            out.record(Record::Ignored {
                msg,
                why: "the client only sends requests",
            });
            return;
        }
        if let Some(why) = self.stale(replica, &msg) {
            out.record(Record::Ignored { msg, why });
            return;
        }
        match msg {
            Msg::Request { op } => self.on_request(replica, out, op),
            Msg::PrePrepare(vote) => self.on_pre_prepare(replica, out, vote),
            Msg::Prepare(vote) => {
                let slot = replica.log.entry((vote.view, vote.seq)).or_default();
                *slot.prepares.entry(vote.req).or_default() |= 1 << vote.replica;
                self.advance(replica, out, vote.view, vote.seq);
            }
            Msg::Commit(vote) => {
                let slot = replica.log.entry((vote.view, vote.seq)).or_default();
                *slot.commits.entry(vote.req).or_default() |= 1 << vote.replica;
                self.advance(replica, out, vote.view, vote.seq);
            }
            Msg::Reply(_) => out.record(Record::Ignored {
                msg,
                why: "replies are for the client",
            }),
            Msg::ViewChange {
                view,
                certs,
                replica: sender,
            } => self.on_view_change(replica, out, view, sender, certs),
            Msg::NewView { view, order, .. } => self.on_new_view(replica, out, view, order),
        }
    }

    /// Request: an executed operation gets its reply again; the primary orders a new one; a
    /// backup (or a replica changing views) waits for it, its view-change timer running.
    fn on_request(&self, replica: &mut Replica, out: &mut Out<Self>, op: u8) {
        if let Some(result) = replica.result_of(op) {
            let reply = Reply {
                view: replica.view,
                op,
                replica: replica.id,
                result,
            };
            self.emit(replica.id, out, self.client(), Msg::Reply(reply));
            return;
        }
        replica.pending.insert(op);
        if self.primary(replica.view) == replica.id && !replica.changing {
            if replica.orders(op) {
                out.record(Record::Ignored {
                    msg: Msg::Request { op },
                    why: "it has already ordered this request",
                });
            } else {
                self.assign(replica, out, Req::Op(op));
            }
        } else if !replica.timer {
            replica.timer = true;
            out.set_timer(Timer::ViewChange);
        }
    }

    /// Pre-prepare, as primary: the next sequence number for `req`.
    pub(super) fn assign(&self, replica: &mut Replica, out: &mut Out<Self>, req: Req) {
        replica.last_seq += 1;
        let vote = Vote {
            view: replica.view,
            seq: replica.last_seq,
            req,
            replica: replica.id,
        };
        self.pre_prepare_at_primary(replica, out, vote);
    }

    /// The primary logs its own pre-prepare and multicasts it.
    pub(super) fn pre_prepare_at_primary(
        &self,
        replica: &mut Replica,
        out: &mut Out<Self>,
        vote: Vote,
    ) {
        replica
            .log
            .entry((vote.view, vote.seq))
            .or_default()
            .pre_prepare = Some(vote.req);
        out.record(Record::PrePrepared {
            view: vote.view,
            seq: vote.seq,
            req: vote.req,
        });
        self.multicast(replica.id, out, &Msg::PrePrepare(vote));
        self.advance(replica, out, vote.view, vote.seq);
    }

    /// Prepare: a backup in the view accepts the primary's first pre-prepare for (v, s).
    fn on_pre_prepare(&self, replica: &mut Replica, out: &mut Out<Self>, vote: Vote) {
        let why = if vote.replica != self.primary(vote.view) {
            Some("it does not come from the view's primary")
        } else if !replica.active_in(vote.view) {
            Some("it is not in that view (yet)")
        } else {
            match replica
                .log
                .get(&(vote.view, vote.seq))
                .and_then(|s| s.pre_prepare)
            {
                Some(req) if req == vote.req => Some("it has accepted this pre-prepare already"),
                Some(_) => Some("it accepted another pre-prepare for this view and number"),
                None => None,
            }
        };
        if let Some(why) = why {
            out.record(Record::Ignored {
                msg: Msg::PrePrepare(vote),
                why,
            });
            return;
        }
        self.accept_pre_prepare(replica, out, vote.view, vote.seq, vote.req);
    }

    /// A backup logs the pre-prepare, prepares it and multicasts its prepare.
    pub(super) fn accept_pre_prepare(
        &self,
        replica: &mut Replica,
        out: &mut Out<Self>,
        view: u32,
        seq: u32,
        req: Req,
    ) {
        let slot = replica.log.entry((view, seq)).or_default();
        slot.pre_prepare = Some(req);
        *slot.prepares.entry(req).or_default() |= 1 << replica.id;
        out.record(Record::PrePrepared { view, seq, req });
        let vote = Vote {
            view,
            seq,
            req,
            replica: replica.id,
        };
        self.multicast(replica.id, out, &Msg::Prepare(vote));
        self.advance(replica, out, view, seq);
    }

    /// Commit once prepared; committed-local once prepared with a commit quorum; then execute.
    pub(super) fn advance(&self, replica: &mut Replica, out: &mut Out<Self>, view: u32, seq: u32) {
        if !replica.active_in(view) {
            return;
        }
        let me = replica.id;
        let Some(slot) = replica.log.get_mut(&(view, seq)) else {
            return;
        };
        let Some(req) = slot.pre_prepare else {
            return;
        };
        if !slot.prepared && Slot::count(&slot.prepares, req) >= self.prepare_quorum() {
            slot.prepared = true;
            *slot.commits.entry(req).or_default() |= 1 << me;
            out.record(Record::Prepared { view, seq, req });
            let vote = Vote {
                view,
                seq,
                req,
                replica: me,
            };
            self.multicast(me, out, &Msg::Commit(vote));
        }
        if slot.prepared
            && !slot.committed
            && Slot::count(&slot.commits, req) >= self.commit_quorum()
        {
            slot.committed = true;
            out.record(Record::Committed { view, seq, req });
            self.execute(replica, out);
        }
    }

    /// Execute: every committed request next in sequence-number order, replying to the client.
    fn execute(&self, replica: &mut Replica, out: &mut Out<Self>) {
        loop {
            let seq = replica.executed.len() as u32 + 1;
            let next = replica
                .log
                .iter()
                .find(|(&(_, s), slot)| s == seq && slot.committed)
                .and_then(|(_, slot)| slot.pre_prepare);
            let Some(req) = next else {
                break;
            };
            let fresh = match req {
                Req::Op(op) => replica.result_of(op).is_none().then_some(op),
                Req::Null => None,
            };
            replica.executed.push(req);
            let result = fresh.and_then(|op| replica.result_of(op));
            out.record(Record::Executed { seq, req, result });
            if let (Some(op), Some(result)) = (fresh, result) {
                replica.pending.remove(&op);
                let reply = Reply {
                    view: replica.view,
                    op,
                    replica: replica.id,
                    result,
                };
                self.emit(replica.id, out, self.client(), Msg::Reply(reply));
            }
        }
        if replica.pending.is_empty() && replica.timer {
            replica.timer = false;
            out.cancel_timer(Timer::ViewChange);
        }
    }
}
