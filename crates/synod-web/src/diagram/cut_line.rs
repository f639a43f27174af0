//! A cut (such as a snapshot's recorded cut) across the node lines, with its label. Complete cuts
//! are solid, incomplete ones dashed; a node that has not recorded yet is marked at the
//! frontier with a hollow ring.

use synod_core::view::CutView;
use yew::prelude::*;

use super::layout::{CutGeom, Point};
use super::svg::{num, points};

#[derive(Properties, PartialEq)]
pub struct CutLineProps {
    pub index: usize,
    pub cut: CutView,
    pub geom: CutGeom,
}

#[function_component]
pub fn CutLine(props: &CutLineProps) -> Html {
    let geom = &props.geom;
    let mut line: Vec<Point> = vec![geom.top];
    line.extend(geom.points.iter().map(|p| p.at));
    line.push(geom.bottom);
    let waiting: Vec<String> = props
        .cut
        .points
        .iter()
        .enumerate()
        .filter(|(_, point)| point.is_none())
        .map(|(node, _)| node.to_string())
        .collect();
    let status = if props.cut.complete {
        "complete".to_string()
    } else if waiting.is_empty() {
        "in progress: channels still recording".to_string()
    } else {
        format!(
            "in progress: not recorded yet at node {}",
            waiting.join(", ")
        )
    };
    let classes = classes!(
        "cut",
        format!("cut-color-{}", props.index % 4),
        if props.cut.complete {
            "complete"
        } else {
            "incomplete"
        },
    );
    html! {
        <g data-testid={format!("cut-{}", props.index)} class={classes}
           role="img" aria-label={format!("Cut of {}, {status}", props.cut.label)}>
            <title>{ format!("{}: {status}", props.cut.label) }</title>
            <polyline class="cut-line" points={points(&line)} />
            { for geom.points.iter().map(|p| if p.recorded {
                html! { <circle class="cut-point" cx={num(p.at.x)} cy={num(p.at.y)} r="2.5" /> }
            } else {
                html! { <circle class="cut-pending" cx={num(p.at.x)} cy={num(p.at.y)} r="4" /> }
            }) }
            <text class="cut-label" x={num(geom.label_at.x)} y={num(geom.label_at.y)}
                  text-anchor="middle">{ &props.cut.label }</text>
        </g>
    }
}
