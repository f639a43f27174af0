//! The properties of virtual synchrony itself, on top of the order properties every multicast
//! protocol is judged by:
//! - **view-agreement**: correct processes that install a view with the same number install the
//!   same members, so they install the same sequence of views (a coordinator that installs a
//!   view and crashes before anyone hears of it does not count: it is not correct);
//! - **view-delivery**: processes that move together from view V to view V' delivered the same
//!   set of messages in V;
//! - **sender-in-view**: a message is delivered only in a view that contains its sender.
//!
//! The monitor keeps each process's current view and the signature of what it delivered in it,
//! the first membership installed under each number, and the first signature of each move from
//! one view to the next.

use super::member::{Members, View};
use crate::action::NodeId;
use crate::monitor::{Breaches, Moment};
use crate::protocol::{AppId, PropertyInfo};
use crate::protocols::multicast::properties::Signature;
use crate::verdict::{Blame, Kind, Verdict};

pub const VIEW_AGREEMENT: &str = "view-agreement";
pub const VIEW_DELIVERY: &str = "view-delivery";
pub const SENDER_IN_VIEW: &str = "sender-in-view";

pub const PROPERTIES: [PropertyInfo; 3] = [
    PropertyInfo {
        name: VIEW_AGREEMENT,
        kind: Kind::Safety,
    },
    PropertyInfo {
        name: VIEW_DELIVERY,
        kind: Kind::Safety,
    },
    PropertyInfo {
        name: SENDER_IN_VIEW,
        kind: Kind::Safety,
    },
];

const TEXTS: [&str; 3] = [
    "Processes that install a view with the same number install the same members: correct processes install the same sequence of views.",
    "Processes that move together from one view to the next delivered the same set of messages in the first.",
    "A message is delivered only in a view that contains its sender.",
];

const HOLDS: [&str; 3] = [
    "Every view number installed so far means one membership.",
    "Processes that moved together between views delivered the same messages in the view they left.",
    "Every delivery so far came in a view containing its sender.",
];

#[derive(Clone, Debug, Hash, PartialEq, Eq)]
pub struct Views {
    /// Each process's current view (`None` outside the group).
    current: Vec<Option<View>>,
    /// What each process delivered in its current view.
    in_view: Vec<Signature>,
    /// Each view installed, by number, with the processes up that installed it.
    installed: Vec<(View, Members)>,
    /// The first move seen from a view number to a view, with what the mover delivered in the
    /// view it left.
    moves: Vec<(u32, View, Signature, NodeId)>,
    breaches: Breaches<3>,
}

impl Views {
    pub fn new(nodes: NodeId, first: View) -> Views {
        Views {
            current: vec![Some(first); nodes as usize],
            in_view: vec![Signature::default(); nodes as usize],
            installed: vec![(first, first.members)],
            moves: Vec::new(),
            breaches: Breaches::default(),
        }
    }

    fn breach(&mut self, property: usize, step: Moment, words: impl FnOnce() -> (String, String)) {
        self.breaches.breach(property, step, words);
    }

    /// `node` delivered `app` in its current view.
    pub fn deliver(&mut self, step: Moment, node: NodeId, app: AppId) {
        let view = self.current[node as usize];
        if !view.is_some_and(|v| v.members.contains(app.sender)) {
            self.breach(2, step, || {
                let within = view.map_or_else(|| "outside any view".to_string(), |v| format!("in {v}"));
                (
                    format!("node {node} delivered {app} {within}"),
                    format!("Node {node} delivered {app} {within}, which does not contain its sender, node {}.", app.sender),
                )
            });
        }
        self.in_view[node as usize] = self.in_view[node as usize].with(app);
    }

    /// `node` installed `view`.
    pub fn install(&mut self, step: Moment, node: NodeId, view: View) {
        let other = self
            .installed
            .iter()
            .find(|(v, by)| v.number == view.number && *v != view && !by.is_empty());
        if let Some((first, by)) = other {
            let (first, by) = (*first, *by);
            self.breach(0, step, || {
                (
                    format!("node {node} installed {view}, node(s) {by} {first}"),
                    format!("Node {node} installed {view} while node(s) {by}, up, had installed {first}: the group split."),
                )
            });
        }
        match self.installed.iter_mut().find(|(v, _)| *v == view) {
            Some((_, by)) => *by = by.with(node),
            None => self.installed.push((view, Members::one(node))),
        }
        if let Some(old) = self.current[node as usize] {
            let mine = self.in_view[node as usize];
            match self
                .moves
                .iter()
                .find(|(from, to, _, _)| *from == old.number && *to == view)
            {
                Some((_, _, theirs, other)) if *theirs != mine => {
                    let other = *other;
                    self.breach(1, step, || {
                        (
                            format!("nodes {other} and {node} moved from view {} to {view} with different deliveries", old.number),
                            format!("Nodes {other} and {node} both moved from view {} to {view}, but delivered different sets of messages in view {}.", old.number, old.number),
                        )
                    });
                }
                Some(_) => {}
                None => self.moves.push((old.number, view, mine, node)),
            }
        }
        self.current[node as usize] = Some(view);
        self.in_view[node as usize] = Signature::default();
    }

    /// `node` crashed: what it installed no longer counts.
    pub fn crash(&mut self, node: NodeId) {
        for (_, by) in &mut self.installed {
            *by = by.without(node);
        }
    }

    /// `node` left the group, was removed from it, or recovered outside it.
    pub fn leave(&mut self, node: NodeId) {
        self.current[node as usize] = None;
        self.in_view[node as usize] = Signature::default();
    }

    /// The three verdicts; `guaranteed` and `assumption` as for the order properties.
    pub fn verdicts(
        &self,
        guaranteed: &dyn Fn(&str) -> bool,
        assumption: &Option<String>,
    ) -> Vec<Verdict> {
        PROPERTIES
            .iter()
            .enumerate()
            .map(|(index, info)| {
                let (name, text) = (info.name, TEXTS[index]);
                if !self.breaches.is_broken(index) {
                    return Verdict::holds(name, Kind::Safety, text, HOLDS[index].to_string());
                }
                let blame = match (guaranteed(name), assumption) {
                    (_, Some(_)) => Blame::Assumption,
                    _ => Blame::Algorithm,
                };
                let violation = self.breaches.violation(index, name, blame, |what| {
                    match (guaranteed(name), assumption) {
                        (_, Some(assumption)) => format!("{what} {assumption}"),
                        (true, None) => what.to_string(),
                        (false, None) => format!("{what} This variant does not promise {name}."),
                    }
                });
                Verdict::violated(name, Kind::Safety, text, violation)
            })
            .collect()
    }
}
