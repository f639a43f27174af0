//! What one process has delivered, kept so that "has it delivered m?" and "what is the first of
//! sender j's messages it lacks?" cost the same however long the run: for each sender, the
//! longest run of its messages 1, 2, ..., `prefix` delivered, and the few delivered beyond a gap
//! (out of FIFO order), sorted. A hold-back protocol keeps that list empty.

use crate::action::NodeId;
use crate::protocol::AppId;

#[derive(Clone, Debug, Hash, PartialEq, Eq)]
pub struct Delivered {
    prefix: Vec<u32>,
    beyond: Vec<AppId>,
}

impl Delivered {
    pub fn new(nodes: NodeId) -> Delivered {
        Delivered {
            prefix: vec![0; nodes as usize],
            beyond: Vec::new(),
        }
    }

    pub fn contains(&self, app: AppId) -> bool {
        app.seq <= self.prefix[app.sender as usize] || self.beyond.binary_search(&app).is_ok()
    }

    /// `P`: for each sender, how many of its messages were delivered with none missing before.
    pub fn prefix(&self) -> &[u32] {
        &self.prefix
    }

    /// The first of `sender`'s messages not delivered.
    pub fn first_missing(&self, sender: NodeId) -> AppId {
        AppId {
            sender,
            seq: self.prefix[sender as usize] + 1,
        }
    }

    /// The first of `sender`'s messages from `from` on not delivered.
    pub fn first_missing_from(&self, sender: NodeId, from: u32) -> AppId {
        let mut missing = self.first_missing(sender);
        missing.seq = missing.seq.max(from);
        while self.beyond.binary_search(&missing).is_ok() {
            missing.seq += 1;
        }
        missing
    }

    /// The messages delivered beyond a gap.
    pub fn beyond(&self) -> &[AppId] {
        &self.beyond
    }

    /// Adds `app` (not delivered before), closing the gap it fills.
    pub fn insert(&mut self, app: AppId) {
        let sender = app.sender as usize;
        if app.seq != self.prefix[sender] + 1 {
            if let Err(at) = self.beyond.binary_search(&app) {
                self.beyond.insert(at, app);
            }
            return;
        }
        self.prefix[sender] = app.seq;
        while let Ok(at) = self.beyond.binary_search(&self.first_missing(app.sender)) {
            self.beyond.remove(at);
            self.prefix[sender] += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn app(sender: NodeId, seq: u32) -> AppId {
        AppId { sender, seq }
    }

    #[test]
    fn a_gap_keeps_later_messages_aside_until_it_is_filled() {
        let mut got = Delivered::new(2);
        got.insert(app(1, 3));
        got.insert(app(1, 2));
        assert_eq!(got.prefix(), [0, 0]);
        assert_eq!(got.first_missing(1), app(1, 1));
        assert!(got.contains(app(1, 3)) && !got.contains(app(1, 1)));
        got.insert(app(1, 1));
        assert_eq!(got.prefix(), [0, 3]);
        assert!(got.beyond().is_empty());
        got.insert(app(0, 1));
        assert_eq!(got.prefix(), [1, 3]);
    }
}
