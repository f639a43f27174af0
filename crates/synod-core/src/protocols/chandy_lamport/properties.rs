//! The three properties of a Chandy-Lamport run, judged on the whole history at every step.

use super::snapshots::{epochs, vanished_at, Epoch};
use super::{ChandyLamport, Msg, Variant};
use crate::action::NodeId;
use crate::network::Channels;
use crate::protocol::Protocol;
use crate::trace::{EventKind, Fate};
use crate::verdict::{Blame, Kind, Verdict, Violation};
use crate::world::World;

pub const TERMINATION: &str = "snapshot-termination";
pub const CONSISTENT_CUT: &str = "consistent-cut";
pub const CONSERVATION: &str = "conservation";

const TERMINATION_TEXT: &str =
    "Every snapshot ends: each node records its state and each incoming channel is closed.";
const CONSISTENT_CUT_TEXT: &str =
    "No transfer is received inside a snapshot's cut but sent outside it.";
const CONSERVATION_TEXT: &str =
    "A complete snapshot's balances plus money in its channels equal the money in the system.";

pub(super) fn verdicts(world: &World<ChandyLamport>) -> Vec<Verdict> {
    let epochs = epochs(world);
    vec![
        termination(world, &epochs),
        consistent_cut(world, &epochs),
        conservation(world, &epochs),
    ]
}

fn termination(world: &World<ChandyLamport>, epochs: &[Epoch]) -> Verdict {
    let unfinished: Vec<&Epoch> = epochs.iter().filter(|e| !e.is_complete()).collect();
    if unfinished.is_empty() {
        let why = match epochs.len() {
            0 => "No snapshot has been started.".to_string(),
            1 => "The snapshot is complete.".to_string(),
            n => format!("All {n} snapshots are complete."),
        };
        return Verdict::holds(TERMINATION, Kind::Liveness, TERMINATION_TEXT, why);
    }
    let impossible = unfinished
        .iter()
        .filter_map(|e| termination_broken(world, e));
    if let Some(violation) = Violation::earliest(impossible) {
        return Verdict::violated(TERMINATION, Kind::Liveness, TERMINATION_TEXT, violation);
    }
    let waiting: Vec<String> = unfinished.iter().map(|e| progress(world, e)).collect();
    Verdict::pending(TERMINATION, TERMINATION_TEXT, waiting.join(" "))
}

/// What an unfinished snapshot still waits for.
fn progress(world: &World<ChandyLamport>, epoch: &Epoch) -> String {
    let n = world.node_count() as usize;
    let unrecorded = epoch.recorded.iter().filter(|r| r.is_none()).count();
    let open = n * (n - 1) - epoch.closed.len();
    format!(
        "Snapshot {} in progress: {unrecorded} node(s) yet to record, {open} channel(s) not closed.",
        epoch.epoch
    )
}

/// Why an unfinished snapshot can never finish, if it cannot: a marker that will never arrive,
/// or a node that crashed while it still had channels to record or markers to send.
fn termination_broken(world: &World<ChandyLamport>, epoch: &Epoch) -> Option<Violation> {
    let lost_marker = world
        .messages()
        .iter()
        .filter(|m| m.payload == Msg::Marker { epoch: epoch.epoch })
        .filter_map(|m| vanished_at(m.fate).map(|step| (m, step)))
        .map(|(m, step)| {
            let how = match m.fate {
                Fate::Lost { .. } => "was lost at crashed node",
                _ => "was dropped before reaching node",
            };
            Violation {
                step,
                witness: format!(
                    "marker message {} (snapshot {}, {}→{}) {how} {}",
                    m.id, epoch.epoch, m.from, m.to, m.to
                ),
                blame: Blame::Assumption,
                explanation: format!(
                    "Snapshot {} cannot terminate: a marker never arrives, and Chandy-Lamport assumes reliable channels.",
                    epoch.epoch
                ),
            }
        });
    let crashed_midway = world
        .events()
        .iter()
        .filter(|e| e.kind == EventKind::Crash)
        .filter(|crash| crashed_mid_snapshot(world, epoch, crash.node, crash.id))
        .map(|crash| Violation {
            step: crash.step,
            witness: format!(
                "node {} crashed at step {} while recording snapshot {}",
                crash.node, crash.step, epoch.epoch
            ),
            blame: Blame::Assumption,
            explanation: format!(
                "Snapshot {} cannot terminate: node {} lost its recording in a crash, and Chandy-Lamport assumes no failures.",
                epoch.epoch, crash.node
            ),
        });
    Violation::earliest(lost_marker.chain(crashed_midway))
}

/// Whether `node`, crashing at event `crash`, had recorded `epoch` but not yet closed all its
/// incoming channels or sent all its markers.
fn crashed_mid_snapshot(
    world: &World<ChandyLamport>,
    epoch: &Epoch,
    node: NodeId,
    crash: u64,
) -> bool {
    let Some(recorded) = epoch.recorded[node as usize] else {
        return false;
    };
    if recorded.event > crash {
        return false;
    }
    let others = world.node_count() as usize - 1;
    let closed_before = world
        .events()
        .iter()
        .take(crash as usize)
        .filter(|e| e.node == node)
        .flat_map(|e| &e.records)
        .filter(|r| matches!(r, super::Record::ChannelClosed { epoch: e, .. } if *e == epoch.epoch))
        .count();
    let markers_sent = world
        .messages()
        .iter()
        .filter(|m| m.from == node && m.copy_of.is_none() && m.sent < crash)
        .filter(|m| m.payload == Msg::Marker { epoch: epoch.epoch })
        .count();
    closed_before < others || markers_sent < others
}

fn consistent_cut(world: &World<ChandyLamport>, epochs: &[Epoch]) -> Verdict {
    let crossings = epochs.iter().flat_map(|epoch| {
        world.messages().iter().filter_map(move |m| {
            let Msg::Transfer { amount } = m.payload else {
                return None;
            };
            let Fate::Delivered { event, step } = m.fate else {
                return None;
            };
            let sender_cut = epoch.recorded[m.from as usize]?;
            let receiver_cut = epoch.recorded[m.to as usize]?;
            let sent_outside = m.sent > sender_cut.event;
            let received_inside = event < receiver_cut.event;
            if !(sent_outside && received_inside) {
                return None;
            }
            let (blame, explanation) = cut_blame(world, epoch.epoch, m.from, m.to);
            Some(Violation {
                step: step.max(receiver_cut.step),
                witness: format!(
                    "transfer message {} (${amount}, {}→{}) was sent after node {} recorded snapshot {} but received before node {} recorded it",
                    m.id, m.from, m.to, m.from, epoch.epoch, m.to
                ),
                blame,
                explanation,
            })
        })
    });
    match Violation::earliest(crossings) {
        Some(violation) => {
            Verdict::violated(CONSISTENT_CUT, Kind::Safety, CONSISTENT_CUT_TEXT, violation)
        }
        None => Verdict::holds(
            CONSISTENT_CUT,
            Kind::Safety,
            CONSISTENT_CUT_TEXT,
            "No transfer crosses any snapshot's cut backwards.".to_string(),
        ),
    }
}

/// A backwards crossing is the user's doing when they chose unordered channels or made the
/// channel's marker vanish; otherwise the (flawed) algorithm's.
fn cut_blame(
    world: &World<ChandyLamport>,
    epoch: u32,
    from: NodeId,
    to: NodeId,
) -> (Blame, String) {
    let marker_vanished = world.messages().iter().any(|m| {
        m.from == from
            && m.to == to
            && m.payload == Msg::Marker { epoch }
            && vanished_at(m.fate).is_some()
    });
    if marker_vanished {
        return (
            Blame::Assumption,
            format!("The marker on channel {from}→{to} never arrived, so node {to} recorded late: Chandy-Lamport assumes reliable channels."),
        );
    }
    if world.network().channels == Channels::Unordered {
        return (
            Blame::Assumption,
            "The transfer overtook a marker: channels are unordered here, but Chandy-Lamport assumes FIFO channels.".to_string(),
        );
    }
    let variant = world.protocol().variant();
    (
        Blame::Algorithm,
        format!(
            "The {} variant let a transfer sent after recording arrive before the marker.",
            variant.name()
        ),
    )
}

fn conservation(world: &World<ChandyLamport>, epochs: &[Epoch]) -> Verdict {
    let initial = world.protocol().initial_total();
    let wrong = epochs.iter().filter_map(|epoch| {
        let completed = epoch.completed_at()?;
        let total = epoch.total();
        if total == initial {
            return None;
        }
        let (blame, explanation) = conservation_blame(world, completed, total, initial);
        Some(Violation {
            step: completed,
            witness: format!(
                "snapshot {} recorded a total of ${total}, but the system holds ${initial}",
                epoch.epoch
            ),
            blame,
            explanation,
        })
    });
    match Violation::earliest(wrong) {
        Some(violation) => {
            Verdict::violated(CONSERVATION, Kind::Safety, CONSERVATION_TEXT, violation)
        }
        None => {
            let complete = epochs.iter().filter(|e| e.is_complete()).count();
            let why = if complete == 0 {
                "No snapshot is complete yet.".to_string()
            } else {
                format!("Every complete snapshot accounts for exactly ${initial}.")
            };
            Verdict::holds(CONSERVATION, Kind::Safety, CONSERVATION_TEXT, why)
        }
    }
}

/// A wrong total is the user's doing when they broke reliable delivery (a message dropped, lost
/// or duplicated: money changes, or a late duplicate marker records money twice) or chose
/// unordered channels; otherwise the algorithm's.
fn conservation_blame(
    world: &World<ChandyLamport>,
    completed: u64,
    total: u64,
    initial: u64,
) -> (Blame, String) {
    let tampered = world.messages().iter().find_map(|m| {
        let what = world.protocol().message_label(&m.payload);
        if let Some(original) = m.copy_of.filter(|_| m.step <= completed) {
            return Some(format!(
                "message {original} ({what}) was duplicated at step {}",
                m.step
            ));
        }
        vanished_at(m.fate)
            .filter(|step| *step <= completed)
            .map(|step| format!("message {} ({what}) vanished at step {step}", m.id))
    });
    if let Some(what) = tampered {
        return (
            Blame::Assumption,
            format!("Recorded ${total}, not ${initial}, but the user tampered with the network ({what}): Chandy-Lamport assumes reliable channels, so the algorithm is not at fault."),
        );
    }
    if world.network().channels == Channels::Unordered {
        return (
            Blame::Assumption,
            format!("Recorded ${total}, not ${initial}: a transfer overtook a marker on an unordered channel, and Chandy-Lamport assumes FIFO channels."),
        );
    }
    let variant: Variant = world.protocol().variant();
    (
        Blame::Algorithm,
        format!(
            "Recorded ${total}, not ${initial}: the {} variant miscounts the money in transit.",
            variant.name()
        ),
    )
}
