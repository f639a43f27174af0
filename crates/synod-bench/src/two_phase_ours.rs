//! TwoPhase as a [`synod_core::checker::model::Model`], explored by the engine every Synod model
//! uses.

use synod_core::checker::bfs::{explore, Limits};
use synod_core::checker::model::{Expectation, Model, PropertySpec};

use crate::{Action, Outcome, State, TwoPhase, TC_CONSISTENT};

impl Model for TwoPhase {
    type State = State;
    type Action = Action;

    fn init_states(&self) -> Vec<State> {
        vec![self.init_state()]
    }

    fn actions(&self, state: &State, actions: &mut Vec<Action>) {
        self.enabled(state, actions);
    }

    /// Always a state, even for a stuttering step, as stateright gets: both engines then look up
    /// the same successors.
    fn next_state(&self, state: &State, action: &Action) -> Option<State> {
        Some(self.step(state, *action))
    }

    fn properties(&self) -> Vec<PropertySpec> {
        vec![PropertySpec {
            name: TC_CONSISTENT,
            expectation: Expectation::Always,
        }]
    }

    fn judge(&self, state: &State, verdicts: &mut Vec<bool>) {
        verdicts.push(self.tc_consistent(state));
    }
}

/// Explores every reachable state of TwoPhase over `rms` resource managers, breadth-first.
pub fn check(rms: usize) -> Outcome {
    let unbounded = Limits {
        max_states: u64::MAX,
        max_depth: u32::MAX,
    };
    let exploration = explore(&TwoPhase::new(rms), unbounded, &mut |_| {});
    assert!(exploration.complete, "no limit should cut the search short");
    Outcome {
        unique_states: exploration.unique_states,
        tc_consistent: exploration.findings[0].counterexample.is_none(),
    }
}
