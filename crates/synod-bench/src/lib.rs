//! A fair head-to-head of Synod's model checker against [stateright] on the same model.
//!
//! The model is Lamport and Gray's TwoPhase specification (`TwoPhase.tla`, from "Consensus on
//! Transaction Commit"), whose reachable state counts TLC has published, so both checkers can be
//! held to an outside figure as well as to each other. The state, its hash and the transition
//! function are defined once, here; [`two_phase_ours`] and [`two_phase_stateright`] only adapt
//! them to each checker's `Model` trait. Both searches therefore do identical model work per
//! state, and the difference in time between them is the engines': the queue, the fingerprinting
//! and the seen-set.
//!
//! `src/bin/twophase-bench.rs` runs both breadth-first, single-threaded, in one process.

use std::hash::{Hash, Hasher};

pub mod two_phase_ours;
pub mod two_phase_stateright;

/// The most resource managers a [`State`] can hold: five 12-bit sets and four more bits fill the
/// 64-bit word it hashes as.
pub const MAX_RMS: usize = 12;

/// The name of the one property both checkers check.
pub const TC_CONSISTENT: &str = "TCConsistent";

/// TLC's count of distinct reachable states, for the sizes it has been run at.
pub fn tlc_state_count(rms: usize) -> Option<u64> {
    match rms {
        3 => Some(288),
        5 => Some(8_832),
        6 => Some(50_816),
        7 => Some(296_448),
        8 => Some(1_745_408),
        _ => None,
    }
}

/// The transaction manager's state, `tmState`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TmState {
    Init,
    Committed,
    Aborted,
}

/// One state of the spec. Sets of resource managers are bitsets (bit `rm` stands for RM `rm`).
///
/// `rmState` is kept as the set of RMs in each state other than `working`; an RM in none of them
/// is working. `msgs` is the set of `Prepared` messages plus a flag for each of `Commit` and
/// `Abort`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct State {
    pub rm_prepared: u16,
    pub rm_committed: u16,
    pub rm_aborted: u16,
    pub tm_state: TmState,
    pub tm_prepared: u16,
    pub sent_prepared: u16,
    pub sent_commit: bool,
    pub sent_abort: bool,
}

impl State {
    /// Every field packed into one word, losslessly since no set holds more than [`MAX_RMS`]
    /// members.
    fn packed(&self) -> u64 {
        const W: u32 = MAX_RMS as u32;
        u64::from(self.rm_prepared)
            | u64::from(self.rm_committed) << W
            | u64::from(self.rm_aborted) << (2 * W)
            | u64::from(self.tm_prepared) << (3 * W)
            | u64::from(self.sent_prepared) << (4 * W)
            | (self.tm_state as u64) << (5 * W)
            | u64::from(self.sent_commit) << (5 * W + 2)
            | u64::from(self.sent_abort) << (5 * W + 3)
    }
}

/// Hashes the state as a single word, so a fingerprint costs one mixing step in either checker
/// rather than one per field.
impl Hash for State {
    fn hash<H: Hasher>(&self, hasher: &mut H) {
        hasher.write_u64(self.packed());
    }
}

/// One step of the spec's `Next`; the RM-indexed ones name their RM.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    TmRcvPrepared(u8),
    TmCommit,
    TmAbort,
    RmPrepare(u8),
    RmChooseToAbort(u8),
    RmRcvCommitMsg(u8),
    RmRcvAbortMsg(u8),
}

/// TwoPhase over a fixed number of resource managers, numbered from 0.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TwoPhase {
    rms: u8,
}

impl TwoPhase {
    /// # Panics
    /// If `rms` is 0 or more than [`MAX_RMS`].
    pub fn new(rms: usize) -> TwoPhase {
        assert!(
            (1..=MAX_RMS).contains(&rms),
            "TwoPhase supports 1 to {MAX_RMS} resource managers, not {rms}"
        );
        TwoPhase { rms: rms as u8 }
    }

    pub fn rms(&self) -> usize {
        usize::from(self.rms)
    }

    /// The set of all RMs.
    fn all(&self) -> u16 {
        ((1u32 << self.rms) - 1) as u16
    }

    /// `TPInit`: every RM working, the TM in `init`, nothing prepared or sent.
    pub fn init_state(&self) -> State {
        State {
            rm_prepared: 0,
            rm_committed: 0,
            rm_aborted: 0,
            tm_state: TmState::Init,
            tm_prepared: 0,
            sent_prepared: 0,
            sent_commit: false,
            sent_abort: false,
        }
    }

    /// Every action enabled in `state`, in a fixed order. `RmRcvCommitMsg` and `RmRcvAbortMsg`
    /// are enabled whenever their message has been sent, as in the spec, even where they change
    /// nothing; so is `TmRcvPrepared` for an RM already in `tmPrepared`.
    pub fn enabled(&self, state: &State, actions: &mut Vec<Action>) {
        if state.tm_state == TmState::Init {
            if state.tm_prepared == self.all() {
                actions.push(Action::TmCommit);
            }
            actions.push(Action::TmAbort);
        }
        let working = self.all() & !(state.rm_prepared | state.rm_committed | state.rm_aborted);
        for rm in 0..self.rms {
            let bit = 1u16 << rm;
            if state.tm_state == TmState::Init && state.sent_prepared & bit != 0 {
                actions.push(Action::TmRcvPrepared(rm));
            }
            if working & bit != 0 {
                actions.push(Action::RmPrepare(rm));
                actions.push(Action::RmChooseToAbort(rm));
            }
            if state.sent_commit {
                actions.push(Action::RmRcvCommitMsg(rm));
            }
            if state.sent_abort {
                actions.push(Action::RmRcvAbortMsg(rm));
            }
        }
    }

    /// The state after `action`, which must be enabled in `state`.
    pub fn step(&self, state: &State, action: Action) -> State {
        let mut next = *state;
        match action {
            Action::TmRcvPrepared(rm) => next.tm_prepared |= 1 << rm,
            Action::TmCommit => {
                next.tm_state = TmState::Committed;
                next.sent_commit = true;
            }
            Action::TmAbort => {
                next.tm_state = TmState::Aborted;
                next.sent_abort = true;
            }
            Action::RmPrepare(rm) => {
                next.rm_prepared |= 1 << rm;
                next.sent_prepared |= 1 << rm;
            }
            Action::RmChooseToAbort(rm) => next.rm_aborted |= 1 << rm,
            Action::RmRcvCommitMsg(rm) => {
                next.rm_prepared &= !(1 << rm);
                next.rm_aborted &= !(1 << rm);
                next.rm_committed |= 1 << rm;
            }
            Action::RmRcvAbortMsg(rm) => {
                next.rm_prepared &= !(1 << rm);
                next.rm_committed &= !(1 << rm);
                next.rm_aborted |= 1 << rm;
            }
        }
        next
    }

    /// `TCConsistent`: no RM has committed while another has aborted.
    pub fn tc_consistent(&self, state: &State) -> bool {
        state.rm_committed == 0 || state.rm_aborted == 0
    }
}

/// What a complete check of TwoPhase found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Outcome {
    pub unique_states: u64,
    /// No reachable state breaks `TCConsistent`.
    pub tc_consistent: bool,
}
