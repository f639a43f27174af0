//! The canonical state of a world: exactly what determines its future.
//!
//! The nodes (running, or crashed with their durable part), the in-flight messages (a queue per
//! FIFO channel; a sorted multiset per unordered channel, so the order in which two messages
//! entered the network does not matter), each node's pending timers by name, the partition, the
//! budget spent, and each property's monitor. No ids, clocks, step counts or history: two runs
//! that reach the same situation have equal states and equal fingerprints. The history (the
//! trace, ids, clocks, fates) is recorded beside it by [`crate::world::World`] and dropped by
//! the model checker.
//!
//! [`State::transition`] is the one implementation of what each [`Move`] does, shared by the
//! world and the checker. It assumes the move is legal: the world checks ids and the network's
//! rules first, the checker enumerates only legal moves.

use std::hash::{Hash, Hasher};
use std::rc::Rc;

use crate::action::NodeId;
use crate::budget::{Budgets, Spend};
use crate::checker::fingerprint::fingerprint;
use crate::monitor::{Assumptions, Observation};
use crate::network::{Channels, Network};
use crate::pending_timers::{self, Pending, Timers};
use crate::protocol::{AppId, Effect, Out, Part, Protocol};
use crate::queues::Queues;

/// A node as the simulator holds it: running, or crashed with only its durable state left.
#[derive(Clone, Debug)]
pub enum NodeSlot<P: Protocol> {
    Up(P::Node),
    Down(P::Durable),
}

impl<P: Protocol> Hash for NodeSlot<P> {
    fn hash<H: Hasher>(&self, hasher: &mut H) {
        match self {
            NodeSlot::Up(node) => {
                hasher.write_u8(0);
                node.hash(hasher);
            }
            NodeSlot::Down(durable) => {
                hasher.write_u8(1);
                durable.hash(hasher);
            }
        }
    }
}

impl<P: Protocol> PartialEq for NodeSlot<P> {
    fn eq(&self, other: &NodeSlot<P>) -> bool {
        match (self, other) {
            (NodeSlot::Up(a), NodeSlot::Up(b)) => a == b,
            (NodeSlot::Down(a), NodeSlot::Down(b)) => a == b,
            _ => false,
        }
    }
}

impl<P: Protocol> Eq for NodeSlot<P> {}

/// A message in flight with its monitor tag (see [`Protocol::Tag`]).
#[derive(Clone, Debug, Hash, PartialEq, Eq, PartialOrd, Ord)]
pub struct Envelope<M, T> {
    pub msg: M,
    pub tag: T,
}

/// A protocol's message in flight.
pub type Parcel<P> = Envelope<<P as Protocol>::Msg, <P as Protocol>::Tag>;

/// One step of a run in terms of content rather than ids: the model checker's actions, and what
/// a world's id-based [`crate::action::Action`] becomes once its ids are looked up.
#[derive(Clone, Debug)]
pub enum Move<P: Protocol> {
    Command {
        node: NodeId,
        cmd: P::Cmd,
    },
    Deliver {
        from: NodeId,
        to: NodeId,
        msg: Parcel<P>,
    },
    /// `at` is the message's place in its channel's queue: on a FIFO channel, which of several
    /// equal copies goes changes the order of what is left.
    Drop {
        from: NodeId,
        to: NodeId,
        msg: Parcel<P>,
        at: u32,
    },
    Duplicate {
        from: NodeId,
        to: NodeId,
        msg: Parcel<P>,
    },
    /// A crash; `unsent` (receiver and message) are sends of the node's last step that never
    /// leave it, when it dies part-way through them.
    Crash {
        node: NodeId,
        unsent: Vec<(NodeId, Parcel<P>)>,
    },
    Recover(NodeId),
    Partition(Vec<Vec<NodeId>>),
    Heal,
    Fire {
        node: NodeId,
        timer: P::Timer,
    },
    /// The next round begins: `arrivals` (sender, receiver, message), every message in flight
    /// that can arrive, in channel order, reach their receivers (those to a crashed node are
    /// lost), then every live node starts the round.
    EndRound {
        arrivals: Vec<(NodeId, NodeId, Parcel<P>)>,
    },
    /// A traitor puts `into` in place of `msg`, its message at place `at` of channel
    /// `from→to` (see [`Move::Drop`]), or withholds it (`None`).
    Forge {
        from: NodeId,
        to: NodeId,
        msg: Parcel<P>,
        at: u32,
        into: Option<Parcel<P>>,
    },
}

/// What a handler asked of a node's timers, in order.
#[derive(Clone, Debug)]
pub enum TimerEffect<T> {
    /// Start the named timer, due after the delay.
    Set(T, u32),
    Cancel(T),
}

/// What one move did beyond changing the state: the world records it, the monitors observe it.
#[derive(Debug)]
pub struct Effects<P: Protocol> {
    /// The node whose handler ran (or that crashed or recovered).
    pub node: Option<NodeId>,
    pub records: Vec<P::Record>,
    pub sends: Vec<(NodeId, Parcel<P>)>,
    pub timers: Vec<TimerEffect<P::Timer>>,
    /// What the handler delivered to its application, in order.
    pub delivered: Vec<Delivery>,
    /// A delivered message found its receiver crashed.
    pub lost: bool,
    /// At a round's end: each live node's effects, in node order (the move's own are empty).
    pub parts: Vec<Effects<P>>,
}

/// An application message a handler delivered to its application.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Delivery {
    pub app: AppId,
    /// The application's text of it.
    pub text: String,
    /// How many of the handler's sends came before it.
    pub after_sends: usize,
}

impl<P: Protocol> Effects<P> {
    fn none(node: Option<NodeId>) -> Effects<P> {
        Effects {
            node,
            records: Vec::new(),
            sends: Vec::new(),
            timers: Vec::new(),
            delivered: Vec::new(),
            lost: false,
            parts: Vec::new(),
        }
    }
}

#[derive(Clone, Debug)]
pub struct State<P: Protocol> {
    /// Shared between copies of the state, so that a copy for the next step (made on every step
    /// by the page, and for every successor by the checker) copies only the node that step
    /// changes: a node's state may grow with the run (a snapshot's recordings, say).
    nodes: Vec<Rc<NodeSlot<P>>>,
    /// In-flight messages of channel `from→to` at `from * nodes + to`: in send order on FIFO
    /// channels, sorted on unordered ones.
    channels: Queues<Parcel<P>>,
    /// Each node's pending timers, sorted by name, with how long until each is due.
    timers: Vec<Timers<P::Timer>>,
    /// The groups of the current partition, each sorted, ordered by their smallest node.
    partition: Option<Vec<Vec<NodeId>>>,
    spent: Budgets,
    monitor: P::Monitor,
    /// How many rounds have begun, for a protocol that runs in rounds (0: none yet).
    round: u32,
    /// The node whose handler ran in the step just made and what it sent, while the model
    /// checker may still crash it part-way through those sends (see [`Move::Crash`]); `None` in
    /// the page's and the CLI's worlds, which find the last step's sends in their history.
    recent: Vec<Recent<P>>,
    /// Words for blame; hashing and equality ignore them.
    assumptions: Assumptions,
}

/// A node's last step's sends: receiver and message, in the order it sent them.
pub type Recent<P> = (NodeId, Vec<(NodeId, Parcel<P>)>);

impl<P: Protocol> Hash for State<P> {
    fn hash<H: Hasher>(&self, hasher: &mut H) {
        self.nodes.hash(hasher);
        self.channels.hash(hasher);
        self.timers.hash(hasher);
        self.partition.hash(hasher);
        self.spent.hash(hasher);
        self.monitor.hash(hasher);
        // Only for a protocol in rounds, so that every other protocol's fingerprints stay what
        // they were before rounds.
        if self.round > 0 {
            self.round.hash(hasher);
        }
        // Only when there is one, so that a world's fingerprints (which never have one) stay
        // what they were before crashes could cut sends short.
        match self.recent.as_slice() {
            [] => {}
            [recent] => Some(recent).hash(hasher),
            all => all.hash(hasher),
        }
    }
}

impl<P: Protocol> PartialEq for State<P> {
    fn eq(&self, other: &State<P>) -> bool {
        self.nodes == other.nodes
            && self.channels == other.channels
            && self.timers == other.timers
            && self.partition == other.partition
            && self.spent == other.spent
            && self.monitor == other.monitor
            && self.round == other.round
            && self.recent == other.recent
    }
}

impl<P: Protocol> Eq for State<P> {}

impl<P: Protocol> State<P> {
    /// Every node fresh, nothing in flight, the initial timers pending.
    pub fn initial(protocol: &P) -> State<P> {
        let count = protocol.node_count();
        State {
            nodes: (0..count)
                .map(|id| Rc::new(NodeSlot::Up(protocol.init(id))))
                .collect(),
            channels: Queues::new((count * count) as usize),
            timers: (0..count)
                .map(|node| {
                    let mut timers = Vec::new();
                    for (name, delay) in protocol.initial_timers(node) {
                        pending_timers::set(&mut timers, name, delay);
                    }
                    timers
                })
                .collect(),
            partition: None,
            spent: Budgets::default(),
            monitor: protocol.monitor(),
            round: 0,
            recent: Vec::new(),
            assumptions: Assumptions::default(),
        }
    }

    /// How many rounds have begun (a protocol in rounds; 0 before the first).
    pub fn round(&self) -> u32 {
        self.round
    }

    /// A stable 64-bit hash of the state, equal natively and in wasm.
    pub fn fingerprint(&self) -> u64 {
        fingerprint(self)
    }

    /// The fingerprint of [`State::canonical`]: the model checker's identity of a state.
    pub fn canonical_fingerprint(&self, protocol: &P, channels: Channels) -> u64 {
        match self.canonical(protocol, channels) {
            Some(canonical) => fingerprint(&canonical),
            None => fingerprint(self),
        }
    }

    /// This state as the model checker identifies it, when the protocol has a canonical form
    /// (see [`Protocol::CANONICALIZES`]); `None` otherwise.
    /// - A message whose content its receiver can no longer use gives way to the protocol's
    ///   stand-in for it (an unordered channel is sorted again).
    /// - The counters the protocol renumbers are renumbered from 0, keeping their order and
    ///   whether one is the next after another: each gap between two of them (and between 0
    ///   and the lowest) shrinks to at most 2. A handler compares such counters and adds 1 to
    ///   them, nothing else, so the renumbered state behaves exactly as this one does, up to
    ///   the same renumbering.
    pub fn canonical(&self, protocol: &P, channels: Channels) -> Option<State<P>> {
        if !P::CANONICALIZES {
            return None;
        }
        let mut copy = self.clone();
        copy.put_stand_ins(protocol, channels);
        let mut counters = Vec::new();
        copy.each_counter(protocol, &mut |n| counters.push(*n));
        counters.sort_unstable();
        counters.dedup();
        let mut renumbered = Vec::with_capacity(counters.len());
        let (mut before, mut after) = (0u32, 0u32);
        for &n in &counters {
            after += (n - before).min(2);
            before = n;
            renumbered.push(after);
        }
        copy.each_counter(protocol, &mut |n| {
            let at = counters.binary_search(n).expect("every counter was listed");
            *n = renumbered[at];
        });
        Some(copy)
    }

    fn put_stand_ins(&mut self, protocol: &P, channels: Channels) {
        let n = self.node_count() as usize;
        let mut changed = false;
        let nodes = &self.nodes;
        for (channel, parcel) in self.channels.all_mut_by_channel() {
            if let NodeSlot::Up(receiver) = &*nodes[channel % n] {
                if let Some(stand_in) = protocol.stand_in(receiver, &parcel.msg) {
                    if stand_in != parcel.msg {
                        parcel.msg = stand_in;
                        changed = true;
                    }
                }
            }
        }
        if changed && channels == Channels::Unordered {
            self.channels.sort_each();
        }
    }

    /// Calls `visit` on every counter the protocol renumbers: in nodes, in flight, and in the
    /// sends a crash may still cut short.
    fn each_counter(&mut self, protocol: &P, visit: &mut dyn FnMut(&mut u32)) {
        for slot in &mut self.nodes {
            match Rc::make_mut(slot) {
                NodeSlot::Up(node) => protocol.renumber(Part::Node(node), visit),
                NodeSlot::Down(durable) => protocol.renumber(Part::Durable(durable), visit),
            }
        }
        for parcel in self.channels.all_mut() {
            protocol.renumber(Part::Msg(&mut parcel.msg), visit);
        }
        for (_, sends) in &mut self.recent {
            for (_, parcel) in sends {
                protocol.renumber(Part::Msg(&mut parcel.msg), visit);
            }
        }
    }

    pub fn node_count(&self) -> NodeId {
        self.nodes.len() as NodeId
    }

    pub fn slot(&self, node: NodeId) -> &NodeSlot<P> {
        &self.nodes[node as usize]
    }

    pub fn is_crashed(&self, node: NodeId) -> bool {
        matches!(*self.nodes[node as usize], NodeSlot::Down(_))
    }

    /// A running node's state to change (copied first if another state shares it), or `None`
    /// when the node is crashed.
    fn running_mut(&mut self, node: NodeId) -> Option<&mut P::Node> {
        let slot = &mut self.nodes[node as usize];
        if matches!(**slot, NodeSlot::Down(_)) {
            return None;
        }
        match Rc::make_mut(slot) {
            NodeSlot::Up(state) => Some(state),
            NodeSlot::Down(_) => None,
        }
    }

    pub fn partition(&self) -> Option<&[Vec<NodeId>]> {
        self.partition.as_deref()
    }

    pub fn spent(&self) -> &Budgets {
        &self.spent
    }

    /// The last step's senders (one, or each live node at a round's end) and their sends,
    /// while a crash may still cut them short (see [`Move::Crash`]).
    pub fn recent(&self) -> &[Recent<P>] {
        &self.recent
    }

    /// Counts one choice of `kind` that the transition does not count itself (the checker's
    /// bounded timeouts).
    pub(crate) fn spend(&mut self, kind: Spend) {
        self.spent.spend(kind);
    }

    pub(crate) fn set_recent(&mut self, recent: Vec<Recent<P>>) {
        self.recent = recent;
    }

    pub fn monitor(&self) -> &P::Monitor {
        &self.monitor
    }

    pub fn assumptions(&self) -> &Assumptions {
        &self.assumptions
    }

    pub(crate) fn assumptions_mut(&mut self) -> &mut Assumptions {
        &mut self.assumptions
    }

    /// The pending timers of `node`, by name.
    pub fn timers(&self, node: NodeId) -> &[Pending<P::Timer>] {
        &self.timers[node as usize]
    }

    /// How long until the earliest pending timer is due: under synchronous timing only the
    /// timers due then may fire. `None` when no timer is pending.
    pub fn earliest_due(&self) -> Option<u32> {
        self.timers
            .iter()
            .flatten()
            .map(|pending| pending.due)
            .min()
    }

    /// The in-flight messages on channel `from→to`.
    pub fn channel(&self, from: NodeId, to: NodeId) -> &[Parcel<P>] {
        self.channels.channel(self.channel_index(from, to))
    }

    /// Every channel with its in-flight messages, in `(from, to)` order, empty ones left out.
    pub fn busy_channels(&self) -> impl Iterator<Item = (NodeId, NodeId, &[Parcel<P>])> {
        let n = self.node_count();
        self.channels
            .busy()
            .map(move |(index, queue)| (index as NodeId / n, index as NodeId % n, queue))
    }

    /// Every in-flight message with its channel.
    pub fn in_flight(&self) -> impl Iterator<Item = (NodeId, NodeId, &P::Msg)> {
        self.busy_channels()
            .flat_map(|(from, to, queue)| queue.iter().map(move |parcel| (from, to, &parcel.msg)))
    }

    /// Whether the partition (if any) lets `from` reach `to`.
    pub fn connected(&self, from: NodeId, to: NodeId) -> bool {
        match &self.partition {
            None => true,
            Some(groups) => groups.iter().any(|g| g.contains(&from) && g.contains(&to)),
        }
    }

    /// Whether channel `from→to` holds a message that will arrive if delivered: not held by the
    /// partition, and not addressed to a crashed node. Under synchronous timing such a message
    /// holds every timer back.
    pub fn on_its_way(&self, from: NodeId, to: NodeId) -> bool {
        !self.channel(from, to).is_empty() && self.connected(from, to) && !self.is_crashed(to)
    }

    /// Whether any message is on its way (see [`State::on_its_way`]).
    pub fn anything_on_its_way(&self) -> bool {
        self.busy_channels()
            .any(|(from, to, _)| self.connected(from, to) && !self.is_crashed(to))
    }

    /// Where `msg` lies in channel `from→to` if it is the `copy`-th message of the channel's
    /// history order: on a FIFO channel that place itself, on an unordered one the first equal
    /// copy in sorted order.
    pub fn place(
        &self,
        network: &Network,
        from: NodeId,
        to: NodeId,
        msg: &Parcel<P>,
        copy: u32,
    ) -> u32 {
        match network.channels {
            Channels::Fifo => copy,
            Channels::Unordered => self.channel(from, to).partition_point(|m| m < msg) as u32,
        }
    }

    fn channel_index(&self, from: NodeId, to: NodeId) -> usize {
        (from * self.node_count() + to) as usize
    }

    /// Performs a legal move. A command the protocol refuses leaves the state unchanged and
    /// returns the protocol's reason.
    pub fn transition(
        &mut self,
        protocol: &P,
        network: &Network,
        action: &Move<P>,
    ) -> Result<Effects<P>, String> {
        let count = self.node_count();
        let effects = match action {
            Move::Command { node, cmd } => {
                let Some(state) = self.running_mut(*node) else {
                    unreachable!("commands go to running nodes only");
                };
                let mut out = Out::new(*node, count);
                // A protocol refuses a command without touching the node (its contract).
                protocol.on_command(state, &mut out, cmd.clone())?;
                self.spent.spend(Spend::Command);
                self.perform(protocol, network, *node, out)
            }
            Move::Deliver { from, to, msg } => {
                self.take(network, *from, *to, msg);
                match self.running_mut(*to) {
                    None => Effects {
                        lost: true,
                        ..Effects::none(None)
                    },
                    Some(state) => {
                        let mut out = Out::new(*to, count);
                        protocol.on_message(state, &mut out, *from, msg.msg.clone());
                        self.perform(protocol, network, *to, out)
                    }
                }
            }
            Move::Drop { from, to, at, .. } => {
                let index = self.channel_index(*from, *to);
                self.channels.remove(index, *at as usize);
                self.spent.spend(Spend::Drop);
                Effects::none(None)
            }
            Move::Duplicate { from, to, msg } => {
                self.put(network, *from, *to, msg.clone());
                self.spent.spend(Spend::Duplicate);
                Effects::none(None)
            }
            Move::Crash { node, unsent } => {
                for (to, msg) in unsent {
                    self.unsend(*node, *to, msg);
                }
                let NodeSlot::Up(state) = &*self.nodes[*node as usize] else {
                    unreachable!("only a running node crashes");
                };
                self.nodes[*node as usize] = Rc::new(NodeSlot::Down(protocol.durable(state)));
                self.timers[*node as usize].clear();
                self.spent.spend(Spend::Crash);
                Effects::none(Some(*node))
            }
            Move::Recover(node) => {
                let NodeSlot::Down(durable) = &*self.nodes[*node as usize] else {
                    unreachable!("only a crashed node recovers");
                };
                let mut out = Out::new(*node, count);
                let state = protocol.recover(*node, durable.clone(), &mut out);
                self.nodes[*node as usize] = Rc::new(NodeSlot::Up(state));
                self.spent.spend(Spend::Recovery);
                self.perform(protocol, network, *node, out)
            }
            Move::Partition(groups) => {
                self.partition = Some(groups.clone());
                self.spent.spend(Spend::Partition);
                Effects::none(None)
            }
            Move::Heal => {
                self.partition = None;
                Effects::none(None)
            }
            Move::Fire { node, timer } => {
                let elapsed = pending_timers::remove(&mut self.timers[*node as usize], timer)
                    .unwrap_or_default();
                for timers in &mut self.timers {
                    pending_timers::elapse(timers, elapsed);
                }
                let Some(state) = self.running_mut(*node) else {
                    unreachable!("timers of crashed nodes are cleared");
                };
                let mut out = Out::new(*node, count);
                protocol.on_timer(state, &mut out, timer.clone());
                self.perform(protocol, network, *node, out)
            }
            Move::EndRound { arrivals } => self.end_round(protocol, network, arrivals),
            Move::Forge {
                from, to, at, into, ..
            } => {
                let index = self.channel_index(*from, *to);
                self.channels.remove(index, *at as usize);
                if let Some(forged) = into {
                    match network.channels {
                        Channels::Fifo => self.channels.insert(index, *at as usize, forged.clone()),
                        Channels::Unordered => self.put(network, *from, *to, forged.clone()),
                    }
                }
                Effects::none(None)
            }
        };
        Ok(effects)
    }

    /// A round boundary: the arrivals reach their live receivers (each keeps what it received),
    /// then each live node begins the next round with everything that arrived.
    fn end_round(
        &mut self,
        protocol: &P,
        network: &Network,
        arrivals: &[(NodeId, NodeId, Parcel<P>)],
    ) -> Effects<P> {
        let count = self.node_count();
        let mut outs: Vec<Out<P>> = (0..count).map(|node| Out::new(node, count)).collect();
        for (from, to, msg) in arrivals {
            self.take(network, *from, *to, msg);
            if let Some(state) = self.running_mut(*to) {
                protocol.on_message(state, &mut outs[*to as usize], *from, msg.msg.clone());
            }
        }
        self.round += 1;
        let round = self.round;
        let mut parts = Vec::new();
        for (node, mut out) in (0..count).zip(outs) {
            if let Some(state) = self.running_mut(node) {
                protocol.on_round(state, &mut out, round);
                parts.push(self.perform(protocol, network, node, out));
            }
        }
        Effects {
            parts,
            ..Effects::none(None)
        }
    }

    /// Folds one step into the protocol's monitor.
    pub fn observe(&mut self, protocol: &P, observation: &Observation<P>) {
        protocol.observe(&mut self.monitor, observation);
    }

    /// Carries out a handler's effects on the network and the timers, in order.
    fn perform(
        &mut self,
        protocol: &P,
        network: &Network,
        node: NodeId,
        out: Out<P>,
    ) -> Effects<P> {
        let mut effects = Effects {
            records: out.records,
            ..Effects::none(Some(node))
        };
        for effect in out.effects {
            match effect {
                Effect::Send(to, msg) => {
                    let NodeSlot::Up(sender) = &*self.nodes[node as usize] else {
                        unreachable!("only a running node's handler sends");
                    };
                    let parcel = Envelope {
                        tag: protocol.tag(sender, &self.monitor, &msg),
                        msg,
                    };
                    self.put(network, node, to, parcel.clone());
                    effects.sends.push((to, parcel));
                }
                Effect::Deliver(app, text) => effects.delivered.push(Delivery {
                    app,
                    text,
                    after_sends: effects.sends.len(),
                }),
                Effect::SetTimer(name, delay) => {
                    pending_timers::set(&mut self.timers[node as usize], name.clone(), delay);
                    effects.timers.push(TimerEffect::Set(name, delay));
                }
                Effect::CancelTimer(name) => {
                    pending_timers::remove(&mut self.timers[node as usize], &name);
                    effects.timers.push(TimerEffect::Cancel(name));
                }
            }
        }
        effects
    }

    /// Queues a message: at the end of a FIFO channel, in sorted place on an unordered one.
    fn put(&mut self, network: &Network, from: NodeId, to: NodeId, msg: Parcel<P>) {
        let index = self.channel_index(from, to);
        let queue = self.channels.channel(index);
        let at = match network.channels {
            Channels::Fifo => queue.len(),
            Channels::Unordered => queue.partition_point(|m| *m <= msg),
        };
        self.channels.insert(index, at, msg);
    }

    /// Removes a delivered message from its channel: the head of a FIFO channel, any equal copy
    /// of an unordered one (equal copies are interchangeable there).
    fn take(&mut self, network: &Network, from: NodeId, to: NodeId, msg: &Parcel<P>) {
        let index = self.channel_index(from, to);
        let queue = self.channels.channel(index);
        let at = match network.channels {
            Channels::Fifo => 0,
            Channels::Unordered => queue.partition_point(|m| m < msg),
        };
        debug_assert!(queue.get(at) == Some(msg), "the moved message is in flight");
        self.channels.remove(index, at);
    }

    /// Takes back a message `from` sent in its last step: the newest equal copy on the channel
    /// (on a FIFO channel, the last one sent).
    fn unsend(&mut self, from: NodeId, to: NodeId, msg: &Parcel<P>) {
        let index = self.channel_index(from, to);
        let at = self
            .channels
            .channel(index)
            .iter()
            .rposition(|m| m == msg)
            .expect("an unsent message is in flight");
        self.channels.remove(index, at);
    }

    /// Discards the in-flight messages whose receiver, up, will ignore them whatever happens
    /// (see [`Protocol::ignores_forever`]). Only the model checker does this.
    pub(crate) fn discard_ignored(&mut self, protocol: &P) {
        let n = self.node_count() as usize;
        let nodes = &self.nodes;
        let ignored = |to: usize, parcel: &Parcel<P>| match &*nodes[to] {
            NodeSlot::Up(node) => protocol.ignores_forever(node, &parcel.msg),
            NodeSlot::Down(_) => false,
        };
        let any = self
            .channels
            .busy()
            .any(|(channel, queue)| queue.iter().any(|parcel| ignored(channel % n, parcel)));
        if !any {
            return;
        }
        self.channels
            .retain(|channel, parcel| !ignored(channel % n, parcel));
        // A crash can no longer cut short a send that is gone.
        for (_, sends) in &mut self.recent {
            sends.retain(|(to, parcel)| !ignored(*to as usize, parcel));
        }
        self.recent.retain(|(_, sends)| !sends.is_empty());
    }

    /// Discards the in-flight messages to crashed nodes (see [`Protocol::WATCHES_LOSSES`]).
    /// Only the model checker does this, once no recovery is left in its budget.
    pub(crate) fn discard_to_crashed(&mut self) {
        let n = self.node_count() as usize;
        let down: Vec<bool> = (0..n).map(|to| self.is_crashed(to as NodeId)).collect();
        let any = self.channels.busy().any(|(channel, _)| down[channel % n]);
        if !any {
            return;
        }
        self.channels.retain(|channel, _| !down[channel % n]);
        // A crash can no longer cut short a send that is gone.
        for (_, sends) in &mut self.recent {
            sends.retain(|(to, _)| !down[*to as usize]);
        }
        self.recent.retain(|(_, sends)| !sends.is_empty());
    }

    /// Collapses identical copies of a message that the protocol says a re-send cannot change
    /// (see [`Protocol::resend_collapses`]) into one, per channel: on an unordered channel equal
    /// neighbours, on a FIFO channel equal adjacent ones. Only the model checker does this.
    pub(crate) fn collapse_resends(&mut self, protocol: &P) {
        let repeats = self
            .channels
            .all()
            .windows(2)
            .any(|pair| pair[0] == pair[1] && protocol.resend_collapses(&pair[1].msg));
        if repeats {
            self.channels
                .dedup_adjacent(|before, msg| before == msg && protocol.resend_collapses(&msg.msg));
        }
    }
}
