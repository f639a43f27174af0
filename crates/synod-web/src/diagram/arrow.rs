//! A message that is no longer in flight: an arrow from its send dot to its receive dot, or one
//! that ends in a cross where it was dropped or lost, or a stub that never left its sender. The message kind is a CSS class, so
//! markers and transfers (and later protocols' kinds) are styled apart.

use synod_core::view::MessageView;
use yew::prelude::*;

use super::describe::{arrow_text, arrow_title};
use super::layout::{ArrowEnd, ArrowGeom, Point};
use super::svg::{num, points};

/// Half the size of the cross at the end of a dropped or lost message.
const CROSS: f64 = 5.0;

#[derive(Properties, PartialEq)]
pub struct ArrowProps {
    pub message: MessageView,
    pub geom: ArrowGeom,
    pub selected: bool,
    /// It crosses the user's cut backwards (received inside, sent outside).
    pub crossing: bool,
}

#[function_component]
pub fn Arrow(props: &ArrowProps) -> Html {
    let geom = &props.geom;
    let end = match geom.end {
        ArrowEnd::Delivered => "delivered",
        ArrowEnd::Dropped => "dropped",
        ArrowEnd::Lost => "lost",
        ArrowEnd::Unsent => "unsent",
    };
    let classes = classes!(
        "arrow",
        format!("msg-kind-{}", props.message.kind),
        end,
        props.message.copy_of.map(|_| "copy"),
        props.selected.then_some("selected"),
        props.crossing.then_some("cut-crossing"),
    );
    let label = &geom.label;
    html! {
        <g class={classes} data-message={props.message.id.to_string()}>
            <title>{ arrow_title(&props.message) }</title>
            <line class="arrow-line" x1={num(geom.from.x)} y1={num(geom.from.y)}
                  x2={num(geom.to.x)} y2={num(geom.to.y)} />
            if let Some(head) = &geom.head {
                <polygon class="arrow-head" points={points(head)} />
            } else {
                { cross(geom.to) }
            }
            // A label with no clear spot is left out; the arrow's hover text still names it.
            if label.shown {
                <text class="arrow-label" x={num(label.at.x)} y={num(label.at.y)} text-anchor="middle"
                      transform={format!("rotate({} {} {})", num(label.angle), num(label.at.x), num(label.at.y))}>
                    { arrow_text(&props.message) }
                </text>
            }
        </g>
    }
}

fn cross(at: Point) -> Html {
    let d = format!(
        "M{},{} L{},{} M{},{} L{},{}",
        num(at.x - CROSS),
        num(at.y - CROSS),
        num(at.x + CROSS),
        num(at.y + CROSS),
        num(at.x - CROSS),
        num(at.y + CROSS),
        num(at.x + CROSS),
        num(at.y - CROSS)
    );
    html! { <path class="cross" {d} /> }
}
