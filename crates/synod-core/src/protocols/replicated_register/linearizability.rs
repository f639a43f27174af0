//! Linearizability of a register's history, checked as the history grows (just-in-time
//! linearization, as Lowe's and Knossos's checkers do): the monitor keeps every way the
//! operations completed so far could have been ordered, as configurations (the register's value,
//! and which pending operations have already taken effect, with what a read saw). When an
//! operation returns, only the configurations in which it took effect, with the result it
//! returned, survive; none surviving is a violation, and that return is the witness.
//!
//! Each client has at most one operation pending, so with one or two clients a configuration
//! set holds a handful of entries and a step costs the same at any length. An operation that
//! failed without effect (or a read whose client crashed) is forgotten. A write that may have
//! taken effect and will never return (refused after some replicas stored it, or its client
//! crashed) may take effect at any moment from its call on; the check lets it do so more than
//! once, which keeps the configurations few however many such writes a long run piles up: it
//! never reports a violation that is not one, and may miss one that needs such a write to be
//! seen, overwritten, then seen again.

/// An operation on the register.
#[derive(Clone, Copy, Debug, Hash, PartialEq, Eq, PartialOrd, Ord)]
pub enum Call {
    Write(u32),
    Read,
}

/// An operation invoked and not yet returned, by its client and sequence number.
#[derive(Clone, Copy, Debug, Hash, PartialEq, Eq, PartialOrd, Ord)]
pub struct Pending {
    pub client: u32,
    pub seq: u32,
    pub call: Call,
}

/// A pending operation as the history keeps it: whether it will never return.
#[derive(Clone, Copy, Debug, Hash, PartialEq, Eq)]
struct Open {
    op: Pending,
    forever: bool,
}

/// One possible order so far: the register's value, and per pending operation whether it took
/// effect already (for a read: the value it saw).
#[derive(Clone, Debug, Hash, PartialEq, Eq, PartialOrd, Ord)]
struct Config {
    value: u32,
    taken: Vec<Option<u32>>,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq)]
pub struct History {
    pending: Vec<Open>,
    configs: Vec<Config>,
    broken: bool,
}

impl History {
    /// A register starting at `initial`.
    pub fn new(initial: u32) -> History {
        History {
            pending: Vec::new(),
            configs: vec![Config {
                value: initial,
                taken: Vec::new(),
            }],
            broken: false,
        }
    }

    pub fn is_broken(&self) -> bool {
        self.broken
    }

    pub fn invoke(&mut self, op: Pending) {
        if self.broken {
            return;
        }
        self.pending.push(Open { op, forever: false });
        for config in &mut self.configs {
            config.taken.push(None);
        }
    }

    /// Operation `client`:`seq` returned `result` (a read's value; `None` for a write). Returns
    /// false when no order of the history explains it: the history is not linearizable.
    pub fn returned(&mut self, client: u32, seq: u32, result: Option<u32>) -> bool {
        let Some(index) = self.find(client, seq) else {
            return !self.broken;
        };
        if self.broken {
            return false;
        }
        let op = self.pending[index].op;
        let survivors: Vec<Config> = self
            .closure()
            .into_iter()
            .filter(|c| match (op.call, c.taken[index]) {
                (Call::Write(_), Some(_)) => true,
                (Call::Read, Some(seen)) => Some(seen) == result,
                (_, None) => false,
            })
            .collect();
        self.remove(index, survivors);
        if self.configs.is_empty() {
            self.broken = true;
        }
        !self.broken
    }

    /// Operation `client`:`seq` failed. Without effect it is forgotten: only the orders in which
    /// it did not take effect remain. With a possible effect it never returns.
    pub fn failed(&mut self, client: u32, seq: u32, maybe_effective: bool) {
        let Some(index) = self.find(client, seq) else {
            return;
        };
        let open = self.pending[index];
        match open.op.call {
            // It may take effect at any moment from now on, as often as the check likes: so
            // whether it did already no longer matters, and one such write per value is enough.
            Call::Write(v) if maybe_effective => {
                let twin = self
                    .pending
                    .iter()
                    .any(|p| p.forever && p.op.call == Call::Write(v));
                let mut survivors = self.configs.clone();
                for config in &mut survivors {
                    config.taken[index] = None;
                }
                if twin {
                    self.remove(index, survivors);
                } else {
                    self.pending[index].forever = true;
                    survivors.sort();
                    survivors.dedup();
                    self.configs = survivors;
                }
            }
            Call::Write(_) => {
                let survivors = self
                    .configs
                    .iter()
                    .filter(|c| c.taken[index].is_none())
                    .cloned()
                    .collect();
                self.remove(index, survivors);
            }
            Call::Read => {
                let survivors = self.configs.clone();
                self.remove(index, survivors);
            }
        }
    }

    /// `client` crashed: its pending operation will never return (a write may have taken
    /// effect; a read had none).
    pub fn abandoned(&mut self, client: u32) {
        let open = self
            .pending
            .iter()
            .find(|p| p.op.client == client && !p.forever)
            .copied();
        if let Some(open) = open {
            self.failed(client, open.op.seq, true);
        }
    }

    fn find(&self, client: u32, seq: u32) -> Option<usize> {
        self.pending
            .iter()
            .position(|p| p.op.client == client && p.op.seq == seq && !p.forever)
    }

    /// Every configuration reachable by letting pending operations take effect, in any order.
    fn closure(&self) -> Vec<Config> {
        let mut seen: Vec<Config> = self.configs.clone();
        let mut frontier = seen.clone();
        while let Some(config) = frontier.pop() {
            for (i, open) in self.pending.iter().enumerate() {
                if config.taken[i].is_some() {
                    continue;
                }
                let mut next = config.clone();
                match (open.op.call, open.forever) {
                    (Call::Write(v), true) => next.value = v,
                    (Call::Write(v), false) => {
                        next.value = v;
                        next.taken[i] = Some(v);
                    }
                    (Call::Read, _) => next.taken[i] = Some(config.value),
                }
                if !seen.contains(&next) {
                    seen.push(next.clone());
                    frontier.push(next);
                }
            }
        }
        seen
    }

    fn remove(&mut self, index: usize, mut survivors: Vec<Config>) {
        self.pending.remove(index);
        for config in &mut survivors {
            config.taken.remove(index);
        }
        survivors.sort();
        survivors.dedup();
        self.configs = survivors;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn op(client: u32, seq: u32, call: Call) -> Pending {
        Pending { client, seq, call }
    }

    #[test]
    fn sequential_history_is_linearizable_and_a_stale_read_is_not() {
        let mut h = History::new(0);
        h.invoke(op(0, 1, Call::Write(5)));
        assert!(h.returned(0, 1, None));
        h.invoke(op(1, 1, Call::Read));
        assert!(h.returned(1, 1, Some(5)));
        h.invoke(op(1, 2, Call::Read));
        // The write of 5 completed before this read began: 0 is stale.
        assert!(!h.returned(1, 2, Some(0)));
        assert!(h.is_broken());
    }

    #[test]
    fn a_read_concurrent_with_a_write_may_see_either_value() {
        for seen in [0, 7] {
            let mut h = History::new(0);
            h.invoke(op(0, 1, Call::Write(7)));
            h.invoke(op(1, 1, Call::Read));
            assert!(h.returned(1, 1, Some(seen)), "saw {seen}");
            assert!(h.returned(0, 1, None));
        }
    }

    #[test]
    fn once_a_concurrent_read_saw_the_new_value_a_later_read_cannot_see_the_old() {
        let mut h = History::new(0);
        h.invoke(op(0, 1, Call::Write(7)));
        h.invoke(op(1, 1, Call::Read));
        assert!(h.returned(1, 1, Some(7)));
        h.invoke(op(1, 2, Call::Read));
        // The write is still pending, but it took effect before the first read returned.
        assert!(!h.returned(1, 2, Some(0)));
    }

    #[test]
    fn a_value_nobody_wrote_is_never_read() {
        let mut h = History::new(0);
        h.invoke(op(0, 1, Call::Read));
        assert!(!h.returned(0, 1, Some(3)));
    }

    #[test]
    fn writes_that_never_return_keep_the_configurations_few() {
        let mut h = History::new(0);
        for seq in 1..=40 {
            h.invoke(op(0, seq, Call::Write(seq)));
            h.abandoned(0);
        }
        h.invoke(op(1, 1, Call::Read));
        assert!(h.returned(1, 1, Some(17)));
        assert!(h.configs.len() <= 41, "{}", h.configs.len());
        // One write per value is kept: forty more writes of the same values add nothing.
        for seq in 41..=80 {
            h.invoke(op(0, seq, Call::Write(seq - 40)));
            h.abandoned(0);
        }
        assert_eq!(h.pending.len(), 40);
        // A read of a crashed client had no effect and is forgotten.
        h.invoke(op(2, 1, Call::Read));
        h.abandoned(2);
        assert_eq!(h.pending.iter().filter(|p| p.op.client == 2).count(), 0);
    }

    #[test]
    fn a_failed_write_may_or_may_not_have_taken_effect() {
        let mut h = History::new(0);
        h.invoke(op(0, 1, Call::Write(4)));
        h.failed(0, 1, true);
        h.invoke(op(1, 1, Call::Read));
        assert!(h.returned(1, 1, Some(0)));
        h.invoke(op(1, 2, Call::Read));
        assert!(h.returned(1, 2, Some(4)));
        // Having been seen, it cannot be unseen.
        h.invoke(op(1, 3, Call::Read));
        assert!(!h.returned(1, 3, Some(0)));

        let mut h = History::new(0);
        h.invoke(op(0, 1, Call::Write(4)));
        h.failed(0, 1, false);
        h.invoke(op(1, 1, Call::Read));
        assert!(!h.returned(1, 1, Some(4)));
    }
}
