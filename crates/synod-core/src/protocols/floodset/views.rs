//! How FloodSet shows itself: verdicts, the inspector, and the table of what each process knew
//! at the start of each round with the crashes of each round, as the seed's proof counts them
//! (disagreement needs a crash in every round).

use super::{Floodset, Node, Record, AGREEMENT, INTEGRITY, TERMINATION, VALIDITY};
use crate::protocol::Protocol;
use crate::state::{NodeSlot, State};
use crate::trace::{Event, EventKind};
use crate::verdict::{Blame, Kind, Verdict};
use crate::view::{Field, ProtocolView, TableView};
use crate::world::World;

const AGREEMENT_TEXT: &str = "No two processes decide differently.";
const VALIDITY_TEXT: &str = "A decided value is some process's input.";
const INTEGRITY_TEXT: &str = "Each process decides at most once.";
const TERMINATION_TEXT: &str = "Every live process decides after the last round.";

/// What the table needs, folded event by event: per process, what it knew at the start of each
/// round; and how many processes crashed in each round.
#[derive(Clone, Debug, Default)]
pub struct Chronicle {
    known: Vec<Vec<Option<String>>>,
    crashes: Vec<u32>,
    round: u32,
}

impl Chronicle {
    pub fn fold(&mut self, nodes: usize, event: &Event, records: &[&Record]) {
        if self.known.is_empty() {
            self.known = vec![Vec::new(); nodes];
        }
        if let EventKind::Round { round } = event.kind {
            self.round = self.round.max(round);
        }
        if event.kind == EventKind::Crash {
            let round = self.round as usize;
            if self.crashes.len() <= round {
                self.crashes.resize(round + 1, 0);
            }
            self.crashes[round] += 1;
        }
        for record in records {
            if let Record::Began { round, known } = record {
                let row = &mut self.known[event.node as usize];
                let at = *round as usize - 1;
                if row.len() <= at {
                    row.resize(at + 1, None);
                }
                row[at] = Some(set_text(known));
            }
        }
    }
}

/// A set of values as the seed writes it: `{0, 2}`.
pub fn set_text(values: &[u32]) -> String {
    let items: Vec<String> = values.iter().map(u32::to_string).collect();
    format!("{{{}}}", items.join(", "))
}

pub fn inspect(node: &Node) -> Vec<Field> {
    vec![
        Field::new("W (values known)", set_text(&node.known)),
        Field::new("to send next round", set_text(&node.fresh)),
        Field::new(
            "decided",
            node.decided
                .map_or("not yet".to_string(), |v| v.to_string()),
        ),
    ]
}

pub fn verdicts(protocol: &Floodset, state: &State<Floodset>) -> Vec<Verdict> {
    let monitor = state.monitor();
    let crashes = state.spent().crashes;
    let safety = |index: usize, name: &'static str, text: &'static str, fine: &str| {
        if !monitor.breaches.is_broken(index) {
            return Verdict::holds(name, Kind::Safety, text, fine.to_string());
        }
        let blame = if index == 0 && (crashes > protocol.f() || state.spent().drops > 0) {
            Blame::Assumption
        } else {
            Blame::Algorithm
        };
        let rounds = protocol.last_round();
        let why = move |said: &str| {
            match (index, blame) {
            (0, Blame::Assumption) => format!(
                "{said} FloodSet tolerates f = {} crashes on reliable channels; this run broke that.",
                protocol.f()
            ),
            (0, _) => format!(
                "{said} With {rounds} round(s) and f = {}, a crash in every round is possible: f + 1 rounds leave one without a crash.",
                protocol.f()
            ),
            _ => said.to_string(),
        }
        };
        Verdict::violated(
            name,
            Kind::Safety,
            text,
            monitor.breaches.violation(index, name, blame, why),
        )
    };
    vec![
        safety(
            0,
            AGREEMENT,
            AGREEMENT_TEXT,
            "No two processes decided differently.",
        ),
        safety(
            1,
            VALIDITY,
            VALIDITY_TEXT,
            "Every decision so far is an input.",
        ),
        safety(2, INTEGRITY, INTEGRITY_TEXT, "No process decided twice."),
        termination(protocol, state),
    ]
}

fn termination(protocol: &Floodset, state: &State<Floodset>) -> Verdict {
    let rounds = protocol.last_round();
    if state.round() <= rounds {
        let why = match state.round() {
            0 => format!("No round has begun; processes decide after round {rounds}."),
            r => format!("Round {r} of {rounds}: processes decide after round {rounds}."),
        };
        return Verdict::pending(TERMINATION, TERMINATION_TEXT, why);
    }
    let undecided: Vec<String> = (0..protocol.node_count())
        .filter(|n| matches!(state.slot(*n), NodeSlot::Up(node) if node.decided.is_none()))
        .map(|n| n.to_string())
        .collect();
    if undecided.is_empty() {
        Verdict::holds(
            TERMINATION,
            Kind::Liveness,
            TERMINATION_TEXT,
            "Every live process has decided.".to_string(),
        )
    } else {
        Verdict::pending(
            TERMINATION,
            TERMINATION_TEXT,
            format!("Process(es) {} have not decided.", undecided.join(", ")),
        )
    }
}

/// The round table: what each process knew as each round began, and the crashes per round.
pub fn protocol_view(protocol: &Floodset, world: &World<Floodset>) -> ProtocolView {
    let chronicle = world.history().chronicle();
    let rounds = protocol.last_round() as usize;
    let mut columns = vec!["process".to_string()];
    columns.extend((1..=rounds).map(|r| format!("round {r}")));
    columns.push("decided".to_string());
    let mut rows: Vec<Vec<String>> = Vec::new();
    for node in 0..protocol.node_count() {
        let known = chronicle.known.get(node as usize);
        let mut row = vec![node.to_string()];
        row.extend((0..rounds).map(|r| {
            known
                .and_then(|k| k.get(r).cloned().flatten())
                .unwrap_or_else(|| "–".to_string())
        }));
        row.push(match world.state().slot(node) {
            NodeSlot::Up(n) => n.decided.map_or("–".to_string(), |v| v.to_string()),
            NodeSlot::Down(_) => "crashed".to_string(),
        });
        rows.push(row);
    }
    let crashes: Vec<String> = (1..=rounds)
        .map(|r| {
            let count = chronicle.crashes.get(r).copied().unwrap_or(0);
            format!("round {r}: {count}")
        })
        .collect();
    ProtocolView {
        tables: vec![TableView {
            title: "What each process knew as each round began".to_string(),
            columns,
            rows,
            note: format!(
                "Crashes by round ({}). Disagreement needs a crash in every round, so f + 1 = {} rounds suffice for f = {}.",
                crashes.join(", "),
                protocol.f() + 1,
                protocol.f()
            ),
        }],
        ..ProtocolView::default()
    }
}
