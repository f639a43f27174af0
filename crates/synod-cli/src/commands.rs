//! The subcommands, each returning its output text or a one-line error.

use std::io::Read;

use std::time::Instant;

use serde_json::Value;
use synod_core::budget::{Budgets, Spend};
use synod_core::checker::check::{self as checker, Bounds, CheckReport};
use synod_core::checker::valence_run;
use synod_core::codec;
use synod_core::network::{NetworkSpec, Timing};
use synod_core::report::report;
use synod_core::scenario::{Scenario, ScenarioError};
use synod_core::scheduler::{Fault, Faults};
use synod_core::transcript::transcript;
use synod_core::verdict::Kind;

pub fn run(file: &str, json: bool) -> Result<String, String> {
    let scenario = read_scenario(file)?;
    let in_file = |e: ScenarioError| format!("{}: {e}", source_name(file));
    if !json {
        return transcript(&scenario).map_err(in_file);
    }
    let world = scenario.replay().map_err(in_file)?;
    Ok(report(&*world, None))
}

/// Which configuration `synod check` and `synod valence` start from.
#[derive(clap::Args)]
pub struct Target {
    /// The protocol's name, e.g. two-phase-commit.
    protocol: String,
    /// The protocol's params as JSON, e.g. '{"participants": 3}'.
    #[arg(long, default_value = "{}")]
    params: String,
    /// The network as JSON, e.g. '{"channels": "fifo", "timing": "sync"}'.
    #[arg(long)]
    network: Option<String>,
    /// Start from where this scenario file's run has got to (its cursor, or its last action)
    /// instead of the initial state; its protocol must be PROTOCOL, and its params and network
    /// are used (leave --params and --network out).
    #[arg(long)]
    from: Option<String>,
}

impl Target {
    fn scenario(&self) -> Result<Scenario, String> {
        match &self.from {
            Some(file) => {
                if self.params != "{}" || self.network.is_some() {
                    return Err(
                        "--params and --network come from the --from scenario: leave them out"
                            .to_string(),
                    );
                }
                let scenario = read_scenario(file)?;
                if scenario.protocol != self.protocol {
                    return Err(format!(
                        "{} is a {} scenario, not {}",
                        source_name(file),
                        scenario.protocol,
                        self.protocol
                    ));
                }
                Ok(scenario)
            }
            None => {
                let params: Value = serde_json::from_str(&self.params)
                    .map_err(|e| format!("--params is not JSON: {e}"))?;
                let network: Option<NetworkSpec> = self
                    .network
                    .as_deref()
                    .map(serde_json::from_str)
                    .transpose()
                    .map_err(|e| format!("--network is invalid: {e}"))?;
                Ok(Scenario::new(&self.protocol, params, network, 0))
            }
        }
    }

    /// An error about the scenario, naming its file when it came from one.
    fn blame(&self, error: impl std::fmt::Display) -> String {
        match &self.from {
            Some(file) => format!("{}: {error}", source_name(file)),
            None => error.to_string(),
        }
    }
}

/// The arguments of `synod valence`.
#[derive(clap::Args)]
pub struct ValenceRun {
    #[command(flatten)]
    target: Target,
    /// Print every initial configuration (each assignment of bits to the inputs) with its
    /// valence, instead of one configuration's.
    #[arg(long)]
    initial: bool,
    /// Print the scenario extended by this many of the adversary's events, each keeping the
    /// configuration bivalent (fewer if it cannot be kept so).
    #[arg(long, value_name = "STEPS")]
    adversary: Option<usize>,
    /// Print one JSON object instead of a readable summary.
    #[arg(long)]
    json: bool,
}

/// Runs `synod valence`.
pub fn valence(args: &ValenceRun) -> Result<String, String> {
    let scenario = args.target.scenario()?;
    let started = Instant::now();
    if let Some(steps) = args.adversary {
        if args.initial {
            return Err("--adversary extends one run: leave --initial out".to_string());
        }
        let mut explorer = valence_run::session(&scenario).map_err(|e| args.target.blame(e))?;
        let events = explorer
            .adversary(&scenario, steps)
            .map_err(|e| args.target.blame(e))?;
        let cursor = scenario
            .cursor
            .map_or(scenario.actions.len(), |c| c as usize);
        let mut extended = scenario.clone();
        extended.actions.truncate(cursor);
        extended.actions.extend(events);
        extended.cursor = None;
        return Ok(extended.to_json_pretty());
    }
    if args.initial {
        if args.target.from.is_some() {
            return Err("--initial lists the initial configurations: leave --from out".to_string());
        }
        let report = valence_run::initial_valences(&scenario).map_err(|e| args.target.blame(e))?;
        let seconds = started.elapsed().as_secs_f64();
        if args.json {
            let mut json = serde_json::to_value(&report).expect("valence reports serialize");
            json["seconds"] = serde_json::json!(seconds);
            return Ok(pretty(&json));
        }
        let mut out = format!("{}: every initial configuration\n", report.protocol);
        for one in &report.initial {
            let inputs: Vec<String> = one.inputs.iter().map(u8::to_string).collect();
            out += &format!(
                "  inputs {}: {} {:?}{} ({} states)\n",
                inputs.join(" "),
                one.kind,
                one.valence,
                if one.lasting {
                    ", can stay undecided for ever"
                } else {
                    ""
                },
                one.states
            );
        }
        out += &format!("in {seconds:.2} s");
        return Ok(out);
    }
    let report = valence_run::valence(&scenario).map_err(|e| args.target.blame(e))?;
    let seconds = started.elapsed().as_secs_f64();
    if args.json {
        let mut json = serde_json::to_value(&report).expect("valence reports serialize");
        json["seconds"] = serde_json::json!(seconds);
        return Ok(pretty(&json));
    }
    Ok(format!(
        "{} at step {}: {} {:?}{}\nexplored {} states in {seconds:.2} s",
        report.protocol,
        report.step,
        report.kind,
        report.valence,
        if report.lasting {
            "; a scheduler can keep it undecided for ever"
        } else {
            ""
        },
        report.states
    ))
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
    /// Fault kinds the scheduler may inject, without limit: crash,recover,drop,duplicate,partition.
    #[arg(long, value_delimiter = ',')]
    faults: Vec<String>,
    /// At most this many crashes (enables crashes).
    #[arg(long)]
    crashes: Option<u32>,
    /// At most this many recoveries (enables recoveries).
    #[arg(long)]
    recoveries: Option<u32>,
    /// At most this many drops (enables drops).
    #[arg(long)]
    drops: Option<u32>,
    /// At most this many duplicates (enables duplicates).
    #[arg(long)]
    duplicates: Option<u32>,
    /// At most this many partitions (enables partitions; healing is free).
    #[arg(long)]
    partitions: Option<u32>,
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
    let budgets = [
        (Fault::Crash, Spend::Crash, args.crashes),
        (Fault::Recover, Spend::Recovery, args.recoveries),
        (Fault::Drop, Spend::Drop, args.drops),
        (Fault::Duplicate, Spend::Duplicate, args.duplicates),
        (Fault::Partition, Spend::Partition, args.partitions),
    ];
    let mut scenario = Scenario::new(&args.protocol, params, network, args.seed);
    let mut world = scenario.start().map_err(|e| e.to_string())?;
    for _ in 0..args.steps {
        let allowed = allowed_faults(&faults, &budgets, &world.spent(), world.partitioned());
        let Some(action) = world.random_action(&allowed) else {
            break;
        };
        world
            .apply(&action)
            .map_err(|e| format!("the scheduler chose an illegal action (a bug): {e}"))?;
        scenario.actions.push(action);
    }
    if args.json {
        return Ok(report(&*world, Some(&scenario)));
    }
    let text = transcript(&scenario).map_err(|e| e.to_string())?;
    Ok(format!("{text}scenario\n{}", scenario.to_json_pretty()))
}

/// The arguments of `synod check`.
#[derive(clap::Args)]
pub struct CheckRun {
    #[command(flatten)]
    target: Target,
    /// Crashes any path may make.
    #[arg(long, default_value_t = 0)]
    crashes: u32,
    #[arg(long, default_value_t = 0)]
    recoveries: u32,
    #[arg(long, default_value_t = 0)]
    drops: u32,
    #[arg(long, default_value_t = 0)]
    duplicates: u32,
    /// Partitions any path may make (healing is free).
    #[arg(long, default_value_t = 0)]
    partitions: u32,
    /// Commands any path may give (default: the protocol's usual run).
    #[arg(long)]
    commands: Option<u32>,
    /// Timers any path may fire (default: the protocol's own bound, which only Paxos sets:
    /// each retry starts a higher ballot, so without one its runs never end).
    #[arg(long)]
    timeouts: Option<u32>,
    /// Traitors follow their strategies (default: every path tries everything each traitor may
    /// send in place of each of its messages).
    #[arg(long)]
    strategies_only: bool,
    /// Stop after this many unique states.
    #[arg(long, default_value_t = 1_000_000)]
    max_states: u64,
    /// Do not expand states at this depth.
    #[arg(long, default_value_t = 1_000)]
    max_depth: u32,
    /// Print one JSON object instead of a readable summary.
    #[arg(long)]
    json: bool,
}

/// Runs `synod check`: the output, and whether a guaranteed property is violated.
pub fn check(args: &CheckRun) -> Result<(String, bool), String> {
    let start = args.target.scenario()?;
    if args.max_states == 0 {
        return Err("--max-states must be at least 1".to_string());
    }
    let bounds = Bounds {
        crashes: args.crashes,
        recoveries: args.recoveries,
        drops: args.drops,
        duplicates: args.duplicates,
        partitions: args.partitions,
        commands: args.commands,
        timeouts: args.timeouts,
        strategies_only: args.strategies_only,
        max_states: args.max_states,
        max_depth: args.max_depth,
    };
    let started = Instant::now();
    let in_source = |e: ScenarioError| args.target.blame(e);
    let report = checker::check(&start, &bounds, &mut |_| {}).map_err(in_source)?;
    let seconds = started.elapsed().as_secs_f64();
    let broken = report.broken_guarantee();
    if args.json {
        let mut json = serde_json::to_value(&report).expect("check reports serialize to JSON");
        json["seconds"] = serde_json::json!(seconds);
        json["states_per_second"] = serde_json::json!(per_second(report.unique_states, seconds));
        return Ok((pretty(&json), broken));
    }
    Ok((check_summary(&report, seconds), broken))
}

fn per_second(states: u64, seconds: f64) -> u64 {
    if seconds > 0.0 {
        (states as f64 / seconds) as u64
    } else {
        states
    }
}

fn check_summary(report: &CheckReport, seconds: f64) -> String {
    let b = &report.bounds;
    let mut out = format!(
        "{} · {} channels · {} timing\nbounds: crashes {}, recoveries {}, drops {}, duplicates {}, partitions {}, commands {}{}; at most {} states, depth {}\n",
        report.protocol,
        report.network.channels.name(),
        report.network.timing.name(),
        b.crashes,
        b.recoveries,
        b.drops,
        b.duplicates,
        b.partitions,
        b.commands.unwrap_or_default(),
        b.timeouts
            .map_or_else(String::new, |t| format!(", timeouts {t}")),
        b.max_states,
        b.max_depth,
    );
    out += &format!(
        "explored {} unique states, {} transitions, depth {}: {} in {seconds:.2} s ({} states/s)\n",
        report.unique_states,
        report.transitions,
        report.max_depth,
        if report.complete {
            "complete"
        } else {
            "INCOMPLETE (a limit stopped the search)"
        },
        per_second(report.unique_states, seconds),
    );
    for finding in &report.properties {
        let kind = match finding.kind {
            Kind::Safety => "safety",
            Kind::Liveness => "liveness",
        };
        let promise = if finding.guaranteed {
            "guaranteed"
        } else {
            "not guaranteed here"
        };
        match &finding.counterexample {
            None => out += &format!("  {} ({kind}, {promise}): holds\n", finding.name),
            Some(example) => {
                let what = match finding.kind {
                    Kind::Safety => "shortest counterexample",
                    Kind::Liveness => "shortest run to a state from which it can never hold",
                };
                out += &format!(
                    "  {} ({kind}, {promise}): VIOLATED; {what}: {} step(s)\n    share: {}\n    scenario: {}\n",
                    finding.name,
                    example.length,
                    codec::encode(&example.scenario),
                    serde_json::to_string(&example.scenario).expect("scenarios serialize"),
                );
            }
        }
    }
    out.trim_end().to_string()
}

/// The fault kinds the scheduler may choose now: those given without limit, and those whose
/// budget is not spent yet. A spent partition budget still lets a partition heal.
fn allowed_faults(
    unlimited: &Faults,
    budgets: &[(Fault, Spend, Option<u32>)],
    spent: &Budgets,
    partitioned: bool,
) -> Faults {
    let mut allowed = unlimited.clone();
    for &(fault, spend, budget) in budgets {
        let Some(budget) = budget else { continue };
        let left = spent.count(spend) < budget;
        if left || (fault == Fault::Partition && partitioned) {
            allowed.insert(fault);
        } else {
            allowed.remove(&fault);
        }
    }
    allowed
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
