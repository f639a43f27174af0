//! Bands along node lines (`view.extra.bands`: virtual synchrony's views): each a stretch of one
//! node's line, from the event it began after (or the line's start) to the event that ended it
//! (or the line's end, while it lasts), a little taller than the line, with its label just above
//! the line at its start.
//!
//! A label keeps clear of the arrows' labels (placed first) and of the next band's label on its
//! line: it slides a little right of the band's start, shortens to its first word (`v3`), or is
//! left out (the band's hover text and the inspector still name the view).
//!
//! Bands are few (one per view a node installs), so they are placed afresh with every layout: the
//! work is in the number of bands, not the length of the run.

use std::collections::BTreeMap;

use synod_core::action::NodeId;
use synod_core::trace::EventId;
use synod_core::view::WorldView;

use super::arrows::{Arrows, LabelBox};
use super::text::estimated_text_width;
use super::{Layout, Point, Positions, DOT_RADIUS, LANE_START};

/// Half the height of a band: a little more than an event dot's radius, so a band reads as a
/// thick stretch of the line with the dots on it.
pub const BAND_HALF_HEIGHT: f64 = 8.0;
/// The labels' font size (as the page's style sets it).
const BAND_LABEL_FONT: f64 = 9.5;
/// How far above the line a label's baseline sits: clear of the band and of the timers on the
/// line (half as tall as they are wide apart), below the ghosts between the lines.
const LABEL_RISE: f64 = 12.0;
/// How far right of the band's start its label begins: clear of the dot of the event it began
/// after (and of that dot's pick label above it).
const LABEL_INSET: f64 = DOT_RADIUS + 3.0;
/// Space kept between a label and the next band's label on the same line.
const LABEL_GAP: f64 = 6.0;
/// How far right of its place a label may slide, in steps, to clear an arrow's label.
const SLIDES: [f64; 6] = [0.0, 10.0, 20.0, 30.0, 45.0, 60.0];

#[derive(Clone, Debug, PartialEq)]
pub struct BandGeom {
    pub node: NodeId,
    pub number: u32,
    pub start: f64,
    pub end: f64,
    pub top: f64,
    pub bottom: f64,
    /// The label's left end, on its baseline.
    pub label_at: Point,
    /// The text drawn there: the band's label, or its first word (`v3`) where the whole label
    /// would run into the next band's, or nothing where even that would.
    pub label: Option<String>,
}

impl BandGeom {
    /// The right end of the label's text, if it is drawn.
    pub fn label_end(&self) -> Option<f64> {
        self.label
            .as_ref()
            .map(|text| self.label_at.x + estimated_text_width(text, BAND_LABEL_FONT))
    }
}

/// One geometry per band of `view.extra.bands`, in the same order (an event the view does not
/// hold, which a view from the core never names, counts as the line's start or end). Open bands
/// reach infinitely far, until [`reach`] ends them where the node lines end (which waits for the
/// diagram's width, which waits for the labels).
pub(super) fn place(view: &WorldView, positions: &Positions, arrows: &Arrows) -> Vec<BandGeom> {
    let mut bands: Vec<BandGeom> = view
        .extra
        .bands
        .iter()
        .map(|band| {
            let at = |event: Option<EventId>| event.and_then(|e| positions.get(&e)).map(|p| p.x);
            let start = at(band.from).unwrap_or(LANE_START);
            let end = at(band.to).unwrap_or(f64::INFINITY);
            let y = Layout::lane_y(band.node);
            BandGeom {
                node: band.node,
                number: band.number,
                start,
                end: end.max(start),
                top: y - BAND_HALF_HEIGHT,
                bottom: y + BAND_HALF_HEIGHT,
                label_at: Point::new(start + LABEL_INSET, y - LABEL_RISE),
                label: Some(band.label.clone()),
            }
        })
        .collect();
    // Each label may run up to the next band's label on its line (where that one would begin
    // before sliding).
    let mut starts: BTreeMap<NodeId, Vec<f64>> = BTreeMap::new();
    for band in &bands {
        starts.entry(band.node).or_default().push(band.label_at.x);
    }
    for line in starts.values_mut() {
        line.sort_by(f64::total_cmp);
    }
    for band in &mut bands {
        let x = band.label_at.x;
        let limit = starts[&band.node]
            .iter()
            .find(|&&next| next > x)
            .map_or(f64::INFINITY, |next| next - LABEL_GAP);
        let label = band.label.take().unwrap_or_default();
        let first = label
            .split_whitespace()
            .next()
            .unwrap_or_default()
            .to_string();
        let texts = [label, first];
        let spot = texts
            .iter()
            .filter(|text| !text.is_empty())
            .flat_map(|text| SLIDES.iter().map(move |slide| (text, x + slide)))
            .find(|(text, left)| {
                let right = left + estimated_text_width(text, BAND_LABEL_FONT);
                *left < band.end
                    && right <= limit
                    && arrows.label_clear(&LabelBox {
                        left: *left,
                        top: band.label_at.y - BAND_LABEL_FONT,
                        right,
                        bottom: band.label_at.y + 2.0,
                    })
            });
        if let Some((text, left)) = spot {
            band.label = Some(text.clone());
            band.label_at.x = left;
        }
    }
    bands
}

/// Ends the open bands at `line_end`, the right end of the node lines.
pub(super) fn reach(bands: &mut [BandGeom], line_end: f64) {
    for band in bands {
        band.end = band.end.min(line_end).max(band.start);
    }
}
