//! The messages in flight as a list, and what the network can do to the selected one: the
//! keyboard-friendly twin of dragging ghosts in the diagram.

use serde_json::Value;
use synod_core::action::{Action, Forgery, MessageId};
use synod_core::view::MessageView;
use yew::prelude::*;

use crate::show_more::{shown_count, use_show_all, ShowMore};
use crate::state::{Direction, MessageVerb};

/// How many messages the list shows before "Show more".
const FIRST: usize = 24;

#[derive(Properties, PartialEq)]
pub struct MessagePanelProps {
    pub in_flight: Vec<MessageView>,
    pub selected: Option<MessageId>,
    pub onselect: Callback<MessageId>,
    pub onverb: Callback<MessageVerb>,
    pub oncycle: Callback<Direction>,
    /// What the selected message's sender, a traitor, may send instead (empty when it is
    /// loyal), each labelled.
    pub forgeries: Vec<(String, Forgery)>,
    pub onperform: Callback<Action<Value>>,
}

#[function_component]
pub fn MessagePanel(props: &MessagePanelProps) -> Html {
    let selected = props
        .selected
        .and_then(|id| props.in_flight.iter().find(|m| m.id == id));
    let previous = props.oncycle.reform(|_: MouseEvent| Direction::Previous);
    let next = props.oncycle.reform(|_: MouseEvent| Direction::Next);
    let (all, ontoggle) = use_show_all();
    let total = props.in_flight.len();
    let shown = shown_count(total, FIRST, all);
    html! {
        <section class="panel" aria-labelledby="messages-title">
            <div class="panel-head">
                <h2 id="messages-title" class="panel-title">
                    { "In flight " }<span class="count">{ props.in_flight.len() }</span>
                </h2>
                <div class="button-row tight">
                    <button type="button" class="icon-button" aria-label="Select the previous message in flight" title="Previous ([)" onclick={previous}>{ "‹" }</button>
                    <button type="button" class="icon-button" aria-label="Select the next message in flight" title="Next (])" onclick={next}>{ "›" }</button>
                </div>
            </div>
            if props.in_flight.is_empty() {
                <p class="empty">{ "No message is in flight. Give a node a command to start." }</p>
            } else {
                <ul class="message-list">
                    { for props.in_flight[..shown].iter().map(|m| message_item(m, props.selected == Some(m.id), &props.onselect)) }
                </ul>
                if total > FIRST + 2 {
                    <ShowMore hidden={total - shown} {total} noun="messages" {ontoggle} />
                }
            }
            if let Some(message) = selected {
                <div class="selected-message" aria-live="polite">
                    <p class="selected-title">
                        { format!("Message {}: {} from node {} to node {}", message.id, message.label, message.from, message.to) }
                    </p>
                    if let Some(reason) = &message.blocked {
                        <p class="blocked">{ format!("Cannot be delivered yet: {reason}") }</p>
                    }
                    <div class="button-row">
                        { for MessageVerb::ALL.into_iter().map(|verb| {
                            let onverb = props.onverb.reform(move |_: MouseEvent| verb);
                            html! {
                                <button type="button" class={classes!("tool", "small", (verb == MessageVerb::Deliver).then_some("primary"))}
                                    aria-label={format!("{} message {}", verb.label(), message.id)}
                                    aria-keyshortcuts={verb.shortcut()} title={format!("{} ({})", verb.label(), verb.shortcut())}
                                    onclick={onverb}>
                                    { verb.label() }
                                </button>
                            }
                        }) }
                    </div>
                    if !props.forgeries.is_empty() {
                        { forge_form(message, &props.forgeries, &props.onperform) }
                    }
                    <p class="hint">
                        <kbd>{ "D" }</kbd>{ " deliver · " }<kbd>{ "X" }</kbd>{ " drop · " }<kbd>{ "C" }</kbd>{ " duplicate · " }
                        <kbd>{ "[" }</kbd>{ " " }<kbd>{ "]" }</kbd>{ " cycle" }
                    </p>
                </div>
            }
        </section>
    }
}

fn message_item(message: &MessageView, selected: bool, onselect: &Callback<MessageId>) -> Html {
    let id = message.id;
    let onselect = onselect.reform(move |_: MouseEvent| id);
    let waits = message.blocked.is_some();
    // Keyed, so that when the first message leaves the others keep their rows.
    html! {
        <li key={id}>
            <button type="button" class={classes!("message-item", format!("kind-{}", message.kind), selected.then_some("selected"), waits.then_some("waits"))}
                aria-pressed={selected.to_string()} title={message.blocked.clone().unwrap_or_else(|| "Can be delivered now".to_string())}
                onclick={onselect}>
                <span class="message-chip" aria-hidden="true"></span>
                <span class="message-id">{ format!("m{id}") }</span>
                <span class="message-label">{ message.label.clone() }</span>
                <span class="message-route">{ format!("{} → {}", message.from, message.to) }</span>
                if let Some(original) = message.copy_of { <span class="badge" title={format!("A network duplicate of message {original}")}>{ "copy" }</span> }
                if message.forged.is_some() { <span class="badge badge-traitor" title={format!("Node {}, a traitor, rewrote it", message.from)}>{ "forged" }</span> }
                if waits { <span class="badge badge-pending">{ "waits" }</span> }
            </button>
        </li>
    }
}

/// The traitor's choice for its message: exactly the payloads it may send instead, and
/// withholding it.
fn forge_form(
    message: &MessageView,
    forgeries: &[(String, Forgery)],
    onperform: &Callback<Action<Value>>,
) -> Html {
    html! {
        <fieldset class="forge" data-testid="forge">
            <legend>{ format!("Node {} is a traitor: make it send instead", message.from) }</legend>
            <div class="button-row">
                { for forgeries.iter().enumerate().map(|(index, (label, forgery))| {
                    let onclick = onperform.reform({
                        let forgery = forgery.clone();
                        move |_: MouseEvent| Action::Forge(forgery.clone())
                    });
                    html! {
                        <button type="button" class="tool small traitor-choice" {onclick}
                            data-testid={format!("forge-{index}")}
                            aria-label={format!("Make node {} send {label} as message {}", message.from, message.id)}>
                            { label.clone() }
                        </button>
                    }
                }) }
            </div>
        </fieldset>
    }
}
