//! A cut the learner draws across the diagram: a handle on each node's line, dragged (or moved
//! with the arrow keys) between that node's events. The page says whether the cut is consistent
//! and, if not, which message crosses it backwards: received inside the cut, sent outside it.
//! It is drawn like a snapshot's recorded cut, for any protocol.

use std::rc::Rc;

use synod_core::action::{MessageId, NodeId};
use synod_core::trace::EventId;
use synod_core::view::{FateView, WorldView};
use web_sys::{Element, KeyboardEvent, PointerEvent};
use yew::prelude::*;

use super::drag::client_to_svg;
use super::layout::{Layout, Point, LANE_START};
use super::svg::{num, points};

/// How far right of its last event inside the cut a handle crosses its node's line.
const CROSSING_OFFSET: f64 = 12.0;
/// How far the cut reaches above the first line and below the last.
const OVERHANG: f64 = 22.0;

/// For each node, the last of its events inside the cut (`None`: none of them).
pub type Cut = Vec<Option<EventId>>;

/// The cut with every event of `view` inside it: the present.
pub fn everything(view: &WorldView) -> Cut {
    let mut cut = vec![None; view.nodes.len()];
    for event in view.events.iter() {
        if let Some(point) = cut.get_mut(event.node as usize) {
            *point = Some(event.id);
        }
    }
    cut
}

/// `cut` with each point that is not an event of its node in `view` (after an undo took events
/// away) moved back to that node's last event before it.
pub fn fit(view: &WorldView, cut: &Cut) -> Cut {
    let mut fitted = cut.clone();
    fitted.resize(view.nodes.len(), None);
    for (node, point) in fitted.iter_mut().enumerate() {
        let fits = point.is_none_or(|id| {
            view.events
                .get(id as usize)
                .is_some_and(|e| e.node as usize == node)
        });
        if !fits {
            let limit = point.unwrap_or(0);
            *point = view
                .events
                .iter()
                .rev()
                .find(|e| e.node as usize == node && e.id <= limit)
                .map(|e| e.id);
        }
    }
    fitted
}

/// Whether event `id` of `node` is inside `cut` (a node's events are numbered in its order).
fn inside(cut: &Cut, node: NodeId, id: EventId) -> bool {
    cut.get(node as usize)
        .copied()
        .flatten()
        .is_some_and(|last| id <= last)
}

/// The first message that crosses `cut` backwards: received inside it, sent outside it. A cut
/// without one is consistent: it could have been the state of the system at one moment.
pub fn crossing(view: &WorldView, cut: &Cut) -> Option<MessageId> {
    view.messages.iter().find_map(|m| match m.fate {
        FateView::Delivered { event, .. }
            if inside(cut, m.to, event) && !inside(cut, m.from, m.sent_event) =>
        {
            Some(m.id)
        }
        _ => None,
    })
}

/// The last event of `node` drawn left of `x`, where a handle released at `x` snaps.
fn snap(geometry: &Layout, node: NodeId, x: f64) -> Option<EventId> {
    geometry
        .events
        .iter()
        .filter(|e| e.node == node && e.at.x <= x)
        .map(|e| e.id)
        .next_back()
}

/// The point one event further along `node`'s line (`forward`) or one back.
fn step(geometry: &Layout, node: NodeId, point: Option<EventId>, forward: bool) -> Option<EventId> {
    let mut own = geometry
        .events
        .iter()
        .filter(|e| e.node == node)
        .map(|e| e.id);
    match (point, forward) {
        (None, true) => own.next(),
        (None, false) => None,
        (Some(id), true) => own.find(|e| *e > id).or(Some(id)),
        (Some(id), false) => own.rfind(|e| *e < id),
    }
}

/// Where the cut crosses `node`'s line.
fn crossing_point(geometry: &Layout, node: NodeId, point: Option<EventId>) -> Point {
    let x = point
        .and_then(|id| geometry.event(id))
        .map_or(LANE_START + 4.0, |e| e.at.x + CROSSING_OFFSET);
    Point::new(x, Layout::lane_y(node))
}

/// The verdict on a cut, in words.
pub fn verdict(view: &WorldView, cut: &Cut) -> String {
    match crossing(view, cut).and_then(|id| view.messages.get(id as usize)) {
        None => "Consistent cut: every message received inside it was sent inside it.".to_string(),
        Some(m) => format!(
            "Inconsistent cut: message m{} ({}) is received inside it, by node {}, but sent outside it, by node {}.",
            m.id, m.label, m.to, m.from
        ),
    }
}

#[derive(Properties, PartialEq)]
pub struct UserCutLineProps {
    pub geometry: Rc<Layout>,
    pub cut: Cut,
    pub consistent: bool,
    pub onchange: Callback<Cut>,
}

/// The drawn cut and its handles, one per node line.
#[function_component]
pub fn UserCutLine(props: &UserCutLineProps) -> Html {
    let geometry = &props.geometry;
    let crossings: Vec<Point> = props
        .cut
        .iter()
        .enumerate()
        .map(|(node, point)| crossing_point(geometry, node as NodeId, *point))
        .collect();
    let mut line = Vec::with_capacity(crossings.len() + 2);
    if let (Some(first), Some(last)) = (crossings.first(), crossings.last()) {
        line.push(Point::new(first.x, first.y - OVERHANG));
        line.extend(crossings.iter().copied());
        line.push(Point::new(last.x, last.y + OVERHANG));
    }
    // The node whose handle is being dragged, with its pointer.
    let dragging = use_mut_ref(|| None::<(NodeId, i32)>);
    let handles = crossings.iter().enumerate().map(|(index, at)| {
        let node = index as NodeId;
        let point = props.cut[index];
        let moved = {
            let cut = props.cut.clone();
            let onchange = props.onchange.clone();
            move |to: Option<EventId>| {
                if cut[node as usize] != to {
                    let mut next = cut.clone();
                    next[node as usize] = to;
                    onchange.emit(next);
                }
            }
        };
        let onpointerdown = {
            let dragging = dragging.clone();
            Callback::from(move |e: PointerEvent| {
                if let Some(el) = e.target_dyn_into::<Element>() {
                    el.set_pointer_capture(e.pointer_id()).ok();
                }
                *dragging.borrow_mut() = Some((node, e.pointer_id()));
                e.prevent_default();
            })
        };
        let onpointermove = {
            let dragging = dragging.clone();
            let geometry = Rc::clone(geometry);
            let moved = moved.clone();
            Callback::from(move |e: PointerEvent| {
                if *dragging.borrow() != Some((node, e.pointer_id())) {
                    return;
                }
                let client = (f64::from(e.client_x()), f64::from(e.client_y()));
                let at = e
                    .target_dyn_into::<Element>()
                    .and_then(|el| client_to_svg(&el, client));
                if let Some(at) = at {
                    moved(snap(&geometry, node, at.x - CROSSING_OFFSET / 2.0));
                }
            })
        };
        let onpointerup = {
            let dragging = dragging.clone();
            Callback::from(move |_: PointerEvent| *dragging.borrow_mut() = None)
        };
        let onkeydown = {
            let geometry = Rc::clone(geometry);
            Callback::from(move |e: KeyboardEvent| {
                let to = match e.key().as_str() {
                    "ArrowRight" => step(&geometry, node, point, true),
                    "ArrowLeft" => step(&geometry, node, point, false),
                    "Home" => None,
                    "End" => step(&geometry, node, Some(EventId::MAX), false),
                    _ => return,
                };
                e.prevent_default();
                e.stop_propagation();
                moved(to);
            })
        };
        let place = match point {
            Some(id) => format!("after event e{id}"),
            None => "before its first event".to_string(),
        };
        html! {
            <rect class="user-cut-handle" data-testid={format!("cut-handle-{node}")}
                  x={num(at.x - 5.0)} y={num(at.y - 11.0)} width="10" height="22" rx="3"
                  role="slider" tabindex="0"
                  aria-label={format!("Cut on node {node}'s line: drag, or use the arrow keys")}
                  aria-valuetext={place}
                  {onpointerdown} {onpointermove} onpointerup={onpointerup.clone()}
                  onpointercancel={onpointerup} {onkeydown} />
        }
    });
    html! {
        <g class={classes!("user-cut", (!props.consistent).then_some("inconsistent"))}
           data-testid="user-cut">
            <polyline class="cut-line" points={points(&line)} />
            { for handles }
        </g>
    }
}

#[cfg(test)]
mod tests {
    use synod_core::scenario::Scenario;

    use super::*;
    use crate::diagram::layout::{layout, MIN_WIDTH};

    /// Node 0 sends m0 to node 1, node 1 sends m1 to node 2, both delivered: events e0 (send m0),
    /// e1 (receive m0), e2 (send m1), e3 (receive m1).
    fn chain() -> WorldView {
        let text = r#"{"version": 1, "protocol": "chandy-lamport", "params": {"nodes": 3}, "seed": 1,
            "actions": [{"command": {"node": 0, "cmd": {"transfer": {"to": 1, "amount": 5}}}}, {"deliver": 0},
                        {"command": {"node": 1, "cmd": {"transfer": {"to": 2, "amount": 5}}}}, {"deliver": 1}]}"#;
        Scenario::from_json(text).unwrap().replay().unwrap().view()
    }

    /// The `nth` event on `node`'s line.
    fn id_of(view: &WorldView, node: NodeId, nth: usize) -> EventId {
        view.events
            .iter()
            .filter(|e| e.node == node)
            .nth(nth)
            .unwrap()
            .id
    }

    #[test]
    fn the_present_is_consistent_and_a_receipt_without_its_send_is_not() {
        let view = chain();
        let all = everything(&view);
        assert_eq!(crossing(&view, &all), None);
        // Node 2's receipt of m1 inside, node 1's send of it outside.
        let mut cut = all.clone();
        cut[1] = None;
        cut[2] = Some(id_of(&view, 2, 0));
        assert_eq!(crossing(&view, &cut), Some(1));
        assert!(verdict(&view, &cut).starts_with("Inconsistent cut: message m1"));
        // A send inside and its receipt outside is fine: the message is in transit.
        let mut in_transit = all;
        in_transit[2] = None;
        assert_eq!(crossing(&view, &in_transit), None);
        assert!(verdict(&view, &in_transit).starts_with("Consistent cut"));
    }

    #[test]
    fn handles_snap_to_events_and_step_between_them() {
        let view = chain();
        let geometry = layout(&view, MIN_WIDTH, 1.0);
        let first = id_of(&view, 1, 0);
        let x = geometry.event(first).unwrap().at.x;
        assert_eq!(snap(&geometry, 1, x + 1.0), Some(first));
        assert_eq!(snap(&geometry, 1, x - 1.0), None);
        assert_eq!(step(&geometry, 1, None, true), Some(first));
        assert_eq!(step(&geometry, 1, Some(first), false), None);
        let last = everything(&view)[1];
        assert_eq!(
            step(&geometry, 1, last, true),
            last,
            "the last event stays put"
        );
    }

    #[test]
    fn an_undo_moves_points_back_to_events_that_remain() {
        let view = chain();
        let cut = everything(&view);
        let shorter = Scenario::from_json(
            r#"{"version": 1, "protocol": "chandy-lamport", "params": {"nodes": 3}, "seed": 1,
                "actions": [{"command": {"node": 0, "cmd": {"transfer": {"to": 1, "amount": 5}}}}]}"#,
        )
        .unwrap()
        .replay()
        .unwrap()
        .view();
        let fitted = fit(&shorter, &cut);
        assert_eq!(fitted, everything(&shorter));
    }
}
