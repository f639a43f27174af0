//! The properties every atomic-commit protocol must have, as one monitor folded over the
//! records nodes write (which a crash cannot erase), judged with the live nodes' states.

use super::{Decides, Outcome, Record, TM};
use crate::action::NodeId;
use crate::monitor::{Evidence, Observation};
use crate::network::Network;
use crate::protocol::{PropertyInfo, Protocol};
use crate::state::{NodeSlot, State};
use crate::verdict::{Blame, Kind, Verdict, Violation, BLOCKED};

pub const ATOMICITY: &str = "atomicity";
pub const VALIDITY: &str = "commit-validity";
pub const TERMINATION: &str = "termination";

/// The properties, in the order [`verdicts`] judges them.
pub const PROPERTIES: &[PropertyInfo] = &[
    PropertyInfo {
        name: ATOMICITY,
        kind: Kind::Safety,
    },
    PropertyInfo {
        name: VALIDITY,
        kind: Kind::Safety,
    },
    PropertyInfo {
        name: TERMINATION,
        kind: Kind::Liveness,
    },
];

const ATOMICITY_TEXT: &str =
    "No participant commits while another aborts, and the coordinator's decision matches theirs.";
const VALIDITY_TEXT: &str = "The transaction commits only if every participant voted yes.";
const TERMINATION_TEXT: &str = "Every correct (not crashed) node eventually decides.";

/// Who is to blame when the protocol decides inconsistently: the protocol's own answer, given
/// its variant and what the run broke of the network's promises.
pub type BlameFor<P> = fn(&P, &State<P>, &Network) -> (Blame, String);

/// A decision, as evidence: who and at which step.
#[derive(Clone, Copy, Debug)]
struct Decision {
    node: NodeId,
    step: u64,
}

/// What the properties remember of a run.
#[derive(Clone, Debug, Default, Hash, PartialEq, Eq)]
pub struct Monitor {
    /// The client asked the coordinator to commit.
    started: bool,
    /// Bit `i`: node `i` voted yes.
    voted_yes: u32,
    committed: bool,
    aborted: bool,
    /// The participants that had not voted yes when the first commit happened (bit per node).
    commit_without: Option<u32>,
    first_commit: Evidence<Decision>,
    first_abort: Evidence<Decision>,
}

/// Folds one step's records into the monitor. Votes are counted before decisions, so a vote and
/// a decision in the same step count as the vote coming first.
pub fn observe<P: Protocol<Record = Record>>(
    monitor: &mut Monitor,
    step: &Observation<P>,
    participants: u32,
) {
    let Some(node) = step.node else {
        return;
    };
    for record in step.records {
        match record {
            Record::Started => monitor.started = true,
            Record::Voted { yes: true } => monitor.voted_yes |= 1 << node,
            _ => {}
        }
    }
    for record in step.records {
        let Record::Decided(outcome) = record else {
            continue;
        };
        let decision = step.evidence(|| Decision {
            node,
            step: step.step,
        });
        match outcome {
            Outcome::Commit if !monitor.committed => {
                monitor.committed = true;
                monitor.first_commit = decision;
                let everyone = ((1u32 << participants) - 1) << 1;
                let missing = everyone & !monitor.voted_yes;
                monitor.commit_without = Some(missing);
            }
            Outcome::Abort if !monitor.aborted => {
                monitor.aborted = true;
                monitor.first_abort = decision;
            }
            _ => {}
        }
    }
}

fn who(node: NodeId) -> String {
    if node == TM {
        "the coordinator (node 0)".to_string()
    } else {
        format!("node {node}")
    }
}

/// `blocked` is the protocol's own diagnosis, when no run from here can decide until a crashed
/// node recovers.
pub fn verdicts<P>(
    protocol: &P,
    state: &State<P>,
    network: &Network,
    monitor: &Monitor,
    blocked: Option<String>,
    blame: BlameFor<P>,
) -> Vec<Verdict>
where
    P: Protocol<Record = Record>,
    P::Node: Decides,
{
    vec![
        atomicity(protocol, state, network, monitor, blame),
        validity(monitor),
        termination(state, monitor, blocked),
    ]
}

fn atomicity<P: Protocol>(
    protocol: &P,
    state: &State<P>,
    network: &Network,
    monitor: &Monitor,
    blame: BlameFor<P>,
) -> Verdict {
    if !(monitor.committed && monitor.aborted) {
        let why = match (monitor.committed, monitor.aborted) {
            (false, false) => "Nobody has decided yet.",
            (true, _) => "Every decision so far is commit.",
            (_, true) => "Every decision so far is abort.",
        };
        return Verdict::holds(ATOMICITY, Kind::Safety, ATOMICITY_TEXT, why.to_string());
    }
    let (blame, explanation) = blame(protocol, state, network);
    let (step, witness) = match (monitor.first_commit.get(), monitor.first_abort.get()) {
        (Some(commit), Some(abort)) => (
            commit.step.max(abort.step),
            format!(
                "{} committed at step {} but {} aborted at step {}",
                who(commit.node),
                commit.step,
                who(abort.node),
                abort.step
            ),
        ),
        _ => (0, "one node committed and another aborted".to_string()),
    };
    Verdict::violated(
        ATOMICITY,
        Kind::Safety,
        ATOMICITY_TEXT,
        Violation {
            step,
            witness,
            blame,
            explanation,
        },
    )
}

fn validity(monitor: &Monitor) -> Verdict {
    let Some(missing) = monitor.commit_without else {
        return Verdict::holds(
            VALIDITY,
            Kind::Safety,
            VALIDITY_TEXT,
            "Nothing has committed.".to_string(),
        );
    };
    if missing == 0 {
        return Verdict::holds(
            VALIDITY,
            Kind::Safety,
            VALIDITY_TEXT,
            "The commit came after every participant voted yes.".to_string(),
        );
    }
    let names: Vec<String> = (0..32)
        .filter(|n| missing & (1 << n) != 0)
        .map(|n: u32| n.to_string())
        .collect();
    let (step, committer) = monitor
        .first_commit
        .get()
        .map_or((0, "a node".to_string()), |c| (c.step, who(c.node)));
    Verdict::violated(
        VALIDITY,
        Kind::Safety,
        VALIDITY_TEXT,
        Violation {
            step,
            witness: format!(
                "{committer} committed at step {step}, but node(s) {} had not voted yes",
                names.join(", ")
            ),
            blame: Blame::Algorithm,
            explanation: "The coordinator committed without a yes vote from every participant."
                .to_string(),
        },
    )
}

fn termination<P>(state: &State<P>, monitor: &Monitor, blocked: Option<String>) -> Verdict
where
    P: Protocol,
    P::Node: Decides,
{
    let undecided: Vec<NodeId> = (0..state.node_count())
        .filter(|n| match state.slot(*n) {
            NodeSlot::Up(node) => node.takes_part() && node.decision().is_none(),
            NodeSlot::Down(_) => false,
        })
        .collect();
    if undecided.is_empty() {
        return Verdict::holds(
            TERMINATION,
            Kind::Liveness,
            TERMINATION_TEXT,
            "Every node that is up has decided.".to_string(),
        );
    }
    let decided_anywhere = monitor.committed || monitor.aborted;
    let why = match blocked {
        Some(reason) => format!("{BLOCKED} {reason}"),
        None if !monitor.started && !decided_anywhere => {
            "Waiting for the client to ask the coordinator to commit.".to_string()
        }
        None => {
            let names: Vec<String> = undecided.iter().map(|n| n.to_string()).collect();
            format!("Still deciding: node(s) {} undecided.", names.join(", "))
        }
    };
    Verdict::pending(TERMINATION, TERMINATION_TEXT, why)
}
