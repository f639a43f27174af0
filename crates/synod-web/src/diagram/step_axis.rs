//! Step numbers along the top (as many as fit side by side at the zoom), with every other step
//! shaded so that the events of one step read
//! as a group. Steps are drawn in blocks (see [`super::blocks`]), so a new step re-renders only
//! the newest block, and only the blocks near the view are drawn at all.

use std::ops::Range;
use std::rc::Rc;

use yew::prelude::*;

use super::blocks::{blocks, Shown};
use super::layout::Layout;
use super::svg::num;

/// Where the shading of a step begins, below the step numbers.
const BAND_TOP: f64 = 28.0;

#[derive(Properties, PartialEq)]
pub struct StepAxisProps {
    pub geometry: Rc<Layout>,
    /// The stretch whose steps are drawn.
    pub shown: Shown,
}

#[function_component]
pub fn StepAxis(props: &StepAxisProps) -> Html {
    let geometry = &props.geometry;
    // The bands reach down the whole canvas (clipped to the drawing), so they change only when
    // the canvas grows.
    let band_height = geometry.canvas().y - BAND_TOP;
    html! {
        <g class="steps" aria-hidden="true">
            <g class="step-ticks">
                { for blocks(geometry.steps.iter().map(|span| span.step))
                    .into_iter()
                    .filter(|block| {
                        let spans = &geometry.steps[block.range.clone()];
                        props.shown.reaches(spans.iter().flat_map(|s| [s.start, s.end]))
                    })
                    .map(|block| html! {
                    <StepBlock key={block.key} geometry={Rc::clone(geometry)} range={block.range} {band_height} />
                }) }
            </g>
            if !geometry.ghosts.is_empty() {
                <text class="step-caption in-flight-caption" x={num(geometry.frontier)} y="20">{ "in flight" }</text>
            }
        </g>
    }
}

#[derive(Properties)]
struct StepBlockProps {
    geometry: Rc<Layout>,
    /// The block's steps, as indices into `geometry.steps`.
    range: Range<usize>,
    band_height: f64,
}

impl PartialEq for StepBlockProps {
    /// Compares the block's own steps, not the whole layouts around them.
    fn eq(&self, other: &Self) -> bool {
        self.range == other.range
            && self.band_height == other.band_height
            && self.geometry.steps.get(self.range.clone())
                == other.geometry.steps.get(other.range.clone())
    }
}

#[function_component]
fn StepBlock(props: &StepBlockProps) -> Html {
    let steps = props
        .geometry
        .steps
        .get(props.range.clone())
        .unwrap_or_default();
    html! {
        <g class="step-block">
            { for steps.iter().map(|span| html! {
                <g key={span.step}>
                    if span.step % 2 == 0 {
                        <rect class="step-band" x={num(span.start)} y={num(BAND_TOP)}
                              width={num(span.end - span.start)} height={num(props.band_height)} />
                    }
                    if span.labelled {
                        <text class="step-number" x={num(span.center())} y="20" text-anchor="middle">
                            { span.step }
                        </text>
                    }
                </g>
            }) }
        </g>
    }
}
