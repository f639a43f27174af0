//! The horizontal axis: one column per event in global order, grouped by step. A step without
//! events (a drop, a duplicate, a loss, a partition) still gets a narrow slot, so a dropped or
//! lost message can end at the step where it happened.
//!
//! The zoom scales the gaps between columns, not the marks drawn in them: zoomed out, a long run
//! fits the screen with its dots close together, and only as many step numbers are labelled as
//! fit side by side.

use synod_core::chunked::CHUNK;
use synod_core::trace::EventId;
use synod_core::view::WorldView;

use super::text::estimated_text_width;
use super::{EventGeom, LANE_START};

/// Distance between two events of the same step.
const EVENT_GAP: f64 = 30.0;
/// Space at each side of a step's events, so consecutive steps are visibly apart.
const STEP_PAD: f64 = 14.0;
/// Width of the slot of a step that has no events.
const EMPTY_STEP: f64 = 20.0;
/// Distance between the end of the last step and the first ghost.
const FRONTIER_GAP: f64 = 24.0;
/// Font size of the step numbers (see `.step-number` in the styles).
const STEP_FONT: f64 = 10.0;
/// Space kept between two step numbers.
const LABEL_GAP: f64 = 6.0;
/// The steps that may be labelled are multiples of one of these times a power of ten, so that a
/// zoomed-out axis reads 10, 20, 30 rather than 7, 13, 19.
const ROUND_STEPS: [u64; 3] = [1, 2, 5];

/// The horizontal extent of one step, for the step axis.
#[derive(Clone, Debug, PartialEq)]
pub struct StepSpan {
    pub step: u64,
    pub start: f64,
    pub end: f64,
    /// Whether its number is drawn: only as many numbers as fit side by side are.
    pub labelled: bool,
}

impl StepSpan {
    pub fn center(&self) -> f64 {
        (self.start + self.end) / 2.0
    }
}

/// What an earlier layout at the same zoom lends a new one (see [`TimeAxis::resume`]).
#[derive(Clone, Copy)]
pub(super) struct Kept<'a> {
    pub steps: &'a [StepSpan],
    pub events: &'a [EventGeom],
    /// The first step whose slot may differ.
    pub until: u64,
}

/// How many events of `view` happened before step `step` (events come in step order).
fn events_before(view: &WorldView, step: u64) -> usize {
    let (mut low, mut high) = (0, view.events.len());
    while low < high {
        let middle = (low + high) / 2;
        if view.events[middle].step < step {
            low = middle + 1;
        } else {
            high = middle;
        }
    }
    low
}

/// The first step at which two views' time axes may differ: the step of the first event that
/// differs, or the step after the shorter run. Their events share most chunks, so only the
/// chunks that differ are compared event by event.
pub(super) fn first_difference(before: &WorldView, view: &WorldView) -> u64 {
    let steps = before.step.min(view.step) + 1;
    let len = before.events.len().max(view.events.len());
    for chunk in (0..len).step_by(CHUNK) {
        let range = chunk..(chunk + CHUNK).min(len);
        if before.events.shares(&view.events, range.clone()) {
            continue;
        }
        for index in range {
            let (old, new) = (before.events.get(index), view.events.get(index));
            if old != new {
                let step = old.into_iter().chain(new).map(|e| e.step).min();
                return step.unwrap_or(steps).min(steps);
            }
        }
    }
    steps
}

pub(super) struct TimeAxis {
    /// One per step from the first on, in step order.
    pub steps: Vec<StepSpan>,
    /// The column of each event, by id.
    events: Vec<f64>,
    pub frontier: f64,
    /// How many events, from the first, kept the columns of the layout it resumed.
    pub kept_events: usize,
}

impl TimeAxis {
    /// The axis of `view` at `zoom` (1 is the natural spacing), taking from `before` (the steps and events of a layout at the
    /// same zoom, and a step up to which they hold for `view` too: every step slot and event
    /// before it is the same) what it can, so that a step or an undo lays out only its own steps.
    pub fn resume(view: &WorldView, zoom: f64, before: Option<Kept>) -> TimeAxis {
        // Events come in id order, which is step order.
        let first = view.events.iter().next().map_or(1, |e| e.step).min(1);
        let last = view.events.last().map_or(0, |e| e.step).max(view.step);
        let kept = before.filter(|kept| {
            kept.until > first && kept.steps.first().is_some_and(|s| s.step == first)
        });
        let (mut steps, mut events, from) = match kept {
            Some(kept) => {
                let steps =
                    kept.steps[..kept.steps.len().min((kept.until - first) as usize)].to_vec();
                let from = steps.last().map_or(first, |s| s.step + 1);
                let count = events_before(view, from);
                let events: Vec<f64> = kept.events[..count].iter().map(|e| e.at.x).collect();
                (steps, events, from)
            }
            None => (Vec::new(), Vec::with_capacity(view.events.len()), first),
        };
        let kept_events = events.len();
        let mut x = steps.last().map_or(LANE_START, |s| s.end);
        let mut upcoming = view
            .events
            .range(events.len()..view.events.len())
            .peekable();
        for step in from..=last {
            let start = x;
            let mut any = false;
            while let Some(event) = upcoming.next_if(|e| e.step == step) {
                x += zoom * if any { EVENT_GAP } else { STEP_PAD };
                any = true;
                debug_assert_eq!(event.id as usize, events.len(), "events numbered densely");
                events.push(x);
            }
            x += zoom * if any { STEP_PAD } else { EMPTY_STEP };
            steps.push(StepSpan {
                step,
                start,
                end: x,
                labelled: false,
            });
        }
        for span in &mut steps {
            span.labelled = false;
        }
        label(&mut steps);
        TimeAxis {
            steps,
            events,
            frontier: x + FRONTIER_GAP,
            kept_events,
        }
    }

    /// The length of the axis, from the first step's start to the last one's end.
    pub fn length(&self) -> f64 {
        self.steps.last().map_or(0.0, |s| s.end) - LANE_START
    }

    /// The column of an event of the view this axis was built from.
    pub fn event_x(&self, id: EventId) -> f64 {
        self.events[id as usize]
    }

    /// The middle of a step's slot: where a message dropped or lost at that step ends. A step
    /// outside the axis (which a consistent view never has) maps to the frontier.
    pub fn step_x(&self, step: u64) -> f64 {
        let first = self.steps.first().map_or(0, |s| s.step);
        step.checked_sub(first)
            .and_then(|index| self.steps.get(usize::try_from(index).ok()?))
            .map_or(self.frontier, StepSpan::center)
    }
}

/// Marks the steps whose numbers are drawn: the first, then multiples of the smallest round stride
/// whose numbers would not crowd each other on average, and of those only the ones clear of the
/// last one drawn.
fn label(steps: &mut [StepSpan]) {
    let Some(last) = steps.last() else {
        return;
    };
    let widest = number_width(last.step);
    let average = (last.end - steps[0].start) / steps.len() as f64;
    let stride = round_stride((widest + LABEL_GAP) / average.max(f64::EPSILON));
    let mut clear_from = f64::NEG_INFINITY;
    // The first step is always numbered, so that even a run squeezed to a few pixels says where
    // it starts.
    steps[0].labelled = true;
    clear_from = clear_from.max(steps[0].center() + number_width(steps[0].step) / 2.0 + LABEL_GAP);
    for span in steps[1..].iter_mut().filter(|s| s.step % stride == 0) {
        let half = number_width(span.step) / 2.0;
        if span.center() - half >= clear_from {
            span.labelled = true;
            clear_from = span.center() + half + LABEL_GAP;
        }
    }
}

/// The smallest round number of steps (1, 2, 5, 10, 20, 50, ...) at least `steps`.
fn round_stride(steps: f64) -> u64 {
    let mut scale = 1_u64;
    loop {
        for base in ROUND_STEPS {
            let stride = base.saturating_mul(scale);
            if stride as f64 >= steps || stride == u64::MAX {
                return stride;
            }
        }
        scale = scale.saturating_mul(10);
    }
}

fn number_width(step: u64) -> f64 {
    estimated_text_width(&step.to_string(), STEP_FONT)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strides_are_round_numbers() {
        assert_eq!(round_stride(0.3), 1);
        assert_eq!(round_stride(1.0), 1);
        assert_eq!(round_stride(1.5), 2);
        assert_eq!(round_stride(3.0), 5);
        assert_eq!(round_stride(7.0), 10);
        assert_eq!(round_stride(180.0), 200);
    }
}
