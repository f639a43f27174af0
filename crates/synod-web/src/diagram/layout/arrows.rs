//! Arrows of messages that are no longer in flight: delivered (send dot to receive dot),
//! dropped (stops half-way at the step it was dropped) and lost (reaches the receiver's line at
//! the step it arrived while the receiver was down).

use synod_core::action::MessageId;
use synod_core::view::{FateView, WorldView};

use super::time_axis::TimeAxis;
use super::{Layout, Point, Positions, DOT_RADIUS, LANE_GAP};

/// How far towards its receiver a dropped message is drawn.
const DROPPED_REACH: f64 = 0.55;
/// Length and half-width of an arrowhead.
const HEAD_LENGTH: f64 = 8.0;
const HEAD_HALF_WIDTH: f64 = 4.0;
/// How far an arrow's label sits from its line.
const LABEL_OFFSET: f64 = 5.0;

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
            Some(ArrowGeom {
                message: m.id,
                from,
                to,
                end,
                head: (end == ArrowEnd::Delivered).then(|| arrowhead(from, to)),
                label: label(from, to),
            })
        })
        .collect()
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

/// The label goes half-way between the sender's line and the next one, so that on an arrow
/// spanning several lanes it never sits on a line in between (where dots are).
fn label(from: Point, to: Point) -> ArrowLabel {
    let mut angle = (to.y - from.y).atan2(to.x - from.x).to_degrees();
    if angle > 90.0 {
        angle -= 180.0;
    } else if angle < -90.0 {
        angle += 180.0;
    }
    let rise = (to.y - from.y).abs();
    let fraction = if rise > 0.0 {
        (LANE_GAP / 2.0 / rise).min(0.5)
    } else {
        0.5
    };
    let middle = from.lerp(to, fraction);
    let normal = (angle - 90.0).to_radians();
    ArrowLabel {
        at: Point::new(
            middle.x + normal.cos() * LABEL_OFFSET,
            middle.y + normal.sin() * LABEL_OFFSET,
        ),
        angle,
    }
}
