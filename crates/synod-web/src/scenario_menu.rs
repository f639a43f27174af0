//! The scenario menu: a blank run and the built-in gallery, each opened as a new run. The entry
//! being shown, untouched, is marked as the current one.

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
    /// The entry the run is, when it is one of them with nothing added (undo keeps it so).
    pub current_entry: Option<usize>,
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
                    { for props.entries.iter().enumerate().map(|(index, entry)| {
                        let current = props.current_entry == Some(index);
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
                                <button type="button" class={classes!("scenario-item", current.then_some("current"))} onclick={onclick}
                                    aria-label={format!("Open scenario: {}", entry.title)}
                                    aria-current={current.then_some("true")}>
                                    <span class="scenario-title">
                                        { entry.title.clone() }
                                        if current {
                                            <span class="badge badge-current">{ "current" }</span>
                                        }
                                    </span>
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
