//! Two-phase commit.
//!
//! 1. **Voting phase.** On the client's `commit`, the coordinator (TM) sends *prepare* to every
//!    participant (RM) in ascending order and starts its vote timer. An RM voting yes first logs
//!    *prepared* (durably: from now on it may not abort on its own), then votes; an RM voting no
//!    logs *abort*, aborts and votes no. An RM whose prepare never comes may time out and abort
//!    unilaterally.
//! 2. **Decision phase.** The TM commits iff every vote is yes: it logs *commit* (the commit
//!    point), then sends commit to every RM. On a no vote, or when its vote timer fires, it logs
//!    *abort* and sends abort. RMs log the outcome and release their locks.
//! 3. **Recovery.** A TM with a logged outcome re-sends it to every RM; a TM with none logs abort
//!    and sends abort (presumed abort). An RM recovering as prepared stays prepared (uncertain)
//!    and asks the TM; one recovering with no prepared record aborts.
//! 4. **Termination.** A prepared RM whose decision timer fires asks the TM for the outcome; with
//!    `cooperative` it asks the other RMs too, and an RM that has not yet voted answers by
//!    aborting. When every prepared RM is uncertain and the TM is down, 2PC *blocks*.
//!
//! Source: Gray, "Notes on Data Base Operating Systems" (1978); Bernstein, Hadzilacos and
//! Goodman, *Concurrency Control and Recovery in Database Systems* (1987), section 7.4.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::{json, Value};

use super::properties::{self, BlameFor, Monitor};
use super::{
    client_forms, durable_fields, locks, log_field, log_texts, logged_outcome, transaction_table,
    vote_forms, votes_field, votes_json, wrong_role, Choice, Cmd, Decides, LogEntry, Outcome,
    Params, Record, Setup, VoteSetting, TM,
};
use crate::action::NodeId;
use crate::budget::Budgets;
use crate::form::{CommandForm, Setting};
use crate::monitor::Observation;
use crate::network::{Channels, Network, Timing};
use crate::protocol::{Out, PropertyInfo, Protocol, VariantInfo};
use crate::state::NodeSlot;
use crate::state::State;
use crate::verdict::{Blame, Verdict};
use crate::view::{Field, ProtocolView};
use crate::world::World;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Variant {
    #[default]
    Correct,
    /// Flawed: the TM commits as soon as a majority of participants voted yes.
    MajorityCommit,
    /// Flawed: a participant forgets on recovery that it was prepared, and aborts.
    ForgetfulParticipant,
}

#[derive(Clone, Debug)]
pub struct TwoPhaseCommit {
    setup: Setup,
    variant: Variant,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, PartialOrd, Ord)]
pub enum Msg {
    Prepare,
    Vote {
        yes: bool,
    },
    Commit,
    Abort,
    /// An uncertain participant asks for the outcome.
    DecisionRequest,
}

impl Msg {
    fn outcome(outcome: Outcome) -> Msg {
        match outcome {
            Outcome::Commit => Msg::Commit,
            Outcome::Abort => Msg::Abort,
        }
    }
}

#[derive(Clone, Copy, Debug, Hash, PartialEq, Eq, PartialOrd, Ord)]
pub enum Timer {
    /// The TM stops waiting for votes.
    Vote,
    /// A working RM stops waiting for prepare.
    Prepare,
    /// A prepared RM asks for the outcome.
    Decision,
}

#[derive(Clone, Copy, Debug, Hash, PartialEq, Eq, PartialOrd, Ord)]
pub enum TmStatus {
    Init,
    Collecting,
    Decided(Outcome),
}

#[derive(Clone, Copy, Debug, Hash, PartialEq, Eq, PartialOrd, Ord)]
pub enum RmStatus {
    Working,
    Prepared,
    Decided(Outcome),
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, PartialOrd, Ord)]
pub enum Node {
    Tm {
        status: TmStatus,
        votes: BTreeMap<NodeId, bool>,
        log: Vec<LogEntry>,
    },
    Rm {
        id: NodeId,
        status: RmStatus,
        /// Prepare arrived and the vote waits for the user (vote setting `ask`).
        asked: bool,
        log: Vec<LogEntry>,
    },
}

impl Decides for Node {
    fn decision(&self) -> Option<Outcome> {
        match self {
            Node::Tm {
                status: TmStatus::Decided(outcome),
                ..
            }
            | Node::Rm {
                status: RmStatus::Decided(outcome),
                ..
            } => Some(*outcome),
            _ => None,
        }
    }
}

impl Protocol for TwoPhaseCommit {
    type Params = Params<Variant>;
    type Node = Node;
    type Durable = Vec<LogEntry>;
    type Msg = Msg;
    type Cmd = Cmd;
    type Record = Record;
    type Timer = Timer;
    type Monitor = Monitor;
    type Tag = ();
    type Chronicle = ();

    const NAME: &'static str = "two-phase-commit";
    const SUMMARY: &'static str = "Commit a transaction at every participant or at none: the coordinator collects votes, logs the decision, then tells everyone. A coordinator crash can leave prepared participants blocked.";
    const VARIANTS: &'static [VariantInfo] = &[
        VariantInfo {
            name: "correct",
            summary: "Two-phase commit as in Gray (1978) and Bernstein et al. (1987).",
            flawed: false,
        },
        VariantInfo {
            name: "majority-commit",
            summary: "Flawed: the coordinator commits once a majority voted yes, so a participant that voted no is overruled.",
            flawed: true,
        },
        VariantInfo {
            name: "forgetful-participant",
            summary: "Flawed: a participant forgets on recovery that it was prepared and aborts, though the coordinator may commit.",
            flawed: true,
        },
    ];

    const SETTINGS: &'static [Setting] = super::SETTINGS;
    const PROPERTIES: &'static [PropertyInfo] = properties::PROPERTIES;

    fn new(params: Params<Variant>) -> Result<TwoPhaseCommit, String> {
        Ok(TwoPhaseCommit {
            setup: Setup::new(&params)?,
            variant: params.variant,
        })
    }

    fn node_count(&self) -> NodeId {
        self.setup.participants + 1
    }

    fn default_network(&self) -> Network {
        Network {
            channels: Channels::Unordered,
            timing: Timing::Async,
        }
    }

    fn init(&self, id: NodeId) -> Node {
        if id == TM {
            return Node::Tm {
                status: TmStatus::Init,
                votes: BTreeMap::new(),
                log: Vec::new(),
            };
        }
        Node::Rm {
            id,
            status: RmStatus::Working,
            asked: false,
            log: Vec::new(),
        }
    }

    fn initial_timers(&self, node: NodeId) -> Vec<(Timer, u32)> {
        if node == TM {
            return Vec::new();
        }
        vec![(Timer::Prepare, 0)]
    }

    fn durable(&self, node: &Node) -> Vec<LogEntry> {
        match node {
            Node::Tm { log, .. } | Node::Rm { log, .. } => log.clone(),
        }
    }

    fn recover(&self, id: NodeId, log: Vec<LogEntry>, out: &mut Out<Self>) -> Node {
        let mut node = self.init(id);
        match &mut node {
            Node::Tm {
                status, log: kept, ..
            } => {
                *kept = log;
                // Recovery rule: re-send a logged outcome; with none, presume abort.
                let outcome = logged_outcome(kept).unwrap_or_else(|| {
                    kept.push(LogEntry::Decided(Outcome::Abort));
                    out.record(Record::Decided(Outcome::Abort));
                    Outcome::Abort
                });
                *status = TmStatus::Decided(outcome);
                for rm in self.setup.rms() {
                    out.send(rm, Msg::outcome(outcome));
                }
            }
            Node::Rm {
                status, log: kept, ..
            } => {
                *kept = log;
                let prepared = kept.contains(&LogEntry::Prepared)
                    && self.variant != Variant::ForgetfulParticipant;
                match logged_outcome(kept) {
                    Some(outcome) => *status = RmStatus::Decided(outcome),
                    // Recovery rule: a prepared RM stays uncertain and asks.
                    None if prepared => {
                        *status = RmStatus::Prepared;
                        self.ask_for_outcome(id, out);
                    }
                    // Recovery rule: no prepared record, so it may abort on its own.
                    None => {
                        kept.retain(|e| *e != LogEntry::Prepared);
                        kept.push(LogEntry::Decided(Outcome::Abort));
                        *status = RmStatus::Decided(Outcome::Abort);
                        out.record(Record::Decided(Outcome::Abort));
                    }
                }
            }
        }
        node
    }

    fn on_message(&self, node: &mut Node, out: &mut Out<Self>, from: NodeId, msg: Msg) {
        match node {
            Node::Tm { status, votes, log } => match msg {
                // Decision phase: collect the vote, decide when the votes allow it.
                Msg::Vote { yes } if *status == TmStatus::Collecting => {
                    votes.insert(from, yes);
                    if let Some(outcome) = self.decision_from(votes) {
                        self.tm_decide(status, log, out, outcome);
                    }
                }
                // A late vote or a question after the decision: answer with the outcome.
                Msg::Vote { .. } | Msg::DecisionRequest => {
                    if let TmStatus::Decided(outcome) = status {
                        out.send(from, Msg::outcome(*outcome));
                    }
                }
                Msg::Prepare | Msg::Commit | Msg::Abort => {}
            },
            Node::Rm {
                id,
                status,
                asked,
                log,
            } => match msg {
                // Voting phase: vote as the params say, or wait for the user.
                Msg::Prepare => match *status {
                    RmStatus::Working => {
                        out.cancel_timer(Timer::Prepare);
                        match self.setup.vote_of(*id) {
                            VoteSetting::Yes => self.vote(status, log, out, true),
                            VoteSetting::No => self.vote(status, log, out, false),
                            VoteSetting::Ask => *asked = true,
                        }
                    }
                    RmStatus::Prepared => out.send(TM, Msg::Vote { yes: true }),
                    RmStatus::Decided(Outcome::Abort) => out.send(TM, Msg::Vote { yes: false }),
                    RmStatus::Decided(Outcome::Commit) => {}
                },
                // Decision phase at the RM: log the outcome, release the locks.
                Msg::Commit => rm_learn(status, log, out, Outcome::Commit),
                Msg::Abort => rm_learn(status, log, out, Outcome::Abort),
                // Cooperative termination: answer a peer that is uncertain.
                Msg::DecisionRequest => match *status {
                    RmStatus::Decided(outcome) => out.send(from, Msg::outcome(outcome)),
                    RmStatus::Working => {
                        out.cancel_timer(Timer::Prepare);
                        rm_learn(status, log, out, Outcome::Abort);
                        out.send(from, Msg::Abort);
                    }
                    RmStatus::Prepared => {}
                },
                Msg::Vote { .. } => {}
            },
        }
    }

    fn on_timer(&self, node: &mut Node, out: &mut Out<Self>, timer: Timer) {
        match (node, timer) {
            // No all-yes by the deadline: abort.
            (Node::Tm { status, log, .. }, Timer::Vote) if *status == TmStatus::Collecting => {
                self.tm_decide(status, log, out, Outcome::Abort);
            }
            // Prepare never came: abort unilaterally.
            (Node::Rm { status, log, .. }, Timer::Prepare) if *status == RmStatus::Working => {
                rm_learn(status, log, out, Outcome::Abort);
            }
            // Uncertain: ask again.
            (Node::Rm { id, status, .. }, Timer::Decision) if *status == RmStatus::Prepared => {
                self.ask_for_outcome(*id, out);
            }
            _ => {}
        }
    }

    fn on_command(&self, node: &mut Node, out: &mut Out<Self>, cmd: Cmd) -> Result<(), String> {
        match (node, cmd) {
            (Node::Tm { status, .. }, Cmd::Commit) => {
                if *status != TmStatus::Init {
                    return Err("the transaction has already started".to_string());
                }
                // Voting phase begins.
                *status = TmStatus::Collecting;
                out.record(Record::Started);
                for rm in self.setup.rms() {
                    out.send(rm, Msg::Prepare);
                }
                out.set_timer(Timer::Vote);
                Ok(())
            }
            (Node::Rm { .. }, cmd @ Cmd::Commit) | (Node::Tm { .. }, cmd @ Cmd::Vote(_)) => {
                Err(wrong_role(&cmd))
            }
            (
                Node::Rm {
                    id,
                    status,
                    asked,
                    log,
                },
                Cmd::Vote(choice),
            ) => {
                self.setup
                    .check_vote(*id, *status == RmStatus::Working, *asked)?;
                self.vote(status, log, out, choice == Choice::Yes);
                Ok(())
            }
        }
    }

    fn commands(&self, node: &Node) -> Vec<Cmd> {
        match node {
            Node::Tm {
                status: TmStatus::Init,
                ..
            } => vec![Cmd::Commit],
            Node::Rm {
                status: RmStatus::Working,
                asked: true,
                ..
            } => vec![Cmd::Vote(Choice::Yes), Cmd::Vote(Choice::No)],
            _ => Vec::new(),
        }
    }

    /// The client's commit and a vote from each participant set to `ask`.
    fn default_command_budget(&self) -> u32 {
        1 + self.setup.asking()
    }

    fn monitor(&self) -> Monitor {
        Monitor::default()
    }

    fn observe(&self, monitor: &mut Monitor, step: &Observation<Self>) {
        properties::observe(monitor, step, self.setup.participants);
    }

    fn tag(&self, _sender: &Node, _monitor: &Monitor, _msg: &Msg) {}

    fn verdicts(&self, state: &State<Self>, network: &Network) -> Vec<Verdict> {
        let blame: BlameFor<Self> = |protocol, _, _| {
            let variant = variant_name(protocol.variant);
            (
                Blame::Algorithm,
                format!("The {variant} variant let the nodes decide differently."),
            )
        };
        properties::verdicts(
            self,
            state,
            network,
            state.monitor(),
            self.blocked(state),
            blame,
        )
    }

    /// Atomicity and validity hold whatever the network and the faults do; termination needs
    /// every crashed node to come back, which 2PC's blocking is all about.
    fn guaranteed(&self, property: &str, _network: &Network, faults: &Budgets) -> bool {
        property != properties::TERMINATION || faults.crashes <= faults.recoveries
    }

    /// An uncertain participant asks again on every timeout, and each request is answered with
    /// the outcome; a second identical request or outcome in flight on a channel changes nothing
    /// the first will not (a participant learns an outcome once).
    fn resend_collapses(&self, msg: &Msg) -> bool {
        matches!(msg, Msg::DecisionRequest | Msg::Commit | Msg::Abort)
    }

    fn node_state(&self, node: &Node) -> Value {
        match node {
            Node::Tm { status, votes, log } => json!({
                "role": "coordinator",
                "status": tm_status_name(*status),
                "votes": votes_json(votes),
                "log": log_texts(log),
            }),
            Node::Rm { status, log, .. } => json!({
                "role": "participant",
                "status": rm_status_name(*status),
                "locks": locks(matches!(status, RmStatus::Decided(_))),
                "log": log_texts(log),
            }),
        }
    }

    fn command_forms(&self, node: &Node) -> Vec<CommandForm> {
        match node {
            Node::Tm {
                status: TmStatus::Init,
                ..
            } => client_forms(),
            Node::Rm {
                status: RmStatus::Working,
                asked: true,
                ..
            } => vote_forms(),
            _ => Vec::new(),
        }
    }

    fn inspect(&self, node: &Node) -> Vec<Field> {
        match node {
            Node::Tm { status, votes, log } => vec![
                Field::new("status", tm_status_name(*status)),
                Field::new("role", "coordinator (TM)"),
                votes_field(votes),
                log_field(log),
            ],
            Node::Rm {
                id,
                status,
                asked,
                log,
            } => {
                let mut fields = vec![
                    Field::new("status", rm_status_name(*status)),
                    Field::new("role", "participant (RM)"),
                    Field::new("locks", locks(matches!(status, RmStatus::Decided(_)))),
                    Field::new("vote setting", self.setup.vote_of(*id).describe()),
                    log_field(log),
                ];
                if *asked && *status == RmStatus::Working {
                    fields.push(Field::new("waiting for", "your vote (yes or no)"));
                }
                fields
            }
        }
    }

    fn inspect_durable(&self, log: &Vec<LogEntry>) -> Vec<Field> {
        durable_fields(log)
    }

    fn message_payload(&self, msg: &Msg) -> Value {
        match msg {
            Msg::Prepare => json!("prepare"),
            Msg::Vote { yes } => json!({"vote": if *yes { "yes" } else { "no" }}),
            Msg::Commit => json!("commit"),
            Msg::Abort => json!("abort"),
            Msg::DecisionRequest => json!("decision-request"),
        }
    }

    fn message_label(&self, msg: &Msg) -> String {
        match msg {
            Msg::Prepare => "prepare".to_string(),
            Msg::Vote { yes: true } => "vote yes".to_string(),
            Msg::Vote { yes: false } => "vote no".to_string(),
            Msg::Commit => "commit".to_string(),
            Msg::Abort => "abort".to_string(),
            Msg::DecisionRequest => "outcome?".to_string(),
        }
    }

    fn message_kind(&self, msg: &Msg) -> &'static str {
        match msg {
            Msg::Prepare => "request",
            Msg::Vote { .. } => "vote",
            Msg::Commit | Msg::Abort => "decision",
            Msg::DecisionRequest => "inquiry",
        }
    }

    fn command_label(&self, cmd: &Cmd) -> String {
        cmd.label()
    }

    fn timer_label(&self, timer: &Timer) -> String {
        match timer {
            Timer::Vote => "vote timeout".to_string(),
            Timer::Prepare => "prepare timeout".to_string(),
            Timer::Decision => "decision timeout".to_string(),
        }
    }

    fn record_note(&self, record: &Record) -> String {
        record.note()
    }

    fn protocol_view(&self, world: &World<Self>) -> ProtocolView {
        ProtocolView {
            trees: Vec::new(),
            marks: Vec::new(),
            bands: Vec::new(),
            cuts: Vec::new(),
            tables: vec![transaction_table(world, |node| self.node_state(node))],
        }
    }
}

impl TwoPhaseCommit {
    /// The TM's decision once the votes allow one.
    fn decision_from(&self, votes: &BTreeMap<NodeId, bool>) -> Option<Outcome> {
        let n = self.setup.participants as usize;
        let yes = votes.values().filter(|v| **v).count();
        let no = votes.len() - yes;
        match self.variant {
            Variant::MajorityCommit if yes * 2 > n => Some(Outcome::Commit),
            Variant::MajorityCommit if no * 2 >= n => Some(Outcome::Abort),
            Variant::MajorityCommit => None,
            _ if no > 0 => Some(Outcome::Abort),
            _ if yes == n => Some(Outcome::Commit),
            _ => None,
        }
    }

    /// The commit point: log the outcome first, then tell every RM.
    fn tm_decide(
        &self,
        status: &mut TmStatus,
        log: &mut Vec<LogEntry>,
        out: &mut Out<Self>,
        outcome: Outcome,
    ) {
        log.push(LogEntry::Decided(outcome));
        *status = TmStatus::Decided(outcome);
        out.record(Record::Decided(outcome));
        out.cancel_timer(Timer::Vote);
        for rm in self.setup.rms() {
            out.send(rm, Msg::outcome(outcome));
        }
    }

    /// A yes vote is logged as prepared before it is sent; a no vote aborts at once.
    fn vote(&self, status: &mut RmStatus, log: &mut Vec<LogEntry>, out: &mut Out<Self>, yes: bool) {
        out.record(Record::Voted { yes });
        if yes {
            log.push(LogEntry::Prepared);
            *status = RmStatus::Prepared;
            out.send(TM, Msg::Vote { yes: true });
            out.set_timer(Timer::Decision);
        } else {
            rm_learn(status, log, out, Outcome::Abort);
            out.send(TM, Msg::Vote { yes: false });
        }
    }

    /// Termination protocol: ask the TM (and, cooperatively, every other RM), then wait again.
    fn ask_for_outcome(&self, me: NodeId, out: &mut Out<Self>) {
        out.send(TM, Msg::DecisionRequest);
        if self.setup.cooperative {
            for rm in self.setup.rms().filter(|rm| *rm != me) {
                out.send(rm, Msg::DecisionRequest);
            }
        }
        out.set_timer(Timer::Decision);
    }

    /// Why no run from here can decide until a crashed node recovers, if so: the TM is down,
    /// every undecided live RM is prepared, no outcome is on its way, and (cooperatively) no live
    /// RM could answer.
    fn blocked(&self, state: &State<Self>) -> Option<String> {
        if !state.is_crashed(TM) {
            return None;
        }
        let live: Vec<&Node> = self
            .setup
            .rms()
            .filter_map(|rm| match state.slot(rm) {
                NodeSlot::Up(node) => Some(node),
                NodeSlot::Down(_) => None,
            })
            .collect();
        let status = |node: &Node| match node {
            Node::Rm { status, .. } => Some(*status),
            Node::Tm { .. } => None,
        };
        let uncertain = live
            .iter()
            .filter(|n| status(n) == Some(RmStatus::Prepared))
            .count();
        let could_answer = live
            .iter()
            .any(|n| matches!(status(n), Some(RmStatus::Working | RmStatus::Decided(_))));
        let outcome_on_its_way = state
            .in_flight()
            .any(|(_, to, msg)| matches!(msg, Msg::Commit | Msg::Abort) && !state.is_crashed(to));
        let undecided_live = live.iter().filter(|n| n.decision().is_none()).count();
        if uncertain == 0 || uncertain != undecided_live || outcome_on_its_way {
            return None;
        }
        if !self.setup.cooperative {
            return Some(
                "every prepared participant is uncertain and the coordinator is down.".to_string(),
            );
        }
        if could_answer {
            return None;
        }
        Some("every live participant is prepared and uncertain, and the coordinator is down: asking each other cannot help.".to_string())
    }
}

/// Decisions are final: an RM learns an outcome only while undecided.
fn rm_learn(
    status: &mut RmStatus,
    log: &mut Vec<LogEntry>,
    out: &mut Out<TwoPhaseCommit>,
    outcome: Outcome,
) {
    if matches!(status, RmStatus::Decided(_)) {
        return;
    }
    log.push(LogEntry::Decided(outcome));
    *status = RmStatus::Decided(outcome);
    out.record(Record::Decided(outcome));
    out.cancel_timer(Timer::Prepare);
    out.cancel_timer(Timer::Decision);
}

fn variant_name(variant: Variant) -> &'static str {
    match variant {
        Variant::Correct => "correct",
        Variant::MajorityCommit => "majority-commit",
        Variant::ForgetfulParticipant => "forgetful-participant",
    }
}

fn tm_status_name(status: TmStatus) -> &'static str {
    match status {
        TmStatus::Init => "init",
        TmStatus::Collecting => "collecting",
        TmStatus::Decided(Outcome::Commit) => "committed",
        TmStatus::Decided(Outcome::Abort) => "aborted",
    }
}

fn rm_status_name(status: RmStatus) -> &'static str {
    match status {
        RmStatus::Working => "working",
        RmStatus::Prepared => "prepared",
        RmStatus::Decided(Outcome::Commit) => "committed",
        RmStatus::Decided(Outcome::Abort) => "aborted",
    }
}
