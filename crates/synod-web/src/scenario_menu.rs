//! The scenario menu: for each protocol, a blank run and its built-in gallery, each opened as a
//! new run. The entry being shown, untouched, is marked as the current one.

use std::rc::Rc;

use synod_core::registry;
use synod_core::scenario::Scenario;
use yew::prelude::*;

use crate::scenarios::GalleryEntry;

#[derive(Properties, PartialEq)]
pub struct ScenarioMenuProps {
    /// Protocol by protocol: its blank run first, then its gallery.
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
    let numbered: Vec<(usize, &GalleryEntry)> = props.entries.iter().enumerate().collect();
    html! {
        <details class="dropdown" ref={details.clone()}>
            <summary class="tool" aria-label={format!("Scenarios (showing {})", props.current)} title={props.current.clone()}>
                <span class="muted">{ "Scenario:" }</span>
                <span class="summary-title">{ props.current.clone() }</span>
                <span aria-hidden="true">{ "▾" }</span>
            </summary>
            <div class="popover scenario-popover">
                { for numbered.chunk_by(|a, b| a.1.scenario.protocol == b.1.scenario.protocol).map(|group| {
                    let protocol = group[0].1.scenario.protocol.as_str();
                    let heading = registry::find(protocol).map_or(protocol, |p| p.title);
                    let heading_id = format!("scenario-group-{protocol}");
                    html! {
                        <div class="scenario-group" role="group" aria-labelledby={heading_id.clone()}>
                            <h3 id={heading_id} class="scenario-group-title">{ heading }</h3>
                            <ul class="scenario-list">
                                { for group.iter().map(|(index, entry)| scenario_item(*index, entry, props, &details)) }
                            </ul>
                        </div>
                    }
                }) }
            </div>
        </details>
    }
}

fn scenario_item(
    index: usize,
    entry: &GalleryEntry,
    props: &ScenarioMenuProps,
    details: &NodeRef,
) -> Html {
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
            <button type="button" class={classes!("scenario-item", current.then_some("current"))} {onclick}
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
}
