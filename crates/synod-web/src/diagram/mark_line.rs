//! A moment the protocol points out (Paxos's point of no return): a line across every node's
//! line at its step, its short label at the top, its whole sentence as hover text and accessible
//! name, and a ring around each event that made it so (the acceptances of the quorum).
//!
//! It lies over the lines and under the arrows and events, which keep their clicks: only a thin
//! strip along the line and the label answer the pointer, to show the sentence.
//!
//! A function rather than a component: marks are few and are placed afresh with every layout, so
//! a component would skip no render and would only add its machinery to the page's bundle.

use synod_core::view::MarkView;
use yew::prelude::*;

use super::layout::{MarkGeom, RING_RADIUS};
use super::svg::num;

/// Mark `index` of the view, drawn at `geom`.
pub fn mark_line(index: usize, mark: &MarkView, geom: &MarkGeom) -> Html {
    let (x, top, bottom) = (num(geom.x), num(geom.top), num(geom.bottom));
    html! {
        <g key={index} class="mark" data-testid={format!("mark-{index}")} role="img"
           aria-label={format!("{} at step {}: {}", mark.label, mark.step, mark.detail)}>
            <title>{ &mark.detail }</title>
            { for geom.rings.iter().map(|at| html! {
                <circle class="mark-ring" cx={num(at.x)} cy={num(at.y)} r={num(RING_RADIUS)} />
            }) }
            <line class="mark-line" x1={x.clone()} y1={top.clone()} x2={x.clone()} y2={bottom.clone()} />
            <line class="mark-hit" x1={x.clone()} y1={top} x2={x} y2={bottom} />
            if let Some(at) = geom.label_at {
                <text class="mark-label" x={num(at.x)} y={num(at.y)}>{ &mark.label }</text>
            }
        </g>
    }
}
