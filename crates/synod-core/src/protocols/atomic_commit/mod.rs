//! Atomic commit: a coordinator (the transaction manager, TM, node 0) and participants (resource
//! managers, RMs, nodes 1..=n) must all commit or all abort a transaction, committing only if
//! every RM voted yes.
//!
//! Two protocols share this module's parameters, votes, logs, records and properties:
//! [`two_phase`] (Gray 1978; Bernstein, Hadzilacos and Goodman, *Concurrency Control and
//! Recovery in Database Systems*, 1987, ch. 7) and [`three_phase`] (Skeen, "Nonblocking Commit
//! Protocols", SIGMOD 1981).

pub mod properties;
pub mod two_phase;

use serde::Deserialize;

use crate::action::NodeId;
use crate::form::{Setting, SettingKind};
use crate::view::Field;

/// The coordinator's id.
pub const TM: NodeId = 0;
const MIN_PARTICIPANTS: u32 = 2;
const MAX_PARTICIPANTS: u32 = 7;

/// The `"params"` of an atomic-commit scenario; `V` is the protocol's variant.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params<V> {
    pub participants: u32,
    /// One per participant, in node order 1..=n; `yes` for all when left out.
    #[serde(default)]
    pub votes: Option<Vec<VoteSetting>>,
    /// A prepared participant that times out also asks the other participants.
    #[serde(default)]
    pub cooperative: bool,
    #[serde(default)]
    pub variant: V,
}

/// The settings both atomic-commit protocols take besides their variant.
pub const SETTINGS: &[Setting] = &[
    Setting {
        key: "participants",
        label: "Participants",
        kind: SettingKind::Count {
            min: MIN_PARTICIPANTS as u64,
            max: MAX_PARTICIPANTS as u64,
            default: 3,
        },
    },
    Setting {
        key: "votes",
        label: "Votes (ask: you vote)",
        kind: SettingKind::Choices {
            of: "participants",
            options: &["yes", "no", "ask"],
            default: "yes",
        },
    },
    Setting {
        key: "cooperative",
        label: "Cooperative termination",
        kind: SettingKind::Flag { default: false },
    },
];

/// How a participant votes when asked to prepare.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum VoteSetting {
    Yes,
    No,
    /// Wait for the user's `{"vote": "yes" | "no"}` command.
    Ask,
}

/// The parts of the params every atomic-commit protocol validates alike.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Setup {
    pub participants: u32,
    pub votes: Vec<VoteSetting>,
    pub cooperative: bool,
}

impl Setup {
    pub fn new<V>(params: &Params<V>) -> Result<Setup, String> {
        let n = params.participants;
        if !(MIN_PARTICIPANTS..=MAX_PARTICIPANTS).contains(&n) {
            return Err(format!(
                "participants must be between {MIN_PARTICIPANTS} and {MAX_PARTICIPANTS}, not {n}"
            ));
        }
        let votes = params
            .votes
            .clone()
            .unwrap_or_else(|| vec![VoteSetting::Yes; n as usize]);
        if votes.len() != n as usize {
            return Err(format!(
                "votes has {} entries but there are {n} participants",
                votes.len()
            ));
        }
        Ok(Setup {
            participants: n,
            votes,
            cooperative: params.cooperative,
        })
    }

    /// Node ids of the participants, ascending.
    pub fn rms(&self) -> impl Iterator<Item = NodeId> {
        1..=self.participants
    }

    pub fn vote_of(&self, rm: NodeId) -> VoteSetting {
        self.votes[rm as usize - 1]
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Outcome {
    Commit,
    Abort,
}

impl Outcome {
    pub fn name(self) -> &'static str {
        match self {
            Outcome::Commit => "commit",
            Outcome::Abort => "abort",
        }
    }
}

/// A record on a node's stable storage. The log is all a node keeps through a crash.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogEntry {
    /// The participant voted yes: from here on it may not abort on its own.
    Prepared,
    /// The participant (or coordinator) moved to pre-commit (three-phase commit only).
    PreCommitted,
    Decided(Outcome),
}

impl LogEntry {
    fn text(self) -> &'static str {
        match self {
            LogEntry::Prepared => "prepared",
            LogEntry::PreCommitted => "pre-committed",
            LogEntry::Decided(Outcome::Commit) => "commit",
            LogEntry::Decided(Outcome::Abort) => "abort",
        }
    }
}

/// The outcome a log records, if any.
pub fn logged_outcome(log: &[LogEntry]) -> Option<Outcome> {
    log.iter().find_map(|e| match e {
        LogEntry::Decided(outcome) => Some(*outcome),
        _ => None,
    })
}

/// The inspector's row for a log.
pub fn log_field(log: &[LogEntry]) -> Field {
    let text = if log.is_empty() {
        "empty".to_string()
    } else {
        log.iter().map(|e| e.text()).collect::<Vec<_>>().join(" → ")
    };
    Field::new("durable log", text)
}

/// What nodes write into the trace, read by the properties.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Record {
    /// The client asked the coordinator to commit.
    Started,
    /// A participant sent its vote.
    Voted { yes: bool },
    /// The node decided (and logged) an outcome.
    Decided(Outcome),
}

impl Record {
    pub fn note(self) -> String {
        match self {
            Record::Started => "transaction started".to_string(),
            Record::Voted { yes: true } => "voted yes".to_string(),
            Record::Voted { yes: false } => "voted no".to_string(),
            Record::Decided(outcome) => format!("decided {}", outcome.name()),
        }
    }
}

/// A node's decision as the properties see it.
pub trait Decides {
    fn decision(&self) -> Option<Outcome>;
}
