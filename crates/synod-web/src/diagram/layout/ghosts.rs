//! In-flight messages as ghosts at the frontier. A ghost sits between lanes, next to its
//! receiver's line on the side its sender is on, so its dashed arrow does not cross the receiver
//! line.
//!
//! The messages of one channel (sender to receiver) form a group: a long run leaves dozens in
//! flight, and a ghost each would be a pile. A group shows its head (its lowest id: on a FIFO
//! channel, the one that can be delivered) with a badge counting the others; the badge expands
//! the group into a ghost per message, each draggable, and collapses it again. Groups sharing a
//! side of a receiver line queue left to right in the order of their heads.

use std::collections::BTreeMap;

use synod_core::action::{MessageId, NodeId};
use synod_core::view::{MessageView, WorldView};

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
/// Space between a group's last ghost and its badge.
const BADGE_GAP: f64 = 3.0;

/// A channel, as (sender, receiver).
pub type Channel = (NodeId, NodeId);

/// The channels whose groups the user expanded (a few, so a list).
pub type Expanded = Vec<Channel>;

/// The badge of a channel's group of two or more ghosts: it counts the hidden messages, or offers
/// to hide them again.
#[derive(Clone, Debug, PartialEq)]
pub struct BadgeGeom {
    pub channel: Channel,
    /// How many messages the group holds.
    pub size: usize,
    /// Whether every message of the group has its ghost.
    pub expanded: bool,
    pub center: Point,
    pub width: f64,
    pub height: f64,
}

impl BadgeGeom {
    /// What the badge says: the hidden messages' count, or that they can be hidden.
    pub fn text(&self) -> String {
        if self.expanded {
            "−".to_string()
        } else {
            format!("+{}", self.size - 1)
        }
    }
}

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

/// The ghosts to draw, in message id order, and a badge per group of two or more.
pub(super) fn place(
    view: &WorldView,
    positions: &Positions,
    frontier: f64,
    expanded: &Expanded,
) -> (Vec<GhostGeom>, Vec<BadgeGeom>) {
    // In the order of their heads: messages come in id order, so each group's first is its head.
    let mut groups: Vec<(Channel, Vec<&MessageView>)> = Vec::new();
    for m in view.in_flight() {
        let channel = (m.from, m.to);
        match groups.iter_mut().find(|(c, _)| *c == channel) {
            Some((_, group)) => group.push(m),
            None => groups.push((channel, vec![m])),
        }
    }

    let mut cursors: BTreeMap<(NodeId, Side), f64> = BTreeMap::new();
    let mut ghosts = Vec::new();
    let mut badges = Vec::new();
    for (channel, group) in &groups {
        let channel = *channel;
        let (from, to) = channel;
        let side = if from < to { Side::Above } else { Side::Below };
        let y = match side {
            Side::Above => Layout::lane_y(to) - GHOST_OFFSET,
            Side::Below => Layout::lane_y(to) + GHOST_OFFSET,
        };
        let left = cursors.entry((to, side)).or_insert(frontier);
        let open = group.len() < 2 || expanded.contains(&channel);
        let shown = if open { &group[..] } else { &group[..1] };
        for m in shown {
            let Some(anchor) = positions.get(&m.sent_event).copied() else {
                continue;
            };
            let width = estimated_text_width(&ghost_text(m), FONT_SIZE) + 2.0 * GHOST_PADDING;
            ghosts.push(GhostGeom {
                message: m.id,
                receiver: to,
                center: Point::new(*left + width / 2.0, y),
                width,
                height: GHOST_HEIGHT,
                anchor,
            });
            *left += width + GHOST_SPACING;
        }
        if group.len() >= 2 {
            let mut badge = BadgeGeom {
                channel,
                size: group.len(),
                expanded: open,
                center: Point::new(0.0, y),
                width: 0.0,
                height: GHOST_HEIGHT - 4.0,
            };
            badge.width = estimated_text_width(&badge.text(), FONT_SIZE) + 2.0 * GHOST_PADDING;
            // Snug against the group's last ghost, so that it reads as part of the group.
            let start = *left - GHOST_SPACING + BADGE_GAP;
            badge.center.x = start + badge.width / 2.0;
            *left = start + badge.width + GHOST_SPACING;
            badges.push(badge);
        }
    }
    ghosts.sort_by_key(|g| g.message);
    (ghosts, badges)
}
