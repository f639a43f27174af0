//! The space-time diagram: one horizontal line per node, time flowing right, messages as arrows,
//! in-flight messages as ghosts the user drags onto a node's line to deliver, pending timers as
//! clock tokens on their node's line that the user clicks to fire.
//!
//! [`layout`] turns the view into geometry (pure, tested natively); each element renders itself
//! from its piece of that geometry into one `<svg viewBox>`. Hover and drag state stay local:
//! only gestures that change the run reach the app through the callbacks.

mod arrow;
mod arrow_block;
mod blocks;
mod causality;
mod channel_badge;
mod clock;
mod cut_line;
mod describe;
mod drag;
mod event_block;
mod event_dot;
mod ghost;
mod ghost_links;
mod keyboard_nav;
mod lane;
mod lane_labels;
mod layout;
mod legend;
mod mark_line;
mod overview;
mod partition_overlay;
mod refusal_note;
mod scroll;
mod step_axis;
mod svg;
mod timer_token;
mod tooltip;
mod user_cut;
mod valence_strip;
mod view_band;
mod zoom;

use std::cell::RefCell;
use std::rc::Rc;

use gloo::events::EventListener;
use gloo::timers::callback::Timeout;
use synod_core::action::{MessageId, NodeId, TimerId};
use synod_core::trace::EventId;
use synod_core::view::{EventView, MessageView, TimerView, WorldView};
use web_sys::Element;
use yew::prelude::*;

use arrow_block::ArrowBlock;
use blocks::{blocks, Shown};
use channel_badge::ChannelBadge;
use cut_line::CutLine;
use event_block::EventBlock;
use ghost::Ghost;
use ghost_links::GhostLink;
use keyboard_nav::use_diagram_keys;
use lane::Lane;
use lane_labels::LaneLabels;
use layout::{Channel, Expanded, Layout, Point};
use legend::Legend;
use mark_line::mark_line;
use overview::Overview;
use partition_overlay::PartitionOverlay;
use refusal_note::{RefusalNote, REFUSAL_MS};
use step_axis::StepAxis;
use svg::num;
use timer_token::TimerToken;
use tooltip::Tooltip;
use user_cut::UserCutLine;
use valence_strip::ValenceStrip;
use view_band::ViewBand;
use zoom::{use_zoom_gestures, ZoomAnchor, ZoomControls};

pub use causality::CausalFocus;
pub use layout::{MAX_ZOOM, MIN_ZOOM};
pub use zoom::{ZoomChange, ZOOM_STEP};

use crate::explorer::messages::StepValence;
use crate::state::Arrival;

/// Below this zoom, steps are too narrow for alternate shading.
const ZOOMED_OUT: f64 = 0.4;

/// The viewport width assumed until the diagram has measured its own.
const UNMEASURED_WIDTH: f64 = 1920.0;

/// How far the view scrolls before the blocks to render are worked out again.
const SCROLL_QUANTUM: f64 = 256.0;

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
    /// A ghost was dropped on its receiver's line.
    pub ondeliver: Callback<MessageId>,
    /// Enter or Space was pressed on a ghost.
    pub ondeliverbykey: Callback<MessageId>,
    pub onselectmessage: Callback<MessageId>,
    pub onselectnode: Callback<NodeId>,
    pub onpickevent: Callback<EventId>,
    /// Right-click or the context-menu key on a message.
    pub onmessagemenu: Callback<MessageMenuRequest>,
    /// A pending timer's token was clicked, or Enter or Space pressed on it, while it may fire.
    #[prop_or_default]
    pub onfire: Callback<TimerId>,
    /// The time axis zoom (1 is the natural spacing).
    #[prop_or(1.0)]
    pub zoom: f64,
    /// The latest run to take the page: a new one opens at its start or its cursor.
    #[prop_or_default]
    pub arrival: Arrival,
    #[prop_or_default]
    pub onzoom: Callback<ZoomChange>,
    /// Each configuration's valence (FLP), for the strip under the step numbers.
    #[prop_or_default]
    pub valences: Option<Rc<Vec<StepValence>>>,
}

/// What the diagram last showed, so that the next render can keep the user's place in time: the
/// same stretch when the run grows or shrinks while scrolled back, the same moment under the
/// pointer (or in the middle) when zooming.
#[derive(Default)]
struct Place {
    geometry: Option<Rc<Layout>>,
    position: scroll::Position,
    arrival: Option<Arrival>,
}

/// The lane a dragged ghost is bound for, so that the lane can light up as a drop target.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DropHint {
    /// The message being dragged.
    pub message: MessageId,
    pub lane: NodeId,
    /// The pointer is over the lane.
    pub over: bool,
    /// The line under the pointer, if any: another node's line is the wrong one.
    pub under: Option<NodeId>,
    /// The dragged message cannot be delivered now.
    pub refused: bool,
    /// The receiver is crashed: the dragged message would be lost.
    pub lost: bool,
}

/// The layout of `view`, made again only when something it depends on changed, and then brought
/// up to date from the previous one (see [`layout::layout_after`]) rather than made afresh.
#[hook]
fn use_layout(view: &Rc<WorldView>, min_width: f64, zoom: f64, expanded: &Expanded) -> Rc<Layout> {
    type Made = (Rc<WorldView>, f64, f64, Expanded, Rc<Layout>);
    let made: Rc<RefCell<Option<Made>>> = use_mut_ref(|| None);
    let mut made = made.borrow_mut();
    if let Some((made_view, made_width, made_zoom, made_expanded, layout)) = made.as_ref() {
        let same_view = Rc::ptr_eq(made_view, view) || made_view == view;
        if same_view && *made_width == min_width && *made_zoom == zoom && made_expanded == expanded
        {
            return Rc::clone(layout);
        }
    }
    let before = made
        .as_ref()
        .map(|(view, _, _, _, layout)| (&**view, &**layout));
    let layout = Rc::new(layout::layout_after(
        before, view, min_width, zoom, expanded,
    ));
    *made = Some((
        Rc::clone(view),
        min_width,
        zoom,
        expanded.clone(),
        Rc::clone(&layout),
    ));
    layout
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
    // The channels whose groups of in-flight messages the user expanded; a channel left with
    // fewer than two messages leaves the set, so that a later group opens gathered again.
    let expanded = use_state_eq(Expanded::new);
    {
        let expanded = expanded.clone();
        use_effect_with(props.view.clone(), move |view| {
            let live: Expanded = expanded
                .iter()
                .filter(|&&(from, to)| {
                    view.in_flight()
                        .filter(|m| m.from == from && m.to == to)
                        .nth(1)
                        .is_some()
                })
                .copied()
                .collect();
            expanded.set(live);
        });
    }
    let ontogglechannel = {
        let expanded = expanded.clone();
        Callback::from(move |channel: Channel| {
            let mut next = (*expanded).clone();
            match next.iter().position(|c| *c == channel) {
                Some(index) => {
                    next.remove(index);
                }
                None => next.push(channel),
            }
            expanded.set(next);
        })
    };
    let geometry = use_layout(&props.view, *container_width, props.zoom, &expanded);
    let place: Rc<RefCell<Place>> = use_mut_ref(Place::default);
    // Where the view is: following the newest steps at the right end (`None`), or held at a left
    // edge (in drawing units, rounded down to whole quanta, so that scrolling re-renders only when
    // it brings other blocks near). A held view keeps its left edge while the run grows or shrinks
    // (see `keep_place`), so the blocks to draw follow from it even before the scroller catches up.
    let held_at = use_state_eq(|| None::<f64>);
    let anchor: ZoomAnchor = use_mut_ref(|| None);
    use_zoom_gestures(scroller.clone(), anchor.clone(), props.onzoom.clone());
    {
        let scroller = scroller.clone();
        let place = place.clone();
        let geometry = geometry.clone();
        let client = *container_width;
        let arrival = props.arrival;
        use_effect(move || {
            if let Some(el) = scroller.cast::<Element>().filter(|_| client > 0.0) {
                let moved = keep_place(
                    &el,
                    &mut place.borrow_mut(),
                    geometry,
                    client,
                    arrival,
                    &anchor,
                );
                // The diagram's own scroll handler then works out where the view is held.
                if moved {
                    scroll::announce(&el);
                }
            }
        });
    }
    let svg = use_node_ref();
    let keys = use_diagram_keys(svg.clone(), scroller.clone());
    let drop_hint = use_state(|| None::<DropHint>);
    // Every event's vector timestamp written beside it.
    let show_vectors = use_state_eq(|| false);
    let ontogglevectors = {
        let show_vectors = show_vectors.clone();
        Callback::from(move |_: Event| show_vectors.set(!*show_vectors))
    };
    // The cut the user draws, if they are drawing one.
    let drawn_cut = use_state(|| None::<user_cut::Cut>);
    let ontogglecut = {
        let drawn_cut = drawn_cut.clone();
        let view = Rc::clone(view);
        Callback::from(move |_: Event| {
            drawn_cut.set(match *drawn_cut {
                Some(_) => None,
                None => Some(user_cut::everything(&view)),
            })
        })
    };
    let oncutchange = {
        let setter = drawn_cut.setter();
        Callback::from(move |cut: user_cut::Cut| setter.set(Some(cut)))
    };
    let cut = (*drawn_cut).as_ref().map(|cut| user_cut::fit(view, cut));
    let cut_crossing = cut.as_ref().and_then(|cut| user_cut::crossing(view, cut));
    let inspected = use_state(|| None::<EventId>);
    // The timer whose refusal note is up, after it was activated while it may not fire.
    let refused_timer = use_state(|| None::<TimerId>);
    {
        let refused_timer = refused_timer.clone();
        use_effect_with(*refused_timer, move |shown| {
            let timeout = shown.map(|_| Timeout::new(REFUSAL_MS, move || refused_timer.set(None)));
            move || drop(timeout)
        });
    }
    let onscroll = {
        let scroller = scroller.clone();
        let held_at = held_at.clone();
        let place = place.clone();
        let client = *container_width;
        Callback::from(move |_: Event| {
            if let Some(el) = scroller.cast::<Element>() {
                let position = scroll::Position::read(&el);
                let mut place = place.borrow_mut();
                place.position = position;
                let width = place.geometry.as_ref().map_or(0.0, |g| g.width);
                held_at.set(held_edge(position, width, client));
            }
        })
    };
    // A run that has just arrived is drawn where it opens (see `keep_place`), not where the
    // previous run was scrolled: the first render then holds the right blocks.
    let arriving = place.borrow().arrival != Some(props.arrival);
    let left = match arriving {
        true if props.arrival.at_start => Some(0.0),
        true => None,
        false => *held_at,
    };
    // Before the first measurement (the render that opens a run), a wide screen's worth: drawing
    // the whole run there would build thousands of elements only to remove them a moment later.
    let client = match *container_width {
        measured if measured > 0.0 => measured,
        _ => UNMEASURED_WIDTH,
    };
    let held = left.is_some();
    let left = left.unwrap_or(geometry.width - client);
    let shown = Shown::around(left, left + client + SCROLL_QUANTUM, SCROLL_QUANTUM);

    // Made once, so that blocks and ghosts see the same callbacks on every render and skip it.
    let ontrack = {
        let setter = drop_hint.setter();
        use_callback((), move |hint: Option<DropHint>, _| setter.set(hint))
    };
    let oninspect = {
        let setter = inspected.setter();
        use_callback((), move |id: Option<EventId>, _| setter.set(id))
    };
    let onrefusetimer = {
        let setter = refused_timer.setter();
        use_callback((), move |id: TimerId, _| setter.set(Some(id)))
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
                  wrong={(*drop_hint).is_some_and(|h| h.lane != lane.node && h.under == Some(lane.node))}
                  onselect={props.onselectnode.clone()} />
        }
    });
    let cuts = geometry
        .cuts
        .iter()
        .zip(&view.extra.cuts)
        .enumerate()
        // A long run's snapshots each draw a cut: only those that cross the view are drawn.
        .filter(|(_, (geom, _))| {
            shown.reaches(geom.points.iter().map(|p| p.at.x).chain([
                geom.top.x,
                geom.bottom.x,
                geom.label_at.x,
            ]))
        })
        .map(|(index, (geom, cut))| {
            html! { <CutLine key={index} {index} cut={cut.clone()} geom={geom.clone()} /> }
        });
    // Bands along the lines (virtual synchrony's views): few, so drawn as one list, those that
    // reach into the view.
    let bands = geometry
        .bands
        .iter()
        .zip(&view.extra.bands)
        .filter(|(geom, _)| {
            shown.reaches([geom.start, geom.end, geom.label_end().unwrap_or(geom.start)])
        })
        .map(|(geom, band)| {
            html! {
                <ViewBand key={format!("{}-{}-{:?}", band.node, band.number, band.from)}
                          band={band.clone()} geom={geom.clone()} />
            }
        });
    // Marks (moments the protocol points out): few, so drawn as one list, those that reach into
    // the view with their line, label or rings.
    let marks = geometry
        .marks
        .iter()
        .zip(&view.extra.marks)
        .enumerate()
        .filter(|(_, (geom, _))| {
            shown.reaches(
                geom.rings
                    .iter()
                    .map(|ring| ring.x)
                    .chain([geom.x, geom.label_end().unwrap_or(geom.x)])
                    .chain(geom.label_at.map(|at| at.x)),
            )
        })
        .map(|(index, (geom, mark))| mark_line(index, mark, geom));
    let arrow_blocks = blocks(geometry.arrows.list.iter().map(|a| a.message))
        .into_iter()
        .filter(|block| {
            let arrows = &geometry.arrows.list[block.range.clone()];
            shown.reaches(arrows.iter().flat_map(|a| [a.from.x, a.to.x]))
        })
        .map(|block| {
            let selected = props.selected_message.filter(|id| block.holds(*id));
            let crossing = cut_crossing.filter(|id| block.holds(*id));
            html! {
                <ArrowBlock key={block.key} view={Rc::clone(view)} geometry={Rc::clone(&geometry)}
                            range={block.range} {selected} {crossing} {shown} />
            }
        });
    // The first picked event shades every other by its causal relation to it.
    let focus = props
        .picked_events
        .first()
        .and_then(|id| event(view, *id))
        .map(CausalFocus::of);
    let vectors = *show_vectors;
    let event_blocks = blocks(view.events.iter().map(|e| e.id))
        .into_iter()
        .filter(|block| shown.reaches(geometry.events[block.range.clone()].iter().map(|e| e.at.x)))
        .map(|block| {
            let picks: Vec<(EventId, usize)> = props
                .picked_events
                .iter()
                .enumerate()
                .filter(|(_, id)| block.holds(**id))
                .map(|(index, id)| (*id, index))
                .collect();
            html! {
                <EventBlock key={block.key} view={Rc::clone(view)} geometry={Rc::clone(&geometry)}
                            range={block.range} {picks} focus={focus.clone()} {vectors}
                            onpick={props.onpickevent.clone()} oninspect={oninspect.clone()} />
            }
        });
    let dragged = (*drop_hint).map(|h| h.message);
    // Ghosts, their arrows, badges and timers wait at the frontier: when the view is held at an
    // earlier stretch, only an arrow from a send in view to a ghost out of it is drawn.
    let ghost_links = geometry.ghosts.iter().filter(|g| dragged != Some(g.message))
        .filter(|g| shown.reaches([g.anchor.x, g.center.x]))
        .filter_map(|geom| {
        let message = message(view, geom.message)?;
        Some(html! {
            <GhostLink key={geom.message} message={message.clone()} geom={geom.clone()} offset={Point::new(0.0, 0.0)} />
        })
    });
    let ghosts = geometry.ghosts.iter().filter(|g| shown.reaches(across(g.center, g.width))).filter_map(|geom| {
        let message = message(view, geom.message)?;
        let lane = geometry.lanes.get(geom.receiver as usize)?;
        let receiver_crashed = view.nodes.get(geom.receiver as usize).is_some_and(|n| n.crashed);
        Some(html! {
            <Ghost key={geom.message} message={message.clone()} geom={geom.clone()} lane={lane.clone()}
                   diagram_width={geometry.width} nodes={view.nodes.len() as NodeId} {receiver_crashed}
                   selected={props.selected_message == Some(geom.message)}
                   ondeliver={props.ondeliver.clone()} ondeliverbykey={props.ondeliverbykey.clone()}
                   onselect={props.onselectmessage.clone()}
                   onmenu={props.onmessagemenu.clone()} ontrack={ontrack.clone()} />
        })
    });
    let badges = geometry.badges.iter().filter(|g| shown.reaches(across(g.center, g.width))).map(|geom| {
        html! {
            <ChannelBadge key={format!("{}-{}", geom.channel.0, geom.channel.1)} geom={geom.clone()}
                          ontoggle={ontogglechannel.clone()} />
        }
    });
    let timers = geometry
        .timers
        .iter()
        .filter(|g| shown.reaches(across(g.center, g.width)))
        .filter_map(|geom| {
            let timer = timer(view, geom.timer)?;
            Some(html! {
                <TimerToken key={geom.timer} timer={timer.clone()} geom={geom.clone()}
                            onfire={props.onfire.clone()} onrefuse={onrefusetimer.clone()} />
            })
        });
    let timer_refusal = (*refused_timer).and_then(|id| {
        let reason = timer(view, id)?.blocked.clone()?;
        let geom = geometry.timers.iter().find(|t| t.timer == id)?;
        Some(html! {
            <RefusalNote {reason} near={Point::new(geom.left(), geom.top())}
                         diagram_width={geometry.width} />
        })
    });
    let tooltip = (*inspected).and_then(|id| {
        let event = event(view, id)?;
        let at = geometry.event(id)?.at;
        Some(html! { <Tooltip event={event.clone()} {at} diagram_width={geometry.width} /> })
    });
    let canvas = geometry.canvas();

    html! {
        <figure class="diagram">
            if *container_width > 0.0 {
                <div class="diagram-navigation">
                    <Overview geometry={Rc::clone(&geometry)} scroller={scroller.clone()}
                              client={*container_width} />
                    <ZoomControls zoom={geometry.zoom} fit={geometry.fit_zoom(*container_width)}
                                  onzoom={props.onzoom.clone()} />
                    <label class="toggle vector-toggle">
                        <input type="checkbox" data-testid="show-vectors" checked={*show_vectors}
                               onchange={ontogglevectors} />
                        { "Vector clocks" }
                    </label>
                    <label class="toggle vector-toggle">
                        <input type="checkbox" data-testid="draw-cut" checked={cut.is_some()}
                               onchange={ontogglecut} />
                        { "Draw a cut" }
                    </label>
                </div>
            }
            if let Some(cut) = &cut {
                <p class={classes!("cut-verdict", cut_crossing.is_some().then_some("inconsistent"))}
                   data-testid="cut-verdict" role="status">
                    { user_cut::verdict(view, cut) }
                </p>
            }
            <div class="diagram-viewport">
                <div class={classes!("diagram-scroll", held.then_some(scroll::HELD_CLASS))}
                     ref={scroller.clone()} {onscroll}>
                    // The canvas is clipped to the drawing's size, so the scroll range ends where
                    // the drawing does.
                    <div class="diagram-canvas"
                         style={format!("width: {}px; height: {}px", num(geometry.width), num(geometry.height))}>
                        <svg ref={svg} data-testid="diagram"
                             class={classes!("diagram-svg", (geometry.zoom < ZOOMED_OUT).then_some("zoomed-out"))}
                             viewBox={format!("0 0 {} {}", num(canvas.x), num(canvas.y))}
                             width={num(canvas.x)} height={num(canvas.y)}
                             role="group" tabindex="0"
                             aria-description="Arrow keys move between events, messages and timers; Home and End go to a line's ends; Tab leaves the diagram"
                             onkeydown={keys.onkeydown} onfocusin={keys.onfocusin}
                             aria-label={format!("Space-time diagram of {} nodes at step {}", view.nodes.len(), view.step)}>
                            <StepAxis geometry={Rc::clone(&geometry)} {shown} />
                            if let Some(valences) = props.valences.clone() {
                                <ValenceStrip geometry={Rc::clone(&geometry)} {shown} {valences} />
                            }
                            <g class="partitions">
                                { for geometry.partitions.iter().map(|partition| html! {
                                    <PartitionOverlay key={partition.from} geom={partition.clone()} />
                                }) }
                            </g>
                            // Each list sits in its own group: Yew matches unkeyed siblings from
                            // the end, so lists that grow side by side would otherwise rebuild
                            // each other's nodes (and lose focus and drag state) on every step.
                            // Under the lines, which take the clicks, and under the arrows and events.
                            <g class="view-bands">{ for bands }</g>
                            <g class="lanes">{ for lanes }</g>
                            <g class="cuts">{ for cuts }</g>
                            <g class="marks">{ for marks }</g>
                            if let Some(cut) = cut.clone() {
                                <UserCutLine geometry={Rc::clone(&geometry)} {cut}
                                             consistent={cut_crossing.is_none()} onchange={oncutchange} />
                            }
                            <g class="arrows">{ for arrow_blocks }</g>
                            <g class="events">{ for event_blocks }</g>
                            <g class="ghost-links">{ for ghost_links }</g>
                            // Over the ghosts' dashed arrows, which may cross a node's line at
                            // the frontier, and under the ghosts, which may be dragged across it.
                            <g class="timers">{ for timers }</g>
                            <g class="ghosts">{ for ghosts }</g>
                            <g class="channel-badges">{ for badges }</g>
                            if let Some(note) = timer_refusal {
                                { note }
                            }
                            if let Some(tooltip) = tooltip {
                                { tooltip }
                            }
                        </svg>
                    </div>
                </div>
                <LaneLabels crashed={view.nodes.iter().map(|n| n.crashed).collect::<Vec<_>>()}
                            traitors={view.nodes.iter().map(|n| n.traitor).collect::<Vec<_>>()} height={geometry.height}
                            selected={props.selected_node} onselect={props.onselectnode.clone()} />
            </div>
            <figcaption>
                <Legend view={props.view.clone()} />
            </figcaption>
        </figure>
    }
}

/// Scrolls the diagram so that the user keeps their place (see [`Place`]) after a render that
/// changed the drawing or which end the scroller counts from: a newly arrived run opens at its
/// start or its end; a new zoom keeps the anchored moment where it was on screen; a scroller that
/// switched ends (the user scrolled back from the right end, or to it) keeps its stretch in view.
/// A drawing that grows or shrinks needs nothing: the scroller counts from the end to keep (see
/// [`scroll`]). Returns whether the scroller was moved.
fn keep_place(
    el: &Element,
    place: &mut Place,
    geometry: Rc<Layout>,
    client: f64,
    arrival: Arrival,
    anchor: &ZoomAnchor,
) -> bool {
    let width = geometry.width;
    // Read from the class, not the scroller: reading `scrollLeft` would force a layout too.
    let from_left = scroll::is_held(el);
    let target = match &place.geometry {
        _ if place.arrival != Some(arrival) => Some(if arrival.at_start { 0.0 } else { width }),
        Some(before) if before.zoom != geometry.zoom => {
            let offset = anchor.borrow_mut().take().unwrap_or(client / 2.0);
            let at = place.position.left_edge(before.width, client) + offset;
            Some(geometry.time_x(before.time_fraction(at)) - offset)
        }
        Some(before) if from_left != place.position.from_left => {
            Some(place.position.left_edge(before.width, client))
        }
        _ => None,
    };
    let moved = target.map(|left| scroll::scroll_to(el, width, client, left));
    place.position = moved.unwrap_or(scroll::Position {
        from_left,
        ..place.position
    });
    place.geometry = Some(geometry);
    place.arrival = Some(arrival);
    moved.is_some()
}

/// The left edge a view at `position` is held at (rounded down to whole quanta), or `None` when
/// it follows the newest steps at the right end.
fn held_edge(position: scroll::Position, width: f64, client: f64) -> Option<f64> {
    (!position.at_right_end(width, client)).then(|| {
        let left = position.left_edge(width, client);
        (left / SCROLL_QUANTUM).floor() * SCROLL_QUANTUM
    })
}

/// The left and right ends of an item `width` across centred on `center`.
fn across(center: Point, width: f64) -> [f64; 2] {
    [center.x - width / 2.0, center.x + width / 2.0]
}

/// A message of the view by id (the view lists every message at the index of its id).
fn message(view: &WorldView, id: MessageId) -> Option<&MessageView> {
    view.messages.get(usize::try_from(id).ok()?)
}

/// A timer of the view by id (the view lists every timer at the index of its id).
fn timer(view: &WorldView, id: TimerId) -> Option<&TimerView> {
    view.timers.get(usize::try_from(id).ok()?)
}

/// An event of the view by id (the view lists every event at the index of its id).
fn event(view: &WorldView, id: EventId) -> Option<&EventView> {
    view.events.get(usize::try_from(id).ok()?)
}
