//! The views each process was in, as bands along its line on the diagram: folded event by event
//! by the recorder, so the page's view costs the same at any length.
//!
//! A band ends where its node crashes (it recovers outside the group) or moves to another view.
//! A member that installs a view first delivers the old view's messages it lacked (events after
//! the handler's own), so a band starts after those deliveries: at the event of the delivery the
//! install record counts (`after`), or at the handler's event when there were none.

use super::member::Members;
use super::Record;
use crate::action::NodeId;
use crate::trace::{Event, EventId, EventKind};
use crate::view::BandView;

/// Where a process's band began (`None`: at the start), and its view's number and members.
type Open = (Option<EventId>, u32, Members);

/// A move between views a handler recorded: after how many of its deliveries, and to which view
/// (`None`: out of the group).
type Pending = (usize, Option<(u32, Members)>);

#[derive(Clone, Debug, Default)]
pub struct Bands {
    /// Each process's band still open; `None` while it is outside the group.
    open: Vec<Option<Open>>,
    closed: Vec<BandView>,
    /// The last handler's moves between views not made yet: the process, how many of its
    /// deliveries came so far, and each move with the deliveries it waits for.
    waiting: Option<(NodeId, usize, Vec<Pending>)>,
}

impl Bands {
    pub fn fold(&mut self, nodes: NodeId, event: &Event, records: &[&Record]) {
        if self.open.is_empty() {
            self.open = vec![Some((None, 0, Members::all(nodes))); nodes as usize];
        }
        // A crash ends the node's membership as far as the diagram goes: it recovers outside.
        if let EventKind::Crash = event.kind {
            if let Some(open) = self.open[event.node as usize].take() {
                self.closed.push(band(event.node, open, Some(event.id)));
            }
            return;
        }
        let moves: Vec<Pending> = records
            .iter()
            .filter_map(|record| match record {
                Record::Installed { view, after, .. } => {
                    Some((*after, Some((view.number, view.members))))
                }
                Record::Outside { after } => Some((*after, None)),
                _ => None,
            })
            .collect();
        if !moves.is_empty() {
            self.waiting = Some((event.node, 0, moves));
        } else if let (EventKind::Deliver { .. }, Some((node, count, _))) =
            (&event.kind, &mut self.waiting)
        {
            if *node == event.node {
                *count += 1;
            }
        }
        let Some((node, count, moves)) = &mut self.waiting else {
            return;
        };
        if *node != event.node {
            return;
        }
        let node = *node;
        let due: Vec<Option<(u32, Members)>> = moves
            .iter()
            .filter(|(after, _)| after == count)
            .map(|(_, to)| *to)
            .collect();
        moves.retain(|(after, _)| after != count);
        if moves.is_empty() {
            self.waiting = None;
        }
        for to in due {
            if let Some(open) = self.open[node as usize].take() {
                self.closed.push(band(node, open, Some(event.id)));
            }
            self.open[node as usize] =
                to.map(|(number, members)| (Some(event.id), number, members));
        }
    }

    /// Every band, closed ones first, then the open ones (to the end of the run).
    pub fn view(&self, nodes: NodeId) -> Vec<BandView> {
        let mut bands = self.closed.clone();
        if self.open.is_empty() {
            let all = Members::all(nodes);
            bands.extend((0..nodes).map(|node| band(node, (None, 0, all), None)));
        }
        for (node, open) in self.open.iter().enumerate() {
            if let Some(open) = open {
                bands.push(band(node as NodeId, *open, None));
            }
        }
        bands
    }
}

fn band(node: NodeId, (from, number, members): Open, to: Option<EventId>) -> BandView {
    BandView {
        node,
        from,
        to,
        number,
        label: format!("v{number} {members}"),
        title: format!("Node {node} in view {number} {members}"),
        legend: "view (virtual synchrony)",
    }
}
