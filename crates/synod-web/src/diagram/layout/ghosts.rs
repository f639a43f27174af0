//! In-flight messages as ghosts at the frontier. A ghost sits between lanes, next to its
//! receiver's line on the side its sender is on, so its dashed arrow does not cross the receiver
//! line. Ghosts sharing a side of a receiver line queue left to right in message id order, which
//! on a FIFO channel puts the head of the channel first.

use std::collections::BTreeMap;

use synod_core::action::{MessageId, NodeId};
use synod_core::view::WorldView;

use super::text::estimated_text_width;
use super::{Layout, Point, Positions, FONT_SIZE};
use crate::diagram::describe::ghost_text;

pub const GHOST_HEIGHT: f64 = 22.0;
/// Vertical distance from a ghost's centre to its receiver's line: inside the band between two
/// lanes, and far enough from the line that the two rows sharing a band (ghosts bound up and
/// ghosts bound down) keep apart.
pub const GHOST_OFFSET: f64 = 34.0;
/// Horizontal space between neighbouring ghosts.
const GHOST_SPACING: f64 = 10.0;
/// How far from a ghost's left end its arrow meets it.
const TIP_INSET: f64 = 14.0;
/// Space between a ghost's text and its rim.
const GHOST_PADDING: f64 = 9.0;

#[derive(Clone, Debug, PartialEq)]
pub struct GhostGeom {
    pub message: MessageId,
    pub receiver: NodeId,
    pub center: Point,
    pub width: f64,
    pub height: f64,
    /// The send dot the ghost's dashed arrow starts from.
    pub anchor: Point,
}

impl GhostGeom {
    /// Where the dashed arrow meets the ghost's rim when the ghost is moved by `offset`: near
    /// the left end of the edge facing the send dot, so that an arrow to a ghost queued behind
    /// another passes over the one in front instead of through it.
    pub fn arrow_tip(&self, offset: Point) -> Point {
        let x = self.center.x - self.width / 2.0 + TIP_INSET.min(self.width / 2.0);
        let y = if self.anchor.y < self.center.y + offset.y {
            self.center.y - self.height / 2.0
        } else {
            self.center.y + self.height / 2.0
        };
        Point::new(x + offset.x, y + offset.y)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Side {
    Above,
    Below,
}

pub(super) fn place(view: &WorldView, positions: &Positions, frontier: f64) -> Vec<GhostGeom> {
    let mut cursors: BTreeMap<(NodeId, Side), f64> = BTreeMap::new();
    view.in_flight()
        .filter_map(|m| {
            let anchor = *positions.get(&m.sent_event)?;
            let side = if m.from < m.to {
                Side::Above
            } else {
                Side::Below
            };
            let y = match side {
                Side::Above => Layout::lane_y(m.to) - GHOST_OFFSET,
                Side::Below => Layout::lane_y(m.to) + GHOST_OFFSET,
            };
            let width = estimated_text_width(&ghost_text(m), FONT_SIZE) + 2.0 * GHOST_PADDING;
            let left = cursors.entry((m.to, side)).or_insert(frontier);
            let center = Point::new(*left + width / 2.0, y);
            *left += width + GHOST_SPACING;
            Some(GhostGeom {
                message: m.id,
                receiver: m.to,
                center,
                width,
                height: GHOST_HEIGHT,
                anchor,
            })
        })
        .collect()
}
