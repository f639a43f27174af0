//! Checks TwoPhase with Synod's engine and with stateright, breadth-first on one thread each, and
//! prints how fast each was.
//!
//! Usage: `twophase-bench [RMS...] [--min-ratio-at-7 X] [--runs N]`, sizes 3 5 6 7 8 by default.
//! Each checker's time is the fastest of N runs (3 by default), so that a busy machine skews the
//! ratio less. Exits non-zero if the two state counts differ, if either differs from TLC's, or if
//! at 7 RMs Synod's speed is below X times stateright's (1.0 by default). Timings mean something
//! only in an optimised build: `cargo run --profile bench -p synod-bench --bin twophase-bench`.

use std::process::ExitCode;
use std::time::{Duration, Instant};

use synod_bench::{tlc_state_count, two_phase_ours, two_phase_stateright, Outcome, MAX_RMS};

const DEFAULT_SIZES: [usize; 5] = [3, 5, 6, 7, 8];
/// The size the speed budget is checked at: large enough that start-up costs are noise.
const BUDGET_RMS: usize = 7;

struct Options {
    sizes: Vec<usize>,
    min_ratio_at_7: f64,
    runs: u32,
}

fn parse(mut args: impl Iterator<Item = String>) -> Result<Options, String> {
    let mut sizes = Vec::new();
    let mut min_ratio_at_7 = 1.0;
    let mut runs = 3;
    while let Some(arg) = args.next() {
        if arg == "--min-ratio-at-7" {
            let value = args
                .next()
                .ok_or("--min-ratio-at-7 needs a number after it")?;
            min_ratio_at_7 = value
                .parse()
                .map_err(|_| format!("--min-ratio-at-7: not a number: {value}"))?;
        } else if arg == "--runs" {
            let value = args.next().ok_or("--runs needs a number after it")?;
            runs = value
                .parse()
                .ok()
                .filter(|&runs| runs > 0)
                .ok_or(format!("--runs: not a positive number: {value}"))?;
        } else {
            let rms: usize = arg
                .parse()
                .map_err(|_| format!("not a number of RMs or an option: {arg}"))?;
            if !(1..=MAX_RMS).contains(&rms) {
                return Err(format!("RMs must be from 1 to {MAX_RMS}, not {rms}"));
            }
            sizes.push(rms);
        }
    }
    if sizes.is_empty() {
        sizes = DEFAULT_SIZES.to_vec();
    }
    Ok(Options {
        sizes,
        min_ratio_at_7,
        runs,
    })
}

/// The outcome of checking `rms` RMs and the fastest of `runs` runs' times.
fn fastest(check: fn(usize) -> Outcome, rms: usize, runs: u32) -> (Outcome, Duration) {
    let run = || {
        let started = Instant::now();
        let outcome = check(rms);
        (outcome, started.elapsed())
    };
    let (outcome, mut best) = run();
    for _ in 1..runs {
        let (again, time) = run();
        assert_eq!(
            again, outcome,
            "a check gave different outcomes on different runs"
        );
        best = best.min(time);
    }
    (outcome, best)
}

fn per_second(states: u64, time: Duration) -> f64 {
    states as f64 / time.as_secs_f64()
}

fn main() -> ExitCode {
    let options = match parse(std::env::args().skip(1)) {
        Ok(options) => options,
        Err(message) => {
            eprintln!("twophase-bench: {message}");
            eprintln!("usage: twophase-bench [RMS...] [--min-ratio-at-7 X] [--runs N]");
            return ExitCode::from(2);
        }
    };
    let mut ok = true;
    let mut ratio_at_7 = None;
    println!(
        "{:>3}  {:>11}  {:>17}  {:>4}  {:>10}  {:>12}  {:>13}  {:>19}  {:>6}",
        "RMs",
        "states ours",
        "states stateright",
        "=TLC",
        "s ours",
        "s stateright",
        "states/s ours",
        "states/s stateright",
        "ratio"
    );
    for &rms in &options.sizes {
        let (ours, ours_time) = fastest(two_phase_ours::check, rms, options.runs);
        let (theirs, theirs_time) = fastest(two_phase_stateright::check, rms, options.runs);
        let tlc = tlc_state_count(rms);
        let agrees_with_tlc =
            tlc.map(|count| ours.unique_states == count && theirs.unique_states == count);
        let tlc_column = match agrees_with_tlc {
            Some(true) => "yes",
            Some(false) => "no",
            None => "n/a",
        };
        let ours_speed = per_second(ours.unique_states, ours_time);
        let theirs_speed = per_second(theirs.unique_states, theirs_time);
        let ratio = ours_speed / theirs_speed;
        println!(
            "{rms:>3}  {:>11}  {:>17}  {tlc_column:>4}  {:>10.6}  {:>12.6}  {ours_speed:>13.0}  {theirs_speed:>19.0}  {ratio:>6.2}",
            ours.unique_states,
            theirs.unique_states,
            ours_time.as_secs_f64(),
            theirs_time.as_secs_f64(),
        );
        if ours.unique_states != theirs.unique_states || agrees_with_tlc == Some(false) {
            eprintln!("{rms} RMs: state counts disagree (TLC: {tlc:?})");
            ok = false;
        }
        if !ours.tc_consistent || !theirs.tc_consistent {
            eprintln!("{rms} RMs: a checker found TCConsistent broken");
            ok = false;
        }
        if rms == BUDGET_RMS {
            ratio_at_7 = Some(ratio);
        }
    }
    match ratio_at_7 {
        Some(ratio) if ratio < options.min_ratio_at_7 => {
            eprintln!(
                "budget: at {BUDGET_RMS} RMs ours is {ratio:.2}x stateright, below the {:.2}x required",
                options.min_ratio_at_7
            );
            ok = false;
        }
        Some(ratio) => println!(
            "budget: at {BUDGET_RMS} RMs ours is {ratio:.2}x stateright (at least {:.2}x required)",
            options.min_ratio_at_7
        ),
        None => println!("budget: not checked, {BUDGET_RMS} RMs was not run"),
    }
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
