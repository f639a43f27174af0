//! Pure geometry of the space-time diagram: a function from a [`WorldView`] to positions, with no
//! Yew and no DOM in it, so that it is unit-tested natively (ShiViz's layout/view split).
//!
//! x is time: every event gets its own column in global event order, and the columns of one step
//! are grouped together (see [`time_axis`]). y is the node lane. In-flight messages sit as ghosts
//! at the frontier, right of the newest event (see [`ghosts`]), and pending timers as clock tokens
//! on their nodes' lines beside them (see [`timers`]).

mod arrows;
mod bands;
mod cuts;
mod ghosts;
mod lanes;
mod marks;
mod partition;
mod text;
mod time_axis;
mod timers;

#[cfg(test)]
mod follow_tests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod timer_tests;

use synod_core::action::NodeId;
use synod_core::trace::EventId;
use synod_core::view::WorldView;

pub use arrows::{arrowhead, ArrowEnd, ArrowGeom, Arrows};
pub use bands::BandGeom;
pub use cuts::CutGeom;
pub use ghosts::{BadgeGeom, Channel, Expanded, GhostGeom};
pub use lanes::lane_under;
pub use lanes::LaneGeom;
pub use marks::{MarkGeom, RING_RADIUS};
pub use partition::{PartitionGeom, CAPTION_INSET, CAPTION_RISE, CUT_CAPTION};
pub use text::estimated_text_width;
pub use time_axis::StepSpan;
pub use timers::{TimerGeom, TIMER_ICON, TIMER_PADDING};

/// Vertical distance between two node lines.
pub const LANE_GAP: f64 = 100.0;
/// Half the height of a lane's drop and click area: a ghost released this close to its
/// receiver's line is delivered.
pub const LANE_REACH: f64 = 30.0;
/// Where the first node line is drawn; the step axis sits above it.
pub const TOP: f64 = 64.0;
/// Where node lines start; their labels sit left of this.
pub const LANE_START: f64 = 64.0;
/// Space kept right of the last ghost or event.
pub const RIGHT_MARGIN: f64 = 24.0;
/// The width of a fresh run's diagram before its container is measured, so that it still shows
/// long node lines. Once measured, the container's width takes its place.
pub const MIN_WIDTH: f64 = 720.0;
/// Radius of an event dot.
pub const DOT_RADIUS: f64 = 6.0;
/// Font size (in SVG units) of arrow labels, ghosts and tooltips; [`estimated_text_width`]
/// assumes it.
pub const FONT_SIZE: f64 = 11.0;
/// The canvas grows in whole chunks of this many units across and down (see [`Layout::canvas`]).
pub const CANVAS_CHUNK: Point = Point {
    x: 2048.0,
    y: 128.0,
};

/// A point in SVG user units.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Point {
    pub x: f64,
    pub y: f64,
}

impl Point {
    pub fn new(x: f64, y: f64) -> Point {
        Point { x, y }
    }

    /// The point `fraction` of the way from `self` to `other`.
    pub fn lerp(self, other: Point, fraction: f64) -> Point {
        Point::new(
            self.x + (other.x - self.x) * fraction,
            self.y + (other.y - self.y) * fraction,
        )
    }
}

/// Where an event's dot is drawn.
#[derive(Clone, Debug, PartialEq)]
pub struct EventGeom {
    pub id: EventId,
    pub node: NodeId,
    pub at: Point,
}

/// Everything the diagram draws, positioned.
#[derive(Clone, Debug, PartialEq)]
pub struct Layout {
    pub width: f64,
    pub height: f64,
    /// The zoom the layout was made at.
    pub zoom: f64,
    /// Where the time axis ends: the last step's right edge.
    pub axis_end: f64,
    /// The width the drawing needs (its steps, ghosts, timers and captions), before it is
    /// widened to its container.
    pub content_width: f64,
    /// Where ghosts start: right of the newest event.
    pub frontier: f64,
    pub steps: Vec<StepSpan>,
    pub lanes: Vec<LaneGeom>,
    /// In event id order.
    pub events: Vec<EventGeom>,
    /// One per message that is no longer in flight (in message id order, in `arrows.list`), with
    /// their labels' boxes, which the next layout places its new labels around.
    pub arrows: Arrows,
    /// One per in-flight message that is shown (the head of each channel's group, or every
    /// message of an expanded group), in message id order.
    pub ghosts: Vec<GhostGeom>,
    /// One per channel with two or more messages in flight.
    pub badges: Vec<BadgeGeom>,
    /// One per pending timer, in timer id order.
    pub timers: Vec<TimerGeom>,
    /// One per cut of `view.extra.cuts`, in the same order.
    pub cuts: Vec<CutGeom>,
    /// One band per partition of the run, in order; the current one, if any, last.
    pub partitions: Vec<PartitionGeom>,
    /// One per band of `view.extra.bands` (virtual synchrony's views), in the same order.
    pub bands: Vec<BandGeom>,
    /// One per mark of `view.extra.marks` (moments the protocol points out), in the same order.
    pub marks: Vec<MarkGeom>,
}

impl Layout {
    /// The y of a node's line.
    pub fn lane_y(node: NodeId) -> f64 {
        TOP + LANE_GAP * f64::from(node)
    }

    /// The size of the SVG canvas: the layout's size rounded up to whole chunks. The page shows
    /// only `width` by `height` of it and clips the rest. A canvas that keeps its size while the
    /// run grows spares the browser from laying out every text of the diagram again on each step,
    /// which it does whenever an SVG's size changes.
    pub fn canvas(&self) -> Point {
        let round_up = |length: f64, chunk: f64| (length / chunk).ceil().max(1.0) * chunk;
        Point::new(
            round_up(self.width, CANVAS_CHUNK.x),
            round_up(self.height, CANVAS_CHUNK.y),
        )
    }

    /// The zoom at which the whole drawing fits `container` units across: the time axis shrinks
    /// or grows, the ghosts and timers at its end keep their size.
    pub fn fit_zoom(&self, container: f64) -> f64 {
        let axis = self.axis_end - LANE_START;
        if axis <= 0.0 {
            return self.zoom;
        }
        let fixed = self.content_width - axis;
        (self.zoom * (container - fixed) / axis).clamp(MIN_ZOOM, MAX_ZOOM)
    }

    /// The time at x as a fraction of the time axis (0 at its start, 1 at its end), so that a
    /// point in time can be found again at another zoom.
    pub fn time_fraction(&self, x: f64) -> f64 {
        let axis = self.axis_end - LANE_START;
        if axis <= 0.0 {
            0.0
        } else {
            (x - LANE_START) / axis
        }
    }

    /// The x of a fraction of the time axis.
    pub fn time_x(&self, fraction: f64) -> f64 {
        LANE_START + fraction * (self.axis_end - LANE_START)
    }

    pub fn event(&self, id: EventId) -> Option<&EventGeom> {
        self.events
            .binary_search_by_key(&id, |e| e.id)
            .ok()
            .map(|i| &self.events[i])
    }
}

/// Where each event's dot is, by event id (the view numbers events densely from 0).
pub(super) struct Positions(Vec<Point>);

impl Positions {
    pub fn get(&self, id: &EventId) -> Option<&Point> {
        self.0.get(usize::try_from(*id).ok()?)
    }
}

impl std::ops::Index<&EventId> for Positions {
    type Output = Point;

    fn index(&self, id: &EventId) -> &Point {
        self.get(id).expect("an event of the view")
    }
}

/// The narrowest zoom: a thousandth of the natural spacing (10,000 steps across a laptop screen).
pub const MIN_ZOOM: f64 = 0.001;
/// The widest zoom.
pub const MAX_ZOOM: f64 = 4.0;

/// [`layout_expanded`] with every group of in-flight messages gathered, as a run opens.
#[cfg(test)]
pub fn layout(view: &WorldView, min_width: f64, zoom: f64) -> Layout {
    layout_expanded(view, min_width, zoom, &Expanded::new())
}

/// [`layout_after`] with nothing to start from: the layout made afresh.
#[cfg(test)]
pub fn layout_expanded(view: &WorldView, min_width: f64, zoom: f64, expanded: &Expanded) -> Layout {
    layout_after(None, view, min_width, zoom, expanded)
}

/// Positions every element of the diagram of `view` with its time axis at `zoom` (see
/// [`time_axis`]) and the groups of in-flight messages on the `expanded` channels shown whole, at
/// least `min_width` wide (the container's width, or 0 while it is unmeasured: then
/// [`MIN_WIDTH`]), so that node lines reach across the space the page gives. It is no wider than
/// that unless the events need it: the diagram's scroller opens at its right end, which must show
/// the newest events, not an empty stretch of node lines in a container narrower than
/// [`MIN_WIDTH`] (a phone's).
///
/// It takes what it can from `before`, the layout of an earlier view (the previous step's, or
/// the one an undo or a jump leaves): the time axis, event columns and arrows up to the first
/// step where the two runs differ. A step or an undo then costs about the same at step 2,000 as
/// at step 50, and the result is the same as laying the view out afresh.
pub fn layout_after(
    before: Option<(&WorldView, &Layout)>,
    view: &WorldView,
    min_width: f64,
    zoom: f64,
    expanded: &Expanded,
) -> Layout {
    let zoom = zoom.clamp(MIN_ZOOM, MAX_ZOOM);
    let before = before.filter(|(_, layout)| layout.zoom == zoom);
    let until = before.map_or(0, |(before_view, _)| {
        time_axis::first_difference(before_view, view)
    });
    let kept = before.map(|(_, layout)| time_axis::Kept {
        steps: &layout.steps,
        events: &layout.events,
        until,
    });
    let axis = time_axis::TimeAxis::resume(view, zoom, kept);
    // The events before the first step that differs are where they were.
    let reused = axis.kept_events;
    let mut events: Vec<EventGeom> =
        before.map_or_else(Vec::new, |(_, layout)| layout.events[..reused].to_vec());
    events.extend(
        view.events
            .range(reused..view.events.len())
            .map(|e| EventGeom {
                id: e.id,
                node: e.node,
                at: Point::new(axis.event_x(e.id), Layout::lane_y(e.node)),
            }),
    );
    let positions = Positions(events.iter().map(|e| e.at).collect());
    let arrows = Arrows::follow(
        before.map(|(before_view, layout)| (layout.arrows.clone(), before_view)),
        until,
        view,
        &positions,
        &axis,
    );
    let (ghosts, badges) = ghosts::place(view, &positions, axis.frontier, expanded);
    let timers = timers::place(view, axis.frontier);
    // Bands and marks are few: placed afresh each time, they cost nothing like the run's length.
    let mut bands = bands::place(view, &positions, &arrows);
    let last_lane = Layout::lane_y(view.nodes.len().saturating_sub(1) as NodeId);
    let marks = marks::place(
        &view.extra.marks,
        &axis.steps,
        &positions,
        axis.frontier,
        last_lane,
    );
    let frontier_right = ghosts
        .iter()
        .map(|g| g.center.x + g.width / 2.0)
        .chain(badges.iter().map(|b| b.center.x + b.width / 2.0))
        .chain(timers.iter().map(|t| t.center.x + t.width / 2.0))
        .chain(bands.iter().filter_map(BandGeom::label_end))
        .fold(axis.frontier, f64::max);
    // A partition's cut captions sit at the right end, in the rows of the ghosts: room is kept
    // for them right of the last ghost.
    let caption_room = if view.partition.is_some() {
        partition::caption_room()
    } else {
        0.0
    };
    let floor = if min_width > 0.0 {
        min_width
    } else {
        MIN_WIDTH
    };
    let content_width = frontier_right + caption_room + RIGHT_MARGIN;
    let width = content_width.max(floor);
    bands::reach(&mut bands, width - RIGHT_MARGIN / 2.0);
    let cuts = cuts::place(view, &positions, axis.frontier, last_lane, width);
    let bottom = cuts
        .iter()
        .map(|c| c.label_at.y + 4.0)
        .chain(ghosts.iter().map(|g| g.center.y + g.height / 2.0))
        .fold(last_lane + LANE_REACH, f64::max);
    Layout {
        width,
        height: bottom + 12.0,
        zoom,
        axis_end: LANE_START + axis.length(),
        content_width,
        frontier: axis.frontier,
        lanes: lanes::place(view, &positions, width),
        arrows,
        partitions: partition::place(view, &axis, width),
        steps: axis.steps,
        events,
        ghosts,
        badges,
        timers,
        cuts,
        bands,
        marks,
    }
}
