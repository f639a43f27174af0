//! An event's causal past and future, made visible: once an event is picked, every other event
//! is in its past (a chain of local steps and messages leads from it to the picked one), in its
//! future, or concurrent with it, and the diagram shades it so.
//!
//! With vector clocks that tick their own node's entry on every event, `f → e` exactly when
//! `V(f)[node of f] <= V(e)[node of f]`, so each event is placed by two comparisons, whatever
//! the length of the run.

use synod_core::action::NodeId;
use synod_core::view::EventView;

/// Where an event stands relative to the picked one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Relation {
    Picked,
    Past,
    Future,
    Concurrent,
}

impl Relation {
    /// The class an event dot takes.
    pub fn class(self) -> &'static str {
        match self {
            Relation::Picked => "causal-picked",
            Relation::Past => "causal-past",
            Relation::Future => "causal-future",
            Relation::Concurrent => "causal-concurrent",
        }
    }

    /// How screen readers hear it, after the event's own label.
    pub fn words(self) -> &'static str {
        match self {
            Relation::Picked => "the picked event",
            Relation::Past => "in the picked event's causal past",
            Relation::Future => "in the picked event's causal future",
            Relation::Concurrent => "concurrent with the picked event",
        }
    }
}

/// The picked event whose past and future are shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CausalFocus {
    node: NodeId,
    vector: Vec<u64>,
}

impl CausalFocus {
    pub fn of(event: &EventView) -> CausalFocus {
        CausalFocus {
            node: event.node,
            vector: event.vector.clone(),
        }
    }

    pub fn relation(&self, event: &EventView) -> Relation {
        let own = |vector: &[u64], node: NodeId| vector.get(node as usize).copied().unwrap_or(0);
        let theirs = own(&event.vector, event.node);
        if event.node == self.node && theirs == own(&self.vector, self.node) {
            Relation::Picked
        } else if theirs <= own(&self.vector, event.node) {
            Relation::Past
        } else if own(&self.vector, self.node) <= own(&event.vector, self.node) {
            Relation::Future
        } else {
            Relation::Concurrent
        }
    }

    /// How many events its causal past holds: the first `V[i]` events of each node `i`, less
    /// itself.
    pub fn past_size(&self) -> u64 {
        self.vector.iter().sum::<u64>().saturating_sub(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use synod_core::view::EventKindView;

    fn event(node: NodeId, vector: &[u64]) -> EventView {
        EventView {
            id: 0,
            step: 1,
            node,
            kind: EventKindView::Crash,
            lamport: 0,
            vector: vector.to_vec(),
            notes: Vec::new(),
        }
    }

    /// Node 0 sends to node 1 ([1,0] then [1,1]); node 1 then sends back ([1,2] receipt at
    /// node 0 is [2,2]); node 0's second event [2,0] is a local step concurrent with node 1's
    /// receive.
    #[test]
    fn past_future_and_concurrent_follow_the_chains_of_messages() {
        let receive = CausalFocus::of(&event(1, &[1, 1]));
        assert_eq!(receive.relation(&event(1, &[1, 1])), Relation::Picked);
        assert_eq!(receive.relation(&event(0, &[1, 0])), Relation::Past);
        assert_eq!(receive.relation(&event(1, &[1, 2])), Relation::Future);
        assert_eq!(receive.relation(&event(0, &[3, 2])), Relation::Future);
        assert_eq!(receive.relation(&event(0, &[2, 0])), Relation::Concurrent);
        assert_eq!(receive.past_size(), 1);
        let later = CausalFocus::of(&event(0, &[3, 2]));
        assert_eq!(later.relation(&event(1, &[1, 1])), Relation::Past);
        assert_eq!(later.relation(&event(0, &[2, 0])), Relation::Past);
        assert_eq!(later.past_size(), 4);
    }
}
