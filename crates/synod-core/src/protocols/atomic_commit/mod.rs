//! Atomic commit: a coordinator (the transaction manager, TM, node 0) and participants (resource
//! managers, RMs, nodes 1..=n) must all commit or all abort a transaction, committing only if
//! every RM voted yes.
//!
//! Two protocols share this module's parameters, votes, logs, records and properties:
//! [`two_phase`] (Gray 1978; Bernstein, Hadzilacos and Goodman, *Concurrency Control and
//! Recovery in Database Systems*, 1987, ch. 7) and [`three_phase`] (Skeen, "Nonblocking Commit
//! Protocols", SIGMOD 1981).

pub mod properties;
pub mod three_phase;
pub mod two_phase;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::action::NodeId;
use crate::form::{CommandForm, Setting, SettingKind};
use crate::network::Timing;
use crate::protocol::Protocol;
use crate::state::NodeSlot;
use crate::view::{Field, TableView};
use crate::world::World;

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
    /// Two-phase commit: a prepared participant that times out also asks the other participants.
    /// Three-phase commit accepts and ignores it: it always runs its termination protocol.
    #[serde(default)]
    pub cooperative: bool,
    #[serde(default)]
    pub variant: V,
}

const PARTICIPANTS_SETTING: Setting = Setting {
    key: "participants",
    label: "Participants",
    kind: SettingKind::Count {
        min: MIN_PARTICIPANTS as u64,
        max: MAX_PARTICIPANTS as u64,
        default: 3,
    },
};

const VOTES_SETTING: Setting = Setting {
    key: "votes",
    label: "Votes (ask: you vote)",
    kind: SettingKind::Choices {
        of: "participants",
        options: &["yes", "no", "ask"],
        default: "yes",
    },
};

/// The settings of two-phase commit besides its variant.
pub const SETTINGS: &[Setting] = &[
    PARTICIPANTS_SETTING,
    VOTES_SETTING,
    Setting {
        key: "cooperative",
        label: "Cooperative termination",
        kind: SettingKind::Flag { default: false },
    },
];

/// The settings of three-phase commit besides its variant: it always runs its termination
/// protocol, so it offers no `cooperative` switch (and ignores the field).
pub const VOTING_SETTINGS: &[Setting] = &[PARTICIPANTS_SETTING, VOTES_SETTING];

/// How a participant votes when asked to prepare.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum VoteSetting {
    Yes,
    No,
    /// Wait for the user's `{"vote": "yes" | "no"}` command.
    Ask,
}

impl VoteSetting {
    /// The setting as the inspector shows it.
    pub fn describe(self) -> &'static str {
        match self {
            VoteSetting::Yes => "yes",
            VoteSetting::No => "no",
            VoteSetting::Ask => "ask (you vote)",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Choice {
    Yes,
    No,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase", deny_unknown_fields)]
pub enum Cmd {
    /// The client asks the coordinator to commit the transaction.
    Commit,
    /// A participant whose vote is `ask` votes.
    Vote(Choice),
}

impl Cmd {
    pub fn label(&self) -> String {
        match self {
            Cmd::Commit => "client: commit".to_string(),
            Cmd::Vote(Choice::Yes) => "vote yes".to_string(),
            Cmd::Vote(Choice::No) => "vote no".to_string(),
        }
    }
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

    /// How many participants wait for the user's vote.
    pub fn asking(&self) -> u32 {
        self.votes
            .iter()
            .filter(|v| **v == VoteSetting::Ask)
            .count() as u32
    }

    pub fn vote_of(&self, rm: NodeId) -> VoteSetting {
        self.votes[rm as usize - 1]
    }

    /// Whether participant `rm` may take a vote command now: its setting is `ask`, it is still
    /// `working`, and prepare has arrived (`asked`).
    pub fn check_vote(&self, rm: NodeId, working: bool, asked: bool) -> Result<(), String> {
        if self.vote_of(rm) != VoteSetting::Ask {
            return Err(format!(
                "node {rm}'s vote is fixed by the params; only participants set to \"ask\" take a vote command"
            ));
        }
        if !working {
            return Err(format!("node {rm} has already voted or decided"));
        }
        if !asked {
            return Err(format!("node {rm} has not been asked to prepare yet"));
        }
        Ok(())
    }
}

/// The coordinator's command form before the transaction starts.
pub fn client_forms() -> Vec<CommandForm> {
    vec![CommandForm::fixed("Commit (client)", json!("commit"))]
}

/// The command forms of a participant waiting for the user's vote.
pub fn vote_forms() -> Vec<CommandForm> {
    vec![
        CommandForm::fixed("Vote yes", json!({"vote": "yes"})),
        CommandForm::fixed("Vote no", json!({"vote": "no"})),
    ]
}

/// Why a command meant for the other role is refused.
pub fn wrong_role(cmd: &Cmd) -> String {
    match cmd {
        Cmd::Commit => "the client asks the coordinator (node 0) to commit".to_string(),
        Cmd::Vote(_) => "the coordinator does not vote".to_string(),
    }
}

#[derive(Clone, Copy, Debug, Hash, PartialEq, Eq, PartialOrd, Ord)]
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
#[derive(Clone, Copy, Debug, Hash, PartialEq, Eq, PartialOrd, Ord)]
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

/// A log as the JSON state shows it.
pub fn log_texts(log: &[LogEntry]) -> Vec<&'static str> {
    log.iter().map(|e| e.text()).collect()
}

/// The inspector's rows for a crashed node: only its log survived.
pub fn durable_fields(log: &[LogEntry]) -> Vec<Field> {
    vec![
        log_field(log),
        Field::new("everything else", "lost in the crash"),
    ]
}

/// A participant holds its locks until it decides.
pub fn locks(decided: bool) -> &'static str {
    if decided {
        "released"
    } else {
        "held"
    }
}

/// The coordinator's votes as JSON, in node order.
pub fn votes_json(votes: &BTreeMap<NodeId, bool>) -> Value {
    votes
        .iter()
        .map(|(rm, yes)| json!({"node": rm, "yes": yes}))
        .collect()
}

/// The inspector's row for the votes the coordinator has received.
pub fn votes_field(votes: &BTreeMap<NodeId, bool>) -> Field {
    let votes: Vec<String> = votes
        .iter()
        .map(|(rm, yes)| format!("{rm}: {}", if *yes { "yes" } else { "no" }))
        .collect();
    Field::new(
        "votes received",
        if votes.is_empty() {
            "none".to_string()
        } else {
            votes.join(", ")
        },
    )
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
#[derive(Clone, Copy, Debug, Hash, PartialEq, Eq, PartialOrd, Ord)]
pub enum Record {
    /// The client asked the coordinator to commit.
    Started,
    /// A participant sent its vote.
    Voted { yes: bool },
    /// The node decided (and logged) an outcome.
    Decided(Outcome),
    /// The node logged pre-commit (three-phase commit).
    PreCommitted,
    /// A participant suspected the coordinator and started the termination protocol as a
    /// candidate coordinator (three-phase commit).
    Candidate,
    /// A participant deferred to another participant's termination protocol (three-phase
    /// commit).
    Deferred(NodeId),
    /// The new coordinator found a pre-committed state and pre-commits the prepared
    /// participants before committing (three-phase commit).
    PreCommitsOthers,
    /// A participant recovered without an outcome: it asks the others and waits (three-phase
    /// commit).
    Uncertain,
    /// The node takes over as coordinator with ballot `round`.`node` (Paxos Commit).
    TakesOver { round: u32 },
    /// The coordinator learned what participant `rm`'s instance chose (Paxos Commit).
    InstanceChosen { rm: NodeId, prepared: bool },
}

impl Record {
    pub fn note(self) -> String {
        match self {
            Record::Started => "transaction started".to_string(),
            Record::Voted { yes: true } => "voted yes".to_string(),
            Record::Voted { yes: false } => "voted no".to_string(),
            Record::Decided(outcome) => format!("decided {}", outcome.name()),
            Record::PreCommitted => "pre-committed".to_string(),
            Record::Candidate => {
                "suspects the coordinator: asks the participants for their states".to_string()
            }
            Record::Deferred(to) => format!("defers to node {to} as the new coordinator"),
            Record::PreCommitsOthers => {
                "found a pre-committed state: pre-commits the others before committing".to_string()
            }
            Record::Uncertain => "uncertain: asks the others for the outcome".to_string(),
            Record::TakesOver { round } => {
                format!("takes over as coordinator: a ballot of round {round}, phase 1 for every instance")
            }
            Record::InstanceChosen { rm, prepared } => format!(
                "node {rm}'s instance chose {}",
                if prepared { "Prepared" } else { "Aborted" }
            ),
        }
    }
}

/// A node's decision as the properties see it.
pub trait Decides {
    fn decision(&self) -> Option<Outcome>;
    /// Whether this node decides at all (Paxos Commit's acceptors only vote on others'
    /// decisions): termination waits only for those that do.
    fn takes_part(&self) -> bool {
        true
    }
}

/// One row per node: role, status, locks and log, from each node's JSON state.
pub fn transaction_table<P: Protocol>(
    world: &World<P>,
    state: impl Fn(&P::Node) -> Value,
) -> TableView {
    let text = |v: &Value| v.as_str().unwrap_or("").to_string();
    let rows = (0..world.node_count())
        .map(|n| match world.slot(n) {
            NodeSlot::Up(node) => {
                let s = state(node);
                let log: Vec<String> = s["log"]
                    .as_array()
                    .map(|l| l.iter().map(text).collect())
                    .unwrap_or_default();
                vec![
                    n.to_string(),
                    text(&s["role"]),
                    text(&s["status"]),
                    if s["locks"].is_null() {
                        "—".to_string()
                    } else {
                        text(&s["locks"])
                    },
                    if log.is_empty() {
                        "empty".to_string()
                    } else {
                        log.join(" → ")
                    },
                ]
            }
            NodeSlot::Down(_) => vec![
                n.to_string(),
                if n == TM {
                    "coordinator"
                } else {
                    "participant"
                }
                .to_string(),
                "crashed".to_string(),
                "—".to_string(),
                "kept on disk".to_string(),
            ],
        })
        .collect();
    TableView {
        title: "Transaction".to_string(),
        columns: ["node", "role", "status", "locks", "durable log"]
            .map(String::from)
            .to_vec(),
        rows,
        note: format!(
            "timing: {} ({})",
            world.network().timing.name(),
            match world.network().timing {
                Timing::Async => "a timeout may be premature: the awaited message may still be in flight",
                Timing::Sync => "a timer fires only when no message is on its way, so a timeout means a crash or a partition",
            }
        ),
    }
}
