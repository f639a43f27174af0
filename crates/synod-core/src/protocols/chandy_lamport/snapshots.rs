//! Assembles each snapshot from the trace: who recorded what and where the cut lies. The trace,
//! not the nodes' live state, is the source, so a crash cannot erase what was already recorded.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use super::{amounts_text, ChandyLamport, Msg, Record};
use crate::action::NodeId;
use crate::chunked::Chunked;
use crate::state::NodeSlot;
use crate::trace::{Event, EventId};
use crate::view::{CutView, ProtocolView, TableView};
use crate::world::World;

/// Where and what a node recorded for one snapshot.
#[derive(Clone, Copy, Debug)]
pub struct RecordPoint {
    pub event: EventId,
    pub balance: u64,
}

#[derive(Clone, Debug)]
pub struct ClosedChannel {
    pub amounts: Vec<u64>,
}

/// One snapshot (epoch) as the trace tells it.
#[derive(Clone, Debug)]
pub struct Epoch {
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

/// Every snapshot started so far, in epoch order (epoch `e` at index `e - 1`): the chronicle the
/// recorder keeps, one event at a time.
pub type Epochs = Chunked<Epoch>;

/// Folds one event's records into the snapshots.
pub(super) fn chronicle(epochs: &mut Epochs, nodes: NodeId, event: &Event, records: &[&Record]) {
    for record in records.iter().copied() {
        let (Record::Initiated { epoch }
        | Record::Recorded { epoch, .. }
        | Record::ChannelClosed { epoch, .. }) = record;
        while epochs.len() < *epoch as usize {
            epochs.push(Epoch::new(epochs.len() as u32 + 1, nodes));
        }
        let snapshot = epochs
            .get_mut(*epoch as usize - 1)
            .expect("the epoch was just made");
        match record {
            Record::Initiated { .. } => snapshot.initiators.push(event.node),
            Record::Recorded { balance, .. } => {
                snapshot.recorded[event.node as usize] = Some(RecordPoint {
                    event: event.id,
                    balance: *balance,
                });
            }
            Record::ChannelClosed { from, amounts, .. } => {
                snapshot.closed.insert(
                    (*from, event.node),
                    ClosedChannel {
                        amounts: amounts.clone(),
                    },
                );
            }
        }
    }
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
        .map(|m| match *world.history().payload(m.id) {
            Msg::Transfer { amount } => amount,
            Msg::Marker { .. } => 0,
        })
        .sum();
    balances + in_flight
}

/// Cuts on the diagram and one table per snapshot.
pub(super) fn view(world: &World<ChandyLamport>) -> ProtocolView {
    let epochs = world.history().chronicle();
    let initial = world.protocol().initial_total();
    ProtocolView {
        trees: Vec::new(),
        marks: Vec::new(),
        bands: Vec::new(),
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
    }
}

/// The `snapshots` and `money` fields of the CLI report.
pub(super) fn report_fields(world: &World<ChandyLamport>) -> Map<String, Value> {
    let epochs = world.history().chronicle();
    let mut report = Map::new();
    report.insert(
        "snapshots".to_string(),
        Value::Array(epochs.iter().map(|e| epoch_json(world, e)).collect()),
    );
    report.insert("money".to_string(), json!(money_now(world)));
    report
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
