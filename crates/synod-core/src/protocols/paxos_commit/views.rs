//! How Paxos Commit shows itself: node states, inspector rows, message labels, the transaction
//! and instance tables, and the diagnoses behind termination and non-blocking.

use serde_json::{json, Value};

use super::node::{Ballots, Coordinator, Durable, LeaderStatus, Node, RmStatus, Vote};
use super::{Msg, PaxosCommit, LEADER, NON_BLOCKING};
use crate::action::NodeId;
use crate::protocols::atomic_commit::{
    durable_fields, locks, log_field, log_texts, transaction_table, Decides, LogEntry, Outcome,
};
use crate::protocols::paxos::ballot::{Acceptor, Ballot};
use crate::state::{NodeSlot, State};
use crate::verdict::{Kind, Verdict};
use crate::view::{Field, ProtocolView, TableView};
use crate::world::World;

const NON_BLOCKING_TEXT: &str = "While at most f acceptors are down, every node that is up can still decide, whoever else crashed.";

fn ballot_json(b: Ballot) -> Value {
    json!({"round": b.round, "node": b.node})
}

fn vote_json(v: Vote) -> &'static str {
    match v {
        Vote::Prepared => "prepared",
        Vote::Aborted => "aborted",
    }
}

fn outcome_name(status: Option<Outcome>) -> &'static str {
    match status {
        Some(Outcome::Commit) => "committed",
        Some(Outcome::Abort) => "aborted",
        None => "undecided",
    }
}

fn coordinating(coordinator: &Coordinator) -> String {
    match &coordinator.ballots {
        Ballots::Idle => "no ballot of its own".to_string(),
        Ballots::Preparing { ballot, promises } => format!(
            "ballot {ballot}, phase 1: promises from {} acceptor(s)",
            promises.len()
        ),
        Ballots::Accepting {
            ballot,
            votes,
            accepted,
        } => {
            let votes: Vec<&str> = votes.iter().map(|v| v.name()).collect();
            format!(
                "ballot {ballot}, phase 2: proposes [{}], accepted by {}",
                votes.join(", "),
                accepted.count_ones()
            )
        }
        Ballots::Preempted { ballot, by } => {
            format!("ballot {ballot} pre-empted by {by}; a timeout starts a higher one")
        }
    }
}

pub fn node_state(protocol: &PaxosCommit, node: &Node) -> Value {
    match node {
        Node::Leader {
            status,
            tallies,
            log,
            ..
        } => json!({
            "role": "leader",
            "status": match status {
                LeaderStatus::Init => "init",
                LeaderStatus::Collecting => "collecting",
                LeaderStatus::Decided(o) => outcome_name(Some(*o)),
            },
            "instances": tallies.iter().map(|(voters, vote)| json!({
                "accepted_by": voters.count_ones(),
                "vote": vote.map(vote_json),
                "chosen": voters.count_ones() >= protocol.quorum(),
            })).collect::<Vec<_>>(),
            "log": log_texts(log),
        }),
        Node::Rm { status, log, .. } => json!({
            "role": "participant",
            "status": match status {
                RmStatus::Working => "working",
                RmStatus::Prepared => "prepared",
                RmStatus::Decided(o) => outcome_name(Some(*o)),
            },
            "locks": locks(matches!(status, RmStatus::Decided(_))),
            "log": log_texts(log),
        }),
        Node::Acceptor { instances } => json!({
            "role": "acceptor",
            "status": "—",
            "instances": instances.iter().map(instance_json).collect::<Vec<_>>(),
        }),
    }
}

fn instance_json(instance: &Acceptor<Vote>) -> Value {
    json!({
        "promised": instance.promised.map(ballot_json),
        "accepted": instance.accepted.map(|(b, v)| json!({"ballot": ballot_json(b), "value": vote_json(v)})),
    })
}

fn instance_text(instance: &Acceptor<Vote>) -> String {
    match (instance.accepted, instance.promised) {
        (Some((b, v)), _) => format!("accepted ({b}, {})", v.name()),
        (None, Some(p)) => format!("promised {p}"),
        (None, None) => "—".to_string(),
    }
}

pub fn inspect(protocol: &PaxosCommit, node: &Node) -> Vec<Field> {
    match node {
        Node::Leader {
            status,
            tallies,
            log,
            coordinator,
        } => {
            let mut fields = vec![
                Field::new(
                    "status",
                    match status {
                        LeaderStatus::Init => "init",
                        LeaderStatus::Collecting => "collecting the instances",
                        LeaderStatus::Decided(o) => outcome_name(Some(*o)),
                    },
                ),
                Field::new("role", "leader (runs ballot 0's decisions)"),
            ];
            for (rm, (voters, vote)) in protocol.setup.rms().zip(tallies) {
                let text = match vote {
                    Some(vote) if voters.count_ones() >= protocol.quorum() => {
                        format!("chose {}", vote.name())
                    }
                    Some(vote) => format!(
                        "{} accepted by {} of {} needed",
                        vote.name(),
                        voters.count_ones(),
                        protocol.quorum()
                    ),
                    None => "nothing yet".to_string(),
                };
                fields.push(Field::new(format!("node {rm}'s instance"), text));
            }
            fields.push(Field::new("coordinating", coordinating(coordinator)));
            fields.push(log_field(log));
            fields
        }
        Node::Rm {
            id,
            status,
            asked,
            log,
            coordinator,
        } => {
            let mut fields = vec![
                Field::new(
                    "status",
                    match status {
                        RmStatus::Working => "working",
                        RmStatus::Prepared => "prepared",
                        RmStatus::Decided(o) => outcome_name(Some(*o)),
                    },
                ),
                Field::new("role", "participant (RM); votes through its own instance"),
                Field::new("locks", locks(matches!(status, RmStatus::Decided(_)))),
                Field::new("vote setting", protocol.setup.vote_of(*id).describe()),
                Field::new("coordinating", coordinating(coordinator)),
                log_field(log),
            ];
            if *asked && *status == RmStatus::Working {
                fields.push(Field::new("waiting for", "your vote (yes or no)"));
            }
            fields
        }
        Node::Acceptor { instances } => {
            let mut fields = vec![Field::new(
                "role",
                "acceptor (one Paxos acceptor per instance)",
            )];
            for (rm, instance) in protocol.setup.rms().zip(instances) {
                fields.push(Field::new(
                    format!("node {rm}'s instance"),
                    instance_text(instance),
                ));
            }
            fields
        }
    }
}

pub fn inspect_durable(durable: &Durable) -> Vec<Field> {
    match durable {
        Durable::Log { log, .. } => durable_fields(log),
        Durable::Acceptor(instances) => {
            let mut fields: Vec<Field> = instances
                .iter()
                .enumerate()
                .map(|(i, instance)| {
                    Field::new(
                        format!("node {}'s instance (on disk)", i + 1),
                        instance_text(instance),
                    )
                })
                .collect();
            fields.push(Field::new(
                "everything else",
                "nothing: an acceptor keeps it all on disk",
            ));
            fields
        }
    }
}

pub fn payload(msg: &Msg) -> Value {
    match msg {
        Msg::Prepare => json!("prepare"),
        Msg::Vote { rm, vote } => {
            json!({"2a": {"instance": rm, "ballot": ballot_json(Ballot::new(0, *rm)), "value": vote_json(*vote)}})
        }
        Msg::Voted { rm, vote } => {
            json!({"2b": {"instance": rm, "ballot": ballot_json(Ballot::new(0, *rm)), "value": vote_json(*vote)}})
        }
        Msg::Prepare1a { ballot } => json!({"1a": {"ballot": ballot_json(*ballot)}}),
        Msg::Promise { ballot, accepted } => json!({"1b": {
            "ballot": ballot_json(*ballot),
            "accepted": accepted.iter().map(|a| a.map(|(b, v)| json!({"ballot": ballot_json(b), "value": vote_json(v)}))).collect::<Vec<_>>(),
        }}),
        Msg::Accept { ballot, votes } => {
            json!({"2a": {"ballot": ballot_json(*ballot), "values": votes.iter().map(|v| vote_json(*v)).collect::<Vec<_>>()}})
        }
        Msg::Accepted { ballot } => json!({"2b": {"ballot": ballot_json(*ballot)}}),
        Msg::Refuse { ballot, promised } => {
            json!({"refuse": {"ballot": ballot_json(*ballot), "promised": ballot_json(*promised)}})
        }
        Msg::Outcome(Outcome::Commit) => json!("commit"),
        Msg::Outcome(Outcome::Abort) => json!("abort"),
    }
}

fn short(vote: Vote) -> &'static str {
    match vote {
        Vote::Prepared => "P",
        Vote::Aborted => "A",
    }
}

pub fn label(msg: &Msg) -> String {
    match msg {
        Msg::Prepare => "prepare".to_string(),
        Msg::Vote { rm, vote } => format!("2a i{rm} 0.{rm} {}", vote.name()),
        Msg::Voted { rm, vote } => format!("2b i{rm} {}", vote.name()),
        Msg::Prepare1a { ballot } => format!("1a {ballot}"),
        Msg::Promise { ballot, accepted } => {
            let reports: Vec<String> = accepted
                .iter()
                .map(|a| a.map_or("∅".to_string(), |(b, v)| format!("{b} {}", short(v))))
                .collect();
            format!("1b {ballot} [{}]", reports.join(", "))
        }
        Msg::Accept { ballot, votes } => {
            let votes: Vec<&str> = votes.iter().map(|v| short(*v)).collect();
            format!("2a {ballot} [{}]", votes.join(", "))
        }
        Msg::Accepted { ballot } => format!("2b {ballot}"),
        Msg::Refuse { ballot, promised } => format!("refuse {ballot} (< {promised})"),
        Msg::Outcome(Outcome::Commit) => "commit".to_string(),
        Msg::Outcome(Outcome::Abort) => "abort".to_string(),
    }
}

/// Answers about a ballot its coordinator no longer runs, ballot-0 acceptances reaching a
/// leader that no longer collects them, and outcomes reaching a node that knows it: none can
/// change anything again (ballots only grow, on disk; decisions are on disk).
pub fn ignores_forever(node: &Node, msg: &Msg) -> bool {
    let running = |ballot: &Ballot, accepting: bool| {
        node.coordinator().is_some_and(|c| match &c.ballots {
            Ballots::Preparing { ballot: b, .. } => b == ballot && !accepting,
            Ballots::Accepting { ballot: b, .. } => b == ballot && accepting,
            _ => false,
        })
    };
    match msg {
        Msg::Promise { ballot, .. } => !running(ballot, false),
        Msg::Accepted { ballot } => !running(ballot, true),
        Msg::Refuse { ballot, .. } => !running(ballot, false) && !running(ballot, true),
        Msg::Outcome(_) => node.decision().is_some(),
        Msg::Voted { .. } => {
            !matches!(
                node,
                Node::Leader {
                    status: LeaderStatus::Collecting,
                    ..
                }
            ) && node.decision().is_some()
        }
        // A participant past working never moves back (its log is on disk); one that aborted
        // on its own answers prepare with its vote again.
        Msg::Prepare => match node {
            Node::Rm { status, log, .. } => match status {
                RmStatus::Working => false,
                RmStatus::Decided(Outcome::Abort) => log.contains(&LogEntry::Prepared),
                _ => true,
            },
            _ => true,
        },
        // An acceptor that promised a coordinator's ballot refuses every ballot 0 silently, and
        // its promises only grow (all on disk).
        Msg::Vote { rm, .. } => match node {
            Node::Acceptor { instances } => instances[*rm as usize - 1]
                .promised
                .is_some_and(|p| p > Ballot::new(0, *rm)),
            _ => true,
        },
        Msg::Prepare1a { .. } | Msg::Accept { .. } => false,
    }
}

/// How many acceptors are down.
fn acceptors_down(protocol: &PaxosCommit, state: &State<PaxosCommit>) -> u32 {
    protocol
        .acceptors()
        .filter(|a| state.is_crashed(*a))
        .count() as u32
}

fn undecided(state: &State<PaxosCommit>) -> Vec<NodeId> {
    (0..state.node_count())
        .filter(|n| match state.slot(*n) {
            NodeSlot::Up(node) => node.takes_part() && node.decision().is_none(),
            NodeSlot::Down(_) => false,
        })
        .collect()
}

/// Why no run from here decides until a crashed node recovers, if so: nothing is on its way to
/// a node that is up, and fewer than f+1 acceptors are up to answer a ballot.
pub fn blocked(protocol: &PaxosCommit, state: &State<PaxosCommit>) -> Option<String> {
    if undecided(state).is_empty() {
        return None;
    }
    let moving = state.in_flight().any(|(_, to, _)| !state.is_crashed(to));
    let up = protocol.acceptor_count() - acceptors_down(protocol, state);
    if moving || up >= protocol.quorum() {
        return None;
    }
    Some(format!(
        "only {up} of the {} acceptors are up and a ballot needs {}: more than f = {} are down.",
        protocol.acceptor_count(),
        protocol.quorum(),
        protocol.f
    ))
}

pub fn non_blocking(protocol: &PaxosCommit, state: &State<PaxosCommit>) -> Verdict {
    let down = acceptors_down(protocol, state);
    let waiting = undecided(state);
    if waiting.is_empty() {
        return Verdict::holds(
            NON_BLOCKING,
            Kind::Liveness,
            NON_BLOCKING_TEXT,
            "Every node that is up has decided.".to_string(),
        );
    }
    if down > protocol.f {
        return Verdict::holds(
            NON_BLOCKING,
            Kind::Liveness,
            NON_BLOCKING_TEXT,
            format!(
                "{down} acceptors are down, more than f = {}: Paxos Commit promises nothing then (it waits, as 2PC does).",
                protocol.f
            ),
        );
    }
    let names: Vec<String> = waiting.iter().map(|n| n.to_string()).collect();
    let leader_down = state.is_crashed(LEADER);
    Verdict::pending(
        NON_BLOCKING,
        NON_BLOCKING_TEXT,
        format!(
            "{down} of {} acceptors down (at most f = {}): node(s) {} can still decide{}.",
            protocol.acceptor_count(),
            protocol.f,
            names.join(", "),
            if leader_down {
                ", though the leader is down: a participant's timeout takes over"
            } else {
                ""
            }
        ),
    )
}

pub fn protocol_view(protocol: &PaxosCommit, world: &World<PaxosCommit>) -> ProtocolView {
    let mut transaction = transaction_table(world, |node| node_state(protocol, node));
    for (index, row) in transaction.rows.iter_mut().enumerate() {
        let id = index as NodeId;
        if protocol.acceptors().any(|a| a == id) {
            row[1] = "acceptor".to_string();
            if row[2] != "crashed" {
                row[2] = "—".to_string();
            }
        } else if id == LEADER {
            row[1] = "leader".to_string();
        }
    }
    ProtocolView {
        trees: Vec::new(),
        cuts: Vec::new(),
        bands: Vec::new(),
        marks: Vec::new(),
        tables: vec![transaction, instance_table(protocol, world)],
    }
}

/// One row per participant's instance: what each acceptor holds for it.
fn instance_table(protocol: &PaxosCommit, world: &World<PaxosCommit>) -> TableView {
    let rows = protocol
        .setup
        .rms()
        .map(|rm| {
            let mut row = vec![format!("node {rm}")];
            row.extend(protocol.acceptors().map(|a| match world.slot(a) {
                NodeSlot::Up(Node::Acceptor { instances }) => {
                    instance_text(&instances[rm as usize - 1])
                }
                NodeSlot::Down(Durable::Acceptor(instances)) => {
                    format!("{} (crashed)", instance_text(&instances[rm as usize - 1]))
                }
                _ => "—".to_string(),
            }));
            row
        })
        .collect();
    let mut columns = vec!["instance".to_string()];
    columns.extend(protocol.acceptors().map(|a| format!("acceptor {a}")));
    TableView {
        title: "Instances".to_string(),
        columns,
        rows,
        note: format!(
            "{} acceptors tolerate f = {} failures; an instance chooses once {} accept one ballot",
            protocol.acceptor_count(),
            protocol.f,
            protocol.quorum()
        ),
    }
}
