//! The dashed arrows from send dots to resting ghosts, drawn beneath every ghost so that an arrow
//! passing a ghost it does not belong to goes behind it. The ghost being dragged draws its own
//! arrow instead, following it.

use synod_core::view::MessageView;
use yew::prelude::*;

use super::layout::{arrowhead, GhostGeom, Point};
use super::svg::{num, points};

#[derive(Properties, PartialEq)]
pub struct GhostLinkProps {
    pub message: MessageView,
    pub geom: GhostGeom,
    /// How far the ghost is moved from its resting place.
    pub offset: Point,
}

#[function_component]
pub fn GhostLink(props: &GhostLinkProps) -> Html {
    let geom = &props.geom;
    let tip = geom.arrow_tip(props.offset);
    let head = arrowhead(geom.anchor, tip);
    let classes = classes!(
        "ghost-link",
        format!("msg-kind-{}", props.message.kind),
        props.message.blocked.as_ref().map(|_| "blocked"),
    );
    html! {
        <g class={classes} aria-hidden="true">
            <line x1={num(geom.anchor.x)} y1={num(geom.anchor.y)} x2={num(tip.x)} y2={num(tip.y)} />
            <polygon points={points(&head)} />
        </g>
    }
}
