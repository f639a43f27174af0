//! FLP's Lemma 3 at the step the user is at: for the oldest pending event e, the configurations
//! C reachable without applying e, the configurations D that applying e to them gives, by
//! valence, and the shortest way to a configuration of D that stays bivalent.

use std::rc::Rc;

use serde_json::Value;
use synod_core::action::Action;
use synod_core::checker::valence::Lemma3;
use synod_core::view::WorldView;
use yew::prelude::*;

/// FLP's name for an event: (p, m), the process and the message it receives, or (p, ∅).
fn event_name(event: &Action<Value>, view: &WorldView) -> String {
    match event {
        Action::Deliver(id) => match view.messages.get(*id as usize) {
            Some(m) => format!(
                "(process {}, message {id} \"{}\" from process {})",
                m.to, m.label, m.from
            ),
            None => format!("the delivery of message {id}"),
        },
        Action::Fire(id) => match view.timers.get(*id as usize) {
            Some(t) => format!(
                "(process {}, ∅): its {} step, receiving nothing",
                t.node, t.label
            ),
            None => format!("timer {id}, receiving nothing"),
        },
        other => format!("{other:?}"),
    }
}

/// The Lemma 3 section: its button, and the answer if it is for `cursor`.
pub fn view(
    view: &WorldView,
    answer: Option<(usize, Rc<Lemma3<Value>>)>,
    cursor: usize,
    busy: bool,
    oncompute: Callback<MouseEvent>,
    onperform: Callback<Vec<Action<Value>>>,
) -> Html {
    let result = answer.filter(|(step, _)| *step == cursor).map(|(_, lemma)| {
        let [zero, one, both] = lemma.d;
        let at_least = if lemma.complete { "" } else { "at least " };
        let way = if lemma.path.is_empty() {
            html! { <p>{ "No configuration of D stays bivalent for ever: wherever e is applied, a decision becomes unavoidable. (FLP's Lemma 3 says this cannot happen from a bivalent configuration of a protocol that tolerates one crash.)" }</p> }
        } else {
            let path = lemma.path.clone();
            let onclick = onperform.reform(move |_: MouseEvent| path.clone());
            let detour = lemma.path.len() - 1;
            html! {
                <p>
                    { format!("The nearest that stays bivalent for ever: {detour} other event(s), then e. ") }
                    <button type="button" class="tool" data-testid="lemma3-take" {onclick}>{ "Take this path" }</button>
                </p>
            }
        };
        html! {
            <div class="lemma3-result" data-testid="lemma3-result" data-bivalent={both.to_string()}>
                <p>{ format!("e = {}, the oldest pending event.", event_name(&lemma.event, view)) }</p>
                <p>{ format!("C: {at_least}{} configurations reachable from here without applying e (up to a decision).", lemma.c) }</p>
                <p>
                    { "D = e(C): " }
                    <span class="valence-chip valence-zero">{ format!("{zero} 0-valent") }</span>{ " " }
                    <span class="valence-chip valence-one">{ format!("{one} 1-valent") }</span>{ " " }
                    <span class="valence-chip valence-both">{ format!("{both} bivalent") }</span>
                </p>
                { way }
            </div>
        }
    });
    html! {
        <div class="lemma3">
            <h3 class="valence-subtitle">{ "Lemma 3 at this step" }</h3>
            <p class="hint">{ "From a bivalent configuration and a pending event e, FLP shows that e can be applied, perhaps after other events, so that the result is still bivalent: that is how the adversary never has to starve a message." }</p>
            <button type="button" class="tool" data-testid="lemma3-compute" disabled={busy} onclick={oncompute}>
                { "Compute C and D" }
            </button>
            { result.unwrap_or_default() }
        </div>
    }
}
