//! The views each process was in, as bands along its line on the diagram: folded event by event
//! by the recorder, so the page's view costs the same at any length.

use super::member::Members;
use super::Record;
use crate::action::NodeId;
use crate::trace::{Event, EventId};
use crate::view::BandView;

#[derive(Clone, Debug, Default)]
pub struct Bands {
    /// Each process's band still open: where it began (`None`: at the start), the view's number
    /// and members. `None` while the process is outside the group.
    open: Vec<Option<(Option<EventId>, u32, Members)>>,
    closed: Vec<BandView>,
}

impl Bands {
    pub fn fold(&mut self, nodes: NodeId, event: &Event<Record>) {
        if self.open.is_empty() {
            self.open = vec![Some((None, 0, Members::all(nodes))); nodes as usize];
        }
        for record in &event.records {
            let next = match record {
                Record::Installed { view, .. } => Some((Some(event.id), view.number, view.members)),
                Record::Outside { .. } => None,
                _ => continue,
            };
            let node = event.node;
            if let Some(open) = self.open[node as usize].take() {
                self.closed.push(band(node, open, Some(event.id)));
            }
            self.open[node as usize] = next;
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

fn band(
    node: NodeId,
    (from, number, members): (Option<EventId>, u32, Members),
    to: Option<EventId>,
) -> BandView {
    BandView {
        node,
        from,
        to,
        number,
        label: format!("v{number} {members}"),
    }
}
