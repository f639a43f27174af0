//! `synod`: the simulator on the command line, for autograders, scripts and tests.
//!
//! Every subcommand is a thin layer over `synod-core`. Bad input of any kind exits with code 2
//! and one line on stderr naming what is wrong.

mod commands;

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use synod_core::network::Timing;

#[derive(Parser)]
#[command(
    name = "synod",
    version,
    about = "Replay, explore and share Synod scenarios"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Replay a scenario file and print the resulting state.
    Run {
        /// The scenario JSON file (`-` for standard input).
        file: String,
        /// Print the JSON report instead of a readable transcript.
        #[arg(long)]
        json: bool,
    },
    /// Let the seeded random scheduler play a protocol.
    Random {
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
        #[arg(long)]
        json: bool,
    },
    /// Print the share-link fragment of a scenario file.
    Encode {
        /// The scenario JSON file (`-` for standard input).
        file: String,
    },
    /// Print the scenario JSON held by a share link or fragment.
    Decode {
        /// A URL, a `#s=...` fragment, or the bare payload.
        link: String,
    },
}

fn parse_timing(text: &str) -> Result<Timing, String> {
    match text {
        "async" => Ok(Timing::Async),
        "sync" => Ok(Timing::Sync),
        _ => Err(format!("unknown timing {text:?}: expected async or sync")),
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Run { file, json } => commands::run(&file, json),
        Command::Random {
            protocol,
            params,
            network,
            seed,
            steps,
            faults,
            timing,
            json,
        } => commands::random(&commands::RandomRun {
            protocol,
            params,
            network,
            seed,
            steps,
            faults,
            timing,
            json,
        }),
        Command::Encode { file } => commands::encode(&file),
        Command::Decode { link } => commands::decode(&link),
    };
    match result {
        Ok(output) => {
            println!("{output}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("synod: {message}");
            ExitCode::from(2)
        }
    }
}
