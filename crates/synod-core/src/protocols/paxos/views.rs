//! How Paxos shows itself: the verdicts' words, the inspector's rows, the acceptor and ballot
//! tables, and the marks at the point of no return and where quorums meet.

use super::ballot::Ballot;
use super::history::KEPT_BALLOTS;
use super::node::{Durable, Node, Phase};
use super::properties::{
    AGREEMENT, AGREEMENT_TEXT, CHOSEN_STABLE, CHOSEN_TEXT, INTEGRITY, INTEGRITY_TEXT, TERMINATION,
    TERMINATION_TEXT, VALIDITY, VALIDITY_TEXT,
};
use super::{Msg, Paxos, Record, Value, Variant};
use crate::action::NodeId;
use crate::state::{NodeSlot, State};
use crate::verdict::{Blame, Kind, Verdict, BLOCKED};
use crate::view::{Field, MarkView, ProtocolView, TableView};
use crate::world::World;

pub fn verdicts(paxos: &Paxos, state: &State<Paxos>) -> Vec<Verdict> {
    let monitor = state.monitor();
    let why = flaw(paxos);
    let safety = |name: &'static str, text: &'static str, fine: String| {
        if monitor.broken(name) {
            Verdict::violated(
                name,
                Kind::Safety,
                text,
                monitor.violation(name, Blame::Algorithm, &why),
            )
        } else {
            Verdict::holds(name, Kind::Safety, text, fine)
        }
    };
    let decision = monitor.decision().map(|v| paxos.text(v).to_string());
    let chosen = monitor.chosen().map(|chosen| {
        let when = monitor
            .chosen_step()
            .map_or_else(String::new, |step| format!("at step {step}, "));
        format!(
            "{} is chosen ({when}ballot {}); no later ballot can choose another.",
            paxos.text(chosen.value),
            chosen.ballot
        )
    });
    vec![
        safety(
            AGREEMENT,
            AGREEMENT_TEXT,
            decision.as_ref().map_or_else(
                || "Nobody has decided yet.".to_string(),
                |v| format!("Every decision so far is {v}."),
            ),
        ),
        safety(
            VALIDITY,
            VALIDITY_TEXT,
            decision.as_ref().map_or_else(
                || "Nobody has decided yet.".to_string(),
                |v| format!("{v} was proposed."),
            ),
        ),
        safety(
            INTEGRITY,
            INTEGRITY_TEXT,
            "No process has decided twice.".to_string(),
        ),
        safety(
            CHOSEN_STABLE,
            CHOSEN_TEXT,
            chosen.unwrap_or_else(|| {
                "No value is chosen yet: no majority of acceptors has accepted one ballot's proposal."
                    .to_string()
            }),
        ),
        termination(paxos, state),
    ]
}

/// What the flawed variant did, the words a violation ends with.
fn flaw(paxos: &Paxos) -> String {
    match paxos.variant {
        Variant::Correct => "Correct Paxos should never do this: please report the run.".to_string(),
        Variant::IgnorePromises => "The ignore-promises proposer proposed its own value although a promise reported an accepted one.".to_string(),
        Variant::ForgetfulAcceptor => "An acceptor that forgot its promise on recovery accepted a ballot it had promised to refuse.".to_string(),
        Variant::MinorityQuorum => format!(
            "Quorums of {} out of {} need not meet: two minorities each went ahead.",
            paxos.quorum(),
            paxos.nodes
        ),
    }
}

fn termination(paxos: &Paxos, state: &State<Paxos>) -> Verdict {
    let up = |n: NodeId| match state.slot(n) {
        NodeSlot::Up(node) => Some(node),
        NodeSlot::Down(_) => None,
    };
    let undecided: Vec<NodeId> = (0..paxos.nodes)
        .filter(|n| up(*n).is_some_and(|node| node.decided.is_none()))
        .collect();
    if undecided.is_empty() {
        return Verdict::holds(
            TERMINATION,
            Kind::Liveness,
            TERMINATION_TEXT,
            "Every process that is up has decided.".to_string(),
        );
    }
    let names = list(&undecided);
    let why = if let Some(reason) = blocked(paxos, state, &undecided) {
        format!("{BLOCKED} {reason}")
    } else {
        let round = (0..paxos.nodes)
            .filter_map(up)
            .filter_map(|node| node.acceptor.promised)
            .map(|b| b.round)
            .max();
        match round {
            None if state.monitor().decision().is_none() => {
                "Waiting for a proposer to propose.".to_string()
            }
            Some(round) if round >= 2 && state.monitor().decision().is_none() => format!(
                "No decision yet, and ballots have reached round {round}: proposers that keep pre-empting each other never decide. Paxos stays safe whatever the timing, but no asynchronous algorithm can guarantee termination (FLP); it decides once one proposer runs a ballot undisturbed."
            ),
            _ => format!("Still deciding: node(s) {names} undecided."),
        }
    };
    Verdict::pending(TERMINATION, TERMINATION_TEXT, why)
}

/// Why no run from here can decide at an undecided node until a crashed node recovers, if so:
/// no decision is on its way to one, and either too few acceptors can still answer any ballot
/// (up, or with a promise or acceptance still in flight, or counted by a proposer already), or
/// no proposer that is up is still undecided.
fn blocked(paxos: &Paxos, state: &State<Paxos>, undecided: &[NodeId]) -> Option<String> {
    let decision_coming = state
        .in_flight()
        .any(|(_, to, msg)| matches!(msg, Msg::Decide { .. }) && undecided.contains(&to));
    if decision_coming {
        return None;
    }
    let mut could_answer = 0u32;
    for (from, _, msg) in state.in_flight() {
        if let Msg::Promise { .. } | Msg::Accepted { .. } = msg {
            could_answer |= 1 << from;
        }
    }
    let mut proposing = false;
    for n in 0..paxos.nodes {
        let NodeSlot::Up(node) = state.slot(n) else {
            continue;
        };
        could_answer |= 1 << n;
        if let Some(proposer) = &node.proposer {
            proposing |= node.decided.is_none();
            match &proposer.phase {
                Phase::Preparing { promises, .. } => {
                    could_answer |= promises.keys().fold(0, |m, a| m | 1 << a);
                }
                Phase::Accepting { accepted, .. } => could_answer |= accepted,
                _ => {}
            }
        }
    }
    if could_answer.count_ones() < paxos.quorum() {
        return Some(format!(
            "only {} acceptor(s) can still answer, and a ballot needs {}: Paxos waits for a crashed acceptor to recover.",
            could_answer.count_ones(),
            paxos.quorum()
        ));
    }
    if !proposing {
        return Some(format!(
            "no proposer that is up is still undecided, and no decision is on its way to node(s) {}.",
            list(undecided)
        ));
    }
    None
}

fn list(nodes: &[NodeId]) -> String {
    let names: Vec<String> = nodes.iter().map(|n| n.to_string()).collect();
    names.join(", ")
}

/// `node 2`, `nodes 0 and 2`, `nodes 0, 1 and 2`.
fn nodes(ids: &[NodeId]) -> String {
    let names: Vec<String> = ids.iter().map(|n| n.to_string()).collect();
    match names.as_slice() {
        [] => "no node".to_string(),
        [one] => format!("node {one}"),
        [init @ .., last] => format!("nodes {} and {last}", init.join(", ")),
    }
}

fn set(mask: impl IntoIterator<Item = NodeId>) -> String {
    let names: Vec<String> = mask.into_iter().map(|n| n.to_string()).collect();
    format!("{{{}}}", names.join(", "))
}

fn bits(mask: u32) -> impl Iterator<Item = NodeId> {
    (0..32).filter(move |n| mask & (1 << n) != 0)
}

fn proposal(paxos: &Paxos, accepted: Option<(Ballot, Value)>) -> String {
    accepted.map_or_else(
        || "nothing".to_string(),
        |(b, v)| format!("({b}, {})", paxos.text(v)),
    )
}

fn promise(promised: Option<Ballot>) -> String {
    promised.map_or_else(|| "none".to_string(), |b| b.to_string())
}

pub fn inspect(paxos: &Paxos, node: &Node) -> Vec<Field> {
    let mut fields = vec![
        Field::new(
            "role",
            match &node.proposer {
                Some(p) => format!("proposer of {}, acceptor and learner", paxos.text(p.value)),
                None => "acceptor and learner".to_string(),
            },
        ),
        Field::new("promised", promise(node.acceptor.promised)),
        Field::new("accepted", proposal(paxos, node.acceptor.accepted)),
        Field::new(
            "decided",
            node.decided
                .map_or("not yet", |v| paxos.text(v))
                .to_string(),
        ),
    ];
    if let Some(proposer) = &node.proposer {
        let quorum = paxos.quorum();
        let phase = match &proposer.phase {
            Phase::Idle => "idle: not proposing".to_string(),
            Phase::Preparing { ballot, promises } => format!(
                "phase 1, ballot {ballot}: promises from {} (needs {quorum})",
                set(promises.keys().copied())
            ),
            Phase::Accepting {
                ballot,
                value,
                accepted,
            } => format!(
                "phase 2, ballot {ballot}: proposing {}, accepted by {} (needs {quorum})",
                paxos.text(*value),
                set(bits(*accepted))
            ),
            Phase::Preempted { ballot, by } => format!(
                "pre-empted: ballot {ballot} refused for {by}; the retry timer starts a higher ballot"
            ),
            Phase::Done => "done".to_string(),
        };
        fields.push(Field::new("proposer", phase));
        fields.push(Field::new(
            "last ballot tried (on disk)",
            if proposer.last_tried == 0 {
                "none".to_string()
            } else {
                Ballot::new(proposer.last_tried, node.id).to_string()
            },
        ));
    }
    fields
}

pub fn inspect_durable(paxos: &Paxos, durable: &Durable) -> Vec<Field> {
    let mut fields = vec![
        Field::new("promised (on disk)", promise(durable.acceptor.promised)),
        Field::new(
            "accepted (on disk)",
            proposal(paxos, durable.acceptor.accepted),
        ),
        Field::new(
            "decided (on disk)",
            durable
                .decided
                .map_or("not yet", |v| paxos.text(v))
                .to_string(),
        ),
    ];
    if let Some(round) = durable.last_tried.filter(|r| *r > 0) {
        fields.push(Field::new("last round tried (on disk)", round.to_string()));
    }
    fields.push(Field::new("everything else", "lost in the crash"));
    fields
}

pub fn record_note(paxos: &Paxos, record: &Record) -> String {
    match *record {
        Record::Began { ballot, .. } => format!("starts ballot {ballot}"),
        Record::Promised { ballot } => format!("promises {ballot}"),
        Record::Proposed {
            ballot,
            value,
            quorum,
            reported,
        } => match reported {
            Some(from) if paxos.variant != Variant::IgnorePromises => format!(
                "promises from {}: proposes {} in {ballot}, accepted in {from}",
                set(bits(quorum)),
                paxos.text(value)
            ),
            _ => format!(
                "promises from {}: proposes its own {} in {ballot}",
                set(bits(quorum)),
                paxos.text(value)
            ),
        },
        Record::Accepted { ballot, value } => {
            format!("accepts ({ballot}, {})", paxos.text(value))
        }
        Record::Preempted { ballot, by } => format!("ballot {ballot} pre-empted by {by}"),
        Record::Decided { value } => format!("decides {}", paxos.text(value)),
        Record::Recovered { promised } => format!("recovers promise {}", promise(promised)),
    }
}

pub fn protocol_view(paxos: &Paxos, world: &World<Paxos>) -> ProtocolView {
    ProtocolView {
        trees: Vec::new(),
        cuts: Vec::new(),
        bands: Vec::new(),
        tables: vec![acceptor_table(paxos, world), ballot_table(paxos, world)],
        marks: marks(paxos, world),
    }
}

fn acceptor_table(paxos: &Paxos, world: &World<Paxos>) -> TableView {
    let rows = (0..paxos.nodes)
        .map(|n| {
            let (acceptor, decided, crashed) = match world.slot(n) {
                NodeSlot::Up(node) => (node.acceptor, node.decided, ""),
                NodeSlot::Down(durable) => (durable.acceptor, durable.decided, " (crashed)"),
            };
            vec![
                format!("{n}{crashed}"),
                paxos
                    .value_of(n)
                    .map_or_else(|| "—".to_string(), |v| paxos.text(v).to_string()),
                promise(acceptor.promised),
                proposal(paxos, acceptor.accepted),
                decided.map_or("—", |v| paxos.text(v)).to_string(),
            ]
        })
        .collect();
    TableView {
        title: "Acceptors".to_string(),
        columns: ["node", "own value", "promised", "accepted", "decided"]
            .map(String::from)
            .to_vec(),
        rows,
        note: format!(
            "a quorum is {} of {}; promised and accepted are on each acceptor's disk",
            paxos.quorum(),
            paxos.nodes
        ),
    }
}

fn ballot_table(paxos: &Paxos, world: &World<Paxos>) -> TableView {
    let history = world.history().chronicle();
    let rows = history
        .ballots()
        .map(|(ballot, row)| {
            let mut cells = vec![
                ballot.to_string(),
                row.proposed
                    .map_or_else(|| "—".to_string(), |v| paxos.text(v).to_string()),
            ];
            cells.extend((0..paxos.nodes).map(|a| {
                if row.accepted.contains_key(&a) {
                    "accepted".to_string()
                } else if row.promised.contains_key(&a) {
                    "promised".to_string()
                } else {
                    String::new()
                }
            }));
            let outcome = if row.chosen {
                "chosen".to_string()
            } else if let Some(by) = row.preempted_by {
                format!("pre-empted by {by}")
            } else {
                String::new()
            };
            cells.push(outcome);
            cells
        })
        .collect();
    let mut columns = vec!["ballot".to_string(), "proposal".to_string()];
    columns.extend((0..paxos.nodes).map(|a| format!("node {a}")));
    columns.push("outcome".to_string());
    let shown = history.ballots().count() as u64;
    let title = if history.started > shown {
        format!("Ballots (the latest {KEPT_BALLOTS} of {})", history.started)
    } else {
        "Ballots".to_string()
    };
    let monitor = world.state().monitor();
    let note = match monitor.chosen() {
        Some(c) => format!(
            "chosen: {} in ballot {}{}; no later ballot can choose another",
            paxos.text(c.value),
            c.ballot,
            monitor
                .chosen_step()
                .map_or_else(String::new, |s| format!(" at step {s}"))
        ),
        None => "no value chosen yet".to_string(),
    };
    TableView {
        title,
        columns,
        rows,
        note,
    }
}

fn marks(paxos: &Paxos, world: &World<Paxos>) -> Vec<MarkView> {
    let history = world.history().chronicle();
    let mut marks = Vec::new();
    if let Some(chosen) = &history.chosen {
        let value = paxos.text(chosen.value);
        marks.push(MarkView {
            step: chosen.step,
            label: format!("{value} chosen"),
            detail: format!(
                "Value {value} is chosen (at step {}): {} accepted ({}, {value}), a majority, though no process knows it yet; no later ballot can choose another.",
                chosen.step,
                nodes(&chosen.quorum.keys().copied().collect::<Vec<_>>()),
                chosen.ballot
            ),
            events: chosen.quorum.values().copied().collect(),
        });
        for meeting in &history.meetings {
            let shared: Vec<NodeId> = meeting.shared.keys().copied().collect();
            let who = nodes(&shared);
            let proposes = if meeting.value == chosen.value {
                format!("and ballot {} proposes {value} again", meeting.ballot)
            } else {
                format!(
                    "yet ballot {} proposes {}",
                    meeting.ballot,
                    paxos.text(meeting.value)
                )
            };
            marks.push(MarkView {
                step: meeting.step,
                label: format!("quorums meet at {who}"),
                detail: format!(
                    "Ballot {}'s promises came from {}; {who} accepted ({}, {value}) in the chosen quorum too, so a promise reported {value}, {proposes}.",
                    meeting.ballot,
                    nodes(&meeting.promisers),
                    chosen.ballot,
                ),
                events: meeting.shared.values().copied().collect(),
            });
        }
    }
    if let Some(again) = &history.chosen_again {
        let value = paxos.text(again.value);
        marks.push(MarkView {
            step: again.step,
            label: format!("{value} chosen too"),
            detail: format!(
                "A majority ({}) accepted ({}, {value}) after another value was chosen: chosen is not stable.",
                nodes(&again.quorum.keys().copied().collect::<Vec<_>>()),
                again.ballot
            ),
            events: again.quorum.values().copied().collect(),
        });
    }
    marks
}
