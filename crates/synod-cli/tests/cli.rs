//! The `synod` binary as autograders use it: JSON out, exit code 2 and one line on bad input.

use assert_cmd::Command;
use serde_json::Value;

const EXAMPLE: &str = "tests/data/documented-example.json";

fn synod() -> Command {
    Command::cargo_bin("synod").unwrap()
}

fn json_of(output: &[u8]) -> Value {
    serde_json::from_slice(output).unwrap()
}

/// Runs `synod` expecting exit code 2 and returns its one-line message.
fn refusal(args: &[&str]) -> String {
    let output = synod().args(args).output().unwrap();
    assert_eq!(output.status.code(), Some(2), "{args:?}");
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    stderr.trim_end().to_string()
}

#[test]
fn run_json_reports_the_documented_example_ending_unable_to_terminate() {
    let output = synod().args(["run", EXAMPLE, "--json"]).output().unwrap();
    assert!(output.status.success());
    let report = json_of(&output.stdout);
    assert_eq!(report["protocol"], "chandy-lamport");
    assert_eq!(report["steps"], 10);
    assert_eq!(report["nodes"][0]["state"]["balance"], 70);
    assert_eq!(report["nodes"][2]["crashed"], false);
    let in_flight: Vec<u64> = report["in_flight"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_u64().unwrap())
        .collect();
    assert_eq!(in_flight, vec![3, 4, 5]);
    assert_eq!(
        report["in_flight"][2]["payload"],
        serde_json::json!({"marker": {"epoch": 1}})
    );
    let termination = &report["properties"][0];
    assert_eq!(termination["name"], "snapshot-termination");
    assert_eq!(termination["kind"], "liveness");
    assert_eq!(termination["status"], "violated");
    assert_eq!(termination["step"], 5);
    assert!(termination["explanation"]
        .as_str()
        .unwrap()
        .contains("reliable channels"));
    let snapshot = &report["snapshots"][0];
    assert_eq!(snapshot["initiators"], serde_json::json!([1]));
    assert_eq!(snapshot["recorded"], serde_json::json!([70, 100, null]));
    assert_eq!(snapshot["complete"], false);
    let receive = &report["trace"][5];
    assert_eq!(receive["kind"], "receive");
    assert_eq!(receive["lamport"], 4);
    assert_eq!(receive["vector"], serde_json::json!([2, 4, 0]));
}

#[test]
fn run_without_json_prints_a_readable_transcript() {
    let output = synod().args(["run", EXAMPLE]).output().unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("step 5: drop message 2"));
    assert!(text.contains("snapshot-termination VIOLATED"));
}

#[test]
fn random_runs_print_a_scenario_that_replays_to_the_identical_trace() {
    let output = synod()
        .args([
            "random",
            "chandy-lamport",
            "--params",
            r#"{"nodes": 4}"#,
            "--seed",
            "11",
            "--steps",
            "60",
        ])
        .args([
            "--faults",
            "crash,recover,drop,duplicate,partition",
            "--json",
        ])
        .output()
        .unwrap();
    assert!(output.status.success());
    let report = json_of(&output.stdout);
    let scenario = report["scenario"].to_string();
    let replayed = synod()
        .args(["run", "-", "--json"])
        .write_stdin(scenario)
        .output()
        .unwrap();
    assert!(replayed.status.success());
    let mut replayed = json_of(&replayed.stdout);
    let mut original = report.clone();
    original.as_object_mut().unwrap().remove("scenario");
    replayed.as_object_mut().unwrap().remove("scenario");
    assert_eq!(replayed, original);
    assert!(report["steps"].as_u64().unwrap() > 0);
}

#[test]
fn random_runs_keep_to_their_fault_budgets() {
    let mut crashes_seen = 0;
    for seed in 0..20 {
        let output = synod()
            .args([
                "random",
                "chandy-lamport",
                "--params",
                r#"{"nodes": 3}"#,
                "--seed",
                &seed.to_string(),
                "--steps",
                "200",
                "--crashes",
                "1",
                "--recoveries",
                "1",
                "--drops",
                "2",
                "--json",
            ])
            .output()
            .unwrap();
        assert!(output.status.success());
        let actions = json_of(&output.stdout)["scenario"]["actions"].clone();
        let count = |kind: &str| {
            actions
                .as_array()
                .unwrap()
                .iter()
                .filter(|a| a.get(kind).is_some())
                .count()
        };
        assert!(count("crash") <= 1, "seed {seed}");
        assert!(count("recover") <= 1, "seed {seed}");
        assert!(count("drop") <= 2, "seed {seed}");
        assert_eq!(count("duplicate"), 0, "seed {seed}");
        assert_eq!(count("partition"), 0, "seed {seed}");
        crashes_seen += count("crash");
    }
    assert!(crashes_seen > 0, "a budget also enables its fault");
}

#[test]
fn encode_and_decode_round_trip_a_scenario() {
    let fragment = synod().args(["encode", EXAMPLE]).output().unwrap();
    let fragment = String::from_utf8(fragment.stdout).unwrap();
    let url = format!("https://synod.example/#{}", fragment.trim());
    let decoded = synod().args(["decode", &url]).output().unwrap();
    assert!(decoded.status.success());
    let decoded = json_of(&decoded.stdout);
    let original: Value = serde_json::from_str(&std::fs::read_to_string(EXAMPLE).unwrap()).unwrap();
    assert_eq!(decoded, original);
}

#[test]
fn bad_input_exits_with_code_2_and_one_line_naming_the_problem() {
    assert_eq!(
        refusal(&["random", "raft"]),
        "synod: unknown protocol \"raft\" (known: chandy-lamport, two-phase-commit, three-phase-commit, fifo-multicast, causal-multicast, total-multicast, virtual-synchrony, paxos, paxos-commit, replicated-register, floodset, heartbeat, two-generals, flp, byzantine-om, byzantine-sm, byzantine-reductions, pbft)"
    );
    assert_eq!(
        refusal(&["random", "chandy-lamport", "--params", r#"{"nodes": 1}"#]),
        "synod: bad params for chandy-lamport: nodes must be between 2 and 8, not 1"
    );
    assert!(refusal(&["random", "chandy-lamport", "--params", "{nodes"])
        .starts_with("synod: --params is not JSON"));
    assert!(refusal(&[
        "random",
        "chandy-lamport",
        "--params",
        r#"{"nodes": 3}"#,
        "--faults",
        "meteor"
    ])
    .starts_with("synod: --faults: unknown fault kind \"meteor\""));
    assert!(
        refusal(&["run", "no/such/file.json"]).starts_with("synod: cannot read no/such/file.json")
    );
    assert!(refusal(&["decode", "#s=garbage!"]).starts_with("synod: the link is damaged"));
    let illegal = r#"{"version": 1, "protocol": "chandy-lamport", "params": {"nodes": 2}, "seed": 0, "actions": [{"deliver": 0}]}"#;
    let output = synod()
        .args(["run", "-"])
        .write_stdin(illegal)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(output.stderr).unwrap().trim_end(),
        "synod: stdin: action 1 is illegal: message 0 was never sent"
    );
}

#[test]
fn run_json_carries_deliveries_held_messages_and_what_the_protocol_promises() {
    let output = synod()
        .args([
            "run",
            "../../web/scenarios/fifo-multicast/social-network.json",
            "--json",
        ])
        .output()
        .unwrap();
    assert!(output.status.success());
    let report = json_of(&output.stdout);
    let property = |name: &str| {
        report["properties"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == name)
            .unwrap()
            .clone()
    };
    assert_eq!(property("fifo-order")["guaranteed"], true);
    assert_eq!(property("fifo-order")["status"], "holds");
    assert_eq!(property("causal-order")["guaranteed"], false);
    assert_eq!(property("causal-order")["status"], "violated");
    // Node 2 took node 1's reply before node 0's post.
    assert_eq!(
        report["nodes"][2]["state"]["delivered"],
        serde_json::json!(["1:1", "0:1"])
    );
    assert_eq!(report["nodes"][2]["state"]["held"], serde_json::json!([]));
    let deliveries: Vec<&Value> = report["trace"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "deliver")
        .collect();
    assert_eq!(deliveries.len(), 6);
    assert_eq!(deliveries[0]["app"], "0:1");
    assert_eq!(deliveries[0]["text"], "lunch?");
}
