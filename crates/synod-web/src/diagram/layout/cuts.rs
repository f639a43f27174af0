//! Cuts (such as a snapshot's recorded cut) drawn across the node lines: a polyline crossing
//! each line just after the event at which that node recorded, or at the frontier for a node
//! that has not recorded yet.

use synod_core::view::WorldView;

use super::text::estimated_text_width;
use super::{Layout, Point, Positions, FONT_SIZE};

/// How far right of its event a cut crosses a node line: half-way to the next column.
const CROSSING_OFFSET: f64 = 12.0;
/// Extra offset per cut, so that two cuts through the same event stay apart.
const CUT_SPREAD: f64 = 4.0;
/// How far a cut reaches above the first line and below the last.
const OVERHANG: f64 = 22.0;
/// Height of one row of cut labels under the last line.
const LABEL_ROW: f64 = 15.0;
/// Space between the cut's lower end and its label's baseline.
const LABEL_GAP: f64 = 14.0;

#[derive(Clone, Debug, PartialEq)]
pub struct CutPoint {
    pub at: Point,
    /// False where the node has not reached the cut: the point sits at the frontier.
    pub recorded: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct CutGeom {
    /// One per node, top to bottom.
    pub points: Vec<CutPoint>,
    /// Where the polyline starts (above the first line) and ends (below the last).
    pub top: Point,
    pub bottom: Point,
    /// The label's centre baseline.
    pub label_at: Point,
    pub complete: bool,
}

pub(super) fn place(
    view: &WorldView,
    positions: &Positions,
    frontier: f64,
    last_lane: f64,
    width: f64,
) -> Vec<CutGeom> {
    let mut rows: Vec<Vec<(f64, f64)>> = Vec::new();
    view.extra
        .cuts
        .iter()
        .enumerate()
        .map(|(index, cut)| {
            let spread = CUT_SPREAD * (index % 3) as f64;
            let points: Vec<CutPoint> = cut
                .points
                .iter()
                .enumerate()
                .map(|(node, point)| {
                    let y = Layout::lane_y(node as u32);
                    match point.and_then(|e| positions.get(&e)) {
                        Some(event) => CutPoint {
                            at: Point::new(event.x + CROSSING_OFFSET + spread, y),
                            recorded: true,
                        },
                        None => CutPoint {
                            at: Point::new(frontier - CROSSING_OFFSET + spread, y),
                            recorded: false,
                        },
                    }
                })
                .collect();
            let first_x = points.first().map_or(frontier, |p| p.at.x);
            let last_x = points.last().map_or(frontier, |p| p.at.x);
            let top = Point::new(first_x, Layout::lane_y(0) - OVERHANG);
            let bottom = Point::new(last_x, last_lane + OVERHANG);
            let label_width = estimated_text_width(&cut.label, FONT_SIZE);
            let center = last_x.clamp(
                label_width / 2.0 + 2.0,
                (width - label_width / 2.0 - 2.0).max(0.0),
            );
            let span = (center - label_width / 2.0, center + label_width / 2.0);
            let row = free_row(&mut rows, span);
            CutGeom {
                points,
                top,
                bottom,
                label_at: Point::new(center, bottom.y + LABEL_GAP + LABEL_ROW * row as f64),
                complete: cut.complete,
            }
        })
        .collect()
}

/// The first row whose labels leave `span` free; records `span` there.
fn free_row(rows: &mut Vec<Vec<(f64, f64)>>, span: (f64, f64)) -> usize {
    const MARGIN: f64 = 6.0;
    let index = rows
        .iter()
        .position(|row| {
            row.iter()
                .all(|&(start, end)| span.1 + MARGIN <= start || end + MARGIN <= span.0)
        })
        .unwrap_or(rows.len());
    if index == rows.len() {
        rows.push(Vec::new());
    }
    rows[index].push(span);
    index
}
