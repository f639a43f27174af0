//! A band along a node's line: a view the node was in (virtual synchrony), from the event it
//! installed it at (or the start) to the event it left it at (or the end, while it lasts), tinted
//! by the view's number so that successive views differ, with the view's label at its start. It
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
    let title = title(band);
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

/// "Node 2 in view 1 {0,2}": the label `v1 {0,2}` read out, with the view's number in words.
fn title(band: &BandView) -> String {
    let rest = band
        .label
        .strip_prefix(&format!("v{}", band.number))
        .map_or_else(|| format!(" ({})", band.label), str::to_string);
    format!("Node {} in view {}{rest}", band.node, band.number)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn band(label: &str) -> BandView {
        BandView {
            node: 2,
            from: Some(4),
            to: None,
            number: 1,
            label: label.to_string(),
        }
    }

    #[test]
    fn the_title_reads_the_label_out() {
        assert_eq!(title(&band("v1 {0,2}")), "Node 2 in view 1 {0,2}");
        assert_eq!(title(&band("first view")), "Node 2 in view 1 (first view)");
    }
}
