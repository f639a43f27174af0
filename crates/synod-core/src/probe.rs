//! What the CLI, transcripts, reports and tests ask of a world beyond what the page needs: the
//! canonical state's fingerprint, the report's extra fields and node states, the events of the
//! last steps, and the scheduler's whole list of choices.
//!
//! These live apart from [`Simulation`] so that the page, which reaches every protocol through
//! `Simulation`'s vtable, does not carry them once per protocol: [`probe`] finds the world's type
//! again through [`PROBES`], a table of its own (like the checker's), which only these callers
//! link.

use std::any::Any;

use serde_json::{Map, Value};

use crate::action::{Action, MessageId};
use crate::protocol::Protocol;
use crate::protocols::atomic_commit::three_phase::ThreePhaseCommit;
use crate::protocols::atomic_commit::two_phase::TwoPhaseCommit;
use crate::protocols::byzantine::oral::OralMessages;
use crate::protocols::byzantine::reductions::Reductions;
use crate::protocols::byzantine::signed::SignedMessages;
use crate::protocols::chandy_lamport::ChandyLamport;
use crate::protocols::floodset::Floodset;
use crate::protocols::flp::Flp;
use crate::protocols::heartbeat::Heartbeat;
use crate::protocols::multicast::Multicast;
use crate::protocols::paxos::Paxos;
use crate::protocols::paxos_commit::PaxosCommit;
use crate::protocols::pbft::Pbft;
use crate::protocols::replicated_register::ReplicatedRegister;
use crate::protocols::two_generals::TwoGenerals;
use crate::protocols::virtual_synchrony::VirtualSynchrony;
use crate::scheduler::{chosen_action, legal_actions, Faults};
use crate::simulation::Simulation;
use crate::state::NodeSlot;
use crate::view::{event_view, EventView};
use crate::world::World;

/// A world seen by the CLI and the tests.
pub trait Probe {
    /// The fingerprint of the canonical state: equal for two runs in the same situation.
    fn fingerprint(&self) -> u64;
    /// Every action the scheduler could choose now (see [`crate::scheduler::legal_actions`]).
    fn legal_actions(&self, faults: &Faults) -> Vec<Action<Value>>;
    /// The action `choice` picks, weighted like the scheduler (see
    /// [`crate::scheduler::chosen_action`]).
    fn chosen_action(&self, faults: &Faults, choice: u32) -> Option<Action<Value>>;
    /// The protocol's extra fields of the JSON report (see [`crate::report`]).
    fn report_fields(&self) -> Map<String, Value>;
    /// Each node's state as the JSON report prints it (`null` while crashed).
    fn node_states(&self) -> Vec<Value>;
    /// The events from `first` on, as views: what the last steps added.
    fn events_from(&self, first: usize) -> Vec<EventView>;
    /// Message `id`'s payload as the JSON report prints it (the page shows labels only).
    fn message_payload(&self, id: MessageId) -> Value;
}

impl<P: Protocol> Probe for World<P> {
    fn fingerprint(&self) -> u64 {
        self.state().fingerprint()
    }

    fn legal_actions(&self, faults: &Faults) -> Vec<Action<Value>> {
        legal_actions(self, faults)
            .into_iter()
            .map(json_command)
            .collect()
    }

    fn chosen_action(&self, faults: &Faults, choice: u32) -> Option<Action<Value>> {
        chosen_action(self, faults, choice).map(json_command)
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

    fn events_from(&self, first: usize) -> Vec<EventView> {
        self.events()
            .range(first..self.events().len())
            .map(|e| event_view(&self.history().labels(self.protocol()), e))
            .collect()
    }

    fn message_payload(&self, id: MessageId) -> Value {
        self.protocol().message_payload(self.history().payload(id))
    }
}

fn json_command<C: serde::Serialize>(action: Action<C>) -> Action<Value> {
    action
        .map_command(serde_json::to_value)
        .expect("protocol commands serialize to JSON")
}

type Finder = fn(&dyn Any) -> Option<&dyn Probe>;

fn find<P: Protocol>(world: &dyn Any) -> Option<&dyn Probe> {
    world
        .downcast_ref::<World<P>>()
        .map(|world| world as &dyn Probe)
}

/// One entry per protocol of [`crate::registry::PROTOCOLS`].
const PROBES: &[Finder] = &[
    find::<ChandyLamport>,
    find::<TwoPhaseCommit>,
    find::<ThreePhaseCommit>,
    find::<Multicast>,
    find::<VirtualSynchrony>,
    find::<Paxos>,
    find::<PaxosCommit>,
    find::<ReplicatedRegister>,
    find::<Floodset>,
    find::<Heartbeat>,
    find::<TwoGenerals>,
    find::<Flp>,
    find::<OralMessages>,
    find::<SignedMessages>,
    find::<Reductions>,
    find::<Pbft>,
];

/// The probe of any world the registry builds.
pub fn probe(world: &dyn Simulation) -> &dyn Probe {
    let any = world.as_any();
    PROBES
        .iter()
        .find_map(|find| find(any))
        .expect("every protocol of the registry has a probe")
}

#[cfg(test)]
mod tests {
    use super::probe;
    use crate::network::NetworkSpec;
    use crate::registry::PROTOCOLS;

    #[test]
    fn every_protocol_of_the_registry_has_a_probe() {
        for info in PROTOCOLS {
            let params = crate::form::default_params(info.settings);
            let world = info.build(&params, &NetworkSpec::default(), 0).unwrap();
            assert_eq!(probe(&*world).node_states().len(), world.view().nodes.len());
        }
    }
}
