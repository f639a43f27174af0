//! What the explorer explores: any transition system with hashable states.
//!
//! A protocol's world is one such model (`protocol_model.rs`); so is a hand-written
//! specification such as Lamport and Gray's TwoPhase (`benches/two_phase_tla.rs`). The explorer
//! never knows which.

use std::hash::Hash;

use super::fingerprint::fingerprint;

/// Whether a property must hold in every reachable state, or must remain reachable from every one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expectation {
    /// Safety: the condition holds in every reachable state.
    Always,
    /// Liveness: from every reachable state, some state within the bounds satisfies the condition.
    Eventually,
}

/// A named property of a model; [`Model::judge`] evaluates all of them at once.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PropertySpec {
    pub name: &'static str,
    pub expectation: Expectation,
}

/// A finite-branching transition system.
pub trait Model {
    /// Everything that determines the future; two states that hash alike are the same state.
    type State: Clone + Hash;
    /// One transition's label, replayed to rebuild a path.
    type Action: Clone;

    fn init_states(&self) -> Vec<Self::State>;
    /// The state's identity: states with equal fingerprints are one state to the explorer.
    fn fingerprint(&self, state: &Self::State) -> u64 {
        fingerprint(state)
    }
    /// Every action enabled in `state`, in a deterministic order.
    fn actions(&self, state: &Self::State, actions: &mut Vec<Self::Action>);
    /// The state after `action`, or `None` when it changes nothing worth exploring.
    fn next_state(&self, state: &Self::State, action: &Self::Action) -> Option<Self::State>;
    fn properties(&self) -> Vec<PropertySpec>;
    /// For each property in order: for `Always`, whether the invariant holds here; for
    /// `Eventually`, whether the goal is met here.
    fn judge(&self, state: &Self::State, verdicts: &mut Vec<bool>);
}
