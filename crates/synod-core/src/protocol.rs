//! The contract every protocol implements: a pure state machine per node.
//!
//! A node never touches the network, a clock or randomness. The simulator calls its handlers and
//! carries out the effects it reports through [`Out`]. Adding a protocol is one module that
//! implements [`Protocol`] plus one line in [`crate::registry`].

use std::fmt::Debug;

use rand_chacha::ChaCha8Rng;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use crate::action::NodeId;
use crate::form::{CommandForm, Setting};
use crate::network::Network;
use crate::verdict::Verdict;
use crate::view::{Field, ProtocolView};
use crate::world::World;

/// A protocol: its validated parameters, and the rules its nodes follow.
pub trait Protocol: Clone + Debug + Sized + 'static {
    /// The `"params"` object of a scenario (with `deny_unknown_fields`).
    type Params: DeserializeOwned;
    /// Everything a running node holds.
    type Node: Clone + Debug;
    /// What a node writes to stable storage; a crash keeps this and loses the rest.
    type Durable: Clone + Debug;
    /// What nodes send each other.
    type Msg: Clone + Debug;
    /// What the outside world asks a node to do (`{"command": {"node": i, "cmd": ...}}`).
    type Cmd: Clone + Debug + Serialize + DeserializeOwned;
    /// Observations a node writes into the trace (for properties and views); never lost.
    type Record: Clone + Debug;
    /// The names of a node's timers; a protocol without timers uses `Infallible`.
    type Timer: Clone + Debug + PartialEq;

    /// The protocol's name in scenarios and on the command line.
    const NAME: &'static str;
    /// One line on what the protocol achieves, for the page's header.
    const SUMMARY: &'static str;
    /// The values `params.variant` accepts, the published algorithm first.
    const VARIANTS: &'static [VariantInfo];
    /// The other fields of `params`, as the settings form shows them.
    const SETTINGS: &'static [Setting];

    /// Validates the parameters; the message names the offending field.
    fn new(params: Self::Params) -> Result<Self, String>;
    fn node_count(&self) -> NodeId;
    /// The network this protocol assumes unless a scenario says otherwise.
    fn default_network(&self) -> Network;

    fn init(&self, node: NodeId) -> Self::Node;
    /// Timers pending from the start, before any step (numbered first, node by node).
    fn initial_timers(&self, _node: NodeId) -> Vec<Self::Timer> {
        Vec::new()
    }
    fn durable(&self, node: &Self::Node) -> Self::Durable;
    /// Rebuilds a node from its durable state alone, after a crash.
    fn recover(&self, node: NodeId, durable: Self::Durable, out: &mut Out<Self>) -> Self::Node;

    fn on_message(&self, node: &mut Self::Node, out: &mut Out<Self>, from: NodeId, msg: Self::Msg);
    /// A pending timer of this node fired (the simulator chose when, within the timing model).
    fn on_timer(&self, node: &mut Self::Node, out: &mut Out<Self>, timer: Self::Timer);
    /// Handles a command, or refuses it with a reason. A refused command must leave the node
    /// unchanged and send nothing.
    fn on_command(
        &self,
        node: &mut Self::Node,
        out: &mut Out<Self>,
        cmd: Self::Cmd,
    ) -> Result<(), String>;

    /// A command the random scheduler may give this node now, chosen with `rng`; `None` when the
    /// node has nothing sensible to be asked.
    fn random_command(&self, node: &Self::Node, rng: &mut ChaCha8Rng) -> Option<Self::Cmd>;

    /// Every property, judged on the whole history so far.
    fn verdicts(&self, world: &World<Self>) -> Vec<Verdict>;

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
    /// Protocol-specific views (cuts, tables) derived from the history.
    fn protocol_view(&self, world: &World<Self>) -> ProtocolView;
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

/// One effect on the world outside the node.
#[derive(Debug)]
pub(crate) enum Effect<P: Protocol> {
    Send(NodeId, P::Msg),
    /// Start the named timer; one already pending under the name is cancelled first.
    SetTimer(P::Timer),
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

    /// Starts the named timer (restarting it if it is pending). When it fires is the simulator's
    /// choice, bounded by the timing model.
    pub fn set_timer(&mut self, timer: P::Timer) {
        self.effects.push(Effect::SetTimer(timer));
    }

    /// Stops the named timer if it is pending.
    pub fn cancel_timer(&mut self, timer: P::Timer) {
        self.effects.push(Effect::CancelTimer(timer));
    }

    /// Writes an observation into the trace.
    pub fn record(&mut self, record: P::Record) {
        self.records.push(record);
    }
}
