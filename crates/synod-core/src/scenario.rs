//! A run as data: protocol + params + network + seed + actions. Undo, redo, the scrubber, share
//! links, golden tests and counterexamples are all "replay a prefix of the actions".

use serde::{Deserialize, Serialize};
use serde_json::Value;
use thiserror::Error;

use crate::action::{Action, ActionError};
use crate::network::NetworkSpec;
use crate::registry;
use crate::simulation::Simulation;

/// The only scenario format version so far.
pub const VERSION: u32 = 1;

/// The most actions a scenario may hold: far beyond any hand-made run, small enough to replay
/// in a moment.
pub const MAX_ACTIONS: usize = 100_000;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    pub version: u32,
    pub protocol: String,
    /// A short name for the scenario menu.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// One line on what the scenario shows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub params: Value,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub network: Option<NetworkSpec>,
    pub seed: u64,
    #[serde(default)]
    pub actions: Vec<Action<Value>>,
    /// The step to open at, when it is not the last (a shared link of a run being scrubbed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<u64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum ScenarioError {
    /// The text is not JSON (`syntax`), or its JSON does not fit the scenario format.
    #[error("{}", json_problem(*syntax, *line, *column, problem))]
    Json {
        syntax: bool,
        line: usize,
        column: usize,
        /// The parser's words, without the position.
        problem: String,
    },
    #[error("scenario version {0} is not supported (this build reads version {VERSION})")]
    Version(u32),
    #[error("unknown protocol {name:?} (known: {known})")]
    UnknownProtocol { name: String, known: String },
    #[error("bad params for {protocol}: {reason}")]
    Params { protocol: String, reason: String },
    #[error("action {step} is illegal: {error}")]
    Action { step: u64, error: ActionError },
    #[error("the scenario has {0} actions; at most {MAX_ACTIONS} are allowed")]
    TooLong(usize),
    #[error("cursor {cursor} is past the last action ({actions})")]
    Cursor { cursor: u64, actions: usize },
}

impl ScenarioError {
    /// A JSON parser's error, its position in the user's terms.
    pub fn json(error: &serde_json::Error) -> ScenarioError {
        let text = error.to_string();
        let position = format!(" at line {} column {}", error.line(), error.column());
        ScenarioError::Json {
            syntax: error.is_syntax() || error.is_eof(),
            line: error.line(),
            column: error.column(),
            problem: text.strip_suffix(&position).unwrap_or(&text).to_string(),
        }
    }

    /// The parser's own words, for a "details" toggle under the plain message.
    pub fn details(&self) -> Option<String> {
        match self {
            ScenarioError::Json {
                line,
                column,
                problem,
                ..
            } => Some(format!(
                "JSON parser: {problem} (line {line}, column {column})"
            )),
            _ => None,
        }
    }
}

/// What is wrong with a scenario's JSON, and where: a syntax error is named by its place alone
/// (the parser's own words go to the details); a mismatch with the format keeps the parser's
/// words, which name the field.
fn json_problem(syntax: bool, line: usize, column: usize, problem: &str) -> String {
    let place = if line <= 1 {
        format!("at character {column}")
    } else {
        format!("on line {line}, at character {column}")
    };
    if syntax {
        format!("the scenario is not well-formed JSON {place} (a missing comma, bracket or quote, or text cut short?)")
    } else {
        format!("the scenario's JSON does not fit the scenario format {place}: {problem}")
    }
}

impl Scenario {
    /// A run of `protocol` with nothing done yet, in the current format version.
    pub fn new(protocol: &str, params: Value, network: Option<NetworkSpec>, seed: u64) -> Scenario {
        Scenario {
            version: VERSION,
            protocol: protocol.to_string(),
            title: None,
            description: None,
            params,
            network,
            seed,
            actions: Vec::new(),
            cursor: None,
        }
    }

    /// Reads a scenario from JSON text, checking its version.
    pub fn from_json(text: &str) -> Result<Scenario, ScenarioError> {
        let scenario: Scenario = serde_json::from_str(text).map_err(|e| ScenarioError::json(&e))?;
        scenario.check_shape()?;
        Ok(scenario)
    }

    pub fn to_json_pretty(&self) -> String {
        serde_json::to_string_pretty(self).expect("scenarios serialize to JSON")
    }

    /// Checks what can be checked without running: version, size, cursor.
    pub fn check_shape(&self) -> Result<(), ScenarioError> {
        if self.version != VERSION {
            return Err(ScenarioError::Version(self.version));
        }
        if self.actions.len() > MAX_ACTIONS {
            return Err(ScenarioError::TooLong(self.actions.len()));
        }
        if let Some(cursor) = self.cursor {
            if cursor > self.actions.len() as u64 {
                return Err(ScenarioError::Cursor {
                    cursor,
                    actions: self.actions.len(),
                });
            }
        }
        Ok(())
    }

    /// The world before any action.
    pub fn start(&self) -> Result<Box<dyn Simulation>, ScenarioError> {
        let info =
            registry::find(&self.protocol).ok_or_else(|| ScenarioError::UnknownProtocol {
                name: self.protocol.clone(),
                known: registry::names(),
            })?;
        let network = self.network.clone().unwrap_or_default();
        info.build(&self.params, &network, self.seed)
            .map_err(|reason| ScenarioError::Params {
                protocol: self.protocol.clone(),
                reason,
            })
    }

    /// The world after the first `count` actions.
    pub fn replay_prefix(&self, count: usize) -> Result<Box<dyn Simulation>, ScenarioError> {
        self.check_shape()?;
        let mut world = self.start()?;
        for (index, action) in self.actions.iter().take(count).enumerate() {
            world.apply(action).map_err(|error| ScenarioError::Action {
                step: index as u64 + 1,
                error,
            })?;
        }
        Ok(world)
    }

    /// The world after every action.
    pub fn replay(&self) -> Result<Box<dyn Simulation>, ScenarioError> {
        self.replay_prefix(self.actions.len())
    }
}
