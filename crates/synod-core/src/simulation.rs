//! The protocol-agnostic face of a world, for callers that choose the protocol at run time (the
//! page, the CLI, scenario replay). Commands cross this boundary as JSON.
//!
//! It holds what the page needs and nothing more: every method here is compiled into the page
//! once per protocol. What only the CLI, transcripts and tests ask (fingerprints, the report's
//! extra fields, the scheduler's whole choice list) is [`crate::probe`].

use std::any::Any;

use serde_json::Value;

use crate::action::{Action, ActionError, Forgery, MessageId, NodeId};
use crate::budget::Budgets;
use crate::protocol::Protocol;
use crate::scheduler::{random_action, Faults};
use crate::verdict::Verdict;
use crate::view::{view_since, world_view, WorldView};
use crate::world::World;

/// A running world of some protocol.
pub trait Simulation {
    fn protocol_name(&self) -> &'static str;
    fn step(&self) -> u64;
    /// Performs one action, or refuses it and leaves the world unchanged.
    fn apply(&mut self, action: &Action<Value>) -> Result<(), ActionError>;
    /// The random scheduler's choice for the current step.
    fn random_action(&self, faults: &Faults) -> Option<Action<Value>>;
    /// How many of each budgeted choice the run has made.
    fn spent(&self) -> Budgets;
    /// Whether the network is partitioned now.
    fn partitioned(&self) -> bool;
    /// The node that made the last step and its sends still in flight: what a crash of it now
    /// may leave unsent (see [`World::last_sends`]).
    fn last_sends(&self) -> Vec<(NodeId, Vec<MessageId>)>;
    fn verdicts(&self) -> Vec<Verdict>;
    /// What the sender of in-flight message `id`, a traitor, may send instead, each labelled
    /// (see [`World::forgeries`]).
    fn forgeries(&self, id: MessageId) -> Vec<(String, Forgery)>;
    fn view(&self) -> WorldView;
    /// The view, built from `previous`, the view of an earlier step of this run (see
    /// [`crate::view::view_since`]): what a step or a jump forward costs.
    fn view_since(&self, previous: &WorldView) -> WorldView;
    fn boxed_clone(&self) -> Box<dyn Simulation>;
    /// The world itself, for [`crate::probe`] to find its protocol's type again.
    fn as_any(&self) -> &dyn Any;
}

impl<P: Protocol> Simulation for World<P> {
    fn protocol_name(&self) -> &'static str {
        self.protocol().name()
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

    fn spent(&self) -> Budgets {
        *self.state().spent()
    }

    fn partitioned(&self) -> bool {
        self.partition().is_some()
    }

    fn verdicts(&self) -> Vec<Verdict> {
        World::verdicts(self)
    }

    fn forgeries(&self, id: MessageId) -> Vec<(String, Forgery)> {
        World::forgeries(self, id)
    }

    fn view(&self) -> WorldView {
        world_view(self)
    }

    fn view_since(&self, previous: &WorldView) -> WorldView {
        view_since(self, Some(previous))
    }

    fn last_sends(&self) -> Vec<(NodeId, Vec<MessageId>)> {
        World::last_sends(self)
    }

    fn boxed_clone(&self) -> Box<dyn Simulation> {
        Box::new(self.clone())
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}
