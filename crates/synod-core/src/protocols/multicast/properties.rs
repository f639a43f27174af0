//! The properties every multicast protocol is judged by, whichever order it promises, so that a
//! learner sees causal order violated under FIFO multicast without it being a bug (the panel says
//! which ones the protocol guarantees):
//! - **fifo-order**: a process that delivers a sender's m' has delivered the sender's earlier m;
//! - **causal-order**: a process that delivers m' has delivered every m with
//!   multicast(m) → multicast(m'), happens-before running through deliveries;
//! - **total-order**: if a process delivered m before m', every process that delivers m' has
//!   delivered m before it;
//! - **integrity**: a message is delivered at most once per process, and only if multicast;
//! - **validity** and **agreement** (liveness): a correct sender's message reaches every correct
//!   member; if one correct member delivers m, every correct member does.
//!
//! The monitor keeps, per process, its deliveries in order and its causal knowledge (for each
//! sender, how many of its multicasts happened before the process's present), and per multicast
//! the causal knowledge of its sender when it was multicast (a history variable, as in TLA+).
//! Safety verdicts fold at each delivery; the liveness ones are read off the state, and become
//! final once nothing is in flight (no receipt can come, and only a receipt delivers another
//! process's message).

use crate::action::NodeId;
use crate::monitor::{Evidence, Observation};
use crate::protocol::{AppId, PropertyInfo, Protocol};
use crate::state::State;
use crate::verdict::{Blame, Kind, Verdict, Violation};

pub const FIFO_ORDER: &str = "fifo-order";
pub const CAUSAL_ORDER: &str = "causal-order";
pub const TOTAL_ORDER: &str = "total-order";
pub const INTEGRITY: &str = "integrity";
pub const VALIDITY: &str = "validity";
pub const AGREEMENT: &str = "agreement";

const FIFO_TEXT: &str =
    "If a process multicast m before m', no process delivers m' without having delivered m.";
const CAUSAL_TEXT: &str =
    "If multicast(m) happened before multicast(m'), no process delivers m' without having delivered m.";
const TOTAL_TEXT: &str =
    "If a process delivered m before m', every process that delivers m' has delivered m before it.";
const INTEGRITY_TEXT: &str =
    "Each process delivers a message at most once, and only if it was multicast.";
const VALIDITY_TEXT: &str =
    "Every message a correct process multicasts is eventually delivered by every correct process.";
const AGREEMENT_TEXT: &str =
    "If a correct process delivers a message, every correct process eventually delivers it.";

pub const PROPERTIES: &[PropertyInfo] = &[
    PropertyInfo {
        name: FIFO_ORDER,
        kind: Kind::Safety,
    },
    PropertyInfo {
        name: CAUSAL_ORDER,
        kind: Kind::Safety,
    },
    PropertyInfo {
        name: TOTAL_ORDER,
        kind: Kind::Safety,
    },
    PropertyInfo {
        name: INTEGRITY,
        kind: Kind::Safety,
    },
    PropertyInfo {
        name: VALIDITY,
        kind: Kind::Liveness,
    },
    PropertyInfo {
        name: AGREEMENT,
        kind: Kind::Liveness,
    },
];

/// The first breach of an order or integrity property: where, and the words for it.
#[derive(Clone, Debug)]
pub struct Breach {
    step: u64,
    witness: String,
    explanation: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq)]
pub struct Monitor {
    /// Each process's deliveries, in order.
    delivered: Vec<Vec<AppId>>,
    /// Each process's causal knowledge: for each sender, how many of its multicasts happened
    /// before the process's present.
    knows: Vec<Vec<u32>>,
    /// Each multicast with its sender's causal knowledge at that moment (itself included).
    /// Sorted by id (a sorted `Vec`: a `BTreeMap` would cost the page code of its own).
    multicasts: Vec<(AppId, Vec<u32>)>,
    /// Which safety properties broke, in the order of [`SAFETY`]; the words are evidence.
    broken: [bool; 4],
    breaches: [Evidence<Breach>; 4],
    /// The last step observed: when a liveness verdict became final, if it did.
    last_step: Evidence<u64>,
}

/// The safety properties, in the order of the monitor's `broken`.
const SAFETY: [&str; 4] = [FIFO_ORDER, CAUSAL_ORDER, TOTAL_ORDER, INTEGRITY];

impl Monitor {
    pub fn new(nodes: NodeId) -> Monitor {
        Monitor {
            delivered: vec![Vec::new(); nodes as usize],
            knows: vec![vec![0; nodes as usize]; nodes as usize],
            multicasts: Vec::new(),
            broken: [false; 4],
            breaches: Default::default(),
            last_step: Evidence::none(),
        }
    }

    /// Each process's deliveries, in order.
    pub fn delivered(&self, node: NodeId) -> &[AppId] {
        &self.delivered[node as usize]
    }

    pub fn multicasts(&self) -> impl Iterator<Item = &AppId> {
        self.multicasts.iter().map(|(app, _)| app)
    }

    fn breach<P: Protocol>(
        &mut self,
        property: usize,
        step: &Observation<P>,
        words: impl FnOnce() -> (String, String),
    ) {
        if self.broken[property] {
            return;
        }
        self.broken[property] = true;
        self.breaches[property] = step.evidence(|| {
            let (witness, explanation) = words();
            Breach {
                step: step.step,
                witness,
                explanation,
            }
        });
    }
}

/// Folds one step: a multicast notes its sender's causal knowledge; each delivery is checked
/// against the order and integrity properties, then joins the process's history.
pub fn observe<P: Protocol>(
    monitor: &mut Monitor,
    step: &Observation<P>,
    multicast: Option<AppId>,
) {
    monitor.last_step = step.evidence(|| step.step);
    if let Some(app) = multicast {
        let knows = &mut monitor.knows[app.sender as usize];
        knows[app.sender as usize] = knows[app.sender as usize].max(app.seq);
        let past = knows.clone();
        match monitor.multicasts.binary_search_by_key(&app, |(id, _)| *id) {
            Ok(at) => monitor.multicasts[at].1 = past,
            Err(at) => monitor.multicasts.insert(at, (app, past)),
        }
    }
    let Some(node) = step.node else {
        return;
    };
    for delivery in step.delivered {
        deliver(monitor, step, node, delivery.app);
    }
}

fn deliver<P: Protocol>(monitor: &mut Monitor, step: &Observation<P>, node: NodeId, app: AppId) {
    let mine = monitor.delivered[node as usize].clone();
    let has = |id: AppId| mine.contains(&id);
    // Integrity: once, and only what was multicast.
    let past = monitor
        .multicasts
        .binary_search_by_key(&app, |(id, _)| *id)
        .ok()
        .map(|at| monitor.multicasts[at].1.clone());
    if has(app) || past.is_none() {
        let again = has(app);
        monitor.breach(3, step, || {
            (
                format!("node {node} delivered {app} at step {}", step.step),
                match again {
                    true => format!("Node {node} delivered {app} a second time."),
                    false => format!("Node {node} delivered {app}, which nobody multicast."),
                },
            )
        });
    }
    // FIFO: the sender's earlier messages first.
    if let Some(missing) = (1..app.seq)
        .map(|seq| AppId { seq, ..app })
        .find(|earlier| !has(*earlier))
    {
        monitor.breach(0, step, || {
            (
                format!("node {node} delivered {app} before {missing}"),
                format!("Node {node} delivered {app} without having delivered {missing}, which node {} multicast before it.", app.sender),
            )
        });
    }
    // Causal: everything in its causal past first.
    if let Some(past) = &past {
        let missing = past.iter().enumerate().find_map(|(sender, count)| {
            let sender = sender as NodeId;
            let upto = if sender == app.sender {
                app.seq - 1
            } else {
                *count
            };
            (1..=upto)
                .map(|seq| AppId { sender, seq })
                .find(|before| !has(*before))
        });
        if let Some(missing) = missing {
            monitor.breach(1, step, || {
                (
                    format!("node {node} delivered {app} before {missing}"),
                    format!("Node {node} delivered {app} without having delivered {missing}, which happened before it was multicast."),
                )
            });
        }
    }
    // Total: the same messages before it as every process that delivered it already.
    let before = &mine;
    let disagreeing = monitor
        .delivered
        .iter()
        .enumerate()
        .find_map(|(other, theirs)| {
            let at = theirs.iter().position(|id| *id == app)?;
            let prefix = &theirs[..at];
            let differs =
                prefix.len() != before.len() || prefix.iter().any(|id| !before.contains(id));
            differs.then_some(other as NodeId)
        });
    if let Some(other) = disagreeing {
        monitor.breach(2, step, || {
            (
                format!("nodes {other} and {node} delivered different messages before {app}"),
                format!("Node {node} delivered {app} after other messages than node {other} had delivered before it."),
            )
        });
    }
    monitor.delivered[node as usize].push(app);
    if let Some(past) = past {
        let knows = &mut monitor.knows[node as usize];
        for (mine, theirs) in knows.iter_mut().zip(past) {
            *mine = (*mine).max(theirs);
        }
    }
}

/// Every property's verdict. `guaranteed` says whether the protocol promises a property under
/// this run's network and faults (a broken promise is the algorithm's fault, unless the run broke
/// an assumption: `assumption` words that, if it did).
pub fn verdicts<P: Protocol<Monitor = Monitor>>(
    state: &State<P>,
    guaranteed: impl Fn(&str) -> bool,
    assumption: Option<String>,
) -> Vec<Verdict> {
    let monitor = state.monitor();
    // Drops and crashes hold messages up or lose them, but never reorder a delivery: an order
    // or integrity violation is the algorithm's (or, for an order it does not promise, what it
    // lacks), and only validity and agreement can be the broken assumption's doing.
    let blame = |name: &str| match (name, &assumption) {
        (VALIDITY | AGREEMENT, Some(_)) => Blame::Assumption,
        _ => Blame::Algorithm,
    };
    let mut verdicts: Vec<Verdict> = SAFETY
        .iter()
        .zip([FIFO_TEXT, CAUSAL_TEXT, TOTAL_TEXT, INTEGRITY_TEXT])
        .enumerate()
        .map(|(index, (name, text))| match monitor.broken[index] {
            false => Verdict::holds(name, Kind::Safety, text, holds_text(name)),
            true => {
                let breach = monitor.breaches[index].get();
                Verdict::violated(
                    name,
                    Kind::Safety,
                    text,
                    Violation {
                        step: breach.map_or(0, |b| b.step),
                        witness: breach.map_or_else(String::new, |b| b.witness.clone()),
                        blame: blame(name),
                        explanation: breach.map_or_else(
                            || format!("{name} was violated."),
                            |b| explain(&b.explanation, name, &guaranteed, &assumption),
                        ),
                    },
                )
            }
        })
        .collect();
    verdicts.push(liveness(
        state,
        VALIDITY,
        VALIDITY_TEXT,
        blame(VALIDITY),
        |app| !state.is_crashed(app.sender),
    ));
    verdicts.push(liveness(
        state,
        AGREEMENT,
        AGREEMENT_TEXT,
        blame(AGREEMENT),
        |app| {
            (0..state.node_count())
                .any(|node| !state.is_crashed(node) && monitor.delivered(node).contains(app))
        },
    ));
    verdicts
}

fn holds_text(name: &str) -> String {
    match name {
        FIFO_ORDER => "Every delivery so far came after the sender's earlier messages.",
        CAUSAL_ORDER => "Every delivery so far came after the messages that happened before it.",
        TOTAL_ORDER => "The processes delivered the messages they share in one order.",
        _ => "No message was delivered twice, and none that nobody multicast.",
    }
    .to_string()
}

/// A violation's words, saying whether the protocol promised the property and, if the run broke
/// one of its assumptions, which.
fn explain(
    what: &str,
    name: &str,
    guaranteed: &impl Fn(&str) -> bool,
    assumption: &Option<String>,
) -> String {
    match (guaranteed(name), assumption) {
        (true, Some(assumption)) => format!("{what} {assumption}"),
        (true, None) => what.to_string(),
        (false, _) => format!("{what} This protocol does not promise {name}."),
    }
}

/// Validity or agreement: every message that `owed` says must reach every correct process has
/// reached it (holds), may still (pending while anything is in flight), or cannot any more.
fn liveness<P: Protocol<Monitor = Monitor>>(
    state: &State<P>,
    name: &'static str,
    text: &'static str,
    blame: Blame,
    owed: impl Fn(&AppId) -> bool,
) -> Verdict {
    let monitor = state.monitor();
    let missing = monitor
        .multicasts()
        .filter(|app| owed(app))
        .find_map(|app| {
            (0..state.node_count())
                .find(|node| !state.is_crashed(*node) && !monitor.delivered(*node).contains(app))
                .map(|node| (*app, node))
        });
    match missing {
        None => Verdict::holds(
            name,
            Kind::Liveness,
            text,
            "Every correct process has delivered every message it is owed.".to_string(),
        ),
        Some((app, node)) if state.anything_on_its_way() => Verdict::pending(
            name,
            text,
            format!("Node {node} has not delivered {app} yet; messages are still in flight."),
        ),
        Some((app, node)) => Verdict::violated(
            name,
            Kind::Liveness,
            text,
            Violation {
                step: monitor.last_step.get().copied().unwrap_or(0),
                witness: format!("node {node} never delivers {app}"),
                blame,
                explanation: format!(
                    "Nothing is in flight any more, so node {node} can never deliver {app}."
                ),
            },
        ),
    }
}
