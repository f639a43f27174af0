//! Lamport and vector clocks, kept by the simulator for every node and stamped on every event.
//!
//! Lamport (1978): a counter that ticks on every local event and jumps past the sender's value on
//! receipt, so `a → b` implies `L(a) < L(b)`. Vector clocks (Fidge, Mattern 1988) make the
//! converse true: `a → b` iff `V(a) < V(b)` component-wise.

use serde::Serialize;

use crate::action::NodeId;

/// The clocks of one node, or the stamp of one event.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Stamp {
    pub lamport: u64,
    pub vector: Vec<u64>,
}

impl Stamp {
    pub fn zero(nodes: NodeId) -> Stamp {
        Stamp {
            lamport: 0,
            vector: vec![0; nodes as usize],
        }
    }

    /// A local event (command, send, crash, recovery) at `node`.
    pub fn tick(&mut self, node: NodeId) {
        self.lamport += 1;
        self.vector[node as usize] += 1;
    }

    /// A receive at `node` of a message stamped `sent`.
    pub fn merge_and_tick(&mut self, node: NodeId, sent: &Stamp) {
        self.lamport = self.lamport.max(sent.lamport);
        for (mine, theirs) in self.vector.iter_mut().zip(&sent.vector) {
            *mine = (*mine).max(*theirs);
        }
        self.tick(node);
    }
}

/// How two events are ordered by happens-before.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Order {
    /// The same event.
    Same,
    /// The first happened before the second.
    Before,
    /// The second happened before the first.
    After,
    /// Neither happened before the other.
    Concurrent,
}

/// Compares two events by their vector clocks.
pub fn order(first: &[u64], second: &[u64]) -> Order {
    let le = first.iter().zip(second).all(|(a, b)| a <= b);
    let ge = first.iter().zip(second).all(|(a, b)| a >= b);
    match (le, ge) {
        (true, true) => Order::Same,
        (true, false) => Order::Before,
        (false, true) => Order::After,
        (false, false) => Order::Concurrent,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn receive_jumps_past_the_senders_lamport_clock() {
        let mut sender = Stamp::zero(2);
        sender.tick(0);
        sender.tick(0);
        let mut receiver = Stamp::zero(2);
        receiver.merge_and_tick(1, &sender);
        assert_eq!(receiver.lamport, 3);
        assert_eq!(receiver.vector, vec![2, 1]);
        assert_eq!(order(&sender.vector, &receiver.vector), Order::Before);
    }

    #[test]
    fn independent_local_events_are_concurrent() {
        let mut a = Stamp::zero(2);
        a.tick(0);
        let mut b = Stamp::zero(2);
        b.tick(1);
        assert_eq!(order(&a.vector, &b.vector), Order::Concurrent);
        assert_eq!(order(&b.vector, &a.vector), Order::Concurrent);
        assert_eq!(order(&a.vector, &a.vector), Order::Same);
    }
}
