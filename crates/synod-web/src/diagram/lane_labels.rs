//! The "node i" labels at the left of the lines. They sit in a small SVG of their own, laid over
//! the left edge of the scrolling diagram, so that they stay in sight on a long run without
//! following the scroll position (which would restyle the whole diagram on every scroll). A label
//! selects its node for the inspector.

use synod_core::action::NodeId;
use web_sys::KeyboardEvent;
use yew::prelude::*;

use super::layout::{Layout, LANE_START};
use super::svg::num;

#[derive(Properties, PartialEq)]
pub struct LaneLabelsProps {
    /// Whether each node (by id) is crashed.
    pub crashed: Vec<bool>,
    /// Whether each node (by id) is a traitor.
    pub traitors: Vec<bool>,
    /// The diagram's height, so that the labels line up with the lanes.
    pub height: f64,
    pub selected: Option<NodeId>,
    pub onselect: Callback<NodeId>,
}

/// How far right of the label column the step numbers fade out.
const CAPTION_FADE: f64 = 28.0;

#[function_component]
pub fn LaneLabels(props: &LaneLabelsProps) -> Html {
    let width = LANE_START - 4.0;
    html! {
        <svg class="lane-labels" viewBox={format!("0 0 {} {}", num(width), num(props.height))}
             width={num(width)} height={num(props.height)}>
            // The step numbers scroll under the caption: an opaque backdrop, and a fade beyond it,
            // so that a number half under it reads as going, not as a shorter number.
            <defs>
                <linearGradient id="step-caption-fade">
                    <stop class="step-caption-fade-stop" offset="0" />
                    <stop class="step-caption-fade-stop" offset="1" stop-opacity="0" />
                </linearGradient>
            </defs>
            <rect class="step-caption-backdrop" x="0" y="6" width={num(width)} height="20" />
            <rect x={num(width)} y="6" width={num(CAPTION_FADE)} height="20" fill="url(#step-caption-fade)" />
            <text class="step-caption" x={num(LANE_START - 10.0)} y="20" text-anchor="end">{ "step" }</text>
            <g class="lane-label-list">
                { for (0..).zip(&props.crashed).map(|(node, &crashed)| html! {
                    <LaneLabel key={node} {node} {crashed}
                               traitor={props.traitors.get(node as usize).copied().unwrap_or(false)}
                               selected={props.selected == Some(node)} onselect={props.onselect.clone()} />
                }) }
            </g>
        </svg>
    }
}

#[derive(Properties, PartialEq)]
struct LaneLabelProps {
    node: NodeId,
    crashed: bool,
    traitor: bool,
    selected: bool,
    onselect: Callback<NodeId>,
}

#[function_component]
fn LaneLabel(props: &LaneLabelProps) -> Html {
    let node = props.node;
    let y = Layout::lane_y(node);
    let onclick = props.onselect.reform(move |_: MouseEvent| node);
    let onkeydown = {
        let onselect = props.onselect.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" || e.key() == " " {
                e.prevent_default();
                onselect.emit(node);
            }
        })
    };
    let status = match (props.traitor, props.crashed) {
        (true, true) => Some("traitor, crashed"),
        (true, false) => Some("traitor"),
        (false, true) => Some("crashed"),
        (false, false) => None,
    };
    let state = status.map_or(String::new(), |s| format!(", {s}"));
    let classes = classes!(
        "lane-label",
        props.selected.then_some("selected"),
        props.crashed.then_some("crashed"),
        props.traitor.then_some("traitor"),
    );
    html! {
        <g class={classes} role="button" tabindex="-1"
           aria-label={format!("Inspect node {node}{state}")}
           aria-pressed={if props.selected { "true" } else { "false" }}
           {onclick} {onkeydown}>
            <rect class="lane-label-backdrop" x="0" y={num(y - 12.0)} width={num(LANE_START - 4.0)} height="32" rx="4" />
            <text class="lane-name" x={num(LANE_START - 10.0)} y={num(y + 4.0)} text-anchor="end">
                { format!("node {node}") }
            </text>
            if let Some(status) = status {
                <text class="lane-status" x={num(LANE_START - 10.0)} y={num(y + 16.0)}
                      text-anchor="end">{ status }</text>
            }
        </g>
    }
}
