use synod_core::scenario::Scenario;
use synod_core::verdict::{Blame, Status};

const ISSUE_EXAMPLE: &str = r#"{"version": 1, "protocol": "chandy-lamport", "params": {"nodes": 3, "balances": [100, 100, 100]}, "seed": 7,
 "actions": [{"command": {"node": 0, "cmd": {"transfer": {"to": 1, "amount": 30}}}}, {"command": {"node": 1, "cmd": "snapshot"}},
             {"deliver": 0}, {"deliver": 1}, {"drop": 2}, {"duplicate": 4}, {"crash": 2}, {"recover": 2}, {"partition": [[0, 1], [2]]}, "heal"]}"#;

#[test]
fn the_documented_example_replays_and_cannot_terminate_after_the_dropped_marker() {
    let scenario = Scenario::from_json(ISSUE_EXAMPLE).unwrap();
    let world = scenario.replay().unwrap();
    let view = world.view();
    assert_eq!(view.step, 10);
    let termination = &view.properties[0];
    assert_eq!(termination.name, "snapshot-termination");
    assert_eq!(termination.status, Status::Violated);
    assert_eq!(termination.step, Some(5));
    assert_eq!(termination.blame, Some(Blame::Assumption));
    println!(
        "{}",
        serde_json::to_string_pretty(&synod_core::report::report(&view, None)).unwrap()
    );
}
