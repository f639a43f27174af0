//! Network partitions on the timeline: each one a band from the step that split the network to
//! the step that healed it (the current one reaching through the frontier, where the waiting
//! messages are), each lane tinted by its group, and a jagged "network cut" between neighbouring
//! lanes of different groups.

use synod_core::action::NodeId;
use synod_core::view::WorldView;

use super::text::estimated_text_width;
use super::time_axis::TimeAxis;
use super::{Layout, Point, LANE_GAP, RIGHT_MARGIN};

/// The words at the right end of each network cut.
pub const CUT_CAPTION: &str = "network cut";
/// Font size (in SVG units) of [`CUT_CAPTION`].
const CAPTION_FONT_SIZE: f64 = 10.0;
/// How far left of the cut's right end its caption ends.
pub const CAPTION_INSET: f64 = 2.0;
/// How far above the cut the caption's baseline sits.
pub const CAPTION_RISE: f64 = 12.0;

/// How far the bands of the first and last lanes reach beyond their lines.
const OUTER_REACH: f64 = 40.0;
/// Horizontal length and height of one tooth of the jagged line.
const TOOTH: f64 = 10.0;
const TOOTH_HEIGHT: f64 = 5.0;

#[derive(Clone, Debug, PartialEq)]
pub struct PartitionLane {
    pub node: NodeId,
    /// Index of the node's group in `view.partition`.
    pub group: usize,
    pub top: f64,
    pub bottom: f64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct PartitionGeom {
    /// The step that split the network.
    pub from: u64,
    /// The partition holds now: its band reaches the right end and its cuts are captioned.
    pub current: bool,
    pub start: f64,
    pub end: f64,
    pub lanes: Vec<PartitionLane>,
    /// Jagged polylines between neighbouring lanes of different groups.
    pub cuts: Vec<Vec<Point>>,
}

pub(super) fn place(view: &WorldView, axis: &TimeAxis, width: f64) -> Vec<PartitionGeom> {
    view.partitions
        .iter()
        .map(|span| {
            let end = match span.until {
                Some(healed) => axis.step_x(healed),
                None => width - RIGHT_MARGIN / 2.0,
            };
            band(
                view,
                &span.groups,
                span.from,
                axis.step_x(span.from),
                end,
                span.until.is_none(),
            )
        })
        .collect()
}

fn band(
    view: &WorldView,
    groups: &[Vec<NodeId>],
    from: u64,
    start: f64,
    end: f64,
    current: bool,
) -> PartitionGeom {
    let group_of = |node: NodeId| groups.iter().position(|g| g.contains(&node));
    let last = view.nodes.len().saturating_sub(1) as NodeId;
    // Bands meet half-way between lanes; the outer edges stop short of the step axis and the
    // cut labels.
    let reach = |outer: bool| if outer { OUTER_REACH } else { LANE_GAP / 2.0 };
    let lanes: Vec<PartitionLane> = view
        .nodes
        .iter()
        .filter_map(|n| {
            let y = Layout::lane_y(n.id);
            Some(PartitionLane {
                node: n.id,
                group: group_of(n.id)?,
                top: y - reach(n.id == 0),
                bottom: y + reach(n.id == last),
            })
        })
        .collect();
    let cuts = lanes
        .windows(2)
        .filter(|pair| pair[0].group != pair[1].group)
        .map(|pair| jagged(start, end, pair[0].bottom))
        .collect();
    PartitionGeom {
        from,
        current,
        start,
        end,
        lanes,
        cuts,
    }
}

/// The room a cut's caption takes at the right end of the diagram, which the layout keeps clear
/// of ghosts and timers (the caption sits in a row of ghosts).
pub(super) fn caption_room() -> f64 {
    estimated_text_width(CUT_CAPTION, CAPTION_FONT_SIZE) + CAPTION_INSET + 8.0
}

fn jagged(start: f64, end: f64, y: f64) -> Vec<Point> {
    let teeth = ((end - start) / TOOTH).floor().max(1.0) as usize;
    (0..=teeth)
        .map(|k| {
            let dy = if k % 2 == 0 {
                -TOOTH_HEIGHT
            } else {
                TOOTH_HEIGHT
            };
            Point::new(start + k as f64 * TOOTH, y + dy)
        })
        .collect()
}
