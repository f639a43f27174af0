//! One block of event dots (see [`super::blocks`]): re-rendered only when one of its events, their
//! places or their picks changed.

use std::ops::Range;
use std::rc::Rc;

use synod_core::trace::EventId;
use synod_core::view::WorldView;
use yew::prelude::*;

use super::causality::CausalFocus;
use super::event_dot::EventDot;
use super::layout::Layout;

#[derive(Properties)]
pub struct EventBlockProps {
    pub view: Rc<WorldView>,
    pub geometry: Rc<Layout>,
    /// The block's events, as indices into `view.events` (and `geometry.events`, which matches).
    pub range: Range<usize>,
    /// The block's picked events, each with its place among the picks (0 for e1, 1 for e2).
    pub picks: Vec<(EventId, usize)>,
    /// The picked event whose causal past and future are shaded, if any.
    pub focus: Option<CausalFocus>,
    /// Each event shows its vector timestamp.
    pub vectors: bool,
    pub onpick: Callback<EventId>,
    pub oninspect: Callback<Option<EventId>>,
}

impl PartialEq for EventBlockProps {
    /// Compares the block's own events, not the whole views around them.
    fn eq(&self, other: &Self) -> bool {
        self.range == other.range
            && self.picks == other.picks
            && self.focus == other.focus
            && self.vectors == other.vectors
            && self.onpick == other.onpick
            && self.oninspect == other.oninspect
            && (self
                .view
                .events
                .shares(&other.view.events, self.range.clone())
                || self
                    .view
                    .events
                    .range(self.range.clone())
                    .eq(other.view.events.range(other.range.clone())))
            && self.geometry.events.get(self.range.clone())
                == other.geometry.events.get(other.range.clone())
    }
}

#[function_component]
pub fn EventBlock(props: &EventBlockProps) -> Html {
    let events = props.view.events.range(props.range.clone());
    let places = props
        .geometry
        .events
        .get(props.range.clone())
        .unwrap_or_default();
    html! {
        <g class="event-block">
            { for events.zip(places).map(|(event, place)| {
                let pick = props.picks.iter().find(|(id, _)| *id == event.id).map(|(_, index)| *index);
                let relation = props.focus.as_ref().map(|focus| focus.relation(event));
                html! {
                    <EventDot key={event.id} event={event.clone()} at={place.at} {pick} {relation}
                              vector={props.vectors}
                              onpick={props.onpick.clone()} oninspect={props.oninspect.clone()} />
                }
            }) }
        </g>
    }
}
