//! One exploration of a protocol, as `synod check`, the page's Explorer and the tests ask for
//! it: bounds in, verdicts with counterexamples (as ordinary version-1 scenarios) out.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::bfs::{explore, Limits, Progress};
use super::protocol_model::ProtocolModel;
use crate::action::{Action, ActionError};
use crate::budget::Budgets;
use crate::network::Network;
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
use crate::scenario::{Scenario, ScenarioError};
use crate::state::Move;
use crate::verdict::Kind;
use crate::world::World;

/// What an exploration may do: fault and command budgets (from its starting point on) and
/// limits on the search.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bounds {
    pub crashes: u32,
    pub recoveries: u32,
    pub drops: u32,
    pub duplicates: u32,
    pub partitions: u32,
    /// Commands given to nodes; `None` takes the protocol's usual run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commands: Option<u32>,
    /// Timers fired; `None` takes the protocol's own bound (none for most protocols: their
    /// timers cannot grow the state without end; Paxos's retries can).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeouts: Option<u32>,
    /// Traitors follow their strategies instead of choosing freely among everything they may
    /// send (see [`crate::protocol::Protocol::forgeries`]).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub strategies_only: bool,
    pub max_states: u64,
    pub max_depth: u32,
}

impl Default for Bounds {
    fn default() -> Bounds {
        Bounds {
            crashes: 0,
            recoveries: 0,
            drops: 0,
            duplicates: 0,
            partitions: 0,
            commands: None,
            timeouts: None,
            strategies_only: false,
            max_states: 1_000_000,
            max_depth: 1_000,
        }
    }
}

/// The result of one exploration: version 1 of the `synod check --json` contract.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CheckReport {
    pub version: u32,
    pub protocol: String,
    pub network: Network,
    /// The bounds as used (the command budget resolved).
    pub bounds: Bounds,
    pub unique_states: u64,
    pub transitions: u64,
    pub max_depth: u32,
    /// False when a limit stopped the search before every reachable state was seen.
    pub complete: bool,
    pub properties: Vec<Finding>,
}

/// One property's verdict over every explored state.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Finding {
    pub name: &'static str,
    pub kind: Kind,
    /// Whether the protocol promises it under this network and these budgets.
    pub guaranteed: bool,
    pub status: FindingStatus,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub counterexample: Option<Counterexample>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FindingStatus {
    Holds,
    /// Safety: a reachable state breaks it. Liveness: from some reachable state no state within
    /// the bounds meets it.
    Violated,
}

/// The shortest run to the violation (for liveness: to the first state from which the property
/// can no longer be met), as a scenario that `synod run` replays and the page opens.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Counterexample {
    /// Steps after the starting point.
    pub length: u32,
    pub scenario: Scenario,
}

impl CheckReport {
    /// Whether some property the protocol promises is violated (the CLI's exit code 1).
    pub fn broken_guarantee(&self) -> bool {
        self.properties
            .iter()
            .any(|p| p.guaranteed && p.kind == Kind::Safety && p.status == FindingStatus::Violated)
    }
}

/// Explores one protocol's runs, chosen by name at run time.
type Checker =
    fn(&Scenario, &Bounds, &mut dyn FnMut(Progress)) -> Result<CheckReport, ScenarioError>;

/// Every protocol's checker, by name: kept apart from [`crate::registry::PROTOCOLS`] so that
/// the page's main bundle, which never explores, does not carry the checker (the Explorer's
/// worker does). A test checks that the two lists name the same protocols.
const CHECKERS: &[(&str, Checker)] = &[
    (ChandyLamport::NAME, check_protocol::<ChandyLamport>),
    (TwoPhaseCommit::NAME, check_protocol::<TwoPhaseCommit>),
    (ThreePhaseCommit::NAME, check_protocol::<ThreePhaseCommit>),
    ("fifo-multicast", check_protocol::<Multicast>),
    ("causal-multicast", check_protocol::<Multicast>),
    ("total-multicast", check_protocol::<Multicast>),
    (VirtualSynchrony::NAME, check_protocol::<VirtualSynchrony>),
    (Paxos::NAME, check_protocol::<Paxos>),
    (PaxosCommit::NAME, check_protocol::<PaxosCommit>),
    (
        ReplicatedRegister::NAME,
        check_protocol::<ReplicatedRegister>,
    ),
    (Floodset::NAME, check_protocol::<Floodset>),
    (Heartbeat::NAME, check_protocol::<Heartbeat>),
    (TwoGenerals::NAME, check_protocol::<TwoGenerals>),
    (Flp::NAME, check_protocol::<Flp>),
    (OralMessages::NAME, check_protocol::<OralMessages>),
    (SignedMessages::NAME, check_protocol::<SignedMessages>),
    (Reductions::NAME, check_protocol::<Reductions>),
    (Pbft::NAME, check_protocol::<Pbft>),
];

/// Explores every continuation of `start` (its actions up to its cursor, or all of them, are the
/// prefix; an empty run explores from the initial state) within `bounds`, for whichever protocol
/// it names.
pub fn check(
    start: &Scenario,
    bounds: &Bounds,
    progress: &mut dyn FnMut(Progress),
) -> Result<CheckReport, ScenarioError> {
    let (_, checker) = CHECKERS
        .iter()
        .find(|(name, _)| *name == start.protocol)
        .ok_or_else(|| ScenarioError::UnknownProtocol {
            name: start.protocol.clone(),
            known: crate::registry::names(),
        })?;
    checker(start, bounds, progress)
}

/// [`check`] for protocol `P`.
pub fn check_protocol<P: Protocol>(
    start: &Scenario,
    bounds: &Bounds,
    progress: &mut dyn FnMut(Progress),
) -> Result<CheckReport, ScenarioError> {
    let Start {
        protocol,
        network,
        world,
        prefix,
        ..
    } = Start::<P>::of(start)?;
    let bounds = Bounds {
        commands: Some(
            bounds
                .commands
                .unwrap_or_else(|| protocol.default_command_budget()),
        ),
        timeouts: bounds
            .timeouts
            .or_else(|| protocol.default_timeout_budget()),
        ..*bounds
    };
    let budgets = Budgets {
        crashes: bounds.crashes,
        recoveries: bounds.recoveries,
        drops: bounds.drops,
        duplicates: bounds.duplicates,
        partitions: bounds.partitions,
        commands: bounds.commands.unwrap_or_default(),
        timeouts: bounds.timeouts.unwrap_or(u32::MAX),
    };
    let mut model = ProtocolModel::new(
        protocol.clone(),
        network.clone(),
        budgets,
        world.state().clone(),
    );
    if bounds.strategies_only {
        model = model.following_strategies();
    }
    // What the protocol promises depends on every fault of the run, the prefix's included.
    let run_faults = world.state().spent().plus(&budgets);
    let limits = Limits {
        max_states: bounds.max_states,
        max_depth: bounds.max_depth,
    };
    let exploration = explore(&model, limits, progress);
    let properties = P::PROPERTIES
        .iter()
        .zip(exploration.findings)
        .map(|(info, finding)| Finding {
            name: info.name,
            kind: info.kind,
            guaranteed: protocol.guaranteed(info.name, &network, &run_faults),
            status: match finding.counterexample {
                Some(_) => FindingStatus::Violated,
                None => FindingStatus::Holds,
            },
            counterexample: finding
                .counterexample
                .map(|path| counterexample(start, &prefix, &world, &path)),
        })
        .collect();
    Ok(CheckReport {
        version: 1,
        protocol: protocol.name().to_string(),
        network,
        bounds,
        unique_states: exploration.unique_states,
        transitions: exploration.transitions,
        max_depth: exploration.max_depth,
        complete: exploration.complete,
        properties,
    })
}

/// Where an exploration of a scenario starts: its protocol and network, and the world its
/// actions up to its cursor (or all of them) reach.
pub(crate) struct Start<P: Protocol> {
    pub protocol: P,
    pub network: Network,
    pub world: World<P>,
    pub prefix: Vec<Action<Value>>,
    /// The prefix's actions, typed: what the world applied.
    pub applied: Vec<Action<P::Cmd>>,
}

impl<P: Protocol> Start<P> {
    pub fn of(start: &Scenario) -> Result<Start<P>, ScenarioError> {
        start.check_shape()?;
        let bad_params = |reason: String| ScenarioError::Params {
            protocol: start.protocol.clone(),
            reason,
        };
        let params = P::params_for(&start.protocol, start.params.clone()).map_err(bad_params)?;
        let params: P::Params =
            serde_json::from_value(params).map_err(|e| bad_params(e.to_string()))?;
        let protocol = P::new(params).map_err(bad_params)?;
        let network = start
            .network
            .clone()
            .unwrap_or_default()
            .resolve(&protocol.default_network());
        let mut world = World::new(protocol.clone(), network.clone(), start.seed);
        let cursor = start.cursor.map_or(start.actions.len(), |c| c as usize);
        let prefix = &start.actions[..cursor];
        let mut applied = Vec::with_capacity(prefix.len());
        for (index, action) in prefix.iter().enumerate() {
            let step = index as u64 + 1;
            let typed = action
                .clone()
                .map_command(serde_json::from_value::<P::Cmd>)
                .map_err(|e| ScenarioError::Action {
                    step,
                    error: ActionError::BadCommand {
                        node: match action {
                            Action::Command { node, .. } => *node,
                            _ => 0,
                        },
                        reason: e.to_string(),
                    },
                })?;
            world
                .apply(typed.clone())
                .map_err(|error| ScenarioError::Action { step, error })?;
            applied.push(typed);
        }
        Ok(Start {
            protocol,
            network,
            world,
            prefix: prefix.to_vec(),
            applied,
        })
    }
}

/// Replays a path of moves from where the exploration started, naming each by id.
fn counterexample<P: Protocol>(
    start: &Scenario,
    prefix: &[Action<Value>],
    world: &World<P>,
    path: &[Move<P>],
) -> Counterexample {
    let mut world = world.clone();
    let mut actions = prefix.to_vec();
    for what in path {
        let action = world
            .action_for(what)
            .expect("a path the checker found replays in the world");
        actions.push(
            action
                .clone()
                .map_command(serde_json::to_value)
                .expect("commands serialize to JSON"),
        );
        world
            .apply(action)
            .expect("a path the checker found replays in the world");
    }
    let mut scenario = Scenario {
        actions,
        cursor: None,
        ..start.clone()
    };
    scenario.title = None;
    scenario.description = None;
    Counterexample {
        length: path.len() as u32,
        scenario,
    }
}

#[cfg(test)]
mod tests {
    use super::CHECKERS;
    use crate::registry::PROTOCOLS;

    #[test]
    fn every_protocol_has_a_checker_and_every_checker_a_protocol() {
        let checkers: Vec<&str> = CHECKERS.iter().map(|(name, _)| *name).collect();
        let protocols: Vec<&str> = PROTOCOLS.iter().map(|p| p.name).collect();
        assert_eq!(checkers, protocols);
    }
}
