//! `synod`: the simulator on the command line, for autograders, scripts and tests.
//!
//! Every subcommand is a thin layer over `synod-core`. Bad input of any kind exits with code 2
//! and one line on stderr naming what is wrong.

mod commands;

use std::io::Write;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

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
    Random(commands::RandomRun),
    /// Explore every run of a protocol within bounds (breadth-first model checking): exit code 1
    /// when a property the protocol guarantees is violated.
    Check(commands::CheckRun),
    /// Print a configuration's valence (FLP): the decision values still reachable from it.
    Valence(commands::ValenceRun),
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

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) if !error.use_stderr() => error.exit(),
        Err(error) => {
            // One line, like every other refusal: clap's first line without its prefix.
            let text = error.render().to_string();
            let line = text.lines().next().unwrap_or("bad arguments");
            eprintln!("synod: {}", line.trim_start_matches("error: "));
            return ExitCode::from(2);
        }
    };
    let result = match cli.command {
        Command::Run { file, json } => commands::run(&file, json),
        Command::Random(run) => commands::random(&run),
        Command::Check(run) => match commands::check(&run) {
            Ok((output, broken)) => {
                print_output(&output);
                return if broken {
                    ExitCode::from(1)
                } else {
                    ExitCode::SUCCESS
                };
            }
            Err(message) => Err(message),
        },
        Command::Valence(run) => commands::valence(&run),
        Command::Encode { file } => commands::encode(&file),
        Command::Decode { link } => commands::decode(&link),
    };
    match result {
        Ok(output) => {
            print_output(&output);
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("synod: {message}");
            ExitCode::from(2)
        }
    }
}

/// Prints the output; a reader that stopped early (`synod ... | head`) is not an error.
fn print_output(output: &str) {
    let mut stdout = std::io::stdout().lock();
    let _ = writeln!(stdout, "{output}").and_then(|()| stdout.flush());
}
