//! The horizontal axis: one column per event in global order, grouped by step. A step without
//! events (a drop, a duplicate, a loss, a partition) still gets a narrow slot, so a dropped or
//! lost message can end at the step where it happened.

use synod_core::trace::EventId;
use synod_core::view::WorldView;

use super::LANE_START;

/// Distance between two events of the same step.
const EVENT_GAP: f64 = 30.0;
/// Space at each side of a step's events, so consecutive steps are visibly apart.
const STEP_PAD: f64 = 14.0;
/// Width of the slot of a step that has no events.
const EMPTY_STEP: f64 = 20.0;
/// Distance between the end of the last step and the first ghost.
const FRONTIER_GAP: f64 = 24.0;

/// The horizontal extent of one step, for the step axis.
#[derive(Clone, Debug, PartialEq)]
pub struct StepSpan {
    pub step: u64,
    pub start: f64,
    pub end: f64,
}

impl StepSpan {
    pub fn center(&self) -> f64 {
        (self.start + self.end) / 2.0
    }
}

pub(super) struct TimeAxis {
    /// One per step from the first on, in step order.
    pub steps: Vec<StepSpan>,
    /// The column of each event, by id.
    events: Vec<f64>,
    pub frontier: f64,
}

impl TimeAxis {
    pub fn of(view: &WorldView) -> TimeAxis {
        // Events come in id order, which is step order.
        let first = view.events.iter().next().map_or(1, |e| e.step).min(1);
        let last = view.events.last().map_or(0, |e| e.step).max(view.step);
        let mut steps = Vec::new();
        let mut events = Vec::with_capacity(view.events.len());
        let mut upcoming = view.events.iter().peekable();
        let mut x = LANE_START;
        for step in first..=last {
            let start = x;
            let mut any = false;
            while let Some(event) = upcoming.next_if(|e| e.step == step) {
                x += if any { EVENT_GAP } else { STEP_PAD };
                any = true;
                debug_assert_eq!(event.id as usize, events.len(), "events numbered densely");
                events.push(x);
            }
            x += if any { STEP_PAD } else { EMPTY_STEP };
            steps.push(StepSpan {
                step,
                start,
                end: x,
            });
        }
        TimeAxis {
            steps,
            events,
            frontier: x + FRONTIER_GAP,
        }
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
