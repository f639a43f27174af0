//! A node's line: a wide transparent band that takes clicks and ghost drops, and the line itself,
//! dashed while the node was crashed. Its label lives in [`super::lane_labels`], which stays in
//! sight when the diagram scrolls.

use synod_core::action::NodeId;
use yew::prelude::*;

use super::layout::LaneGeom;
use super::svg::num;
use super::DropHint;

#[derive(Properties, PartialEq)]
pub struct LaneProps {
    pub geom: LaneGeom,
    pub crashed: bool,
    pub selected: bool,
    /// Set while a ghost bound for this node is dragged.
    pub drop: Option<DropHint>,
    /// A ghost bound for another node is dragged over this line.
    #[prop_or_default]
    pub wrong: bool,
    pub onselect: Callback<NodeId>,
}

#[function_component]
pub fn Lane(props: &LaneProps) -> Html {
    let geom = &props.geom;
    let node = geom.node;
    let onclick = props.onselect.reform(move |_: MouseEvent| node);
    let drop = props.drop.as_ref();
    let classes = classes!(
        "lane",
        props.selected.then_some("selected"),
        props.crashed.then_some("crashed"),
        drop.map(|_| "drop-target"),
        drop.filter(|d| d.over).map(|_| "drop-over"),
        drop.filter(|d| d.refused).map(|_| "drop-refused"),
        drop.filter(|d| d.lost && !d.refused).map(|_| "drop-lost"),
        props.wrong.then_some("drop-wrong"),
    );
    html! {
        <g data-testid={format!("node-{node}")} class={classes} {onclick}>
            <rect class="lane-reach" x="0" y={num(geom.reach_top)}
                  width={num(geom.end)} height={num(geom.reach_bottom - geom.reach_top)} />
            <g class="lane-segments">
                { for geom.segments.iter().map(|s| html! {
                    <line class={classes!("lane-line", s.down.then_some("down"))}
                          x1={num(s.start)} x2={num(s.end)} y1={num(geom.y)} y2={num(geom.y)} />
                }) }
            </g>
        </g>
    }
}
