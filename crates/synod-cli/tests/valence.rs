//! `synod valence` as autograders use it: one configuration's valence as versioned JSON, every
//! initial configuration with `--initial`, the adversary's run with `--adversary`, and exit code
//! 2 with one line on bad input.

use assert_cmd::Command;
use serde_json::{json, Value};

const ADVERSARY_RUN: &str = "../../web/scenarios/flp/adversary-never-decides.json";

fn synod() -> Command {
    Command::cargo_bin("synod").unwrap()
}

fn json_run(args: &[&str]) -> Value {
    let output = synod().args(args).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{args:?}");
    serde_json::from_slice(&output.stdout).unwrap()
}

fn refusal(args: &[&str]) -> String {
    let output = synod().args(args).output().unwrap();
    assert_eq!(output.status.code(), Some(2), "{args:?}");
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    stderr.trim_end().to_string()
}

#[test]
fn a_start_with_inputs_0_1_1_is_bivalent() {
    let report = json_run(&[
        "valence",
        "flp",
        "--params",
        r#"{"inputs": [0, 1, 1]}"#,
        "--json",
    ]);
    assert_eq!(report["version"], 1);
    assert_eq!(report["protocol"], "flp");
    assert_eq!(report["step"], 0);
    assert_eq!(report["valence"], json!([0, 1]));
    assert_eq!(report["kind"], "bivalent");
    assert_eq!(report["lasting"], true);
    assert_eq!(report["states"], 452_504);
}

#[test]
fn the_adversary_run_ends_bivalent_and_the_readable_summary_says_so() {
    let output = synod()
        .args(["valence", "flp", "--from", ADVERSARY_RUN])
        .output()
        .unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(
        text.starts_with("flp at step 100: bivalent [0, 1]; a scheduler can keep it undecided for ever\nexplored 452504 states"),
        "{text}"
    );
}

#[test]
fn initial_lists_all_eight_starts() {
    let report = json_run(&["valence", "flp", "--initial", "--json"]);
    let kinds: Vec<(Value, Value)> = report["initial"]
        .as_array()
        .unwrap()
        .iter()
        .map(|one| (one["inputs"].clone(), one["kind"].clone()))
        .collect();
    let expected: Vec<(Value, Value)> = [
        ([0, 0, 0], "0-valent"),
        ([0, 0, 1], "0-valent"),
        ([0, 1, 0], "0-valent"),
        ([0, 1, 1], "bivalent"),
        ([1, 0, 0], "0-valent"),
        ([1, 0, 1], "bivalent"),
        ([1, 1, 0], "bivalent"),
        ([1, 1, 1], "1-valent"),
    ]
    .into_iter()
    .map(|(inputs, kind)| (json!(inputs), json!(kind)))
    .collect();
    assert_eq!(kinds, expected);
}

#[test]
fn adversary_extends_a_run_that_replays() {
    let output = synod()
        .args([
            "valence",
            "flp",
            "--params",
            r#"{"inputs": [1, 1, 0]}"#,
            "--adversary",
            "30",
        ])
        .output()
        .unwrap();
    let scenario: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(scenario["actions"].as_array().unwrap().len(), 30);
    let mut replay = synod();
    replay
        .args(["run", "-", "--json"])
        .write_stdin(serde_json::to_string(&scenario).unwrap());
    let report: Value = serde_json::from_slice(&replay.output().unwrap().stdout).unwrap();
    assert_eq!(report["steps"], 30);
    let decided: Vec<&Value> = report["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|node| &node["state"]["decided"])
        .collect();
    assert_eq!(decided, [&Value::Null; 3]);
}

#[test]
fn bad_requests_are_refused_in_one_line() {
    assert!(refusal(&["valence", "paxos"]).contains("valence is computed for: flp"));
    assert!(
        refusal(&["valence", "flp", "--params", r#"{"inputs": [0, 2, 1]}"#])
            .contains("inputs are bits, 0 or 1, not 2")
    );
    assert_eq!(
        refusal(&["valence", "flp", "--initial", "--from", ADVERSARY_RUN]),
        "synod: --initial lists the initial configurations: leave --from out"
    );
}
