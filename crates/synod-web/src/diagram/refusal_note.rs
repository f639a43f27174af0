//! Why a gesture was refused, in a small note above the element it was made on: a ghost that
//! cannot be delivered now, or a timer that may not fire now.

use yew::prelude::*;

use super::layout::{estimated_text_width, Point, FONT_SIZE};
use super::svg::num;

/// How long the note stays up after a refused gesture.
pub const REFUSAL_MS: u32 = 4000;

#[derive(Properties, PartialEq)]
pub struct RefusalNoteProps {
    pub reason: String,
    /// The refused element's top-left corner: the note sits just above it.
    pub near: Point,
    /// The diagram's width, to keep the note inside it.
    pub diagram_width: f64,
}

#[function_component]
pub fn RefusalNote(props: &RefusalNoteProps) -> Html {
    let width = estimated_text_width(&props.reason, FONT_SIZE) + 16.0;
    let left = props.near.x.min(props.diagram_width - width - 4.0).max(4.0);
    let top = props.near.y - 26.0;
    html! {
        <g class="refusal" role="status">
            <rect x={num(left)} y={num(top)} width={num(width)} height="20" rx="4" />
            <text x={num(left + 8.0)} y={num(top + 14.0)}>{ &props.reason }</text>
        </g>
    }
}
