//! Both checkers agree with TLC on TwoPhase's state counts and find TCConsistent unbroken.

use synod_bench::{two_phase_ours, two_phase_stateright, Outcome, TwoPhase};

fn holds_with(unique_states: u64) -> Outcome {
    Outcome {
        unique_states,
        tc_consistent: true,
    }
}

#[test]
fn three_rms_have_288_states_in_both_checkers() {
    assert_eq!(two_phase_ours::check(3), holds_with(288));
    assert_eq!(two_phase_stateright::check(3), holds_with(288));
}

#[test]
fn five_rms_have_8832_states_in_both_checkers() {
    assert_eq!(two_phase_ours::check(5), holds_with(8_832));
    assert_eq!(two_phase_stateright::check(5), holds_with(8_832));
}

#[test]
fn tc_consistent_fails_once_one_rm_commits_and_another_aborts() {
    let model = TwoPhase::new(2);
    let mut state = model.init_state();
    state.rm_committed = 0b01;
    assert!(model.tc_consistent(&state));
    state.rm_aborted = 0b10;
    assert!(!model.tc_consistent(&state));
}
