//! The simulator: the one owner of every choice in a run.
//!
//! A `World` is a canonical [`State`] (what determines the future) with a [`Recorder`] beside it
//! (the history: events with their clocks, messages and timers by id, their fates). `apply` turns
//! an id-based [`Action`] into a content-based [`Move`], checks it against the network's rules
//! using the recorder's indexes, lets the state perform it, records what happened, and folds the
//! step into the properties' monitor. Protocol code never learns whether a person, the random
//! scheduler or a replayed link chose the action.

use crate::action::{Action, ActionError, Crash, MessageId, NodeId, TimerId};
use crate::chunked::Chunked;
use crate::monitor::{EarlyTimeout, MessageFact, Observation, Sent, Tampering};
use crate::network::{Channels, Network, Timing};
use crate::protocol::Protocol;
use crate::recorder::Recorder;
use crate::state::{Delivery, Effects, Move, NodeSlot, Parcel, State, TimerEffect};
use crate::trace::{Event, EventId, EventKind, Fate, Message, Timer};
use crate::verdict::Verdict;

#[derive(Clone, Debug)]
pub struct World<P: Protocol> {
    protocol: P,
    network: Network,
    seed: u64,
    step: u64,
    state: State<P>,
    history: Recorder<P>,
}

/// Which message or timer an action named: for the record, and the monitors' evidence.
#[derive(Default)]
struct Named {
    message: MessageId,
    timer: TimerId,
    /// The messages a crash leaves unsent.
    unsent: Vec<MessageId>,
}

impl<P: Protocol> World<P> {
    pub fn new(protocol: P, network: Network, seed: u64) -> World<P> {
        World {
            state: State::initial(&protocol),
            history: Recorder::new(&protocol),
            protocol,
            network,
            seed,
            step: 0,
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

    /// The canonical state: what determines the future, without ids or history.
    pub fn state(&self) -> &State<P> {
        &self.state
    }

    /// The history: events, messages and timers by id.
    pub fn history(&self) -> &Recorder<P> {
        &self.history
    }

    pub fn node_count(&self) -> NodeId {
        self.state.node_count()
    }

    pub fn slot(&self, node: NodeId) -> &NodeSlot<P> {
        self.state.slot(node)
    }

    pub fn is_crashed(&self, node: NodeId) -> bool {
        self.state.is_crashed(node)
    }

    pub fn events(&self) -> &Chunked<Event<P::Record>> {
        self.history.events()
    }

    /// Every message ever sent, indexed by id.
    pub fn messages(&self) -> &Chunked<Message<P::Msg>> {
        self.history.messages()
    }

    /// Every timer ever set, indexed by id.
    pub fn timers(&self) -> &Chunked<Timer<P::Timer>> {
        self.history.timers()
    }

    /// The pending timers, by ascending id.
    pub fn pending_timers(&self) -> impl Iterator<Item = &Timer<P::Timer>> {
        let timers = self.history.timers();
        self.history
            .pending()
            .into_iter()
            .map(move |id| &timers[id as usize])
    }

    /// The in-flight messages, by ascending id.
    pub fn in_flight(&self) -> impl Iterator<Item = &Message<P::Msg>> {
        let messages = self.history.messages();
        self.history
            .in_flight()
            .into_iter()
            .map(move |id| &messages[id as usize])
    }

    pub fn partition(&self) -> Option<&[Vec<NodeId>]> {
        self.state.partition()
    }

    /// Every property's verdict, each marked with whether the protocol promises it under this
    /// network and the faults the run has suffered.
    pub fn verdicts(&self) -> Vec<Verdict> {
        let mut verdicts = self.protocol.verdicts(&self.state, &self.network);
        for verdict in &mut verdicts {
            verdict.guaranteed =
                self.protocol
                    .guaranteed(verdict.name, &self.network, self.state.spent());
        }
        verdicts
    }

    /// Whether `id` can be delivered now, and if not, why not.
    pub fn check_deliverable(&self, id: MessageId) -> Result<(), ActionError> {
        let message = self.in_flight_message(id)?;
        let (from, to) = (message.from, message.to);
        if self.network.channels == Channels::Fifo {
            let head = self.history.channel(from, to).front().copied();
            if let Some(head) = head.filter(|head| *head != id) {
                return Err(ActionError::NotHeadOfChannel { id, head, from, to });
            }
        }
        if !self.state.connected(from, to) {
            return Err(ActionError::AcrossPartition { id, from, to });
        }
        Ok(())
    }

    /// The in-flight messages that can be delivered now, by ascending id.
    pub fn deliverable(&self) -> Vec<MessageId> {
        let mut ids = Vec::new();
        for (from, to, _) in self.state.busy_channels() {
            if !self.state.connected(from, to) {
                continue;
            }
            let queue = self.history.channel(from, to);
            match self.network.channels {
                Channels::Fifo => ids.extend(queue.front()),
                Channels::Unordered => ids.extend(queue.iter()),
            }
        }
        ids.sort_unstable();
        ids
    }

    /// Whether timer `id` may fire now, and if not, why not.
    pub fn check_fireable(&self, id: TimerId) -> Result<(), ActionError> {
        let timer = self
            .history
            .timer(id)
            .ok_or(ActionError::UnknownTimer(id))?;
        if self.history.pending_timer(timer.node, &timer.name) != Some(id) {
            return Err(ActionError::TimerNotPending {
                id,
                state: timer.state.describe(),
            });
        }
        if self.network.timing == Timing::Sync {
            if let Some(waiting) = self.first_waiting(|from, to| self.state.on_its_way(from, to)) {
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

    /// The pending timers that may fire now, by ascending id.
    pub fn fireable(&self) -> Vec<TimerId> {
        if self.network.timing == Timing::Sync && self.state.anything_on_its_way() {
            return Vec::new();
        }
        self.history.pending()
    }

    /// The oldest in-flight message on a channel that `counts`.
    fn first_waiting(&self, counts: impl Fn(NodeId, NodeId) -> bool) -> Option<&Message<P::Msg>> {
        self.state
            .busy_channels()
            .filter(|(from, to, _)| counts(*from, *to))
            .filter_map(|(from, to, _)| self.history.channel(from, to).front())
            .min()
            .map(|id| &self.history.messages()[*id as usize])
    }

    /// The id-based action that performs `what` here: how a path the model checker found (in
    /// terms of content) becomes an ordinary scenario. `None` when `what` is not possible now.
    pub fn action_for(&self, what: &Move<P>) -> Option<Action<P::Cmd>> {
        let matching = |from: NodeId, to: NodeId, msg: &Parcel<P>| {
            self.history
                .channel(from, to)
                .iter()
                .copied()
                .find(|id| self.history.parcel(*id) == *msg)
        };
        Some(match what {
            Move::Command { node, cmd } => Action::Command {
                node: *node,
                cmd: cmd.clone(),
            },
            Move::Deliver { from, to, msg } => Action::Deliver(matching(*from, *to, msg)?),
            Move::Drop { from, to, msg, at } => Action::Drop(match self.network.channels {
                Channels::Fifo => *self.history.channel(*from, *to).get(*at as usize)?,
                Channels::Unordered => matching(*from, *to, msg)?,
            }),
            Move::Duplicate { from, to, msg } => Action::Duplicate(matching(*from, *to, msg)?),
            Move::Crash { node, unsent } => Action::Crash(Crash {
                node: *node,
                unsent: self.unsent_ids(*node, unsent)?,
            }),
            Move::Recover(node) => Action::Recover(*node),
            Move::Partition(groups) => Action::Partition(groups.clone()),
            Move::Heal => Action::Heal,
            Move::Fire { node, timer } => Action::Fire(self.history.pending_timer(*node, timer)?),
        })
    }

    /// Performs one action, or refuses it and leaves the world unchanged.
    pub fn apply(&mut self, action: Action<P::Cmd>) -> Result<(), ActionError> {
        let (what, named) = self.resolve(action)?;
        let effects = self
            .state
            .transition(&self.protocol, &self.network, &what)
            .map_err(|reason| ActionError::CommandRefused {
                node: match &what {
                    Move::Command { node, .. } => *node,
                    _ => 0,
                },
                reason,
            })?;
        self.step += 1;
        self.note_assumptions(&what, &named, effects.lost);
        let Effects {
            node,
            records,
            sends,
            timers,
            delivered,
            lost,
        } = effects;
        let (event, sends, delivery_events) = self.record(
            &what, &named, node, records, sends, &delivered, &timers, lost,
        );
        for event in event.into_iter().chain(delivery_events) {
            self.history.chronicle_event(&self.protocol, event);
        }
        let records = match event {
            Some(event) => &self.history.events()[event as usize].records[..],
            None => &[],
        };
        let assumptions = std::mem::take(self.state.assumptions_mut());
        let observation = Observation {
            what: &what,
            node,
            records,
            sends: &sends,
            delivered: &delivered,
            lost,
            network: &self.network,
            assumptions: &assumptions,
            explain: true,
            step: self.step,
            message: named.message,
        };
        self.state.observe(&self.protocol, &observation);
        *self.state.assumptions_mut() = assumptions;
        Ok(())
    }

    /// Checks an action against the rules and turns its ids into content.
    fn resolve(&self, action: Action<P::Cmd>) -> Result<(Move<P>, Named), ActionError> {
        let mut named = Named::default();
        let what = match action {
            Action::Command { node, cmd } => {
                self.check_node(node)?;
                if self.is_crashed(node) {
                    return Err(ActionError::NodeCrashed(node));
                }
                Move::Command { node, cmd }
            }
            Action::Deliver(id) => {
                self.check_deliverable(id)?;
                named.message = id;
                let m = &self.history.messages()[id as usize];
                Move::Deliver {
                    from: m.from,
                    to: m.to,
                    msg: self.history.parcel(id),
                }
            }
            Action::Drop(id) => {
                let m = self.in_flight_message(id)?;
                named.message = id;
                let (from, to) = (m.from, m.to);
                let msg = self.history.parcel(id);
                let copy = self
                    .history
                    .channel(from, to)
                    .iter()
                    .position(|m| *m == id)
                    .expect("an in-flight message is on its channel")
                    as u32;
                let at = self.state.place(&self.network, from, to, &msg, copy);
                Move::Drop { from, to, msg, at }
            }
            Action::Duplicate(id) => {
                let m = self.in_flight_message(id)?;
                named.message = id;
                Move::Duplicate {
                    from: m.from,
                    to: m.to,
                    msg: self.history.parcel(id),
                }
            }
            Action::Crash(Crash { node, unsent }) => {
                self.check_node(node)?;
                if self.is_crashed(node) {
                    return Err(ActionError::AlreadyCrashed(node));
                }
                let mut parcels = Vec::with_capacity(unsent.len());
                for (index, &id) in unsent.iter().enumerate() {
                    self.check_unsendable(node, id, &unsent[..index])?;
                    let m = &self.history.messages()[id as usize];
                    parcels.push((m.to, self.history.parcel(id)));
                }
                named.unsent = unsent;
                Move::Crash {
                    node,
                    unsent: parcels,
                }
            }
            Action::Recover(node) => {
                self.check_node(node)?;
                if !self.is_crashed(node) {
                    return Err(ActionError::NotCrashed(node));
                }
                Move::Recover(node)
            }
            Action::Partition(groups) => Move::Partition(self.check_partition(groups)?),
            Action::Heal => {
                if self.partition().is_none() {
                    return Err(ActionError::NotPartitioned);
                }
                Move::Heal
            }
            Action::Fire(id) => {
                self.check_fireable(id)?;
                named.timer = id;
                let timer = &self.history.timers()[id as usize];
                Move::Fire {
                    node: timer.node,
                    timer: timer.name.clone(),
                }
            }
        };
        Ok((what, named))
    }

    /// Writes down, as it happens, what this step broke of the network's promises.
    fn note_assumptions(&mut self, what: &Move<P>, named: &Named, lost: bool) {
        let step = self.step;
        let tampering = match what {
            Move::Drop { .. } => Some(Tampering::Dropped),
            Move::Deliver { .. } if lost => Some(Tampering::Lost),
            Move::Duplicate { .. } => Some(Tampering::Duplicated),
            Move::Crash { unsent, .. } if !unsent.is_empty() => Some(Tampering::Unsent),
            _ => None,
        };
        if let Some(how) = tampering {
            let message = match how {
                Tampering::Unsent => named.unsent[0],
                _ => named.message,
            };
            let fact = self.message_fact(message);
            let assumptions = self.state.assumptions_mut();
            if matches!(how, Tampering::Dropped) {
                assumptions.dropped.keep_first(|| (fact.clone(), step));
            }
            assumptions.tampered.keep_first(|| (fact, how, step));
        }
        if let Move::Fire { node, timer } = what {
            if self.state.assumptions().early_timeout.get().is_some() {
                return;
            }
            let waiting = self
                .first_waiting(|_, to| !self.state.is_crashed(to))
                .map(|m| m.id);
            if let Some(waiting) = waiting {
                let early = EarlyTimeout {
                    step,
                    node: *node,
                    timer: named.timer,
                    label: self.protocol.timer_label(timer),
                    waiting: self.message_fact(waiting),
                };
                self.state
                    .assumptions_mut()
                    .early_timeout
                    .keep_first(|| early);
            }
        }
    }

    /// The node whose handler ran in the step just made and the messages it sent there that are
    /// still in flight: what a crash now may leave unsent. `None` when that step sent nothing
    /// (or its node has crashed since).
    pub fn last_sends(&self) -> Option<(NodeId, Vec<MessageId>)> {
        let messages = self.history.messages();
        let recent = messages
            .iter()
            .rev()
            .take_while(|m| m.step == self.step)
            .filter(|m| m.copy_of.is_none() && m.fate == Fate::InFlight);
        let mut sent: Vec<MessageId> = recent.map(|m| m.id).collect();
        let node = messages.get(*sent.first()? as usize)?.from;
        if self.is_crashed(node) {
            return None;
        }
        sent.reverse();
        Some((node, sent))
    }

    /// Refuses to leave message `id` unsent in `node`'s crash unless `node` sent it in the step
    /// just made and it is still in flight (and it is not listed twice).
    fn check_unsendable(
        &self,
        node: NodeId,
        id: MessageId,
        listed: &[MessageId],
    ) -> Result<(), ActionError> {
        let m = self
            .history
            .messages()
            .get(id as usize)
            .ok_or(ActionError::UnknownMessage(id))?;
        let sent = SentFacts {
            from: m.from,
            duplicate: m.copy_of.is_some(),
            step: m.step,
            fate: m.fate,
        };
        unsendable(sent, node, self.step, listed.contains(&id))
            .map_err(|reason| ActionError::NotUnsendable { id, node, reason })
    }

    /// The ids of the messages `node` sent in the step just made that are `unsent`'s contents,
    /// newest first among equal ones: how a crash the model checker found becomes an action.
    fn unsent_ids(&self, node: NodeId, unsent: &[(NodeId, Parcel<P>)]) -> Option<Vec<MessageId>> {
        let mut ids: Vec<MessageId> = Vec::with_capacity(unsent.len());
        for (to, parcel) in unsent {
            let id = self
                .history
                .channel(node, *to)
                .iter()
                .rev()
                .copied()
                .find(|id| {
                    let m = &self.history.messages()[*id as usize];
                    m.step == self.step
                        && m.copy_of.is_none()
                        && !ids.contains(id)
                        && self.history.parcel(*id) == *parcel
                })?;
            ids.push(id);
        }
        Some(ids)
    }

    fn message_fact(&self, id: MessageId) -> MessageFact {
        let m = &self.history.messages()[id as usize];
        MessageFact {
            id,
            from: m.from,
            to: m.to,
            label: self.protocol.message_label(&m.payload),
        }
    }

    /// Records an application delivery as an event of its own on the node's line.
    fn record_delivery(&mut self, node: NodeId, step: u64, delivery: &Delivery) -> EventId {
        let kind = EventKind::Deliver {
            app: delivery.app,
            text: delivery.text.clone(),
        };
        self.history.local_event(node, step, kind, Vec::new())
    }

    /// Records the step in the history; returns the handler's event (if it ran), the sends with
    /// their new ids, and the events of its deliveries.
    #[allow(clippy::too_many_arguments)]
    fn record(
        &mut self,
        what: &Move<P>,
        named: &Named,
        node: Option<NodeId>,
        records: Vec<P::Record>,
        sent: Vec<(NodeId, Parcel<P>)>,
        delivered: &[Delivery],
        timers: &[TimerEffect<P::Timer>],
        lost: bool,
    ) -> (Option<u64>, Vec<Sent<Parcel<P>>>, Vec<EventId>) {
        let step = self.step;
        let event = match what {
            Move::Command { cmd, node } => {
                let label = self.protocol.command_label(cmd);
                Some(
                    self.history
                        .local_event(*node, step, EventKind::Command { label }, records),
                )
            }
            Move::Deliver { .. } if lost => {
                self.history.settle(named.message, Fate::Lost { step });
                None
            }
            Move::Deliver { .. } => Some(self.history.receive(named.message, step, records)),
            Move::Drop { .. } => {
                self.history.settle(named.message, Fate::Dropped { step });
                None
            }
            Move::Duplicate { .. } => {
                self.history.duplicate(named.message, step);
                None
            }
            Move::Crash { node, .. } => {
                self.history.clear_timers(*node, step);
                for id in &named.unsent {
                    self.history.settle(*id, Fate::Unsent { step });
                }
                Some(
                    self.history
                        .local_event(*node, step, EventKind::Crash, Vec::new()),
                )
            }
            Move::Recover(node) => {
                Some(
                    self.history
                        .local_event(*node, step, EventKind::Recover, records),
                )
            }
            Move::Fire { node, timer } => {
                let label = self.protocol.timer_label(timer);
                let event = self.history.local_event(
                    *node,
                    step,
                    EventKind::Timeout {
                        timer: named.timer,
                        label,
                    },
                    records,
                );
                self.history.fired(named.timer, event, step);
                Some(event)
            }
            Move::Partition(groups) => {
                self.history.partitioned(groups.clone(), step);
                None
            }
            Move::Heal => {
                self.history.healed(step);
                None
            }
        };
        let mut sends = Vec::with_capacity(sent.len());
        let mut delivery_events = Vec::with_capacity(delivered.len());
        if let Some(node) = node {
            // Deliveries and sends interleave as the handler asked for them.
            let mut deliveries = delivered.iter().peekable();
            for (index, (to, parcel)) in sent.into_iter().enumerate() {
                while let Some(delivery) = deliveries.next_if(|d| d.after_sends == index) {
                    delivery_events.push(self.record_delivery(node, step, delivery));
                }
                let id = self.history.send(node, to, step, parcel.clone());
                sends.push(Sent {
                    to,
                    msg: parcel,
                    id,
                });
            }
            for delivery in deliveries {
                delivery_events.push(self.record_delivery(node, step, delivery));
            }
            for timer in timers {
                match timer {
                    TimerEffect::Set(name) => {
                        self.history.set_timer(node, step, name.clone());
                    }
                    TimerEffect::Cancel(name) => self.history.cancel_timer(node, step, name),
                }
            }
        }
        (event, sends, delivery_events)
    }

    fn check_partition(&self, groups: Vec<Vec<NodeId>>) -> Result<Vec<Vec<NodeId>>, ActionError> {
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
        Ok(groups)
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

    fn in_flight_message(&self, id: MessageId) -> Result<&Message<P::Msg>, ActionError> {
        let message = self
            .history
            .message(id)
            .ok_or(ActionError::UnknownMessage(id))?;
        if message.fate == Fate::InFlight {
            return Ok(message);
        }
        Err(ActionError::NotInFlight {
            id,
            fate: message.fate.describe(),
        })
    }
}

/// What decides whether a message may stay unsent in a crash (see [`unsendable`]).
#[derive(Clone, Copy)]
struct SentFacts {
    from: NodeId,
    duplicate: bool,
    step: u64,
    fate: Fate,
}

/// Why a message may not stay unsent in `node`'s crash right after step `now`, if it may not.
/// Apart from the world's type, so that the page carries it once, not once per protocol.
fn unsendable(sent: SentFacts, node: NodeId, now: u64, listed: bool) -> Result<(), String> {
    if sent.from != node || sent.duplicate {
        return Err(format!("node {} sent it, not node {node}", sent.from));
    }
    if sent.step != now {
        return Err(format!(
            "it was sent at step {}, and only the sends of the step just made (step {now}) can be cut short",
            sent.step
        ));
    }
    if sent.fate != Fate::InFlight {
        return Err(format!(
            "it is no longer in flight: it was {}",
            sent.fate.describe()
        ));
    }
    if listed {
        return Err("it is listed twice".to_string());
    }
    Ok(())
}
