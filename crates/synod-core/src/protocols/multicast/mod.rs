//! Multicast to a group, with the delivery orders the textbooks build one on another (Coulouris
//! et al., *Distributed Systems*, section 15.4; Birman, *Reliable Distributed Systems*), one type
//! registered under three names (see [`family`]):
//!
//! - **FIFO multicast** (`fifo-multicast`): each sender numbers its multicasts 1, 2, ...; a
//!   receiver that has delivered `P[j]` of sender j's messages delivers the one numbered
//!   `S == P[j] + 1` and holds back any later one until the gap is filled.
//! - **Causal multicast** (`causal-multicast`): a message carries its sender's vector timestamp
//!   `V` (what it had delivered from each node, and its own count); a receiver delivers it when
//!   `V[j] == P[j] + 1` and `V[k] <= P[k]` for every other k, then `P[j] = V[j]`.
//! - **Total-order multicast** (`total-multicast`): a sequencer (param, node 0 by default)
//!   numbers each message it receives and multicasts the number; a receiver delivers a message
//!   once it has both it and its number and the number is the next one, `S + 1`. Order
//!   `fifo-total` numbers each sender's messages in the order it sent them; `causal-total`
//!   numbers in a causal order (the causal rule, applied to what the sequencer numbered).
//!
//! The sender hands its own multicast to its own hold-back queue in the same step, where the same
//! rules apply. With `reliable`, a receiver re-sends each message to the rest of the group on its
//! first receipt, before delivering it, so that a sender crashing part-way through its sends
//! cannot leave correct members disagreeing; duplicates are recognised by application id. (The
//! sequencer stays a single point of failure: no number is given after it crashes.)
//!
//! Every run is judged by every order property (see [`properties`]); the panel says which ones
//! the protocol promises.

mod delivered;
pub mod family;
mod hold_back;
mod node;
pub mod properties;

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

pub use self::family::{Order, Params, Variant, CAUSAL, FIFO, TOTAL};
use self::node::{AppMsg, Durable, Node, Rules, Wait};
use self::properties::{
    Monitor, AGREEMENT, CAUSAL_ORDER, FIFO_ORDER, INTEGRITY, TOTAL_ORDER, VALIDITY,
};
use crate::action::NodeId;
use crate::budget::Budgets;
use crate::form::{CommandForm, Input, InputKind, Setting};
use crate::monitor::Observation;
use crate::network::{Channels, Network, Timing};
use crate::protocol::{AppId, Out, PropertyInfo, Protocol, VariantInfo};
use crate::state::State;
use crate::verdict::Verdict;
use crate::view::{Field, ProtocolView};
use crate::world::World;

#[derive(Clone, Debug)]
pub struct Multicast {
    nodes: NodeId,
    reliable: bool,
    rules: Rules,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, PartialOrd, Ord)]
pub enum Msg {
    /// A copy of a multicast on its way to one member.
    Data(AppMsg),
    /// The sequencer's number for a message (the total orders).
    Number { app: AppId, number: u32 },
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Cmd {
    /// `{"multicast": "text"}`: multicast `text` to the group.
    Multicast(String),
}

#[derive(Clone, Debug)]
pub enum Record {
    /// The node multicast this message.
    Multicast(AppId),
    /// A message arrived out of its turn and waits in the hold-back queue.
    HeldBack { app: AppId, wait: Wait },
    /// The sequencer numbered a message.
    Numbered { app: AppId, number: u32 },
}

/// The texts the random scheduler and the checker multicast: one per message, so that every run
/// of the same length has the same state space.
fn text_for(app: AppId) -> String {
    format!("m{}.{}", app.sender, app.seq)
}

impl Protocol for Multicast {
    type Params = Params;
    type Node = Node;
    type Durable = Durable;
    type Msg = Msg;
    type Cmd = Cmd;
    type Record = Record;
    type Timer = std::convert::Infallible;
    type Monitor = Monitor;
    type Tag = ();
    type Chronicle = ();

    /// The family's first member; the registry lists each member with its own name, summary,
    /// variants and settings (see [`family`]).
    const NAME: &'static str = FIFO.name;
    const SUMMARY: &'static str = FIFO.summary;
    const VARIANTS: &'static [VariantInfo] = FIFO.variants;
    const SETTINGS: &'static [Setting] = FIFO.settings;
    const PROPERTIES: &'static [PropertyInfo] = properties::PROPERTIES;

    fn new(params: Params) -> Result<Multicast, String> {
        params.check()?;
        Ok(Multicast {
            nodes: params.nodes,
            reliable: params.reliable,
            rules: Rules {
                order: params.order,
                variant: params.variant,
                sequencer: params.sequencer,
            },
        })
    }

    fn params_for(name: &str, params: Value) -> Result<Value, String> {
        family::params_for(name, params)
    }

    fn name(&self) -> &'static str {
        self.rules.order.protocol_name()
    }

    fn node_count(&self) -> NodeId {
        self.nodes
    }

    /// Unordered, so that the user can drag copies into any order and watch them held back.
    fn default_network(&self) -> Network {
        Network {
            channels: Channels::Unordered,
            timing: Timing::Async,
        }
    }

    fn init(&self, id: NodeId) -> Node {
        Node::new(id, self.nodes)
    }

    fn durable(&self, node: &Node) -> Durable {
        node.durable()
    }

    fn recover(&self, id: NodeId, durable: Durable, _out: &mut Out<Self>) -> Node {
        Node::recovered(id, durable)
    }

    fn on_message(&self, node: &mut Node, out: &mut Out<Self>, from: NodeId, msg: Msg) {
        match msg {
            Msg::Data(msg) => self.on_data(node, out, from, msg),
            Msg::Number { app, number } => {
                if node.learn_number(app, number) {
                    self.deliver_ready(node, out, app);
                }
            }
        }
    }

    fn on_timer(&self, _node: &mut Node, _out: &mut Out<Self>, timer: Self::Timer) {
        match timer {}
    }

    fn on_command(&self, node: &mut Node, out: &mut Out<Self>, cmd: Cmd) -> Result<(), String> {
        let Cmd::Multicast(text) = cmd;
        let vector = node.next_vector(self.rules.order);
        node.sent += 1;
        let app = AppId {
            sender: node.id,
            seq: node.sent,
        };
        out.record(Record::Multicast(app));
        let msg = AppMsg { app, text, vector };
        out.broadcast(Msg::Data(msg.clone()));
        self.receive(node, out, msg);
        Ok(())
    }

    fn commands(&self, node: &Node) -> Vec<Cmd> {
        let app = AppId {
            sender: node.id,
            seq: node.sent + 1,
        };
        vec![Cmd::Multicast(text_for(app))]
    }

    /// Two multicasts: enough for one to overtake the other.
    fn default_command_budget(&self) -> u32 {
        2
    }

    fn monitor(&self) -> Monitor {
        Monitor::new(self.nodes)
    }

    fn observe(&self, monitor: &mut Monitor, step: &Observation<Self>) {
        let multicast = step.records.iter().find_map(|record| match record {
            Record::Multicast(app) => Some(*app),
            Record::HeldBack { .. } | Record::Numbered { .. } => None,
        });
        properties::observe(monitor, step, multicast);
    }

    fn tag(&self, _sender: &Node, _monitor: &Monitor, _msg: &Msg) {}

    fn verdicts(&self, state: &State<Self>, network: &Network) -> Vec<Verdict> {
        let spent = state.spent();
        let sequenced = self.rules.order.sequenced();
        let assumption = match () {
            _ if spent.drops > 0 => {
                Some("The network dropped a message: channels were promised reliable.".to_string())
            }
            _ if spent.crashes > 0 && sequenced => Some(
                "A node crashed, and a sequencer's total order promises no delivery then (the sequencer is a single point of failure, and without relaying a crashed sender's copies may never arrive).".to_string(),
            ),
            _ if spent.crashes > 0 && !self.reliable => {
                Some("A node crashed, and unreliable multicast promises nothing then.".to_string())
            }
            _ => None,
        };
        let up: Vec<bool> = (0..self.nodes).map(|n| !state.is_crashed(n)).collect();
        properties::verdicts(
            &up,
            state.monitor(),
            !state.anything_on_its_way(),
            &|name| self.guaranteed(name, network, spent),
            assumption,
        )
    }

    /// The order properties follow the order (a flawed variant breaks its promise) and integrity
    /// holds whatever happens; validity needs reliable channels (and, with a sequencer, no
    /// crash), and agreement needs them and, when a sender may crash, relaying.
    fn guaranteed(&self, property: &str, _network: &Network, faults: &Budgets) -> bool {
        let order = self.rules.order;
        let sequencer_lives = !order.sequenced() || faults.crashes == 0;
        match property {
            FIFO_ORDER => order.fifo(),
            CAUSAL_ORDER => order.causal(),
            TOTAL_ORDER => order.sequenced(),
            INTEGRITY => true,
            VALIDITY => faults.drops == 0 && sequencer_lives,
            AGREEMENT => {
                faults.drops == 0 && sequencer_lives && (faults.crashes == 0 || self.reliable)
            }
            _ => false,
        }
    }

    fn node_state(&self, node: &Node) -> Value {
        json!({
            "delivered": node.delivered.iter().map(AppId::to_string).collect::<Vec<_>>(),
            "held": node.held.iter().map(|m| m.app.to_string()).collect::<Vec<_>>(),
            "sent": node.sent,
        })
    }

    /// Any text, starting from the one the scheduler would give the next message.
    fn command_forms(&self, node: &Node) -> Vec<CommandForm> {
        self.commands(node)
            .into_iter()
            .map(|Cmd::Multicast(text)| CommandForm {
                label: "Multicast".to_string(),
                template: json!({ "multicast": text }),
                inputs: vec![Input {
                    field: "",
                    label: "Text",
                    kind: InputKind::Text { max: 40 },
                }],
            })
            .collect()
    }

    fn inspect(&self, node: &Node) -> Vec<Field> {
        let order = self.rules.order;
        let mut fields = vec![Field::new("delivered", delivered_text(&node.delivered))];
        if order.sequenced() {
            fields.push(Field::new(
                "next number to deliver",
                (node.delivered.len() + 1).to_string(),
            ));
            if node.id == self.rules.sequencer {
                fields.push(Field::new("numbered so far", node.assigned.to_string()));
            }
        } else {
            let label = match order.causal() {
                true => "P (vector: delivered per sender)",
                false => "P (delivered per sender)",
            };
            fields.push(Field::new(label, format!("{:?}", node.got.prefix())));
        }
        fields.push(Field::new("multicast so far", node.sent.to_string()));
        if node.held.is_empty() {
            fields.push(Field::new("hold-back queue", "empty"));
        }
        for msg in node.held.iter() {
            let reason = node
                .wait(&self.rules, msg)
                .map_or_else(String::new, |wait| wait.text());
            fields.push(Field::new(
                format!("held {}", msg.app),
                format!("“{}” {reason}", msg.text),
            ));
        }
        fields
    }

    fn inspect_durable(&self, durable: &Durable) -> Vec<Field> {
        vec![
            Field::new("delivered", delivered_text(&durable.delivered)),
            Field::new("multicast so far", durable.sent.to_string()),
        ]
    }

    fn message_payload(&self, msg: &Msg) -> Value {
        match msg {
            Msg::Data(msg) if msg.vector.is_empty() => {
                json!({"app": msg.app.to_string(), "text": msg.text})
            }
            Msg::Data(msg) => {
                json!({"app": msg.app.to_string(), "text": msg.text, "vector": msg.vector})
            }
            Msg::Number { app, number } => json!({"app": app.to_string(), "number": number}),
        }
    }

    fn message_label(&self, msg: &Msg) -> String {
        match msg {
            Msg::Data(msg) if msg.vector.is_empty() => format!("{} “{}”", msg.app, msg.text),
            Msg::Data(msg) => format!("{} “{}” {:?}", msg.app, msg.text, msg.vector),
            Msg::Number { app, number } => format!("{app} is #{number}"),
        }
    }

    fn message_kind(&self, msg: &Msg) -> &'static str {
        match msg {
            Msg::Data(_) => "multicast",
            Msg::Number { .. } => "number",
        }
    }

    fn command_label(&self, cmd: &Cmd) -> String {
        let Cmd::Multicast(text) = cmd;
        format!("multicast “{text}”")
    }

    fn timer_label(&self, timer: &Self::Timer) -> String {
        match *timer {}
    }

    fn record_note(&self, record: &Record) -> String {
        match record {
            Record::Multicast(app) => format!("multicasts {app}"),
            Record::HeldBack { app, wait } => format!("holds back {app}: {}", wait.brief()),
            Record::Numbered { app, number } => format!("numbers {app} as #{number}"),
        }
    }

    fn protocol_view(&self, _world: &World<Self>) -> ProtocolView {
        ProtocolView {
            trees: Vec::new(),
            marks: Vec::new(),
            bands: Vec::new(),
            cuts: Vec::new(),
            tables: Vec::new(),
        }
    }
}

impl Multicast {
    /// A copy of a multicast arrived from `from`.
    fn on_data(&self, node: &mut Node, out: &mut Out<Self>, from: NodeId, msg: AppMsg) {
        if node.knows(msg.app) {
            return;
        }
        // Reliable: relay on first receipt, before delivering, to the members that may lack it.
        if self.reliable {
            let relay_to: Vec<NodeId> = out
                .others()
                .filter(|to| *to != from && *to != msg.app.sender)
                .collect();
            for to in relay_to {
                out.send(to, Msg::Data(msg.clone()));
            }
        }
        self.receive(node, out, msg);
    }

    /// A message enters the hold-back queue (the sender's own copy too): the sequencer numbers
    /// what it can, every ready message is delivered, and if this one still waits, the step
    /// says why.
    fn receive(&self, node: &mut Node, out: &mut Out<Self>, msg: AppMsg) {
        let app = msg.app;
        node.hold(msg);
        if self.rules.order.sequenced() && node.id == self.rules.sequencer {
            for (app, number) in node.number_ready(&self.rules, app) {
                out.record(Record::Numbered { app, number });
                out.broadcast(Msg::Number { app, number });
            }
        }
        self.deliver_ready(node, out, app);
        if let Some(wait) = node.held.get(app).and_then(|m| node.wait(&self.rules, m)) {
            out.record(Record::HeldBack { app, wait });
        }
    }

    fn deliver_ready(&self, node: &mut Node, out: &mut Out<Self>, arrived: AppId) {
        for msg in node.deliver_ready(&self.rules, arrived) {
            out.deliver(msg.app, msg.text);
        }
    }
}

/// A list of application ids in words, as the inspectors show it.
pub(crate) fn delivered_text(delivered: &[AppId]) -> String {
    match delivered.is_empty() {
        true => "nothing yet".to_string(),
        false => delivered
            .iter()
            .map(AppId::to_string)
            .collect::<Vec<_>>()
            .join(", "),
    }
}
