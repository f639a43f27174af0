//! Marks (`view.extra.marks`): moments the protocol points out, such as Paxos's point of no
//! return. Each is a vertical line across every node line, a label at the top beside it, and a
//! ring around each event it names.
//!
//! The line stands at the right end of its step's slot, between that step and the next: the
//! moment is reached once the step is done, and a line there passes beside the step's events
//! instead of through their dots.
//!
//! A label sits right of its line, or left of it where that would cross another mark's line or
//! label, or reach the frontier (where ghosts wait above the first line); where neither side has
//! room it is left out (the line's hover text and the tables panel still say it).
//!
//! Marks are few, so they are placed afresh with every layout, like bands: the work is in the
//! number of marks, not the length of the run.

use synod_core::view::MarkView;

use super::text::estimated_text_width;
use super::time_axis::StepSpan;
use super::{Point, Positions, DOT_RADIUS, LANE_START, TOP};

/// The labels' font size (as the page's style sets it).
const LABEL_FONT: f64 = 10.0;
/// The labels' baseline: below the step numbers, above the first line and the pick labels of its
/// events.
const LABEL_Y: f64 = TOP - 24.0;
/// Where a line begins: at the top of its label, so that the two read as one.
const LINE_TOP: f64 = LABEL_Y - 12.0;
/// How far below the last node line a line reaches.
const OVERHANG: f64 = 22.0;
/// Space between a line and its label.
const LABEL_GAP: f64 = 4.0;
/// Space kept between a label and another mark's line or label, or the frontier.
const CLEARANCE: f64 = 6.0;
/// The radius of the ring around a named event: outside its dot's hit area (where causal halos
/// and the pick ring are drawn), so that all of them show at once.
pub const RING_RADIUS: f64 = DOT_RADIUS + 6.0;

#[derive(Clone, Debug, PartialEq)]
pub struct MarkGeom {
    /// Where the line stands.
    pub x: f64,
    pub top: f64,
    pub bottom: f64,
    /// The label's left end on its baseline, where it is drawn.
    pub label_at: Option<Point>,
    /// The label's estimated width.
    pub label_width: f64,
    /// The centre of each ring: one per named event the view holds.
    pub rings: Vec<Point>,
}

impl MarkGeom {
    /// The right end of the label, if it is drawn.
    pub fn label_end(&self) -> Option<f64> {
        self.label_at.map(|at| at.x + self.label_width)
    }
}

/// One geometry per mark, in the same order: each line at the end of its step in `steps` (the
/// time axis), from above the first line to below `last_lane`, its rings on the events'
/// `positions`, its label clear of the other marks and left of `frontier`.
pub(super) fn place(
    marks: &[MarkView],
    steps: &[StepSpan],
    positions: &Positions,
    frontier: f64,
    last_lane: f64,
) -> Vec<MarkGeom> {
    let lines: Vec<f64> = marks
        .iter()
        .map(|mark| step_end(steps, mark.step))
        .collect();
    // The labels placed so far, as (left, right).
    let mut labels: Vec<(f64, f64)> = Vec::new();
    marks
        .iter()
        .zip(&lines)
        .map(|(mark, &x)| {
            let width = estimated_text_width(&mark.label, LABEL_FONT);
            let left = [x + LABEL_GAP, x - LABEL_GAP - width]
                .into_iter()
                .find(|&left| {
                    let right = left + width;
                    // A mark of the same step shares the line.
                    let lines_clear = lines.iter().all(|&line| {
                        line == x || line + CLEARANCE <= left || right + CLEARANCE <= line
                    });
                    let labels_clear = labels
                        .iter()
                        .all(|&(start, end)| end + CLEARANCE <= left || right + CLEARANCE <= start);
                    left >= LANE_START
                        && right + CLEARANCE <= frontier
                        && lines_clear
                        && labels_clear
                });
            if let Some(left) = left {
                labels.push((left, left + width));
            }
            MarkGeom {
                x,
                top: LINE_TOP,
                bottom: last_lane + OVERHANG,
                label_at: left.map(|left| Point::new(left, LABEL_Y)),
                label_width: width,
                rings: mark
                    .events
                    .iter()
                    .filter_map(|event| positions.get(event))
                    .copied()
                    .collect(),
            }
        })
        .collect()
}

/// The right end of `step`'s slot on the time axis. A step before the axis, which a view from
/// the core never names, stands at its start; one after it at its end.
fn step_end(steps: &[StepSpan], step: u64) -> f64 {
    let Some(first) = steps.first() else {
        return LANE_START;
    };
    match step.checked_sub(first.step) {
        None => first.start,
        Some(index) => usize::try_from(index)
            .ok()
            .and_then(|index| steps.get(index))
            .or(steps.last())
            .map_or(first.start, |span| span.end),
    }
}

#[cfg(test)]
mod tests {
    use synod_core::scenario::Scenario;
    use synod_core::trace::EventId;

    use super::super::{layout, Layout, MIN_WIDTH};
    use super::*;

    /// Ten steps of 40 units from the lines' start, step 1 first.
    fn steps() -> Vec<StepSpan> {
        (1..=10)
            .map(|step| StepSpan {
                step,
                start: LANE_START + 40.0 * (step - 1) as f64,
                end: LANE_START + 40.0 * step as f64,
                labelled: true,
            })
            .collect()
    }

    fn mark(step: u64, label: &str, events: &[EventId]) -> MarkView {
        MarkView {
            step,
            label: label.to_string(),
            detail: format!("{label}: a sentence"),
            events: events.to_vec(),
        }
    }

    fn positions() -> Positions {
        Positions(vec![Point::new(90.0, 64.0), Point::new(130.0, 164.0)])
    }

    const FRONTIER: f64 = LANE_START + 400.0 + 24.0;

    fn place_all(marks: &[MarkView]) -> Vec<MarkGeom> {
        place(marks, &steps(), &positions(), FRONTIER, 264.0)
    }

    #[test]
    fn a_line_stands_at_the_end_of_its_step_across_every_node_line() {
        let [geom] = place_all(&[mark(3, "chosen", &[])]).try_into().unwrap();
        assert_eq!(geom.x, LANE_START + 120.0, "between steps 3 and 4");
        assert!(geom.top < TOP - DOT_RADIUS, "above the first line");
        assert!(geom.bottom > 264.0 + DOT_RADIUS, "below the last line");
        let label = geom.label_at.expect("room for the label");
        assert!(label.x > geom.x, "right of the line");
        assert!(
            label.y > 20.0 && label.y < TOP - DOT_RADIUS - 10.0,
            "{label:?}"
        );
    }

    #[test]
    fn a_ring_circles_each_named_event_the_view_holds() {
        let [geom] = place_all(&[mark(2, "chosen", &[1, 0, 7])])
            .try_into()
            .unwrap();
        assert_eq!(
            geom.rings,
            vec![Point::new(130.0, 164.0), Point::new(90.0, 64.0)]
        );
    }

    #[test]
    fn a_step_off_the_axis_stands_at_its_nearest_end() {
        let geoms = place_all(&[mark(0, "before", &[]), mark(99, "after", &[])]);
        assert_eq!(geoms[0].x, LANE_START);
        assert_eq!(geoms[1].x, LANE_START + 400.0);
        assert!(
            place(&[mark(4, "none", &[])], &[], &positions(), FRONTIER, 64.0)[0].x == LANE_START
        );
    }

    #[test]
    fn a_label_with_no_room_on_the_right_goes_left_or_is_left_out() {
        let long = "point of no return";
        let geoms = place_all(&[
            mark(9, long, &[]),
            mark(2, "short", &[]),
            mark(10, long, &[]),
        ]);
        let [near_frontier, early, crowded] = geoms.as_slice() else {
            panic!("three marks: {geoms:?}");
        };
        // Right of step 9's line it would reach the frontier: it goes left.
        let end = near_frontier.label_end().unwrap();
        assert_eq!(end, near_frontier.x - LABEL_GAP);
        assert!(early.label_at.unwrap().x > early.x, "{early:?}");
        // Step 10's has the frontier on its right and step 9's line on its left.
        assert_eq!(crowded.label_at, None, "{crowded:?}");
    }

    #[test]
    fn marks_of_one_step_share_the_line_and_take_a_side_each() {
        let geoms = place_all(&[mark(5, "chosen", &[]), mark(5, "decided", &[])]);
        assert_eq!(geoms[0].x, geoms[1].x);
        assert!(geoms[0].label_at.unwrap().x > geoms[0].x);
        assert!(geoms[1].label_end().unwrap() < geoms[1].x);
    }

    #[test]
    fn no_label_runs_into_another_marks_line_or_label_or_the_frontier() {
        let labels = ["chosen", "point of no return", "v", "majority accepted B"];
        for count in 1..=8 {
            let marks: Vec<MarkView> = (0..count)
                .map(|i| mark(1 + (i * 7) % 10, labels[i as usize % labels.len()], &[]))
                .collect();
            let geoms = place_all(&marks);
            for (index, geom) in geoms.iter().enumerate() {
                let (Some(at), Some(end)) = (geom.label_at, geom.label_end()) else {
                    continue;
                };
                assert!(at.x >= LANE_START && end < FRONTIER, "{geom:?}");
                for (other_index, other) in geoms.iter().enumerate() {
                    if other_index == index {
                        continue;
                    }
                    assert!(
                        other.x < at.x || other.x > end,
                        "crosses line {other_index}"
                    );
                    if let (Some(o), Some(o_end)) = (other.label_at, other.label_end()) {
                        assert!(o_end < at.x || o.x > end, "{geom:?} and {other:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn a_runs_marks_are_laid_out_with_it_and_only_where_the_view_has_them() {
        let text = r#"{"version": 1, "protocol": "two-phase-commit", "params": {"participants": 3}, "seed": 0,
            "actions": [{"command": {"node": 0, "cmd": "commit"}}, {"deliver": 0}, {"deliver": 1}]}"#;
        let mut view = Scenario::from_json(text).unwrap().replay().unwrap().view();
        assert!(layout(&view, MIN_WIDTH, 1.0).marks.is_empty());
        let last = view.events.last().unwrap().clone();
        view.extra.marks = vec![mark(last.step, "chosen", &[last.id])];
        let layout = layout(&view, MIN_WIDTH, 1.0);
        let [geom] = layout.marks.as_slice() else {
            panic!("one mark: {:?}", layout.marks);
        };
        let dot = layout.event(last.id).unwrap().at;
        assert_eq!(geom.rings, vec![dot]);
        let span = layout.steps.iter().find(|s| s.step == last.step).unwrap();
        assert_eq!(geom.x, span.end);
        assert!(
            geom.x > dot.x + DOT_RADIUS,
            "beside the dot, not through it"
        );
        let last_lane = Layout::lane_y(view.nodes.len() as u32 - 1);
        assert!(geom.bottom > last_lane && geom.bottom < layout.height);
        // The newest step's mark has its label left of the line, clear of the ghosts.
        let end = geom.label_end().expect("drawn");
        assert!(end < geom.x, "{geom:?}");
    }
}
