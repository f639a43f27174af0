//! Valence for scenarios, as `synod valence`, the page's worker and the tests ask for it: a
//! session keeps one protocol's explored configurations, so that a run's every step, the
//! adversary's next hundred events and a Lemma 3 view cost one exploration between them.

use serde::Serialize;
use serde_json::Value;

use super::check::Start;
use super::valence::{Lemma3, TooLarge, Valence, Valences, MAX_NEW_CONFIGURATIONS};
use crate::action::Action;
use crate::network::Network;
use crate::protocol::Protocol;
use crate::protocols::flp::Flp;
use crate::scenario::{Scenario, ScenarioError};

/// Why a valence question has no answer.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ValenceError {
    #[error(transparent)]
    Scenario(#[from] ScenarioError),
    #[error("{protocol} has no valence: it is defined for a consensus protocol on bits (valence is computed for: {known})")]
    NoValence { protocol: String, known: String },
    #[error("this configuration's future is too large to explore: more than {MAX_NEW_CONFIGURATIONS} new configurations (duplicates and drops, outside FLP's model, multiply them)")]
    TooLarge,
    #[error("this valence session explores another protocol, params or network")]
    OtherRun,
}

impl From<TooLarge> for ValenceError {
    fn from(_: TooLarge) -> ValenceError {
        ValenceError::TooLarge
    }
}

/// One configuration's valence: version 1 of the `synod valence --json` contract.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ValenceReport {
    pub version: u32,
    pub protocol: String,
    /// The step whose configuration this is (the scenario's cursor, or its last).
    pub step: u64,
    /// The decision values reachable: `[0, 1]` for a bivalent configuration.
    pub valence: Vec<u8>,
    /// `0-valent`, `1-valent` or `bivalent`.
    pub kind: String,
    /// Whether a scheduler can keep it undecided for ever.
    pub lasting: bool,
    /// Configurations explored to find it.
    pub states: usize,
}

/// Every initial configuration's valence: `synod valence --initial --json`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct InitialReport {
    pub version: u32,
    pub protocol: String,
    pub initial: Vec<InitialValence>,
}

/// One initial configuration (an assignment of inputs) and its valence.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct InitialValence {
    pub inputs: Vec<u8>,
    pub valence: Vec<u8>,
    pub kind: String,
    pub lasting: bool,
    pub states: usize,
}

/// FLP's name for a set of decision values.
pub fn kind(valence: &Valence) -> String {
    match valence.list().as_slice() {
        [] => "undecidable".to_string(),
        [v] => format!("{v}-valent"),
        _ => "bivalent".to_string(),
    }
}

/// One protocol's valences, for scenarios of one protocol, params and network.
pub trait ValenceSession {
    /// Whether `scenario` runs the protocol this session explores.
    fn serves(&self, scenario: &Scenario) -> bool;
    /// The valence of each configuration of the scenario's run: step 0 to its last action.
    fn run(&mut self, scenario: &Scenario) -> Result<Vec<Valence>, ValenceError>;
    /// The adversary's next `steps` events from the scenario's cursor (or end).
    fn adversary(
        &mut self,
        scenario: &Scenario,
        steps: usize,
    ) -> Result<Vec<Action<Value>>, ValenceError>;
    /// FLP's Lemma 3 at the scenario's cursor (or end), for its oldest pending event.
    fn lemma3(&mut self, scenario: &Scenario) -> Result<Option<Lemma3<Value>>, ValenceError>;
    /// Configurations explored so far.
    fn explored(&self) -> usize;
}

struct Session<P: Protocol> {
    protocol: String,
    params: Value,
    network: Network,
    valences: Valences<P>,
}

/// Every protocol whose configurations have a valence, by name.
type Opener = fn(&Scenario) -> Result<Box<dyn ValenceSession>, ValenceError>;

const VALENCES: &[(&str, Opener)] = &[(Flp::NAME, open::<Flp>)];

/// A session for `scenario`'s protocol; an error for a protocol without valence.
pub fn session(scenario: &Scenario) -> Result<Box<dyn ValenceSession>, ValenceError> {
    let (_, opener) = VALENCES
        .iter()
        .find(|(name, _)| *name == scenario.protocol)
        .ok_or_else(|| ValenceError::NoValence {
            protocol: scenario.protocol.clone(),
            known: VALENCES
                .iter()
                .map(|(name, _)| *name)
                .collect::<Vec<_>>()
                .join(", "),
        })?;
    opener(scenario)
}

fn open<P: Protocol>(scenario: &Scenario) -> Result<Box<dyn ValenceSession>, ValenceError> {
    let start = Start::<P>::of(&Scenario {
        actions: Vec::new(),
        cursor: None,
        ..scenario.clone()
    })?;
    let valences = Valences::new(start.protocol, start.network.clone()).ok_or_else(|| {
        ValenceError::NoValence {
            protocol: scenario.protocol.clone(),
            known: VALENCES[0].0.to_string(),
        }
    })?;
    Ok(Box::new(Session {
        protocol: scenario.protocol.clone(),
        params: scenario.params.clone(),
        network: start.network,
        valences,
    }))
}

impl<P: Protocol> Session<P> {
    /// The world at the scenario's cursor (or end), checking it is this session's protocol.
    fn start(&self, scenario: &Scenario) -> Result<Start<P>, ValenceError> {
        if !self.serves(scenario) {
            return Err(ValenceError::OtherRun);
        }
        Ok(Start::of(scenario)?)
    }
}

impl<P: Protocol> ValenceSession for Session<P> {
    fn serves(&self, scenario: &Scenario) -> bool {
        let network = scenario.network.clone().unwrap_or_default();
        scenario.protocol == self.protocol
            && scenario.params == self.params
            && network.channels.is_none_or(|c| c == self.network.channels)
            && network.timing.is_none_or(|t| t == self.network.timing)
    }

    fn run(&mut self, scenario: &Scenario) -> Result<Vec<Valence>, ValenceError> {
        let every = Scenario {
            cursor: None,
            ..scenario.clone()
        };
        let start = self.start(&Scenario {
            actions: Vec::new(),
            ..every.clone()
        })?;
        let full = self.start(&every)?;
        Ok(self.valences.of_run(&full.applied, start.world)?)
    }

    fn adversary(
        &mut self,
        scenario: &Scenario,
        steps: usize,
    ) -> Result<Vec<Action<Value>>, ValenceError> {
        let mut start = self.start(scenario)?;
        Ok(self
            .valences
            .dodge_for(&mut start.world, steps)?
            .into_iter()
            .map(to_json)
            .collect())
    }

    fn lemma3(&mut self, scenario: &Scenario) -> Result<Option<Lemma3<Value>>, ValenceError> {
        let start = self.start(scenario)?;
        Ok(self
            .valences
            .lemma3(&start.world, true)?
            .map(|lemma| Lemma3 {
                event: to_json(lemma.event),
                c: lemma.c,
                d: lemma.d,
                complete: lemma.complete,
                path: lemma.path.into_iter().map(to_json).collect(),
            }))
    }

    fn explored(&self) -> usize {
        self.valences.explored()
    }
}

fn to_json<C: Serialize>(action: Action<C>) -> Action<Value> {
    action
        .map_command(serde_json::to_value)
        .expect("commands serialize to JSON")
}

/// The valence of the configuration at the scenario's cursor (or end).
pub fn valence(scenario: &Scenario) -> Result<ValenceReport, ValenceError> {
    let mut session = session(scenario)?;
    let step = scenario
        .cursor
        .unwrap_or(scenario.actions.len() as u64)
        .min(scenario.actions.len() as u64);
    let prefix = Scenario {
        actions: scenario.actions[..step as usize].to_vec(),
        cursor: None,
        ..scenario.clone()
    };
    let valences = session.run(&prefix)?;
    let last = *valences.last().expect("a run has its start");
    Ok(ValenceReport {
        version: 1,
        protocol: scenario.protocol.clone(),
        step: valences.len() as u64 - 1,
        valence: last.list(),
        kind: kind(&last),
        lasting: last.lasting,
        states: session.explored(),
    })
}

/// Every initial configuration's valence: each assignment of bits to the `inputs` param (the
/// other params as `scenario` has them), in binary counting order.
pub fn initial_valences(scenario: &Scenario) -> Result<InitialReport, ValenceError> {
    let nodes = scenario
        .params
        .get("nodes")
        .and_then(Value::as_u64)
        .unwrap_or(3)
        .min(8) as u32;
    let mut initial = Vec::new();
    for bits in 0..1u32 << nodes {
        let inputs: Vec<u8> = (0..nodes)
            .map(|i| (bits >> (nodes - 1 - i) & 1) as u8)
            .collect();
        let mut params = scenario.params.clone();
        if !params.is_object() {
            params = Value::Object(Default::default());
        }
        params["inputs"] = serde_json::json!(inputs);
        let report = valence(&Scenario {
            params,
            actions: Vec::new(),
            cursor: None,
            ..scenario.clone()
        })?;
        initial.push(InitialValence {
            inputs,
            valence: report.valence,
            kind: report.kind,
            lasting: report.lasting,
            states: report.states,
        });
    }
    Ok(InitialReport {
        version: 1,
        protocol: scenario.protocol.clone(),
        initial,
    })
}
