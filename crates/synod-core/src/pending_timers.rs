//! A node's pending timers in the canonical state: each name with how long until it is due,
//! counted from now. Only relative times are kept, so that two runs that reach the same situation
//! at different moments have equal states.
//!
//! A protocol that sets every timer without a delay (all of them before heartbeats) has every
//! timer due at once, and its fingerprints are what they were before delays existed: a delay is
//! hashed only when it is not zero.

use std::hash::{Hash, Hasher};

/// A pending timer: its name and how many time units remain until it is due.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pending<T> {
    pub name: T,
    pub due: u32,
}

impl<T: Hash> Hash for Pending<T> {
    fn hash<H: Hasher>(&self, hasher: &mut H) {
        self.name.hash(hasher);
        if self.due > 0 {
            self.due.hash(hasher);
        }
    }
}

/// A node's pending timers, sorted by name: a set in a vector, whose code the page carries once
/// per protocol at a fraction of a tree's.
pub type Timers<T> = Vec<Pending<T>>;

/// Starts timer `name`, due in `due` units; one pending under the name is set again. (Not a
/// sort: the page would carry a sort's code once per protocol.)
pub fn set<T: Ord>(timers: &mut Timers<T>, name: T, due: u32) {
    match timers.binary_search_by(|pending| pending.name.cmp(&name)) {
        Ok(at) => timers[at].due = due,
        Err(at) => timers.insert(at, Pending { name, due }),
    }
}

/// Takes timer `name` out, returning how long it had until it was due.
pub fn remove<T: Ord>(timers: &mut Timers<T>, name: &T) -> Option<u32> {
    let at = timers
        .binary_search_by(|pending| pending.name.cmp(name))
        .ok()?;
    Some(timers.remove(at).due)
}

/// Time moves on by `elapsed` units: every timer comes that much closer to due (a timer already
/// overdue stays due now).
pub fn elapse<T>(timers: &mut Timers<T>, elapsed: u32) {
    if elapsed > 0 {
        for pending in timers {
            pending.due = pending.due.saturating_sub(elapsed);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checker::fingerprint::fingerprint;

    #[test]
    fn setting_again_restarts_and_removing_tells_how_long_was_left() {
        let mut timers = Vec::new();
        set(&mut timers, "b", 3);
        set(&mut timers, "a", 1);
        set(&mut timers, "b", 5);
        assert_eq!(
            timers.iter().map(|p| p.name).collect::<Vec<_>>(),
            ["a", "b"]
        );
        elapse(&mut timers, 2);
        assert_eq!(remove(&mut timers, &"a"), Some(0));
        assert_eq!(remove(&mut timers, &"b"), Some(3));
        assert_eq!(remove(&mut timers, &"b"), None);
    }

    #[test]
    fn a_timer_due_now_hashes_as_its_name_alone() {
        let now = Pending { name: 7u8, due: 0 };
        let later = Pending { name: 7u8, due: 2 };
        assert_eq!(fingerprint(&now), fingerprint(&7u8));
        assert_ne!(fingerprint(&now), fingerprint(&later));
    }
}
