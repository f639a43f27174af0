//! Fault and command budgets: how many of each kind of choice a random run or an exploration may
//! make. What a run has spent is part of its state, so that the same situation with a different
//! budget left is a different state.

use serde::{Deserialize, Serialize};

/// How many of each kind of choice a run may still make, or has made.
#[derive(Clone, Copy, Debug, Default, Hash, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Budgets {
    pub crashes: u32,
    pub recoveries: u32,
    pub drops: u32,
    pub duplicates: u32,
    /// Partitions made; healing a partition is free.
    pub partitions: u32,
    /// Commands given to nodes.
    pub commands: u32,
    /// Timers fired. Only an exploration that bounds them counts them (see
    /// `checker::check::Bounds::timeouts`): elsewhere a timer may fire as often as the timing
    /// model lets it, and counting would split one situation into many states.
    pub timeouts: u32,
}

/// A kind of budgeted choice.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Spend {
    Crash,
    Recovery,
    Drop,
    Duplicate,
    Partition,
    Command,
    Timeout,
}

impl Budgets {
    /// No limit on anything: the page and replays, where the user decides.
    pub const UNLIMITED: Budgets = Budgets {
        crashes: u32::MAX,
        recoveries: u32::MAX,
        drops: u32::MAX,
        duplicates: u32::MAX,
        partitions: u32::MAX,
        commands: u32::MAX,
        timeouts: u32::MAX,
    };

    fn slot(&mut self, kind: Spend) -> &mut u32 {
        match kind {
            Spend::Crash => &mut self.crashes,
            Spend::Recovery => &mut self.recoveries,
            Spend::Drop => &mut self.drops,
            Spend::Duplicate => &mut self.duplicates,
            Spend::Partition => &mut self.partitions,
            Spend::Command => &mut self.commands,
            Spend::Timeout => &mut self.timeouts,
        }
    }

    pub fn count(&self, kind: Spend) -> u32 {
        let mut copy = *self;
        *copy.slot(kind)
    }

    /// Counts one more choice of `kind` (saturating: a replayed run can be arbitrarily long).
    pub fn spend(&mut self, kind: Spend) {
        let slot = self.slot(kind);
        *slot = slot.saturating_add(1);
    }

    /// Both counts added up, kind by kind.
    pub fn plus(&self, other: &Budgets) -> Budgets {
        Budgets {
            crashes: self.crashes.saturating_add(other.crashes),
            recoveries: self.recoveries.saturating_add(other.recoveries),
            drops: self.drops.saturating_add(other.drops),
            duplicates: self.duplicates.saturating_add(other.duplicates),
            partitions: self.partitions.saturating_add(other.partitions),
            commands: self.commands.saturating_add(other.commands),
            timeouts: self.timeouts.saturating_add(other.timeouts),
        }
    }

    /// Whether a run that has spent `spent` may make one more choice of `kind`.
    pub fn allows(&self, spent: &Budgets, kind: Spend) -> bool {
        spent.count(kind) < self.count(kind)
    }
}
