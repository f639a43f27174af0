//! What a member does: multicast within its view, acknowledge and declare stable, suspect, and
//! run or take part in a view change (flush, then install).

use super::member::{merge, Change, Data, Install, Members, Node, View};
use super::{Msg, Record, Timer, Variant, VirtualSynchrony};
use crate::action::NodeId;
use crate::protocol::{AppId, Out};

impl VirtualSynchrony {
    pub(super) fn multicast(&self, node: &mut Node, out: &mut Out<Self>, text: String) {
        let Some(view) = node.view else {
            return;
        };
        node.sent += 1;
        let app = AppId {
            sender: node.id,
            seq: node.sent,
        };
        out.record(Record::Multicast { app, view });
        let data = Data { app, text };
        let others = view.members.without(node.id);
        for to in others.iter() {
            out.send(
                to,
                Msg::Data {
                    view,
                    data: data.clone(),
                },
            );
        }
        if !others.is_empty() {
            node.unacked.push((app, others));
            out.set_timer(Timer::Acks);
        }
        node.hold(view, data);
        deliver_ready(node, out);
    }

    pub(super) fn on_data(
        &self,
        node: &mut Node,
        out: &mut Out<Self>,
        from: NodeId,
        view: View,
        data: Data,
    ) {
        // Its own view's messages, and those of a later view (one a joiner is to be part of).
        let current = node.view == Some(view);
        if node.knows(view, &data) || !(current || node.awaits(view)) {
            return;
        }
        if data.app.sender != node.id {
            out.send(data.app.sender, Msg::Ack { app: data.app });
            if let Err(at) = node.unstable.binary_search(&data.app) {
                node.unstable.insert(at, data.app);
                out.set_timer(Timer::Stability);
            }
        }
        if self.reliable && current {
            for to in view.members.iter() {
                if to != node.id && to != from && to != data.app.sender {
                    out.send(
                        to,
                        Msg::Data {
                            view,
                            data: data.clone(),
                        },
                    );
                }
            }
        }
        node.hold(view, data);
        deliver_ready(node, out);
    }

    /// Suspects `nodes` (never itself): the coordinator it sees starts a view change, or hears
    /// of the suspicion.
    pub(super) fn suspect(&self, node: &mut Node, out: &mut Out<Self>, nodes: Members) {
        let Some(view) = node.view else {
            return;
        };
        let fresh = nodes.without(node.id).minus(node.suspects);
        node.suspects = node.suspects.union(nodes.without(node.id));
        if !fresh.is_empty() {
            out.record(Record::Suspects(fresh));
        }
        match view.members.minus(node.suspects).lowest() {
            // A member that asked to leave does not take over: it simply goes, first telling
            // the others how its view was installed (a member a view behind, which missed the
            // install when the last coordinator crashed mid-send, catches up from it rather
            // than number a view of its own alike).
            Some(c) if c == node.id && node.leaving => {
                for member in view.members.without(node.id).minus(node.suspects).iter() {
                    out.send(member, Msg::Install(node.last.clone()));
                }
                depart(node, out);
            }
            Some(c) if c == node.id => self.start_change(node, out),
            // It awaits the change it asked for (the coordinator may be gone too).
            Some(c) if !fresh.is_empty() => {
                let nodes = node.suspects;
                out.send(c, Msg::Suspect { nodes });
                out.set_timer(Timer::Install);
            }
            _ => {}
        }
    }

    pub(super) fn on_suspect(
        &self,
        node: &mut Node,
        out: &mut Out<Self>,
        from: NodeId,
        nodes: Members,
    ) {
        match node.view {
            Some(view) if view.members.contains(from) => {
                self.suspect(node, out, nodes);
            }
            // A process the group has moved on without (or this one, gone from the group, has
            // not): tell it how the last view it was in was installed.
            _ => out.send(from, Msg::Install(node.last.clone())),
        }
    }

    /// A process outside asks to join: in its `life` (recoveries so far), it has multicast `sent`.
    pub(super) fn on_join(
        &self,
        node: &mut Node,
        out: &mut Out<Self>,
        from: NodeId,
        (sent, life): (u32, u32),
    ) {
        let in_view = node.view.is_some_and(|v| v.members.contains(from));
        if node.coordinator() != Some(node.id) || in_view || node.leaving {
            return;
        }
        node.joins.retain(|(j, _, _)| *j != from);
        node.joins.push((from, sent, life));
        self.start_change(node, out);
    }

    /// Any member keeps a request to leave: a member a view behind may become the coordinator
    /// once it catches up.
    pub(super) fn on_leave(&self, node: &mut Node, out: &mut Out<Self>, from: NodeId) {
        if !node.view.is_some_and(|v| v.members.contains(from)) {
            return;
        }
        node.leaves = node.leaves.with(from);
        if node.coordinator() == Some(node.id) {
            self.start_change(node, out);
        }
    }

    /// Proposes the next view and asks the old view's members for their flush (the flawed
    /// variant installs the view at once).
    pub(super) fn start_change(&self, node: &mut Node, out: &mut Out<Self>) {
        let Some(view) = node.view else {
            return;
        };
        if node.leaving {
            node.leaves = node.leaves.with(node.id);
        }
        // A member taking over from a coordinator that crashed mid-change asks the members of
        // that change's proposal too: a joiner may have installed it already.
        let proposed = node
            .flushed
            .map_or_else(Members::default, |(_, proposal)| proposal.members);
        let flushing = view.members.union(proposed).minus(node.suspects);
        let joining = node
            .joins
            .iter()
            .fold(Members::default(), |all, (j, _, _)| all.with(*j));
        // The group never empties: when every member asks to leave at once, the coordinator
        // stays.
        let staying = flushing.minus(node.leaves).union(joining);
        let proposal = View {
            number: view.number + 1,
            members: match staying.is_empty() {
                true => Members::one(node.id),
                false => staying,
            },
        };
        let mut starts = vec![0; self.nodes as usize];
        starts[node.id as usize] = node.sent + 1;
        for (j, sent, _) in &node.joins {
            starts[*j as usize] = sent + 1;
        }
        let skip = self.variant == Variant::SkipFlush;
        out.record(Record::Proposes {
            view: proposal,
            flush: !skip,
        });
        node.flushed = None;
        node.unacked.clear();
        node.unstable.clear();
        node.queried = Members::default();
        out.cancel_timer(Timer::Acks);
        out.cancel_timer(Timer::Stability);
        let waiting = match skip {
            true => Members::default(),
            false => flushing.without(node.id),
        };
        node.change = Some(Change {
            proposal,
            waiting,
            union: match skip {
                true => Vec::new(),
                false => node.in_view.clone(),
            },
            starts,
            notify: flushing.minus(proposal.members),
        });
        if waiting.is_empty() {
            self.finish(node, out);
            return;
        }
        for to in waiting.iter() {
            out.send(
                to,
                Msg::Flush {
                    proposal,
                    current: node.last.clone(),
                },
            );
        }
        out.set_timer(Timer::Flush);
    }

    pub(super) fn on_flush(
        &self,
        node: &mut Node,
        out: &mut Out<Self>,
        from: NodeId,
        proposal: View,
        current: &Install,
    ) {
        match node.view {
            Some(mine) if proposal.number <= mine.number => {
                // The coordinator is behind: it catches up from this member's install.
                out.send(from, Msg::Install(node.last.clone()));
                return;
            }
            // It missed the coordinator's last install (still on its way, or lost with a
            // crashed coordinator): it catches up first. So does a joiner the install has not
            // reached yet.
            Some(mine) if current.after == mine && current.view != mine => {
                self.install(node, out, current);
            }
            None if node.awaits(current.view) => self.install(node, out, current),
            _ => {}
        }
        let Some(view) = node.view else {
            // Gone from the group, it still says how the last view it was in was installed: a
            // coordinator that missed that install catches up from it.
            if proposal.number <= node.last.view.number {
                out.send(from, Msg::Install(node.last.clone()));
            }
            return;
        };
        if node.change.is_some() {
            out.cancel_timer(Timer::Flush);
            node.change = None;
        }
        node.unacked.clear();
        node.unstable.clear();
        node.queried = Members::default();
        out.cancel_timer(Timer::Acks);
        out.cancel_timer(Timer::Stability);
        // A restarted change may overtake its first round: what it waits for is every member
        // either round proposed.
        let proposal = match node.flushed {
            Some((c, seen)) if c == from && seen.number == proposal.number => View {
                members: seen.members.union(proposal.members),
                ..proposal
            },
            _ => proposal,
        };
        node.flushed = Some((from, proposal));
        out.send(
            from,
            Msg::Flushed {
                view: view.number,
                delivered: node.in_view.clone(),
                sent: node.sent,
            },
        );
        out.set_timer(Timer::Install);
    }

    pub(super) fn on_flushed(
        &self,
        node: &mut Node,
        out: &mut Out<Self>,
        from: NodeId,
        view: u32,
        delivered: &[Data],
        sent: u32,
    ) {
        let current = node.view.map(|v| v.number);
        let Some(change) = node.change.as_mut() else {
            return;
        };
        if !change.waiting.contains(from) {
            return;
        }
        change.waiting = change.waiting.without(from);
        if Some(view) == current {
            merge(&mut change.union, delivered);
            change.starts[from as usize] = sent + 1;
        } else {
            // A view behind: it cannot deliver what the others delivered in this one.
            change.proposal.members = change.proposal.members.without(from);
            change.notify = change.notify.with(from);
        }
        if change.waiting.is_empty() {
            self.finish(node, out);
        }
    }

    /// Every member flushed: the coordinator sends the new view and installs it itself.
    pub(super) fn finish(&self, node: &mut Node, out: &mut Out<Self>) {
        let Some(change) = node.change.take() else {
            return;
        };
        out.cancel_timer(Timer::Flush);
        let joiners = node
            .joins
            .iter()
            .filter(|(j, _, _)| change.proposal.members.contains(*j))
            .map(|(j, _, life)| (*j, *life))
            .collect();
        let install = Install {
            view: change.proposal,
            after: node.last.view,
            joiners,
            union: change.union,
            starts: change.starts,
        };
        let told = change
            .proposal
            .members
            .union(change.notify)
            .without(node.id);
        for to in told.iter() {
            out.send(to, Msg::Install(install.clone()));
        }
        self.install(node, out, &install);
    }

    /// Installs a view: delivers the old view's messages it lacks, in each sender's order, then
    /// moves to the new view (or out of the group, if it is not a member) and delivers what it
    /// held for it.
    pub(super) fn install(&self, node: &mut Node, out: &mut Out<Self>, install: &Install) {
        let view = install.view;
        // Outside, it takes only a view that admits it as a joiner (an install from before it
        // left or crashed is not for it).
        let admitted = node.view.is_some() || install.joiners.contains(&(node.id, node.life));
        if !node.awaits(view) || !admitted {
            return;
        }
        node.known = node.known.max(view.number);
        if node.view == Some(install.after) && install.after != view {
            for data in &install.union {
                if data.app.seq >= node.expect[data.app.sender as usize] {
                    node.deliver(data);
                    out.deliver(data.app, data.text.clone());
                }
            }
        }
        node.change = None;
        node.flushed = None;
        node.unacked.clear();
        // What it got of the new view ahead of installing it stays unstable until its sender
        // says otherwise.
        node.unstable
            .retain(|app| node.held.iter().any(|(v, d)| *v == view && d.app == *app));
        node.queried = Members::default();
        node.in_view.clear();
        node.leaving = false;
        node.joining = false;
        out.cancel_timer(Timer::Flush);
        out.cancel_timer(Timer::Install);
        out.cancel_timer(Timer::Acks);
        out.cancel_timer(Timer::Stability);
        let after = out.deliveries();
        if !view.members.contains(node.id) {
            depart(node, out);
            return;
        }
        out.record(Record::Installed {
            view,
            after,
            starts: install.starts.clone(),
        });
        for member in view.members.iter() {
            let expect = &mut node.expect[member as usize];
            *expect = (*expect).max(install.starts[member as usize]);
        }
        node.view = Some(view);
        node.last = install.clone();
        node.held
            .retain(|(v, _)| *v == view || v.number > view.number);
        if !node.unstable.is_empty() {
            out.set_timer(Timer::Stability);
        }
        node.joins.retain(|(j, _, _)| !view.members.contains(*j));
        // Suspicions and requests to leave that the new view has not settled carry over.
        node.leaves = node.leaves.intersect(view.members).without(node.id);
        let lingering = node.suspects.intersect(view.members);
        node.suspects = Members::default();
        deliver_ready(node, out);
        if !lingering.is_empty() {
            self.suspect(node, out, lingering);
        } else if !node.leaves.is_empty() && node.coordinator() == Some(node.id) {
            self.start_change(node, out);
        }
    }
}

pub(super) fn on_ack(node: &mut Node, out: &mut Out<VirtualSynchrony>, from: NodeId, app: AppId) {
    let Some(at) = node.unacked.iter().position(|(a, _)| *a == app) else {
        return;
    };
    node.unacked[at].1 = node.unacked[at].1.without(from);
    if node.unacked[at].1.is_empty() {
        node.unacked.remove(at);
        if let Some(view) = node.view {
            for to in view.members.without(node.id).iter() {
                out.send(to, Msg::Stable { app });
            }
        }
        if node.unacked.is_empty() {
            out.cancel_timer(Timer::Acks);
        }
    }
}

/// Leaves the group: outside, it takes no part in views until it joins again.
fn depart(node: &mut Node, out: &mut Out<VirtualSynchrony>) {
    out.record(Record::Outside {
        after: out.deliveries(),
    });
    node.view = None;
    node.held.clear();
    node.unstable.clear();
    node.queried = Members::default();
    node.suspects = Members::default();
    node.joins.clear();
    node.leaves = Members::default();
    node.flushed = None;
    node.change = None;
    node.leaving = false;
    for timer in [Timer::Acks, Timer::Stability, Timer::Flush, Timer::Install] {
        out.cancel_timer(timer);
    }
}

/// Answers whether it is up: to a member awaiting view `install`, its own install if it is past
/// that view (the member catches up, or learns it is out); otherwise yes (it runs the change, or
/// will once it catches up itself). Outside the group, it does not answer.
pub(super) fn on_query(
    node: &Node,
    out: &mut Out<VirtualSynchrony>,
    from: NodeId,
    install: Option<u32>,
) {
    match (install, node.view) {
        // Outside the group it is no member to wait for (it left, or recovered from a crash),
        // but a member a view behind catches up from the last view it was in.
        (Some(number), None) if node.last.view.number >= number => {
            out.send(from, Msg::Install(node.last.clone()));
        }
        (_, None) => {}
        (Some(number), Some(view)) if node.change.is_none() && view.number >= number => {
            out.send(from, Msg::Install(node.last.clone()));
        }
        _ => out.send(from, Msg::Alive),
    }
}

/// Stops waiting for stability once nothing is unstable.
pub(super) fn settle_stability(node: &mut Node, out: &mut Out<VirtualSynchrony>) {
    if node.unstable.is_empty() {
        node.queried = node
            .awaited_coordinator()
            .map_or_else(Members::default, |c| {
                node.queried.intersect(Members::one(c))
            });
        out.cancel_timer(Timer::Stability);
    }
}

pub(super) fn deliver_ready(node: &mut Node, out: &mut Out<VirtualSynchrony>) {
    while let Some(data) = node.next_ready() {
        node.deliver(&data);
        out.deliver(data.app, data.text);
    }
}
