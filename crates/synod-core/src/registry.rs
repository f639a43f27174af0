//! The protocols Synod knows, by name. Adding a protocol is one line in [`PROTOCOLS`].

use serde_json::Value;

use crate::form::Setting;
use crate::network::NetworkSpec;
use crate::protocol::{Protocol, VariantInfo};
use crate::protocols::atomic_commit::three_phase::ThreePhaseCommit;
use crate::protocols::atomic_commit::two_phase::TwoPhaseCommit;
use crate::protocols::byzantine::oral::OralMessages;
use crate::protocols::byzantine::reductions::Reductions;
use crate::protocols::byzantine::signed::SignedMessages;
use crate::protocols::chandy_lamport::ChandyLamport;
use crate::protocols::floodset::Floodset;
use crate::protocols::flp::Flp;
use crate::protocols::heartbeat::Heartbeat;
use crate::protocols::multicast::{self, Multicast};
use crate::protocols::paxos::Paxos;
use crate::protocols::paxos_commit::PaxosCommit;
use crate::protocols::pbft::Pbft;
use crate::protocols::replicated_register::ReplicatedRegister;
use crate::protocols::two_generals::TwoGenerals;
use crate::protocols::virtual_synchrony::VirtualSynchrony;
use crate::simulation::Simulation;
use crate::world::World;

/// Builds a fresh world of the protocol registered under a name from params, network and seed,
/// or says why the params are wrong.
type Builder = fn(&str, &Value, &NetworkSpec, u64) -> Result<Box<dyn Simulation>, String>;

/// What the page and the CLI need to know about a protocol before building a world of it.
pub struct ProtocolInfo {
    pub name: &'static str,
    pub title: &'static str,
    pub summary: &'static str,
    pub variants: &'static [VariantInfo],
    pub settings: &'static [Setting],
    /// Whether its configurations have a valence ([`Protocol::VALENCE`]).
    pub valence: bool,
    build: Builder,
}

pub const PROTOCOLS: &[ProtocolInfo] = &[
    entry::<ChandyLamport>("Chandy-Lamport global snapshot"),
    entry::<TwoPhaseCommit>("Two-phase commit"),
    entry::<ThreePhaseCommit>("Three-phase commit"),
    member::<Multicast>(&multicast::FIFO),
    member::<Multicast>(&multicast::CAUSAL),
    member::<Multicast>(&multicast::TOTAL),
    entry::<VirtualSynchrony>("Virtual synchrony"),
    entry::<Paxos>("Paxos"),
    entry::<PaxosCommit>("Paxos Commit"),
    entry::<ReplicatedRegister>("CAP: a replicated register"),
    entry::<Floodset>("FloodSet: consensus in f + 1 rounds"),
    entry::<Heartbeat>("Heartbeat failure detectors"),
    entry::<TwoGenerals>("The two generals"),
    entry::<Flp>("FLP: the bivalence explorer"),
    entry::<OralMessages>("Byzantine generals: oral messages OM(m)"),
    entry::<SignedMessages>("Byzantine generals: signed messages SM(m)"),
    entry::<Reductions>("Byzantine agreement: C, BG and IC from one another"),
    entry::<Pbft>("PBFT: Practical Byzantine Fault Tolerance"),
];

const fn entry<P: Protocol>(title: &'static str) -> ProtocolInfo {
    ProtocolInfo {
        name: P::NAME,
        title,
        summary: P::SUMMARY,
        variants: P::VARIANTS,
        settings: P::SETTINGS,
        valence: P::VALENCE,
        build: build::<P>,
    }
}

/// One protocol of a family that a single type serves (see [`Protocol::params_for`]).
pub struct Member {
    pub name: &'static str,
    pub title: &'static str,
    pub summary: &'static str,
    pub variants: &'static [VariantInfo],
    pub settings: &'static [Setting],
}

const fn member<P: Protocol>(member: &Member) -> ProtocolInfo {
    ProtocolInfo {
        name: member.name,
        title: member.title,
        summary: member.summary,
        variants: member.variants,
        settings: member.settings,
        valence: P::VALENCE,
        build: build::<P>,
    }
}

fn build<P: Protocol>(
    name: &str,
    params: &Value,
    network: &NetworkSpec,
    seed: u64,
) -> Result<Box<dyn Simulation>, String> {
    let params = P::params_for(name, params.clone())?;
    let params: P::Params = serde_json::from_value(params).map_err(|e| e.to_string())?;
    let protocol = P::new(params)?;
    let network = network.resolve(&protocol.default_network());
    Ok(Box::new(World::new(protocol, network, seed)))
}

pub fn find(name: &str) -> Option<&'static ProtocolInfo> {
    PROTOCOLS.iter().find(|p| p.name == name)
}

impl ProtocolInfo {
    /// A fresh world, or why the parameters are wrong.
    pub fn build(
        &self,
        params: &Value,
        network: &NetworkSpec,
        seed: u64,
    ) -> Result<Box<dyn Simulation>, String> {
        (self.build)(self.name, params, network, seed)
    }
}

/// The names of every protocol, for error messages.
pub fn names() -> String {
    PROTOCOLS
        .iter()
        .map(|p| p.name)
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::form::default_params;

    #[test]
    fn every_protocol_builds_from_its_default_settings_with_every_variant() {
        for protocol in PROTOCOLS {
            // The first variant is the default: a scenario without one runs it.
            assert!(!protocol.variants[0].flawed, "{}", protocol.name);
            for variant in protocol.variants {
                let mut params = default_params(protocol.settings);
                params["variant"] = Value::from(variant.name);
                let world = protocol.build(&params, &NetworkSpec::default(), 0);
                assert!(
                    world.is_ok(),
                    "{} {}: {:?}",
                    protocol.name,
                    variant.name,
                    world.err()
                );
            }
        }
    }
}
