//! What the page and the Explorer's worker say to each other, as JSON text over `postMessage`.
//!
//! The worker answers one [`WorkerRequest::Explore`] with [`WorkerReply::Progress`] several times a
//! second and then one [`WorkerReply::Done`] (the `synod check --json` report) or
//! [`WorkerReply::Failed`]. It says [`WorkerReply::Ready`] once, when its wasm has loaded: a
//! message posted before that would be lost. A [`WorkerRequest::Valence`] (the FLP panel's)
//! gets one [`WorkerReply::Valence`] or [`WorkerReply::Failed`].

use serde::{Deserialize, Serialize};
use serde_json::Value;
use synod_core::action::Action;
use synod_core::checker::bfs::Progress;
use synod_core::checker::check::Bounds;
use synod_core::checker::valence::Lemma3;
use synod_core::scenario::Scenario;
use synod_core::verdict::Kind;

/// Explore every continuation of `start` (its actions are the prefix) within `bounds`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExploreRequest {
    pub start: Scenario,
    pub bounds: Bounds,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum WorkerRequest {
    Explore(ExploreRequest),
    Valence(ValenceRequest),
}

/// A question about valence (FLP) for the run of `scenario`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ValenceRequest {
    pub scenario: Scenario,
    pub ask: ValenceAsk,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ValenceAsk {
    /// The valence of every configuration of the run, its start to its last action.
    Run,
    /// The adversary's next events from the scenario's cursor.
    Adversary(usize),
    /// FLP's Lemma 3 at the scenario's cursor, for its oldest pending event.
    Lemma3,
    /// The valence of the scenario's initial configuration (one vertex of Lemma 2's lattice).
    Start,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum WorkerReply {
    Ready,
    Progress(Progress),
    Done(Outcome),
    Failed(String),
    Valence(ValenceOutcome),
}

/// The answer to a [`ValenceRequest`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ValenceOutcome {
    pub ask: ValenceAsk,
    /// The params of the run asked about (a lattice vertex is known by its inputs).
    pub params: Value,
    /// `Run`: each configuration's valence from the start; `Start`: the initial one's.
    #[serde(default)]
    pub valences: Vec<StepValence>,
    /// `Adversary`: its events.
    #[serde(default)]
    pub events: Vec<Action<Value>>,
    #[serde(default)]
    pub lemma3: Option<Lemma3<Value>>,
    /// Configurations the worker has explored for this protocol so far.
    pub explored: usize,
    /// How long the worker took, in milliseconds.
    pub millis: f64,
}

/// One configuration's valence as the page shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepValence {
    /// The decision values reachable, bit `v` for value `v`.
    pub values: u8,
    /// Whether a scheduler can keep it undecided for ever.
    pub lasting: bool,
}

impl StepValence {
    /// `zero`, `one`, `both` or `none`: the class the page colours it with.
    pub fn class(self) -> &'static str {
        match self.values {
            1 => "zero",
            2 => "one",
            3 => "both",
            _ => "none",
        }
    }

    /// FLP's word for it.
    pub fn name(self) -> &'static str {
        match self.values {
            1 => "0-valent",
            2 => "1-valent",
            3 => "bivalent",
            _ => "no decision reachable",
        }
    }
}

/// The parts of the checker's report the Explorer shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Outcome {
    pub unique_states: u64,
    pub transitions: u64,
    pub max_depth: u32,
    pub complete: bool,
    pub properties: Vec<FindingView>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FindingView {
    pub name: String,
    pub kind: Kind,
    pub guaranteed: bool,
    /// `holds` or `violated`.
    pub status: String,
    #[serde(default)]
    pub counterexample: Option<CounterexampleView>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CounterexampleView {
    pub length: u32,
    pub scenario: Scenario,
}

impl WorkerReply {
    pub fn to_text(&self) -> String {
        serde_json::to_string(self).expect("worker replies serialize to JSON")
    }

    pub fn from_text(text: &str) -> Result<WorkerReply, String> {
        serde_json::from_str(text)
            .map_err(|e| format!("the Explorer's worker said something unreadable: {e}"))
    }
}
