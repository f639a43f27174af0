//! Share links round-trip exactly, and any other input is refused with a reason, never a panic.

use proptest::prelude::*;
use synod_core::codec::{decode, encode, DecodeError};
use synod_core::scenario::Scenario;

fn example() -> Scenario {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../web/scenarios/chandy-lamport/money-in-flight.json"
    );
    Scenario::from_json(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn a_link_round_trips_to_the_same_scenario_and_the_same_trace() {
    let mut scenario = example();
    scenario.cursor = Some(4);
    let fragment = encode(&scenario);
    assert!(fragment.starts_with("s="));
    let url = format!("https://example.org/course/synod/#{fragment}");
    let decoded = decode(&url).unwrap();
    assert_eq!(decoded, scenario);
    assert_eq!(
        decoded.replay().unwrap().view(),
        scenario.replay().unwrap().view()
    );
    assert_eq!(decode(&format!("#{fragment}")).unwrap(), scenario);
    assert_eq!(decode(&fragment[2..]).unwrap(), scenario);
}

#[test]
fn damaged_links_say_what_is_wrong() {
    let fragment = encode(&example());
    assert_eq!(decode(""), Err(DecodeError::Empty));
    assert_eq!(decode("https://x/#s="), Err(DecodeError::Empty));
    let damaged = decode("#s=garbage!").unwrap_err();
    assert_eq!(
        damaged.to_string(),
        "the link is damaged: character 8 of its code cannot be part of a Synod link (was the link changed or cut short when it was copied?)"
    );
    assert_eq!(
        damaged.details().as_deref(),
        Some("base64: Invalid symbol 33, offset 7")
    );
    let truncated = &fragment[..2 + (fragment.len() / 2) / 4 * 4];
    assert_eq!(decode(truncated), Err(DecodeError::Inflate));
    assert_eq!(decode("#s=AgAA"), Err(DecodeError::Version(2)));
    let huge = "A".repeat(300_000);
    assert_eq!(decode(&huge), Err(DecodeError::TooLong(300_000)));
}

#[test]
fn a_link_whose_scenario_is_invalid_names_the_problem() {
    let mut scenario = example();
    scenario.cursor = Some(99);
    let message = decode(&encode(&scenario)).unwrap_err().to_string();
    assert_eq!(
        message,
        "the link's scenario is invalid: cursor 99 is past the last action (11)"
    );
}

proptest! {
    #[test]
    fn decode_never_panics_on_arbitrary_text(text in ".{0,200}") {
        let _ = decode(&text);
    }

    #[test]
    fn decode_never_panics_on_arbitrary_base64_payloads(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
        use base64::Engine;
        let mut payload = vec![1u8];
        payload.extend(bytes);
        let _ = decode(&base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(payload));
    }
}
