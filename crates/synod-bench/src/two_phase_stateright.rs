//! TwoPhase as a [`stateright::Model`], checked by stateright's own breadth-first checker.

use stateright::{Checker, Model, Property};

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

    fn next_state(&self, state: &State, action: Action) -> Option<State> {
        Some(self.step(state, action))
    }

    fn properties(&self) -> Vec<Property<TwoPhase>> {
        vec![Property::always(TC_CONSISTENT, |model, state| {
            model.tc_consistent(state)
        })]
    }
}

/// Checks every reachable state of TwoPhase over `rms` resource managers, breadth-first on one
/// thread.
pub fn check(rms: usize) -> Outcome {
    let checker = TwoPhase::new(rms).checker().threads(1).spawn_bfs().join();
    assert!(checker.is_done(), "the search should run to completion");
    Outcome {
        unique_states: checker.unique_state_count() as u64,
        tc_consistent: checker.discovery(TC_CONSISTENT).is_none(),
    }
}
