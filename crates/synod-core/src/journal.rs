//! The protocol-independent half of a run's history, and the network's rules that are checked
//! against it: written once, not compiled once per protocol.
//!
//! A [`Journal`] holds every event with its clocks, every message ever sent with its fate and
//! every timer ever set with what became of it, by id, with no payloads, records or timer names
//! (the recorder keeps those beside it, typed: see [`crate::recorder::Recorder`]). Its indexes
//! (each channel's in-flight ids in the order they entered the network, each node's pending
//! timer ids, which nodes are down, the current partition) are kept up to date step by step, so
//! checking an action against the rules costs the same at step 10 and at step 100,000.
//!
//! Architecture invariant: nothing here names a protocol's types. Everything a protocol's code
//! must say (a label, a payload) reaches this module as a string or through [`Labels`], so the
//! page's bundle carries the legality checks, the recording of a step and the assembly of a view
//! once, and each protocol adds only its own rules.

use std::collections::VecDeque;

use crate::action::{Action, ActionError, Crash, MessageId, NodeId, TimerId};
use crate::chunked::Chunked;
use crate::clock::Stamp;
use crate::monitor::{Assumptions, EarlyTimeout, MessageFact, Tampering};
use crate::network::{Channels, Network, Timing};
use crate::state::Delivery;
use crate::trace::{Event, EventId, EventKind, Fate, Message, PartitionSpan, Timer, TimerState};

/// What a protocol says about the messages, timers and events of a run, for the journal's words
/// and views: the one bridge from protocol-independent code to a protocol's labels.
pub trait Labels {
    fn message_label(&self, id: MessageId) -> String;
    fn message_kind(&self, id: MessageId) -> &'static str;
    fn timer_label(&self, id: TimerId) -> String;
    /// One line per record of the event.
    fn notes(&self, event: &Event) -> Vec<String>;
}

/// Which message or timer an action named: for the record, and the monitors' evidence.
#[derive(Default)]
pub struct Named {
    pub message: MessageId,
    pub timer: TimerId,
    /// The messages a crash leaves unsent.
    pub unsent: Vec<MessageId>,
    /// The messages a round's end brings in: every one in flight that is not held back by a
    /// partition, channel by channel.
    pub arrivals: Vec<MessageId>,
}

/// What a step left in the journal: the event of the handler that ran (if one did), the ids of
/// its sends in order, and the events of its deliveries to the application.
pub struct Recorded {
    pub event: Option<EventId>,
    pub sends: Vec<MessageId>,
    pub deliveries: Vec<EventId>,
}

/// A step to record, as the journal needs it: the checked action (its command and timer
/// labelled by the protocol), the node whose handler ran, how many records it wrote, the
/// receivers of its sends in order and its deliveries.
pub struct Step<'a> {
    pub action: &'a Action<()>,
    pub named: &'a Named,
    /// The command's or the fired timer's label.
    pub label: String,
    pub node: Option<NodeId>,
    pub records: u32,
    pub receivers: &'a [NodeId],
    pub delivered: &'a [Delivery],
    pub lost: bool,
}

#[derive(Clone, Debug)]
pub struct Journal {
    nodes: NodeId,
    clocks: Vec<Stamp>,
    events: Chunked<Event>,
    /// How many records every event so far has, together.
    records: u64,
    /// Every message ever sent, by id.
    messages: Chunked<Message>,
    /// Every timer ever set, by id.
    timers: Chunked<Timer>,
    /// Every partition so far, in order; the last is the current one if it has not ended.
    partitions: Vec<PartitionSpan>,
    /// The in-flight message ids of channel `from→to` at `from * nodes + to`, oldest first.
    channels: Vec<VecDeque<MessageId>>,
    /// Each node's pending timer ids, ascending.
    pending: Vec<Vec<TimerId>>,
    /// Which nodes are crashed now.
    down: Vec<bool>,
    /// The time now, in the units of timer delays: the latest moment a fired timer was due.
    now: u64,
    /// The step at which each round began (a protocol in rounds), in order.
    round_steps: Vec<u64>,
}

impl Journal {
    pub fn new(nodes: NodeId) -> Journal {
        Journal {
            nodes,
            clocks: vec![Stamp::zero(nodes); nodes as usize],
            events: Chunked::new(),
            records: 0,
            messages: Chunked::new(),
            timers: Chunked::new(),
            partitions: Vec::new(),
            channels: vec![VecDeque::new(); (nodes * nodes) as usize],
            pending: vec![Vec::new(); nodes as usize],
            down: vec![false; nodes as usize],
            now: 0,
            round_steps: Vec::new(),
        }
    }

    /// The step at which each round began, in order (the last may be the one that lets the
    /// processes conclude).
    pub fn round_steps(&self) -> &[u64] {
        &self.round_steps
    }

    /// A round began at `step`.
    pub(crate) fn begin_round(&mut self, step: u64) {
        self.round_steps.push(step);
    }

    /// The time now, in the units of timer delays: time moves on only when a timer fires, to the
    /// moment it was due (if that is later).
    pub fn now(&self) -> u64 {
        self.now
    }

    /// When pending timer `timer` fires at the earliest: when it is due, or now if it is overdue
    /// (a timer fired early under asynchronous timing moves time past the others).
    fn effective_due(&self, timer: &Timer) -> u64 {
        timer.due.max(self.now)
    }

    pub fn node_count(&self) -> NodeId {
        self.nodes
    }

    pub fn events(&self) -> &Chunked<Event> {
        &self.events
    }

    pub fn messages(&self) -> &Chunked<Message> {
        &self.messages
    }

    pub fn timers(&self) -> &Chunked<Timer> {
        &self.timers
    }

    /// Every partition so far, in order.
    pub fn partitions(&self) -> &[PartitionSpan] {
        &self.partitions
    }

    /// The groups of the current partition, if the network is split now.
    pub fn partition(&self) -> Option<&[Vec<NodeId>]> {
        self.partitions
            .last()
            .filter(|p| p.until.is_none())
            .map(|p| &p.groups[..])
    }

    pub fn is_crashed(&self, node: NodeId) -> bool {
        self.down[node as usize]
    }

    pub fn message(&self, id: MessageId) -> Option<&Message> {
        usize::try_from(id).ok().and_then(|i| self.messages.get(i))
    }

    pub fn timer(&self, id: TimerId) -> Option<&Timer> {
        usize::try_from(id).ok().and_then(|i| self.timers.get(i))
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

    /// The pending timer ids of `node`, ascending.
    pub fn pending_of(&self, node: NodeId) -> &[TimerId] {
        &self.pending[node as usize]
    }

    /// Every pending timer id, ascending.
    pub fn pending(&self) -> Vec<TimerId> {
        let mut ids: Vec<TimerId> = self.pending.iter().flatten().copied().collect();
        ids.sort_unstable();
        ids
    }

    /// Where event `id`'s records lie among every record of the run.
    pub fn records_of(&self, id: EventId) -> std::ops::Range<usize> {
        let event = &self.events[id as usize];
        let first = event.first_record as usize;
        first..first + event.record_count as usize
    }

    /// Whether the partition (if any) lets `from` reach `to`.
    pub fn connected(&self, from: NodeId, to: NodeId) -> bool {
        match self.partition() {
            None => true,
            Some(groups) => groups.iter().any(|g| g.contains(&from) && g.contains(&to)),
        }
    }

    /// Whether `id` can be delivered now, and if not, why not.
    pub fn check_deliverable(&self, network: &Network, id: MessageId) -> Result<(), ActionError> {
        let message = self.in_flight_message(id)?;
        let (from, to) = (message.from, message.to);
        if network.channels == Channels::Fifo {
            let head = self.channel(from, to).front().copied();
            if let Some(head) = head.filter(|head| *head != id) {
                return Err(ActionError::NotHeadOfChannel { id, head, from, to });
            }
        }
        if !self.connected(from, to) {
            return Err(ActionError::AcrossPartition { id, from, to });
        }
        Ok(())
    }

    /// The in-flight messages that can be delivered now, by ascending id.
    pub fn deliverable(&self, network: &Network) -> Vec<MessageId> {
        let mut ids = Vec::new();
        for (index, queue) in self.channels.iter().enumerate() {
            let (from, to) = self.ends(index);
            if queue.is_empty() || !self.connected(from, to) {
                continue;
            }
            match network.channels {
                Channels::Fifo => ids.extend(queue.front()),
                Channels::Unordered => ids.extend(queue.iter()),
            }
        }
        ids.sort_unstable();
        ids
    }

    /// Whether timer `id` may fire now, and if not, why not.
    pub fn check_fireable(&self, network: &Network, id: TimerId) -> Result<(), ActionError> {
        let timer = self.timer(id).ok_or(ActionError::UnknownTimer(id))?;
        if timer.state != TimerState::Pending {
            return Err(ActionError::TimerNotPending {
                id,
                state: timer.state.describe(),
            });
        }
        if network.timing == Timing::Sync {
            if let Some(waiting) = self.first_waiting(|from, to| self.on_its_way(from, to)) {
                return Err(ActionError::TimerTooEarly {
                    id,
                    waiting: waiting.id,
                    from: waiting.from,
                    to: waiting.to,
                });
            }
            let due = self.effective_due(timer);
            let sooner = self.pending().into_iter().find(|other| {
                self.timer(*other)
                    .is_some_and(|other| self.effective_due(other) < due)
            });
            if let Some(sooner) = sooner {
                return Err(ActionError::TimerNotDue { id, sooner });
            }
        }
        Ok(())
    }

    /// The pending timers that may fire now, by ascending id: under synchronous timing, those
    /// due soonest, once nothing is on its way.
    pub fn fireable(&self, network: &Network) -> Vec<TimerId> {
        let pending = self.pending();
        if network.timing == Timing::Async {
            return pending;
        }
        if self
            .first_waiting(|from, to| self.on_its_way(from, to))
            .is_some()
        {
            return Vec::new();
        }
        let due = |id: &TimerId| self.effective_due(&self.timers[*id as usize]);
        let Some(soonest) = pending.iter().map(due).min() else {
            return pending;
        };
        pending
            .into_iter()
            .filter(|id| due(id) == soonest)
            .collect()
    }

    /// Whether channel `from→to` holds a message that will arrive if delivered: not held by the
    /// partition, and not addressed to a crashed node. Under synchronous timing such a message
    /// holds every timer back.
    fn on_its_way(&self, from: NodeId, to: NodeId) -> bool {
        self.connected(from, to) && !self.is_crashed(to)
    }

    /// The oldest in-flight message on a channel that `counts`.
    fn first_waiting(&self, counts: impl Fn(NodeId, NodeId) -> bool) -> Option<&Message> {
        self.channels
            .iter()
            .enumerate()
            .filter(|(index, _)| {
                let (from, to) = self.ends(*index);
                counts(from, to)
            })
            .filter_map(|(_, queue)| queue.front())
            .min()
            .map(|id| &self.messages[*id as usize])
    }

    /// The sender and receiver of the channel at `index`.
    fn ends(&self, index: usize) -> (NodeId, NodeId) {
        let index = index as NodeId;
        (index / self.nodes, index % self.nodes)
    }

    /// The nodes that sent in step `now` (one, or every live node at a round's end) and are
    /// still up, each with its sends still in flight (not copies), in send order: what a crash
    /// of one of them now may leave unsent.
    pub fn last_sends(&self, now: u64) -> Vec<(NodeId, Vec<MessageId>)> {
        let mut by_sender: Vec<(NodeId, Vec<MessageId>)> = Vec::new();
        let recent = self
            .messages
            .iter()
            .rev()
            .take_while(|m| m.step == now)
            .filter(|m| m.copy_of.is_none() && m.fate == Fate::InFlight);
        for m in recent {
            match by_sender.iter_mut().find(|(node, _)| *node == m.from) {
                Some((_, ids)) => ids.push(m.id),
                None => by_sender.push((m.from, vec![m.id])),
            }
        }
        by_sender.retain(|(node, _)| !self.is_crashed(*node));
        by_sender.reverse();
        for (_, ids) in &mut by_sender {
            ids.reverse();
        }
        by_sender
    }

    /// Checks an action (its command aside) against the rules after step `now`: returns it with
    /// a partition's groups put in order, and the message or timer it names.
    pub fn check(
        &self,
        network: &Network,
        now: u64,
        action: Action<()>,
    ) -> Result<(Action<()>, Named), ActionError> {
        let mut named = Named::default();
        let action = match action {
            Action::Command { node, cmd } => {
                self.check_node(node)?;
                if self.is_crashed(node) {
                    return Err(ActionError::NodeCrashed(node));
                }
                Action::Command { node, cmd }
            }
            Action::Deliver(id) => {
                self.check_deliverable(network, id)?;
                named.message = id;
                Action::Deliver(id)
            }
            Action::Drop(id) | Action::Duplicate(id) => {
                self.in_flight_message(id)?;
                named.message = id;
                action
            }
            Action::Forge(ref forgery) => {
                self.in_flight_message(forgery.id)?;
                named.message = forgery.id;
                action
            }
            Action::Crash(Crash { node, unsent }) => {
                self.check_node(node)?;
                if self.is_crashed(node) {
                    return Err(ActionError::AlreadyCrashed(node));
                }
                for (index, &id) in unsent.iter().enumerate() {
                    self.check_unsendable(node, id, now, &unsent[..index])?;
                }
                named.unsent = unsent;
                Action::Crash(Crash::plain(node))
            }
            Action::Recover(node) => {
                self.check_node(node)?;
                if !self.is_crashed(node) {
                    return Err(ActionError::NotCrashed(node));
                }
                Action::Recover(node)
            }
            Action::Partition(groups) => Action::Partition(self.check_partition(groups)?),
            Action::Heal => {
                if self.partition().is_none() {
                    return Err(ActionError::NotPartitioned);
                }
                Action::Heal
            }
            Action::Fire(id) => {
                self.check_fireable(network, id)?;
                named.timer = id;
                Action::Fire(id)
            }
            Action::EndRound => {
                for (index, queue) in self.channels.iter().enumerate() {
                    let (from, to) = self.ends(index);
                    if self.connected(from, to) {
                        named.arrivals.extend(queue.iter().copied());
                    }
                }
                Action::EndRound
            }
        };
        Ok((action, named))
    }

    /// Refuses to leave message `id` unsent in `node`'s crash unless `node` sent it in step
    /// `now`, the one just made, and it is still in flight (and it is not listed twice).
    fn check_unsendable(
        &self,
        node: NodeId,
        id: MessageId,
        now: u64,
        listed: &[MessageId],
    ) -> Result<(), ActionError> {
        let m = self.message(id).ok_or(ActionError::UnknownMessage(id))?;
        let reason = if m.from != node || m.copy_of.is_some() {
            format!("node {} sent it, not node {node}", m.from)
        } else if m.step != now {
            format!(
                "it was sent at step {}, and only the sends of the step just made (step {now}) can be cut short",
                m.step
            )
        } else if m.fate != Fate::InFlight {
            format!("it is no longer in flight: it was {}", m.fate.describe())
        } else if listed.contains(&id) {
            "it is listed twice".to_string()
        } else {
            return Ok(());
        };
        Err(ActionError::NotUnsendable { id, node, reason })
    }

    fn check_partition(&self, groups: Vec<Vec<NodeId>>) -> Result<Vec<Vec<NodeId>>, ActionError> {
        if groups.len() < 2 {
            return Err(ActionError::BadPartition(
                "a partition needs at least two groups".to_string(),
            ));
        }
        let mut seen = vec![false; self.nodes as usize];
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
        Ok(groups)
    }

    fn check_node(&self, node: NodeId) -> Result<(), ActionError> {
        if node < self.nodes {
            return Ok(());
        }
        Err(ActionError::UnknownNode {
            node,
            last: self.nodes - 1,
        })
    }

    fn in_flight_message(&self, id: MessageId) -> Result<&Message, ActionError> {
        let message = self.message(id).ok_or(ActionError::UnknownMessage(id))?;
        if message.fate == Fate::InFlight {
            return Ok(message);
        }
        Err(ActionError::NotInFlight {
            id,
            fate: message.fate.describe(),
        })
    }

    /// Writes down, as it happens, what step `now` broke of the network's promises.
    pub(crate) fn note_assumptions(
        &self,
        labels: &dyn Labels,
        step: &Step,
        now: u64,
        assumptions: &mut Assumptions,
    ) {
        let tampering = match step.action {
            Action::Drop(_) => Some(Tampering::Dropped),
            Action::Deliver(_) if step.lost => Some(Tampering::Lost),
            Action::Duplicate(_) => Some(Tampering::Duplicated),
            Action::Crash(_) if !step.named.unsent.is_empty() => Some(Tampering::Unsent),
            _ => None,
        };
        if let Some(how) = tampering {
            let message = match how {
                Tampering::Unsent => step.named.unsent[0],
                _ => step.named.message,
            };
            let fact = self.message_fact(labels, message);
            if matches!(how, Tampering::Dropped) {
                assumptions.dropped.keep_first(|| (fact.clone(), now));
            }
            assumptions.tampered.keep_first(|| (fact, how, now));
        }
        if let Action::Fire(timer) = step.action {
            if assumptions.early_timeout.get().is_some() {
                return;
            }
            let waiting = self
                .first_waiting(|_, to| !self.is_crashed(to))
                .map(|m| m.id);
            if let Some(waiting) = waiting {
                let early = EarlyTimeout {
                    step: now,
                    node: self.timers[*timer as usize].node,
                    timer: *timer,
                    label: labels.timer_label(*timer),
                    waiting: self.message_fact(labels, waiting),
                };
                assumptions.early_timeout.keep_first(|| early);
            }
        }
    }

    fn message_fact(&self, labels: &dyn Labels, id: MessageId) -> MessageFact {
        let m = &self.messages[id as usize];
        MessageFact {
            id,
            from: m.from,
            to: m.to,
            label: labels.message_label(id),
        }
    }

    /// Records step `now`: its event, its sends with their new ids, its deliveries, and what it
    /// did to messages, nodes and the partition. The caller keeps the payloads of the sends (and
    /// of a duplicate) and the records, in the same order.
    pub(crate) fn record(&mut self, now: u64, step: &Step) -> Recorded {
        let named = step.named;
        let event = match step.action {
            Action::Command { node, .. } => Some(self.local_event(
                *node,
                now,
                EventKind::Command {
                    label: step.label.clone(),
                },
                step.records,
            )),
            Action::Deliver(_) if step.lost => {
                self.settle(named.message, Fate::Lost { step: now });
                None
            }
            Action::Deliver(_) => Some(self.receive(named.message, now, step.records)),
            Action::Drop(_) => {
                self.settle(named.message, Fate::Dropped { step: now });
                None
            }
            Action::Duplicate(_) => {
                self.duplicate(named.message, now);
                None
            }
            Action::Forge(forgery) if forgery.withholds() => {
                self.settle(named.message, Fate::Withheld { step: now });
                None
            }
            Action::Forge(_) => {
                if let Some(m) = self.messages.get_mut(named.message as usize) {
                    m.forged = Some(now);
                }
                None
            }
            Action::Crash(crash) => {
                self.clear_timers(crash.node, now);
                for id in &named.unsent {
                    self.settle(*id, Fate::Unsent { step: now });
                }
                self.down[crash.node as usize] = true;
                Some(self.local_event(crash.node, now, EventKind::Crash, 0))
            }
            Action::Recover(node) => {
                self.down[*node as usize] = false;
                Some(self.local_event(*node, now, EventKind::Recover, step.records))
            }
            Action::Fire(timer) => {
                let node = self.timers[*timer as usize].node;
                let event = self.local_event(
                    node,
                    now,
                    EventKind::Timeout {
                        timer: *timer,
                        label: step.label.clone(),
                    },
                    step.records,
                );
                self.fired(*timer, event, now);
                Some(event)
            }
            Action::Partition(groups) => {
                self.partitioned(groups.clone(), now);
                None
            }
            Action::Heal => {
                self.healed(now);
                None
            }
            // Each arrival is a receipt at its receiver (or lost at a crashed one); the nodes'
            // round events follow, one by one (see [`Journal::record_round`]).
            Action::EndRound => {
                for id in &named.arrivals {
                    let to = self.messages[*id as usize].to;
                    if self.is_crashed(to) {
                        self.settle(*id, Fate::Lost { step: now });
                    } else {
                        self.receive(*id, now, 0);
                    }
                }
                None
            }
        };
        let (sends, deliveries) = match step.node {
            Some(node) => self.handler_output(node, now, step.receivers, step.delivered),
            None => (Vec::new(), Vec::new()),
        };
        Recorded {
            event,
            sends,
            deliveries,
        }
    }

    /// Round `round` begins at `node` in step `now`: an event with the round handler's
    /// `records`, then its sends and deliveries.
    pub(crate) fn record_round(
        &mut self,
        now: u64,
        round: u32,
        node: NodeId,
        records: u32,
        receivers: &[NodeId],
        delivered: &[Delivery],
    ) -> Recorded {
        let event = self.local_event(node, now, EventKind::Round { round }, records);
        let (sends, deliveries) = self.handler_output(node, now, receivers, delivered);
        Recorded {
            event: Some(event),
            sends,
            deliveries,
        }
    }

    /// A handler's sends and deliveries to the application, interleaved as it asked for them.
    fn handler_output(
        &mut self,
        node: NodeId,
        now: u64,
        receivers: &[NodeId],
        delivered: &[Delivery],
    ) -> (Vec<MessageId>, Vec<EventId>) {
        let mut sends = Vec::with_capacity(receivers.len());
        let mut deliveries = Vec::with_capacity(delivered.len());
        let mut delivered = delivered.iter().peekable();
        for (index, to) in receivers.iter().enumerate() {
            while let Some(delivery) = delivered.next_if(|d| d.after_sends == index) {
                deliveries.push(self.delivery(node, now, delivery));
            }
            sends.push(self.send(node, *to, now));
        }
        for delivery in delivered {
            deliveries.push(self.delivery(node, now, delivery));
        }
        (sends, deliveries)
    }

    /// Records an application delivery as an event of its own on the node's line.
    fn delivery(&mut self, node: NodeId, step: u64, delivery: &Delivery) -> EventId {
        let kind = EventKind::Deliver {
            app: delivery.app,
            text: delivery.text.clone(),
        };
        self.local_event(node, step, kind, 0)
    }

    /// The network was split into `groups` at `step` (ending the partition before, if any).
    fn partitioned(&mut self, groups: Vec<Vec<NodeId>>, step: u64) {
        self.healed(step);
        self.partitions.push(PartitionSpan {
            groups,
            from: step,
            until: None,
        });
    }

    /// The current partition, if any, ended at `step`.
    fn healed(&mut self, step: u64) {
        if let Some(current) = self.partitions.last_mut().filter(|p| p.until.is_none()) {
            current.until = Some(step);
        }
    }

    /// A local event (command, crash, recovery, timeout, delivery) at `node`.
    fn local_event(&mut self, node: NodeId, step: u64, kind: EventKind, records: u32) -> EventId {
        self.clocks[node as usize].tick(node);
        self.push_event(node, step, kind, records)
    }

    /// Message `id` arrives at its receiver, which was up.
    fn receive(&mut self, id: MessageId, step: u64, records: u32) -> EventId {
        let (from, to, sent) = {
            let m = &self.messages[id as usize];
            (m.from, m.to, m.sent)
        };
        self.clocks[to as usize].merge_and_tick(to, &self.events[sent as usize].stamp);
        let event = self.push_event(to, step, EventKind::Receive { message: id, from }, records);
        self.settle(id, Fate::Delivered { event, step });
        event
    }

    /// Message `id` leaves the network with `fate`.
    fn settle(&mut self, id: MessageId, fate: Fate) {
        let (from, to) = {
            let m = self
                .messages
                .get_mut(id as usize)
                .expect("a recorded message");
            m.fate = fate;
            (m.from, m.to)
        };
        let queue = &mut self.channels[(from * self.nodes + to) as usize];
        let at = queue
            .iter()
            .position(|m| *m == id)
            .expect("a settled message was in flight");
        queue.remove(at);
    }

    /// `from` sends a message to `to`: a send event and a new message in flight.
    fn send(&mut self, from: NodeId, to: NodeId, step: u64) -> MessageId {
        let id = self.messages.len() as MessageId;
        let sent = self.local_event(from, step, EventKind::Send { message: id, to }, 0);
        self.messages.push(Message {
            id,
            from,
            to,
            sent,
            step,
            copy_of: None,
            fate: Fate::InFlight,
            forged: None,
        });
        self.channels[(from * self.nodes + to) as usize].push_back(id);
        id
    }

    /// The network makes a second copy of message `id`, with a fresh id, behind the others.
    fn duplicate(&mut self, id: MessageId, step: u64) -> MessageId {
        let copy_id = self.messages.len() as MessageId;
        let copy = Message {
            id: copy_id,
            copy_of: Some(id),
            step,
            ..self.messages[id as usize].clone()
        };
        let index = (copy.from * self.nodes + copy.to) as usize;
        self.messages.push(copy);
        self.channels[index].push_back(copy_id);
        copy_id
    }

    /// Starts a timer at `node`, due `delay` units from now (the caller has cancelled one pending
    /// under the same name).
    pub(crate) fn set_timer(&mut self, node: NodeId, step: u64, delay: u32) -> TimerId {
        let id = self.timers.len() as TimerId;
        self.timers.push(Timer {
            id,
            node,
            step,
            due: self.now + u64::from(delay),
            state: TimerState::Pending,
        });
        self.pending[node as usize].push(id);
        id
    }

    /// Timer `id`, pending, is cancelled (or set again) at `step`.
    pub(crate) fn cancel_timer(&mut self, id: TimerId, step: u64) {
        self.end_timer(id, TimerState::Cancelled { step });
    }

    /// Timer `id` fired at `event`.
    fn fired(&mut self, id: TimerId, event: EventId, step: u64) {
        self.now = self.now.max(self.timers[id as usize].due);
        self.end_timer(id, TimerState::Fired { event, step });
    }

    /// A crash clears every pending timer of `node`.
    fn clear_timers(&mut self, node: NodeId, step: u64) {
        for id in std::mem::take(&mut self.pending[node as usize]) {
            self.timer_mut(id).state = TimerState::Cleared { step };
        }
    }

    fn end_timer(&mut self, id: TimerId, state: TimerState) {
        let timer = self.timer_mut(id);
        timer.state = state;
        let node = timer.node;
        self.pending[node as usize].retain(|pending| *pending != id);
    }

    fn timer_mut(&mut self, id: TimerId) -> &mut Timer {
        self.timers.get_mut(id as usize).expect("a recorded timer")
    }

    fn push_event(&mut self, node: NodeId, step: u64, kind: EventKind, records: u32) -> EventId {
        let id = self.events.len() as EventId;
        self.events.push(Event {
            id,
            step,
            node,
            kind,
            stamp: self.clocks[node as usize].clone(),
            first_record: self.records,
            record_count: records,
        });
        self.records += u64::from(records);
        id
    }
}
