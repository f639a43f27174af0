//! How the two generals show themselves: verdicts that make the impossibility argument, the
//! inspector, message labels and the chain table.

use super::{Decision, General, TwoGenerals, Variant, AGREEMENT, NON_TRIVIALITY};
use crate::action::NodeId;
use crate::network::Timing;
use crate::state::{NodeSlot, State};
use crate::verdict::{Blame, Kind, Verdict};
use crate::view::{Field, ProtocolView, TableView};
use crate::world::World;

const AGREEMENT_TEXT: &str = "Both generals attack, or neither does.";
const NON_TRIVIALITY_TEXT: &str = "If no messenger is lost, both generals attack.";

/// Why no number of acknowledgements helps.
const ARGUMENT: &str = "Whatever the last message of a deterministic protocol is, it may be lost, and its sender acts the same whether or not it arrived; take it away and the receiver must act the same too. Repeat, and the generals would act without any message: no protocol guarantees agreement over a lossy channel.";

pub fn message_label(index: u32) -> String {
    match index {
        0 => "attack at dawn".to_string(),
        i => format!("ack {i}"),
    }
}

/// The witness and the explanation of the generals' disagreement: a messenger was lost (the
/// impossibility) or dawn came early (asynchronous timing).
pub fn disagreement(
    protocol: &TwoGenerals,
    node: NodeId,
    decision: Decision,
    step: u64,
    lost: bool,
) -> (String, String) {
    let other = 1 - node;
    let witness = format!(
        "general {node} decided to {} at step {step}, general {other} the opposite",
        decision.word()
    );
    if !lost {
        return (witness, format!("Dawn came at a general still waiting, though no messenger was lost: under asynchronous timing a messenger may still be on its way at dawn. {ARGUMENT}"));
    }
    let last = protocol.acks();
    let sender = TwoGenerals::sender(last);
    let explanation = format!(
        "General {sender} attacked when it sent the last message ({}), not knowing whether it arrived; a messenger was lost, and general {} retreated at dawn. {ARGUMENT}",
        message_label(last),
        1 - sender
    );
    (witness, explanation)
}

pub fn needless_retreat(node: NodeId, timing: Timing) -> String {
    match timing {
        Timing::Async => format!("General {node} retreated though no messenger was lost: under asynchronous timing dawn may come while a messenger is still on its way."),
        Timing::Sync => format!("General {node} retreated though no messenger was lost."),
    }
}

fn chain_text(protocol: &TwoGenerals, general: &General) -> String {
    match general.reached {
        None => "no message yet".to_string(),
        Some(index) => {
            let verb = if TwoGenerals::sender(index) == general.id {
                "sent"
            } else {
                "received"
            };
            format!(
                "{verb} {} ({} of {})",
                message_label(index),
                index + 1,
                protocol.acks() + 1
            )
        }
    }
}

fn decision_text(general: &General) -> String {
    general
        .decision
        .map_or("waiting", Decision::word)
        .to_string()
}

pub fn inspect(protocol: &TwoGenerals, general: &General) -> Vec<Field> {
    vec![
        Field::new("chain", chain_text(protocol, general)),
        Field::new("decision", decision_text(general)),
    ]
}

pub fn verdicts(protocol: &TwoGenerals, state: &State<TwoGenerals>) -> Vec<Verdict> {
    let monitor = state.monitor();
    let faults_outside = state.spent().crashes > 0 || state.spent().partitions > 0;
    let agreement = if monitor.breaches.is_broken(0) {
        let blame = if faults_outside {
            Blame::Assumption
        } else {
            Blame::Algorithm
        };
        Verdict::violated(
            AGREEMENT,
            Kind::Safety,
            AGREEMENT_TEXT,
            monitor
                .breaches
                .violation(0, AGREEMENT, blame, str::to_string),
        )
    } else {
        let why = match monitor.decisions {
            [Some(Decision::Attack), Some(Decision::Attack)] => {
                "Both generals attacked.".to_string()
            }
            [Some(Decision::Retreat), Some(Decision::Retreat)] => {
                "Both generals retreated.".to_string()
            }
            [Some(d), None] | [None, Some(d)] => {
                let who = if monitor.decisions[0].is_some() { 0 } else { 1 };
                match protocol.variant() {
                    Variant::Resend => format!("General {who} decided to {}; the other will once a copy of the last message gets through (if one never does, it never acts).", d.word()),
                    Variant::Fixed => format!("General {who} decided to {}; the other has not decided yet.", d.word()),
                }
            }
            _ => "Neither general has decided yet.".to_string(),
        };
        Verdict::holds(AGREEMENT, Kind::Safety, AGREEMENT_TEXT, why)
    };
    vec![agreement, non_triviality(state)]
}

fn non_triviality(state: &State<TwoGenerals>) -> Verdict {
    let monitor = state.monitor();
    if monitor.breaches.is_broken(1) {
        let blame = if state.spent().crashes > 0 || state.spent().partitions > 0 {
            Blame::Assumption
        } else {
            Blame::Algorithm
        };
        return Verdict::violated(
            NON_TRIVIALITY,
            Kind::Liveness,
            NON_TRIVIALITY_TEXT,
            monitor
                .breaches
                .violation(1, NON_TRIVIALITY, blame, str::to_string),
        );
    }
    if monitor.lost {
        return Verdict::holds(
            NON_TRIVIALITY,
            Kind::Liveness,
            NON_TRIVIALITY_TEXT,
            "A messenger was lost, so the generals need not attack.".to_string(),
        );
    }
    if monitor.decisions == [Some(Decision::Attack); 2] {
        return Verdict::holds(
            NON_TRIVIALITY,
            Kind::Liveness,
            NON_TRIVIALITY_TEXT,
            "No messenger was lost and both generals attacked.".to_string(),
        );
    }
    let waiting: Vec<String> = (0..2)
        .filter(|n| matches!(state.slot(*n), NodeSlot::Up(g) if g.decision.is_none()))
        .map(|n| n.to_string())
        .collect();
    Verdict::pending(
        NON_TRIVIALITY,
        NON_TRIVIALITY_TEXT,
        format!(
            "No messenger has been lost; general(s) {} have yet to attack.",
            waiting.join(" and ")
        ),
    )
}

/// The chain: each general's place in it and decision, with the argument under it.
pub fn protocol_view(protocol: &TwoGenerals, world: &World<TwoGenerals>) -> ProtocolView {
    let rows = (0..2)
        .map(|n| match world.state().slot(n) {
            NodeSlot::Up(g) | NodeSlot::Down(g) => {
                vec![n.to_string(), chain_text(protocol, g), decision_text(g)]
            }
        })
        .collect();
    let plan = match protocol.variant() {
        Variant::Fixed => format!(
            "The order and {} acknowledgement(s): {} messages, the last sent by general {}, who attacks on sending it. A general still waiting at dawn retreats.",
            protocol.acks(),
            protocol.acks() + 1,
            protocol.acks() % 2
        ),
        Variant::Resend => format!(
            "The order and {} acknowledgement(s), each resent until the next arrives; no dawn, so the generals wait as long as it takes.",
            protocol.acks()
        ),
    };
    ProtocolView {
        tables: vec![TableView {
            title: "The messengers".to_string(),
            columns: ["general", "chain", "decision"].map(String::from).to_vec(),
            rows,
            note: format!("{plan} {ARGUMENT}"),
        }],
        ..ProtocolView::default()
    }
}
