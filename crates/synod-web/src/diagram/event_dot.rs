//! An event as a dot on its node's line, one glyph per kind. Hovering or focusing it shows its
//! clocks; clicking it (or Enter) picks it for a happens-before comparison, and the first event
//! picked shades every other by its causal relation to it.

use synod_core::trace::EventId;
use synod_core::view::{EventKindView, EventView};
use web_sys::{FocusEvent, KeyboardEvent, PointerEvent};
use yew::prelude::*;

use super::causality::Relation;
use super::clock::clock;
use super::describe::{event_label, event_title};
use super::keyboard_nav::nav_x;
use super::layout::{Point, DOT_RADIUS};
use super::svg::{num, translate};

#[derive(Properties, PartialEq)]
pub struct EventDotProps {
    pub event: EventView,
    pub at: Point,
    /// Its place among the picked events (0 for e1, 1 for e2).
    pub pick: Option<usize>,
    /// How it relates to the first picked event, when one is picked.
    pub relation: Option<Relation>,
    /// Shows its vector timestamp beside it.
    pub vector: bool,
    pub onpick: Callback<EventId>,
    /// Hears the event to show clocks for, and `None` when the pointer or focus leaves.
    pub oninspect: Callback<Option<EventId>>,
}

#[function_component]
pub fn EventDot(props: &EventDotProps) -> Html {
    let id = props.event.id;
    let onclick = props.onpick.reform(move |_: MouseEvent| id);
    let onkeydown = {
        let onpick = props.onpick.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" || e.key() == " " {
                e.prevent_default();
                onpick.emit(id);
            }
        })
    };
    let onfocus = props.oninspect.reform(move |_: FocusEvent| Some(id));
    let onblur = props.oninspect.reform(|_: FocusEvent| None);
    let onpointerenter = props.oninspect.reform(move |_: PointerEvent| Some(id));
    let onpointerleave = props.oninspect.reform(|_: PointerEvent| None);
    let (kind, glyph) = glyph(&props.event.kind);
    html! {
        <g data-testid={format!("event-{id}")}
           class={classes!("event", kind, props.pick.map(|_| "picked"), (!props.event.notes.is_empty()).then_some("noted"),
                           props.relation.map(Relation::class))}
           transform={translate(props.at)}
           tabindex="-1" role="button"
           data-nav-node={props.event.node.to_string()} data-nav-x={nav_x(props.at.x)}
           aria-label={match props.relation {
               Some(relation) if relation != Relation::Picked => format!("{}, {}", event_label(&props.event, props.pick), relation.words()),
               _ => event_label(&props.event, props.pick),
           }}
           aria-pressed={if props.pick.is_some() { "true" } else { "false" }}
           {onclick} {onkeydown} {onfocus} {onblur} {onpointerenter} {onpointerleave}>
            <title>{ event_title(&props.event) }</title>
            <circle class="event-hit" r={num(DOT_RADIUS + 4.0)} />
            if let Some(index) = props.pick {
                <circle class="pick-ring" r={num(DOT_RADIUS + 5.0)} />
                <text class="pick-label" x="0" y={num(-DOT_RADIUS - 9.0)} text-anchor="middle">
                    { format!("e{}", index + 1) }
                </text>
            }
            { glyph }
            if props.vector {
                <text class="event-vector" x="0" y={num(DOT_RADIUS + 13.0)} text-anchor="middle">
                    { vector_text(&props.event.vector) }
                </text>
            }
        </g>
    }
}

/// A vector timestamp as the clocks panel writes it, without spaces to keep it narrow.
fn vector_text(vector: &[u64]) -> String {
    let parts: Vec<String> = vector.iter().map(u64::to_string).collect();
    format!("[{}]", parts.join(","))
}

/// The CSS class and the shape of an event of this kind.
fn glyph(kind: &EventKindView) -> (&'static str, Html) {
    let r = DOT_RADIUS;
    match kind {
        EventKindView::Send { .. } => (
            "event-send",
            html! { <circle class="glyph" r={num(r - 1.5)} /> },
        ),
        EventKindView::Receive { .. } => (
            "event-receive",
            html! { <circle class="glyph" r={num(r - 1.0)} /> },
        ),
        EventKindView::Command { .. } => (
            "event-command",
            html! { <rect class="glyph" x={num(-r + 1.0)} y={num(-r + 1.0)}
            width={num(2.0 * r - 2.0)} height={num(2.0 * r - 2.0)}
            transform="rotate(45)" /> },
        ),
        EventKindView::Crash => (
            "event-crash",
            html! { <path class="glyph" d={format!("M{a},{a} L{b},{b} M{a},{b} L{b},{a}", a = num(-r), b = num(r))} /> },
        ),
        EventKindView::Recover => (
            "event-recover",
            html! { <polygon class="glyph" points={format!("0,{} {},{} {},{}", num(-r), num(r), num(r - 1.0), num(-r), num(r - 1.0))} /> },
        ),
        EventKindView::Timeout { .. } => ("event-timeout", clock(Point::new(0.0, 0.0), r)),
        // A square, unlike the round receipt it may follow after a hold-back.
        EventKindView::Deliver { .. } => (
            "event-deliver",
            html! { <rect class="glyph" x={num(-r + 1.5)} y={num(-r + 1.5)}
            width={num(2.0 * r - 3.0)} height={num(2.0 * r - 3.0)} rx="1.5" /> },
        ),
        // A bar across the line: a round boundary.
        EventKindView::Round { .. } => (
            "event-round",
            html! { <rect class="glyph" x={num(-1.5)} y={num(-r)} width="3" height={num(2.0 * r)} /> },
        ),
    }
}
