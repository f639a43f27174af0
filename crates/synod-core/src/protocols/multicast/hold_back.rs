//! The hold-back queue: messages received and not yet delivered, one run per sender sorted by
//! sequence number. A message lost for good holds back everything its sender (or, under the
//! total orders, everyone) sends after it, so over a long run the queue grows with the run:
//! messages arrive roughly in their sender's order, so each lands at the end of its run, and
//! finding one is a binary search, never a scan of the queue or a shift of all of it.

use super::node::AppMsg;
use crate::action::NodeId;
use crate::protocol::AppId;

#[derive(Clone, Debug, Hash, PartialEq, Eq)]
pub struct HoldBack {
    by_sender: Vec<Vec<AppMsg>>,
}

impl HoldBack {
    pub fn new(nodes: NodeId) -> HoldBack {
        HoldBack {
            by_sender: vec![Vec::new(); nodes as usize],
        }
    }

    fn find(&self, app: AppId) -> Result<usize, usize> {
        self.by_sender[app.sender as usize].binary_search_by_key(&app.seq, |m| m.app.seq)
    }

    /// Holds `msg` back, unless a copy is held already.
    pub fn insert(&mut self, msg: AppMsg) {
        if let Err(at) = self.find(msg.app) {
            self.by_sender[msg.app.sender as usize].insert(at, msg);
        }
    }

    pub fn get(&self, app: AppId) -> Option<&AppMsg> {
        let at = self.find(app).ok()?;
        Some(&self.by_sender[app.sender as usize][at])
    }

    pub fn take(&mut self, app: AppId) -> Option<AppMsg> {
        let at = self.find(app).ok()?;
        Some(self.by_sender[app.sender as usize].remove(at))
    }

    /// Every held message, by sender, then sequence number.
    pub fn iter(&self) -> impl Iterator<Item = &AppMsg> {
        self.by_sender.iter().flatten()
    }

    pub fn is_empty(&self) -> bool {
        self.by_sender.iter().all(Vec::is_empty)
    }
}
