//! `synod check` as autograders use it: exit code 1 exactly when a guaranteed safety property
//! is violated, a versioned JSON report whose counterexamples are ordinary scenarios the other
//! subcommands accept, and exit code 2 with one line on bad input.

use std::path::PathBuf;

use assert_cmd::Command;
use serde_json::{json, Value};

const GALLERY: &str = "../../web/scenarios";

const MAJORITY_COMMIT: &str =
    r#"{"participants": 3, "variant": "majority-commit", "votes": ["yes", "yes", "no"]}"#;

fn synod() -> Command {
    Command::cargo_bin("synod").unwrap()
}

/// Runs `synod` and returns its exit code and its standard output as JSON.
fn json_run(args: &[&str]) -> (Option<i32>, Value) {
    let output = synod().args(args).output().unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    let report = serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}"));
    (output.status.code(), report)
}

/// Runs `synod` expecting exit code 2 and returns its one-line message.
fn refusal(args: &[&str]) -> String {
    let output = synod().args(args).output().unwrap();
    assert_eq!(output.status.code(), Some(2), "{args:?}");
    assert!(output.stdout.is_empty(), "{args:?}");
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    stderr.trim_end().to_string()
}

/// Writes `contents` to a fresh file in Cargo's scratch directory for integration tests.
fn scratch_file(name: &str, contents: &str) -> String {
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::write(&path, contents).unwrap();
    path.to_str().unwrap().to_string()
}

fn property<'a>(report: &'a Value, name: &str) -> &'a Value {
    report["properties"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == name)
        .unwrap_or_else(|| panic!("no property {name} in {report}"))
}

#[test]
fn a_flawed_variant_exits_1_with_a_json_report_and_a_counterexample_that_replays() {
    let (code, report) = json_run(&[
        "check",
        "two-phase-commit",
        "--params",
        MAJORITY_COMMIT,
        "--json",
    ]);
    assert_eq!(code, Some(1));
    assert_eq!(report["version"], 1);
    assert_eq!(report["protocol"], "two-phase-commit");
    assert_eq!(
        report["network"],
        json!({"channels": "unordered", "timing": "async"})
    );
    assert_eq!(
        report["bounds"],
        json!({
            "crashes": 0, "recoveries": 0, "drops": 0, "duplicates": 0, "partitions": 0,
            "commands": 1, "max_states": 1_000_000, "max_depth": 1000
        })
    );
    assert_eq!(report["unique_states"], 5_897);
    assert_eq!(report["transitions"], 25_752);
    assert_eq!(report["max_depth"], 14);
    assert_eq!(report["complete"], true);
    assert!(report["seconds"].as_f64().unwrap() >= 0.0);
    assert!(report["states_per_second"].as_u64().is_some());
    let names: Vec<&str> = report["properties"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["atomicity", "commit-validity", "termination"]);
    let atomicity = property(&report, "atomicity");
    assert_eq!(atomicity["kind"], "safety");
    assert_eq!(atomicity["guaranteed"], true);
    assert_eq!(atomicity["status"], "violated");
    assert_eq!(atomicity["counterexample"]["length"], 6);
    assert_eq!(
        property(&report, "commit-validity")["counterexample"]["length"],
        5
    );
    let termination = property(&report, "termination");
    assert_eq!(termination["kind"], "liveness");
    assert_eq!(termination["status"], "holds");
    assert!(termination.get("counterexample").is_none());

    // The counterexample is an ordinary scenario: `run` replays it to the violation...
    let scenario = &atomicity["counterexample"]["scenario"];
    assert_eq!(scenario["version"], 1);
    assert_eq!(scenario["actions"].as_array().unwrap().len(), 6);
    let file = scratch_file("majority-commit-counterexample.json", &scenario.to_string());
    let (code, replayed) = json_run(&["run", &file, "--json"]);
    assert_eq!(code, Some(0));
    assert_eq!(replayed["steps"], 6);
    let violated = property(&replayed, "atomicity");
    assert_eq!(violated["status"], "violated");
    assert_eq!(violated["step"], 6);
    assert_eq!(violated["blame"], "algorithm");
    // ...and `encode` makes a share link of it.
    let encoded = synod().args(["encode", &file]).output().unwrap();
    assert!(encoded.status.success());
    assert!(String::from_utf8(encoded.stdout).unwrap().starts_with("s="));
}

#[test]
fn the_correct_variant_exits_0_and_summarises_in_words() {
    let params = r#"{"participants": 3, "votes": ["yes", "yes", "no"]}"#;
    let output = synod()
        .args(["check", "two-phase-commit", "--params", params])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(
        text.contains("explored 5560 unique states, 24724 transitions, depth 15: complete"),
        "{text}"
    );
    for line in [
        "  atomicity (safety, guaranteed): holds",
        "  commit-validity (safety, guaranteed): holds",
        "  termination (liveness, guaranteed): holds",
    ] {
        assert!(text.lines().any(|l| l == line), "{text}");
    }
}

#[test]
fn a_violated_property_that_is_not_guaranteed_does_not_fail_the_check() {
    // A coordinator crash without a recovery blocks 2PC: termination is lost, but 2PC never
    // promised it under these bounds, so the exit code stays 0.
    let (code, report) = json_run(&[
        "check",
        "two-phase-commit",
        "--params",
        r#"{"participants": 2}"#,
        "--crashes",
        "1",
        "--json",
    ]);
    assert_eq!(code, Some(0));
    let termination = property(&report, "termination");
    assert_eq!(termination["guaranteed"], false);
    assert_eq!(termination["status"], "violated");
    assert_eq!(termination["counterexample"]["length"], 3);
}

#[test]
fn bad_input_exits_2_with_one_line_naming_the_problem() {
    assert_eq!(
        refusal(&["check", "raft"]),
        "synod: unknown protocol \"raft\" (known: chandy-lamport, two-phase-commit, three-phase-commit, fifo-multicast, causal-multicast, total-multicast, virtual-synchrony, paxos, paxos-commit, replicated-register, floodset, heartbeat, two-generals, flp, byzantine-om, byzantine-sm, byzantine-reductions, pbft)"
    );
    assert!(
        refusal(&["check", "two-phase-commit", "--params", "{participants"])
            .starts_with("synod: --params is not JSON")
    );
    assert_eq!(
        refusal(&[
            "check",
            "two-phase-commit",
            "--params",
            r#"{"participants": 99}"#
        ]),
        "synod: bad params for two-phase-commit: participants must be between 2 and 7, not 99"
    );
    assert!(refusal(&[
        "check",
        "two-phase-commit",
        "--network",
        r#"{"timing": "weird"}"#
    ])
    .starts_with("synod: --network is invalid"));
    assert_eq!(
        refusal(&["check", "two-phase-commit", "--max-states", "0"]),
        "synod: --max-states must be at least 1"
    );
    let blocking = format!("{GALLERY}/two-phase-commit/blocking.json");
    assert_eq!(
        refusal(&["check", "three-phase-commit", "--from", &blocking]),
        format!("synod: {blocking} is a two-phase-commit scenario, not three-phase-commit")
    );
    let illegal = scratch_file(
        "check-illegal-action.json",
        r#"{"version": 1, "protocol": "two-phase-commit", "params": {"participants": 2}, "seed": 0, "actions": [{"deliver": 0}]}"#,
    );
    assert_eq!(
        refusal(&["check", "two-phase-commit", "--from", &illegal]),
        format!("synod: {illegal}: action 1 is illegal: message 0 was never sent")
    );
    assert_eq!(
        refusal(&[
            "check",
            "two-phase-commit",
            "--from",
            &blocking,
            "--params",
            r#"{"participants": 5}"#
        ]),
        "synod: --params and --network come from the --from scenario: leave them out"
    );
    assert!(
        refusal(&["check", "two-phase-commit", "--from", "no/such/file.json"])
            .starts_with("synod: cannot read no/such/file.json")
    );
}

/// The `--from` report's termination finding: its status and, if violated, the counterexample.
fn termination_from(file: &str) -> (Value, Value) {
    let (code, report) = json_run(&["check", "two-phase-commit", "--from", file, "--json"]);
    assert_eq!(code, Some(0), "termination is not a safety property");
    let termination = property(&report, "termination");
    (
        termination["status"].clone(),
        termination["counterexample"].clone(),
    )
}

#[test]
fn exploring_from_a_blocked_gallery_scenario_finds_termination_already_lost() {
    // The gallery's cooperative run ends with every participant prepared and the coordinator
    // down: with no recovery allowed, no continuation decides, so the run itself (0 more steps)
    // is the counterexample.
    let path = format!("{GALLERY}/two-phase-commit/cooperative-still-blocks.json");
    let (status, example) = termination_from(&path);
    assert_eq!(status, "violated");
    assert_eq!(example["length"], 0);
    let gallery: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(example["scenario"]["actions"], gallery["actions"]);
    assert_eq!(example["scenario"]["params"], gallery["params"]);
    assert_eq!(example["scenario"]["network"], gallery["network"]);

    // The blocking story opens at its cursor (step 10, blocked) and goes on to a recovery:
    // `--from` explores from the cursor, as the page opens it.
    let path = format!("{GALLERY}/two-phase-commit/blocking.json");
    let mut blocking: Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(blocking["cursor"], 10);
    let (status, example) = termination_from(&path);
    assert_eq!(status, "violated");
    assert_eq!(example["length"], 0);
    blocking["actions"].as_array_mut().unwrap().truncate(10);
    assert_eq!(example["scenario"]["actions"], blocking["actions"]);
    // Without the cursor it explores from the last action: after the recovery everyone aborts.
    blocking = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    blocking.as_object_mut().unwrap().remove("cursor");
    let whole = scratch_file("blocking-whole.json", &blocking.to_string());
    let (status, _) = termination_from(&whole);
    assert_eq!(status, "holds", "after the recovery everyone has aborted");
}

#[test]
fn traitors_choose_freely_unless_told_to_follow_their_strategies() {
    let params = r#"{"generals": 3, "m": 1, "traitors": [{"node": 2, "strategy": "manual"}]}"#;
    let (code, report) = json_run(&["check", "byzantine-om", "--params", params, "--json"]);
    // With 3 generals and a traitor nothing is promised: a violation exits 0.
    assert_eq!(code, Some(0));
    assert_eq!(report["unique_states"], 18);
    assert!(report["bounds"].get("strategies_only").is_none());
    let ic2 = property(&report, "ic2");
    assert_eq!(ic2["status"], "violated");
    assert_eq!(ic2["guaranteed"], false);
    assert_eq!(ic2["counterexample"]["length"], 4);
    let scenario = serde_json::to_string(&ic2["counterexample"]["scenario"]).unwrap();
    let file = scratch_file("om-counterexample.json", &scenario);
    let replay = synod().args(["run", &file]).output().unwrap();
    let transcript = String::from_utf8(replay.stdout).unwrap();
    assert!(transcript.contains("forge message 3:"), "{transcript}");
    assert!(transcript.contains("ic2 VIOLATED"), "{transcript}");

    // Following its strategy, the manual traitor relays honestly: one run, nothing broken.
    let (code, report) = json_run(&[
        "check",
        "byzantine-om",
        "--params",
        params,
        "--strategies-only",
        "--json",
    ]);
    assert_eq!(code, Some(0));
    assert_eq!(report["bounds"]["strategies_only"], true);
    assert_eq!(property(&report, "ic2")["status"], "holds");
}
