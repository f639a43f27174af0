//! Crashing a node part-way through its sends: when the node made the last step and what it
//! sent there is still in flight, its Crash button asks which of those messages get out before
//! it dies (all of them, by default: a crash between steps). The ones held back never leave it.

use serde_json::Value;
use synod_core::action::{Action, Crash, MessageId, NodeId};
use synod_core::view::WorldView;
use yew::prelude::*;

/// The messages the node that made the last step sent there, still in flight: what a crash now
/// may cut short.
#[derive(Clone, Debug, PartialEq)]
pub struct LastSends {
    pub node: NodeId,
    pub step: u64,
    /// Id, receiver and label of each, in the order they were sent.
    pub messages: Vec<(MessageId, NodeId, String)>,
}

impl LastSends {
    /// The core's answer (each node that sent in the last step, with its sends still in
    /// flight, see `Simulation::last_sends`), with each message's receiver and label from
    /// `view`.
    pub fn of(view: &WorldView, last_sends: Vec<(NodeId, Vec<MessageId>)>) -> Vec<LastSends> {
        last_sends
            .into_iter()
            .map(|(node, ids)| LastSends {
                node,
                step: view.step,
                messages: ids
                    .into_iter()
                    .filter_map(|id| {
                        let m = view.messages.get(id as usize)?;
                        Some((id, m.to, m.label.clone()))
                    })
                    .collect(),
            })
            .collect()
    }
}

#[derive(Properties, PartialEq)]
pub struct CrashPickerProps {
    pub sends: LastSends,
    pub onperform: Callback<Action<Value>>,
    pub oncancel: Callback<()>,
}

/// The question a Crash button asks of a node that has just sent: which messages get out.
#[function_component]
pub fn CrashPicker(props: &CrashPickerProps) -> Html {
    let node = props.sends.node;
    // The messages that stay unsent: none at first.
    let unsent = use_state(Vec::<MessageId>::new);
    let ontoggle = |id: MessageId| {
        let unsent = unsent.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            let mut next: Vec<MessageId> = (*unsent).iter().copied().filter(|m| *m != id).collect();
            if !input.checked() {
                next.push(id);
                next.sort_unstable();
            }
            unsent.set(next);
        })
    };
    let oncrash = {
        let unsent = (*unsent).clone();
        props.onperform.reform(move |_: MouseEvent| {
            Action::Crash(Crash {
                node,
                unsent: unsent.clone(),
            })
        })
    };
    let oncancel = props.oncancel.reform(|_: MouseEvent| ());
    html! {
        <fieldset class="crash-picker" data-testid="crash-picker">
            <legend>{ format!("Crash node {node} mid-send?") }</legend>
            <p class="hint">
                { format!("Node {node} sent these in the step just made. A process can die part-way through its send loop: untick the ones that never get out.") }
            </p>
            <ul>
                { for props.sends.messages.iter().map(|(id, to, label)| html! {
                    <li>
                        <label class="check">
                            <input type="checkbox" checked={!unsent.contains(id)}
                                aria-label={format!("m{id} to node {to} gets out")}
                                onchange={ontoggle(*id)} />
                            { format!("m{id} to node {to}: {label}") }
                        </label>
                    </li>
                }) }
            </ul>
            <div class="crash-picker-actions">
                <button type="button" class="tool small danger" onclick={oncrash}>
                    { match unsent.len() {
                        0 => "Crash, all sent".to_string(),
                        1 => "Crash, 1 never sent".to_string(),
                        n => format!("Crash, {n} never sent"),
                    } }
                </button>
                <button type="button" class="tool small" onclick={oncancel}>{ "Cancel" }</button>
            </div>
        </fieldset>
    }
}
