//! Paxos Commit (Gray and Lamport, "Consensus on Transaction Commit", 2006): atomic commit with
//! one Paxos instance per participant deciding its vote, so a transaction never blocks while at
//! most `f` of the 2f+1 acceptors are down, whoever else crashes.
//!
//! Nodes: the leader (node 0), the participants (resource managers, nodes 1..=n), the acceptors
//! (the next 2f+1 nodes).
//! - **Begin.** On the client's `commit` the leader sends prepare to every participant.
//! - **Vote (phase 2a of ballot 0).** A participant votes by sending its instance's phase 2a
//!   message, ballot 0, value Prepared (it logs prepared first) or Aborted (it aborts), straight
//!   to the acceptors: ballot 0 of each instance belongs to its participant, so no phase 1 is
//!   needed.
//! - **Phase 2b.** An acceptor accepts unless it promised a higher ballot and tells the leader.
//! - **Decide.** Once f+1 acceptors accepted every instance, the leader commits iff every
//!   instance chose Prepared (it aborts at the first instance that chose Aborted), logs the
//!   outcome and tells the participants.
//! - **Recovery of progress.** A coordinator whose timer fires (the leader missing votes, a
//!   prepared participant missing the outcome) runs phase 1 of a higher ballot for every
//!   instance at once; with promises from f+1 acceptors it proposes, per instance, the value of
//!   the highest-ballot acceptance reported, or Aborted where none was; with acceptances from
//!   f+1 it knows every instance's choice, decides and tells everyone.
//!
//! With `f = 0` the single acceptor holds the only record of the votes, as two-phase commit's
//! coordinator does: its crash blocks the transaction, which is 2PC's blocking.

mod node;
mod views;

use serde::Deserialize;
use serde_json::Value;

use self::node::{outcome_of, Ballots, Coordinator, Durable, LeaderStatus, Node, RmStatus, Vote};
use crate::action::NodeId;
use crate::budget::Budgets;
use crate::form::{CommandForm, Setting, SettingKind};
use crate::monitor::Observation;
use crate::network::{Channels, Network, Timing};
use crate::protocol::{Out, PropertyInfo, Protocol, VariantInfo};
use crate::protocols::atomic_commit::properties::{self as commit, BlameFor, Monitor};
use crate::protocols::atomic_commit::{
    client_forms, logged_outcome, vote_forms, wrong_role, Choice, Cmd, LogEntry, Outcome, Params,
    Record, Setup, VoteSetting, VOTING_SETTINGS,
};
use crate::protocols::paxos::ballot::{highest, Acceptor, Answer, Ballot};
use crate::state::State;
use crate::verdict::{Blame, Kind, Verdict};
use crate::view::{Field, ProtocolView};
use crate::world::World;

/// The leader's id.
pub const LEADER: NodeId = 0;
const MAX_F: u32 = 2;

pub const NON_BLOCKING: &str = "non-blocking";

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Variant {
    #[default]
    Correct,
}

/// The `"params"` of a Paxos Commit scenario.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PaxosCommitParams {
    pub participants: u32,
    /// Acceptor failures tolerated: there are 2f+1 acceptors.
    #[serde(default = "default_f")]
    pub f: u32,
    #[serde(default)]
    pub votes: Option<Vec<VoteSetting>>,
    #[serde(default)]
    pub variant: Variant,
}

fn default_f() -> u32 {
    1
}

#[derive(Clone, Debug)]
pub struct PaxosCommit {
    setup: Setup,
    f: u32,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, PartialOrd, Ord)]
pub enum Msg {
    /// The leader asks a participant to vote.
    Prepare,
    /// A participant's vote, as phase 2a of ballot 0 of its own instance.
    Vote {
        rm: NodeId,
        vote: Vote,
    },
    /// An acceptor accepted participant `rm`'s ballot-0 vote (phase 2b, to the leader).
    Voted {
        rm: NodeId,
        vote: Vote,
    },
    /// Phase 1a of a coordinator's ballot, for every instance.
    Prepare1a {
        ballot: Ballot,
    },
    /// Phase 1b: the acceptor's last acceptance per instance.
    Promise {
        ballot: Ballot,
        accepted: Vec<Option<(Ballot, Vote)>>,
    },
    /// Phase 2a of a coordinator's ballot: a value per instance.
    Accept {
        ballot: Ballot,
        votes: Vec<Vote>,
    },
    /// Phase 2b of a coordinator's ballot, for every instance.
    Accepted {
        ballot: Ballot,
    },
    /// The acceptor had promised a higher ballot.
    Refuse {
        ballot: Ballot,
        promised: Ballot,
    },
    Outcome(Outcome),
}

#[derive(Clone, Copy, Debug, Hash, PartialEq, Eq, PartialOrd, Ord)]
pub enum Timer {
    /// A participant whose prepare never comes aborts on its own (it may, until it votes yes).
    Prepare,
    /// The leader stops waiting for the instances and runs a ballot of its own.
    Vote,
    /// A prepared participant stops waiting for the outcome and takes over.
    Decision,
}

impl Protocol for PaxosCommit {
    type Params = PaxosCommitParams;
    type Node = Node;
    type Durable = Durable;
    type Msg = Msg;
    type Cmd = Cmd;
    type Record = Record;
    type Timer = Timer;
    type Monitor = Monitor;
    type Tag = ();
    type Chronicle = ();

    const NAME: &'static str = "paxos-commit";
    const SUMMARY: &'static str = "Atomic commit that never blocks while at most f of 2f+1 acceptors are down: each participant's vote is decided by its own Paxos instance, and any participant can finish the transaction when the leader crashes.";
    const VARIANTS: &'static [VariantInfo] = &[VariantInfo {
        name: "correct",
        summary: "Paxos Commit as in Gray and Lamport, Consensus on Transaction Commit (2006).",
        flawed: false,
    }];
    const SETTINGS: &'static [Setting] = &[
        VOTING_SETTINGS[0],
        Setting {
            key: "f",
            label: "Acceptor failures tolerated (f; 2f+1 acceptors)",
            kind: SettingKind::Count {
                min: 0,
                max: MAX_F as u64,
                default: 1,
            },
        },
        VOTING_SETTINGS[1],
    ];
    const PROPERTIES: &'static [PropertyInfo] = &[
        commit::PROPERTIES[0],
        commit::PROPERTIES[1],
        commit::PROPERTIES[2],
        PropertyInfo {
            name: NON_BLOCKING,
            kind: Kind::Liveness,
        },
    ];

    fn new(params: PaxosCommitParams) -> Result<PaxosCommit, String> {
        if params.f > MAX_F {
            return Err(format!("f must be between 0 and {MAX_F}, not {}", params.f));
        }
        let setup = Setup::new(&Params {
            participants: params.participants,
            votes: params.votes,
            cooperative: false,
            variant: (),
        })?;
        Ok(PaxosCommit { setup, f: params.f })
    }

    fn node_count(&self) -> NodeId {
        1 + self.setup.participants + self.acceptor_count()
    }

    /// Unordered channels; `sync` timing, so that a timeout means a crash and coordinators do
    /// not duel (under `async` they may, and termination is not promised).
    fn default_network(&self) -> Network {
        Network {
            channels: Channels::Unordered,
            timing: Timing::Sync,
        }
    }

    fn init(&self, id: NodeId) -> Node {
        if id == LEADER {
            Node::Leader {
                status: LeaderStatus::Init,
                tallies: vec![(0, None); self.setup.participants as usize],
                log: Vec::new(),
                coordinator: Coordinator::new(0),
            }
        } else if self.is_rm(id) {
            Node::Rm {
                id,
                status: RmStatus::Working,
                asked: false,
                log: Vec::new(),
                coordinator: Coordinator::new(0),
            }
        } else {
            Node::Acceptor {
                instances: vec![Acceptor::default(); self.setup.participants as usize],
            }
        }
    }

    fn initial_timers(&self, node: NodeId) -> Vec<(Timer, u32)> {
        if self.is_rm(node) {
            vec![(Timer::Prepare, 0)]
        } else {
            Vec::new()
        }
    }

    fn durable(&self, node: &Node) -> Durable {
        match node {
            Node::Leader {
                log,
                coordinator,
                status,
                ..
            } => Durable::Log {
                log: log.clone(),
                last_tried: coordinator.last_tried,
                started: *status != LeaderStatus::Init,
            },
            Node::Rm {
                log, coordinator, ..
            } => Durable::Log {
                log: log.clone(),
                last_tried: coordinator.last_tried,
                started: true,
            },
            Node::Acceptor { instances } => Durable::Acceptor(instances.clone()),
        }
    }

    /// The leader re-sends a logged outcome, or (having started) waits again and may run a
    /// ballot; a prepared participant waits for the outcome and may take over; an acceptor has
    /// every instance's promise and acceptance on disk.
    fn recover(&self, id: NodeId, durable: Durable, out: &mut Out<Self>) -> Node {
        let mut node = self.init(id);
        match (&mut node, durable) {
            (
                Node::Leader {
                    status,
                    log,
                    coordinator,
                    ..
                },
                Durable::Log {
                    log: kept,
                    last_tried,
                    started,
                },
            ) => {
                *coordinator = Coordinator::new(last_tried);
                *log = kept;
                match logged_outcome(log) {
                    Some(outcome) => {
                        *status = LeaderStatus::Decided(outcome);
                        for rm in self.setup.rms() {
                            out.send(rm, Msg::Outcome(outcome));
                        }
                    }
                    None if started => {
                        *status = LeaderStatus::Collecting;
                        out.set_timer(Timer::Vote);
                    }
                    None => {}
                }
            }
            (
                Node::Rm {
                    status,
                    log,
                    coordinator,
                    ..
                },
                Durable::Log {
                    log: kept,
                    last_tried,
                    ..
                },
            ) => {
                *coordinator = Coordinator::new(last_tried);
                *log = kept;
                match logged_outcome(log) {
                    Some(outcome) => *status = RmStatus::Decided(outcome),
                    None if log.contains(&LogEntry::Prepared) => {
                        *status = RmStatus::Prepared;
                        out.set_timer(Timer::Decision);
                    }
                    None => out.set_timer(Timer::Prepare),
                }
            }
            (Node::Acceptor { instances }, Durable::Acceptor(kept)) => *instances = kept,
            _ => {}
        }
        node
    }

    fn on_message(&self, node: &mut Node, out: &mut Out<Self>, from: NodeId, msg: Msg) {
        match msg {
            Msg::Prepare => self.on_prepare(node, out),
            Msg::Vote { rm, vote } => {
                if let Node::Acceptor { instances } = node {
                    let instance = &mut instances[rm as usize - 1];
                    if let Answer::Yes(()) = instance.accept(Ballot::new(0, rm), vote) {
                        out.send(LEADER, Msg::Voted { rm, vote });
                    }
                }
            }
            Msg::Voted { rm, vote } => self.on_voted(node, out, from, rm, vote),
            Msg::Prepare1a { ballot } => on_prepare_1a(node, out, from, ballot),
            Msg::Promise { ballot, accepted } => self.on_promise(node, out, from, ballot, accepted),
            Msg::Accept { ballot, votes } => on_accept(node, out, from, ballot, &votes),
            Msg::Accepted { ballot } => self.on_accepted(node, out, from, ballot),
            Msg::Refuse { ballot, promised } => {
                if let Some(coordinator) = node.coordinator_mut() {
                    if coordinator.ballot() == Some(ballot)
                        && !matches!(coordinator.ballots, Ballots::Preempted { .. })
                    {
                        coordinator.seen = coordinator.seen.max(promised.round);
                        coordinator.ballots = Ballots::Preempted {
                            ballot,
                            by: promised,
                        };
                    }
                }
            }
            Msg::Outcome(outcome) => self.learn(node, out, outcome, false),
        }
    }

    fn on_timer(&self, node: &mut Node, out: &mut Out<Self>, timer: Timer) {
        if let (
            Node::Rm {
                id,
                status: status @ RmStatus::Working,
                log,
                ..
            },
            Timer::Prepare,
        ) = (&mut *node, timer)
        {
            self.vote(*id, status, log, out, false);
            return;
        }
        let waiting = matches!(
            (&*node, timer),
            (
                Node::Leader {
                    status: LeaderStatus::Collecting,
                    ..
                },
                Timer::Vote,
            ) | (
                Node::Rm {
                    status: RmStatus::Prepared,
                    ..
                },
                Timer::Decision,
            )
        );
        if waiting {
            self.take_over(node, out, timer);
        }
    }

    fn on_command(&self, node: &mut Node, out: &mut Out<Self>, cmd: Cmd) -> Result<(), String> {
        match (node, cmd) {
            (Node::Leader { status, .. }, Cmd::Commit) => {
                if *status != LeaderStatus::Init {
                    return Err("the transaction has already started".to_string());
                }
                *status = LeaderStatus::Collecting;
                out.record(Record::Started);
                for rm in self.setup.rms() {
                    out.send(rm, Msg::Prepare);
                }
                out.set_timer(Timer::Vote);
                Ok(())
            }
            (Node::Acceptor { .. }, _) => {
                Err("acceptors take no commands: they answer coordinators".to_string())
            }
            (Node::Rm { .. }, cmd @ Cmd::Commit) | (Node::Leader { .. }, cmd @ Cmd::Vote(_)) => {
                Err(wrong_role(&cmd).replace("coordinator", "leader"))
            }
            (
                Node::Rm {
                    id,
                    status,
                    asked,
                    log,
                    ..
                },
                Cmd::Vote(choice),
            ) => {
                self.setup
                    .check_vote(*id, *status == RmStatus::Working, *asked)?;
                self.vote(*id, status, log, out, choice == Choice::Yes);
                Ok(())
            }
        }
    }

    fn commands(&self, node: &Node) -> Vec<Cmd> {
        match node {
            Node::Leader {
                status: LeaderStatus::Init,
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

    fn default_command_budget(&self) -> u32 {
        1 + self.setup.asking()
    }

    /// Each take-over starts a higher ballot, so firings are bounded: one prepare timeout per
    /// participant, and two take-overs (the leader's, then a participant's, or two
    /// participants').
    fn default_timeout_budget(&self) -> Option<u32> {
        Some(self.setup.participants + 2)
    }

    fn monitor(&self) -> Monitor {
        Monitor::default()
    }

    fn observe(&self, monitor: &mut Monitor, step: &Observation<Self>) {
        commit::observe(monitor, step, self.setup.participants);
    }

    fn tag(&self, _sender: &Node, _monitor: &Monitor, _msg: &Msg) {}

    fn verdicts(&self, state: &State<Self>, _network: &Network) -> Vec<Verdict> {
        let blame: BlameFor<Self> = |_, _, _| {
            (
                Blame::Algorithm,
                "Paxos Commit should never decide both ways: please report the run.".to_string(),
            )
        };
        let mut verdicts = commit::verdicts(
            self,
            state,
            _network,
            state.monitor(),
            views::blocked(self, state),
            blame,
        );
        verdicts.push(views::non_blocking(self, state));
        verdicts
    }

    /// Atomicity and validity always; termination and non-blocking need `sync` timing (under
    /// `async` coordinators may pre-empt each other for ever) and no partition; termination
    /// also needs at most f crashes (only acceptors' matter, but budgets do not say whose).
    fn guaranteed(&self, property: &str, network: &Network, faults: &Budgets) -> bool {
        let live = network.timing == Timing::Sync && faults.partitions == 0;
        match property {
            commit::TERMINATION => live && faults.crashes <= self.f,
            NON_BLOCKING => live,
            _ => true,
        }
    }

    fn ignores_forever(&self, node: &Node, msg: &Msg) -> bool {
        views::ignores_forever(node, msg)
    }

    fn node_state(&self, node: &Node) -> Value {
        views::node_state(self, node)
    }

    fn command_forms(&self, node: &Node) -> Vec<CommandForm> {
        match self.commands(node).first() {
            Some(Cmd::Commit) => client_forms(),
            Some(Cmd::Vote(_)) => vote_forms(),
            None => Vec::new(),
        }
    }

    fn inspect(&self, node: &Node) -> Vec<Field> {
        views::inspect(self, node)
    }

    fn inspect_durable(&self, durable: &Durable) -> Vec<Field> {
        views::inspect_durable(durable)
    }

    fn message_payload(&self, msg: &Msg) -> Value {
        views::payload(msg)
    }

    fn message_label(&self, msg: &Msg) -> String {
        views::label(msg)
    }

    fn message_kind(&self, msg: &Msg) -> &'static str {
        match msg {
            Msg::Prepare => "request",
            Msg::Vote { .. } | Msg::Accept { .. } => "begin",
            Msg::Voted { .. } | Msg::Accepted { .. } => "accept",
            Msg::Prepare1a { .. } => "collect",
            Msg::Promise { .. } => "last",
            Msg::Refuse { .. } => "refuse",
            Msg::Outcome(_) => "decision",
        }
    }

    fn command_label(&self, cmd: &Cmd) -> String {
        cmd.label()
    }

    fn timer_label(&self, timer: &Timer) -> String {
        match timer {
            Timer::Prepare => "prepare timeout: abort".to_string(),
            Timer::Vote => "vote timeout: run a ballot".to_string(),
            Timer::Decision => "decision timeout: take over".to_string(),
        }
    }

    fn record_note(&self, record: &Record) -> String {
        record.note()
    }

    fn protocol_view(&self, world: &World<Self>) -> ProtocolView {
        views::protocol_view(self, world)
    }
}

impl PaxosCommit {
    pub fn acceptor_count(&self) -> u32 {
        2 * self.f + 1
    }

    /// Acceptances (or promises) a ballot needs.
    pub fn quorum(&self) -> u32 {
        self.f + 1
    }

    fn is_rm(&self, id: NodeId) -> bool {
        (1..=self.setup.participants).contains(&id)
    }

    pub fn acceptors(&self) -> impl Iterator<Item = NodeId> {
        let first = 1 + self.setup.participants;
        first..first + self.acceptor_count()
    }

    fn on_prepare(&self, node: &mut Node, out: &mut Out<Self>) {
        let Node::Rm {
            id,
            status,
            asked,
            log,
            ..
        } = node
        else {
            return;
        };
        match *status {
            RmStatus::Working => {
                out.cancel_timer(Timer::Prepare);
                match self.setup.vote_of(*id) {
                    VoteSetting::Yes => self.vote(*id, status, log, out, true),
                    VoteSetting::No => self.vote(*id, status, log, out, false),
                    VoteSetting::Ask => *asked = true,
                }
            }
            // It aborted on its own before prepare came: its instance says so again, so that
            // the leader learns it.
            RmStatus::Decided(Outcome::Abort) if !log.contains(&LogEntry::Prepared) => {
                for acceptor in self.acceptors() {
                    out.send(
                        acceptor,
                        Msg::Vote {
                            rm: *id,
                            vote: Vote::Aborted,
                        },
                    );
                }
            }
            RmStatus::Prepared | RmStatus::Decided(_) => {}
        }
    }

    /// A participant votes through its own instance: phase 2a of ballot 0 to every acceptor. A
    /// yes is logged as prepared first; a no aborts at once.
    fn vote(
        &self,
        id: NodeId,
        status: &mut RmStatus,
        log: &mut Vec<LogEntry>,
        out: &mut Out<Self>,
        yes: bool,
    ) {
        out.record(Record::Voted { yes });
        out.cancel_timer(Timer::Prepare);
        let vote = if yes {
            log.push(LogEntry::Prepared);
            *status = RmStatus::Prepared;
            out.set_timer(Timer::Decision);
            Vote::Prepared
        } else {
            log.push(LogEntry::Decided(Outcome::Abort));
            *status = RmStatus::Decided(Outcome::Abort);
            out.record(Record::Decided(Outcome::Abort));
            Vote::Aborted
        };
        for acceptor in self.acceptors() {
            out.send(acceptor, Msg::Vote { rm: id, vote });
        }
    }

    /// The leader learns participant `rm`'s instance from ballot 0: chosen once f+1 acceptors
    /// accepted it. It aborts at the first Aborted, commits when every instance chose Prepared.
    fn on_voted(&self, node: &mut Node, out: &mut Out<Self>, from: NodeId, rm: NodeId, vote: Vote) {
        let quorum = self.quorum();
        let Node::Leader {
            status: LeaderStatus::Collecting,
            tallies,
            ..
        } = node
        else {
            return;
        };
        let tally = &mut tallies[rm as usize - 1];
        if tally.0.count_ones() >= quorum {
            return;
        }
        tally.0 |= 1 << from;
        tally.1 = Some(vote);
        if tally.0.count_ones() < quorum {
            return;
        }
        out.record(Record::InstanceChosen {
            rm,
            prepared: vote == Vote::Prepared,
        });
        let chosen: Option<Vec<Vote>> = tallies
            .iter()
            .map(|(voters, vote)| vote.filter(|_| voters.count_ones() >= quorum))
            .collect();
        let outcome = match chosen {
            _ if vote == Vote::Aborted => Outcome::Abort,
            Some(votes) => outcome_of(&votes),
            None => return,
        };
        self.learn(node, out, outcome, true);
    }

    /// A coordinator's timeout: phase 1 of a ballot higher than any it has heard of, for every
    /// instance at once.
    fn take_over(&self, node: &mut Node, out: &mut Out<Self>, timer: Timer) {
        let Some(coordinator) = node.coordinator_mut() else {
            return;
        };
        let round = coordinator.seen.max(coordinator.last_tried) + 1;
        let me = match node {
            Node::Rm { id, .. } => *id,
            _ => LEADER,
        };
        let coordinator = node.coordinator_mut().expect("a coordinator");
        coordinator.last_tried = round;
        coordinator.seen = round;
        let ballot = Ballot::new(round, me);
        coordinator.ballots = Ballots::Preparing {
            ballot,
            promises: Default::default(),
        };
        out.record(Record::TakesOver { round });
        for acceptor in self.acceptors() {
            out.send(acceptor, Msg::Prepare1a { ballot });
        }
        out.set_timer(timer);
    }

    /// Phase 2a once f+1 acceptors promised: per instance, the value of the highest-ballot
    /// acceptance reported, or Aborted where none was.
    fn on_promise(
        &self,
        node: &mut Node,
        out: &mut Out<Self>,
        from: NodeId,
        ballot: Ballot,
        accepted: Vec<Option<(Ballot, Vote)>>,
    ) {
        let quorum = self.quorum() as usize;
        let Some(coordinator) = node.coordinator_mut() else {
            return;
        };
        let Ballots::Preparing {
            ballot: current,
            promises,
        } = &mut coordinator.ballots
        else {
            return;
        };
        if *current != ballot {
            return;
        }
        promises.insert(from, accepted);
        if promises.len() < quorum {
            return;
        }
        let votes: Vec<Vote> = (0..self.setup.participants as usize)
            .map(|i| {
                highest(promises.values().map(|reports| reports[i]))
                    .map_or(Vote::Aborted, |(_, vote)| vote)
            })
            .collect();
        coordinator.ballots = Ballots::Accepting {
            ballot,
            votes: votes.clone(),
            accepted: 0,
        };
        for acceptor in self.acceptors() {
            out.send(
                acceptor,
                Msg::Accept {
                    ballot,
                    votes: votes.clone(),
                },
            );
        }
    }

    /// With f+1 acceptances of its ballot the coordinator knows every instance's choice.
    fn on_accepted(&self, node: &mut Node, out: &mut Out<Self>, from: NodeId, ballot: Ballot) {
        let quorum = self.quorum();
        let Some(coordinator) = node.coordinator_mut() else {
            return;
        };
        let Ballots::Accepting {
            ballot: current,
            votes,
            accepted,
        } = &mut coordinator.ballots
        else {
            return;
        };
        if *current != ballot {
            return;
        }
        *accepted |= 1 << from;
        if accepted.count_ones() < quorum {
            return;
        }
        let votes = votes.clone();
        for (rm, vote) in self.setup.rms().zip(&votes) {
            out.record(Record::InstanceChosen {
                rm,
                prepared: *vote == Vote::Prepared,
            });
        }
        self.learn(node, out, outcome_of(&votes), true);
    }

    /// The node learns the outcome (once): it logs it; a coordinator that decided it tells the
    /// leader and every participant.
    fn learn(&self, node: &mut Node, out: &mut Out<Self>, outcome: Outcome, tell: bool) {
        let me = match node {
            Node::Leader { .. } => LEADER,
            Node::Rm { id, .. } => *id,
            Node::Acceptor { .. } => return,
        };
        match node {
            Node::Leader { status, log, .. } => {
                if matches!(status, LeaderStatus::Decided(_)) {
                    return;
                }
                *status = LeaderStatus::Decided(outcome);
                log.push(LogEntry::Decided(outcome));
                out.cancel_timer(Timer::Vote);
            }
            Node::Rm { status, log, .. } => {
                if matches!(status, RmStatus::Decided(_)) {
                    return;
                }
                *status = RmStatus::Decided(outcome);
                log.push(LogEntry::Decided(outcome));
                out.cancel_timer(Timer::Prepare);
                out.cancel_timer(Timer::Decision);
            }
            Node::Acceptor { .. } => return,
        }
        out.record(Record::Decided(outcome));
        if let Some(coordinator) = node.coordinator_mut() {
            coordinator.ballots = Ballots::Idle;
        }
        if tell {
            for to in std::iter::once(LEADER).chain(self.setup.rms()) {
                if to != me {
                    out.send(to, Msg::Outcome(outcome));
                }
            }
        }
    }
}

/// Phase 1b at an acceptor, for every instance: a coordinator's ballot is promised alike by all
/// of them (ballot 0s are lower than any coordinator's).
fn on_prepare_1a(node: &mut Node, out: &mut Out<PaxosCommit>, from: NodeId, ballot: Ballot) {
    let Node::Acceptor { instances } = node else {
        return;
    };
    let answers: Vec<_> = instances.iter_mut().map(|i| i.prepare(ballot)).collect();
    if let Some(promised) = refusal(&answers) {
        out.send(from, Msg::Refuse { ballot, promised });
    } else if answers.iter().any(|a| matches!(a, Answer::Yes(_))) {
        let accepted = instances.iter().map(|i| i.accepted).collect();
        out.send(from, Msg::Promise { ballot, accepted });
    }
}

/// Phase 2b at an acceptor, for every instance.
fn on_accept(
    node: &mut Node,
    out: &mut Out<PaxosCommit>,
    from: NodeId,
    ballot: Ballot,
    votes: &[Vote],
) {
    let Node::Acceptor { instances } = node else {
        return;
    };
    let answers: Vec<_> = instances
        .iter_mut()
        .zip(votes)
        .map(|(i, vote)| i.accept(ballot, *vote))
        .collect();
    match refusal(&answers) {
        Some(promised) => out.send(from, Msg::Refuse { ballot, promised }),
        None => out.send(from, Msg::Accepted { ballot }),
    }
}

/// The highest ballot any instance had promised instead, if one refused.
fn refusal<T>(answers: &[Answer<T>]) -> Option<Ballot> {
    answers
        .iter()
        .filter_map(|a| match a {
            Answer::No { promised } => Some(*promised),
            _ => None,
        })
        .max()
}
