//! The protocol-agnostic face of a world, for callers that choose the protocol at run time (the
//! page, the CLI, scenario replay). Commands cross this boundary as JSON.

use serde_json::{Map, Value};

use crate::action::{Action, ActionError};
use crate::budget::Budgets;
use crate::protocol::Protocol;
use crate::scheduler::{chosen_action, legal_actions, random_action, Faults};
use crate::state::NodeSlot;
use crate::verdict::Verdict;
use crate::view::{event_view, view_since, world_view, EventView, WorldView};
use crate::world::World;

/// A running world of some protocol.
pub trait Simulation {
    fn protocol_name(&self) -> &'static str;
    fn step(&self) -> u64;
    /// Performs one action, or refuses it and leaves the world unchanged.
    fn apply(&mut self, action: &Action<Value>) -> Result<(), ActionError>;
    /// The random scheduler's choice for the current step.
    fn random_action(&self, faults: &Faults) -> Option<Action<Value>>;
    /// Every action the scheduler could choose now (see [`crate::scheduler::legal_actions`]).
    fn legal_actions(&self, faults: &Faults) -> Vec<Action<Value>>;
    /// The action `choice` picks, weighted like the scheduler (see
    /// [`crate::scheduler::chosen_action`]).
    fn chosen_action(&self, faults: &Faults, choice: u32) -> Option<Action<Value>>;
    /// How many of each budgeted choice the run has made.
    fn spent(&self) -> Budgets;
    /// Whether the network is partitioned now.
    fn partitioned(&self) -> bool;
    fn verdicts(&self) -> Vec<Verdict>;
    fn view(&self) -> WorldView;
    /// The protocol's extra fields of the JSON report (see [`crate::report`]).
    fn report_fields(&self) -> Map<String, Value>;
    /// Each node's state as the JSON report prints it (`null` while crashed): built only for the
    /// report, as it grows with what a node remembers.
    fn node_states(&self) -> Vec<Value>;
    /// The view, built from `previous`, the view of an earlier step of this run (see
    /// [`crate::view::view_since`]): what a step or a jump forward costs.
    fn view_since(&self, previous: &WorldView) -> WorldView;
    /// The events from `first` on, as views: what the last steps added to the diagram.
    fn events_from(&self, first: usize) -> Vec<EventView>;
    /// The fingerprint of the canonical state: equal for two runs in the same situation.
    fn fingerprint(&self) -> u64;
    fn boxed_clone(&self) -> Box<dyn Simulation>;
}

impl<P: Protocol> Simulation for World<P> {
    fn protocol_name(&self) -> &'static str {
        P::NAME
    }

    fn step(&self) -> u64 {
        World::step(self)
    }

    fn apply(&mut self, action: &Action<Value>) -> Result<(), ActionError> {
        let node = match action {
            Action::Command { node, .. } => *node,
            _ => 0,
        };
        let typed = action
            .clone()
            .map_command(serde_json::from_value::<P::Cmd>)
            .map_err(|e| ActionError::BadCommand {
                node,
                reason: e.to_string(),
            })?;
        World::apply(self, typed)
    }

    fn random_action(&self, faults: &Faults) -> Option<Action<Value>> {
        random_action(self, faults).map(|action| {
            action
                .map_command(serde_json::to_value)
                .expect("protocol commands serialize to JSON")
        })
    }

    fn legal_actions(&self, faults: &Faults) -> Vec<Action<Value>> {
        legal_actions(self, faults)
            .into_iter()
            .map(|action| {
                action
                    .map_command(serde_json::to_value)
                    .expect("protocol commands serialize to JSON")
            })
            .collect()
    }

    fn chosen_action(&self, faults: &Faults, choice: u32) -> Option<Action<Value>> {
        chosen_action(self, faults, choice).map(|action| {
            action
                .map_command(serde_json::to_value)
                .expect("protocol commands serialize to JSON")
        })
    }

    fn spent(&self) -> Budgets {
        *self.state().spent()
    }

    fn partitioned(&self) -> bool {
        self.partition().is_some()
    }

    fn verdicts(&self) -> Vec<Verdict> {
        World::verdicts(self)
    }

    fn view(&self) -> WorldView {
        world_view(self)
    }

    fn report_fields(&self) -> Map<String, Value> {
        self.protocol().report_fields(self)
    }

    fn node_states(&self) -> Vec<Value> {
        (0..self.node_count())
            .map(|id| match self.slot(id) {
                NodeSlot::Up(node) => self.protocol().node_state(node),
                NodeSlot::Down(_) => Value::Null,
            })
            .collect()
    }

    fn view_since(&self, previous: &WorldView) -> WorldView {
        view_since(self, Some(previous))
    }

    fn events_from(&self, first: usize) -> Vec<EventView> {
        self.events()
            .range(first..self.events().len())
            .map(|e| event_view(self.protocol(), e))
            .collect()
    }

    fn fingerprint(&self) -> u64 {
        self.state().fingerprint()
    }

    fn boxed_clone(&self) -> Box<dyn Simulation> {
        Box::new(self.clone())
    }
}
