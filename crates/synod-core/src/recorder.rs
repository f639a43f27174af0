//! The history of a run, recorded beside its state: every event with its clocks, every message
//! ever sent with its fate, every timer ever set with what became of it, and the ids that
//! scenarios use to name them.
//!
//! The state ([`crate::state::State`]) knows messages and timers by content; the recorder knows
//! them by id. Its indexes (the in-flight ids of each channel in the order they entered the
//! network, each node's pending timer ids by name) are kept up to date step by step, so mapping
//! an id to the state's message, or finding a channel's head, costs the same at step 10 and at
//! step 100,000. The model checker keeps no recorder.

use std::collections::{BTreeMap, VecDeque};

use crate::action::{MessageId, NodeId, TimerId};
use crate::chunked::Chunked;
use crate::clock::Stamp;
use crate::protocol::Protocol;
use crate::state::{Envelope, Parcel};
use crate::trace::{Event, EventId, EventKind, Fate, Message, PartitionSpan, Timer, TimerState};

#[derive(Clone, Debug)]
pub struct Recorder<P: Protocol> {
    nodes: NodeId,
    clocks: Vec<Stamp>,
    events: Chunked<Event<P::Record>>,
    /// Every message ever sent, by id.
    messages: Chunked<Message<P::Msg>>,
    /// Each message's monitor tag, by id.
    tags: Chunked<P::Tag>,
    /// Every timer ever set, by id.
    timers: Chunked<Timer<P::Timer>>,
    /// What the views need from the history, folded event by event.
    chronicle: P::Chronicle,
    /// Every partition so far, in order; the last is the current one if it has not ended.
    partitions: Vec<PartitionSpan>,
    /// The in-flight message ids of channel `from→to` at `from * nodes + to`, oldest first.
    channels: Vec<VecDeque<MessageId>>,
    /// Each node's pending timer ids, by name.
    pending: Vec<BTreeMap<P::Timer, TimerId>>,
}

impl<P: Protocol> Recorder<P> {
    /// An empty history with the protocol's initial timers pending (numbered node by node).
    pub fn new(protocol: &P) -> Recorder<P> {
        let nodes = protocol.node_count();
        let mut recorder = Recorder {
            nodes,
            clocks: vec![Stamp::zero(nodes); nodes as usize],
            events: Chunked::new(),
            messages: Chunked::new(),
            tags: Chunked::new(),
            timers: Chunked::new(),
            chronicle: P::Chronicle::default(),
            partitions: Vec::new(),
            channels: vec![VecDeque::new(); (nodes * nodes) as usize],
            pending: vec![BTreeMap::new(); nodes as usize],
        };
        for node in 0..nodes {
            for name in protocol.initial_timers(node) {
                recorder.set_timer(node, 0, name);
            }
        }
        recorder
    }

    pub fn events(&self) -> &Chunked<Event<P::Record>> {
        &self.events
    }

    pub fn messages(&self) -> &Chunked<Message<P::Msg>> {
        &self.messages
    }

    pub fn timers(&self) -> &Chunked<Timer<P::Timer>> {
        &self.timers
    }

    /// Every partition so far, in order.
    pub fn partitions(&self) -> &[PartitionSpan] {
        &self.partitions
    }

    /// The network was split into `groups` at `step` (ending the partition before, if any).
    pub fn partitioned(&mut self, groups: Vec<Vec<NodeId>>, step: u64) {
        self.healed(step);
        self.partitions.push(PartitionSpan {
            groups,
            from: step,
            until: None,
        });
    }

    /// The current partition, if any, ended at `step`.
    pub fn healed(&mut self, step: u64) {
        if let Some(current) = self.partitions.last_mut().filter(|p| p.until.is_none()) {
            current.until = Some(step);
        }
    }

    pub fn chronicle(&self) -> &P::Chronicle {
        &self.chronicle
    }

    /// Folds event `id`, just recorded, into the chronicle.
    pub fn chronicle_event(&mut self, protocol: &P, id: EventId) {
        protocol.chronicle(&mut self.chronicle, &self.events[id as usize]);
    }

    pub fn message(&self, id: MessageId) -> Option<&Message<P::Msg>> {
        usize::try_from(id).ok().and_then(|i| self.messages.get(i))
    }

    pub fn timer(&self, id: TimerId) -> Option<&Timer<P::Timer>> {
        usize::try_from(id).ok().and_then(|i| self.timers.get(i))
    }

    /// The message as the state holds it: payload and tag.
    pub fn parcel(&self, id: MessageId) -> Parcel<P> {
        Envelope {
            msg: self.messages[id as usize].payload.clone(),
            tag: self.tags[id as usize].clone(),
        }
    }

    /// The in-flight ids of channel `from→to`, oldest first.
    pub fn channel(&self, from: NodeId, to: NodeId) -> &VecDeque<MessageId> {
        &self.channels[(from * self.nodes + to) as usize]
    }

    /// Every in-flight message id, ascending.
    pub fn in_flight(&self) -> Vec<MessageId> {
        let mut ids: Vec<MessageId> = self.channels.iter().flatten().copied().collect();
        ids.sort_unstable();
        ids
    }

    /// The pending timer of `node` named `name`.
    pub fn pending_timer(&self, node: NodeId, name: &P::Timer) -> Option<TimerId> {
        self.pending[node as usize].get(name).copied()
    }

    /// Every pending timer id, ascending.
    pub fn pending(&self) -> Vec<TimerId> {
        let mut ids: Vec<TimerId> = self
            .pending
            .iter()
            .flat_map(|timers| timers.values())
            .copied()
            .collect();
        ids.sort_unstable();
        ids
    }

    /// A local event (command, crash, recovery, timeout) at `node`.
    pub fn local_event(
        &mut self,
        node: NodeId,
        step: u64,
        kind: EventKind,
        records: Vec<P::Record>,
    ) -> EventId {
        self.clocks[node as usize].tick(node);
        self.push_event(node, step, kind, records)
    }

    /// Message `id` arrives at its receiver, which was up.
    pub fn receive(&mut self, id: MessageId, step: u64, records: Vec<P::Record>) -> EventId {
        let (from, to, sent) = {
            let m = &self.messages[id as usize];
            (m.from, m.to, m.sent)
        };
        self.clocks[to as usize].merge_and_tick(to, &self.events[sent as usize].stamp);
        let event = self.push_event(to, step, EventKind::Receive { message: id, from }, records);
        self.settle(id, Fate::Delivered { event, step });
        event
    }

    /// Message `id` leaves the network without arriving (dropped, or lost at a crashed node).
    pub fn settle(&mut self, id: MessageId, fate: Fate) {
        let (from, to) = {
            let m = self
                .messages
                .get_mut(id as usize)
                .expect("a recorded message");
            m.fate = fate;
            (m.from, m.to)
        };
        let index = (from * self.nodes + to) as usize;
        let queue = &mut self.channels[index];
        let at = queue
            .iter()
            .position(|m| *m == id)
            .expect("a settled message was in flight");
        queue.remove(at);
    }

    /// `from` sends `parcel` to `to`: a send event and a new message in flight.
    pub fn send(&mut self, from: NodeId, to: NodeId, step: u64, parcel: Parcel<P>) -> MessageId {
        let id = self.messages.len() as MessageId;
        let sent = self.local_event(from, step, EventKind::Send { message: id, to }, Vec::new());
        self.messages.push(Message {
            id,
            from,
            to,
            payload: parcel.msg,
            sent,
            step,
            copy_of: None,
            fate: Fate::InFlight,
        });
        self.tags.push(parcel.tag);
        self.channels[(from * self.nodes + to) as usize].push_back(id);
        id
    }

    /// The network makes a second copy of message `id`, with a fresh id, behind the others.
    pub fn duplicate(&mut self, id: MessageId, step: u64) -> MessageId {
        let copy_id = self.messages.len() as MessageId;
        let copy = Message {
            id: copy_id,
            copy_of: Some(id),
            step,
            ..self.messages[id as usize].clone()
        };
        let index = (copy.from * self.nodes + copy.to) as usize;
        self.messages.push(copy);
        self.tags.push(self.tags[id as usize].clone());
        self.channels[index].push_back(copy_id);
        copy_id
    }

    /// Starts timer `name` at `node`; one pending under the name is cancelled first.
    pub fn set_timer(&mut self, node: NodeId, step: u64, name: P::Timer) -> TimerId {
        self.cancel_timer(node, step, &name);
        let id = self.timers.len() as TimerId;
        self.timers.push(Timer {
            id,
            node,
            name: name.clone(),
            step,
            state: TimerState::Pending,
        });
        self.pending[node as usize].insert(name, id);
        id
    }

    pub fn cancel_timer(&mut self, node: NodeId, step: u64, name: &P::Timer) {
        if let Some(id) = self.pending[node as usize].remove(name) {
            self.timer_mut(id).state = TimerState::Cancelled { step };
        }
    }

    /// Timer `id` fired at `event`.
    pub fn fired(&mut self, id: TimerId, event: EventId, step: u64) {
        let timer = self.timer_mut(id);
        timer.state = TimerState::Fired { event, step };
        let (node, name) = (timer.node, timer.name.clone());
        self.pending[node as usize].remove(&name);
    }

    /// A crash clears every pending timer of `node`.
    pub fn clear_timers(&mut self, node: NodeId, step: u64) {
        for id in std::mem::take(&mut self.pending[node as usize]).into_values() {
            self.timer_mut(id).state = TimerState::Cleared { step };
        }
    }

    fn timer_mut(&mut self, id: TimerId) -> &mut Timer<P::Timer> {
        self.timers.get_mut(id as usize).expect("a recorded timer")
    }

    fn push_event(
        &mut self,
        node: NodeId,
        step: u64,
        kind: EventKind,
        records: Vec<P::Record>,
    ) -> EventId {
        let id = self.events.len() as EventId;
        self.events.push(Event {
            id,
            step,
            node,
            kind,
            stamp: self.clocks[node as usize].clone(),
            records,
        });
        id
    }
}
