//! A strip under the step numbers, for a protocol whose configurations have a valence (FLP):
//! each step coloured by the valence of the configuration it leads to, so that the moment a
//! run loses one of its decisions stands out (and an adversary's run stays one colour).

use std::rc::Rc;

use yew::prelude::*;

use super::blocks::Shown;
use super::layout::Layout;
use super::svg::num;
use crate::explorer::messages::StepValence;

/// The strip's top and height, between the step numbers and the steps' shading.
const TOP: f64 = 22.0;
const HEIGHT: f64 = 5.0;

#[derive(Properties, PartialEq)]
pub struct ValenceStripProps {
    pub geometry: Rc<Layout>,
    pub shown: Shown,
    /// Each configuration's valence, the start's first.
    pub valences: Rc<Vec<StepValence>>,
}

#[function_component]
pub fn ValenceStrip(props: &ValenceStripProps) -> Html {
    let steps = props
        .geometry
        .steps
        .iter()
        .filter(|span| props.shown.reaches([span.start, span.end]))
        .filter_map(|span| Some((span, *props.valences.get(span.step as usize)?)));
    html! {
        <g class="valence-strip" data-testid="valence-strip">
            { for steps.map(|(span, valence)| html! {
                <rect key={span.step} class={format!("valence-tick valence-{}", valence.class())}
                      data-step={span.step.to_string()} data-valence={valence.class()}
                      x={num(span.start)} y={num(TOP)} width={num(span.end - span.start)} height={num(HEIGHT)}>
                    <title>{ format!("after step {}: {}", span.step, valence.name()) }</title>
                </rect>
            }) }
        </g>
    }
}
