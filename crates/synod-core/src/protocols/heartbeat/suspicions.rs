//! Each process's suspect list over time, as bands along its line: folded event by event by the
//! recorder, so that the view costs the same at any length. A band runs from the event that
//! changed the list to the next change (or the process's crash), labelled with the list; a
//! process that suspects nobody has no band.

use super::Record;
use crate::action::NodeId;
use crate::trace::{Event, EventId, EventKind};
use crate::view::BandView;

/// A process's list now and the event where it became so (`None` while it suspects nobody).
type Open = (EventId, Vec<NodeId>);

#[derive(Clone, Debug, Default)]
pub struct Suspicions {
    open: Vec<Option<Open>>,
    closed: Vec<BandView>,
    /// How many times each process's list has changed, to number its bands.
    changes: Vec<u32>,
}

impl Suspicions {
    pub fn fold(&mut self, nodes: NodeId, event: &Event, records: &[&Record]) {
        if self.open.is_empty() {
            self.open = vec![None; nodes as usize];
            self.changes = vec![0; nodes as usize];
        }
        let node = event.node as usize;
        if event.kind == EventKind::Crash || event.kind == EventKind::Recover {
            self.close(node, event.id);
            return;
        }
        if records.is_empty() {
            return;
        }
        let mut list = self.open[node]
            .as_ref()
            .map(|(_, list)| list.clone())
            .unwrap_or_default();
        for record in records {
            match record {
                Record::Suspected { peer } => {
                    if let Err(at) = list.binary_search(peer) {
                        list.insert(at, *peer);
                    }
                }
                Record::Trusted { peer, .. } => list.retain(|p| p != peer),
            }
        }
        self.close(node, event.id);
        if !list.is_empty() {
            self.open[node] = Some((event.id, list));
        }
    }

    fn close(&mut self, node: usize, at: EventId) {
        if let Some(open) = self.open[node].take() {
            self.changes[node] += 1;
            self.closed
                .push(band(node as NodeId, open, self.changes[node], Some(at)));
        }
    }

    /// Every band, closed ones first, then the open ones (to the end of the run).
    pub fn view(&self) -> Vec<BandView> {
        let mut bands = self.closed.clone();
        for (node, open) in self.open.iter().enumerate() {
            if let Some(open) = open {
                bands.push(band(
                    node as NodeId,
                    open.clone(),
                    self.changes[node] + 1,
                    None,
                ));
            }
        }
        bands
    }
}

fn band(node: NodeId, (from, list): Open, number: u32, to: Option<EventId>) -> BandView {
    let names: Vec<String> = list.iter().map(NodeId::to_string).collect();
    let names = names.join(", ");
    BandView {
        node,
        from: Some(from),
        to,
        number,
        label: format!("suspects {names}"),
        title: format!("Node {node} suspects {names}"),
        legend: "suspect list (failure detector)",
    }
}
