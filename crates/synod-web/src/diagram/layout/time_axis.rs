//! The horizontal axis: one column per event in global order, grouped by step. A step without
//! events (a drop, a duplicate, a loss, a partition) still gets a narrow slot, so a dropped or
//! lost message can end at the step where it happened.

use std::collections::BTreeMap;

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
    pub steps: Vec<StepSpan>,
    events: BTreeMap<EventId, f64>,
    pub frontier: f64,
}

impl TimeAxis {
    pub fn of(view: &WorldView) -> TimeAxis {
        let mut by_step: BTreeMap<u64, Vec<EventId>> = BTreeMap::new();
        for event in &view.events {
            by_step.entry(event.step).or_default().push(event.id);
        }
        let first = by_step.keys().next().copied().unwrap_or(1).min(1);
        let last = by_step
            .keys()
            .next_back()
            .copied()
            .unwrap_or(0)
            .max(view.step);
        let mut steps = Vec::new();
        let mut events = BTreeMap::new();
        let mut x = LANE_START;
        for step in first..=last {
            let start = x;
            match by_step.get(&step) {
                Some(ids) => {
                    x += STEP_PAD;
                    for (k, id) in ids.iter().enumerate() {
                        if k > 0 {
                            x += EVENT_GAP;
                        }
                        events.insert(*id, x);
                    }
                    x += STEP_PAD;
                }
                None => x += EMPTY_STEP,
            }
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
        self.events[&id]
    }

    /// The middle of a step's slot: where a message dropped or lost at that step ends. A step
    /// outside the axis (which a consistent view never has) maps to the frontier.
    pub fn step_x(&self, step: u64) -> f64 {
        self.steps
            .iter()
            .find(|s| s.step == step)
            .map_or(self.frontier, StepSpan::center)
    }
}
