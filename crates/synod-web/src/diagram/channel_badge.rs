//! The badge of a channel's group of in-flight messages (see [`super::layout`]'s ghosts): "+4"
//! beside the group's head shows the four messages behind it as ghosts of their own, each
//! draggable; "−" gathers them behind the head again.

use web_sys::KeyboardEvent;
use yew::prelude::*;

use super::keyboard_nav::nav_x;
use super::layout::{BadgeGeom, Channel};
use super::svg::num;

#[derive(Properties, PartialEq)]
pub struct ChannelBadgeProps {
    pub geom: BadgeGeom,
    pub ontoggle: Callback<Channel>,
}

#[function_component]
pub fn ChannelBadge(props: &ChannelBadgeProps) -> Html {
    let geom = &props.geom;
    let channel = geom.channel;
    let (from, to) = channel;
    let label = if geom.expanded {
        format!(
            "Gather the {} messages in flight from node {from} to node {to} behind the first",
            geom.size
        )
    } else if geom.size == 2 {
        format!("Show the other message in flight from node {from} to node {to}")
    } else {
        format!(
            "Show the {} other messages in flight from node {from} to node {to}",
            geom.size - 1
        )
    };
    let onclick = props.ontoggle.reform(move |_: MouseEvent| channel);
    let onkeydown = {
        let ontoggle = props.ontoggle.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" || e.key() == " " {
                e.prevent_default();
                ontoggle.emit(channel);
            }
        })
    };
    html! {
        <g class={classes!("channel-badge", geom.expanded.then_some("expanded"))}
           data-testid={format!("group-{from}-{to}")} role="button" tabindex="-1"
           data-nav-node={to.to_string()} data-nav-x={nav_x(geom.center.x)}
           aria-expanded={geom.expanded.to_string()} aria-label={label.clone()}
           {onclick} {onkeydown}>
            <title>{ label }</title>
            <rect x={num(geom.center.x - geom.width / 2.0)} y={num(geom.center.y - geom.height / 2.0)}
                  width={num(geom.width)} height={num(geom.height)} rx={num(geom.height / 2.0)} />
            <text x={num(geom.center.x)} y={num(geom.center.y + 4.0)} text-anchor="middle">{ geom.text() }</text>
        </g>
    }
}
