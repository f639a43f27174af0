//! A partition on the timeline, from the step that split the network to the step that healed it:
//! lanes tinted by group and a jagged network cut between neighbouring lanes of different groups,
//! captioned while the partition holds.

use yew::prelude::*;

use super::layout::{PartitionGeom, CAPTION_INSET, CAPTION_RISE, CUT_CAPTION};
use super::svg::{num, points};

#[derive(Properties, PartialEq)]
pub struct PartitionOverlayProps {
    pub geom: PartitionGeom,
}

#[function_component]
pub fn PartitionOverlay(props: &PartitionOverlayProps) -> Html {
    let geom = &props.geom;
    html! {
        <g class={classes!("partition", (!geom.current).then_some("healed"))}
           data-testid={format!("partition-from-{}", geom.from)} aria-hidden="true">
            { for geom.lanes.iter().map(|lane| html! {
                <rect class={format!("partition-band partition-group-{}", lane.group % 4)}
                      x={num(geom.start)} y={num(lane.top)}
                      width={num(geom.end - geom.start)} height={num(lane.bottom - lane.top)} />
            }) }
            { for geom.cuts.iter().map(|cut| html! {
                <polyline class="partition-cut" points={points(cut)} />
            }) }
            { for geom.cuts.iter().filter(|_| geom.current).filter_map(|cut| cut.last()).map(|end| html! {
                <text class="partition-caption" x={num(end.x - CAPTION_INSET)} y={num(end.y - CAPTION_RISE)}
                      text-anchor="end">{ CUT_CAPTION }</text>
            }) }
        </g>
    }
}
