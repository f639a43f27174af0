//! The properties every atomic-commit protocol must have, judged on the trace's records (which a
//! crash cannot erase) and the live nodes' states.

use super::{Decides, Outcome, Record, TM};
use crate::action::NodeId;
use crate::protocol::Protocol;
use crate::verdict::{Blame, Kind, Verdict, Violation};
use crate::world::{NodeSlot, World};

pub const ATOMICITY: &str = "atomicity";
pub const VALIDITY: &str = "commit-validity";
pub const TERMINATION: &str = "termination";

const ATOMICITY_TEXT: &str =
    "No participant commits while another aborts, and the coordinator's decision matches theirs.";
const VALIDITY_TEXT: &str = "The transaction commits only if every participant voted yes.";
const TERMINATION_TEXT: &str = "Every correct (not crashed) node eventually decides.";

/// Who is to blame when the protocol decides inconsistently: the protocol's own answer, given
/// its variant and the run's network.
pub type BlameFor<P> = fn(&World<P>) -> (Blame, String);

/// One decision, as the trace tells it.
#[derive(Clone, Copy, Debug)]
struct Decision {
    node: NodeId,
    outcome: Outcome,
    step: u64,
}

fn decisions<P: Protocol<Record = Record>>(world: &World<P>) -> Vec<Decision> {
    world
        .events()
        .iter()
        .flat_map(|e| {
            e.records.iter().filter_map(move |r| match r {
                Record::Decided(outcome) => Some(Decision {
                    node: e.node,
                    outcome: *outcome,
                    step: e.step,
                }),
                _ => None,
            })
        })
        .collect()
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
pub fn verdicts<P>(world: &World<P>, blocked: Option<String>, blame: BlameFor<P>) -> Vec<Verdict>
where
    P: Protocol<Record = Record>,
    P::Node: Decides,
{
    let decisions = decisions(world);
    vec![
        atomicity(world, &decisions, blame),
        validity(world, &decisions),
        termination(world, blocked),
    ]
}

fn atomicity<P: Protocol<Record = Record>>(
    world: &World<P>,
    decisions: &[Decision],
    blame: BlameFor<P>,
) -> Verdict {
    let first = |outcome| decisions.iter().find(|d| d.outcome == outcome);
    let (Some(commit), Some(abort)) = (first(Outcome::Commit), first(Outcome::Abort)) else {
        let why = match decisions.first() {
            None => "Nobody has decided yet.".to_string(),
            Some(d) => format!("Every decision so far is {}.", d.outcome.name()),
        };
        return Verdict::holds(ATOMICITY, Kind::Safety, ATOMICITY_TEXT, why);
    };
    let (blame, explanation) = blame(world);
    Verdict::violated(
        ATOMICITY,
        Kind::Safety,
        ATOMICITY_TEXT,
        Violation {
            step: commit.step.max(abort.step),
            witness: format!(
                "{} committed at step {} but {} aborted at step {}",
                who(commit.node),
                commit.step,
                who(abort.node),
                abort.step
            ),
            blame,
            explanation,
        },
    )
}

fn validity<P: Protocol<Record = Record>>(world: &World<P>, decisions: &[Decision]) -> Verdict {
    let Some(commit) = decisions.iter().find(|d| d.outcome == Outcome::Commit) else {
        return Verdict::holds(
            VALIDITY,
            Kind::Safety,
            VALIDITY_TEXT,
            "Nothing has committed.".to_string(),
        );
    };
    let voted_yes = |rm: NodeId| {
        world.events().iter().any(|e| {
            e.node == rm
                && e.step <= commit.step
                && e.records.contains(&Record::Voted { yes: true })
        })
    };
    let missing: Vec<NodeId> = (1..world.node_count())
        .filter(|rm| !voted_yes(*rm))
        .collect();
    if missing.is_empty() {
        return Verdict::holds(
            VALIDITY,
            Kind::Safety,
            VALIDITY_TEXT,
            "The commit came after every participant voted yes.".to_string(),
        );
    }
    let names: Vec<String> = missing.iter().map(|n| n.to_string()).collect();
    Verdict::violated(
        VALIDITY,
        Kind::Safety,
        VALIDITY_TEXT,
        Violation {
            step: commit.step,
            witness: format!(
                "{} committed at step {}, but node(s) {} had not voted yes",
                who(commit.node),
                commit.step,
                names.join(", ")
            ),
            blame: Blame::Algorithm,
            explanation: "The coordinator committed without a yes vote from every participant."
                .to_string(),
        },
    )
}

fn termination<P>(world: &World<P>, blocked: Option<String>) -> Verdict
where
    P: Protocol<Record = Record>,
    P::Node: Decides,
{
    let undecided: Vec<NodeId> = (0..world.node_count())
        .filter(|n| match world.slot(*n) {
            NodeSlot::Up(node) => node.decision().is_none(),
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
    let started = world
        .events()
        .iter()
        .any(|e| e.records.contains(&Record::Started));
    let decided_anywhere = world
        .events()
        .iter()
        .any(|e| e.records.iter().any(|r| matches!(r, Record::Decided(_))));
    let why = match blocked {
        Some(reason) => format!("Blocked: {reason}"),
        None if !started && !decided_anywhere => {
            "Waiting for the client to ask the coordinator to commit.".to_string()
        }
        None => {
            let names: Vec<String> = undecided.iter().map(|n| n.to_string()).collect();
            format!("Still deciding: node(s) {} undecided.", names.join(", "))
        }
    };
    Verdict::pending(TERMINATION, TERMINATION_TEXT, why)
}
