//! Zooming the time axis: the buttons under the drawing, Ctrl + wheel (a trackpad's pinch arrives
//! as that too) and a two-finger pinch on a touch screen. The zoom itself lives in the app's
//! state, so the keyboard shortcuts reach it as well; gestures note where they happened, so that
//! the diagram keeps that point in time under the pointer.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use gloo::events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use web_sys::{Element, PointerEvent, WheelEvent};
use yew::prelude::*;

/// How much one press of a zoom button or key zooms.
pub const ZOOM_STEP: f64 = 1.5;
/// How strongly the wheel zooms, per pixel of scroll.
const WHEEL_RATE: f64 = 0.002;

/// A change of zoom asked for by the user.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ZoomChange {
    /// Multiply the zoom by this factor.
    By(f64),
    /// Set it.
    To(f64),
}

/// Where in the viewport (CSS pixels from its left edge) the next zoom should stay put; `None`
/// keeps the middle.
pub type ZoomAnchor = Rc<RefCell<Option<f64>>>;

#[derive(Properties, PartialEq)]
pub struct ZoomControlsProps {
    pub zoom: f64,
    /// The zoom at which the whole run fits the viewport.
    pub fit: f64,
    pub onzoom: Callback<ZoomChange>,
}

/// The zoom buttons: out, the current zoom (which resets it), in, and fit the whole run.
#[function_component]
pub fn ZoomControls(props: &ZoomControlsProps) -> Html {
    let by = |factor: f64| {
        props
            .onzoom
            .reform(move |_: MouseEvent| ZoomChange::By(factor))
    };
    let to = |zoom: f64| {
        props
            .onzoom
            .reform(move |_: MouseEvent| ZoomChange::To(zoom))
    };
    let percent = percent(props.zoom);
    html! {
        <div class="zoom-controls" role="group" aria-label="Zoom the time axis">
            <button type="button" class="tool" data-testid="zoom-out" aria-label="Zoom out (−)"
                    title="Zoom out (−, or Ctrl + wheel)" onclick={by(1.0 / ZOOM_STEP)}>{ "−" }</button>
            <button type="button" class="tool zoom-level" data-testid="zoom-reset"
                    aria-label={format!("Zoom {percent}; reset to 100% (0)")} title="Reset to 100% (0)"
                    onclick={to(1.0)}>{ percent }</button>
            <button type="button" class="tool" data-testid="zoom-in" aria-label="Zoom in (+)"
                    title="Zoom in (+, or Ctrl + wheel)" onclick={by(ZOOM_STEP)}>{ "+" }</button>
            <button type="button" class="tool" data-testid="zoom-fit" aria-label="Fit the whole run"
                    title="Fit the whole run in view" onclick={to(props.fit)}>{ "Fit" }</button>
        </div>
    }
}

/// A zoom in percent, with a decimal below 10% so that far-out zooms do not all read "0%".
fn percent(zoom: f64) -> String {
    let percent = zoom * 100.0;
    if percent < 9.95 {
        format!("{percent:.1}%")
    } else {
        format!("{percent:.0}%")
    }
}

/// Zooms on Ctrl (or ⌘) + wheel over the scroller and on a two-finger pinch inside it, noting
/// the gesture's place in `anchor` before asking for the change.
#[hook]
pub fn use_zoom_gestures(scroller: NodeRef, anchor: ZoomAnchor, onzoom: Callback<ZoomChange>) {
    let touches: Rc<RefCell<BTreeMap<i32, (f64, f64)>>> = use_mut_ref(BTreeMap::new);
    use_effect_with((), move |_| {
        let listeners = scroller.cast::<Element>().map(|el| {
            let offset_of = {
                let el = el.clone();
                move |client_x: f64| client_x - el.get_bounding_client_rect().left()
            };
            let wheel = {
                let (anchor, onzoom, offset_of) =
                    (anchor.clone(), onzoom.clone(), offset_of.clone());
                let options = EventListenerOptions::enable_prevent_default();
                EventListener::new_with_options(&el, "wheel", options, move |event| {
                    let Some(wheel) = event.dyn_ref::<WheelEvent>() else {
                        return;
                    };
                    if !(wheel.ctrl_key() || wheel.meta_key()) {
                        return;
                    }
                    wheel.prevent_default();
                    let pixels = match wheel.delta_mode() {
                        WheelEvent::DOM_DELTA_LINE => wheel.delta_y() * 16.0,
                        WheelEvent::DOM_DELTA_PAGE => wheel.delta_y() * 400.0,
                        _ => wheel.delta_y(),
                    };
                    *anchor.borrow_mut() = Some(offset_of(f64::from(wheel.client_x())));
                    onzoom.emit(ZoomChange::By((-pixels * WHEEL_RATE).exp().clamp(0.5, 2.0)));
                })
            };
            let down = {
                let touches = touches.clone();
                EventListener::new(&el, "pointerdown", move |event| {
                    if let Some(p) = touch(event) {
                        touches.borrow_mut().insert(p.pointer_id(), client(p));
                    }
                })
            };
            let moved = {
                let touches = touches.clone();
                EventListener::new(&el, "pointermove", move |event| {
                    let Some(p) = touch(event) else {
                        return;
                    };
                    let mut touches = touches.borrow_mut();
                    if touches.len() != 2 || !touches.contains_key(&p.pointer_id()) {
                        return;
                    }
                    let before = spread(&touches);
                    touches.insert(p.pointer_id(), client(p));
                    let after = spread(&touches);
                    if before.0 > 8.0 && after.0 > 8.0 {
                        *anchor.borrow_mut() = Some(offset_of(after.1));
                        onzoom.emit(ZoomChange::By(after.0 / before.0));
                    }
                })
            };
            let ended: Vec<EventListener> = ["pointerup", "pointercancel"]
                .into_iter()
                .map(|kind| {
                    let touches = touches.clone();
                    EventListener::new(&el, kind, move |event| {
                        if let Some(p) = event.dyn_ref::<PointerEvent>() {
                            touches.borrow_mut().remove(&p.pointer_id());
                        }
                    })
                })
                .collect();
            (wheel, down, moved, ended)
        });
        move || drop(listeners)
    });
}

fn touch(event: &Event) -> Option<&PointerEvent> {
    event
        .dyn_ref::<PointerEvent>()
        .filter(|p| p.pointer_type() == "touch")
}

fn client(p: &PointerEvent) -> (f64, f64) {
    (f64::from(p.client_x()), f64::from(p.client_y()))
}

/// The distance between the two touches, and the x midway between them.
fn spread(touches: &BTreeMap<i32, (f64, f64)>) -> (f64, f64) {
    let mut points = touches.values();
    match (points.next(), points.next()) {
        (Some(a), Some(b)) => ((a.0 - b.0).hypot(a.1 - b.1), (a.0 + b.0) / 2.0),
        _ => (0.0, 0.0),
    }
}

#[cfg(test)]
mod tests {
    use super::percent;

    #[test]
    fn far_out_zooms_keep_a_decimal() {
        assert_eq!(percent(1.0), "100%");
        assert_eq!(percent(1.5), "150%");
        assert_eq!(percent(0.25), "25%");
        assert_eq!(percent(0.004), "0.4%");
        assert_eq!(percent(0.001), "0.1%");
    }
}
