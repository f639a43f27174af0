//! One run being explored: the scenario with its whole timeline (including the redo future), the
//! cursor, and the world and view at the cursor.
//!
//! Time travel is "replay a prefix of the actions". Moving forward reuses the current world (a
//! clone of it, so earlier runs stay intact for the reducer); moving backward replays from the
//! start, because a world cannot be un-applied.
//!
//! Everything is shared behind `Rc`, so that the reducer's copy of the state on every gesture
//! costs nothing in the length of the run: only a new action copies the timeline.

use std::rc::Rc;

use serde_json::Value;
use synod_core::action::{Action, ActionError};
use synod_core::scenario::{Scenario, ScenarioError};
use synod_core::scheduler::Faults;
use synod_core::simulation::Simulation;
use synod_core::view::WorldView;

#[derive(Clone)]
pub struct Run {
    /// The whole timeline in `actions`; `cursor` is kept here, not in the scenario.
    scenario: Rc<Scenario>,
    cursor: usize,
    /// The world after the first `cursor` actions.
    world: Rc<dyn Simulation>,
    view: Rc<WorldView>,
}

impl Run {
    /// Opens a scenario at its cursor (or at its end), checking that every action of the whole
    /// timeline is legal, so that redo can never fail later.
    pub fn open(mut scenario: Scenario) -> Result<Run, ScenarioError> {
        let whole = scenario.replay()?;
        let cursor = match scenario.cursor.take() {
            Some(cursor) => cursor as usize,
            None => scenario.actions.len(),
        };
        let world = if cursor == scenario.actions.len() {
            whole
        } else {
            scenario.replay_prefix(cursor)?
        };
        Ok(Run::at(Rc::new(scenario), cursor, world))
    }

    fn at(scenario: Rc<Scenario>, cursor: usize, world: Box<dyn Simulation>) -> Run {
        let view = Rc::new(world.view());
        Run {
            scenario,
            cursor,
            world: Rc::from(world),
            view,
        }
    }

    /// The scenario with its whole timeline and no cursor.
    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    /// The scenario, shared: the same `Rc` until the timeline changes.
    pub fn shared_scenario(&self) -> Rc<Scenario> {
        Rc::clone(&self.scenario)
    }

    /// How many actions are applied.
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    /// How many actions the timeline holds, the redo future included.
    pub fn len(&self) -> usize {
        self.scenario.actions.len()
    }

    pub fn view(&self) -> &Rc<WorldView> {
        &self.view
    }

    /// The scenario as a share link or a download holds it: the whole timeline, and the cursor
    /// when it is not at the end.
    pub fn to_shared(&self) -> Scenario {
        let cursor = (self.cursor < self.len()).then_some(self.cursor as u64);
        Scenario {
            cursor,
            ..(*self.scenario).clone()
        }
    }

    /// The same scenario with an empty timeline.
    pub fn restarted(&self) -> Result<Run, ScenarioError> {
        Run::open(Scenario {
            actions: Vec::new(),
            cursor: None,
            ..(*self.scenario).clone()
        })
    }

    /// Performs `action` at the cursor. A new action discards the redo future (branching).
    pub fn apply(&self, action: Action<Value>) -> Result<Run, ActionError> {
        let mut world = self.world.boxed_clone();
        world.apply(&action)?;
        let mut scenario = (*self.scenario).clone();
        scenario.actions.truncate(self.cursor);
        scenario.actions.push(action);
        Ok(Run::at(Rc::new(scenario), self.cursor + 1, world))
    }

    /// The random scheduler's choice at the cursor, or `None` when nothing is enabled.
    pub fn random_action(&self, faults: &Faults) -> Option<Action<Value>> {
        self.world.random_action(faults)
    }

    /// Moves the cursor to `target` (clamped to the timeline), keeping the timeline.
    pub fn seek(&self, target: usize) -> Result<Run, ScenarioError> {
        let target = target.min(self.len());
        if target == self.cursor {
            return Ok(self.clone());
        }
        let world = if target > self.cursor {
            let mut world = self.world.boxed_clone();
            for (index, action) in self.scenario.actions[self.cursor..target]
                .iter()
                .enumerate()
            {
                world.apply(action).map_err(|error| ScenarioError::Action {
                    step: (self.cursor + index) as u64 + 1,
                    error,
                })?;
            }
            world
        } else {
            self.scenario.replay_prefix(target)?
        };
        Ok(Run::at(Rc::clone(&self.scenario), target, world))
    }
}
