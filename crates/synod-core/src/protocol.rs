//! The contract every protocol implements: a pure state machine per node.
//!
//! A node never touches the network, a clock or randomness. The simulator calls its handlers and
//! carries out the effects it reports through [`Out`]. Adding a protocol is one module that
//! implements [`Protocol`] plus one line in [`crate::registry`].

use std::fmt::{self, Debug, Display};
use std::hash::Hash;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::action::NodeId;
use crate::budget::Budgets;
use crate::form::{CommandForm, Setting};
use crate::monitor::Observation;
use crate::network::Network;
use crate::state::State;
use crate::trace::Event;
use crate::verdict::{Kind, Verdict};
use crate::view::{Field, ProtocolView};
use crate::world::World;

/// A protocol: its validated parameters, and the rules its nodes follow.
pub trait Protocol: Clone + Debug + Sized + 'static {
    /// The `"params"` object of a scenario (with `deny_unknown_fields`).
    type Params: DeserializeOwned;
    /// Everything a running node holds. Hashable: it is part of the canonical state.
    type Node: Clone + Debug + Hash + Eq;
    /// What a node writes to stable storage; a crash keeps this and loses the rest.
    type Durable: Clone + Debug + Hash + Eq;
    /// What nodes send each other. Ordered, so that an unordered channel is a sorted multiset.
    type Msg: Clone + Debug + Hash + Ord;
    /// What the outside world asks a node to do (`{"command": {"node": i, "cmd": ...}}`).
    type Cmd: Clone + Debug + Serialize + DeserializeOwned;
    /// Observations a node writes into the trace (for properties and views); never lost.
    type Record: Clone + Debug;
    /// The names of a node's timers; a protocol without timers uses `Infallible`.
    type Timer: Clone + Debug + Hash + Ord;
    /// The properties' monitor: small hashable state folded over every step.
    type Monitor: Clone + Debug + Hash + Eq;
    /// What a monitor needs to know about a message beyond its payload, fixed when it is sent
    /// (a history variable, as in TLA+): Chandy-Lamport tags a transfer with the snapshots its
    /// sender had recorded. It travels with the message, so it is part of the state. `()` when
    /// no property needs one.
    type Tag: Clone + Debug + Hash + Ord;
    /// What the views need from the history, kept up to date event by event by the recorder
    /// (never by the checker), so that a view costs the same at step 10 and at step 100,000:
    /// Chandy-Lamport keeps each snapshot's recorded states and channels. `()` when the views
    /// need nothing beyond the state.
    type Chronicle: Clone + Debug + Default;

    /// The protocol's name in scenarios and on the command line.
    const NAME: &'static str;
    /// One line on what the protocol achieves, for the page's header.
    const SUMMARY: &'static str;
    /// The values `params.variant` accepts, the published algorithm first.
    const VARIANTS: &'static [VariantInfo];
    /// The other fields of `params`, as the settings form shows them.
    const SETTINGS: &'static [Setting];
    /// Every property [`Protocol::verdicts`] judges, in the same order.
    const PROPERTIES: &'static [PropertyInfo];
    /// Whether the monitor watches messages lost at a crashed receiver (Chandy-Lamport's
    /// snapshot cannot finish once a marker is lost). When it does not, the model checker
    /// discards the messages to a crashed node that can no longer recover: losing them one by
    /// one in every order would change nothing but the number of states.
    const WATCHES_LOSSES: bool = false;

    /// Validates the parameters; the message names the offending field.
    fn new(params: Self::Params) -> Result<Self, String>;
    /// The params of a run of the protocol registered as `name`, before they are read: one type
    /// may serve a family of protocols (FIFO, causal and total-order multicast share their
    /// hold-back queue, relaying and monitor), each registered under its own name, and learns
    /// here which one it is (usually by a field the name fixes). Refuses params that contradict
    /// the name.
    fn params_for(_name: &str, params: Value) -> Result<Value, String> {
        Ok(params)
    }
    /// The name this protocol was registered under (see [`Protocol::params_for`]).
    fn name(&self) -> &'static str {
        Self::NAME
    }
    fn node_count(&self) -> NodeId;
    /// The network this protocol assumes unless a scenario says otherwise.
    fn default_network(&self) -> Network;

    fn init(&self, node: NodeId) -> Self::Node;
    /// Timers pending from the start, before any step (numbered first, node by node), each with
    /// its delay (see [`Out::set_timer_after`]).
    fn initial_timers(&self, _node: NodeId) -> Vec<(Self::Timer, u32)> {
        Vec::new()
    }
    fn durable(&self, node: &Self::Node) -> Self::Durable;
    /// Rebuilds a node from its durable state alone, after a crash.
    fn recover(&self, node: NodeId, durable: Self::Durable, out: &mut Out<Self>) -> Self::Node;

    fn on_message(&self, node: &mut Self::Node, out: &mut Out<Self>, from: NodeId, msg: Self::Msg);
    /// A pending timer of this node fired (the simulator chose when, within the timing model).
    fn on_timer(&self, node: &mut Self::Node, out: &mut Out<Self>, timer: Self::Timer);

    /// How many lockstep rounds the protocol runs, if it runs in rounds (`None`: it does not).
    /// Such a protocol sends only at round boundaries: the `end-round` action delivers every
    /// message still in flight, then calls [`Protocol::on_round`] on every live node. The first
    /// boundary starts round 1; the one after round `R` lets nodes conclude.
    fn rounds(&self) -> Option<u32> {
        None
    }

    /// Round `round` begins at a live node (`rounds() + 1`: the last round is over): it computes
    /// with what arrived in the round before and sends this round's messages.
    fn on_round(&self, _node: &mut Self::Node, _out: &mut Out<Self>, _round: u32) {}
    /// Handles a command, or refuses it with a reason. A refused command must leave the node
    /// unchanged and send nothing.
    fn on_command(
        &self,
        node: &mut Self::Node,
        out: &mut Out<Self>,
        cmd: Self::Cmd,
    ) -> Result<(), String>;

    /// The commands this node may be given now, as a finite list with values from small domains
    /// (the page's forms stay free). The random scheduler and the model checker choose from it.
    fn commands(&self, node: &Self::Node) -> Vec<Self::Cmd>;
    /// How many commands an exploration allows when it is not told: enough for the usual run.
    fn default_command_budget(&self) -> u32;
    /// How many timers an exploration lets fire when it is not told: `None`, no bound, for a
    /// protocol whose timers cannot grow its state without end. A protocol whose timers can
    /// (a Paxos proposer's retry starts a higher ballot each time) names a bound, so that an
    /// exploration with the defaults is complete.
    fn default_timeout_budget(&self) -> Option<u32> {
        None
    }

    /// The monitor before any step.
    fn monitor(&self) -> Self::Monitor;
    /// Folds one step into the monitor. Ids and steps in `step` are only for [`Evidence`]
    /// (they are zero while exploring); facts that decide a verdict go in plain fields.
    ///
    /// [`Evidence`]: crate::monitor::Evidence
    fn observe(&self, monitor: &mut Self::Monitor, step: &Observation<Self>);
    /// The tag of a message `sender` has just sent: from its state after the handler, and the
    /// monitor before the step.
    fn tag(&self, sender: &Self::Node, monitor: &Self::Monitor, msg: &Self::Msg) -> Self::Tag;
    /// Every property of [`Protocol::PROPERTIES`], in order, judged on the state and its monitor.
    fn verdicts(&self, state: &State<Self>, network: &Network) -> Vec<Verdict>;
    /// Whether the protocol promises `property` under this network and these fault budgets.
    /// A property it does not promise is still judged, to teach what the protocol lacks.
    fn guaranteed(&self, property: &str, network: &Network, faults: &Budgets) -> bool;
    /// Whether a second copy of `msg`, sent while an identical one is still in flight on the
    /// same channel, changes nothing the first will not (a request re-sent on every timeout).
    /// The model checker keeps one such copy, so a node that keeps asking a crashed peer does
    /// not grow the state without end; the page keeps every copy.
    fn resend_collapses(&self, _msg: &Self::Msg) -> bool {
        false
    }
    /// Whether `node` will ignore `msg` now and after any step (crashes and recoveries
    /// included): delivering it would change nothing and send nothing. The model checker
    /// discards such messages, so that the order in which stale answers are ignored does not
    /// multiply states (a Paxos proposer ignores every answer about a ballot it gave up); the
    /// page keeps them, to be dragged and ignored.
    fn ignores_forever(&self, _node: &Self::Node, _msg: &Self::Msg) -> bool {
        false
    }
    /// Whether the model checker should identify states by a canonical form that forgets what
    /// cannot change the future (see [`crate::state::State::canonical`]): counters that matter
    /// only by their order and by whether one is the next after another ([`Protocol::renumber`]:
    /// rounds that a process leaves by adding 1), and the content of messages their receiver
    /// can no longer use ([`Protocol::stand_in`]). Duelling processes then come back to a
    /// state they were in rather than climb for ever.
    const CANONICALIZES: bool = false;
    /// For a protocol in rounds: whether its handlers of one round's messages commute (each
    /// only stores what arrived), so that delivering some of a round's messages before the
    /// round ends reaches nothing that ending it does not. The model checker then lets a
    /// round's messages arrive only at its end, unless a crash may still come between two
    /// arrivals: without it, `n` messages in flight would make `2ⁿ` states of which only the
    /// last matters.
    const ROUND_ARRIVALS_COMMUTE: bool = false;
    /// Whether its configurations have a valence (see [`Protocol::decisions`]): `synod valence`
    /// and the page's valence panel serve it.
    const VALENCE: bool = false;
    /// Calls `visit` on every counter of `part` that its order and adjacency alone matter for.
    fn renumber(&self, _part: Part<'_, Self>, _visit: &mut dyn FnMut(&mut u32)) {}
    /// A message that `receiver` handles exactly as it handles `msg`, now and after any step,
    /// when what `msg` says can no longer matter to it (a vote from a step it has left): the
    /// canonical form puts it in `msg`'s place. `None` when the content may still matter.
    fn stand_in(&self, _receiver: &Self::Node, _msg: &Self::Msg) -> Option<Self::Msg> {
        None
    }
    /// For a consensus protocol on bits whose configurations have a valence (FLP): the values
    /// decided so far, bit `v` for value `v` (0 while none is). Only asked of a protocol with
    /// [`Protocol::VALENCE`].
    fn decisions(&self, _monitor: &Self::Monitor) -> u8 {
        0
    }

    /// Whether any node of this protocol may be a traitor. Only such a protocol compiles the
    /// forging code (the world's, the checker's, the scheduler's): every other one skips it,
    /// so the page and the Explorer's worker do not carry it once per protocol.
    const BYZANTINE: bool = false;
    /// Whether `node` is a traitor: a Byzantine node, whose outgoing messages are not what its
    /// honest code computed but what it chooses (its strategy's choice, or a
    /// [`crate::action::Action::Forge`]). Properties quantify over the other, loyal, nodes.
    fn traitor(&self, _node: NodeId) -> bool {
        false
    }
    /// Every message `sender`, a traitor in the state it is in now, may send to `to` in place of
    /// `msg`, one of its own in flight (`msg` itself among them). Withholding it is always
    /// allowed besides. The model checker tries each of them, so the list is finite and small:
    /// for oral messages, either order; for signed ones, what the sender's keys can sign and
    /// the chains it holds.
    fn forgeries(&self, _sender: &Self::Node, _to: NodeId, _msg: &Self::Msg) -> Vec<Self::Msg> {
        Vec::new()
    }
    /// The message a traitor's forged `payload` (as [`Protocol::message_payload`] writes
    /// payloads) stands for, or why `sender` cannot send it. By default: the one of
    /// [`Protocol::forgeries`] with that payload; a protocol with a better reason to give (a
    /// signature the sender cannot make) says so.
    fn forge(
        &self,
        sender: &Self::Node,
        to: NodeId,
        msg: &Self::Msg,
        payload: &Value,
    ) -> Result<Self::Msg, String> {
        listed_forgery(self, sender, to, msg, payload)
    }

    /// A node's state as JSON (the `state` of the CLI's node objects).
    fn node_state(&self, node: &Self::Node) -> Value;
    /// The commands this node accepts in its current state, as forms for the page.
    fn command_forms(&self, node: &Self::Node) -> Vec<CommandForm>;
    /// A node's state as labelled rows, for the inspector.
    fn inspect(&self, node: &Self::Node) -> Vec<Field>;
    /// The durable state of a crashed node, as rows for the inspector.
    fn inspect_durable(&self, durable: &Self::Durable) -> Vec<Field>;
    /// A message's payload as JSON (the `payload` of the CLI's message objects).
    fn message_payload(&self, msg: &Self::Msg) -> Value;
    /// A short label for the diagram, such as `"$30"` or `"marker 1"`.
    fn message_label(&self, msg: &Self::Msg) -> String;
    /// A class for styling, such as `"transfer"` or `"marker"`.
    fn message_kind(&self, msg: &Self::Msg) -> &'static str;
    /// A short label for a command event, such as `"send $30 to 2"`.
    fn command_label(&self, cmd: &Self::Cmd) -> String;
    /// A short label for a timer, such as `"vote timeout"`.
    fn timer_label(&self, timer: &Self::Timer) -> String;
    /// One line describing a record, shown on its event.
    fn record_note(&self, record: &Self::Record) -> String;
    /// Folds one recorded event, with what its handler recorded, into the chronicle.
    fn chronicle(&self, chronicle: &mut Self::Chronicle, event: &Event, records: &[&Self::Record]) {
        let _ = (chronicle, event, records);
    }

    /// Protocol-specific views (cuts, tables) derived from the history.
    fn protocol_view(&self, world: &World<Self>) -> ProtocolView;

    /// Extra top-level fields of the CLI's JSON report (built only for the report, not for every
    /// view the page shows).
    fn report_fields(&self, world: &World<Self>) -> Map<String, Value> {
        let _ = world;
        Map::new()
    }
}

/// A part of a state that may hold counters a protocol renumbers (see [`Protocol::renumber`]).
pub enum Part<'a, P: Protocol> {
    Node(&'a mut P::Node),
    Durable(&'a mut P::Durable),
    Msg(&'a mut P::Msg),
}

/// A property's name and kind, known before any run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PropertyInfo {
    pub name: &'static str,
    pub kind: Kind,
}

/// One value of a protocol's `variant` parameter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VariantInfo {
    pub name: &'static str,
    /// One line on what this variant does differently, and so what it teaches.
    pub summary: &'static str,
    /// A deliberately wrong variant, shown as flawed in the page.
    pub flawed: bool,
}

/// An application message's identity: the node that multicast it and that node's sequence
/// number for it (from 1), written `1:3`. The copies of one multicast to each member, relays and
/// network duplicates all carry the same one, so properties judge it, not network message ids.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct AppId {
    pub sender: NodeId,
    pub seq: u32,
}

impl Display for AppId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.sender, self.seq)
    }
}

/// One effect on the world outside the node.
#[derive(Debug)]
pub(crate) enum Effect<P: Protocol> {
    Send(NodeId, P::Msg),
    /// Hand an application message (with its text) to the node's application.
    Deliver(AppId, String),
    /// Start the named timer, due after the delay; one already pending under the name is
    /// cancelled first.
    SetTimer(P::Timer, u32),
    CancelTimer(P::Timer),
}

/// The effects of one handler call, as data: the simulator performs them in order, so message
/// and timer ids follow the order the handler asked for them.
#[derive(Debug)]
pub struct Out<P: Protocol> {
    me: NodeId,
    nodes: NodeId,
    pub(crate) effects: Vec<Effect<P>>,
    pub(crate) records: Vec<P::Record>,
}

impl<P: Protocol> Out<P> {
    pub(crate) fn new(me: NodeId, nodes: NodeId) -> Out<P> {
        Out {
            me,
            nodes,
            effects: Vec::new(),
            records: Vec::new(),
        }
    }

    /// The node whose handler is running.
    pub fn me(&self) -> NodeId {
        self.me
    }

    /// Every node but this one, in ascending order.
    pub fn others(&self) -> impl Iterator<Item = NodeId> {
        let me = self.me;
        (0..self.nodes).filter(move |n| *n != me)
    }

    pub fn send(&mut self, to: NodeId, msg: P::Msg) {
        self.effects.push(Effect::Send(to, msg));
    }

    /// Sends `msg` to every other node in ascending id order.
    pub fn broadcast(&mut self, msg: P::Msg) {
        let others: Vec<NodeId> = self.others().collect();
        for to in others {
            self.effects.push(Effect::Send(to, msg.clone()));
        }
    }

    /// Sends `msg` to each node of `to` but this one, in the order given (a group smaller than
    /// the whole world, such as a register's replicas without its clients).
    pub fn broadcast_to(&mut self, to: impl IntoIterator<Item = NodeId>, msg: P::Msg) {
        for node in to {
            if node != self.me {
                self.effects.push(Effect::Send(node, msg.clone()));
            }
        }
    }

    /// Starts the named timer (restarting it if it is pending). When it fires is the simulator's
    /// choice, bounded by the timing model.
    pub fn set_timer(&mut self, timer: P::Timer) {
        self.effects.push(Effect::SetTimer(timer, 0));
    }

    /// Starts the named timer, due `delay` time units from now. Under synchronous timing the
    /// timers due soonest fire first (time moves on to them), and only once nothing is on its
    /// way: a heartbeat every 1 unit with a timeout of 3 then never times out on a live peer.
    /// Under asynchronous timing any pending timer may fire, due or not.
    pub fn set_timer_after(&mut self, timer: P::Timer, delay: u32) {
        self.effects.push(Effect::SetTimer(timer, delay));
    }

    /// Stops the named timer if it is pending.
    pub fn cancel_timer(&mut self, timer: P::Timer) {
        self.effects.push(Effect::CancelTimer(timer));
    }

    /// Delivers an application message to this node's application: an event of its own on the
    /// node's line, after the sends asked for so far (a receipt held back is no delivery).
    pub fn deliver(&mut self, app: AppId, text: impl Into<String>) {
        self.effects.push(Effect::Deliver(app, text.into()));
    }

    /// How many messages this handler has delivered to its application so far.
    pub fn deliveries(&self) -> usize {
        self.effects
            .iter()
            .filter(|effect| matches!(effect, Effect::Deliver(..)))
            .count()
    }

    /// Writes an observation into the trace.
    pub fn record(&mut self, record: P::Record) {
        self.records.push(record);
    }
}

/// The forgery among those [`Protocol::forgeries`] lists for `msg` whose payload is `payload`,
/// or the list in words: what [`Protocol::forge`] does unless a protocol first refuses for a
/// reason of its own.
pub fn listed_forgery<P: Protocol>(
    protocol: &P,
    sender: &P::Node,
    to: NodeId,
    msg: &P::Msg,
    payload: &Value,
) -> Result<P::Msg, String> {
    let allowed = protocol.forgeries(sender, to, msg);
    if let Some(found) = allowed
        .iter()
        .find(|m| protocol.message_payload(m) == *payload)
    {
        return Ok(found.clone());
    }
    let labels: Vec<String> = allowed.iter().map(|m| protocol.message_label(m)).collect();
    Err(format!(
        "it may send only {}, or nothing (payload null)",
        labels.join(", ")
    ))
}
