//! Virtual synchrony (Birman and Joseph's ISIS; Coulouris et al., *Distributed Systems*,
//! section 15.2.3): reliable FIFO multicast within a view, a membership every member agrees on,
//! and view changes that make every member that moves from one view to the next deliver the same
//! messages in the first.
//!
//! - **Multicast.** A member multicasts to the other members of its view; each message carries
//!   the view. A receiver delivers a sender's messages of its own view in the order the sender
//!   sent them (FIFO), holds back a message of a view not installed here yet, discards one of an
//!   older view, and acknowledges each message to its sender.
//! - **Failure detection.** A sender's ack timer waits for every member's acknowledgement; under
//!   `sync` timing it fires only when nothing is on its way, so a missing acknowledgement means a
//!   crash (or a partition). The sender suspects the silent members and tells the coordinator:
//!   the lowest member it does not suspect (itself, perhaps).
//! - **View change.** The coordinator proposes the next view (the members it does not suspect,
//!   less those that asked to leave, plus those that asked to join) and asks the old view's
//!   members to **flush**: each stops multicasting and delivering, and sends the coordinator the
//!   messages it delivered in the old view (any of them may be unstable: a member does not know
//!   who else has them) and how many it multicast. When every member has flushed, the coordinator
//!   sends each new member (and each member left out) the new view with the union of the
//!   flushed messages; a member delivers those it lacks, in each sender's order, then installs
//!   the view. So every member installs the new view after the same messages.
//! - **Failures during the change.** A member the coordinator's flush timer finds silent is
//!   suspected and the change restarts without it. A member found a view behind (it missed an
//!   install when the last coordinator crashed mid-send) cannot deliver what the others delivered
//!   in that view, so it is removed from the next. A flushed member whose install timer fires
//!   suspects the coordinator and turns to the next one. A coordinator a view behind a member
//!   catches up from that member's install before proposing again.
//! - **Join and leave.** `leave` asks the coordinator to change the view without the member;
//!   `join` (by a process outside the group: one that left, was removed, or recovered from a
//!   crash) asks every coordinator to change it with the process.
//!
//! Virtual synchrony is not consensus: cut the network and each side installs a view of its own
//! (`view-agreement` breaks, the partition to blame).

mod bands;
mod change;
mod member;
mod views;

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use self::bands::Bands;
use self::change::{on_ack, on_query, settle_stability};
use self::member::{Data, Durable, Install, Members, Node, View};
use self::views::Views;
use crate::action::NodeId;
use crate::budget::Budgets;
use crate::form::{CommandForm, Input, InputKind, Setting, SettingKind};
use crate::monitor::Observation;
use crate::network::{Channels, Network, Timing};
use crate::protocol::{AppId, Out, PropertyInfo, Protocol, VariantInfo};
use crate::protocols::multicast::delivered_text;
use crate::protocols::multicast::properties::{
    self, AGREEMENT, CAUSAL_ORDER, FIFO_ORDER, INTEGRITY, TOTAL_ORDER, VALIDITY,
};
use crate::state::{Move, State};
use crate::trace::Event;
use crate::verdict::Verdict;
use crate::view::{Field, ProtocolView};
use crate::world::World;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Variant {
    #[default]
    Correct,
    /// Flawed: the coordinator installs the new view at once, without a flush.
    SkipFlush,
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

#[derive(Clone, Debug)]
pub struct VirtualSynchrony {
    nodes: NodeId,
    reliable: bool,
    variant: Variant,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, PartialOrd, Ord)]
pub enum Msg {
    /// A copy of a multicast of `view`.
    Data { view: View, data: Data },
    /// The receiver got the sender's message.
    Ack { app: AppId },
    /// Every member got the sender's message: it is stable.
    Stable { app: AppId },
    /// A receiver that waited long for stability asks whether the sender is still up; a member
    /// that waited long for view `install` asks whether the coordinator still works on it.
    Query { install: Option<u32> },
    /// The sender is up (it will say when its messages are stable, or suspect who is silent).
    Alive,
    /// The sender suspects these members.
    Suspect { nodes: Members },
    /// The sender, outside the group, asks to join; it has multicast `sent` messages.
    Join { sent: u32, life: u32 },
    /// The sender asks to leave the group.
    Leave,
    /// The coordinator asks for a flush towards `proposal`, with how its own view was installed
    /// (a member that missed that install catches up from it first).
    Flush { proposal: View, current: Install },
    /// A member's flush: its view's number, what it delivered in it, how many it multicast.
    Flushed {
        view: u32,
        delivered: Vec<Data>,
        sent: u32,
    },
    /// Install this view (after delivering the union).
    Install(Install),
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Cmd {
    /// `{"multicast": "text"}`.
    Multicast(String),
    /// `"leave"`: leave the group.
    Leave,
    /// `"join"`: join the group again.
    Join,
}

#[derive(Clone, Copy, Debug, Hash, PartialEq, Eq, PartialOrd, Ord)]
pub enum Timer {
    /// A sender awaits its acknowledgements.
    Acks,
    /// A receiver awaits word that the messages it got are stable.
    Stability,
    /// A coordinator awaits the flushes.
    Flush,
    /// A flushed member awaits the new view.
    Install,
}

#[derive(Clone, Debug)]
pub enum Record {
    /// The node multicast this message in this view.
    Multicast {
        app: AppId,
        view: View,
    },
    Suspects(Members),
    /// A coordinator starts (or restarts) a view change.
    Proposes {
        view: View,
        flush: bool,
    },
    /// A member installs a view, after the first `after` deliveries of the step.
    Installed {
        view: View,
        after: usize,
        starts: Vec<u32>,
    },
    /// The process is outside the group: it left, was removed, or recovered from a crash.
    Outside {
        after: usize,
    },
}

const CORRECT: VariantInfo = VariantInfo {
    name: "correct",
    summary: "As the textbooks give it (Birman; Coulouris et al., 15.2.3): flush, then install.",
    flawed: false,
};

const PROPERTY_LIST: [PropertyInfo; 9] = [
    properties::PROPERTIES[0],
    properties::PROPERTIES[1],
    properties::PROPERTIES[2],
    properties::PROPERTIES[3],
    properties::PROPERTIES[4],
    properties::PROPERTIES[5],
    views::PROPERTIES[0],
    views::PROPERTIES[1],
    views::PROPERTIES[2],
];

/// The order properties' monitor and the views' monitor.
#[derive(Clone, Debug, Hash, PartialEq, Eq)]
pub struct Monitor {
    order: properties::Monitor,
    views: Views,
}

fn text_for(app: AppId) -> String {
    format!("m{}.{}", app.sender, app.seq)
}

impl Protocol for VirtualSynchrony {
    type Params = Params;
    type Node = Node;
    type Durable = Durable;
    type Msg = Msg;
    type Cmd = Cmd;
    type Record = Record;
    type Timer = Timer;
    type Monitor = Monitor;
    type Tag = ();
    type Chronicle = Bands;

    const NAME: &'static str = "virtual-synchrony";
    const SUMMARY: &'static str = "Group membership with view changes: a flush makes every member that moves to the next view deliver the same messages first, and every member installs the same views (unless the network splits: it is not consensus).";
    const VARIANTS: &'static [VariantInfo] = &[
        CORRECT,
        VariantInfo {
            name: "skip-flush",
            summary: "Flawed: the coordinator installs the new view at once, without a flush; members drop the old view's messages they lack.",
            flawed: true,
        },
    ];
    const SETTINGS: &'static [Setting] = &[
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
    const PROPERTIES: &'static [PropertyInfo] = &PROPERTY_LIST;

    fn new(params: Params) -> Result<VirtualSynchrony, String> {
        if !(2..=6).contains(&params.nodes) {
            return Err(format!("nodes must be from 2 to 6, not {}", params.nodes));
        }
        Ok(VirtualSynchrony {
            nodes: params.nodes,
            reliable: params.reliable,
            variant: params.variant,
        })
    }

    fn node_count(&self) -> NodeId {
        self.nodes
    }

    /// Unordered, so that copies can overtake each other; synchronous, so that a timeout means a
    /// crash (or a partition).
    fn default_network(&self) -> Network {
        Network {
            channels: Channels::Unordered,
            timing: Timing::Sync,
        }
    }

    fn init(&self, id: NodeId) -> Node {
        Node::new(id, self.nodes)
    }

    fn durable(&self, node: &Node) -> Durable {
        node.durable()
    }

    fn recover(&self, id: NodeId, durable: Durable, out: &mut Out<Self>) -> Node {
        out.record(Record::Outside { after: 0 });
        Node::recovered(id, self.nodes, durable)
    }

    fn on_message(&self, node: &mut Node, out: &mut Out<Self>, from: NodeId, msg: Msg) {
        match msg {
            Msg::Data { view, data } => self.on_data(node, out, from, view, data),
            Msg::Ack { app } => on_ack(node, out, from, app),
            Msg::Stable { app } => {
                if let Ok(at) = node.unstable.binary_search(&app) {
                    node.unstable.remove(at);
                    settle_stability(node, out);
                }
            }
            Msg::Query { install } => on_query(node, out, from, install),
            Msg::Alive => {
                node.queried = node.queried.without(from);
                node.unstable.retain(|app| app.sender != from);
                settle_stability(node, out);
                if node.awaited_coordinator() == Some(from) {
                    // Up, yet no change: it may have missed the request to leave (it was a view
                    // behind, or outside), so the request goes again.
                    if node.leaving && node.flushed.is_none() {
                        out.send(from, Msg::Leave);
                    }
                    if !node.suspects.is_empty() && node.flushed.is_none() {
                        let nodes = node.suspects;
                        out.send(from, Msg::Suspect { nodes });
                    }
                    out.set_timer(Timer::Install);
                }
            }
            Msg::Suspect { nodes } => self.on_suspect(node, out, from, nodes),
            Msg::Join { sent, life } => self.on_join(node, out, from, (sent, life)),
            Msg::Leave => self.on_leave(node, out, from),
            Msg::Flush { proposal, current } => self.on_flush(node, out, from, proposal, &current),
            Msg::Flushed {
                view,
                delivered,
                sent,
            } => self.on_flushed(node, out, from, view, &delivered, sent),
            Msg::Install(install) => self.install(node, out, &install),
        }
    }

    fn on_timer(&self, node: &mut Node, out: &mut Out<Self>, timer: Timer) {
        match timer {
            Timer::Acks => {
                let silent = node
                    .unacked
                    .iter()
                    .fold(Members::default(), |all, (_, waiting)| all.union(*waiting));
                node.unacked.clear();
                self.suspect(node, out, silent);
            }
            // The first timeout asks the senders whether they are up (one may be waiting for a
            // crashed member's acknowledgement); the second suspects those that did not answer.
            Timer::Stability if node.queried.is_empty() => {
                node.queried = node
                    .unstable
                    .iter()
                    .fold(Members::default(), |all, app| all.with(app.sender));
                for to in node.queried.iter() {
                    out.send(to, Msg::Query { install: None });
                }
                out.set_timer(Timer::Stability);
            }
            Timer::Stability => {
                let silent = node.queried;
                node.queried = Members::default();
                node.unstable.retain(|app| !silent.contains(app.sender));
                self.suspect(node, out, silent);
            }
            Timer::Flush => {
                if let Some(change) = &node.change {
                    let silent = change.waiting;
                    self.suspect(node, out, silent);
                }
            }
            // As for stability: first ask the coordinator whether it is up (it may be waiting
            // for a crashed member's flush), then suspect it if it did not answer.
            Timer::Install => {
                let Some(coordinator) = node.awaited_coordinator() else {
                    return;
                };
                if !node.queried.contains(coordinator) {
                    node.queried = node.queried.with(coordinator);
                    let install = node.awaited_view();
                    out.send(coordinator, Msg::Query { install });
                    out.set_timer(Timer::Install);
                    return;
                }
                node.queried = node.queried.without(coordinator);
                // It turns to the next coordinator, and waits again unless it is that one.
                self.suspect(node, out, Members::one(coordinator));
                if node.awaited_coordinator().is_some() {
                    out.set_timer(Timer::Install);
                }
            }
        }
    }

    fn on_command(&self, node: &mut Node, out: &mut Out<Self>, cmd: Cmd) -> Result<(), String> {
        match cmd {
            Cmd::Multicast(text) => {
                if let Some(why) = node.why_not_multicast() {
                    return Err(format!("Node {} cannot multicast: {why}.", node.id));
                }
                self.multicast(node, out, text);
            }
            Cmd::Leave => {
                if let Some(why) = node.why_not_multicast() {
                    return Err(format!("Node {} cannot leave: {why}.", node.id));
                }
                if node
                    .view
                    .is_some_and(|v| v.members == Members::one(node.id))
                {
                    return Err(format!(
                        "Node {} is the group's last member: it cannot leave.",
                        node.id
                    ));
                }
                node.leaving = true;
                match node.coordinator() {
                    Some(c) if c == node.id => {
                        node.leaves = node.leaves.with(node.id);
                        self.start_change(node, out);
                    }
                    Some(c) => {
                        out.send(c, Msg::Leave);
                        out.set_timer(Timer::Install);
                    }
                    None => {}
                }
            }
            Cmd::Join => {
                if node.view.is_some() {
                    return Err(format!("Node {} is in the group already.", node.id));
                }
                node.joining = true;
                out.broadcast(Msg::Join {
                    sent: node.sent,
                    life: node.life,
                });
            }
        }
        Ok(())
    }

    fn commands(&self, node: &Node) -> Vec<Cmd> {
        if node.view.is_none() {
            return vec![Cmd::Join];
        }
        if node.why_not_multicast().is_some() {
            return Vec::new();
        }
        let app = AppId {
            sender: node.id,
            seq: node.sent + 1,
        };
        let alone = node
            .view
            .is_some_and(|v| v.members == Members::one(node.id));
        match alone {
            true => vec![Cmd::Multicast(text_for(app))],
            false => vec![Cmd::Multicast(text_for(app)), Cmd::Leave],
        }
    }

    /// Two commands: two multicasts, or a multicast and a leave.
    fn default_command_budget(&self) -> u32 {
        2
    }

    fn monitor(&self) -> Monitor {
        let first = self.init(0).last.view;
        Monitor {
            order: properties::Monitor::new(self.nodes),
            views: Views::new(self.nodes, first),
        }
    }

    /// Deliveries and installs interleave within a step (a member delivers the flushed messages,
    /// installs the view, then delivers what it held for the new view), so the records say after
    /// how many of the step's deliveries each install came.
    fn observe(&self, monitor: &mut Monitor, step: &Observation<Self>) {
        let at = step.moment();
        properties::note_step(&mut monitor.order, at);
        let Some(node) = step.node else {
            return;
        };
        if let Move::Crash { .. } = step.what {
            monitor.views.crash(node);
        }
        let mut next = 0;
        let mut deliver_upto = |monitor: &mut Monitor, upto: usize| {
            for delivery in &step.delivered[next.min(upto)..upto] {
                properties::deliver(&mut monitor.order, at, node, delivery.app);
                monitor.views.deliver(at, node, delivery.app);
            }
            next = next.max(upto);
        };
        for record in step.records {
            match record {
                Record::Multicast { app, view } => {
                    let audience = |node: NodeId| view.members.contains(node);
                    properties::note_multicast(&mut monitor.order, *app, Some(&audience));
                }
                Record::Installed {
                    view,
                    after,
                    starts,
                } => {
                    deliver_upto(monitor, *after);
                    monitor.views.install(at, node, *view);
                    monitor.order.join(node, starts);
                }
                Record::Outside { after } => {
                    deliver_upto(monitor, *after);
                    monitor.views.leave(node);
                    monitor.order.leave(node);
                }
                Record::Suspects(_) | Record::Proposes { .. } => {}
            }
        }
        deliver_upto(monitor, step.delivered.len());
    }

    fn tag(&self, _sender: &Node, _monitor: &Monitor, _msg: &Msg) {}

    fn verdicts(&self, state: &State<Self>, network: &Network) -> Vec<Verdict> {
        let spent = state.spent();
        let assumption = match () {
            _ if spent.partitions > 0 => Some("The network was partitioned: virtual synchrony is not consensus, and each side went on with a view of its own.".to_string()),
            _ if spent.drops > 0 => Some("The network dropped a message: channels were promised reliable.".to_string()),
            _ if network.timing == Timing::Async => Some("Timing is asynchronous: a timeout may suspect a live member.".to_string()),
            _ => None,
        };
        let settled = !state.anything_on_its_way()
            && (0..state.node_count())
                .all(|node| state.is_crashed(node) || state.timers(node).is_empty());
        let guaranteed = |name: &str| self.guaranteed(name, network, spent);
        let monitor = state.monitor();
        let up: Vec<bool> = (0..self.nodes).map(|n| !state.is_crashed(n)).collect();
        let mut verdicts = properties::verdicts(
            &up,
            &monitor.order,
            settled,
            &guaranteed,
            assumption.clone(),
        );
        verdicts.extend(monitor.views.verdicts(&guaranteed, &assumption));
        verdicts
    }

    /// FIFO order, integrity and sender-in-view always; the rest needs reliable channels,
    /// synchronous timing (a timeout is a crash), no partition, and the flush (without it a view
    /// change loses messages, and a coordinator that crashes mid-install splits the group).
    fn guaranteed(&self, property: &str, network: &Network, faults: &Budgets) -> bool {
        let sound = faults.drops == 0
            && faults.partitions == 0
            && network.timing == Timing::Sync
            && self.variant == Variant::Correct;
        match property {
            FIFO_ORDER | INTEGRITY | views::SENDER_IN_VIEW => true,
            CAUSAL_ORDER | TOTAL_ORDER => false,
            VALIDITY | AGREEMENT | views::VIEW_AGREEMENT | views::VIEW_DELIVERY => sound,
            _ => false,
        }
    }

    fn resend_collapses(&self, msg: &Msg) -> bool {
        matches!(msg, Msg::Suspect { .. })
    }

    fn node_state(&self, node: &Node) -> Value {
        json!({
            "delivered": node.delivered.iter().map(AppId::to_string).collect::<Vec<_>>(),
            "held": node.held.iter().map(|(_, d)| d.app.to_string()).collect::<Vec<_>>(),
            "sent": node.sent,
            "view": node.view.map(|v| json!({
                "number": v.number,
                "members": v.members.iter().collect::<Vec<_>>(),
            })),
        })
    }

    fn command_forms(&self, node: &Node) -> Vec<CommandForm> {
        self.commands(node)
            .into_iter()
            .map(|cmd| match cmd {
                Cmd::Multicast(text) => CommandForm {
                    label: "Multicast".to_string(),
                    template: json!({ "multicast": text }),
                    inputs: vec![Input {
                        field: "",
                        label: "Text",
                        kind: InputKind::Text { max: 40 },
                    }],
                },
                Cmd::Leave => CommandForm {
                    label: "Leave the group".to_string(),
                    template: json!("leave"),
                    inputs: Vec::new(),
                },
                Cmd::Join => CommandForm {
                    label: "Join the group".to_string(),
                    template: json!("join"),
                    inputs: Vec::new(),
                },
            })
            .collect()
    }

    fn inspect(&self, node: &Node) -> Vec<Field> {
        let mut fields = vec![Field::new(
            "view",
            node.view
                .map_or_else(|| "outside the group".to_string(), |v| v.to_string()),
        )];
        if let Some((coordinator, proposal)) = node.flushed {
            fields.push(Field::new(
                "flushed",
                format!("for {proposal} (coordinator {coordinator}): waits for the install"),
            ));
        }
        if let Some(change) = &node.change {
            fields.push(Field::new(
                "view change",
                format!(
                    "proposes {}; waits for the flush of {}",
                    change.proposal, change.waiting
                ),
            ));
        }
        if !node.suspects.is_empty() {
            fields.push(Field::new("suspects", node.suspects.to_string()));
        }
        fields.push(Field::new("delivered", delivered_text(&node.delivered)));
        fields.push(Field::new(
            "delivered in this view",
            delivered_text(&node.in_view.iter().map(|d| d.app).collect::<Vec<_>>()),
        ));
        fields.push(Field::new("multicast so far", node.sent.to_string()));
        if node.held.is_empty() {
            fields.push(Field::new("hold-back queue", "empty"));
        }
        for (view, data) in &node.held {
            fields.push(Field::new(
                format!("held {}", data.app),
                format!("“{}” {}", data.text, node.wait_text(*view, data)),
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
        let view_json =
            |v: &View| json!({"number": v.number, "members": v.members.iter().collect::<Vec<_>>()});
        let apps = |list: &[Data]| list.iter().map(|d| d.app.to_string()).collect::<Vec<_>>();
        match msg {
            Msg::Data { view, data } => {
                json!({"app": data.app.to_string(), "text": data.text, "view": view.number})
            }
            Msg::Ack { app } => json!({"ack": app.to_string()}),
            Msg::Stable { app } => json!({"stable": app.to_string()}),
            Msg::Query { install } => json!({"query": install}),
            Msg::Alive => json!("alive"),
            Msg::Suspect { nodes } => json!({"suspect": nodes.iter().collect::<Vec<_>>()}),
            Msg::Join { sent, life } => json!({"join": {"sent": sent, "life": life}}),
            Msg::Leave => json!("leave"),
            Msg::Flush { proposal, .. } => json!({"flush": view_json(proposal)}),
            Msg::Flushed {
                view,
                delivered,
                sent,
            } => json!({"flushed": {"view": view, "delivered": apps(delivered), "sent": sent}}),
            Msg::Install(install) => json!({"install": {
                "view": view_json(&install.view),
                "union": apps(&install.union),
            }}),
        }
    }

    fn message_label(&self, msg: &Msg) -> String {
        let apps = |list: &[Data]| {
            list.iter()
                .map(|d| d.app.to_string())
                .collect::<Vec<_>>()
                .join(",")
        };
        match msg {
            Msg::Data { view, data } => format!("{} “{}” v{}", data.app, data.text, view.number),
            Msg::Ack { app } => format!("ack {app}"),
            Msg::Stable { app } => format!("{app} stable"),
            Msg::Query { install: None } => "are you up?".to_string(),
            Msg::Query { install: Some(n) } => format!("still on v{n}?"),
            Msg::Alive => "up".to_string(),
            Msg::Suspect { nodes } => format!("suspect {nodes}"),
            Msg::Join { .. } => "join".to_string(),
            Msg::Leave => "leave".to_string(),
            Msg::Flush { proposal, .. } => format!("flush for v{}", proposal.number),
            Msg::Flushed { delivered, .. } => format!("flushed [{}]", apps(delivered)),
            Msg::Install(install) => format!(
                "install v{} {} [{}]",
                install.view.number,
                install.view.members,
                apps(&install.union)
            ),
        }
    }

    fn message_kind(&self, msg: &Msg) -> &'static str {
        match msg {
            Msg::Data { .. } => "multicast",
            Msg::Ack { .. } | Msg::Stable { .. } | Msg::Query { .. } | Msg::Alive => "ack",
            Msg::Suspect { .. } | Msg::Join { .. } | Msg::Leave => "membership",
            Msg::Flush { .. } | Msg::Flushed { .. } => "flush",
            Msg::Install(_) => "install",
        }
    }

    fn command_label(&self, cmd: &Cmd) -> String {
        match cmd {
            Cmd::Multicast(text) => format!("multicast “{text}”"),
            Cmd::Leave => "leave".to_string(),
            Cmd::Join => "join".to_string(),
        }
    }

    fn timer_label(&self, timer: &Timer) -> String {
        match timer {
            Timer::Acks => "ack timeout",
            Timer::Stability => "stability timeout",
            Timer::Flush => "flush timeout",
            Timer::Install => "install timeout",
        }
        .to_string()
    }

    fn record_note(&self, record: &Record) -> String {
        match record {
            Record::Multicast { app, .. } => format!("multicasts {app}"),
            Record::Suspects(nodes) => format!("suspects {nodes}"),
            Record::Proposes { view, flush: true } => format!("proposes {view}: flush"),
            Record::Proposes { view, flush: false } => {
                format!("proposes {view}, without a flush")
            }
            Record::Installed { view, .. } => format!("installs {view}"),
            Record::Outside { .. } => "is outside the group".to_string(),
        }
    }

    fn chronicle(&self, bands: &mut Bands, event: &Event, records: &[&Record]) {
        bands.fold(self.nodes, event, records);
    }

    fn protocol_view(&self, world: &World<Self>) -> ProtocolView {
        ProtocolView {
            trees: Vec::new(),
            cuts: Vec::new(),
            tables: Vec::new(),
            bands: world.history().chronicle().view(self.nodes),
            marks: Vec::new(),
        }
    }
}
