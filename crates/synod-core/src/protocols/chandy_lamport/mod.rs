//! Chandy-Lamport global snapshots (K. M. Chandy and L. Lamport, "Distributed Snapshots:
//! Determining Global States of Distributed Systems", ACM TOCS 3(1), 1985).
//!
//! Every node holds a bank balance and sends transfers to the others over reliable FIFO
//! channels. A snapshot records a consistent global state (balances plus the money in transit)
//! without stopping the bank:
//!
//! 1. **Initiate.** A node records its own state, then sends a marker on every outgoing channel
//!    before sending anything else.
//! 2. **Marker receiving rule, first marker.** A node that receives a marker and has not recorded
//!    its state records it, records the marker's channel as empty, and sends markers on every
//!    outgoing channel.
//! 3. **Marker receiving rule, later markers.** A node that has recorded its state records, as
//!    the state of the marker's channel, every message it received on that channel after
//!    recording and before the marker; the channel is then closed.
//! 4. **Termination.** The snapshot is complete when every node has recorded its state and every
//!    channel is closed.
//!
//! Several nodes may initiate the same snapshot concurrently: the markers are identical, and
//! each node records once, on the first marker or its own initiation. A later snapshot gets the
//! next epoch number and runs alongside any earlier one still in progress.
//!
//! The balance (and the epochs a node took part in) are durable; the snapshot in progress is
//! volatile, so a crash in the middle of a snapshot stops it from terminating, as the algorithm
//! assumes no failures.

mod properties;

pub use properties::{Monitor, Tag};
mod snapshots;

use std::collections::{BTreeMap, BTreeSet};
use std::convert::Infallible;

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::action::NodeId;
use crate::budget::Budgets;
use crate::form::{CommandForm, Input, InputKind, NumberDefault, Setting, SettingKind};
use crate::monitor::Observation;
use crate::network::{Channels, Network, Timing};
use crate::protocol::{Out, PropertyInfo, Protocol, VariantInfo};
use crate::state::State;
use crate::trace::Event;
use crate::verdict::Verdict;
use crate::view::{Field, ProtocolView};
use crate::world::World;

const MIN_NODES: u32 = 2;
const MAX_NODES: u32 = 8;
const DEFAULT_BALANCE: u64 = 100;
const MAX_BALANCE: u64 = 1_000_000_000;

/// The `"params"` of a `chandy-lamport` scenario.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    pub nodes: u32,
    /// Each node's starting balance; 100 each when left out.
    #[serde(default)]
    pub balances: Option<Vec<u64>>,
    #[serde(default)]
    pub variant: Variant,
}

/// The algorithm as published, or a deliberately broken version for teaching.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Variant {
    #[default]
    Correct,
    /// Flawed: after recording, a node holds its markers back until it has sent one more
    /// transfer, breaking "send markers before anything else". The cut becomes inconsistent.
    MarkersAfterTraffic,
    /// Flawed: a node records every incoming channel as empty the moment it records its state,
    /// without waiting for markers. Money in transit is lost from the snapshot.
    NoChannelState,
}

impl Variant {
    /// The variant's name in params (and in [`ChandyLamport::VARIANTS`]).
    pub fn name(self) -> &'static str {
        match self {
            Variant::Correct => "correct",
            Variant::MarkersAfterTraffic => "markers-after-traffic",
            Variant::NoChannelState => "no-channel-state",
        }
    }
}

#[derive(Clone, Debug)]
pub struct ChandyLamport {
    balances: Vec<u64>,
    variant: Variant,
}

impl ChandyLamport {
    pub fn variant(&self) -> Variant {
        self.variant
    }

    /// The money in the system at the start, which a correct snapshot must account for.
    pub fn initial_total(&self) -> u64 {
        self.balances.iter().sum()
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase", deny_unknown_fields)]
pub enum Cmd {
    /// Send `amount` of this node's balance to node `to`.
    Transfer { to: NodeId, amount: u64 },
    /// Start a new snapshot here.
    Snapshot,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, PartialOrd, Ord)]
pub enum Msg {
    Transfer { amount: u64 },
    Marker { epoch: u32 },
}

/// What nodes write into the trace as the snapshot proceeds.
#[derive(Clone, Debug, Hash, PartialEq, Eq, PartialOrd, Ord)]
pub enum Record {
    Initiated {
        epoch: u32,
    },
    Recorded {
        epoch: u32,
        balance: u64,
    },
    ChannelClosed {
        epoch: u32,
        from: NodeId,
        amounts: Vec<u64>,
    },
}

/// What a node has recorded on one incoming channel.
#[derive(Clone, Debug, Hash, PartialEq, Eq, PartialOrd, Ord)]
pub struct ChannelRecording {
    pub amounts: Vec<u64>,
    /// Closed by the channel's marker: the recording is final.
    pub closed: bool,
}

impl LocalSnapshot {
    fn recording(&self, from: NodeId) -> Option<&ChannelRecording> {
        self.channels.get(&from).filter(|c| !c.closed)
    }

    pub fn all_closed(&self) -> bool {
        self.channels.values().all(|c| c.closed)
    }

    /// Every incoming channel closed and every marker sent: nothing left to do here.
    fn is_finished(&self) -> bool {
        self.all_closed() && !self.markers_held
    }
}

/// A node's part in one snapshot.
#[derive(Clone, Debug, Hash, PartialEq, Eq, PartialOrd, Ord)]
pub struct LocalSnapshot {
    pub recorded: u64,
    /// Each incoming channel's recording, by sender.
    pub channels: BTreeMap<NodeId, ChannelRecording>,
    /// Markers recorded but not yet sent (only in the markers-after-traffic variant).
    pub markers_held: bool,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, PartialOrd, Ord)]
pub struct Node {
    pub id: NodeId,
    pub durable: Durable,
    pub snapshots: BTreeMap<u32, LocalSnapshot>,
    /// The snapshots not finished here (a channel still recording, or markers held back), so a
    /// transfer visits only those, however many snapshots the run has taken.
    pub unfinished: BTreeSet<u32>,
}

/// What survives a crash: the balance, and which epochs the node already took part in (so a
/// late marker of a snapshot it lost is not mistaken for a new one).
#[derive(Clone, Debug, Hash, PartialEq, Eq, PartialOrd, Ord)]
pub struct Durable {
    pub balance: u64,
    pub latest_epoch: u32,
    pub joined: BTreeSet<u32>,
}

impl Protocol for ChandyLamport {
    type Params = Params;
    type Node = Node;
    type Durable = Durable;
    type Msg = Msg;
    type Cmd = Cmd;
    type Record = Record;
    type Timer = Infallible;
    type Monitor = Monitor;
    type Tag = Tag;
    type Chronicle = snapshots::Epochs;

    const NAME: &'static str = "chandy-lamport";
    const SUMMARY: &'static str = "Record a consistent picture of a running bank (every balance and the money in transit) without stopping it: markers split each FIFO channel into before and after the cut.";
    const VARIANTS: &'static [VariantInfo] = &[
        VariantInfo {
            name: "correct",
            summary: "The algorithm as published by Chandy and Lamport (1985).",
            flawed: false,
        },
        VariantInfo {
            name: "markers-after-traffic",
            summary: "Flawed: after recording, a node holds its markers back until it has sent one more transfer, so the cut can become inconsistent.",
            flawed: true,
        },
        VariantInfo {
            name: "no-channel-state",
            summary: "Flawed: a node records every incoming channel as empty the moment it records its state, so money in transit is lost from the snapshot.",
            flawed: true,
        },
    ];

    const SETTINGS: &'static [Setting] = &[
        Setting {
            key: "nodes",
            label: "Nodes",
            kind: SettingKind::Count {
                min: MIN_NODES as u64,
                max: MAX_NODES as u64,
                default: 3,
            },
        },
        Setting {
            key: "balances",
            label: "Starting balances ($)",
            kind: SettingKind::Numbers {
                of: "nodes",
                min: 0,
                max: MAX_BALANCE,
                default: NumberDefault::Same(DEFAULT_BALANCE),
            },
        },
    ];

    const PROPERTIES: &'static [PropertyInfo] = properties::PROPERTIES;
    const WATCHES_LOSSES: bool = true;

    fn new(params: Params) -> Result<ChandyLamport, String> {
        if !(MIN_NODES..=MAX_NODES).contains(&params.nodes) {
            return Err(format!(
                "nodes must be between {MIN_NODES} and {MAX_NODES}, not {}",
                params.nodes
            ));
        }
        let balances = params
            .balances
            .unwrap_or_else(|| vec![DEFAULT_BALANCE; params.nodes as usize]);
        if balances.len() != params.nodes as usize {
            return Err(format!(
                "balances has {} entries but there are {} nodes",
                balances.len(),
                params.nodes
            ));
        }
        if let Some(b) = balances.iter().find(|b| **b > MAX_BALANCE) {
            return Err(format!("balance {b} is above the limit of {MAX_BALANCE}"));
        }
        Ok(ChandyLamport {
            balances,
            variant: params.variant,
        })
    }

    fn node_count(&self) -> NodeId {
        self.balances.len() as NodeId
    }

    fn default_network(&self) -> Network {
        Network {
            channels: Channels::Fifo,
            timing: Timing::Async,
        }
    }

    fn init(&self, id: NodeId) -> Node {
        Node {
            id,
            durable: Durable {
                balance: self.balances[id as usize],
                latest_epoch: 0,
                joined: BTreeSet::new(),
            },
            snapshots: BTreeMap::new(),
            unfinished: BTreeSet::new(),
        }
    }

    fn durable(&self, node: &Node) -> Durable {
        node.durable.clone()
    }

    fn recover(&self, id: NodeId, durable: Durable, _out: &mut Out<Self>) -> Node {
        Node {
            id,
            durable,
            snapshots: BTreeMap::new(),
            unfinished: BTreeSet::new(),
        }
    }

    fn on_message(&self, node: &mut Node, out: &mut Out<Self>, from: NodeId, msg: Msg) {
        match msg {
            // Application rule: take the money; every snapshot still recording this channel
            // records the transfer as in transit.
            Msg::Transfer { amount } => {
                node.durable.balance += amount;
                for epoch in &node.unfinished {
                    let local = node
                        .snapshots
                        .get_mut(epoch)
                        .expect("unfinished is recorded");
                    if let Some(channel) = local.channels.get_mut(&from).filter(|c| !c.closed) {
                        channel.amounts.push(amount);
                    }
                }
            }
            // Marker receiving rule, later marker: the channel's state is what arrived since
            // recording; close it.
            Msg::Marker { epoch } if node.snapshots.contains_key(&epoch) => {
                let local = node.snapshots.get_mut(&epoch).expect("checked above");
                if let Some(channel) = local.channels.get_mut(&from).filter(|c| !c.closed) {
                    channel.closed = true;
                    out.record(Record::ChannelClosed {
                        epoch,
                        from,
                        amounts: channel.amounts.clone(),
                    });
                }
                if local.is_finished() {
                    node.unfinished.remove(&epoch);
                }
            }
            // A marker of a snapshot whose state this node lost in a crash: nothing to do.
            Msg::Marker { epoch } if node.durable.joined.contains(&epoch) => {}
            // Marker receiving rule, first marker: record, the channel is empty, pass it on.
            Msg::Marker { epoch } => {
                self.record_state(node, out, epoch, Some(from));
            }
        }
    }

    fn on_timer(&self, _node: &mut Node, _out: &mut Out<Self>, timer: Infallible) {
        match timer {}
    }

    fn on_command(&self, node: &mut Node, out: &mut Out<Self>, cmd: Cmd) -> Result<(), String> {
        match cmd {
            Cmd::Transfer { to, amount } => {
                if to >= self.node_count() {
                    return Err(format!("node {to} does not exist"));
                }
                if to == node.id {
                    return Err("a node cannot transfer money to itself".to_string());
                }
                if amount == 0 {
                    return Err("a transfer must move at least 1".to_string());
                }
                if amount > node.durable.balance {
                    return Err(format!(
                        "cannot send {amount}: the balance is only {}",
                        node.durable.balance
                    ));
                }
                node.durable.balance -= amount;
                out.send(to, Msg::Transfer { amount });
                self.release_held_markers(node, out);
            }
            // Initiation rule: record, then markers on every channel before anything else.
            Cmd::Snapshot => {
                let epoch = node.durable.latest_epoch + 1;
                out.record(Record::Initiated { epoch });
                self.record_state(node, out, epoch, None);
            }
        }
        Ok(())
    }

    /// A snapshot, or a transfer to each other node of $10 or of half the balance.
    fn commands(&self, node: &Node) -> Vec<Cmd> {
        let balance = node.durable.balance;
        let mut amounts: Vec<u64> = [10, balance / 2]
            .into_iter()
            .filter(|a| (1..=balance).contains(a))
            .collect();
        amounts.dedup();
        let mut commands: Vec<Cmd> = (0..self.node_count())
            .filter(|to| *to != node.id)
            .flat_map(|to| {
                amounts
                    .iter()
                    .map(move |&amount| Cmd::Transfer { to, amount })
            })
            .collect();
        commands.push(Cmd::Snapshot);
        commands
    }

    /// Two transfers and a snapshot.
    fn default_command_budget(&self) -> u32 {
        3
    }

    fn monitor(&self) -> Monitor {
        Monitor::default()
    }

    fn observe(&self, monitor: &mut Monitor, step: &Observation<Self>) {
        properties::observe(self, monitor, step);
    }

    fn tag(&self, sender: &Node, monitor: &Monitor, msg: &Msg) -> Tag {
        properties::tag(sender, monitor, msg)
    }

    fn verdicts(&self, state: &State<Self>, _network: &Network) -> Vec<Verdict> {
        properties::verdicts(self, state.monitor())
    }

    /// The snapshot is consistent and accounts for every dollar on reliable FIFO channels
    /// without crashes; it terminates when no marker is lost and no node crashes.
    fn guaranteed(&self, property: &str, network: &Network, faults: &Budgets) -> bool {
        let reliable = faults.drops == 0 && faults.crashes == 0;
        match property {
            properties::TERMINATION => reliable,
            _ => reliable && faults.duplicates == 0 && network.channels == Channels::Fifo,
        }
    }

    fn node_state(&self, node: &Node) -> Value {
        json!({
            "balance": node.durable.balance,
            "snapshots": node.snapshots.iter().map(|(epoch, local)| json!({
                "epoch": epoch,
                "recorded": local.recorded,
                "channels": local.channels.iter().map(|(from, channel)| json!({
                    "from": from,
                    "messages": channel.amounts,
                    "closed": channel.closed,
                })).collect::<Vec<_>>(),
                "markers_held": local.markers_held,
            })).collect::<Vec<_>>(),
        })
    }

    fn command_forms(&self, node: &Node) -> Vec<CommandForm> {
        let others: Vec<NodeId> = (0..self.node_count()).filter(|n| *n != node.id).collect();
        let balance = node.durable.balance;
        let mut forms = Vec::new();
        if balance > 0 {
            forms.push(CommandForm {
                label: "Send transfer".to_string(),
                template: json!({"transfer": {"to": others[0], "amount": balance.min(10)}}),
                inputs: vec![
                    Input {
                        field: "to",
                        label: "To",
                        kind: InputKind::Node { choices: others },
                    },
                    Input {
                        field: "amount",
                        label: "Amount",
                        kind: InputKind::Amount {
                            min: 1,
                            max: balance,
                        },
                    },
                ],
            });
        }
        forms.push(CommandForm::fixed("Start snapshot", json!("snapshot")));
        forms
    }

    fn inspect(&self, node: &Node) -> Vec<Field> {
        let mut fields = vec![Field::new("balance", node.durable.balance.to_string())];
        if node.snapshots.is_empty() {
            fields.push(Field::new("snapshots", "none recorded"));
        }
        for (epoch, local) in &node.snapshots {
            fields.push(Field::new(
                format!("snapshot {epoch}: recorded state"),
                format!("balance {}", local.recorded),
            ));
            for (from, channel) in &local.channels {
                let state = if channel.closed {
                    format!("closed, recorded {}", amounts_text(&channel.amounts))
                } else {
                    format!("recording, so far {}", amounts_text(&channel.amounts))
                };
                fields.push(Field::new(
                    format!("snapshot {epoch}: channel {from}→{}", node.id),
                    state,
                ));
            }
            if local.all_closed() {
                fields.push(Field::new(
                    format!("snapshot {epoch}: done here"),
                    "every incoming channel is closed",
                ));
            }
            if local.markers_held {
                fields.push(Field::new(
                    format!("snapshot {epoch}: markers"),
                    "held back until the next transfer (flawed variant)",
                ));
            }
        }
        fields
    }

    fn inspect_durable(&self, durable: &Durable) -> Vec<Field> {
        vec![
            Field::new("balance (durable)", durable.balance.to_string()),
            Field::new("snapshot in progress", "lost in the crash"),
        ]
    }

    fn message_payload(&self, msg: &Msg) -> Value {
        match msg {
            Msg::Transfer { amount } => json!({"transfer": {"amount": amount}}),
            Msg::Marker { epoch } => json!({"marker": {"epoch": epoch}}),
        }
    }

    fn message_label(&self, msg: &Msg) -> String {
        match msg {
            Msg::Transfer { amount } => format!("${amount}"),
            Msg::Marker { epoch } => format!("marker {epoch}"),
        }
    }

    fn message_kind(&self, msg: &Msg) -> &'static str {
        match msg {
            Msg::Transfer { .. } => "transfer",
            Msg::Marker { .. } => "marker",
        }
    }

    fn command_label(&self, cmd: &Cmd) -> String {
        match cmd {
            Cmd::Transfer { to, amount } => format!("send ${amount} to {to}"),
            Cmd::Snapshot => "start snapshot".to_string(),
        }
    }

    fn timer_label(&self, timer: &Infallible) -> String {
        match *timer {}
    }

    fn record_note(&self, record: &Record) -> String {
        match record {
            Record::Initiated { epoch } => format!("initiated snapshot {epoch}"),
            Record::Recorded { epoch, balance } => {
                format!("snapshot {epoch}: recorded balance {balance}")
            }
            Record::ChannelClosed {
                epoch,
                from,
                amounts,
            } => format!(
                "snapshot {epoch}: closed channel from {from}, {}",
                amounts_text(amounts)
            ),
        }
    }

    fn chronicle(&self, epochs: &mut snapshots::Epochs, event: &Event, records: &[&Record]) {
        snapshots::chronicle(epochs, self.node_count(), event, records);
    }

    fn protocol_view(&self, world: &World<Self>) -> ProtocolView {
        snapshots::view(world)
    }

    fn report_fields(&self, world: &World<Self>) -> serde_json::Map<String, Value> {
        snapshots::report_fields(world)
    }
}

impl ChandyLamport {
    /// Records the node's state for `epoch` and starts recording its incoming channels (the one
    /// the first marker came on, if any, is empty and closed at once); then sends markers.
    fn record_state(
        &self,
        node: &mut Node,
        out: &mut Out<Self>,
        epoch: u32,
        marker_from: Option<NodeId>,
    ) {
        let balance = node.durable.balance;
        node.durable.latest_epoch = node.durable.latest_epoch.max(epoch);
        node.durable.joined.insert(epoch);
        out.record(Record::Recorded { epoch, balance });
        let mut channels = BTreeMap::new();
        for from in out.others().collect::<Vec<_>>() {
            let closes_now = marker_from == Some(from) || self.variant == Variant::NoChannelState;
            if closes_now {
                out.record(Record::ChannelClosed {
                    epoch,
                    from,
                    amounts: Vec::new(),
                });
            }
            channels.insert(
                from,
                ChannelRecording {
                    amounts: Vec::new(),
                    closed: closes_now,
                },
            );
        }
        let markers_held = self.variant == Variant::MarkersAfterTraffic;
        if !markers_held {
            out.broadcast(Msg::Marker { epoch });
        }
        let local = LocalSnapshot {
            recorded: balance,
            channels,
            markers_held,
        };
        if !local.is_finished() {
            node.unfinished.insert(epoch);
        }
        node.snapshots.insert(epoch, local);
    }

    /// The flawed variant's late markers: sent right after the transfer that released them.
    fn release_held_markers(&self, node: &mut Node, out: &mut Out<Self>) {
        let mut finished = Vec::new();
        for epoch in &node.unfinished {
            let local = node
                .snapshots
                .get_mut(epoch)
                .expect("unfinished is recorded");
            if local.markers_held {
                local.markers_held = false;
                out.broadcast(Msg::Marker { epoch: *epoch });
            }
            if local.is_finished() {
                finished.push(*epoch);
            }
        }
        for epoch in finished {
            node.unfinished.remove(&epoch);
        }
    }
}

fn amounts_text(amounts: &[u64]) -> String {
    if amounts.is_empty() {
        return "empty".to_string();
    }
    let list: Vec<String> = amounts.iter().map(|a| format!("${a}")).collect();
    list.join(" + ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_variant_parses_and_is_flawed_exactly_when_it_is_not_correct() {
        for info in ChandyLamport::VARIANTS {
            let variant: Variant = serde_json::from_value(json!(info.name)).unwrap();
            assert_eq!(variant.name(), info.name);
            assert_eq!(info.flawed, variant != Variant::Correct, "{}", info.name);
        }
        assert_eq!(ChandyLamport::VARIANTS.len(), 3);
    }
}
