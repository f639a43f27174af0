//! Pending timers as clock tokens at the frontier, centred on their own node's line so that it
//! is plain whose timer each one is. Ghosts keep to the bands between lines (see [`super::ghosts`])
//! and a token is lower than the gap they leave around a line, so the two never meet; tokens on
//! one line queue left to right in timer id order, the order the node set them.

use std::collections::BTreeMap;

use synod_core::action::{NodeId, TimerId};
use synod_core::view::WorldView;

use super::text::estimated_text_width;
use super::{Layout, Point, FONT_SIZE};
use crate::diagram::describe::timer_text;

pub const TIMER_HEIGHT: f64 = 20.0;
/// Width of the clock icon at a token's left end, with the space after it.
pub const TIMER_ICON: f64 = 16.0;
/// Space between a token's rim and its icon or text.
pub const TIMER_PADDING: f64 = 6.0;
/// Horizontal space between neighbouring tokens on one line.
const TIMER_SPACING: f64 = 8.0;

#[derive(Clone, Debug, PartialEq)]
pub struct TimerGeom {
    pub timer: TimerId,
    pub node: NodeId,
    pub center: Point,
    pub width: f64,
    pub height: f64,
}

impl TimerGeom {
    pub fn left(&self) -> f64 {
        self.center.x - self.width / 2.0
    }

    pub fn top(&self) -> f64 {
        self.center.y - self.height / 2.0
    }
}

pub(super) fn place(view: &WorldView, frontier: f64) -> Vec<TimerGeom> {
    let mut cursors: BTreeMap<NodeId, f64> = BTreeMap::new();
    view.pending_timers()
        .map(|timer| {
            let width = 2.0 * TIMER_PADDING
                + TIMER_ICON
                + estimated_text_width(&timer_text(timer), FONT_SIZE);
            let left = cursors.entry(timer.node).or_insert(frontier);
            let center = Point::new(*left + width / 2.0, Layout::lane_y(timer.node));
            *left += width + TIMER_SPACING;
            TimerGeom {
                timer: timer.id,
                node: timer.node,
                center,
                width,
                height: TIMER_HEIGHT,
            }
        })
        .collect()
}
