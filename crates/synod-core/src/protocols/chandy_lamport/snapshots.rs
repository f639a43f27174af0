//! Assembles each snapshot from the trace: who recorded what and where the cut lies. The trace,
//! not the nodes' live state, is the source, so a crash cannot erase what was already recorded.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use super::{amounts_text, ChandyLamport, Msg, Record};
use crate::action::NodeId;
use crate::state::NodeSlot;
use crate::trace::EventId;
use crate::view::{CutView, ProtocolView, TableView};
use crate::world::World;

/// Where and what a node recorded for one snapshot.
#[derive(Clone, Copy, Debug)]
pub(super) struct RecordPoint {
    pub event: EventId,
    pub balance: u64,
}

#[derive(Clone, Debug)]
pub(super) struct ClosedChannel {
    pub amounts: Vec<u64>,
}

/// One snapshot (epoch) as the trace tells it.
#[derive(Clone, Debug)]
pub(super) struct Epoch {
    pub epoch: u32,
    pub initiators: Vec<NodeId>,
    /// Per node.
    pub recorded: Vec<Option<RecordPoint>>,
    /// By `(from, to)`.
    pub closed: BTreeMap<(NodeId, NodeId), ClosedChannel>,
}

impl Epoch {
    fn new(epoch: u32, nodes: NodeId) -> Epoch {
        Epoch {
            epoch,
            initiators: Vec::new(),
            recorded: vec![None; nodes as usize],
            closed: BTreeMap::new(),
        }
    }

    pub fn is_complete(&self) -> bool {
        let n = self.recorded.len();
        self.recorded.iter().all(Option::is_some) && self.closed.len() == n * (n - 1)
    }

    /// Recorded balances plus recorded channel amounts.
    pub fn total(&self) -> u64 {
        let balances: u64 = self.recorded.iter().flatten().map(|r| r.balance).sum();
        let channels: u64 = self.closed.values().flat_map(|c| &c.amounts).sum();
        balances + channels
    }
}

/// Every snapshot started so far, by epoch.
pub(super) fn epochs(world: &World<ChandyLamport>) -> Vec<Epoch> {
    let nodes = world.node_count();
    let mut epochs: BTreeMap<u32, Epoch> = BTreeMap::new();
    for event in world.events() {
        for record in &event.records {
            match record {
                Record::Initiated { epoch } => epochs
                    .entry(*epoch)
                    .or_insert_with(|| Epoch::new(*epoch, nodes))
                    .initiators
                    .push(event.node),
                Record::Recorded { epoch, balance } => {
                    epochs
                        .entry(*epoch)
                        .or_insert_with(|| Epoch::new(*epoch, nodes))
                        .recorded[event.node as usize] = Some(RecordPoint {
                        event: event.id,
                        balance: *balance,
                    });
                }
                Record::ChannelClosed {
                    epoch,
                    from,
                    amounts,
                } => {
                    epochs
                        .entry(*epoch)
                        .or_insert_with(|| Epoch::new(*epoch, nodes))
                        .closed
                        .insert(
                            (*from, event.node),
                            ClosedChannel {
                                amounts: amounts.clone(),
                            },
                        );
                }
            }
        }
    }
    epochs.into_values().collect()
}

/// The money in the system now: balances plus transfers in flight.
pub(super) fn money_now(world: &World<ChandyLamport>) -> u64 {
    let balances: u64 = (0..world.node_count())
        .map(|n| match world.slot(n) {
            NodeSlot::Up(node) => node.durable.balance,
            NodeSlot::Down(durable) => durable.balance,
        })
        .sum();
    let in_flight: u64 = world
        .in_flight()
        .map(|m| match m.payload {
            Msg::Transfer { amount } => amount,
            Msg::Marker { .. } => 0,
        })
        .sum();
    balances + in_flight
}

/// Cuts on the diagram, one table per snapshot, and the `snapshots` field of the CLI report.
pub(super) fn view(world: &World<ChandyLamport>) -> ProtocolView {
    let epochs = epochs(world);
    let initial = world.protocol().initial_total();
    let mut report = serde_json::Map::new();
    report.insert(
        "snapshots".to_string(),
        Value::Array(epochs.iter().map(|e| epoch_json(world, e)).collect()),
    );
    report.insert("money".to_string(), json!(money_now(world)));
    ProtocolView {
        cuts: epochs
            .iter()
            .map(|e| CutView {
                label: format!("snapshot {}", e.epoch),
                points: e.recorded.iter().map(|r| r.map(|r| r.event)).collect(),
                complete: e.is_complete(),
            })
            .collect(),
        tables: epochs
            .iter()
            .map(|e| epoch_table(world, e, initial))
            .collect(),
        report,
    }
}

/// What a channel has recorded so far: closed in the trace, or still open at its live receiver.
fn channel_amounts(
    world: &World<ChandyLamport>,
    epoch: &Epoch,
    from: NodeId,
    to: NodeId,
) -> Option<(Vec<u64>, bool)> {
    if let Some(closed) = epoch.closed.get(&(from, to)) {
        return Some((closed.amounts.clone(), true));
    }
    match world.slot(to) {
        NodeSlot::Up(node) => node
            .snapshots
            .get(&epoch.epoch)
            .and_then(|local| local.recording(from))
            .map(|channel| (channel.amounts.clone(), false)),
        NodeSlot::Down(_) => None,
    }
}

fn epoch_json(world: &World<ChandyLamport>, epoch: &Epoch) -> Value {
    let nodes = world.node_count();
    let mut channels = Vec::new();
    for to in 0..nodes {
        for from in (0..nodes).filter(|f| *f != to) {
            if let Some((amounts, closed)) = channel_amounts(world, epoch, from, to) {
                channels
                    .push(json!({"from": from, "to": to, "messages": amounts, "closed": closed}));
            }
        }
    }
    json!({
        "epoch": epoch.epoch,
        "initiators": epoch.initiators,
        "recorded": epoch.recorded.iter().map(|r| r.map(|r| r.balance)).collect::<Vec<_>>(),
        "channels": channels,
        "total": epoch.total(),
        "complete": epoch.is_complete(),
    })
}

fn epoch_table(world: &World<ChandyLamport>, epoch: &Epoch, initial: u64) -> TableView {
    let nodes = world.node_count();
    let rows = (0..nodes)
        .map(|to| {
            let recorded = match epoch.recorded[to as usize] {
                Some(r) => format!("${}", r.balance),
                None if world.is_crashed(to) => "not recorded (crashed)".to_string(),
                None => "not recorded yet".to_string(),
            };
            let channels: Vec<String> = (0..nodes)
                .filter(|from| *from != to)
                .map(|from| match channel_amounts(world, epoch, from, to) {
                    Some((amounts, true)) => format!("{from}→{to}: {}", amounts_text(&amounts)),
                    Some((amounts, false)) => {
                        format!("{from}→{to}: recording ({})", amounts_text(&amounts))
                    }
                    None => format!("{from}→{to}: —"),
                })
                .collect();
            vec![to.to_string(), recorded, channels.join("; ")]
        })
        .collect();
    let initiators: Vec<String> = epoch.initiators.iter().map(|n| n.to_string()).collect();
    let status = if epoch.is_complete() {
        "complete"
    } else {
        "in progress"
    };
    TableView {
        title: format!(
            "Snapshot {} (initiated by node {})",
            epoch.epoch,
            initiators.join(", ")
        ),
        columns: vec![
            "node".to_string(),
            "recorded balance".to_string(),
            "incoming channels".to_string(),
        ],
        rows,
        note: format!(
            "{status}: recorded total ${} of ${initial} in the system at the start; ${} in the system now",
            epoch.total(),
            money_now(world)
        ),
    }
}
