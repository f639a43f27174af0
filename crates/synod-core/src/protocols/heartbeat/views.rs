//! How the heartbeat detectors show themselves: verdicts that say why the timing model allows
//! what the run broke, the inspector, the detector table with its lesson, and the suspicion bands.

use super::{Heartbeat, Node, Variant, EVENTUAL_ACCURACY, STRONG_ACCURACY, STRONG_COMPLETENESS};
use crate::action::NodeId;
use crate::network::{Network, Timing};
use crate::protocol::Protocol;
use crate::state::{NodeSlot, State};
use crate::verdict::{Blame, Kind, Verdict};
use crate::view::{Field, ProtocolView, TableView};
use crate::world::World;

const COMPLETENESS_TEXT: &str =
    "Every crashed process is eventually suspected by every correct process.";
const ACCURACY_TEXT: &str = "No process is suspected before it crashes.";
const EVENTUAL_TEXT: &str =
    "After some time, no correct process is suspected by any correct process.";

/// The lesson: what asynchrony forces a detector to give up.
const LESSON: &str = "In an asynchronous system a timeout cannot tell a slow process from a crashed one, so a detector can be complete or accurate, not both: suspecting on timeout is complete but suspects live processes; never suspecting is accurate but misses crashes.";

/// Why a live process came to be suspected, under the run's timing.
pub fn false_suspicion(node: NodeId, peer: NodeId, timing: Timing) -> String {
    match timing {
        Timing::Async => format!(
            "Process {node} suspected process {peer}, which is up: under asynchronous timing its timeout for {peer} may fire while {peer}'s heartbeat is still on its way."
        ),
        Timing::Sync => format!(
            "Process {node} suspected process {peer}, which is up: under synchronous timing a timeout means a crash or a partition, and {peer}'s heartbeats were held back or dropped."
        ),
    }
}

pub fn inspect(protocol: &Heartbeat, node: &Node) -> Vec<Field> {
    let peers: Vec<String> = (0..protocol.node_count())
        .filter(|p| *p != node.id)
        .map(|p| format!("{p}: {}", node.timeouts[p as usize]))
        .collect();
    vec![
        Field::new("suspects", list(&node.suspects)),
        Field::new("timeouts", peers.join(", ")),
    ]
}

fn list(nodes: &[NodeId]) -> String {
    if nodes.is_empty() {
        return "nobody".to_string();
    }
    let names: Vec<String> = nodes.iter().map(NodeId::to_string).collect();
    names.join(", ")
}

/// Live processes with their state.
fn live(state: &State<Heartbeat>) -> impl Iterator<Item = &Node> {
    (0..state.node_count()).filter_map(|n| match state.slot(n) {
        NodeSlot::Up(node) => Some(node),
        NodeSlot::Down(()) => None,
    })
}

pub fn verdicts(protocol: &Heartbeat, state: &State<Heartbeat>, network: &Network) -> Vec<Verdict> {
    vec![
        completeness(protocol, state),
        accuracy(state, network),
        eventual_accuracy(protocol, state),
    ]
}

fn completeness(protocol: &Heartbeat, state: &State<Heartbeat>) -> Verdict {
    let monitor = state.monitor();
    if monitor.breaches.is_broken(1) {
        let violation =
            monitor
                .breaches
                .violation(1, STRONG_COMPLETENESS, Blame::Algorithm, |said| {
                    format!("{said} Never suspecting buys accuracy at the price of completeness.")
                });
        return Verdict::violated(
            STRONG_COMPLETENESS,
            Kind::Liveness,
            COMPLETENESS_TEXT,
            violation,
        );
    }
    let missed = live(state).find_map(|node| {
        (0..protocol.node_count())
            .find(|c| state.is_crashed(*c) && !node.suspects(*c))
            .map(|c| (node.id, c))
    });
    match missed {
        None if (0..protocol.node_count()).any(|n| state.is_crashed(n)) => Verdict::holds(
            STRONG_COMPLETENESS,
            Kind::Liveness,
            COMPLETENESS_TEXT,
            "Every live process suspects every crashed one.".to_string(),
        ),
        None => Verdict::holds(
            STRONG_COMPLETENESS,
            Kind::Liveness,
            COMPLETENESS_TEXT,
            "No process has crashed.".to_string(),
        ),
        Some((node, crashed)) => Verdict::pending(
            STRONG_COMPLETENESS,
            COMPLETENESS_TEXT,
            format!("Process {node} does not suspect crashed process {crashed} yet: its timeout for {crashed} will fire, since no heartbeat will restart it."),
        ),
    }
}

fn accuracy(state: &State<Heartbeat>, network: &Network) -> Verdict {
    let monitor = state.monitor();
    if !monitor.breaches.is_broken(0) {
        return Verdict::holds(
            STRONG_ACCURACY,
            Kind::Safety,
            ACCURACY_TEXT,
            "No live process has been suspected.".to_string(),
        );
    }
    let spent = state.spent();
    let blame = if network.timing == Timing::Async || spent.drops > 0 || spent.partitions > 0 {
        Blame::Assumption
    } else {
        Blame::Algorithm
    };
    let violation = monitor
        .breaches
        .violation(0, STRONG_ACCURACY, blame, |said| format!("{said} {LESSON}"));
    Verdict::violated(STRONG_ACCURACY, Kind::Safety, ACCURACY_TEXT, violation)
}

fn eventual_accuracy(protocol: &Heartbeat, state: &State<Heartbeat>) -> Verdict {
    let wrong = live(state).find_map(|node| {
        node.suspects
            .iter()
            .find(|p| !state.is_crashed(**p))
            .map(|p| (node.id, *p))
    });
    let Some((node, peer)) = wrong else {
        return Verdict::holds(
            EVENTUAL_ACCURACY,
            Kind::Liveness,
            EVENTUAL_TEXT,
            "No live process suspects a live one now.".to_string(),
        );
    };
    let why = match protocol.variant() {
        Variant::Timeout => format!("Process {node} suspects process {peer}, which is up, and this detector never takes a suspicion back: {peer} stays suspected for ever unless it crashes."),
        _ => format!("Process {node} suspects process {peer}, which is up: {peer}'s next heartbeat will clear the suspicion and lengthen {node}'s timeout for it."),
    };
    Verdict::pending(EVENTUAL_ACCURACY, EVENTUAL_TEXT, why)
}

/// The detector table (per process: whom it suspects, its timeouts) with the lesson under it,
/// and the suspicion bands.
pub fn protocol_view(protocol: &Heartbeat, world: &World<Heartbeat>) -> ProtocolView {
    let state = world.state();
    let rows = (0..protocol.node_count())
        .map(|n| match state.slot(n) {
            NodeSlot::Up(node) => {
                let mut row = vec![n.to_string(), "up".to_string()];
                row.extend(inspect(protocol, node).into_iter().map(|f| f.value));
                row
            }
            NodeSlot::Down(()) => vec![
                n.to_string(),
                "crashed".to_string(),
                "–".to_string(),
                "–".to_string(),
            ],
        })
        .collect();
    let timing = match world.network().timing {
        Timing::Async => "Timing is asynchronous: any timeout may fire at any moment, even with a heartbeat on its way.",
        Timing::Sync => "Timing is synchronous: the soonest timer fires first and only once every heartbeat has arrived, so a timeout means a crash or a partition.",
    };
    ProtocolView {
        tables: vec![TableView {
            title: "The failure detector".to_string(),
            columns: ["process", "status", "suspects", "timeouts"]
                .map(String::from)
                .to_vec(),
            rows,
            note: format!("{timing} {LESSON}"),
        }],
        bands: world.history().chronicle().view(),
        ..ProtocolView::default()
    }
}
