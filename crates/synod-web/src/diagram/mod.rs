//! The space-time diagram: one horizontal line per node, time flowing right, messages as arrows,
//! in-flight messages as ghosts the user drags onto a node's line to deliver.
//!
//! [`layout`] turns the view into geometry (pure, tested natively); each element renders itself
//! from its piece of that geometry into one `<svg viewBox>`. Hover and drag state stay local:
//! only gestures that change the run reach the app through the callbacks.

mod arrow;
mod cut_line;
mod describe;
mod drag;
mod event_dot;
mod ghost;
mod ghost_links;
mod lane;
mod lane_labels;
mod layout;
mod legend;
mod partition_overlay;
mod svg;
mod tooltip;

use std::rc::Rc;

use gloo::events::EventListener;
use synod_core::action::{MessageId, NodeId};
use synod_core::trace::EventId;
use synod_core::view::{EventView, MessageView, WorldView};
use web_sys::Element;
use yew::prelude::*;

use arrow::Arrow;
use cut_line::CutLine;
use event_dot::EventDot;
use ghost::Ghost;
use ghost_links::GhostLink;
use lane::Lane;
use lane_labels::LaneLabels;
use layout::{Layout, Point};
use legend::Legend;
use partition_overlay::PartitionOverlay;
use svg::num;
use tooltip::Tooltip;

/// A request to open the message context menu at a point in client coordinates.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MessageMenuRequest {
    pub id: MessageId,
    pub x: f64,
    pub y: f64,
}

#[derive(Properties, PartialEq)]
pub struct DiagramProps {
    pub view: Rc<WorldView>,
    /// The message the keyboard and the context menu act on.
    pub selected_message: Option<MessageId>,
    /// The node shown in the inspector.
    pub selected_node: Option<NodeId>,
    /// Up to two events picked for a happens-before comparison.
    pub picked_events: Vec<EventId>,
    /// A ghost was dropped on its receiver's line (or Enter was pressed on it).
    pub ondeliver: Callback<MessageId>,
    pub onselectmessage: Callback<MessageId>,
    pub onselectnode: Callback<NodeId>,
    pub onpickevent: Callback<EventId>,
    /// Right-click or the context-menu key on a message.
    pub onmessagemenu: Callback<MessageMenuRequest>,
}

/// The lane a dragged ghost is bound for, so that the lane can light up as a drop target.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DropHint {
    /// The message being dragged.
    pub message: MessageId,
    pub lane: NodeId,
    /// The pointer is over the lane.
    pub over: bool,
    /// The dragged message cannot be delivered now.
    pub refused: bool,
}

#[function_component]
pub fn Diagram(props: &DiagramProps) -> Html {
    let view = &props.view;
    let scroller = use_node_ref();
    let container_width = use_state_eq(|| 0.0_f64);
    {
        // Node lines reach across the whole container, however wide the window is.
        let scroller = scroller.clone();
        let container_width = container_width.clone();
        use_effect_with((), move |_| {
            let measure = move || {
                if let Some(el) = scroller.cast::<Element>() {
                    container_width.set(f64::from(el.client_width()));
                }
            };
            measure();
            let listener = EventListener::new(&gloo::utils::window(), "resize", move |_| measure());
            move || drop(listener)
        });
    }
    let geometry = use_memo(
        (props.view.clone(), *container_width),
        |(view, min_width)| layout::layout(view, *min_width),
    );
    let drop_hint = use_state(|| None::<DropHint>);
    let inspected = use_state(|| None::<EventId>);
    {
        // Keep the newest events in sight: scroll to the right end whenever the diagram grows.
        let scroller = scroller.clone();
        use_effect_with(geometry.width.to_bits(), move |_| {
            if let Some(el) = scroller.cast::<Element>() {
                el.set_scroll_left(el.scroll_width());
            }
        });
    }

    let ontrack = {
        let drop_hint = drop_hint.clone();
        Callback::from(move |hint: Option<DropHint>| drop_hint.set(hint))
    };
    let onscroll = {
        // Lane labels follow the scroll through a CSS property, without re-rendering anything.
        let scroller = scroller.clone();
        Callback::from(move |_: Event| {
            if let Some(el) = scroller.cast::<Element>() {
                let offset = format!("--scroll-x: {}px", el.scroll_left());
                // Setting a valid attribute name cannot fail.
                el.set_attribute("style", &offset).ok();
            }
        })
    };
    let oninspect = {
        let inspected = inspected.clone();
        Callback::from(move |id: Option<EventId>| inspected.set(id))
    };

    let lanes = geometry.lanes.iter().map(|lane| {
        let crashed = view
            .nodes
            .get(lane.node as usize)
            .is_some_and(|n| n.crashed);
        html! {
            <Lane key={lane.node} geom={lane.clone()} {crashed}
                  selected={props.selected_node == Some(lane.node)}
                  drop={(*drop_hint).filter(|h| h.lane == lane.node)}
                  onselect={props.onselectnode.clone()} />
        }
    });
    let cuts =
        geometry
            .cuts
            .iter()
            .zip(&view.extra.cuts)
            .enumerate()
            .map(|(index, (geom, cut))| {
                html! { <CutLine key={index} {index} cut={cut.clone()} geom={geom.clone()} /> }
            });
    let arrows = geometry.arrows.iter().filter_map(|geom| {
        let message = message(view, geom.message)?;
        Some(html! {
            <Arrow key={geom.message} message={message.clone()} geom={geom.clone()}
                   selected={props.selected_message == Some(geom.message)} />
        })
    });
    let events = geometry
        .events
        .iter()
        .zip(&view.events)
        .map(|(geom, event)| {
            html! {
                <EventDot key={event.id} event={event.clone()} at={geom.at}
                          pick={props.picked_events.iter().position(|&p| p == event.id)}
                          onpick={props.onpickevent.clone()} oninspect={oninspect.clone()} />
            }
        });
    let dragged = (*drop_hint).map(|h| h.message);
    let ghost_links = geometry.ghosts.iter().filter(|g| dragged != Some(g.message)).filter_map(|geom| {
        let message = message(view, geom.message)?;
        Some(html! {
            <GhostLink key={geom.message} message={message.clone()} geom={geom.clone()} offset={Point::new(0.0, 0.0)} />
        })
    });
    let ghosts = geometry.ghosts.iter().filter_map(|geom| {
        let message = message(view, geom.message)?;
        let lane = geometry.lanes.get(geom.receiver as usize)?;
        Some(html! {
            <Ghost key={geom.message} message={message.clone()} geom={geom.clone()} lane={lane.clone()}
                   diagram_width={geometry.width}
                   selected={props.selected_message == Some(geom.message)}
                   ondeliver={props.ondeliver.clone()} onselect={props.onselectmessage.clone()}
                   onmenu={props.onmessagemenu.clone()} ontrack={ontrack.clone()} />
        })
    });
    let tooltip = (*inspected).and_then(|id| {
        let event = event(view, id)?;
        let at = geometry.event(id)?.at;
        Some(html! { <Tooltip event={event.clone()} {at} diagram_width={geometry.width} /> })
    });

    html! {
        <figure class="diagram">
            <div class="diagram-scroll" ref={scroller} {onscroll}>
                <svg data-testid="diagram" class="diagram-svg"
                     viewBox={format!("0 0 {} {}", num(geometry.width), num(geometry.height))}
                     width={num(geometry.width)} height={num(geometry.height)}
                     role="group"
                     aria-label={format!("Space-time diagram of {} nodes at step {}", view.nodes.len(), view.step)}>
                    { step_axis(&geometry) }
                    if let Some(partition) = &geometry.partition {
                        <PartitionOverlay geom={partition.clone()} />
                    }
                    // Each list sits in its own group: Yew matches unkeyed siblings from the end,
                    // so lists that grow side by side would otherwise rebuild each other's nodes
                    // (and lose focus and drag state) on every step.
                    <g class="lanes">{ for lanes }</g>
                    <g class="cuts">{ for cuts }</g>
                    <g class="arrows">{ for arrows }</g>
                    <g class="events">{ for events }</g>
                    <g class="ghost-links">{ for ghost_links }</g>
                    <g class="ghosts">{ for ghosts }</g>
                    <LaneLabels nodes={view.nodes.clone()} selected={props.selected_node}
                                onselect={props.onselectnode.clone()} />
                    if let Some(tooltip) = tooltip {
                        { tooltip }
                    }
                </svg>
            </div>
            <figcaption>
                <Legend view={props.view.clone()} />
            </figcaption>
        </figure>
    }
}

/// Step numbers along the top, with every other step shaded so that the events of one step read
/// as a group.
fn step_axis(geometry: &Layout) -> Html {
    let height = geometry.height;
    html! {
        <g class="steps" aria-hidden="true">
            <g class="step-ticks">
                { for geometry.steps.iter().map(|span| html! {
                    <g key={span.step}>
                        if span.step % 2 == 0 {
                            <rect class="step-band" x={num(span.start)} y="28"
                                  width={num(span.end - span.start)} height={num(height - 28.0)} />
                        }
                        <text class="step-number" x={num(span.center())} y="20" text-anchor="middle">
                            { span.step }
                        </text>
                    </g>
                }) }
            </g>
            if !geometry.ghosts.is_empty() {
                <text class="step-caption in-flight-caption" x={num(geometry.frontier)} y="20">{ "in flight" }</text>
            }
        </g>
    }
}

/// A message of the view by id (the view lists them in id order).
fn message(view: &WorldView, id: MessageId) -> Option<&MessageView> {
    let index = view.messages.binary_search_by_key(&id, |m| m.id).ok()?;
    Some(&view.messages[index])
}

/// An event of the view by id (the view lists them in id order).
fn event(view: &WorldView, id: EventId) -> Option<&EventView> {
    let index = view.events.binary_search_by_key(&id, |e| e.id).ok()?;
    Some(&view.events[index])
}
