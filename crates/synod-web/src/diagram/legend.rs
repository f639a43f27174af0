//! The key under the diagram: what each glyph and line means, how to deliver a ghost, and the
//! current partition in words. Entries that belong to some protocols only (message kinds, timers,
//! cuts, bands, marks) appear once the run has such a thing, so each protocol's key lists its own.

use std::collections::BTreeSet;
use std::rc::Rc;

use synod_core::view::WorldView;
use yew::prelude::*;

use super::clock::clock;
use super::layout::Point;

#[derive(Properties, PartialEq)]
pub struct LegendProps {
    pub view: Rc<WorldView>,
}

#[function_component]
pub fn Legend(props: &LegendProps) -> Html {
    let kinds: BTreeSet<&str> = props.view.message_kinds.iter().copied().collect();
    let timers = !props.view.timers.is_empty();
    let cuts = !props.view.extra.cuts.is_empty();
    let bands = props.view.extra.bands.first().map(|band| band.legend);
    let marks = !props.view.extra.marks.is_empty();
    let partition = props.view.partition.as_ref().map(|groups| {
        let groups: Vec<String> = groups
            .iter()
            .map(|g| {
                let nodes: Vec<String> = g.iter().map(u32::to_string).collect();
                format!("{{{}}}", nodes.join(", "))
            })
            .collect();
        format!(
            "Network partitioned into {}: messages across the cut wait until it heals.",
            groups.join(" | ")
        )
    });
    html! {
        <div class="diagram-legend">
            <ul class="legend-items">
                { item("event-send", html! { <circle class="glyph" cx="8" cy="8" r="4.5" /> }, "send") }
                { item("event-receive", html! { <circle class="glyph" cx="8" cy="8" r="5" /> }, "receive") }
                { item("event-command", html! { <rect class="glyph" x="3.5" y="3.5" width="9" height="9" transform="rotate(45 8 8)" /> }, "command") }
                { item("event-crash", html! { <path class="glyph" d="M2,2 L14,14 M2,14 L14,2" /> }, "crash") }
                { item("event-recover", html! { <polygon class="glyph" points="8,2 14,13 2,13" /> }, "recovery") }
                // Group communication hands messages to the application apart from receiving them.
                if kinds.contains("multicast") {
                    { item("event-deliver", html! { <rect class="glyph" x="3" y="3" width="10" height="10" rx="1.5" /> }, "delivery to the application") }
                }
                if timers {
                    { item("event-timeout", clock(Point::new(8.0, 8.0), 5.5), "timeout (a timer fired)") }
                }
                { for kinds.iter().map(|kind| item(
                    &format!("arrow msg-kind-{kind}"),
                    html! { <line class="arrow-line" x1="0" y1="8" x2="16" y2="8" /> },
                    kind,
                )) }
                { item("ghost", html! { <rect class="ghost-box" x="1" y="3" width="14" height="10" rx="5" /> }, "in flight: drag onto the receiver's line") }
                if timers {
                    { item("timer-key", html! {
                        <>
                            <rect class="timer-box" x="0" y="2" width="16" height="12" rx="3" />
                            { clock(Point::new(8.0, 8.0), 4.0) }
                        </>
                    }, "pending timer: click to fire") }
                }
                { item("arrow dropped", html! { <path class="cross" d="M4,4 L12,12 M4,12 L12,4" /> }, "dropped, lost or never sent") }
                if cuts {
                    { item("cut cut-color-0 incomplete", html! { <line class="cut-line" x1="8" y1="0" x2="8" y2="16" /> }, "snapshot cut") }
                }
                if let Some(legend) = bands {
                    { item("view-band-key", html! {
                        <>
                            <rect class="view-band-fill band-color-0" x="0" y="4" width="8" height="8" rx="2" />
                            <rect class="view-band-fill band-color-1" x="8" y="4" width="8" height="8" rx="2" />
                            <line class="lane-line" x1="0" y1="8" x2="16" y2="8" />
                        </>
                    }, legend) }
                }
                if marks {
                    { item("mark-key", html! {
                        <>
                            <circle class="mark-ring" cx="6" cy="8" r="4.5" />
                            <line class="mark-line" x1="13" y1="0" x2="13" y2="16" />
                        </>
                    }, "marked moment, its events ringed: hover it for what it means") }
                }
            </ul>
            <p class="legend-hint">
                { "Hover or focus a dot for its clocks; click two dots to compare them. \
                   Focus a ghost and press Enter to deliver it, or the context-menu key for more." }
                if timers {
                    { " Click a timer on a node's line, or focus it and press Enter, to fire it." }
                }
            </p>
            if let Some(text) = partition {
                <p class="legend-partition">{ text }</p>
            }
        </div>
    }
}

fn item(class: &str, glyph: Html, text: &str) -> Html {
    html! {
        <li>
            <svg class={classes!("legend-glyph", class.to_string())} viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">
                { glyph }
            </svg>
            { text.to_string() }
        </li>
    }
}
