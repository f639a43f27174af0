//! Multicast to a group, with the delivery orders the textbooks build one on another (Coulouris
//! et al., *Distributed Systems*, section 15.4; Birman, *Reliable Distributed Systems*):
//!
//! - **FIFO multicast** (`fifo-multicast`): each sender numbers its multicasts 1, 2, ...; a
//!   receiver that has delivered `P[j]` of sender j's messages delivers the one numbered
//!   `S == P[j] + 1` and holds back any later one until the gap is filled.
//!
//! The sender hands its own multicast to its own hold-back queue in the same step, where the same
//! rules apply. With `reliable`, a receiver re-sends each message to the rest of the group on its
//! first receipt, before delivering it, so that a sender crashing part-way through its sends
//! cannot leave correct members disagreeing; duplicates are recognised by application id.
//!
//! Every run is judged by every order property (see [`properties`]); the panel says which ones
//! the protocol promises.

mod delivered;
pub mod properties;

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use self::delivered::Delivered;
use self::properties::{Monitor, AGREEMENT, FIFO_ORDER, INTEGRITY, VALIDITY};
use crate::action::NodeId;
use crate::budget::Budgets;
use crate::form::{CommandForm, Input, InputKind, Setting, SettingKind};
use crate::monitor::Observation;
use crate::network::{Channels, Network, Timing};
use crate::protocol::{AppId, Out, PropertyInfo, Protocol, VariantInfo};
use crate::state::State;
use crate::verdict::Verdict;
use crate::view::{Field, ProtocolView};
use crate::world::World;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Variant {
    #[default]
    Correct,
    /// Flawed: a receiver delivers every message as soon as it arrives.
    NoHoldBack,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    #[serde(default = "default_nodes")]
    pub nodes: NodeId,
    #[serde(default)]
    pub reliable: bool,
    #[serde(default)]
    pub variant: Variant,
}

fn default_nodes() -> NodeId {
    3
}

const SETTINGS: &[Setting] = &[
    Setting {
        key: "nodes",
        label: "Nodes",
        kind: SettingKind::Count {
            min: 2,
            max: 6,
            default: 3,
        },
    },
    Setting {
        key: "reliable",
        label: "Reliable (relay on first receipt)",
        kind: SettingKind::Flag { default: false },
    },
];

#[derive(Clone, Debug)]
pub struct FifoMulticast {
    nodes: NodeId,
    reliable: bool,
    variant: Variant,
}

/// A copy of a multicast on its way to one member.
#[derive(Clone, Debug, Hash, PartialEq, Eq, PartialOrd, Ord)]
pub struct Msg {
    pub app: AppId,
    pub text: String,
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
    /// A message arrived out of its turn and waits in the hold-back queue for another.
    HeldBack { app: AppId, waits_for: AppId },
}

/// What a node keeps on stable storage: what it multicast and delivered, so that it neither
/// reuses a sequence number nor delivers a message twice after a crash.
#[derive(Clone, Debug, Hash, PartialEq, Eq)]
pub struct Durable {
    sent: u32,
    got: Delivered,
    delivered: Vec<AppId>,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq)]
pub struct Node {
    id: NodeId,
    /// How many messages it has multicast.
    sent: u32,
    /// What it delivered, as a set: its prefix is `P` (`P[j]`: how many of sender j's messages
    /// it has delivered in order).
    got: Delivered,
    /// The hold-back queue: received, not yet delivered; sorted, so that two nodes holding the
    /// same messages are equal (a sorted `Vec` rather than a `BTreeSet`, which would cost the
    /// page several KB of code of its own).
    held: Vec<Msg>,
    /// What it delivered, in order.
    delivered: Vec<AppId>,
}

impl Node {
    /// Whether `app` was seen before: delivered or held back.
    fn knows(&self, app: AppId) -> bool {
        self.got.contains(app) || self.held.iter().any(|m| m.app == app)
    }

    /// Why a held message waits.
    fn waits_for(&self, app: AppId) -> String {
        let expected = self.got.first_missing(app.sender);
        format!(
            "waits for {expected} from node {} (it has delivered {} of node {}'s messages)",
            app.sender,
            expected.seq - 1,
            app.sender
        )
    }
}

/// The texts the random scheduler and the checker multicast: one per message, so that every run
/// of the same length has the same state space.
fn text_for(app: AppId) -> String {
    format!("m{}.{}", app.sender, app.seq)
}

impl Protocol for FifoMulticast {
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

    const NAME: &'static str = "fifo-multicast";
    const SUMMARY: &'static str = "Multicast to the group with each sender's messages delivered in the order it sent them: a receiver holds back a message until the sender's earlier ones have arrived.";
    const VARIANTS: &'static [VariantInfo] = &[
        VariantInfo {
            name: "correct",
            summary: "FIFO multicast with sequence numbers and a hold-back queue (Coulouris et al., 15.4.3).",
            flawed: false,
        },
        VariantInfo {
            name: "no-hold-back",
            summary: "Flawed: a receiver delivers each message as it arrives, whatever its number.",
            flawed: true,
        },
    ];
    const SETTINGS: &'static [Setting] = SETTINGS;
    const PROPERTIES: &'static [PropertyInfo] = properties::PROPERTIES;

    fn new(params: Params) -> Result<FifoMulticast, String> {
        if !(2..=6).contains(&params.nodes) {
            return Err(format!("nodes must be from 2 to 6, not {}", params.nodes));
        }
        Ok(FifoMulticast {
            nodes: params.nodes,
            reliable: params.reliable,
            variant: params.variant,
        })
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
        Node {
            id,
            sent: 0,
            got: Delivered::new(self.nodes),
            held: Vec::new(),
            delivered: Vec::new(),
        }
    }

    fn durable(&self, node: &Node) -> Durable {
        Durable {
            sent: node.sent,
            got: node.got.clone(),
            delivered: node.delivered.clone(),
        }
    }

    fn recover(&self, id: NodeId, durable: Durable, _out: &mut Out<Self>) -> Node {
        Node {
            sent: durable.sent,
            got: durable.got,
            delivered: durable.delivered,
            ..self.init(id)
        }
    }

    fn on_message(&self, node: &mut Node, out: &mut Out<Self>, from: NodeId, msg: Msg) {
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
                out.send(to, msg.clone());
            }
        }
        hold(node, msg.clone());
        self.deliver_what_it_can(node, out);
        if node.held.iter().any(|m| m.app == msg.app) {
            let waits_for = node.got.first_missing(msg.app.sender);
            out.record(Record::HeldBack {
                app: msg.app,
                waits_for,
            });
        }
    }

    fn on_timer(&self, _node: &mut Node, _out: &mut Out<Self>, timer: Self::Timer) {
        match timer {}
    }

    fn on_command(&self, node: &mut Node, out: &mut Out<Self>, cmd: Cmd) -> Result<(), String> {
        let Cmd::Multicast(text) = cmd;
        node.sent += 1;
        let app = AppId {
            sender: node.id,
            seq: node.sent,
        };
        out.record(Record::Multicast(app));
        let msg = Msg { app, text };
        out.broadcast(msg.clone());
        hold(node, msg);
        self.deliver_what_it_can(node, out);
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
            Record::HeldBack { .. } => None,
        });
        properties::observe(monitor, step, multicast);
    }

    fn tag(&self, _sender: &Node, _monitor: &Monitor, _msg: &Msg) {}

    fn verdicts(&self, state: &State<Self>, network: &Network) -> Vec<Verdict> {
        let spent = state.spent();
        let assumption = match () {
            _ if spent.drops > 0 => {
                Some("The network dropped a message: channels were promised reliable.".to_string())
            }
            _ if spent.crashes > 0 && !self.reliable => {
                Some("A node crashed, and unreliable multicast promises nothing then.".to_string())
            }
            _ => None,
        };
        properties::verdicts(
            state,
            |name| self.guaranteed(name, network, spent),
            assumption,
        )
    }

    /// FIFO order and integrity hold whatever happens (a flawed variant breaks its promise);
    /// validity needs reliable channels, and agreement needs them and, when a sender may crash,
    /// relaying.
    fn guaranteed(&self, property: &str, _network: &Network, faults: &Budgets) -> bool {
        match property {
            FIFO_ORDER => true,
            INTEGRITY => true,
            VALIDITY => faults.drops == 0,
            AGREEMENT => faults.drops == 0 && (faults.crashes == 0 || self.reliable),
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
        let mut fields = vec![
            Field::new("delivered", delivered_text(&node.delivered)),
            Field::new(
                "P (delivered per sender)",
                format!("{:?}", node.got.prefix()),
            ),
            Field::new("multicast so far", node.sent.to_string()),
        ];
        if node.held.is_empty() {
            fields.push(Field::new("hold-back queue", "empty"));
        }
        for msg in &node.held {
            fields.push(Field::new(
                format!("held {}", msg.app),
                format!("“{}” {}", msg.text, node.waits_for(msg.app)),
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
        json!({"app": msg.app.to_string(), "text": msg.text})
    }

    fn message_label(&self, msg: &Msg) -> String {
        format!("{} “{}”", msg.app, msg.text)
    }

    fn message_kind(&self, _msg: &Msg) -> &'static str {
        "multicast"
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
            Record::HeldBack { app, waits_for } => {
                format!("holds back {app}: waits for {waits_for}")
            }
        }
    }

    fn protocol_view(&self, _world: &World<Self>) -> ProtocolView {
        ProtocolView {
            cuts: Vec::new(),
            tables: Vec::new(),
        }
    }
}

impl FifoMulticast {
    /// Delivers every held message whose turn has come: sender j's message `P[j] + 1` (under the
    /// flawed `no-hold-back`, every held message).
    fn deliver_what_it_can(&self, node: &mut Node, out: &mut Out<Self>) {
        loop {
            let ready = node.held.iter().position(|m| {
                self.variant == Variant::NoHoldBack || node.got.first_missing(m.app.sender) == m.app
            });
            let Some(at) = ready else {
                return;
            };
            let msg = node.held.remove(at);
            node.got.insert(msg.app);
            node.delivered.push(msg.app);
            out.deliver(msg.app, msg.text);
        }
    }
}

/// Puts a message in the node's hold-back queue, in its sorted place.
fn hold(node: &mut Node, msg: Msg) {
    if let Err(at) = node.held.binary_search(&msg) {
        node.held.insert(at, msg);
    }
}

fn delivered_text(delivered: &[AppId]) -> String {
    match delivered.is_empty() {
        true => "nothing yet".to_string(),
        false => delivered
            .iter()
            .map(AppId::to_string)
            .collect::<Vec<_>>()
            .join(", "),
    }
}
