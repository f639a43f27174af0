//! The clocks of the event under the pointer or in focus, drawn in the SVG so that keyboard
//! users see them too (a `<title>` only shows on hover).

use synod_core::view::EventView;
use yew::prelude::*;

use super::describe::{event_clocks, event_summary};
use super::layout::{estimated_text_width, Point, FONT_SIZE, LANE_START};
use super::svg::num;

const LINE_HEIGHT: f64 = 15.0;
const PADDING: f64 = 7.0;
/// Gap between the dot and the tooltip.
const DISTANCE: f64 = 14.0;

#[derive(Properties, PartialEq)]
pub struct TooltipProps {
    pub event: EventView,
    pub at: Point,
    pub diagram_width: f64,
}

#[function_component]
pub fn Tooltip(props: &TooltipProps) -> Html {
    let mut lines = vec![event_summary(&props.event), event_clocks(&props.event)];
    lines.extend(props.event.notes.iter().cloned());
    let width = lines
        .iter()
        .map(|l| estimated_text_width(l, FONT_SIZE))
        .fold(0.0, f64::max)
        + 2.0 * PADDING;
    let height = lines.len() as f64 * LINE_HEIGHT + PADDING;
    // Right of the lane labels, which are laid over the diagram's left edge.
    let left = (props.at.x - width / 2.0)
        .min(props.diagram_width - width - 2.0)
        .max(LANE_START);
    let above = props.at.y - DISTANCE - height;
    let top = if above >= 2.0 {
        above
    } else {
        props.at.y + DISTANCE
    };
    html! {
        <g class="tooltip" aria-hidden="true">
            <rect x={num(left)} y={num(top)} width={num(width)} height={num(height)} rx="4" />
            { for lines.iter().enumerate().map(|(k, line)| html! {
                <text class={if k == 0 { "tooltip-head" } else { "tooltip-line" }}
                      x={num(left + PADDING)} y={num(top + PADDING + 8.0 + k as f64 * LINE_HEIGHT)}>
                    { line }
                </text>
            }) }
        </g>
    }
}
