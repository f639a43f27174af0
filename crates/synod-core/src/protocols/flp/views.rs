//! How the FLP protocol shows itself: verdicts, the inspector, message labels and the table of
//! processes.

use serde_json::{json, Value as Json};

use super::process::Process;
use super::{Flp, Msg, AGREEMENT, NODES, TERMINATION, VALIDITY};
use crate::state::{NodeSlot, State};
use crate::verdict::{Blame, Kind, Verdict};
use crate::view::{Field, ProtocolView, TableView};
use crate::world::World;

const AGREEMENT_TEXT: &str = "No two processes decide differently.";
const VALIDITY_TEXT: &str = "Every decision is some process's input.";
const TERMINATION_TEXT: &str = "Every process that does not crash decides.";

/// FLP's theorem, in the words the panel uses for termination.
pub const WHY_NOT: &str = "FLP: in an asynchronous system where one process may crash, no deterministic consensus protocol is sure to decide. From a bivalent configuration (both decisions still reachable) some next step always keeps both reachable, so a scheduler that delivers every message eventually can still postpone the decision for ever.";

fn proposal_text(proposal: Option<u8>) -> String {
    proposal.map_or("nothing".to_string(), |v| v.to_string())
}

fn step_text(process: &Process) -> String {
    if let Some(value) = process.decided {
        return format!("decided {value}");
    }
    match process.at {
        None => "not started".to_string(),
        Some(step) if step.propose => format!(
            "{step}: reported {}, proposes {}",
            process.pref,
            proposal_text(process.proposal)
        ),
        Some(step) => format!("{step}: reports {}", process.pref),
    }
}

pub fn message_label(msg: &Msg) -> String {
    match *msg {
        Msg::Vote {
            step,
            report,
            proposal,
        } if step.propose => format!(
            "r{} propose {} (report {report})",
            step.round,
            proposal_text(proposal)
        ),
        Msg::Vote { step, report, .. } => format!("r{} report {report}", step.round),
        Msg::Decided { value } => format!("decided {value}"),
    }
}

pub fn node_state(process: &Process) -> Json {
    json!({
        "input": process.input,
        "round": process.at.map(|s| s.round),
        "step": process.at.map(|s| if s.propose { "propose" } else { "report" }),
        "report": process.pref,
        "proposal": process.proposal,
        "decided": process.decided,
    })
}

pub fn inspect(process: &Process) -> Vec<Field> {
    vec![
        Field::new("input", process.input.to_string()),
        Field::new("where", step_text(process)),
        Field::new("preference", process.pref.to_string()),
    ]
}

pub fn verdicts(state: &State<Flp>) -> Vec<Verdict> {
    let monitor = state.monitor();
    let safety = |index: usize, name: &'static str, text: &'static str, fine: String| {
        if !monitor.breaches.is_broken(index) {
            return Verdict::holds(name, Kind::Safety, text, fine);
        }
        Verdict::violated(
            name,
            Kind::Safety,
            text,
            monitor
                .breaches
                .violation(index, name, Blame::Algorithm, str::to_string),
        )
    };
    let decided = monitor.decisions();
    let agreement = match decided {
        0 => "Nobody has decided yet.".to_string(),
        _ => format!(
            "Every process that decided chose {}.",
            if decided & 1 != 0 { 0 } else { 1 }
        ),
    };
    vec![
        safety(0, AGREEMENT, AGREEMENT_TEXT, agreement),
        safety(
            1,
            VALIDITY,
            VALIDITY_TEXT,
            "Every decision so far is an input.".to_string(),
        ),
        termination(state),
    ]
}

fn termination(state: &State<Flp>) -> Verdict {
    let undecided: Vec<String> = (0..NODES)
        .filter(|n| matches!(state.slot(*n), NodeSlot::Up(p) if p.decided.is_none()))
        .map(|n| n.to_string())
        .collect();
    if undecided.is_empty() {
        return Verdict::holds(
            TERMINATION,
            Kind::Liveness,
            TERMINATION_TEXT,
            "Every live process has decided.".to_string(),
        );
    }
    Verdict::pending(
        TERMINATION,
        TERMINATION_TEXT,
        format!(
            "Not yet decided: process {}. {WHY_NOT}",
            undecided.join(", ")
        ),
    )
}

/// Each process's input, round and votes, with the protocol's rules under them.
pub fn protocol_view(protocol: &Flp, world: &World<Flp>) -> ProtocolView {
    let rows = (0..NODES)
        .map(|n| {
            let (process, crashed) = match world.state().slot(n) {
                NodeSlot::Up(p) => (p, false),
                NodeSlot::Down(p) => (p, true),
            };
            let mut status = step_text(process);
            if crashed {
                status = format!("crashed ({status})");
            }
            vec![
                n.to_string(),
                protocol.inputs()[n as usize].to_string(),
                status,
            ]
        })
        .collect();
    ProtocolView {
        tables: vec![TableView {
            title: "Processes".to_string(),
            columns: ["process", "input", "now"].map(String::from).to_vec(),
            rows,
            note: RULES.to_string(),
        }],
        ..ProtocolView::default()
    }
}

/// The protocol in a paragraph, for the table's note.
pub const RULES: &str = "Each round has two steps, and each step waits for one peer's vote (with its own, two of three: a majority). Report: if the two reports agree, propose that value, else propose nothing. Propose: if both propose v, decide v; if one does, prefer v; if neither, prefer the smaller report. A vote from a later round makes a process jump there, adopting that vote's report. Every vote is answered with the receiver's own, so each pair keeps one conversation going.";
