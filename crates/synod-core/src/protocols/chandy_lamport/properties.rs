//! The three properties of a Chandy-Lamport run, as one monitor folded over every step.
//!
//! The monitor follows each snapshot still in progress: who recorded which balance, which
//! channels closed with how much money, which markers were sent, and which transfers crossed the
//! cut backwards. A finished snapshot is judged once (conservation) and then forgotten. A snapshot
//! that can never finish (a marker lost, a node crashed midway) stays in progress for good, so a
//! long run with faults piles them up: the monitor indexes those that may yet finish, the only
//! ones a crash can doom, and the doomed ones by when, so that judging a step does not walk them
//! all. Whether a transfer was sent after its sender recorded a snapshot is the transfer's tag,
//! fixed when it is sent (see [`tag`]).

use std::collections::BTreeMap;

use super::{ChandyLamport, Msg, Node, Record};
use crate::action::{MessageId, NodeId};
use crate::monitor::{Evidence, Observation, Tampering};
use crate::network::Channels;
use crate::protocol::{PropertyInfo, Protocol};
use crate::state::{Envelope, Move};
use crate::verdict::{Blame, Kind, Verdict, Violation};

pub const TERMINATION: &str = "snapshot-termination";
pub const CONSISTENT_CUT: &str = "consistent-cut";
pub const CONSERVATION: &str = "conservation";

/// The properties, in the order [`verdicts`] judges them.
pub const PROPERTIES: &[PropertyInfo] = &[
    PropertyInfo {
        name: TERMINATION,
        kind: Kind::Liveness,
    },
    PropertyInfo {
        name: CONSISTENT_CUT,
        kind: Kind::Safety,
    },
    PropertyInfo {
        name: CONSERVATION,
        kind: Kind::Safety,
    },
];

const TERMINATION_TEXT: &str =
    "Every snapshot ends: each node records its state and each incoming channel is closed.";
const CONSISTENT_CUT_TEXT: &str =
    "No transfer is received inside a snapshot's cut but sent outside it.";
const CONSERVATION_TEXT: &str =
    "A complete snapshot's balances plus money in its channels equal the money in the system.";

/// A transfer's tag: the snapshots in progress that its sender had already recorded when it
/// sent it, ascending. Received by a node that has not recorded one of them yet, it crosses
/// that snapshot's cut backwards.
pub type Tag = Vec<u32>;

/// The first transfer a node received from outside a snapshot's cut before recording it.
#[derive(Clone, Debug)]
struct EarlyReceipt {
    message: MessageId,
    amount: u64,
    from: NodeId,
}

/// One snapshot in progress.
#[derive(Clone, Debug, Hash, PartialEq, Eq)]
struct Watch {
    /// Per node: the balance it recorded, once it has.
    recorded: Vec<Option<u64>>,
    /// Per receiving node: bit `from` once its channel from `from` is closed.
    closed: Vec<u32>,
    /// Per sending node: bit `to` once it sent its marker to `to`.
    markers: Vec<u32>,
    /// Money recorded in closed channels.
    in_channels: u64,
    /// Per receiving node: bit `from` once it received a transfer from `from` sent after `from`
    /// recorded, before recording itself.
    early: Vec<u32>,
    /// Bit `from * 8 + to` once a marker on channel `from→to` was dropped or lost.
    vanished: u64,
    /// A marker vanished or a node crashed mid-snapshot: it can never terminate.
    doomed: bool,
    doom: Evidence<Violation>,
    early_receipts: Evidence<BTreeMap<NodeId, EarlyReceipt>>,
}

impl Watch {
    fn new(nodes: usize) -> Watch {
        Watch {
            recorded: vec![None; nodes],
            closed: vec![0; nodes],
            markers: vec![0; nodes],
            in_channels: 0,
            early: vec![0; nodes],
            vanished: 0,
            doomed: false,
            doom: Evidence::none(),
            early_receipts: Evidence::none(),
        }
    }

    fn is_complete(&self) -> bool {
        let n = self.recorded.len() as u32;
        self.recorded.iter().all(Option::is_some)
            && self.closed.iter().map(|c| c.count_ones()).sum::<u32>() == n * (n - 1)
    }

    fn total(&self) -> u64 {
        self.recorded.iter().flatten().sum::<u64>() + self.in_channels
    }

    /// Whether `node` recorded but has channels still to close or markers still to send.
    fn midway(&self, node: NodeId) -> bool {
        let others = self.recorded.len() as u32 - 1;
        self.recorded[node as usize].is_some()
            && (self.closed[node as usize].count_ones() < others
                || self.markers[node as usize].count_ones() < others)
    }

    fn progress(&self, epoch: u32) -> String {
        let n = self.recorded.len();
        let unrecorded = self.recorded.iter().filter(|r| r.is_none()).count();
        let closed: u32 = self.closed.iter().map(|c| c.count_ones()).sum();
        let open = n * (n - 1) - closed as usize;
        format!("Snapshot {epoch} in progress: {unrecorded} node(s) yet to record, {open} channel(s) not closed.")
    }
}

/// What the properties remember of a run.
#[derive(Clone, Debug, Default, Hash, PartialEq, Eq)]
pub struct Monitor {
    /// Snapshots in progress, by epoch.
    open: BTreeMap<u32, Watch>,
    /// The snapshots in progress that are not doomed, the only ones a crash can doom: sorted
    /// (a new epoch is the highest, so it lands at the end).
    hopeful: Vec<u32>,
    /// The doomed snapshots in progress by the step that doomed them, earliest first (steps
    /// only grow, so each lands at the end).
    doom_order: Evidence<Vec<(u64, u32)>>,
    /// How many snapshots completed.
    completed: u32,
    /// Some transfer crossed some snapshot's cut backwards.
    crossed: bool,
    crossing: Evidence<Violation>,
    /// Some complete snapshot recorded the wrong total.
    miscounted: bool,
    miscount: Evidence<Violation>,
}

/// The snapshots in progress that `sender` has recorded, for a transfer it sends.
pub(super) fn tag(sender: &Node, monitor: &Monitor, msg: &Msg) -> Tag {
    match msg {
        Msg::Transfer { .. } => monitor
            .open
            .keys()
            .filter(|epoch| sender.durable.joined.contains(epoch))
            .copied()
            .collect(),
        Msg::Marker { .. } => Vec::new(),
    }
}

pub(super) fn observe(
    protocol: &ChandyLamport,
    monitor: &mut Monitor,
    step: &Observation<ChandyLamport>,
) {
    let nodes = protocol.node_count() as usize;
    match step.what {
        Move::Deliver {
            from,
            to,
            msg: Envelope { msg, tag },
        } => match msg {
            Msg::Transfer { amount } if !step.lost => {
                receive_transfer(monitor, step, *from, *to, *amount, tag);
            }
            Msg::Marker { epoch } if step.lost => {
                marker_vanished(
                    monitor,
                    step,
                    *epoch,
                    *from,
                    *to,
                    "was lost at crashed node",
                );
            }
            _ => {}
        },
        Move::Drop {
            from,
            to,
            msg:
                Envelope {
                    msg: Msg::Marker { epoch },
                    ..
                },
            ..
        } => marker_vanished(
            monitor,
            step,
            *epoch,
            *from,
            *to,
            "was dropped before reaching node",
        ),
        Move::Crash { node, unsent } => {
            crashed(monitor, step, *node);
            for (to, parcel) in unsent {
                if let Msg::Marker { epoch } = parcel.msg {
                    let why = "was never sent (its sender crashed mid-send) to node";
                    marker_vanished(monitor, step, epoch, *node, *to, why);
                }
            }
        }
        _ => {}
    }
    let Some(node) = step.node else {
        return;
    };
    let mut touched = Vec::new();
    for record in step.records {
        match record {
            Record::Initiated { epoch } => {
                watch_mut(monitor, *epoch, nodes);
            }
            Record::Recorded { epoch, balance } => {
                let watch = watch_mut(monitor, *epoch, nodes);
                watch.recorded[node as usize] = Some(*balance);
                let received_early = watch.early[node as usize] != 0;
                if received_early && !monitor.crossed {
                    let watch = &monitor.open[epoch];
                    monitor.crossing =
                        step.evidence(|| crossing(protocol, step, watch, *epoch, node));
                    monitor.crossed = true;
                }
                touched.push(*epoch);
            }
            Record::ChannelClosed {
                epoch,
                from,
                amounts,
            } => {
                let watch = watch_mut(monitor, *epoch, nodes);
                watch.closed[node as usize] |= 1 << from;
                watch.in_channels += amounts.iter().sum::<u64>();
                touched.push(*epoch);
            }
        }
    }
    for sent in step.sends {
        if let Msg::Marker { epoch } = sent.msg.msg {
            if let Some(watch) = monitor.open.get_mut(&epoch) {
                watch.markers[node as usize] |= 1 << sent.to;
            }
        }
    }
    for epoch in touched {
        complete_if_done(protocol, monitor, step, epoch);
    }
}

/// Snapshot `epoch`'s watch, started (and indexed) if this is its first word.
fn watch_mut(monitor: &mut Monitor, epoch: u32, nodes: usize) -> &mut Watch {
    if !monitor.open.contains_key(&epoch) {
        if let Err(at) = monitor.hopeful.binary_search(&epoch) {
            monitor.hopeful.insert(at, epoch);
        }
    }
    monitor
        .open
        .entry(epoch)
        .or_insert_with(|| Watch::new(nodes))
}

fn forget_hope(monitor: &mut Monitor, epoch: u32) {
    if let Ok(at) = monitor.hopeful.binary_search(&epoch) {
        monitor.hopeful.remove(at);
    }
}

/// Marks snapshot `epoch` doomed at this step, with `violation` as its explanation.
fn doom(
    monitor: &mut Monitor,
    step: &Observation<ChandyLamport>,
    epoch: u32,
    violation: impl FnOnce() -> Violation,
) {
    let Some(watch) = monitor.open.get_mut(&epoch) else {
        return;
    };
    watch.doomed = true;
    watch.doom = step.evidence(violation);
    forget_hope(monitor, epoch);
    let entry = (step.step, epoch);
    if let Some(order) = monitor.doom_order.get_mut() {
        if let Err(at) = order.binary_search(&entry) {
            order.insert(at, entry);
        }
    } else {
        monitor.doom_order = step.evidence(|| vec![entry]);
    }
}

/// A transfer arrives: for each snapshot its sender had recorded and its receiver has not, it
/// crosses the cut backwards (a violation once the receiver records).
fn receive_transfer(
    monitor: &mut Monitor,
    step: &Observation<ChandyLamport>,
    from: NodeId,
    to: NodeId,
    amount: u64,
    tag: &Tag,
) {
    for epoch in tag {
        let Some(watch) = monitor.open.get_mut(epoch) else {
            continue;
        };
        if watch.recorded[to as usize].is_some() {
            continue;
        }
        watch.early[to as usize] |= 1 << from;
        if let Some(receipts) = watch.early_receipts.get_mut() {
            receipts.entry(to).or_insert(EarlyReceipt {
                message: step.message,
                amount,
                from,
            });
        } else {
            watch.early_receipts = step.evidence(|| {
                BTreeMap::from([(
                    to,
                    EarlyReceipt {
                        message: step.message,
                        amount,
                        from,
                    },
                )])
            });
        }
    }
}

fn crossing(
    protocol: &ChandyLamport,
    step: &Observation<ChandyLamport>,
    watch: &Watch,
    epoch: u32,
    to: NodeId,
) -> Violation {
    let receipt = watch
        .early_receipts
        .get()
        .and_then(|r| r.get(&to))
        .cloned()
        .unwrap_or(EarlyReceipt {
            message: 0,
            amount: 0,
            from: watch.early[to as usize].trailing_zeros(),
        });
    let from = receipt.from;
    let (blame, explanation) = if watch.vanished & (1 << (from * 8 + to)) != 0 {
        (
            Blame::Assumption,
            format!("The marker on channel {from}→{to} never arrived, so node {to} recorded late: Chandy-Lamport assumes reliable channels."),
        )
    } else if step.network.channels == Channels::Unordered {
        (
            Blame::Assumption,
            "The transfer overtook a marker: channels are unordered here, but Chandy-Lamport assumes FIFO channels.".to_string(),
        )
    } else {
        (
            Blame::Algorithm,
            format!(
                "The {} variant let a transfer sent after recording arrive before the marker.",
                protocol.variant().name()
            ),
        )
    };
    Violation {
        step: step.step,
        witness: format!(
            "transfer message {} (${}, {from}→{to}) was sent after node {from} recorded snapshot {epoch} but received before node {to} recorded it",
            receipt.message, receipt.amount
        ),
        blame,
        explanation,
    }
}

/// A marker that never arrives: its snapshot can never terminate.
fn marker_vanished(
    monitor: &mut Monitor,
    step: &Observation<ChandyLamport>,
    epoch: u32,
    from: NodeId,
    to: NodeId,
    how: &str,
) {
    let Some(watch) = monitor.open.get_mut(&epoch) else {
        return;
    };
    watch.vanished |= 1 << (from * 8 + to);
    if watch.doomed {
        return;
    }
    doom(monitor, step, epoch, || {
        Violation {
        step: step.step,
        witness: format!(
            "marker message {} (snapshot {epoch}, {from}→{to}) {how} {to}",
            step.message
        ),
        blame: Blame::Assumption,
        explanation: format!(
            "Snapshot {epoch} cannot terminate: a marker never arrives, and Chandy-Lamport assumes reliable channels."
        ),
    }
    });
}

/// A node that crashes having recorded, with channels to close or markers to send, loses its
/// recording: that snapshot can never terminate.
fn crashed(monitor: &mut Monitor, step: &Observation<ChandyLamport>, node: NodeId) {
    let midway: Vec<u32> = monitor
        .hopeful
        .iter()
        .copied()
        .filter(|epoch| monitor.open[epoch].midway(node))
        .collect();
    for epoch in midway {
        doom(monitor, step, epoch, || {
            Violation {
            step: step.step,
            witness: format!(
                "node {node} crashed at step {} while recording snapshot {epoch}",
                step.step
            ),
            blame: Blame::Assumption,
            explanation: format!(
                "Snapshot {epoch} cannot terminate: node {node} lost its recording in a crash, and Chandy-Lamport assumes no failures."
            ),
        }
        });
    }
}

/// Judges a snapshot that has just completed, then forgets it.
fn complete_if_done(
    protocol: &ChandyLamport,
    monitor: &mut Monitor,
    step: &Observation<ChandyLamport>,
    epoch: u32,
) {
    let Some(watch) = monitor.open.get(&epoch).filter(|w| w.is_complete()) else {
        return;
    };
    let total = watch.total();
    let initial = protocol.initial_total();
    let doomed_at = watch.doom.get().map(|violation| violation.step);
    monitor.open.remove(&epoch);
    forget_hope(monitor, epoch);
    if let (Some(order), Some(at)) = (monitor.doom_order.get_mut(), doomed_at) {
        if let Ok(index) = order.binary_search(&(at, epoch)) {
            order.remove(index);
        }
    }
    monitor.completed += 1;
    if total == initial || monitor.miscounted {
        return;
    }
    monitor.miscounted = true;
    monitor.miscount = step.evidence(|| {
        let (blame, explanation) = conservation_blame(protocol, step, total, initial);
        Violation {
            step: step.step,
            witness: format!(
                "snapshot {epoch} recorded a total of ${total}, but the system holds ${initial}"
            ),
            blame,
            explanation,
        }
    });
}

/// A wrong total is the user's doing when they broke reliable delivery (a message dropped, lost
/// or duplicated: money changes, or a late duplicate marker records money twice) or chose
/// unordered channels; otherwise the algorithm's.
fn conservation_blame(
    protocol: &ChandyLamport,
    step: &Observation<ChandyLamport>,
    total: u64,
    initial: u64,
) -> (Blame, String) {
    if let Some((m, how, at)) = step.assumptions.tampered.get() {
        let what = match how {
            Tampering::Duplicated => {
                format!("message {} ({}) was duplicated at step {at}", m.id, m.label)
            }
            Tampering::Dropped | Tampering::Lost => {
                format!("message {} ({}) vanished at step {at}", m.id, m.label)
            }
            Tampering::Unsent => {
                return (
                    Blame::Assumption,
                    format!("Recorded ${total}, not ${initial}: node {} crashed mid-send at step {at}, and message {} ({}) never left it with its money. Chandy-Lamport assumes no failures, so the algorithm is not at fault.", m.from, m.id, m.label),
                );
            }
        };
        return (
            Blame::Assumption,
            format!("Recorded ${total}, not ${initial}, but the user tampered with the network ({what}): Chandy-Lamport assumes reliable channels, so the algorithm is not at fault."),
        );
    }
    if step.network.channels == Channels::Unordered {
        return (
            Blame::Assumption,
            format!("Recorded ${total}, not ${initial}: a transfer overtook a marker on an unordered channel, and Chandy-Lamport assumes FIFO channels."),
        );
    }
    (
        Blame::Algorithm,
        format!(
            "Recorded ${total}, not ${initial}: the {} variant miscounts the money in transit.",
            protocol.variant().name()
        ),
    )
}

pub(super) fn verdicts(protocol: &ChandyLamport, monitor: &Monitor) -> Vec<Verdict> {
    vec![
        termination(monitor),
        consistent_cut(monitor),
        conservation(protocol, monitor),
    ]
}

/// Evidence made into a violation; while exploring there is none, and only the status counts.
fn found(evidence: &Evidence<Violation>) -> Violation {
    evidence.get().cloned().unwrap_or(Violation {
        step: 0,
        witness: String::new(),
        blame: Blame::Algorithm,
        explanation: String::new(),
    })
}

fn termination(monitor: &Monitor) -> Verdict {
    if monitor.open.is_empty() {
        let why = match monitor.completed {
            0 => "No snapshot has been started.".to_string(),
            1 => "The snapshot is complete.".to_string(),
            n => format!("All {n} snapshots are complete."),
        };
        return Verdict::holds(TERMINATION, Kind::Liveness, TERMINATION_TEXT, why);
    }
    if monitor.hopeful.len() < monitor.open.len() {
        let earliest = monitor
            .doom_order
            .get()
            .and_then(|order| order.first())
            .map(|(_, epoch)| &monitor.open[epoch].doom);
        let violation = earliest
            .map(found)
            .unwrap_or_else(|| found(&Evidence::none()));
        return Verdict::violated(TERMINATION, Kind::Liveness, TERMINATION_TEXT, violation);
    }
    Verdict::pending(TERMINATION, TERMINATION_TEXT, waiting(monitor))
}

/// What the snapshots in progress wait for, newest first. Two at most are spelled out; more are
/// summed up as ranges of epochs, so a long run with dozens open says so in one line.
fn waiting(monitor: &Monitor) -> String {
    let mut newest_first = monitor.open.iter().rev();
    let Some((&newest, watch)) = newest_first.next() else {
        return String::new();
    };
    let rest: Vec<(u32, &Watch)> = newest_first.map(|(epoch, watch)| (*epoch, watch)).collect();
    match rest.as_slice() {
        [] => watch.progress(newest),
        [(older, older_watch)] => format!(
            "{} {}",
            watch.progress(newest),
            older_watch.progress(*older)
        ),
        [.., (oldest, oldest_watch)] => {
            let epochs: Vec<u32> = monitor.open.keys().copied().collect();
            format!(
                "Snapshots {} in progress ({} of them). Newest: {} Oldest: {}",
                ranges(&epochs),
                epochs.len(),
                watch.progress(newest),
                oldest_watch.progress(*oldest)
            )
        }
    }
}

/// Ascending numbers as ranges: `[3, 4, 5, 7, 9, 10]` is "3-5, 7, 9-10".
fn ranges(numbers: &[u32]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut start = 0;
    for (i, n) in numbers.iter().enumerate() {
        let ends_run = numbers.get(i + 1).is_none_or(|next| *next != n + 1);
        if ends_run {
            parts.push(if start == i {
                n.to_string()
            } else {
                format!("{}-{n}", numbers[start])
            });
            start = i + 1;
        }
    }
    parts.join(", ")
}

fn consistent_cut(monitor: &Monitor) -> Verdict {
    if monitor.crossed {
        return Verdict::violated(
            CONSISTENT_CUT,
            Kind::Safety,
            CONSISTENT_CUT_TEXT,
            found(&monitor.crossing),
        );
    }
    Verdict::holds(
        CONSISTENT_CUT,
        Kind::Safety,
        CONSISTENT_CUT_TEXT,
        "No transfer crosses any snapshot's cut backwards.".to_string(),
    )
}

fn conservation(protocol: &ChandyLamport, monitor: &Monitor) -> Verdict {
    if monitor.miscounted {
        return Verdict::violated(
            CONSERVATION,
            Kind::Safety,
            CONSERVATION_TEXT,
            found(&monitor.miscount),
        );
    }
    let why = if monitor.completed == 0 {
        "No snapshot is complete yet.".to_string()
    } else {
        format!(
            "Every complete snapshot accounts for exactly ${}.",
            protocol.initial_total()
        )
    };
    Verdict::holds(CONSERVATION, Kind::Safety, CONSERVATION_TEXT, why)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::ranges;
    use crate::scenario::Scenario;

    #[test]
    fn consecutive_epochs_make_ranges() {
        assert_eq!(ranges(&[3, 4, 5, 7, 9, 10]), "3-5, 7, 9-10");
        assert_eq!(ranges(&[1]), "1");
        assert_eq!(ranges(&[]), "");
    }

    #[test]
    fn many_snapshots_in_progress_are_summed_up_newest_first() {
        let snapshots: Vec<_> = (0..4)
            .map(|_| json!({"command": {"node": 0, "cmd": "snapshot"}}))
            .collect();
        let scenario = Scenario::from_json(
            &json!({"version": 1, "protocol": "chandy-lamport", "params": {"nodes": 3}, "seed": 1, "actions": snapshots})
                .to_string(),
        )
        .unwrap();
        let verdicts = scenario.replay().unwrap().verdicts();
        let termination = verdicts
            .iter()
            .find(|v| v.name == "snapshot-termination")
            .unwrap();
        assert_eq!(
            termination.explanation,
            "Snapshots 1-4 in progress (4 of them). Newest: Snapshot 4 in progress: 2 node(s) yet to record, 6 channel(s) not closed. Oldest: Snapshot 1 in progress: 2 node(s) yet to record, 6 channel(s) not closed."
        );
    }
}
