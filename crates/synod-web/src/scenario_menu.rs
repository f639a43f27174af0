//! The scenario menu: a blank run and the built-in gallery, each opened as a new run.

use std::rc::Rc;

use synod_core::scenario::Scenario;
use yew::prelude::*;

use crate::scenarios::GalleryEntry;

#[derive(Properties, PartialEq)]
pub struct ScenarioMenuProps {
    /// The blank run first, then the gallery.
    pub entries: Rc<Vec<GalleryEntry>>,
    /// The title of the scenario being shown.
    pub current: AttrValue,
    pub onopen: Callback<Scenario>,
}

#[function_component]
pub fn ScenarioMenu(props: &ScenarioMenuProps) -> Html {
    let details = use_node_ref();
    html! {
        <details class="dropdown" ref={details.clone()}>
            <summary class="tool" aria-label={format!("Scenarios (showing {})", props.current)}>
                <span class="muted">{ "Scenario: " }</span>{ props.current.clone() }<span aria-hidden="true">{ " ▾" }</span>
            </summary>
            <div class="popover scenario-popover">
                <ul class="scenario-list">
                    { for props.entries.iter().map(|entry| {
                        let scenario = entry.scenario.clone();
                        let onopen = props.onopen.clone();
                        let details = details.clone();
                        let onclick = Callback::from(move |_: MouseEvent| {
                            if let Some(details) = details.cast::<web_sys::Element>() {
                                let _ = details.remove_attribute("open");
                            }
                            onopen.emit(scenario.clone());
                        });
                        html! {
                            <li>
                                <button type="button" class="scenario-item" onclick={onclick}
                                    aria-label={format!("Open scenario: {}", entry.title)}>
                                    <span class="scenario-title">{ entry.title.clone() }</span>
                                    <span class="scenario-description">{ entry.description.clone() }</span>
                                </button>
                            </li>
                        }
                    }) }
                </ul>
            </div>
        </details>
    }
}
