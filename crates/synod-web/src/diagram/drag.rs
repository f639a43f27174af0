//! Dragging a ghost with pointer events, so mouse, pen and touch all work. The press in progress
//! lives in the ghost's own hook: moving it re-renders only that ghost, and only the release
//! reaches the app (as a click or a drop).

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::{Element, PointerEvent, SvgElement};
use yew::prelude::*;

use synod_core::action::NodeId;

use super::layout::{lane_under, LaneGeom, Point};

/// A press that moves less than this many CSS pixels is a click, not a drag.
const CLICK_SLOP: f64 = 4.0;

/// How a press on a ghost ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Release {
    /// Released where it was pressed.
    Click,
    /// Dragged and released, on the receiver's line or elsewhere (`under`: the line released
    /// on, if any).
    Drop {
        on_target: bool,
        under: Option<NodeId>,
    },
}

/// Where a dragged ghost is: over its receiver's line, and over which line if any.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Track {
    pub over: bool,
    pub under: Option<NodeId>,
}

/// A press in progress. `start` and `current` are in SVG units.
struct Press {
    pointer: i32,
    start_client: (f64, f64),
    start: Point,
    current: Point,
    moved: bool,
    track: Track,
}

/// What a ghost needs to draw itself while dragged, and the handlers to attach to it.
pub struct GhostDrag {
    /// How far the ghost is moved from its place, in SVG units.
    pub offset: Point,
    pub dragging: bool,
    /// Whether the pointer is over the receiver's line.
    pub over_target: bool,
    /// The line under the pointer, if any, while dragging.
    pub under: Option<NodeId>,
    pub onpointerdown: Callback<PointerEvent>,
    pub onpointermove: Callback<PointerEvent>,
    pub onpointerup: Callback<PointerEvent>,
    /// Pointer cancelled, or capture lost: the ghost snaps back.
    pub onpointercancel: Callback<PointerEvent>,
}

/// Tracks a drag of the element behind `element` towards `target`, over a diagram of `nodes`
/// lines. `ontrack` hears where the drag is whenever it starts or the pointer enters or leaves a
/// line, and `None` when the drag ends; `onrelease` hears how the press ended.
#[hook]
pub fn use_ghost_drag(
    element: NodeRef,
    target: LaneGeom,
    nodes: NodeId,
    ontrack: Callback<Option<Track>>,
    onrelease: Callback<Release>,
) -> GhostDrag {
    let press: Rc<RefCell<Option<Press>>> = use_mut_ref(|| None);
    let redraw = use_force_update();

    {
        let press = press.clone();
        let ontrack = ontrack.clone();
        use_effect_with((), move |_| {
            move || {
                if press.borrow().as_ref().is_some_and(|p| p.moved) {
                    ontrack.emit(None);
                }
            }
        });
    }

    let onpointerdown = {
        let press = press.clone();
        let element = element.clone();
        Callback::from(move |e: PointerEvent| {
            if !e.is_primary() || e.button() != 0 {
                return;
            }
            let Some(el) = element.cast::<Element>() else {
                return;
            };
            let client = (f64::from(e.client_x()), f64::from(e.client_y()));
            let Some(start) = client_to_svg(&el, client) else {
                return;
            };
            // Without capture (a synthetic pointer, say) the drag still works while the pointer
            // stays over the ghost, so a refusal is not an error worth reporting.
            el.set_pointer_capture(e.pointer_id()).ok();
            *press.borrow_mut() = Some(Press {
                pointer: e.pointer_id(),
                start_client: client,
                start,
                current: start,
                moved: false,
                track: Track {
                    over: false,
                    under: None,
                },
            });
        })
    };

    let onpointermove = {
        let press = press.clone();
        let element = element.clone();
        let target = target.clone();
        let ontrack = ontrack.clone();
        let redraw = redraw.clone();
        Callback::from(move |e: PointerEvent| {
            let Some(el) = element.cast::<Element>() else {
                return;
            };
            let client = (f64::from(e.client_x()), f64::from(e.client_y()));
            let tracked = {
                let mut slot = press.borrow_mut();
                let Some(p) = slot.as_mut().filter(|p| p.pointer == e.pointer_id()) else {
                    return;
                };
                let Some(now) = client_to_svg(&el, client) else {
                    return;
                };
                p.current = now;
                let started = !p.moved
                    && (client.0 - p.start_client.0).hypot(client.1 - p.start_client.1)
                        > CLICK_SLOP;
                p.moved |= started;
                if !p.moved {
                    return;
                }
                let track = Track {
                    over: target.reaches(now),
                    under: lane_under(now, nodes),
                };
                let changed = started || track != p.track;
                p.track = track;
                changed.then_some(track)
            };
            redraw.force_update();
            if let Some(track) = tracked {
                ontrack.emit(Some(track));
            }
        })
    };

    let onpointerup = {
        let press = press.clone();
        let element = element.clone();
        let target = target.clone();
        let ontrack = ontrack.clone();
        let redraw = redraw.clone();
        Callback::from(move |e: PointerEvent| {
            let taken = take_press(&press, e.pointer_id());
            let Some(p) = taken else {
                return;
            };
            redraw.force_update();
            if !p.moved {
                onrelease.emit(Release::Click);
                return;
            }
            let client = (f64::from(e.client_x()), f64::from(e.client_y()));
            let at = element
                .cast::<Element>()
                .and_then(|el| client_to_svg(&el, client))
                .unwrap_or(p.current);
            ontrack.emit(None);
            onrelease.emit(Release::Drop {
                on_target: target.reaches(at),
                under: lane_under(at, nodes),
            });
        })
    };

    let onpointercancel = {
        let press = press.clone();
        let redraw = redraw.clone();
        Callback::from(move |e: PointerEvent| {
            let taken = take_press(&press, e.pointer_id());
            if let Some(p) = taken {
                redraw.force_update();
                if p.moved {
                    ontrack.emit(None);
                }
            }
        })
    };

    let current = press.borrow();
    let dragging = current.as_ref().is_some_and(|p| p.moved);
    GhostDrag {
        offset: match current.as_ref() {
            Some(p) if p.moved => Point::new(p.current.x - p.start.x, p.current.y - p.start.y),
            _ => Point::new(0.0, 0.0),
        },
        dragging,
        over_target: dragging && current.as_ref().is_some_and(|p| p.track.over),
        under: current
            .as_ref()
            .filter(|p| p.moved)
            .and_then(|p| p.track.under),
        onpointerdown,
        onpointermove,
        onpointerup,
        onpointercancel,
    }
}

/// Ends the press in progress if `pointer` made it (another finger lifting leaves it alone).
fn take_press(press: &RefCell<Option<Press>>, pointer: i32) -> Option<Press> {
    let mut slot = press.borrow_mut();
    match slot.as_ref() {
        Some(p) if p.pointer == pointer => slot.take(),
        _ => None,
    }
}

/// Converts client (viewport) coordinates to the user units of `element`'s SVG, whatever the
/// SVG's scale and scroll position.
pub(super) fn client_to_svg(element: &Element, (x, y): (f64, f64)) -> Option<Point> {
    let svg = element.dyn_ref::<SvgElement>()?.owner_svg_element()?;
    let m = svg.get_screen_ctm()?.inverse().ok()?;
    let (a, b, c, d, e, f) = (
        f64::from(m.a()),
        f64::from(m.b()),
        f64::from(m.c()),
        f64::from(m.d()),
        f64::from(m.e()),
        f64::from(m.f()),
    );
    Some(Point::new(a * x + c * y + e, b * x + d * y + f))
}
