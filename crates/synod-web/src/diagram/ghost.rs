//! An in-flight message as a ghost: a token at the frontier (its resting arrow is drawn by
//! [`super::ghost_links`]), which the user drags onto the receiver's line to deliver it, or works
//! with the keyboard.

use gloo::timers::callback::Timeout;
use synod_core::action::{MessageId, NodeId};
use synod_core::view::MessageView;
use web_sys::{Element, FocusEvent, KeyboardEvent, MouseEvent};
use yew::prelude::*;

use super::describe::{drop_warning, ghost_label, ghost_text};
use super::drag::{use_ghost_drag, Release, Track};
use super::ghost_links::GhostLink;
use super::keyboard_nav::nav_x;
use super::layout::{GhostGeom, LaneGeom, Point};
use super::refusal_note::{RefusalNote, REFUSAL_MS};
use super::svg::{num, translate};
use super::{DropHint, MessageMenuRequest};

#[derive(Properties, PartialEq)]
pub struct GhostProps {
    pub message: MessageView,
    pub geom: GhostGeom,
    /// The receiver's lane: the drop target.
    pub lane: LaneGeom,
    /// The diagram's width, to keep the refusal note inside it.
    pub diagram_width: f64,
    /// How many node lines the diagram has.
    pub nodes: NodeId,
    /// The receiver is crashed: a delivery now loses the message.
    pub receiver_crashed: bool,
    pub selected: bool,
    /// The ghost was dropped on its receiver's line.
    pub ondeliver: Callback<MessageId>,
    /// Enter or Space was pressed on the ghost.
    pub ondeliverbykey: Callback<MessageId>,
    pub onselect: Callback<MessageId>,
    pub onmenu: Callback<MessageMenuRequest>,
    /// Hears which lane to highlight while this ghost is dragged.
    pub ontrack: Callback<Option<DropHint>>,
}

#[function_component]
pub fn Ghost(props: &GhostProps) -> Html {
    let id = props.message.id;
    let blocked = props.message.blocked.clone();
    let element = use_node_ref();
    // A note that outlives the gesture that raised it: a refusal, or a drop on the wrong line.
    let note = use_state(|| None::<String>);
    {
        let note = note.clone();
        use_effect_with((*note).clone(), move |shown| {
            let timeout = shown
                .is_some()
                .then(|| Timeout::new(REFUSAL_MS, move || note.set(None)));
            move || drop(timeout)
        });
    }
    let receiver_crashed = props.receiver_crashed;

    // Delivers the message through `deliver`, or shows why it cannot be delivered now.
    let attempt = {
        let note = note.clone();
        let message = props.message.clone();
        move |deliver: &Callback<MessageId>| {
            if message.blocked.is_some() {
                note.set(drop_warning(&message, receiver_crashed, None));
            } else {
                deliver.emit(id);
            }
        }
    };

    let ontrack = {
        let ontrack = props.ontrack.clone();
        let lane = props.lane.node;
        let refused = blocked.is_some();
        Callback::from(move |track: Option<Track>| {
            ontrack.emit(track.map(|track| DropHint {
                message: id,
                lane,
                over: track.over,
                under: track.under,
                refused,
                lost: receiver_crashed,
            }))
        })
    };
    let onrelease = {
        let onselect = props.onselect.clone();
        let ondeliver = props.ondeliver.clone();
        let attempt = attempt.clone();
        let note = note.clone();
        let message = props.message.clone();
        Callback::from(move |release| match release {
            Release::Click => onselect.emit(id),
            Release::Drop {
                on_target: true, ..
            } => attempt(&ondeliver),
            Release::Drop {
                on_target: false,
                under,
            } => note.set(drop_warning(&message, receiver_crashed, under)),
        })
    };
    let drag = use_ghost_drag(
        element.clone(),
        props.lane.clone(),
        props.nodes,
        ontrack,
        onrelease,
    );

    let onkeydown = {
        let onmenu = props.onmenu.clone();
        let ondeliverbykey = props.ondeliverbykey.clone();
        let element = element.clone();
        Callback::from(move |e: KeyboardEvent| {
            let key = e.key();
            if key == "Enter" || key == " " {
                e.prevent_default();
                attempt(&ondeliverbykey);
            } else if key == "ContextMenu" || (key == "F10" && e.shift_key()) {
                e.prevent_default();
                if let Some(el) = element.cast::<Element>() {
                    let rect = el.get_bounding_client_rect();
                    onmenu.emit(MessageMenuRequest {
                        id,
                        x: rect.left(),
                        y: rect.bottom(),
                    });
                }
            }
        })
    };
    let oncontextmenu = {
        let onmenu = props.onmenu.clone();
        Callback::from(move |e: MouseEvent| {
            e.prevent_default();
            onmenu.emit(MessageMenuRequest {
                id,
                x: f64::from(e.client_x()),
                y: f64::from(e.client_y()),
            });
        })
    };
    let onfocus = {
        let onselect = props.onselect.clone();
        Callback::from(move |_: FocusEvent| onselect.emit(id))
    };

    let geom = &props.geom;
    let kind = format!("msg-kind-{}", props.message.kind);
    let left = geom.center.x - geom.width / 2.0;
    let top = geom.center.y - geom.height / 2.0;
    let label = ghost_label(&props.message);
    // While dragging, the warning for where the ghost is; else a note left by the last gesture.
    let shown_note = if drag.dragging {
        drop_warning(&props.message, receiver_crashed, drag.under)
    } else {
        (*note).clone()
    };
    let classes = classes!(
        "ghost",
        kind.clone(),
        blocked.is_some().then_some("blocked"),
        props.selected.then_some("selected"),
        drag.dragging.then_some("dragging"),
        drag.over_target.then_some("over-target"),
    );
    html! {
        <>
            if drag.dragging {
                <GhostLink message={props.message.clone()} geom={geom.clone()} offset={drag.offset} />
            }
            <g ref={element} class={classes}
               data-testid={format!("msg-{id}")} data-ghost={id.to_string()}
               tabindex="-1" role="button"
               data-nav-node={props.message.to.to_string()} data-nav-x={nav_x(geom.center.x)}
               aria-label={label.clone()}
               aria-description={blocked.clone()}
               aria-disabled={blocked.is_some().then_some("true")}
               transform={translate(drag.offset)}
               onpointerdown={drag.onpointerdown}
               onpointermove={drag.onpointermove}
               onpointerup={drag.onpointerup}
               onpointercancel={drag.onpointercancel.clone()}
               onlostpointercapture={drag.onpointercancel}
               {onkeydown} {oncontextmenu} {onfocus}>
                <title>{ label }</title>
                <rect class="ghost-box" x={num(left)} y={num(top)}
                      width={num(geom.width)} height={num(geom.height)}
                      rx={num(geom.height / 2.0)} />
                <text class="ghost-text" x={num(geom.center.x)} y={num(geom.center.y + 4.0)}
                      text-anchor="middle">{ ghost_text(&props.message) }</text>
            </g>
            if let Some(reason) = shown_note {
                <RefusalNote {reason} near={Point::new(left + drag.offset.x, top + drag.offset.y)}
                             diagram_width={props.diagram_width} />
            }
        </>
    }
}
