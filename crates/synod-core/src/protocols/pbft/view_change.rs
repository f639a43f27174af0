//! The view change: a backup's timer, VIEW-CHANGE to the new primary, and NEW-VIEW with `V` and
//! the `O` every backup recomputes.

use std::collections::BTreeSet;

use super::replica::Replica;
use super::{Cert, Msg, Out, Pbft, Proof, Record, Req, Timer, Vote};
use crate::action::NodeId;

/// `O` from `V`: for every sequence number up to the highest prepared one, the request prepared
/// in the highest view, or the null request where none is.
pub fn new_view_order(proofs: &[Proof]) -> Vec<(u32, Req)> {
    let certs = || proofs.iter().flat_map(|p| p.certs.iter());
    let top = certs().map(|c| c.seq).max().unwrap_or(0);
    (1..=top)
        .map(|seq| {
            let best = certs().filter(|c| c.seq == seq).max_by_key(|c| c.view);
            (seq, best.map_or(Req::Null, |c| c.req))
        })
        .collect()
}

impl Pbft {
    /// Why a NEW-VIEW's `V` and `O` do not hold up, if they do not: `V` must hold view-changes
    /// of 2f + 1 different replicas and `O` be what they make.
    pub(super) fn check_new_view(
        &self,
        proofs: &[Proof],
        order: &[(u32, Req)],
    ) -> Option<&'static str> {
        let senders: BTreeSet<NodeId> = proofs.iter().map(|p| p.replica).collect();
        if senders.len() != proofs.len() || (senders.len() as u32) < 2 * self.f + 1 {
            Some("its V does not hold view-changes from 2f + 1 different replicas")
        } else if new_view_order(proofs) != order {
            Some("its O is not what V makes")
        } else {
            None
        }
    }

    /// A backup's view-change timer fired: it moves to the next view, sends its certificates
    /// to that view's primary, and runs the timer again for the view after.
    pub(super) fn start_view_change(&self, replica: &mut Replica, out: &mut Out<Self>) {
        replica.view += 1;
        replica.changing = true;
        let view = replica.view;
        let certs = replica.certs();
        out.record(Record::ViewChangeStarted {
            view,
            certs: certs.len() as u32,
        });
        replica.timer = true;
        out.set_timer(Timer::ViewChange);
        let primary = self.primary(view);
        if primary == replica.id {
            self.maybe_new_view(replica, out, view);
        } else {
            let msg = Msg::ViewChange {
                view,
                certs,
                replica: replica.id,
            };
            self.emit(replica.id, out, primary, msg);
        }
    }

    /// The new primary keeps another replica's view-change.
    pub(super) fn on_view_change(
        &self,
        replica: &mut Replica,
        out: &mut Out<Self>,
        view: u32,
        sender: NodeId,
        certs: Vec<Cert>,
    ) {
        replica
            .collected
            .entry(view)
            .or_default()
            .entry(sender)
            .or_insert(certs);
        self.maybe_new_view(replica, out, view);
    }

    /// With view-changes from 2f others, the primary of `view` enters it: NEW-VIEW with `V`
    /// (theirs and its own) and `O`, its own pre-prepares for `O`, then fresh sequence numbers
    /// for the requests it holds that `O` leaves out.
    fn maybe_new_view(&self, replica: &mut Replica, out: &mut Out<Self>, view: u32) {
        let others = replica.collected.get(&view).map_or(0, |c| c.len() as u32);
        if others < 2 * self.f || replica.view > view || replica.active_in(view) {
            return;
        }
        let mut proofs: Vec<Proof> = replica.collected[&view]
            .iter()
            .map(|(&sender, certs)| Proof {
                replica: sender,
                certs: certs.clone(),
            })
            .collect();
        proofs.push(Proof {
            replica: replica.id,
            certs: replica.certs(),
        });
        proofs.sort();
        let order = new_view_order(&proofs);
        replica.view = view;
        replica.changing = false;
        replica.collected.retain(|v, _| *v > view);
        if replica.timer {
            replica.timer = false;
            out.cancel_timer(Timer::ViewChange);
        }
        out.record(Record::NewView { view });
        let msg = Msg::NewView {
            view,
            proofs,
            order: order.clone(),
            replica: replica.id,
        };
        self.multicast(replica.id, out, &msg);
        replica.last_seq = order.len() as u32;
        for &(seq, req) in &order {
            replica.log.entry((view, seq)).or_default().pre_prepare = Some(req);
            out.record(Record::PrePrepared { view, seq, req });
        }
        let ordered: Vec<Req> = order.iter().map(|(_, req)| *req).collect();
        let fresh: Vec<u8> = replica
            .pending
            .iter()
            .copied()
            .filter(|op| !ordered.contains(&Req::Op(*op)))
            .collect();
        for op in fresh {
            replica.last_seq += 1;
            let vote = Vote {
                view,
                seq: replica.last_seq,
                req: Req::Op(op),
                replica: replica.id,
            };
            self.pre_prepare_at_primary(replica, out, vote);
        }
        for (seq, _) in order {
            self.advance(replica, out, view, seq);
        }
    }

    /// A backup checked NEW-VIEW (see [`Pbft::stale`]): it enters the view and prepares `O`.
    pub(super) fn on_new_view(
        &self,
        replica: &mut Replica,
        out: &mut Out<Self>,
        view: u32,
        order: Vec<(u32, Req)>,
    ) {
        replica.view = view;
        replica.changing = false;
        replica.collected.retain(|v, _| *v > view);
        out.record(Record::NewView { view });
        if !replica.pending.is_empty() && !replica.timer {
            replica.timer = true;
            out.set_timer(Timer::ViewChange);
        }
        for (seq, req) in order {
            self.accept_pre_prepare(replica, out, view, seq, req);
        }
    }
}
