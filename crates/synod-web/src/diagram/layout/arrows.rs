//! Arrows of messages that are no longer in flight: delivered (send dot to receive dot),
//! dropped (stops half-way at the step it was dropped) and lost (reaches the receiver's line at
//! the step it arrived while the receiver was down).
//!
//! Labels never collide: each slides along its arrow, within a band between two lines, to the
//! first spot where its box is clear of the labels placed before it and of the node names'
//! column; one that finds none is not drawn (its arrow's hover text still names it).

use synod_core::action::MessageId;
use synod_core::view::{FateView, WorldView};

use super::text::estimated_text_width;
use super::time_axis::TimeAxis;
use super::{Layout, Point, Positions, DOT_RADIUS, LANE_GAP, LANE_START};
use crate::diagram::describe::arrow_text;

/// How far towards its receiver a dropped message is drawn.
const DROPPED_REACH: f64 = 0.55;
/// Length and half-width of an arrowhead.
const HEAD_LENGTH: f64 = 8.0;
const HEAD_HALF_WIDTH: f64 = 4.0;
/// How far an arrow's label sits from its line.
const LABEL_OFFSET: f64 = 5.0;
/// The labels' font size (as the page's style sets it) and the height of a label's box.
const LABEL_FONT: f64 = 10.5;
const LABEL_HEIGHT: f64 = 12.0;
/// How close to a node's line a label may come: nearer, it would sit on the line's dots.
const LANE_CLEARANCE: f64 = 20.0;
/// Where along the band next to an end of its arrow a label may go: the middle of the band
/// first, then a little either side of it, as fractions of the gap between lines.
const SPOTS: [f64; 5] = [0.5, 0.38, 0.62, 0.3, 0.7];
/// The width of the columns that index placed labels, so that each label is checked only against
/// its neighbours.
const COLUMN: f64 = 128.0;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArrowEnd {
    /// Ends with a head on the receive dot.
    Delivered,
    /// Stops mid-way with a cross.
    Dropped,
    /// Reaches the receiver's line and ends with a cross.
    Lost,
}

/// Where an arrow's text goes: between two lanes, turned along the arrow but never upside down.
#[derive(Clone, Debug, PartialEq)]
pub struct ArrowLabel {
    pub at: Point,
    /// Degrees, within -90..=90.
    pub angle: f64,
    /// False when every spot along the arrow would collide with another label.
    pub shown: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ArrowGeom {
    pub message: MessageId,
    pub from: Point,
    pub to: Point,
    pub end: ArrowEnd,
    /// Three points of the arrowhead (delivered arrows only; the others end in a cross).
    pub head: Option<[Point; 3]>,
    pub label: ArrowLabel,
}

pub(super) fn place(view: &WorldView, positions: &Positions, axis: &TimeAxis) -> Vec<ArrowGeom> {
    let mut placed = PlacedLabels::default();
    view.messages
        .iter()
        .filter_map(|m| {
            let from = *positions.get(&m.sent_event)?;
            let (to, end) = match m.fate {
                FateView::InFlight => return None,
                FateView::Delivered { event, .. } => (
                    shorten(from, *positions.get(&event)?, DOT_RADIUS + 1.0),
                    ArrowEnd::Delivered,
                ),
                FateView::Dropped { step } => {
                    let aim = Point::new(axis.step_x(step), Layout::lane_y(m.to));
                    (from.lerp(aim, DROPPED_REACH), ArrowEnd::Dropped)
                }
                FateView::Lost { step } => (
                    Point::new(axis.step_x(step), Layout::lane_y(m.to)),
                    ArrowEnd::Lost,
                ),
            };
            let from = shorten(to, from, DOT_RADIUS);
            let width = estimated_text_width(&arrow_text(m), LABEL_FONT);
            Some(ArrowGeom {
                message: m.id,
                from,
                to,
                end,
                head: (end == ArrowEnd::Delivered).then(|| arrowhead(from, to)),
                label: placed.place(from, to, width),
            })
        })
        .collect()
}

/// An axis-aligned box.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LabelBox {
    pub left: f64,
    pub top: f64,
    pub right: f64,
    pub bottom: f64,
}

impl LabelBox {
    /// The box around a label `width` long at `label`, turned with it.
    pub fn around(label: &ArrowLabel, width: f64) -> LabelBox {
        let (sin, cos) = label.angle.to_radians().sin_cos();
        // The text sits on its baseline at `at`: its middle is half a line above, turned.
        let centre = Point::new(
            label.at.x + sin * LABEL_HEIGHT / 3.0,
            label.at.y - cos * LABEL_HEIGHT / 3.0,
        );
        let half_x = (width * cos.abs() + LABEL_HEIGHT * sin.abs()) / 2.0;
        let half_y = (width * sin.abs() + LABEL_HEIGHT * cos.abs()) / 2.0;
        LabelBox {
            left: centre.x - half_x,
            top: centre.y - half_y,
            right: centre.x + half_x,
            bottom: centre.y + half_y,
        }
    }

    pub fn overlaps(&self, other: &LabelBox) -> bool {
        self.left < other.right
            && other.left < self.right
            && self.top < other.bottom
            && other.top < self.bottom
    }

    /// The columns the box spans (it lies right of the node names, so at a positive x).
    fn columns(&self) -> std::ops::RangeInclusive<usize> {
        (self.left / COLUMN) as usize..=(self.right / COLUMN) as usize
    }
}

/// The boxes of the labels placed so far, by column.
#[derive(Default)]
struct PlacedLabels(Vec<Vec<LabelBox>>);

impl PlacedLabels {
    /// The label of an arrow from `from` to `to`, `width` long, at the first clear spot.
    fn place(&mut self, from: Point, to: Point, width: f64) -> ArrowLabel {
        let spots = spots(from, to);
        let sides = [Side::Left, Side::Right];
        let choices = sides
            .iter()
            .flat_map(|&side| spots.iter().map(move |&fraction| (fraction, side)));
        let clear = choices.into_iter().find_map(|(fraction, side)| {
            let label = label(from, to, fraction, side);
            let bounds = LabelBox::around(&label, width);
            let free = bounds.left >= LANE_START
                && clear_of_lines(label.at.y)
                && !bounds.columns().any(|column| {
                    self.0
                        .get(column)
                        .is_some_and(|boxes| boxes.iter().any(|b| b.overlaps(&bounds)))
                });
            free.then_some((label, bounds))
        });
        match clear {
            Some((label, bounds)) => {
                let columns = bounds.columns();
                if self.0.len() <= *columns.end() {
                    self.0.resize_with(columns.end() + 1, Vec::new);
                }
                for column in columns {
                    self.0[column].push(bounds);
                }
                label
            }
            None => ArrowLabel {
                shown: false,
                ..label(from, to, spots[0], Side::Left)
            },
        }
    }
}

/// Whether a label standing at `y` keeps [`LANE_CLEARANCE`] from every node's line (lines lie
/// every [`LANE_GAP`] from the first).
fn clear_of_lines(y: f64) -> bool {
    let past = (y - Layout::lane_y(0)).rem_euclid(LANE_GAP);
    past.min(LANE_GAP - past) >= LANE_CLEARANCE
}

/// Where along an arrow its label may sit, as fractions of its length, best first: in the band
/// next to the sender's line, then in the band next to the receiver's, never within
/// [`LANE_CLEARANCE`] of a line.
fn spots(from: Point, to: Point) -> Vec<f64> {
    let rise = (to.y - from.y).abs();
    if rise < 2.0 * LANE_CLEARANCE {
        return vec![0.5, 0.3, 0.7, 0.2, 0.8];
    }
    let near_sender = SPOTS.iter().map(|s| (s * LANE_GAP).min(rise / 2.0) / rise);
    let near_receiver = SPOTS
        .iter()
        .map(|s| 1.0 - (s * LANE_GAP).min(rise / 2.0) / rise);
    let mut spots: Vec<f64> = near_sender.chain(near_receiver).collect();
    spots.dedup();
    spots
}

/// `to` moved `by` units back towards `from`, so that an arrow stops at a dot's rim.
fn shorten(from: Point, to: Point, by: f64) -> Point {
    let length = (to.x - from.x).hypot(to.y - from.y);
    if length <= by {
        return to;
    }
    to.lerp(from, by / length)
}

/// The triangle of an arrowhead whose tip is at `to`, pointing away from `from`.
pub fn arrowhead(from: Point, to: Point) -> [Point; 3] {
    let length = (to.x - from.x).hypot(to.y - from.y).max(f64::EPSILON);
    let (ux, uy) = ((to.x - from.x) / length, (to.y - from.y) / length);
    let base = Point::new(to.x - ux * HEAD_LENGTH, to.y - uy * HEAD_LENGTH);
    [
        to,
        Point::new(base.x - uy * HEAD_HALF_WIDTH, base.y + ux * HEAD_HALF_WIDTH),
        Point::new(base.x + uy * HEAD_HALF_WIDTH, base.y - ux * HEAD_HALF_WIDTH),
    ]
}

/// Which side of its arrow a label sits on, looking along the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Side {
    /// Above the line as the text reads: its usual place.
    Left,
    /// Below it, when the usual place is taken.
    Right,
}

/// The label at `fraction` of the way along the arrow, set off its line on `side` and turned
/// along it, never upside down.
fn label(from: Point, to: Point, fraction: f64, side: Side) -> ArrowLabel {
    let mut angle = (to.y - from.y).atan2(to.x - from.x).to_degrees();
    if angle > 90.0 {
        angle -= 180.0;
    } else if angle < -90.0 {
        angle += 180.0;
    }
    let middle = from.lerp(to, fraction);
    let normal = (angle - 90.0).to_radians();
    // The text stands on its baseline: below the line, the baseline goes a line's height lower.
    let offset = match side {
        Side::Left => LABEL_OFFSET,
        Side::Right => -(LABEL_OFFSET + LABEL_HEIGHT - 3.0),
    };
    ArrowLabel {
        at: Point::new(
            middle.x + normal.cos() * offset,
            middle.y + normal.sin() * offset,
        ),
        angle,
        shown: true,
    }
}
