//! Arrows of messages that are no longer in flight: delivered (send dot to receive dot),
//! dropped (stops half-way at the step it was dropped) and lost (reaches the receiver's line at
//! the step it arrived while the receiver was down).
//!
//! Labels never collide: each slides along its arrow, within a band between two lines, to the
//! first spot where its box is clear of the labels placed before it (those of messages that
//! settled earlier) and of the node names' column; one that finds none is not drawn (its arrow's
//! hover text still names it).

use std::ops::RangeInclusive;

use synod_core::action::MessageId;
use synod_core::chunked::CHUNK;
use synod_core::view::{FateView, MessageView, WorldView};

use super::text::estimated_text_width;
use super::time_axis::TimeAxis;
use super::{Layout, Point, Positions, DOT_RADIUS, LANE_GAP, LANE_START};
use crate::diagram::describe::arrow_text;

/// How far towards its receiver a dropped message is drawn.
const DROPPED_REACH: f64 = 0.55;
/// How far a message its sender crashed before sending is drawn: a stub at the sender.
const UNSENT_REACH: f64 = 0.18;
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
    /// A stub at its sender, ending with a cross: its sender crashed mid-send.
    Unsent,
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

/// When a message settled, and its id: the order in which arrows' labels are placed. An arrow
/// settled earlier keeps its label's spot whatever settles later, so labels stay put as the run
/// grows, and a layout can be brought up to date by taking back the labels placed from some
/// point on and placing the new ones (see [`Arrows::follow`]).
type Settled = (u64, MessageId);

fn settled(message: &MessageView) -> Option<Settled> {
    match message.fate {
        FateView::InFlight => None,
        FateView::Delivered { step, .. }
        | FateView::Dropped { step }
        | FateView::Lost { step }
        | FateView::Unsent { step }
        | FateView::Withheld { step } => Some((step, message.id)),
    }
}

/// The arrows of a layout, and the boxes of their labels kept to place later ones around.
#[derive(Clone, Debug, Default)]
pub struct Arrows {
    /// One per settled message, in message id order.
    pub list: Vec<ArrowGeom>,
    placed: PlacedLabels,
    /// The labels in the order they were placed (ascending [`Settled`] order), each with the
    /// columns its box took, if it is shown.
    log: Vec<(Settled, Option<RangeInclusive<usize>>)>,
}

impl PartialEq for Arrows {
    /// Two layouts' arrows are the same when their arrows are: the labels' boxes follow from them.
    fn eq(&self, other: &Arrows) -> bool {
        self.list == other.list
    }
}

impl Arrows {
    /// The arrows of `view`, brought up to date from `before`, the arrows of `before_view` on the
    /// same time axis up to step `kept_before` (every event and step slot before it is where it
    /// was). Only the arrows whose message changed, or that settled from that step on, are placed
    /// again: the work follows what changed, not the length of the run.
    pub(super) fn follow(
        before: Option<(Arrows, &WorldView)>,
        kept_before: u64,
        view: &WorldView,
        positions: &Positions,
        axis: &TimeAxis,
    ) -> Arrows {
        let (mut arrows, changed) = match before {
            Some((arrows, before_view)) => (arrows, changed_messages(before_view, view)),
            None => (
                Arrows::default(),
                (0..view.messages.len() as MessageId)
                    .map(|id| (id, None))
                    .collect(),
            ),
        };
        // Every label placed from the first one that changed on is taken back.
        let cut = changed
            .iter()
            .flat_map(|&(id, before_settled)| {
                let now = view.messages.get(id as usize).and_then(settled);
                before_settled.into_iter().chain(now)
            })
            .chain([(kept_before, 0)])
            .min()
            .unwrap_or((kept_before, 0));
        let mut replace: Vec<MessageId> = Vec::new();
        while let Some(&(key, _)) = arrows.log.last() {
            if key < cut {
                break;
            }
            let (key, columns) = arrows.log.pop().expect("a placed label");
            arrows.placed.take_back(columns);
            if let Ok(index) = arrows.list.binary_search_by_key(&key.1, |a| a.message) {
                arrows.list.remove(index);
            }
            replace.push(key.1);
        }
        replace.extend(changed.iter().map(|(id, _)| *id));
        let mut due: Vec<(Settled, &MessageView)> = replace
            .into_iter()
            .filter_map(|id| {
                let message = view.messages.get(id as usize)?;
                settled(message)
                    .filter(|key| *key >= cut)
                    .map(|key| (key, message))
            })
            .collect();
        due.sort_by_key(|(key, _)| *key);
        due.dedup_by_key(|(key, _)| *key);
        for (key, message) in due {
            let Some(arrow) = arrows.geometry(message, positions, axis) else {
                continue;
            };
            let index = arrows.list.partition_point(|a| a.message < key.1);
            arrows.list.insert(index, arrow.0);
            arrows.log.push((key, arrow.1));
        }
        arrows
    }

    /// Whether an upright box (another kind of label) is clear of every arrow's label shown.
    pub(super) fn label_clear(&self, bounds: &LabelBox) -> bool {
        self.placed.clear(bounds)
    }

    /// The arrow of a settled message with its label placed, and the columns its label took.
    fn geometry(
        &mut self,
        m: &MessageView,
        positions: &Positions,
        axis: &TimeAxis,
    ) -> Option<(ArrowGeom, Option<RangeInclusive<usize>>)> {
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
            FateView::Unsent { step } | FateView::Withheld { step } => {
                let aim = Point::new(axis.step_x(step), Layout::lane_y(m.to));
                (from.lerp(aim, UNSENT_REACH), ArrowEnd::Unsent)
            }
        };
        let from = shorten(to, from, DOT_RADIUS);
        // A stub that never left its sender is too short to carry a label along it: its hover
        // text names it, and the arrows around it keep the room.
        let (label, columns) = match end {
            ArrowEnd::Unsent => (
                ArrowLabel {
                    shown: false,
                    ..label(from, to, 0.5, Side::Left)
                },
                None,
            ),
            _ => {
                let width = estimated_text_width(&arrow_text(m), LABEL_FONT);
                self.placed.place(from, to, width)
            }
        };
        Some((
            ArrowGeom {
                message: m.id,
                from,
                to,
                end,
                head: (end == ArrowEnd::Delivered).then(|| arrowhead(from, to)),
                label,
            },
            columns,
        ))
    }
}

/// The messages whose arrows may differ between two views, with when each had settled in the
/// first: those in either view that are not the same settled message in both. Runs share most
/// of their messages' chunks with the views they grew from, so only the few chunks that
/// changed are compared element by element.
fn changed_messages(before: &WorldView, view: &WorldView) -> Vec<(MessageId, Option<Settled>)> {
    let len = before.messages.len().max(view.messages.len());
    let mut changed = Vec::new();
    for chunk in (0..len).step_by(CHUNK) {
        let range = chunk..(chunk + CHUNK).min(len);
        if before.messages.shares(&view.messages, range.clone()) {
            continue;
        }
        for index in range {
            let old = before.messages.get(index);
            let new = view.messages.get(index);
            if !same_arrow(old, new) {
                changed.push((index as MessageId, old.and_then(settled)));
            }
        }
    }
    changed
}

/// Whether a message draws the same arrow (or none) in two views.
fn same_arrow(old: Option<&MessageView>, new: Option<&MessageView>) -> bool {
    let settled_in = |m: Option<&MessageView>| m.and_then(settled).is_some();
    match (old, new) {
        _ if !settled_in(old) && !settled_in(new) => true,
        (Some(old), Some(new)) => {
            old.fate == new.fate
                && old.sent_event == new.sent_event
                && old.to == new.to
                && old.kind == new.kind
                && old.label == new.label
        }
        _ => false,
    }
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
    #[cfg(test)]
    pub fn around(label: &ArrowLabel, width: f64) -> LabelBox {
        Turned::of(label, width).bounds()
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

/// A label's own box, turned with it: what it covers, where [`LabelBox`] is the upright box around
/// that.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Turned {
    centre: Point,
    half_width: f64,
    half_height: f64,
    sin: f64,
    cos: f64,
}

impl Turned {
    fn of(label: &ArrowLabel, width: f64) -> Turned {
        let (sin, cos) = label.angle.to_radians().sin_cos();
        // The text sits on its baseline at `at`: its middle is half a line above, turned.
        let centre = Point::new(
            label.at.x + sin * LABEL_HEIGHT / 3.0,
            label.at.y - cos * LABEL_HEIGHT / 3.0,
        );
        Turned {
            centre,
            half_width: width / 2.0,
            half_height: LABEL_HEIGHT / 2.0,
            sin,
            cos,
        }
    }

    /// The upright box around it.
    fn bounds(&self) -> LabelBox {
        let (sin, cos) = (self.sin.abs(), self.cos.abs());
        let half_x = self.half_width * cos + self.half_height * sin;
        let half_y = self.half_width * sin + self.half_height * cos;
        LabelBox {
            left: self.centre.x - half_x,
            top: self.centre.y - half_y,
            right: self.centre.x + half_x,
            bottom: self.centre.y + half_y,
        }
    }

    /// Whether it overlaps an upright box: no axis of either box separates them.
    fn overlaps(&self, other: &LabelBox) -> bool {
        let half = Point::new(
            (other.right - other.left) / 2.0,
            (other.bottom - other.top) / 2.0,
        );
        let d = Point::new(
            (other.left + other.right) / 2.0 - self.centre.x,
            (other.top + other.bottom) / 2.0 - self.centre.y,
        );
        let (sin, cos) = (self.sin.abs(), self.cos.abs());
        let (w, h) = (self.half_width, self.half_height);
        d.x.abs() < half.x + w * cos + h * sin
            && d.y.abs() < half.y + w * sin + h * cos
            && (d.x * self.cos + d.y * self.sin).abs() < w + half.x * cos + half.y * sin
            && (d.y * self.cos - d.x * self.sin).abs() < h + half.x * sin + half.y * cos
    }
}

/// The labels placed so far, by column, each column in the order they were placed: each as its
/// upright box (which placing labels goes by) and its own turned box.
#[derive(Clone, Debug, Default)]
struct PlacedLabels(Vec<Vec<(LabelBox, Turned)>>);

impl PlacedLabels {
    /// The label of an arrow from `from` to `to`, `width` long, at the first clear spot, and the
    /// columns its box took (none when it is not shown).
    fn place(
        &mut self,
        from: Point,
        to: Point,
        width: f64,
    ) -> (ArrowLabel, Option<RangeInclusive<usize>>) {
        let spots = spots(from, to);
        let sides = [Side::Left, Side::Right];
        let choices = sides
            .iter()
            .flat_map(|&side| spots.iter().map(move |&fraction| (fraction, side)));
        let clear = choices.into_iter().find_map(|(fraction, side)| {
            let label = label(from, to, fraction, side);
            let turned = Turned::of(&label, width);
            let bounds = turned.bounds();
            let free = bounds.left >= LANE_START
                && clear_of_lines(label.at.y)
                && !bounds.columns().any(|column| {
                    self.0
                        .get(column)
                        .is_some_and(|boxes| boxes.iter().any(|(b, _)| b.overlaps(&bounds)))
                });
            free.then_some((label, bounds, turned))
        });
        match clear {
            Some((label, bounds, turned)) => {
                let columns = bounds.columns();
                if self.0.len() <= *columns.end() {
                    self.0.resize_with(columns.end() + 1, Vec::new);
                }
                for column in columns.clone() {
                    self.0[column].push((bounds, turned));
                }
                (label, Some(columns))
            }
            None => (
                ArrowLabel {
                    shown: false,
                    ..label(from, to, spots[0], Side::Left)
                },
                None,
            ),
        }
    }

    /// Whether an upright box is clear of every label placed, as the labels are drawn (turned).
    fn clear(&self, other: &LabelBox) -> bool {
        let columns =
            (other.left.max(0.0) / COLUMN) as usize..=(other.right.max(0.0) / COLUMN) as usize;
        !columns.into_iter().any(|column| {
            self.0.get(column).is_some_and(|labels| {
                labels
                    .iter()
                    .any(|(bounds, turned)| bounds.overlaps(other) && turned.overlaps(other))
            })
        })
    }

    /// Takes back the newest label, which took `columns`.
    fn take_back(&mut self, columns: Option<RangeInclusive<usize>>) {
        for column in columns.into_iter().flatten() {
            self.0[column].pop();
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_turned_label_covers_its_own_box_not_the_corners_of_the_box_around_it() {
        // A label 100 long turned 45 degrees: the upright box around it is about 80 across.
        let label = ArrowLabel {
            at: Point::new(200.0, 200.0),
            angle: 45.0,
            shown: true,
        };
        let turned = Turned::of(&label, 100.0);
        let around = turned.bounds();
        let small = |x: f64, y: f64| LabelBox {
            left: x - 4.0,
            top: y - 4.0,
            right: x + 4.0,
            bottom: y + 4.0,
        };
        assert!(turned.overlaps(&small(turned.centre.x, turned.centre.y)));
        // Along the text, near its ends.
        assert!(turned.overlaps(&small(turned.centre.x + 30.0, turned.centre.y + 30.0)));
        // In the upright box's empty corners, off the text.
        for (x, y) in [
            (around.right - 5.0, around.top + 5.0),
            (around.left + 5.0, around.bottom - 5.0),
        ] {
            assert!(around.overlaps(&small(x, y)));
            assert!(!turned.overlaps(&small(x, y)), "({x}, {y})");
        }
        // Beyond the upright box.
        assert!(!turned.overlaps(&small(around.right + 10.0, turned.centre.y)));
    }
}
