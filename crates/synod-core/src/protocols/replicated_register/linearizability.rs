//! Linearizability of a register's history, checked as the history grows (just-in-time
//! linearization, as Lowe's and Knossos's checkers do): the monitor keeps every way the
//! operations completed so far could have been ordered, as configurations (the register's value,
//! and which pending operations have already taken effect, with what a read saw). When an
//! operation returns, only the configurations in which it took effect, with the result it
//! returned, survive; none surviving is a violation, and that return is the witness.
//!
//! An operation that failed without effect (or a read whose client crashed) is forgotten. A write
//! that may have taken effect and will never return (refused after some replicas stored it, or
//! its client crashed) leaves the pending operations for the *forever* values: it may take effect
//! at any moment from its call on, as often as the check likes. That lets it miss a violation
//! that needs such a write to be seen, overwritten, then seen again, never report one that is
//! not, and it keeps the configurations few: since any forever value can be restored at any
//! moment, a register holding one of them is one configuration (`Value::Forever`), and a read
//! that saw one is one (`Value::AnyOf(k)`: any of the first k forever values, those that existed
//! when it took effect). So a step costs the same at any length of run: each client has at most
//! one operation pending, and the forever values are at most the hundred a client writes.

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

/// The register's value in a configuration, or what a read saw.
#[derive(Clone, Copy, Debug, Hash, PartialEq, Eq, PartialOrd, Ord)]
enum Value {
    Is(u32),
    /// The register holds a forever value: which one is free, as any can be written again.
    Forever,
    /// A read saw one of the first `k` forever values.
    AnyOf(usize),
}

/// One possible order so far: the register's value, and per pending operation whether it took
/// effect already (for a read: the value it saw).
#[derive(Clone, Debug, Hash, PartialEq, Eq, PartialOrd, Ord)]
struct Config {
    value: Value,
    taken: Vec<Option<Value>>,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq)]
pub struct History {
    pending: Vec<Pending>,
    /// Values of writes that may take effect at any moment, in the order they became so.
    forever: Vec<u32>,
    configs: Vec<Config>,
    broken: bool,
}

impl History {
    /// A register starting at `initial`.
    pub fn new(initial: u32) -> History {
        History {
            pending: Vec::new(),
            forever: Vec::new(),
            configs: vec![Config {
                value: Value::Is(initial),
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
        self.pending.push(op);
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
        let op = self.pending[index];
        let survivors: Vec<Config> = self
            .closure()
            .into_iter()
            .filter(|c| match (op.call, c.taken[index]) {
                (Call::Write(_), Some(_)) => true,
                (Call::Read, Some(seen)) => result.is_some_and(|r| self.saw(seen, r)),
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
        match self.pending[index].call {
            // It may take effect at any moment from now on, as often as the check likes: so
            // whether it did already no longer matters, and one forever write per value is enough.
            Call::Write(v) if maybe_effective => {
                let survivors = self.configs.clone();
                if !self.forever.contains(&v) {
                    self.forever.push(v);
                }
                self.remove(index, survivors);
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
        let open = self.pending.iter().find(|p| p.client == client).copied();
        if let Some(open) = open {
            self.failed(client, open.seq, true);
        }
    }

    fn find(&self, client: u32, seq: u32) -> Option<usize> {
        self.pending
            .iter()
            .position(|p| p.client == client && p.seq == seq)
    }

    /// Whether a read that saw `seen` may have returned `result`.
    fn saw(&self, seen: Value, result: u32) -> bool {
        match seen {
            Value::Is(v) => v == result,
            Value::AnyOf(k) => self.forever[..k].contains(&result),
            Value::Forever => self.forever.contains(&result),
        }
    }

    /// The register holding `v`: one configuration for every forever value.
    fn holding(&self, v: u32) -> Value {
        if self.forever.contains(&v) {
            Value::Forever
        } else {
            Value::Is(v)
        }
    }

    /// Every configuration reachable by letting pending operations and forever writes take
    /// effect, in any order.
    fn closure(&self) -> Vec<Config> {
        // Sorted, for a binary search (a hash set would add its own code to the page).
        let mut seen: Vec<Config> = self.configs.clone();
        seen.sort();
        let mut reached = self.configs.clone();
        let mut next_index = 0;
        while let Some(config) = reached.get(next_index).cloned() {
            next_index += 1;
            let mut successors = Vec::new();
            if !self.forever.is_empty() && config.value != Value::Forever {
                successors.push(Config {
                    value: Value::Forever,
                    taken: config.taken.clone(),
                });
            }
            for (i, op) in self.pending.iter().enumerate() {
                if config.taken[i].is_some() {
                    continue;
                }
                let mut next = config.clone();
                match op.call {
                    Call::Write(v) => {
                        next.value = self.holding(v);
                        next.taken[i] = Some(Value::Is(v));
                    }
                    Call::Read => {
                        next.taken[i] = Some(match config.value {
                            Value::Forever => Value::AnyOf(self.forever.len()),
                            value => value,
                        })
                    }
                }
                successors.push(next);
            }
            for next in successors {
                if let Err(at) = seen.binary_search(&next) {
                    seen.insert(at, next.clone());
                    reached.push(next);
                }
            }
        }
        reached
    }

    /// Forgets pending operation `index`, keeping `survivors`, in canonical form: a register
    /// holding a value that became forever is one configuration.
    fn remove(&mut self, index: usize, mut survivors: Vec<Config>) {
        self.pending.remove(index);
        for config in &mut survivors {
            config.taken.remove(index);
            if let Value::Is(v) = config.value {
                config.value = self.holding(v);
            }
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
        assert!(h.configs.len() <= 2, "{:?}", h.configs);
        // One write per value is kept: forty more writes of the same values add nothing.
        for seq in 41..=80 {
            h.invoke(op(0, seq, Call::Write(seq - 40)));
            h.abandoned(0);
        }
        assert_eq!(h.forever.len(), 40);
        assert!(h.pending.is_empty());
        // A read of a crashed client had no effect and is forgotten.
        h.invoke(op(2, 1, Call::Read));
        h.abandoned(2);
        assert_eq!(h.pending.iter().filter(|p| p.client == 2).count(), 0);
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

    #[test]
    fn a_read_that_saw_a_forever_value_saw_one_that_existed_when_it_took_effect() {
        let mut h = History::new(0);
        h.invoke(op(0, 1, Call::Write(1)));
        h.abandoned(0);
        h.invoke(op(1, 1, Call::Read));
        h.invoke(op(2, 1, Call::Write(5)));
        assert!(h.returned(2, 1, None));
        // Written after the write of 5 returned: a read that sees 9 took effect after both.
        h.invoke(op(3, 1, Call::Write(9)));
        h.abandoned(3);
        assert!(h.returned(1, 1, Some(9)));
        h.invoke(op(1, 2, Call::Read));
        assert!(!h.returned(1, 2, Some(5)));
    }
}
