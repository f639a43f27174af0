//! Node lines: where each lane lies, and which stretches of it the node spent crashed.

use synod_core::action::NodeId;
use synod_core::view::{EventKindView, WorldView};

use super::{Layout, Point, Positions, LANE_REACH, LANE_START, RIGHT_MARGIN};

/// One stretch of a node line: drawn solid while the node was up, dashed while it was down.
#[derive(Clone, Debug, PartialEq)]
pub struct LaneSegment {
    pub start: f64,
    pub end: f64,
    pub down: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct LaneGeom {
    pub node: NodeId,
    pub y: f64,
    pub start: f64,
    pub end: f64,
    /// The drop and click area: a ghost released between these is on the line.
    pub reach_top: f64,
    pub reach_bottom: f64,
    /// Contiguous, covering `start..end` from left to right.
    pub segments: Vec<LaneSegment>,
}

impl LaneGeom {
    /// Whether a point lies in this lane's drop area.
    pub fn reaches(&self, point: Point) -> bool {
        (self.reach_top..=self.reach_bottom).contains(&point.y)
            && (0.0..=self.end + RIGHT_MARGIN / 2.0).contains(&point.x)
    }
}

/// The node, among the first `nodes`, whose line's drop area holds `point` (across the whole
/// width: a drop beside the drawing still names the line it is level with).
pub fn lane_under(point: Point, nodes: NodeId) -> Option<NodeId> {
    (0..nodes).find(|&node| (point.y - Layout::lane_y(node)).abs() <= LANE_REACH)
}

pub(super) fn place(view: &WorldView, positions: &Positions, width: f64) -> Vec<LaneGeom> {
    let end = width - RIGHT_MARGIN / 2.0;
    view.nodes
        .iter()
        .map(|node| {
            let y = Layout::lane_y(node.id);
            let transitions = view
                .events
                .iter()
                .filter(|e| e.node == node.id)
                .filter_map(|e| {
                    let down = match e.kind {
                        EventKindView::Crash => true,
                        EventKindView::Recover => false,
                        _ => return None,
                    };
                    Some((positions[&e.id].x, down))
                });
            LaneGeom {
                node: node.id,
                y,
                start: LANE_START,
                end,
                reach_top: y - LANE_REACH,
                reach_bottom: y + LANE_REACH,
                segments: segments(LANE_START, end, transitions),
            }
        })
        .collect()
}

/// Splits `start..end` at each crash (going down) and recovery (coming up), in x order.
fn segments(
    start: f64,
    end: f64,
    transitions: impl Iterator<Item = (f64, bool)>,
) -> Vec<LaneSegment> {
    let mut segments = Vec::new();
    let mut from = start;
    let mut down = false;
    for (x, now_down) in transitions {
        if now_down == down {
            continue;
        }
        segments.push(LaneSegment {
            start: from,
            end: x,
            down,
        });
        from = x;
        down = now_down;
    }
    segments.push(LaneSegment {
        start: from,
        end,
        down,
    });
    segments
}
