//! The simulator: the one owner of every choice in a run.
//!
//! `World` holds the nodes, the in-flight messages, the crashed set and the partition, applies one
//! [`Action`] at a time and stamps every event with Lamport and vector clocks. Protocol code never
//! learns whether a person, the random scheduler or a replayed link chose the action.

use crate::action::{Action, ActionError, MessageId, NodeId, TimerId};
use crate::clock::Stamp;
use crate::network::{Channels, Network, Timing};
use crate::protocol::{Effect, Out, Protocol};
use crate::trace::{Event, EventId, EventKind, Fate, Message, Timer, TimerState};
use crate::verdict::Verdict;

/// A node as the simulator holds it: running, or crashed with only its durable state left.
#[derive(Clone, Debug)]
pub enum NodeSlot<P: Protocol> {
    Up(P::Node),
    Down(P::Durable),
}

#[derive(Clone, Debug)]
pub struct World<P: Protocol> {
    protocol: P,
    network: Network,
    seed: u64,
    step: u64,
    nodes: Vec<NodeSlot<P>>,
    clocks: Vec<Stamp>,
    messages: Vec<Message<P::Msg>>,
    events: Vec<Event<P::Record>>,
    /// Every timer ever set, indexed by id.
    timers: Vec<Timer<P::Timer>>,
    /// The groups of the current partition, each sorted, ordered by their smallest node.
    partition: Option<Vec<Vec<NodeId>>>,
}

impl<P: Protocol> World<P> {
    pub fn new(protocol: P, network: Network, seed: u64) -> World<P> {
        let count = protocol.node_count();
        let timers = (0..count)
            .flat_map(|node| {
                protocol
                    .initial_timers(node)
                    .into_iter()
                    .map(move |name| (node, name))
            })
            .enumerate()
            .map(|(id, (node, name))| Timer {
                id: id as TimerId,
                node,
                name,
                step: 0,
                state: TimerState::Pending,
            })
            .collect();
        World {
            nodes: (0..count)
                .map(|id| NodeSlot::Up(protocol.init(id)))
                .collect(),
            clocks: vec![Stamp::zero(count); count as usize],
            protocol,
            network,
            seed,
            step: 0,
            messages: Vec::new(),
            events: Vec::new(),
            timers,
            partition: None,
        }
    }

    pub fn protocol(&self) -> &P {
        &self.protocol
    }

    pub fn network(&self) -> &Network {
        &self.network
    }

    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// How many actions have been applied.
    pub fn step(&self) -> u64 {
        self.step
    }

    pub fn node_count(&self) -> NodeId {
        self.nodes.len() as NodeId
    }

    pub fn slot(&self, node: NodeId) -> &NodeSlot<P> {
        &self.nodes[node as usize]
    }

    pub fn is_crashed(&self, node: NodeId) -> bool {
        matches!(self.nodes[node as usize], NodeSlot::Down(_))
    }

    pub fn events(&self) -> &[Event<P::Record>] {
        &self.events
    }

    /// Every message ever sent, indexed by id.
    pub fn messages(&self) -> &[Message<P::Msg>] {
        &self.messages
    }

    /// Every timer ever set, indexed by id.
    pub fn timers(&self) -> &[Timer<P::Timer>] {
        &self.timers
    }

    pub fn pending_timers(&self) -> impl Iterator<Item = &Timer<P::Timer>> {
        self.timers
            .iter()
            .filter(|t| t.state == TimerState::Pending)
    }

    pub fn in_flight(&self) -> impl Iterator<Item = &Message<P::Msg>> {
        self.messages.iter().filter(|m| m.fate == Fate::InFlight)
    }

    pub fn partition(&self) -> Option<&[Vec<NodeId>]> {
        self.partition.as_deref()
    }

    pub fn verdicts(&self) -> Vec<Verdict> {
        self.protocol.verdicts(self)
    }

    /// Whether `id` can be delivered now, and if not, why not.
    pub fn check_deliverable(&self, id: MessageId) -> Result<(), ActionError> {
        let message = self.message(id)?;
        if message.fate != Fate::InFlight {
            return Err(ActionError::NotInFlight {
                id,
                fate: message.fate.describe(),
            });
        }
        if self.network.channels == Channels::Fifo {
            let head = self
                .in_flight()
                .find(|m| m.from == message.from && m.to == message.to)
                .map_or(id, |m| m.id);
            if head != id {
                return Err(ActionError::NotHeadOfChannel {
                    id,
                    head,
                    from: message.from,
                    to: message.to,
                });
            }
        }
        if !self.connected(message.from, message.to) {
            return Err(ActionError::AcrossPartition {
                id,
                from: message.from,
                to: message.to,
            });
        }
        Ok(())
    }

    /// The in-flight messages that can be delivered now, by id.
    pub fn deliverable(&self) -> Vec<MessageId> {
        self.in_flight()
            .map(|m| m.id)
            .filter(|id| self.check_deliverable(*id).is_ok())
            .collect()
    }

    /// Whether timer `id` may fire now, and if not, why not.
    pub fn check_fireable(&self, id: TimerId) -> Result<(), ActionError> {
        let timer = usize::try_from(id)
            .ok()
            .and_then(|index| self.timers.get(index))
            .ok_or(ActionError::UnknownTimer(id))?;
        if timer.state != TimerState::Pending {
            return Err(ActionError::TimerNotPending {
                id,
                state: timer.state.describe(),
            });
        }
        if self.network.timing == Timing::Sync {
            if let Some(waiting) = self.on_its_way().next() {
                return Err(ActionError::TimerTooEarly {
                    id,
                    waiting: waiting.id,
                    from: waiting.from,
                    to: waiting.to,
                });
            }
        }
        Ok(())
    }

    /// The pending timers that may fire now, by id.
    pub fn fireable(&self) -> Vec<TimerId> {
        self.pending_timers()
            .map(|t| t.id)
            .filter(|id| self.check_fireable(*id).is_ok())
            .collect()
    }

    /// In-flight messages that will arrive if delivered: not held by the partition, and not
    /// addressed to a crashed node. Under synchronous timing these hold every timer back.
    fn on_its_way(&self) -> impl Iterator<Item = &Message<P::Msg>> {
        self.in_flight()
            .filter(|m| self.connected(m.from, m.to) && !self.is_crashed(m.to))
    }

    /// Whether the partition (if any) lets `from` reach `to`.
    pub fn connected(&self, from: NodeId, to: NodeId) -> bool {
        match &self.partition {
            None => true,
            Some(groups) => groups.iter().any(|g| g.contains(&from) && g.contains(&to)),
        }
    }

    /// Performs one action, or refuses it and leaves the world unchanged.
    pub fn apply(&mut self, action: Action<P::Cmd>) -> Result<(), ActionError> {
        match action {
            Action::Command { node, cmd } => self.command(node, cmd),
            Action::Deliver(id) => self.deliver(id),
            Action::Drop(id) => self.drop_message(id),
            Action::Duplicate(id) => self.duplicate(id),
            Action::Crash(node) => self.crash(node),
            Action::Recover(node) => self.recover(node),
            Action::Partition(groups) => self.set_partition(groups),
            Action::Heal => self.heal(),
            Action::Fire(id) => self.fire(id),
        }
    }

    fn command(&mut self, node: NodeId, cmd: P::Cmd) -> Result<(), ActionError> {
        self.check_node(node)?;
        let NodeSlot::Up(state) = &self.nodes[node as usize] else {
            return Err(ActionError::NodeCrashed(node));
        };
        let mut next = state.clone();
        let mut out = Out::new(node, self.node_count());
        let label = self.protocol.command_label(&cmd);
        self.protocol
            .on_command(&mut next, &mut out, cmd)
            .map_err(|reason| ActionError::CommandRefused { node, reason })?;
        self.step += 1;
        self.nodes[node as usize] = NodeSlot::Up(next);
        self.local_event(node, EventKind::Command { label }, out.records);
        self.perform(node, out.effects);
        Ok(())
    }

    fn deliver(&mut self, id: MessageId) -> Result<(), ActionError> {
        self.check_deliverable(id)?;
        self.step += 1;
        let (from, to, payload, sent) = {
            let m = &self.messages[id as usize];
            (m.from, m.to, m.payload.clone(), m.sent)
        };
        let mut out = Out::new(to, self.node_count());
        let NodeSlot::Up(state) = &mut self.nodes[to as usize] else {
            self.messages[id as usize].fate = Fate::Lost { step: self.step };
            return Ok(());
        };
        self.protocol.on_message(state, &mut out, from, payload);
        let sent_stamp = self.events[sent as usize].stamp.clone();
        self.clocks[to as usize].merge_and_tick(to, &sent_stamp);
        let event = self.push_event(to, EventKind::Receive { message: id, from }, out.records);
        self.messages[id as usize].fate = Fate::Delivered {
            event,
            step: self.step,
        };
        self.perform(to, out.effects);
        Ok(())
    }

    fn drop_message(&mut self, id: MessageId) -> Result<(), ActionError> {
        self.check_in_flight(id)?;
        self.step += 1;
        self.messages[id as usize].fate = Fate::Dropped { step: self.step };
        Ok(())
    }

    fn duplicate(&mut self, id: MessageId) -> Result<(), ActionError> {
        self.check_in_flight(id)?;
        self.step += 1;
        let original = &self.messages[id as usize];
        let copy = Message {
            id: self.messages.len() as MessageId,
            copy_of: Some(id),
            step: self.step,
            ..original.clone()
        };
        self.messages.push(copy);
        Ok(())
    }

    fn crash(&mut self, node: NodeId) -> Result<(), ActionError> {
        self.check_node(node)?;
        let NodeSlot::Up(state) = &self.nodes[node as usize] else {
            return Err(ActionError::AlreadyCrashed(node));
        };
        let durable = self.protocol.durable(state);
        self.step += 1;
        self.nodes[node as usize] = NodeSlot::Down(durable);
        let step = self.step;
        for timer in self.timers.iter_mut().filter(|t| t.node == node) {
            if timer.state == TimerState::Pending {
                timer.state = TimerState::Cleared { step };
            }
        }
        self.local_event(node, EventKind::Crash, Vec::new());
        Ok(())
    }

    fn fire(&mut self, id: TimerId) -> Result<(), ActionError> {
        self.check_fireable(id)?;
        let (node, name) = {
            let timer = &self.timers[id as usize];
            (timer.node, timer.name.clone())
        };
        let NodeSlot::Up(state) = &self.nodes[node as usize] else {
            return Err(ActionError::NodeCrashed(node));
        };
        let mut next = state.clone();
        let mut out = Out::new(node, self.node_count());
        self.protocol.on_timer(&mut next, &mut out, name.clone());
        self.step += 1;
        self.nodes[node as usize] = NodeSlot::Up(next);
        let label = self.protocol.timer_label(&name);
        let event = self.local_event(node, EventKind::Timeout { timer: id, label }, out.records);
        self.timers[id as usize].state = TimerState::Fired {
            event,
            step: self.step,
        };
        self.perform(node, out.effects);
        Ok(())
    }

    fn recover(&mut self, node: NodeId) -> Result<(), ActionError> {
        self.check_node(node)?;
        let NodeSlot::Down(durable) = &self.nodes[node as usize] else {
            return Err(ActionError::NotCrashed(node));
        };
        let mut out = Out::new(node, self.node_count());
        let state = self.protocol.recover(node, durable.clone(), &mut out);
        self.step += 1;
        self.nodes[node as usize] = NodeSlot::Up(state);
        self.local_event(node, EventKind::Recover, out.records);
        self.perform(node, out.effects);
        Ok(())
    }

    fn set_partition(&mut self, groups: Vec<Vec<NodeId>>) -> Result<(), ActionError> {
        let count = self.node_count();
        if groups.len() < 2 {
            return Err(ActionError::BadPartition(
                "a partition needs at least two groups".to_string(),
            ));
        }
        let mut seen = vec![false; count as usize];
        for &node in groups.iter().flatten() {
            self.check_node(node)?;
            if std::mem::replace(&mut seen[node as usize], true) {
                return Err(ActionError::BadPartition(format!(
                    "node {node} appears in more than one group"
                )));
            }
        }
        if groups.iter().any(Vec::is_empty) {
            return Err(ActionError::BadPartition("a group is empty".to_string()));
        }
        if let Some(missing) = seen.iter().position(|s| !s) {
            return Err(ActionError::BadPartition(format!(
                "node {missing} is in no group: every node must be in exactly one"
            )));
        }
        let mut groups: Vec<Vec<NodeId>> = groups
            .into_iter()
            .map(|mut g| {
                g.sort_unstable();
                g
            })
            .collect();
        groups.sort();
        self.step += 1;
        self.partition = Some(groups);
        Ok(())
    }

    fn heal(&mut self) -> Result<(), ActionError> {
        if self.partition.is_none() {
            return Err(ActionError::NotPartitioned);
        }
        self.step += 1;
        self.partition = None;
        Ok(())
    }

    fn check_node(&self, node: NodeId) -> Result<(), ActionError> {
        if node < self.node_count() {
            return Ok(());
        }
        Err(ActionError::UnknownNode {
            node,
            last: self.node_count() - 1,
        })
    }

    fn message(&self, id: MessageId) -> Result<&Message<P::Msg>, ActionError> {
        usize::try_from(id)
            .ok()
            .and_then(|index| self.messages.get(index))
            .ok_or(ActionError::UnknownMessage(id))
    }

    fn check_in_flight(&self, id: MessageId) -> Result<(), ActionError> {
        let message = self.message(id)?;
        if message.fate == Fate::InFlight {
            return Ok(());
        }
        Err(ActionError::NotInFlight {
            id,
            fate: message.fate.describe(),
        })
    }

    fn local_event(&mut self, node: NodeId, kind: EventKind, records: Vec<P::Record>) -> EventId {
        self.clocks[node as usize].tick(node);
        self.push_event(node, kind, records)
    }

    fn push_event(&mut self, node: NodeId, kind: EventKind, records: Vec<P::Record>) -> EventId {
        let id = self.events.len() as EventId;
        self.events.push(Event {
            id,
            step: self.step,
            node,
            kind,
            stamp: self.clocks[node as usize].clone(),
            records,
        });
        id
    }

    /// Carries out a handler's effects in order. Each send is its own event.
    fn perform(&mut self, node: NodeId, effects: Vec<Effect<P>>) {
        for effect in effects {
            match effect {
                Effect::Send(to, payload) => self.send(node, to, payload),
                Effect::SetTimer(name) => {
                    self.cancel_timer(node, &name);
                    self.timers.push(Timer {
                        id: self.timers.len() as TimerId,
                        node,
                        name,
                        step: self.step,
                        state: TimerState::Pending,
                    });
                }
                Effect::CancelTimer(name) => self.cancel_timer(node, &name),
            }
        }
    }

    fn cancel_timer(&mut self, node: NodeId, name: &P::Timer) {
        let step = self.step;
        for timer in &mut self.timers {
            if timer.node == node && timer.state == TimerState::Pending && timer.name == *name {
                timer.state = TimerState::Cancelled { step };
            }
        }
    }

    fn send(&mut self, from: NodeId, to: NodeId, payload: P::Msg) {
        let id = self.messages.len() as MessageId;
        let sent = self.local_event(from, EventKind::Send { message: id, to }, Vec::new());
        self.messages.push(Message {
            id,
            from,
            to,
            payload,
            sent,
            step: self.step,
            copy_of: None,
            fate: Fate::InFlight,
        });
    }
}
