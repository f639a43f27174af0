//! A run as readable text: each step's action, the events it caused with their clocks, every
//! change of a property's status, and the final state. Golden tests compare these transcripts,
//! and `synod run` without `--json` prints one.

use std::fmt::Write;

use serde_json::Value;

use crate::action::{Action, Crash};
use crate::probe::probe;
use crate::scenario::{Scenario, ScenarioError};
use crate::verdict::{Status, Verdict};
use crate::view::{EventKindView, EventView, FateView, WorldView};

/// Replays `scenario` step by step and describes it.
pub fn transcript(scenario: &Scenario) -> Result<String, ScenarioError> {
    let mut world = scenario.start()?;
    let mut out = String::new();
    let view = world.view();
    writeln!(
        out,
        "{} · {} node(s) · {} channels · {} timing · seed {}",
        scenario.protocol,
        view.nodes.len(),
        view.network.channels.name(),
        view.network.timing.name(),
        scenario.seed
    )
    .expect("writing to a String");
    let mut verdicts = view.properties.clone();
    let mut events_seen = 0;
    for (index, action) in scenario.actions.iter().enumerate() {
        let step = index as u64 + 1;
        world
            .apply(action)
            .map_err(|error| ScenarioError::Action { step, error })?;
        writeln!(out, "step {step}: {}", action_text(action)).expect("writing to a String");
        let events = probe(&*world).events_from(events_seen);
        for event in &events {
            writeln!(out, "  {}", event_text(event)).expect("writing to a String");
        }
        events_seen += events.len();
        let now = world.verdicts();
        for (before, after) in verdicts.iter().zip(&now) {
            if before.status != after.status {
                writeln!(out, "  {}", verdict_text(after)).expect("writing to a String");
            }
        }
        verdicts = now;
    }
    let view = world.view();
    out.push_str(&final_state(&view));
    // The canonical state's fingerprint: the wasm determinism test compares it too.
    writeln!(out, "  fingerprint {:016x}", probe(&*world).fingerprint())
        .expect("writing to a String");
    Ok(out)
}

fn action_text(action: &Action<Value>) -> String {
    match action {
        Action::Command { node, cmd } => format!("command node {node} {cmd}"),
        Action::Deliver(id) => format!("deliver message {id}"),
        Action::Drop(id) => format!("drop message {id}"),
        Action::Duplicate(id) => format!("duplicate message {id}"),
        Action::Crash(Crash { node, unsent }) if unsent.is_empty() => format!("crash node {node}"),
        Action::Crash(Crash { node, unsent }) => format!(
            "crash node {node} mid-send (never sent: {})",
            unsent
                .iter()
                .map(|id| format!("message {id}"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Action::Recover(node) => format!("recover node {node}"),
        Action::Partition(groups) => format!("partition {groups:?}"),
        Action::Heal => "heal".to_string(),
        Action::Fire(id) => format!("fire timer {id}"),
        Action::EndRound => "end round".to_string(),
        Action::Forge(forgery) if forgery.withholds() => {
            format!("forge message {}: withhold it", forgery.id)
        }
        Action::Forge(forgery) => format!("forge message {}: {}", forgery.id, forgery.payload),
    }
}

fn event_text(event: &EventView) -> String {
    let what = match &event.kind {
        EventKindView::Command { label } => format!("command ({label})"),
        EventKindView::Send { message, to } => format!("send message {message} to {to}"),
        EventKindView::Receive { message, from } => {
            format!("receive message {message} from {from}")
        }
        EventKindView::Crash => "crash".to_string(),
        EventKindView::Recover => "recover".to_string(),
        EventKindView::Timeout { timer, label } => format!("timer {timer} fired ({label})"),
        EventKindView::Deliver { app, text } => format!("deliver {app} ({text:?})"),
        EventKindView::Round { round } => format!("begin round {round}"),
    };
    let mut line = format!(
        "e{} node {} {what} · L{} V{:?}",
        event.id, event.node, event.lamport, event.vector
    );
    for note in &event.notes {
        write!(line, " · {note}").expect("writing to a String");
    }
    line
}

fn verdict_text(verdict: &Verdict) -> String {
    let status = match verdict.status {
        Status::Holds => "holds",
        Status::Violated => "VIOLATED",
        Status::Pending => "pending",
    };
    let mut line = format!("{} {status}: {}", verdict.name, verdict.explanation);
    if let Some(witness) = &verdict.witness {
        write!(line, " [witness: {witness}]").expect("writing to a String");
    }
    line
}

fn final_state(view: &WorldView) -> String {
    let mut out = String::from("final state\n");
    for node in &view.nodes {
        let fields: Vec<String> = node
            .fields
            .iter()
            .map(|f| format!("{} = {}", f.label, f.value))
            .collect();
        let crashed = if node.crashed { " (crashed)" } else { "" };
        let traitor = if node.traitor { " (traitor)" } else { "" };
        writeln!(
            out,
            "  node {}{traitor}{crashed}: {}",
            node.id,
            fields.join("; ")
        )
        .expect("writing to a String");
    }
    for message in &view.messages {
        let fate = match message.fate {
            FateView::InFlight => "in flight".to_string(),
            FateView::Delivered { step, .. } => format!("delivered at step {step}"),
            FateView::Dropped { step } => format!("dropped at step {step}"),
            FateView::Lost { step } => format!("lost at step {step}"),
            FateView::Unsent { step } => format!("never sent (crash at step {step})"),
            FateView::Withheld { step } => format!("withheld by its traitor at step {step}"),
        };
        let forged = match message.forged {
            Some(step) => format!(" (forged at step {step})"),
            None => String::new(),
        };
        writeln!(
            out,
            "  message {} {}→{} {}{forged}: {fate}",
            message.id, message.from, message.to, message.label
        )
        .expect("writing to a String");
    }
    for table in &view.extra.tables {
        writeln!(out, "  {}", table.title).expect("writing to a String");
        for row in &table.rows {
            writeln!(out, "    {}", row.join(" | ")).expect("writing to a String");
        }
        writeln!(out, "    {}", table.note).expect("writing to a String");
    }
    for mark in &view.extra.marks {
        let events: Vec<String> = mark.events.iter().map(|e| format!("e{e}")).collect();
        writeln!(
            out,
            "  mark at step {}: {} [{}] {}",
            mark.step,
            mark.label,
            events.join(", "),
            mark.detail
        )
        .expect("writing to a String");
    }
    for verdict in &view.properties {
        writeln!(out, "  {}", verdict_text(verdict)).expect("writing to a String");
    }
    out
}
