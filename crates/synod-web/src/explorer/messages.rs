//! What the page and the Explorer's worker say to each other, as JSON text over `postMessage`.
//!
//! The worker answers one [`ExploreRequest`] with [`WorkerReply::Progress`] several times a
//! second and then one [`WorkerReply::Done`] (the `synod check --json` report) or
//! [`WorkerReply::Failed`]. It says [`WorkerReply::Ready`] once, when its wasm has loaded: a
//! message posted before that would be lost.

use serde::{Deserialize, Serialize};
use synod_core::checker::bfs::Progress;
use synod_core::checker::check::Bounds;
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
pub enum WorkerReply {
    Ready,
    Progress(Progress),
    Done(Outcome),
    Failed(String),
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
