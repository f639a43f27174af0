//! A band along a node's line: a stretch the protocol points out, such as a view the node was in
//! (virtual synchrony) or whom it suspected (a failure detector), from the event it began at (or
//! the start) to the event it ended at (or the end, while it lasts), tinted by its number so that
//! successive bands differ, with its label at its start. It
//! lies under the line, the arrows and the events, and takes no clicks: the line takes them.

use synod_core::view::BandView;
use yew::prelude::*;

use super::layout::BandGeom;
use super::svg::num;

/// How many tints the bands take in turn, by view number (see `.band-color-*` in diagram.css).
const COLORS: u32 = 2;

#[derive(Properties, PartialEq)]
pub struct ViewBandProps {
    pub band: BandView,
    pub geom: BandGeom,
}

#[function_component]
pub fn ViewBand(props: &ViewBandProps) -> Html {
    let band = &props.band;
    let geom = &props.geom;
    let title = band.title.clone();
    html! {
        <g class={classes!("view-band", format!("band-color-{}", band.number % COLORS))}
           data-testid={format!("view-band-{}-{}", band.node, band.number)}
           role="img" aria-label={title.clone()}>
            <title>{ title }</title>
            <rect class="view-band-fill" x={num(geom.start)} y={num(geom.top)}
                  width={num(geom.end - geom.start)} height={num(geom.bottom - geom.top)} rx="5" />
            if let Some(text) = &geom.label {
                <text class="view-band-label" x={num(geom.label_at.x)} y={num(geom.label_at.y)}>
                    { text }
                </text>
            }
        </g>
    }
}
