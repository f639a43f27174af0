//! One run being explored: the scenario with its whole timeline (including the redo future), the
//! cursor, the world and view at the cursor, and checkpoints along the timeline.
//!
//! Time travel is "replay a prefix of the actions", but never from the start: a step forward
//! applies one action to a copy of the current world, and a jump (backward or forward) starts
//! from the nearest checkpoint at or before the target and applies at most the checkpoint spacing
//! of actions. Views are built from the previous view or the checkpoint's view
//! ([`Simulation::view_since`]), so a step, an undo and a scrub jump cost about the same at step
//! 100 as at step 100,000.
//!
//! Everything is shared behind `Rc`, and worlds and views share their histories chunk by chunk
//! (`synod_core::chunked`), so the reducer's copy of the state on every gesture, a copy of the
//! world for the next step and a checkpoint all cost little in the length of the run.

use std::rc::Rc;

use serde_json::Value;
use synod_core::action::{Action, ActionError, Forgery, MessageId, NodeId};
use synod_core::scenario::{Scenario, ScenarioError};
use synod_core::scheduler::Faults;
use synod_core::simulation::Simulation;
use synod_core::view::WorldView;

use crate::timeline::Timeline;

#[derive(Clone)]
pub struct Run {
    /// The whole timeline, the redo future included.
    timeline: Timeline,
    cursor: usize,
    /// The world after the first `cursor` actions.
    world: Rc<dyn Simulation>,
    view: Rc<WorldView>,
    checkpoints: Rc<Checkpoints>,
}

/// The world and the view after some steps of the timeline, to start a jump from.
#[derive(Clone)]
struct Checkpoint {
    step: usize,
    world: Rc<dyn Simulation>,
    /// Only what later views are built from (see [`WorldView::history_only`]).
    view: Rc<WorldView>,
}

/// Checkpoints at every multiple of `every` steps of the whole timeline, step 0 included.
///
/// The spacing starts at [`FIRST_SPACING`] and doubles whenever there would be more than
/// [`MOST_CHECKPOINTS`], so a jump applies at most `every - 1` actions and the checkpoints' memory
/// stays modest on runs of any length.
#[derive(Clone)]
struct Checkpoints {
    every: usize,
    kept: Vec<Checkpoint>,
}

const FIRST_SPACING: usize = 32;
const MOST_CHECKPOINTS: usize = 256;

impl Checkpoints {
    fn starting_with(world: &Rc<dyn Simulation>, view: &Rc<WorldView>) -> Checkpoints {
        let mut checkpoints = Checkpoints {
            every: FIRST_SPACING,
            kept: Vec::new(),
        };
        checkpoints.offer(0, world, view);
        checkpoints
    }

    /// Keeps the world and view after `step` steps if `step` falls on the spacing and is past
    /// the last checkpoint.
    fn offer(&mut self, step: usize, world: &Rc<dyn Simulation>, view: &Rc<WorldView>) {
        let later = self.kept.last().is_none_or(|last| step > last.step);
        if !later || !step.is_multiple_of(self.every) {
            return;
        }
        self.kept.push(Checkpoint {
            step,
            world: Rc::clone(world),
            view: Rc::new(view.history_only()),
        });
        if self.kept.len() > MOST_CHECKPOINTS {
            self.every *= 2;
            let every = self.every;
            self.kept.retain(|c| c.step.is_multiple_of(every));
        }
    }

    /// The checkpoints up to `step`: what stays true when the timeline changes after `step`.
    fn until(&self, step: usize) -> Checkpoints {
        Checkpoints {
            every: self.every,
            kept: self
                .kept
                .iter()
                .take_while(|c| c.step <= step)
                .cloned()
                .collect(),
        }
    }

    /// The last checkpoint at or before `step`.
    fn before(&self, step: usize) -> &Checkpoint {
        let index = self.kept.partition_point(|c| c.step <= step);
        &self.kept[index.max(1) - 1]
    }
}

impl Run {
    /// Opens a scenario at its cursor (or at its end), checking that every action of the whole
    /// timeline is legal, so that redo can never fail later.
    pub fn open(mut scenario: Scenario) -> Result<Run, ScenarioError> {
        let world: Rc<dyn Simulation> = Rc::from(scenario.replay_prefix(0)?);
        let len = scenario.actions.len();
        let cursor = match scenario.cursor.take() {
            Some(cursor) => (cursor as usize).min(len),
            None => len,
        };
        let view = Rc::new(world.view());
        let start = Run {
            timeline: Timeline::new(scenario),
            cursor: 0,
            checkpoints: Rc::new(Checkpoints::starting_with(&world, &view)),
            world,
            view,
        };
        start.forward(len, true)?.seek(cursor)
    }

    /// The scenario without its actions: protocol, params, seed, title and description.
    pub fn header(&self) -> &Scenario {
        self.timeline.header()
    }

    /// The whole timeline: equal to another run's only while they share it.
    pub fn timeline(&self) -> &Timeline {
        &self.timeline
    }

    /// How many actions are applied.
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    /// How many actions the timeline holds, the redo future included.
    pub fn len(&self) -> usize {
        self.timeline.len()
    }

    /// Whether the timeline holds no action: nothing would be lost by replacing the run.
    pub fn is_empty(&self) -> bool {
        self.timeline.is_empty()
    }

    pub fn view(&self) -> &Rc<WorldView> {
        &self.view
    }

    /// The node that made the last step and its sends still in flight (see
    /// `Simulation::last_sends`).
    pub fn last_sends(&self) -> Vec<(NodeId, Vec<MessageId>)> {
        self.world.last_sends()
    }

    /// What the sender of in-flight message `id`, a traitor, may send instead (see
    /// `Simulation::forgeries`).
    pub fn forgeries(&self, id: MessageId) -> Vec<(String, Forgery)> {
        self.world.forgeries(id)
    }

    /// The scenario as a share link or a download holds it: the whole timeline, and the cursor
    /// when it is not at the end.
    pub fn to_shared(&self) -> Scenario {
        let cursor = (self.cursor < self.len()).then_some(self.cursor as u64);
        self.timeline.to_scenario(self.len(), cursor)
    }

    /// The same scenario with an empty timeline.
    pub fn restarted(&self) -> Result<Run, ScenarioError> {
        Run::open(self.header().clone())
    }

    /// Performs `action` at the cursor. A new action discards the redo future (branching).
    pub fn apply(&self, action: Action<Value>) -> Result<Run, ActionError> {
        let mut world = self.world.boxed_clone();
        world.apply(&action)?;
        let world: Rc<dyn Simulation> = Rc::from(world);
        let view = Rc::new(world.view_since(&self.view));
        let timeline = self.timeline.branch(self.cursor, action);
        let cursor = self.cursor + 1;
        let mut checkpoints = if self.cursor < self.len() {
            self.checkpoints.until(self.cursor)
        } else {
            (*self.checkpoints).clone()
        };
        checkpoints.offer(cursor, &world, &view);
        Ok(Run {
            timeline,
            cursor,
            world,
            view,
            checkpoints: Rc::new(checkpoints),
        })
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
        let checkpoint = self.checkpoints.before(target);
        let start = if target > self.cursor && self.cursor >= checkpoint.step {
            self.clone()
        } else {
            Run {
                cursor: checkpoint.step,
                world: Rc::clone(&checkpoint.world),
                view: Rc::clone(&checkpoint.view),
                ..self.clone()
            }
        };
        let count = target - start.cursor;
        start.forward(count, false)
    }

    /// The run `count` actions further along its timeline (with its whole view, even for none:
    /// a checkpoint keeps only part of one), keeping checkpoints on the way when `keep` (opening
    /// a scenario; a jump only visits steps that already have theirs).
    fn forward(self, count: usize, keep: bool) -> Result<Run, ScenarioError> {
        let mut world = self.world.boxed_clone();
        let mut view = Rc::clone(&self.view);
        let mut checkpoints = self.checkpoints;
        let actions = self.timeline.actions(self.cursor..self.cursor + count);
        for (index, action) in actions.enumerate() {
            let step = self.cursor + index + 1;
            world.apply(action).map_err(|error| ScenarioError::Action {
                step: step as u64,
                error,
            })?;
            if keep && step.is_multiple_of(checkpoints.every) {
                let shared: Rc<dyn Simulation> = Rc::from(world.boxed_clone());
                view = Rc::new(shared.view_since(&view));
                Rc::make_mut(&mut checkpoints).offer(step, &shared, &view);
            }
        }
        let world: Rc<dyn Simulation> = Rc::from(world);
        let view = Rc::new(world.view_since(&view));
        Ok(Run {
            timeline: self.timeline,
            cursor: self.cursor + count,
            world,
            view,
            checkpoints,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use synod_core::action::Crash;
    use synod_core::scheduler::Fault;

    /// A random Chandy-Lamport run of `steps` steps with every kind of fault.
    fn random_scenario(steps: usize) -> Scenario {
        let faults: Faults = Fault::ALL.into_iter().collect();
        let mut scenario = Scenario::from_json(
            &json!({"version": 1, "protocol": "chandy-lamport", "params": {"nodes": 4}, "seed": 7, "actions": []})
                .to_string(),
        )
        .unwrap();
        let mut world = scenario.replay().unwrap();
        for _ in 0..steps {
            let Some(action) = world.random_action(&faults) else {
                break;
            };
            world.apply(&action).unwrap();
            scenario.actions.push(action);
        }
        scenario
    }

    fn fresh_view(scenario: &Scenario, steps: usize) -> WorldView {
        scenario.replay_prefix(steps).unwrap().view()
    }

    #[test]
    fn jumps_anywhere_give_the_view_a_replay_gives() {
        let scenario = random_scenario(300);
        let run = Run::open(scenario.clone()).unwrap();
        assert_eq!(run.cursor(), 300);
        assert_eq!(**run.view(), fresh_view(&scenario, 300));
        let mut here = run;
        for target in [299, 0, 1, 31, 32, 33, 150, 64, 63, 300, 250, 5] {
            here = here.seek(target).unwrap();
            assert_eq!(here.cursor(), target);
            assert_eq!(**here.view(), fresh_view(&scenario, target), "at {target}");
        }
    }

    #[test]
    fn an_action_after_a_jump_back_branches_and_later_jumps_follow_the_new_branch() {
        let scenario = random_scenario(200);
        let run = Run::open(scenario.clone()).unwrap().seek(70).unwrap();
        let branched = run.apply(Action::Crash(Crash::plain(2))).unwrap();
        assert_eq!(branched.len(), 71);
        let mut expected = scenario.clone();
        expected.actions.truncate(70);
        expected.actions.push(Action::Crash(Crash::plain(2)));
        for target in [71, 64, 0, 70, 71] {
            let there = branched.seek(target).unwrap();
            assert_eq!(**there.view(), fresh_view(&expected, target), "at {target}");
        }
        // The run before the branch is untouched.
        assert_eq!(**run.seek(200).unwrap().view(), fresh_view(&scenario, 200));
    }

    #[test]
    fn long_runs_keep_a_bounded_number_of_checkpoints() {
        let steps = FIRST_SPACING * MOST_CHECKPOINTS * 2 + 5;
        let scenario = random_scenario(steps);
        let run = Run::open(scenario.clone()).unwrap();
        assert!(run.checkpoints.kept.len() <= MOST_CHECKPOINTS);
        assert!(run.checkpoints.every > FIRST_SPACING);
        for target in [steps - 1, steps / 2 + 3, 17] {
            let there = run.seek(target).unwrap();
            assert_eq!(**there.view(), fresh_view(&scenario, target), "at {target}");
        }
    }

    #[test]
    fn steps_one_at_a_time_keep_checkpoints_that_jumps_use() {
        let scenario = random_scenario(100);
        let mut run = Run::open(Scenario {
            actions: Vec::new(),
            ..scenario.clone()
        })
        .unwrap();
        for action in &scenario.actions {
            run = run.apply(action.clone()).unwrap();
        }
        assert_eq!(
            run.checkpoints
                .kept
                .iter()
                .map(|c| c.step)
                .collect::<Vec<_>>(),
            vec![0, 32, 64, 96]
        );
        for target in [97, 40, 100] {
            assert_eq!(
                **run.seek(target).unwrap().view(),
                fresh_view(&scenario, target)
            );
        }
    }
}
