//! The subcommands, each returning its output text or a one-line error.

use std::io::Read;

use serde_json::Value;
use synod_core::codec;
use synod_core::network::{NetworkSpec, Timing};
use synod_core::report::report;
use synod_core::scenario::{Scenario, ScenarioError};
use synod_core::scheduler::{Fault, Faults};
use synod_core::transcript::transcript;

pub fn run(file: &str, json: bool) -> Result<String, String> {
    let scenario = read_scenario(file)?;
    let in_file = |e: ScenarioError| format!("{}: {e}", source_name(file));
    if !json {
        return transcript(&scenario).map_err(in_file);
    }
    let world = scenario.replay().map_err(in_file)?;
    Ok(pretty(&report(&world.view(), None)))
}

/// The arguments of `synod random`.
#[derive(clap::Args)]
pub struct RandomRun {
    /// The protocol's name, e.g. chandy-lamport.
    protocol: String,
    /// The protocol's params as JSON, e.g. '{"nodes": 3}'.
    #[arg(long, default_value = "{}")]
    params: String,
    /// The network as JSON, e.g. '{"channels": "unordered"}'.
    #[arg(long)]
    network: Option<String>,
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// How many steps at most (the run stops early when nothing is enabled).
    #[arg(long, default_value_t = 100)]
    steps: u64,
    /// Fault kinds the scheduler may inject: crash,recover,drop,duplicate,partition.
    #[arg(long, value_delimiter = ',')]
    faults: Vec<String>,
    /// Override the network's timing model: async or sync.
    #[arg(long, value_parser = parse_timing)]
    timing: Option<Timing>,
    /// Print the JSON report instead of a readable transcript.
    #[arg(long)]
    json: bool,
}

fn parse_timing(text: &str) -> Result<Timing, String> {
    match text {
        "async" => Ok(Timing::Async),
        "sync" => Ok(Timing::Sync),
        _ => Err(format!("unknown timing {text:?}: expected async or sync")),
    }
}

pub fn random(args: &RandomRun) -> Result<String, String> {
    let params: Value =
        serde_json::from_str(&args.params).map_err(|e| format!("--params is not JSON: {e}"))?;
    let mut network: Option<NetworkSpec> = args
        .network
        .as_deref()
        .map(serde_json::from_str)
        .transpose()
        .map_err(|e| format!("--network is invalid: {e}"))?;
    if let Some(timing) = args.timing {
        network.get_or_insert_with(NetworkSpec::default).timing = Some(timing);
    }
    let faults: Faults = args
        .faults
        .iter()
        .filter(|f| !f.is_empty())
        .map(|f| f.parse::<Fault>())
        .collect::<Result<_, _>>()
        .map_err(|e| format!("--faults: {e}"))?;
    let mut scenario = Scenario::new(&args.protocol, params, network, args.seed);
    let mut world = scenario.start().map_err(|e| e.to_string())?;
    for _ in 0..args.steps {
        let Some(action) = world.random_action(&faults) else {
            break;
        };
        world
            .apply(&action)
            .map_err(|e| format!("the scheduler chose an illegal action (a bug): {e}"))?;
        scenario.actions.push(action);
    }
    if args.json {
        return Ok(pretty(&report(&world.view(), Some(&scenario))));
    }
    let text = transcript(&scenario).map_err(|e| e.to_string())?;
    Ok(format!("{text}scenario\n{}", scenario.to_json_pretty()))
}

pub fn encode(file: &str) -> Result<String, String> {
    let scenario = read_scenario(file)?;
    scenario
        .replay()
        .map_err(|e| format!("{}: {e}", source_name(file)))?;
    Ok(codec::encode(&scenario))
}

pub fn decode(link: &str) -> Result<String, String> {
    let scenario = codec::decode(link).map_err(|e| e.to_string())?;
    Ok(scenario.to_json_pretty())
}

fn read_scenario(file: &str) -> Result<Scenario, String> {
    let text = if file == "-" {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| format!("cannot read standard input: {e}"))?;
        text
    } else {
        std::fs::read_to_string(file).map_err(|e| format!("cannot read {file}: {e}"))?
    };
    Scenario::from_json(&text).map_err(|e| format!("{}: {e}", source_name(file)))
}

fn source_name(file: &str) -> &str {
    if file == "-" {
        "stdin"
    } else {
        file
    }
}

fn pretty(value: &Value) -> String {
    serde_json::to_string_pretty(value).expect("JSON values serialize")
}
