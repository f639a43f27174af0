//! Three-phase commit.
//!
//! 1. **Voting phase** (as in two-phase commit). On the client's `commit`, the coordinator (TM)
//!    sends *prepare* to every participant (RM) in ascending order and starts its vote timer. An
//!    RM voting yes first logs *prepared*, then votes; one voting no logs *abort*, aborts and
//!    votes no. A working RM whose prepare never comes may time out and abort on its own.
//! 2. **Pre-commit phase.** On a no vote, or when its vote timer fires, the TM logs *abort* and
//!    sends abort. When every vote is yes it logs *pre-commit*, sends pre-commit to every RM and
//!    starts its ack timer. An RM logs *pre-committed* and acknowledges: it now knows that
//!    everyone voted yes, so no participant may abort any more.
//! 3. **Commit phase.** When every RM has acknowledged, or the ack timer fires, the TM logs
//!    *commit* and sends commit. An RM logs the outcome and releases its locks. Decisions are
//!    final: a node learns an outcome only while undecided, and any undecided node told an
//!    outcome (the TM included) adopts it.
//! 4. **Termination protocol.** A prepared or pre-committed RM whose decision timer fires
//!    suspects the TM and stands as the new coordinator: it asks every other RM for its state
//!    and starts its collect timer. An RM asked by a lower id (or by anyone while it is not
//!    standing itself) defers to the asker, answers with its state and restarts its decision
//!    timer; a candidate asked by a higher id ignores the question, since that candidate will
//!    defer on hearing from it. So of the RMs that time out together, the lowest id coordinates;
//!    an RM that has not timed out yet answers rather than competes. An RM that has not voted
//!    aborts before it answers (it still may), so the TM can no longer collect a yes from it.
//!    When the collect timer fires the candidate decides on the states it holds, its own
//!    included: any committed → commit; any aborted → abort; any pre-committed → pre-commit
//!    itself and every RM that answered *prepared*, wait for their acks (or its ack timer), then
//!    commit; all merely prepared → abort. It announces the outcome to every other node.
//! 5. **Recovery.** A TM with a logged outcome re-sends it; a TM with neither outcome nor
//!    pre-commit logs abort and sends it (no participant can have pre-committed, so none can
//!    have committed). An RM with no prepared record aborts. An RM recovering prepared or
//!    pre-committed stays uncertain, holding its locks: it asks every node for the outcome and
//!    asks again each time its decision timer fires. It answers state requests but never stands
//!    as coordinator, because while it was down a pre-commit may have reached the others and a
//!    commit may even have followed: alone it would abort a committed transaction. (The flawed
//!    `eager-recovery` variant forgets this.)
//!
//! **A TM recovering with pre-commit but no outcome asks the participants**, as Skeen (and
//! Bernstein et al.) have a recovering site do: it may have failed between logging pre-commit and
//! sending it (a crash mid-send), leaving everyone else merely prepared, and the termination
//! protocol then aborts; a TM that resumed phase 2 would commit against that abort. Asking blocks
//! after a total failure, when every RM recovered uncertain and nobody is left who knows: 3PC's
//! known limit.
//!
//! **Why 3PC does not block, and when it errs.** No state from which a node may commit sits
//! next to one from which another may abort: once anyone pre-commits, every RM that stays up is
//! pre-committed by the time any timer fires, so a candidate that finds itself merely prepared
//! knows nobody pre-committed, and the RMs that have not voted abort when asked. This holds only
//! if a timeout means a crash: under synchronous timing without partitions. Under async timing a
//! premature timeout, and under a partition a message held back, lets one side commit on a
//! pre-committed state while the other aborts on prepared ones; the atomicity verdict then
//! blames that broken assumption, naming the first timeout that fired while a message was still
//! on its way to a node that was up (or a dropped message). The live RMs are blocked only when the TM is down and every
//! one of them recovered uncertain (a total failure): they wait for a node that knows.
//!
//! The `cooperative` setting is accepted for symmetry with two-phase commit and ignored: 3PC
//! always runs its termination protocol.
//!
//! Source: Skeen, "Nonblocking Commit Protocols" (SIGMOD 1981); Bernstein, Hadzilacos and
//! Goodman, *Concurrency Control and Recovery in Database Systems* (1987), section 7.5.

use std::collections::{BTreeMap, BTreeSet};

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
    /// Flawed: a participant recovering uncertain runs the termination protocol itself.
    EagerRecovery,
}

#[derive(Clone, Debug)]
pub struct ThreePhaseCommit {
    setup: Setup,
    variant: Variant,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, PartialOrd, Ord)]
pub enum Msg {
    Prepare,
    Vote {
        yes: bool,
    },
    PreCommit,
    Ack,
    Commit,
    Abort,
    /// A candidate coordinator asks a participant for its state.
    StateRequest,
    /// A participant's answer to a state request.
    StateReport(RmStatus),
    /// A recovering participant asks for the outcome.
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
    /// A coordinator (the TM, or a participant that took over) stops waiting for acks.
    Ack,
    /// A working RM stops waiting for prepare.
    Prepare,
    /// An uncertain RM stops waiting for the outcome.
    Decision,
    /// A candidate coordinator stops waiting for states.
    Collect,
}

#[derive(Clone, Copy, Debug, Hash, PartialEq, Eq, PartialOrd, Ord)]
pub enum TmStatus {
    Init,
    Collecting,
    PreCommitting,
    /// Recovered with pre-commit logged but no outcome: it asks the participants.
    Uncertain,
    Decided(Outcome),
}

#[derive(Clone, Copy, Debug, Hash, PartialEq, Eq, PartialOrd, Ord)]
pub enum RmStatus {
    Working,
    Prepared,
    PreCommitted,
    Decided(Outcome),
}

/// A participant's part in the termination protocol.
#[derive(Clone, Debug, Hash, PartialEq, Eq, PartialOrd, Ord)]
pub enum Termination {
    Idle,
    /// It answered this participant's state request and waits for its outcome.
    Following(NodeId),
    /// It stands as the new coordinator, collecting the others' states.
    Candidate(BTreeMap<NodeId, RmStatus>),
    /// As the new coordinator it pre-committed these participants and waits for their acks.
    PreCommitting(BTreeSet<NodeId>),
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, PartialOrd, Ord)]
pub struct Coordinator {
    status: TmStatus,
    votes: BTreeMap<NodeId, bool>,
    acks: BTreeSet<NodeId>,
    log: Vec<LogEntry>,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, PartialOrd, Ord)]
pub struct Participant {
    id: NodeId,
    status: RmStatus,
    /// Prepare arrived and the vote waits for the user (vote setting `ask`).
    asked: bool,
    /// It recovered from a crash without an outcome: it may have missed a pre-commit while down,
    /// so it never stands as coordinator.
    recovered: bool,
    termination: Termination,
    log: Vec<LogEntry>,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, PartialOrd, Ord)]
pub enum Node {
    Tm(Coordinator),
    Rm(Participant),
}

impl Decides for Node {
    fn decision(&self) -> Option<Outcome> {
        match self {
            Node::Tm(Coordinator {
                status: TmStatus::Decided(outcome),
                ..
            })
            | Node::Rm(Participant {
                status: RmStatus::Decided(outcome),
                ..
            }) => Some(*outcome),
            _ => None,
        }
    }
}

impl Protocol for ThreePhaseCommit {
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

    const NAME: &'static str = "three-phase-commit";
    const SUMMARY: &'static str = "Commit a transaction at every participant or at none without blocking on a coordinator crash: a pre-commit round lets the participants finish on their own, provided timeouts are accurate and the network never splits.";
    const VARIANTS: &'static [VariantInfo] = &[
        VariantInfo {
            name: "correct",
            summary: "Three-phase commit with its termination protocol, as in Skeen (1981).",
            flawed: false,
        },
        VariantInfo {
            name: "eager-recovery",
            summary: "Flawed: a participant that recovers uncertain runs the termination protocol itself, though it may have missed a pre-commit while down, and may abort what the others committed.",
            flawed: true,
        },
    ];
    const SETTINGS: &'static [Setting] = super::VOTING_SETTINGS;
    const PROPERTIES: &'static [PropertyInfo] = properties::PROPERTIES;

    fn new(params: Params<Variant>) -> Result<ThreePhaseCommit, String> {
        Ok(ThreePhaseCommit {
            setup: Setup::new(&params)?,
            variant: params.variant,
        })
    }

    fn node_count(&self) -> NodeId {
        self.setup.participants + 1
    }

    /// 3PC assumes accurate timeouts: synchronous timing unless a scenario says otherwise.
    fn default_network(&self) -> Network {
        Network {
            channels: Channels::Unordered,
            timing: Timing::Sync,
        }
    }

    fn init(&self, id: NodeId) -> Node {
        if id == TM {
            return Node::Tm(Coordinator {
                status: TmStatus::Init,
                votes: BTreeMap::new(),
                acks: BTreeSet::new(),
                log: Vec::new(),
            });
        }
        Node::Rm(Participant {
            id,
            status: RmStatus::Working,
            asked: false,
            recovered: false,
            termination: Termination::Idle,
            log: Vec::new(),
        })
    }

    fn initial_timers(&self, node: NodeId) -> Vec<(Timer, u32)> {
        if node == TM {
            return Vec::new();
        }
        vec![(Timer::Prepare, 0)]
    }

    fn durable(&self, node: &Node) -> Vec<LogEntry> {
        match node {
            Node::Tm(tm) => tm.log.clone(),
            Node::Rm(rm) => rm.log.clone(),
        }
    }

    fn recover(&self, id: NodeId, log: Vec<LogEntry>, out: &mut Out<Self>) -> Node {
        let mut node = self.init(id);
        match &mut node {
            Node::Tm(tm) => {
                tm.log = log;
                match logged_outcome(&tm.log) {
                    // Recovery rule: re-send a logged outcome.
                    Some(outcome) => {
                        tm.status = TmStatus::Decided(outcome);
                        self.tell_participants(out, outcome);
                    }
                    // Recovery rule: every vote was yes, but the participants may have run the
                    // termination protocol without it (and aborted, had it crashed before its
                    // pre-commits left): ask them, and never decide alone.
                    None if tm.log.contains(&LogEntry::PreCommitted) => {
                        tm.status = TmStatus::Uncertain;
                        out.record(Record::Uncertain);
                        ask_for_outcome(out);
                    }
                    // Recovery rule: nobody pre-committed, so nobody committed: abort.
                    None => self.tm_decide(tm, out, Outcome::Abort),
                }
            }
            Node::Rm(rm) => {
                rm.log = log;
                match logged_outcome(&rm.log) {
                    Some(outcome) => rm.status = RmStatus::Decided(outcome),
                    // Recovery rule: uncertain; ask, and never stand as coordinator.
                    None if rm.log.contains(&LogEntry::Prepared) => {
                        rm.status = if rm.log.contains(&LogEntry::PreCommitted) {
                            RmStatus::PreCommitted
                        } else {
                            RmStatus::Prepared
                        };
                        rm.recovered = self.variant != Variant::EagerRecovery;
                        out.record(Record::Uncertain);
                        ask_for_outcome(out);
                    }
                    // Recovery rule: it never voted yes, so it may abort on its own.
                    None => rm_learn(rm, out, Outcome::Abort),
                }
            }
        }
        node
    }

    fn on_message(&self, node: &mut Node, out: &mut Out<Self>, from: NodeId, msg: Msg) {
        match node {
            Node::Tm(tm) => self.tm_message(tm, out, from, msg),
            Node::Rm(rm) => self.rm_message(rm, out, from, msg),
        }
    }

    fn on_timer(&self, node: &mut Node, out: &mut Out<Self>, timer: Timer) {
        match (node, timer) {
            // No all-yes by the deadline: abort.
            (Node::Tm(tm), Timer::Vote) if tm.status == TmStatus::Collecting => {
                self.tm_decide(tm, out, Outcome::Abort);
            }
            // Every participant that is up has pre-committed: commit.
            (Node::Tm(tm), Timer::Ack) if tm.status == TmStatus::PreCommitting => {
                self.tm_decide(tm, out, Outcome::Commit);
            }
            // Uncertain after a recovery: ask again.
            (Node::Tm(tm), Timer::Decision) if tm.status == TmStatus::Uncertain => {
                ask_for_outcome(out);
            }
            // Prepare never came: abort unilaterally.
            (Node::Rm(rm), Timer::Prepare) if rm.status == RmStatus::Working => {
                rm_learn(rm, out, Outcome::Abort);
            }
            // Uncertain after a recovery: ask again.
            (Node::Rm(rm), Timer::Decision) if rm.recovered && uncertain(rm.status) => {
                ask_for_outcome(out);
            }
            // Termination protocol: the coordinator seems down; stand as the new one.
            (Node::Rm(rm), Timer::Decision) if uncertain(rm.status) => self.stand(rm, out),
            // Termination protocol: decide on the states collected.
            (Node::Rm(rm), Timer::Collect) => self.conclude(rm, out),
            // Termination protocol: every participant that is up has pre-committed: commit.
            (Node::Rm(rm), Timer::Ack)
                if matches!(rm.termination, Termination::PreCommitting(_)) =>
            {
                announce(rm, out, Outcome::Commit);
            }
            _ => {}
        }
    }

    fn on_command(&self, node: &mut Node, out: &mut Out<Self>, cmd: Cmd) -> Result<(), String> {
        match (node, cmd) {
            (Node::Tm(tm), Cmd::Commit) => {
                if tm.status != TmStatus::Init {
                    return Err("the transaction has already started".to_string());
                }
                // Voting phase begins.
                tm.status = TmStatus::Collecting;
                out.record(Record::Started);
                for rm in self.setup.rms() {
                    out.send(rm, Msg::Prepare);
                }
                out.set_timer(Timer::Vote);
                Ok(())
            }
            (Node::Rm(rm), Cmd::Vote(choice)) => {
                self.setup
                    .check_vote(rm.id, rm.status == RmStatus::Working, rm.asked)?;
                vote(rm, out, choice == Choice::Yes);
                Ok(())
            }
            (_, cmd) => Err(wrong_role(&cmd)),
        }
    }

    fn commands(&self, node: &Node) -> Vec<Cmd> {
        match node {
            Node::Tm(tm) if tm.status == TmStatus::Init => vec![Cmd::Commit],
            Node::Rm(rm) if rm.status == RmStatus::Working && rm.asked => {
                vec![Cmd::Vote(Choice::Yes), Cmd::Vote(Choice::No)]
            }
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
        let blame: BlameFor<Self> = blame;
        properties::verdicts(
            self,
            state,
            network,
            state.monitor(),
            self.blocked(state),
            blame,
        )
    }

    /// 3PC is safe and non-blocking only when a timeout means a crash: synchronous timing, no
    /// lost messages and no partitions. Recovered participants that are uncertain wait for the
    /// others, so termination also needs every crashed node back, or none to come back.
    fn guaranteed(&self, property: &str, network: &Network, faults: &Budgets) -> bool {
        let accurate =
            network.timing == Timing::Sync && faults.drops == 0 && faults.partitions == 0;
        match property {
            properties::VALIDITY => true,
            properties::TERMINATION => {
                accurate && (faults.recoveries == 0 || faults.crashes <= faults.recoveries)
            }
            _ => accurate,
        }
    }

    /// Requests are re-sent on every timeout and each is answered; a second identical request,
    /// state report or outcome in flight on a channel changes nothing the first will not.
    fn resend_collapses(&self, msg: &Msg) -> bool {
        matches!(
            msg,
            Msg::DecisionRequest
                | Msg::StateRequest
                | Msg::StateReport(_)
                | Msg::Commit
                | Msg::Abort
        )
    }

    fn node_state(&self, node: &Node) -> Value {
        match node {
            Node::Tm(tm) => json!({
                "role": "coordinator",
                "status": tm_status_name(tm.status),
                "votes": votes_json(&tm.votes),
                "acks": tm.acks,
                "log": log_texts(&tm.log),
            }),
            Node::Rm(rm) => json!({
                "role": "participant",
                "status": rm_status_name(rm.status),
                "locks": locks(matches!(rm.status, RmStatus::Decided(_))),
                "termination": termination_text(rm),
                "log": log_texts(&rm.log),
            }),
        }
    }

    fn command_forms(&self, node: &Node) -> Vec<CommandForm> {
        match node {
            Node::Tm(tm) if tm.status == TmStatus::Init => client_forms(),
            Node::Rm(rm) if rm.status == RmStatus::Working && rm.asked => vote_forms(),
            _ => Vec::new(),
        }
    }

    fn inspect(&self, node: &Node) -> Vec<Field> {
        match node {
            Node::Tm(tm) => vec![
                Field::new("status", tm_status_name(tm.status)),
                Field::new("role", "coordinator (TM)"),
                votes_field(&tm.votes),
                Field::new("acks received", node_list(&tm.acks)),
                log_field(&tm.log),
            ],
            Node::Rm(rm) => {
                let mut fields = vec![
                    Field::new("status", rm_status_name(rm.status)),
                    Field::new("role", "participant (RM)"),
                    Field::new("locks", locks(matches!(rm.status, RmStatus::Decided(_)))),
                    Field::new("vote setting", self.setup.vote_of(rm.id).describe()),
                ];
                if let Some(text) = termination_text(rm) {
                    fields.push(Field::new("termination", text));
                }
                fields.push(log_field(&rm.log));
                if rm.asked && rm.status == RmStatus::Working {
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
            Msg::PreCommit => json!("pre-commit"),
            Msg::Ack => json!("ack"),
            Msg::Commit => json!("commit"),
            Msg::Abort => json!("abort"),
            Msg::StateRequest => json!("state-request"),
            Msg::StateReport(state) => json!({"state": rm_status_name(*state)}),
            Msg::DecisionRequest => json!("decision-request"),
        }
    }

    fn message_label(&self, msg: &Msg) -> String {
        match msg {
            Msg::Prepare => "prepare".to_string(),
            Msg::Vote { yes: true } => "vote yes".to_string(),
            Msg::Vote { yes: false } => "vote no".to_string(),
            Msg::PreCommit => "pre-commit".to_string(),
            Msg::Ack => "ack".to_string(),
            Msg::Commit => "commit".to_string(),
            Msg::Abort => "abort".to_string(),
            Msg::StateRequest => "state?".to_string(),
            Msg::StateReport(state) => format!("state: {}", rm_status_name(*state)),
            Msg::DecisionRequest => "outcome?".to_string(),
        }
    }

    fn message_kind(&self, msg: &Msg) -> &'static str {
        match msg {
            Msg::Prepare | Msg::PreCommit => "request",
            Msg::Vote { .. } | Msg::Ack => "vote",
            Msg::Commit | Msg::Abort => "decision",
            Msg::StateRequest | Msg::DecisionRequest => "inquiry",
            Msg::StateReport(_) => "report",
        }
    }

    fn command_label(&self, cmd: &Cmd) -> String {
        cmd.label()
    }

    fn timer_label(&self, timer: &Timer) -> String {
        match timer {
            Timer::Vote => "vote timeout",
            Timer::Ack => "ack timeout",
            Timer::Prepare => "prepare timeout",
            Timer::Decision => "decision timeout",
            Timer::Collect => "state collection timeout",
        }
        .to_string()
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

impl ThreePhaseCommit {
    fn tm_message(&self, tm: &mut Coordinator, out: &mut Out<Self>, from: NodeId, msg: Msg) {
        match msg {
            // Voting phase: a no aborts; the last yes starts the pre-commit phase, logged first.
            Msg::Vote { yes } if tm.status == TmStatus::Collecting => {
                tm.votes.insert(from, yes);
                if !yes {
                    self.tm_decide(tm, out, Outcome::Abort);
                } else if self.setup.rms().all(|rm| tm.votes.get(&rm) == Some(&true)) {
                    tm.log.push(LogEntry::PreCommitted);
                    out.record(Record::PreCommitted);
                    out.cancel_timer(Timer::Vote);
                    self.tm_pre_commit(tm, out);
                }
            }
            // Pre-commit phase: once every participant has acknowledged, commit.
            Msg::Ack if tm.status == TmStatus::PreCommitting => {
                tm.acks.insert(from);
                if self.setup.rms().all(|rm| tm.acks.contains(&rm)) {
                    self.tm_decide(tm, out, Outcome::Commit);
                }
            }
            // A participant that took over (or learnt the outcome) tells it: adopt it.
            Msg::Commit => tm_learn(tm, out, Outcome::Commit),
            Msg::Abort => tm_learn(tm, out, Outcome::Abort),
            // A late vote or a question after the decision: answer with the outcome.
            Msg::Vote { .. } | Msg::DecisionRequest => {
                if let TmStatus::Decided(outcome) = tm.status {
                    out.send(from, Msg::outcome(outcome));
                }
            }
            Msg::Ack | Msg::Prepare | Msg::PreCommit | Msg::StateRequest | Msg::StateReport(_) => {}
        }
    }

    /// Pre-commit phase: tell every participant that everyone voted yes, then wait for acks.
    fn tm_pre_commit(&self, tm: &mut Coordinator, out: &mut Out<Self>) {
        tm.status = TmStatus::PreCommitting;
        tm.acks.clear();
        for rm in self.setup.rms() {
            out.send(rm, Msg::PreCommit);
        }
        out.set_timer(Timer::Ack);
    }

    /// The decision point: log the outcome first, then tell every participant.
    fn tm_decide(&self, tm: &mut Coordinator, out: &mut Out<Self>, outcome: Outcome) {
        tm_learn(tm, out, outcome);
        self.tell_participants(out, outcome);
    }

    fn tell_participants(&self, out: &mut Out<Self>, outcome: Outcome) {
        for rm in self.setup.rms() {
            out.send(rm, Msg::outcome(outcome));
        }
    }

    fn rm_message(&self, rm: &mut Participant, out: &mut Out<Self>, from: NodeId, msg: Msg) {
        match msg {
            // Voting phase: vote as the params say, or wait for the user.
            Msg::Prepare => match rm.status {
                RmStatus::Working => {
                    out.cancel_timer(Timer::Prepare);
                    match self.setup.vote_of(rm.id) {
                        VoteSetting::Yes => vote(rm, out, true),
                        VoteSetting::No => vote(rm, out, false),
                        VoteSetting::Ask => rm.asked = true,
                    }
                }
                RmStatus::Prepared | RmStatus::PreCommitted => {
                    out.send(TM, Msg::Vote { yes: true })
                }
                RmStatus::Decided(Outcome::Abort) => out.send(TM, Msg::Vote { yes: false }),
                RmStatus::Decided(Outcome::Commit) => {}
            },
            // Pre-commit phase: log pre-committed, acknowledge, wait for the outcome.
            Msg::PreCommit => match rm.status {
                RmStatus::Prepared | RmStatus::PreCommitted => {
                    pre_commit(rm, out);
                    out.send(from, Msg::Ack);
                    if matches!(
                        rm.termination,
                        Termination::Idle | Termination::Following(_)
                    ) {
                        out.set_timer(Timer::Decision);
                    }
                }
                RmStatus::Decided(outcome) => out.send(from, Msg::outcome(outcome)),
                RmStatus::Working => {}
            },
            // Commit phase: log the outcome, release the locks.
            Msg::Commit => rm_learn(rm, out, Outcome::Commit),
            Msg::Abort => rm_learn(rm, out, Outcome::Abort),
            Msg::StateRequest => self.answer_state_request(rm, out, from),
            // Termination protocol: the candidate collects the answers.
            Msg::StateReport(state) => {
                if let Termination::Candidate(states) = &mut rm.termination {
                    states.insert(from, state);
                }
            }
            // Termination protocol: the new coordinator commits once all it pre-committed ack.
            Msg::Ack => {
                if let Termination::PreCommitting(waiting) = &mut rm.termination {
                    waiting.remove(&from);
                    if waiting.is_empty() {
                        announce(rm, out, Outcome::Commit);
                    }
                }
            }
            // A recovering node asks: answer once decided.
            Msg::DecisionRequest => {
                if let RmStatus::Decided(outcome) = rm.status {
                    out.send(from, Msg::outcome(outcome));
                }
            }
            Msg::Vote { .. } => {}
        }
    }

    /// Termination protocol: answer a candidate with this participant's state, deferring to it
    /// unless this one is a lower candidate (then the asker defers), is already committing as a
    /// coordinator, or recovered (and so never coordinates nor follows).
    fn answer_state_request(&self, rm: &mut Participant, out: &mut Out<Self>, from: NodeId) {
        match rm.status {
            RmStatus::Decided(_) => {}
            // Not yet voted: it may still abort on its own, and does, so the TM cannot commit.
            RmStatus::Working => rm_learn(rm, out, Outcome::Abort),
            RmStatus::Prepared | RmStatus::PreCommitted => match rm.termination {
                Termination::Candidate(_) if from > rm.id => return,
                Termination::PreCommitting(_) => {}
                _ if rm.recovered => {}
                _ => {
                    if matches!(rm.termination, Termination::Candidate(_)) {
                        out.cancel_timer(Timer::Collect);
                    }
                    rm.termination = Termination::Following(from);
                    out.record(Record::Deferred(from));
                    out.set_timer(Timer::Decision);
                }
            },
        }
        out.send(from, Msg::StateReport(rm.status));
    }

    /// Termination protocol: suspect the coordinator and ask every other participant's state.
    fn stand(&self, rm: &mut Participant, out: &mut Out<Self>) {
        rm.termination = Termination::Candidate(BTreeMap::new());
        out.record(Record::Candidate);
        for other in self.setup.rms().filter(|other| *other != rm.id) {
            out.send(other, Msg::StateRequest);
        }
        out.set_timer(Timer::Collect);
    }

    /// Termination protocol: the decision rule, applied to the states collected and its own.
    fn conclude(&self, rm: &mut Participant, out: &mut Out<Self>) {
        let Termination::Candidate(reports) =
            std::mem::replace(&mut rm.termination, Termination::Idle)
        else {
            return;
        };
        let own = rm.status;
        let any = |state: RmStatus| own == state || reports.values().any(|s| *s == state);
        if any(RmStatus::Decided(Outcome::Commit)) {
            announce(rm, out, Outcome::Commit);
        } else if any(RmStatus::Decided(Outcome::Abort)) {
            announce(rm, out, Outcome::Abort);
        } else if any(RmStatus::PreCommitted) {
            pre_commit(rm, out);
            let rest: BTreeSet<NodeId> = reports
                .iter()
                .filter(|(_, state)| **state == RmStatus::Prepared)
                .map(|(node, _)| *node)
                .collect();
            if rest.is_empty() {
                announce(rm, out, Outcome::Commit);
                return;
            }
            out.record(Record::PreCommitsOthers);
            for node in &rest {
                out.send(*node, Msg::PreCommit);
            }
            rm.termination = Termination::PreCommitting(rest);
            out.set_timer(Timer::Ack);
        } else {
            announce(rm, out, Outcome::Abort);
        }
    }

    /// Why no run from here can decide (until a crashed node recovers), if so: the TM is down or
    /// recovered uncertain, every live participant recovered uncertain (so none may run the
    /// termination protocol), and no outcome is on its way to one of them.
    fn blocked(&self, state: &State<Self>) -> Option<String> {
        let tm_uncertain = match state.slot(TM) {
            NodeSlot::Up(Node::Tm(tm)) => tm.status == TmStatus::Uncertain,
            _ => false,
        };
        if !state.is_crashed(TM) && !tm_uncertain {
            return None;
        }
        let live: Vec<&Participant> = self
            .setup
            .rms()
            .filter_map(|rm| match state.slot(rm) {
                NodeSlot::Up(Node::Rm(rm)) => Some(rm),
                _ => None,
            })
            .collect();
        let stuck = |rm: &&Participant| rm.recovered && uncertain(rm.status);
        let told = state
            .in_flight()
            .any(|(_, to, msg)| matches!(msg, Msg::Commit | Msg::Abort) && !state.is_crashed(to));
        if (live.is_empty() && !tm_uncertain) || !live.iter().all(stuck) || told {
            return None;
        }
        let ids: BTreeSet<NodeId> = live.iter().map(|rm| rm.id).collect();
        Some(match tm_uncertain {
            false => format!(
                "the coordinator is down and every live participant (node(s) {}) recovered uncertain: each may have missed a pre-commit while down, so none may run the termination protocol.",
                node_list(&ids)
            ),
            true => format!(
                "the coordinator recovered uncertain (its pre-commit may never have left it) and so did every live participant (node(s) {}): none knows the outcome and none may decide alone. Three-phase commit blocks after a total failure.",
                node_list(&ids)
            ),
        })
    }
}

/// Who is to blame when the nodes decide differently: a broken assumption when a timeout
/// fired while a message was still on its way, or a message was dropped; otherwise the
/// variant.
fn blame(
    protocol: &ThreePhaseCommit,
    state: &State<ThreePhaseCommit>,
    network: &Network,
) -> (Blame, String) {
    let assumptions = state.assumptions();
    if let Some(early) = assumptions.early_timeout.get() {
        let message = format!(
            "message {} ({}→{}, {})",
            early.waiting.id, early.waiting.from, early.waiting.to, early.waiting.label
        );
        let what = match network.timing {
            Timing::Async => {
                format!(
                    "while {message} was still in flight: a premature timeout under async timing"
                )
            }
            Timing::Sync => format!("while a partition held back {message}"),
        };
        return (
            Blame::Assumption,
            format!(
                "3PC assumes a synchronous network without partitions: at step {} node {}'s {} (timer {}) fired {what}, so it did not mean a crash.",
                early.step, early.node, early.label, early.timer
            ),
        );
    }
    if let Some((m, step)) = assumptions.dropped.get() {
        return (
            Blame::Assumption,
            format!(
                "3PC assumes reliable channels: message {} ({}→{}, {}) was dropped at step {step}.",
                m.id, m.from, m.to, m.label
            ),
        );
    }
    let why = match protocol.variant {
        Variant::Correct => "Three-phase commit let the nodes decide differently though every timeout was accurate.",
        Variant::EagerRecovery => "The eager-recovery variant let a participant that had been down, and may have missed a pre-commit, decide on its own.",
    };
    (Blame::Algorithm, why.to_string())
}

fn uncertain(status: RmStatus) -> bool {
    matches!(status, RmStatus::Prepared | RmStatus::PreCommitted)
}

/// A yes vote is logged as prepared before it is sent; a no vote aborts at once.
fn vote(rm: &mut Participant, out: &mut Out<ThreePhaseCommit>, yes: bool) {
    out.record(Record::Voted { yes });
    if yes {
        rm.log.push(LogEntry::Prepared);
        rm.status = RmStatus::Prepared;
        out.send(TM, Msg::Vote { yes: true });
        out.set_timer(Timer::Decision);
    } else {
        rm_learn(rm, out, Outcome::Abort);
        out.send(TM, Msg::Vote { yes: false });
    }
}

/// A prepared participant logs pre-committed: everyone voted yes, so it will never abort.
fn pre_commit(rm: &mut Participant, out: &mut Out<ThreePhaseCommit>) {
    if rm.status == RmStatus::Prepared {
        rm.log.push(LogEntry::PreCommitted);
        rm.status = RmStatus::PreCommitted;
        out.record(Record::PreCommitted);
    }
}

/// An uncertain participant that recovered asks every node for the outcome, then waits.
fn ask_for_outcome(out: &mut Out<ThreePhaseCommit>) {
    out.broadcast(Msg::DecisionRequest);
    out.set_timer(Timer::Decision);
}

/// The new coordinator decides, then tells every other node.
fn announce(rm: &mut Participant, out: &mut Out<ThreePhaseCommit>, outcome: Outcome) {
    rm_learn(rm, out, outcome);
    out.broadcast(Msg::outcome(outcome));
}

/// Decisions are final: a participant learns an outcome only while undecided.
fn rm_learn(rm: &mut Participant, out: &mut Out<ThreePhaseCommit>, outcome: Outcome) {
    if matches!(rm.status, RmStatus::Decided(_)) {
        return;
    }
    rm.log.push(LogEntry::Decided(outcome));
    rm.status = RmStatus::Decided(outcome);
    rm.termination = Termination::Idle;
    out.record(Record::Decided(outcome));
    for timer in [Timer::Prepare, Timer::Decision, Timer::Collect, Timer::Ack] {
        out.cancel_timer(timer);
    }
}

/// Decisions are final: the coordinator learns an outcome only while undecided.
fn tm_learn(tm: &mut Coordinator, out: &mut Out<ThreePhaseCommit>, outcome: Outcome) {
    if matches!(tm.status, TmStatus::Decided(_)) {
        return;
    }
    tm.log.push(LogEntry::Decided(outcome));
    tm.status = TmStatus::Decided(outcome);
    out.record(Record::Decided(outcome));
    out.cancel_timer(Timer::Vote);
    out.cancel_timer(Timer::Ack);
    out.cancel_timer(Timer::Decision);
}

fn termination_text(rm: &Participant) -> Option<String> {
    if matches!(rm.status, RmStatus::Decided(_)) {
        return None;
    }
    match &rm.termination {
        Termination::Idle if rm.recovered => {
            Some("recovered uncertain: asks for the outcome, never coordinates".to_string())
        }
        Termination::Idle => None,
        Termination::Following(node) => Some(format!("following node {node}")),
        Termination::Candidate(states) => {
            let states: Vec<String> = states
                .iter()
                .map(|(node, state)| format!("{node}: {}", rm_status_name(*state)))
                .collect();
            Some(format!(
                "candidate coordinator; states received: {}",
                if states.is_empty() {
                    "none yet".to_string()
                } else {
                    states.join(", ")
                }
            ))
        }
        Termination::PreCommitting(waiting) => Some(format!(
            "new coordinator; waiting for acks from {}",
            node_list(waiting)
        )),
    }
}

fn node_list(nodes: &BTreeSet<NodeId>) -> String {
    if nodes.is_empty() {
        return "none".to_string();
    }
    nodes
        .iter()
        .map(|n| n.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

fn tm_status_name(status: TmStatus) -> &'static str {
    match status {
        TmStatus::Init => "init",
        TmStatus::Collecting => "collecting",
        TmStatus::PreCommitting => "pre-committing",
        TmStatus::Uncertain => "uncertain",
        TmStatus::Decided(Outcome::Commit) => "committed",
        TmStatus::Decided(Outcome::Abort) => "aborted",
    }
}

fn rm_status_name(status: RmStatus) -> &'static str {
    match status {
        RmStatus::Working => "working",
        RmStatus::Prepared => "prepared",
        RmStatus::PreCommitted => "pre-committed",
        RmStatus::Decided(Outcome::Commit) => "committed",
        RmStatus::Decided(Outcome::Abort) => "aborted",
    }
}
