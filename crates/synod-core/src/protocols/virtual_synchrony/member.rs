//! One process of a virtually synchronous group: its view, what it delivered in it, what it holds
//! back, and, at a coordinator, the view change it runs.

use std::fmt;

use crate::action::NodeId;
use crate::protocol::AppId;

/// A set of nodes (at most 8), as a bit mask: small and cheap to hash.
#[derive(Clone, Copy, Debug, Default, Hash, PartialEq, Eq, PartialOrd, Ord)]
pub struct Members(pub u8);

impl Members {
    pub fn all(nodes: NodeId) -> Members {
        Members(((1u16 << nodes) - 1) as u8)
    }

    pub fn one(node: NodeId) -> Members {
        Members(1 << node)
    }

    pub fn contains(self, node: NodeId) -> bool {
        self.0 & (1 << node) != 0
    }

    pub fn with(self, node: NodeId) -> Members {
        Members(self.0 | 1 << node)
    }

    pub fn without(self, node: NodeId) -> Members {
        Members(self.0 & !(1 << node))
    }

    pub fn union(self, other: Members) -> Members {
        Members(self.0 | other.0)
    }

    pub fn minus(self, other: Members) -> Members {
        Members(self.0 & !other.0)
    }

    pub fn intersect(self, other: Members) -> Members {
        Members(self.0 & other.0)
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The lowest id in the set: a view's coordinator.
    pub fn lowest(self) -> Option<NodeId> {
        (self.0 != 0).then(|| self.0.trailing_zeros())
    }

    pub fn iter(self) -> impl Iterator<Item = NodeId> {
        (0..8).filter(move |n| self.contains(*n))
    }
}

impl fmt::Display for Members {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ids: Vec<String> = self.iter().map(|n| n.to_string()).collect();
        write!(f, "{{{}}}", ids.join(","))
    }
}

/// A view: the group's membership as its members see it, numbered from 0.
#[derive(Clone, Copy, Debug, Hash, PartialEq, Eq, PartialOrd, Ord)]
pub struct View {
    pub number: u32,
    pub members: Members,
}

impl fmt::Display for View {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "view {} {}", self.number, self.members)
    }
}

/// An application message as it travels and waits.
#[derive(Clone, Debug, Hash, PartialEq, Eq, PartialOrd, Ord)]
pub struct Data {
    pub app: AppId,
    pub text: String,
}

/// What a coordinator sends to install a view: the view, every message of the old view that some
/// flushed member delivered (sorted, so each sender's messages come in its order), and for each
/// new member the number of the first message it will multicast in the new view.
#[derive(Clone, Debug, Hash, PartialEq, Eq, PartialOrd, Ord)]
pub struct Install {
    pub view: View,
    /// The view it follows: only a member of that one delivers the union.
    pub after: View,
    /// The processes it admits from outside the group, each in the life that asked (one that
    /// crashed since is not admitted by it).
    pub joiners: Vec<(NodeId, u32)>,
    pub union: Vec<Data>,
    pub starts: Vec<u32>,
}

/// A view change a coordinator runs.
#[derive(Clone, Debug, Hash, PartialEq, Eq)]
pub struct Change {
    pub proposal: View,
    /// The members whose flush it still awaits.
    pub waiting: Members,
    /// The messages of the old view delivered by the members flushed so far, sorted.
    pub union: Vec<Data>,
    pub starts: Vec<u32>,
    /// Members of the old view left out of the new one that still hear of it (those that leave,
    /// and those found a view behind), so that they know they are out.
    pub notify: Members,
}

/// What a process keeps on stable storage: how many messages it multicast (so that it never
/// reuses a number), what it delivered, and the last view number it heard of (so that, joining
/// again, it takes no view it was in before for its own). Its membership is not kept: a process that recovers
/// is outside the group and joins it again.
#[derive(Clone, Debug, Hash, PartialEq, Eq)]
pub struct Durable {
    pub life: u32,
    pub sent: u32,
    pub delivered: Vec<AppId>,
    pub known: u32,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq)]
pub struct Node {
    pub id: NodeId,
    /// Its current view, or `None` while it is outside the group.
    pub view: Option<View>,
    /// How its current view was installed (a coordinator a view behind catches up from it).
    pub last: Install,
    pub sent: u32,
    /// How many times it recovered from a crash: each life joins the group anew.
    pub life: u32,
    /// The highest view number it installed or was left out of: joining, it accepts only a
    /// later view (an install still on its way from before it left or crashed is not for it).
    pub known: u32,
    /// For each sender, the number of the next of its messages to deliver in this view.
    pub expect: Vec<u32>,
    /// Everything it delivered, in order.
    pub delivered: Vec<AppId>,
    /// What it delivered in the current view, sorted: what it flushes.
    pub in_view: Vec<Data>,
    /// Received and not delivered: out of FIFO order, from a view not installed here yet, or
    /// arrived during a flush. Sorted.
    pub held: Vec<(View, Data)>,
    /// Its own messages of this view, each with the members that have not acknowledged it.
    pub unacked: Vec<(AppId, Members)>,
    /// Others' messages of this view it got and has not heard are stable (every member got
    /// them): if a sender crashes before saying so, this is how the crash is noticed.
    pub unstable: Vec<AppId>,
    /// Senders of unstable messages it asked whether they are up, awaiting their answer.
    pub queried: Members,
    pub suspects: Members,
    /// It flushed for a view change: the coordinator and its proposal. Until the new view is
    /// installed it neither multicasts nor delivers.
    pub flushed: Option<(NodeId, View)>,
    /// The view change it coordinates.
    pub change: Option<Change>,
    /// Nodes that asked this coordinator to join, with their multicast counts and lives.
    pub joins: Vec<(NodeId, u32, u32)>,
    /// Members that asked this coordinator to leave.
    pub leaves: Members,
    /// It asked to leave.
    pub leaving: bool,
    /// Outside the group, it asked to join: it accepts a view that includes it.
    pub joining: bool,
}

impl Node {
    pub fn new(id: NodeId, nodes: NodeId) -> Node {
        let view = View {
            number: 0,
            members: Members::all(nodes),
        };
        Node {
            id,
            view: Some(view),
            last: Install {
                view,
                after: view,
                joiners: Vec::new(),
                union: Vec::new(),
                starts: vec![1; nodes as usize],
            },
            sent: 0,
            life: 0,
            known: 0,
            expect: vec![1; nodes as usize],
            delivered: Vec::new(),
            in_view: Vec::new(),
            held: Vec::new(),
            unacked: Vec::new(),
            unstable: Vec::new(),
            queried: Members::default(),
            suspects: Members::default(),
            flushed: None,
            change: None,
            joins: Vec::new(),
            leaves: Members::default(),
            leaving: false,
            joining: false,
        }
    }

    /// A recovered process: outside the group, with what it kept.
    pub fn recovered(id: NodeId, nodes: NodeId, durable: Durable) -> Node {
        let mut node = Node::new(id, nodes);
        node.view = None;
        node.sent = durable.sent;
        node.delivered = durable.delivered;
        node.known = durable.known;
        node.life = durable.life + 1;
        node
    }

    pub fn durable(&self) -> Durable {
        Durable {
            life: self.life,
            sent: self.sent,
            delivered: self.delivered.clone(),
            known: self.known,
        }
    }

    /// Whether a view change stops it from multicasting and delivering.
    pub fn blocked(&self) -> bool {
        self.flushed.is_some() || self.change.is_some()
    }

    /// The coordinator of its view as it sees it: the lowest member it does not suspect.
    pub fn coordinator(&self) -> Option<NodeId> {
        self.view?.members.minus(self.suspects).lowest()
    }

    /// The coordinator whose install it awaits: the one it flushed for (or, once it suspects
    /// that one, the next), or, once it asked to leave or told of a suspicion, its view's
    /// coordinator.
    pub fn awaited_coordinator(&self) -> Option<NodeId> {
        let asked = self.leaving || !self.suspects.is_empty();
        let awaited = match self.flushed {
            Some((coordinator, _)) if !self.suspects.contains(coordinator) => Some(coordinator),
            Some(_) => self.coordinator(),
            None if asked && self.change.is_none() => self.coordinator(),
            None => None,
        };
        awaited.filter(|c| *c != self.id)
    }

    /// The number of the view whose install it awaits.
    pub fn awaited_view(&self) -> Option<u32> {
        match self.flushed {
            Some((_, proposal)) => Some(proposal.number),
            None => Some(self.view?.number + 1),
        }
    }

    /// Why it may not multicast now, if it may not.
    pub fn why_not_multicast(&self) -> Option<&'static str> {
        match () {
            _ if self.view.is_none() => Some("it is outside the group: join first"),
            _ if self.leaving => Some("it has asked to leave the group"),
            _ if self.blocked() => Some("a view change is under way: it resumes in the new view"),
            _ => None,
        }
    }

    /// Whether it takes `view` as one to come: a later view than its own, or, outside the group
    /// and asking to join, a view that includes it and is later than any it knew.
    pub fn awaits(&self, view: View) -> bool {
        match self.view {
            Some(mine) => view.number > mine.number,
            None => self.joining && view.members.contains(self.id) && view.number > self.known,
        }
    }

    /// Whether it has seen `data` of `view` before (delivered or held).
    pub fn knows(&self, view: View, data: &Data) -> bool {
        let delivered =
            self.view == Some(view) && data.app.seq < self.expect[data.app.sender as usize];
        delivered || self.held.iter().any(|(_, d)| d.app == data.app)
    }

    pub fn hold(&mut self, view: View, data: Data) {
        let item = (view, data);
        if let Err(at) = self.held.binary_search(&item) {
            self.held.insert(at, item);
        }
    }

    /// Delivers `data` in the current view.
    pub fn deliver(&mut self, data: &Data) {
        let sender = data.app.sender as usize;
        self.expect[sender] = self.expect[sender].max(data.app.seq + 1);
        self.delivered.push(data.app);
        if let Err(at) = self.in_view.binary_search(data) {
            self.in_view.insert(at, data.clone());
        }
    }

    /// Removes and returns the next held message of the current view whose turn has come.
    pub fn next_ready(&mut self) -> Option<Data> {
        let view = self.view?;
        if self.blocked() {
            return None;
        }
        let at = self
            .held
            .iter()
            .position(|(v, d)| *v == view && d.app.seq == self.expect[d.app.sender as usize])?;
        Some(self.held.remove(at).1)
    }

    /// Why a held message waits, in words.
    pub fn wait_text(&self, view: View, data: &Data) -> String {
        match self.view {
            None => "it is outside the group".to_string(),
            Some(mine) if view.number > mine.number => {
                format!("sent in {view}, not installed here yet")
            }
            Some(mine) if view != mine => format!("sent in {view}: discarded at the next view"),
            Some(_) if self.blocked() => {
                "arrived during the flush: the new view's install decides".to_string()
            }
            Some(_) => format!(
                "waits for {}:{} (FIFO within the view)",
                data.app.sender, self.expect[data.app.sender as usize]
            ),
        }
    }
}

/// Adds `more` to the sorted `union`, without duplicates.
pub fn merge(union: &mut Vec<Data>, more: &[Data]) {
    for data in more {
        if let Err(at) = union.binary_search(data) {
            union.insert(at, data.clone());
        }
    }
}
