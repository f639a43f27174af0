//! Properties are data: every step yields one verdict per named property, read alike by the UI,
//! the tests, the CLI and (later) the model checker.

use serde::{Deserialize, Serialize};

/// Safety: nothing bad ever happens (a violation is final). Liveness: something good eventually
/// happens (a violation means it can no longer happen on any continuation of this run).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Safety,
    Liveness,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Holds,
    Violated,
    Pending,
}

/// Who is to blame for a violation: the algorithm (or its flawed variant), or the user, who broke
/// an assumption the algorithm is entitled to (reliable channels, no crashes, FIFO order).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Blame {
    Algorithm,
    Assumption,
}

/// How a blocked verdict's explanation begins (see [`Verdict::is_blocked`]).
pub const BLOCKED: &str = "Blocked:";

/// The judgement of one property at one step.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Verdict {
    pub name: &'static str,
    pub kind: Kind,
    pub status: Status,
    /// The step at which the violation became certain.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub step: Option<u64>,
    /// Events or messages that show the violation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub witness: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub blame: Option<Blame>,
    /// Whether the protocol promises the property under this run's network and the faults it
    /// has suffered so far (a property it does not promise is judged all the same, to teach what
    /// it lacks). Filled in by the world.
    pub guaranteed: bool,
    /// What the property says, in one line.
    pub description: &'static str,
    /// Why it has this status now, in one line.
    pub explanation: String,
}

impl Verdict {
    pub fn holds(
        name: &'static str,
        kind: Kind,
        description: &'static str,
        why: String,
    ) -> Verdict {
        Verdict {
            name,
            kind,
            status: Status::Holds,
            step: None,
            witness: None,
            blame: None,
            guaranteed: false,
            description,
            explanation: why,
        }
    }

    pub fn pending(name: &'static str, description: &'static str, why: String) -> Verdict {
        Verdict {
            status: Status::Pending,
            ..Verdict::holds(name, Kind::Liveness, description, why)
        }
    }

    /// A pending verdict the run cannot satisfy as it stands: the protocol's diagnosis, which
    /// starts its explanation with "Blocked:" (the checker's tests hold every such diagnosis to
    /// it: no continuation without a recovery satisfies the property). The page shows it as its
    /// own badge rather than as an ordinary "pending".
    pub fn is_blocked(&self) -> bool {
        self.status == Status::Pending && self.explanation.starts_with(BLOCKED)
    }

    pub fn violated(
        name: &'static str,
        kind: Kind,
        description: &'static str,
        violation: Violation,
    ) -> Verdict {
        Verdict {
            name,
            kind,
            status: Status::Violated,
            step: Some(violation.step),
            witness: Some(violation.witness),
            blame: Some(violation.blame),
            guaranteed: false,
            description,
            explanation: violation.explanation,
        }
    }
}

/// The evidence for a violation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    pub step: u64,
    pub witness: String,
    pub blame: Blame,
    pub explanation: String,
}

impl Violation {
    /// Of several violations, the one that became certain first.
    pub fn earliest(violations: impl IntoIterator<Item = Violation>) -> Option<Violation> {
        violations.into_iter().min_by_key(|v| v.step)
    }
}
