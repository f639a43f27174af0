//! Happens-before, made visible: the Lamport and vector clocks of up to two events picked in the
//! diagram, and how they are ordered.

use synod_core::clock::{order, Order};
use synod_core::trace::EventId;
use synod_core::view::{EventKindView, EventView, WorldView};
use yew::prelude::*;

use crate::diagram::CausalFocus;

/// An event picked for comparison, with a sentence saying what it was.
#[derive(Clone, Debug, PartialEq)]
pub struct PickedEvent {
    pub event: EventView,
    pub description: String,
}

/// The picked events that exist at this step, in the order they were picked.
pub fn picked_events(view: &WorldView, ids: &[EventId]) -> Vec<PickedEvent> {
    ids.iter()
        // The view lists every event at the index of its id.
        .filter_map(|id| {
            view.events
                .get(usize::try_from(*id).ok()?)
                .filter(|event| event.id == *id)
        })
        .map(|event| PickedEvent {
            description: describe(view, event),
            event: event.clone(),
        })
        .collect()
}

fn describe(view: &WorldView, event: &EventView) -> String {
    let label = |id| {
        usize::try_from(id)
            .ok()
            .and_then(|index| view.messages.get(index))
            .filter(|m| m.id == id)
            .map_or_else(|| format!("message {id}"), |m| m.label.clone())
    };
    let node = event.node;
    match &event.kind {
        EventKindView::Command { label } => format!("node {node}: {label}"),
        EventKindView::Send { message, to } => {
            format!("node {node} sends {} to node {to}", label(*message))
        }
        EventKindView::Receive { message, from } => {
            format!("node {node} receives {} from node {from}", label(*message))
        }
        EventKindView::Crash => format!("node {node} crashes"),
        EventKindView::Recover => format!("node {node} recovers"),
        EventKindView::Timeout { timer, label } => {
            format!("node {node}: timer {timer} fires ({label})")
        }
        EventKindView::Deliver { app, text } => {
            format!("node {node} delivers {app} (“{text}”) to its application")
        }
        EventKindView::Round { round } => format!("node {node} begins round {round}"),
    }
}

#[derive(Properties, PartialEq)]
pub struct ClocksProps {
    pub picked: Vec<PickedEvent>,
    pub onclear: Callback<()>,
}

#[function_component]
pub fn Clocks(props: &ClocksProps) -> Html {
    let onclear = props.onclear.reform(|_: MouseEvent| ());
    html! {
        <section class="panel" aria-labelledby="clocks-title">
            <div class="panel-head">
                <h2 id="clocks-title" class="panel-title">{ "Clocks" }</h2>
                if !props.picked.is_empty() {
                    <button type="button" class="link-button" aria-label="Clear the picked events" onclick={onclear}>{ "Clear" }</button>
                }
            </div>
            if props.picked.is_empty() {
                <p class="empty">{ "Click two events (dots) in the diagram to compare their clocks and see whether one happened before the other." }</p>
            } else {
                <ul class="picked-events">
                    { for props.picked.iter().enumerate().map(|(index, picked)| html! {
                        <li class="picked-event">
                            <span class={classes!("pick-tag", format!("pick-{}", index + 1))}>{ format!("e{}", index + 1) }</span>
                            <div>
                                <p>{ picked.description.clone() }<span class="muted">{ format!(" · step {}", picked.event.step) }</span></p>
                                <p class="clock-values">
                                    <span>{ "Lamport " }<strong class="num">{ picked.event.lamport }</strong></span>
                                    <span>{ "vector " }<strong class="num">{ vector_text(&picked.event.vector) }</strong></span>
                                </p>
                            </div>
                        </li>
                    }) }
                </ul>
                { causal_legend(&props.picked[0]) }
                { relation(&props.picked) }
            }
        </section>
    }
}

/// What the diagram's shading around the first picked event means.
fn causal_legend(first: &PickedEvent) -> Html {
    let past = CausalFocus::of(&first.event).past_size();
    html! {
        <p class="causal-legend" data-testid="causal-legend">
            { "In the diagram: " }
            <span class="swatch causal-past-swatch" aria-hidden="true"></span>
            { format!("e1's causal past ({past} event{}), ", if past == 1 { "" } else { "s" }) }
            <span class="swatch causal-future-swatch" aria-hidden="true"></span>
            { "its causal future; faded events are concurrent with e1." }
        </p>
    }
}

fn relation(picked: &[PickedEvent]) -> Html {
    let [first, second] = picked else {
        return html! { <p class="hint">{ "Pick one more event to compare." }</p> };
    };
    let (symbol, text) = match order(&first.event.vector, &second.event.vector) {
        Order::Before => ("e1 → e2", "e1 happened before e2: a chain of local steps and messages leads from e1 to e2."),
        Order::After => ("e2 → e1", "e2 happened before e1: a chain of local steps and messages leads from e2 to e1."),
        Order::Concurrent => (
            "e1 ∥ e2 (concurrent)",
            "Neither happened before the other: their vector clocks are incomparable, even though their Lamport clocks are ordered or equal.",
        ),
        Order::Same => ("e1 = e2", "The same event."),
    };
    html! {
        <div class="relation" data-testid="clock-relation">
            <p class="relation-symbol">{ symbol }</p>
            <p class="hint">{ text }</p>
        </div>
    }
}

fn vector_text(vector: &[u64]) -> String {
    let parts: Vec<String> = vector.iter().map(u64::to_string).collect();
    format!("[{}]", parts.join(", "))
}
