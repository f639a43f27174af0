//! The properties every multicast protocol is judged by, whichever order it promises, so that a
//! learner sees causal order violated under FIFO multicast without it being a bug (the panel says
//! which ones the protocol guarantees):
//! - **fifo-order**: a process that delivers a sender's m' has delivered the sender's earlier m;
//! - **causal-order**: a process that delivers m' has delivered every m with
//!   multicast(m) → multicast(m'), happens-before running through deliveries;
//! - **total-order**: if a process delivered m before m', every process that delivers m' has
//!   delivered m before it;
//! - **integrity**: a message is delivered at most once per process, and only if multicast;
//! - **validity** and **agreement** (liveness): a correct sender's message reaches every correct
//!   member; if one correct member delivers m, every correct member does.
//!
//! The monitor keeps, per process, its deliveries in order and its causal knowledge (for each
//! sender, how many of its multicasts happened before the process's present), and per multicast
//! the causal knowledge of its sender when it was multicast (a history variable, as in TLA+).
//! Safety verdicts fold at each delivery; the liveness ones are read off the state, and become
//! final once nothing is in flight (no receipt can come, and only a receipt delivers another
//! process's message).

use super::delivered::Delivered;
use crate::action::NodeId;
use crate::monitor::{Breaches, Evidence, Moment, Observation};
use crate::protocol::{AppId, PropertyInfo, Protocol};
use crate::verdict::{Blame, Kind, Verdict, Violation};

pub const FIFO_ORDER: &str = "fifo-order";
pub const CAUSAL_ORDER: &str = "causal-order";
pub const TOTAL_ORDER: &str = "total-order";
pub const INTEGRITY: &str = "integrity";
pub const VALIDITY: &str = "validity";
pub const AGREEMENT: &str = "agreement";

const FIFO_TEXT: &str =
    "If a process multicast m before m', no process delivers m' without having delivered m.";
const CAUSAL_TEXT: &str =
    "If multicast(m) happened before multicast(m'), no process delivers m' without having delivered m.";
const TOTAL_TEXT: &str =
    "If a process delivered m before m', every process that delivers m' has delivered m before it.";
const INTEGRITY_TEXT: &str =
    "Each process delivers a message at most once, and only if it was multicast.";
const VALIDITY_TEXT: &str =
    "Every message a correct process multicasts is eventually delivered by every correct process.";
const AGREEMENT_TEXT: &str =
    "If a correct process delivers a message, every correct process eventually delivers it.";

pub const PROPERTIES: &[PropertyInfo] = &[
    PropertyInfo {
        name: FIFO_ORDER,
        kind: Kind::Safety,
    },
    PropertyInfo {
        name: CAUSAL_ORDER,
        kind: Kind::Safety,
    },
    PropertyInfo {
        name: TOTAL_ORDER,
        kind: Kind::Safety,
    },
    PropertyInfo {
        name: INTEGRITY,
        kind: Kind::Safety,
    },
    PropertyInfo {
        name: VALIDITY,
        kind: Kind::Liveness,
    },
    PropertyInfo {
        name: AGREEMENT,
        kind: Kind::Liveness,
    },
];

/// The set of messages a process delivered so far, as a count and a sum of each id's hash: equal
/// sets give equal signatures, so comparing what two processes delivered before a message is two
/// comparisons, not a walk through both histories.
#[derive(Clone, Copy, Debug, Default, Hash, PartialEq, Eq)]
pub struct Signature {
    count: u32,
    sum: u64,
}

impl Signature {
    pub fn with(self, app: AppId) -> Signature {
        // SplitMix64's finaliser, so that different sets of ids do not add up alike.
        let mut x =
            (u64::from(app.sender) << 32 | u64::from(app.seq)).wrapping_add(0x9e37_79b9_7f4a_7c15);
        x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        Signature {
            count: self.count + 1,
            sum: self.sum.wrapping_add(x ^ (x >> 31)),
        }
    }
}

/// One multicast as the monitor keeps it.
#[derive(Clone, Debug, Hash, PartialEq, Eq)]
struct Multicast {
    /// Its sender's causal knowledge when it was multicast (itself included).
    past: Vec<u32>,
    /// For each process that delivered it, what it had delivered before.
    before: Vec<Option<Signature>>,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq)]
pub struct Monitor {
    /// What each process delivered.
    delivered: Vec<Delivered>,
    /// The signature of each process's deliveries so far.
    signatures: Vec<Signature>,
    /// Each process's causal knowledge: for each sender, how many of its multicasts happened
    /// before the process's present.
    knows: Vec<Vec<u32>>,
    /// Each sender's multicasts, by sequence number (from 1).
    multicasts: Vec<Vec<Multicast>>,
    /// For each process and sender, the first of the sender's messages the process is owed:
    /// a process that joins a group (virtual synchrony) is owed only what is multicast after.
    owed_from: Vec<Vec<u32>>,
    /// The processes outside the group (they left, or were removed): owed nothing.
    outside: Vec<bool>,
    /// For each process, what it delivered and what it is not owed: the messages multicast in a
    /// view it was not in (virtual synchrony; the whole group otherwise). Liveness reads this.
    accounted: Vec<Delivered>,
    /// What each process delivered since it last joined the group: a process that crashed,
    /// recovered and joined again is a new member, and what its earlier life delivered obliges
    /// nobody (agreement reads this).
    since_joined: Vec<Delivered>,
    /// For each pair of processes `(x, y)`, at `x * n + y`: how many of the messages `y`
    /// delivered since it joined `x` is owed and has not accounted for. Agreement searches `y`'s
    /// out-of-order deliveries for one only where this is not zero: a run that loses a message
    /// for good piles them up, and a search at every step would cost more the longer the run.
    unmatched: Vec<u32>,
    /// Which safety properties broke, in the order of [`SAFETY`]; the words are evidence.
    breaches: Breaches<4>,
    /// The last step observed: when a liveness verdict became final, if it did.
    last_step: Evidence<u64>,
}

/// The safety properties, in the order of the monitor's `broken`.
const SAFETY: [&str; 4] = [FIFO_ORDER, CAUSAL_ORDER, TOTAL_ORDER, INTEGRITY];

impl Monitor {
    pub fn new(nodes: NodeId) -> Monitor {
        Monitor {
            delivered: vec![Delivered::new(nodes); nodes as usize],
            signatures: vec![Signature::default(); nodes as usize],
            knows: vec![vec![0; nodes as usize]; nodes as usize],
            multicasts: vec![Vec::new(); nodes as usize],
            owed_from: vec![vec![1; nodes as usize]; nodes as usize],
            outside: vec![false; nodes as usize],
            accounted: vec![Delivered::new(nodes); nodes as usize],
            since_joined: vec![Delivered::new(nodes); nodes as usize],
            unmatched: vec![0; (nodes * nodes) as usize],
            breaches: Breaches::default(),
            last_step: Evidence::none(),
        }
    }

    /// `node` is in the group from now on, owed each member's messages from `starts` on (a start
    /// of 0: not a member). A process that joins from outside is owed nothing a non-member
    /// multicast before.
    pub fn join(&mut self, node: NodeId, starts: &[u32]) {
        let joins = std::mem::replace(&mut self.outside[node as usize], false);
        if joins {
            self.since_joined[node as usize] = Delivered::new(self.outside.len() as NodeId);
        }
        let owed = &mut self.owed_from[node as usize];
        for (sender, start) in starts.iter().enumerate() {
            let start = match *start {
                0 if joins => self.multicasts[sender].len() as u32 + 1,
                start => start,
            };
            owed[sender] = owed[sender].max(start);
        }
        let nodes = self.outside.len() as NodeId;
        for other in 0..nodes {
            self.unmatched[(node * nodes + other) as usize] = self.count_unmatched(node, other);
            self.unmatched[(other * nodes + node) as usize] = self.count_unmatched(other, node);
        }
    }

    /// Whether `node` is owed `app` and has not accounted for it.
    fn lacks(&self, node: NodeId, app: AppId) -> bool {
        app.seq >= self.owed_from[node as usize][app.sender as usize]
            && !self.accounted[node as usize].contains(app)
    }

    /// `unmatched` for the pair `(x, y)`, counted afresh (when a process joins).
    fn count_unmatched(&self, x: NodeId, y: NodeId) -> u32 {
        let theirs = &self.since_joined[y as usize];
        let in_order = (0..self.outside.len() as NodeId).flat_map(|sender| {
            let from = self.accounted[x as usize].prefix()[sender as usize] + 1;
            (from..=theirs.prefix()[sender as usize]).map(move |seq| AppId { sender, seq })
        });
        let count = in_order
            .chain(theirs.beyond().iter().copied())
            .filter(|app| self.lacks(x, *app))
            .count();
        count as u32
    }

    /// `node` accounts for `app`: it delivered it, or is not owed it.
    fn account(&mut self, node: NodeId, app: AppId) {
        if self.accounted[node as usize].contains(app) {
            return;
        }
        let nodes = self.outside.len() as NodeId;
        if self.lacks(node, app) {
            for other in 0..nodes {
                if self.since_joined[other as usize].contains(app) {
                    self.unmatched[(node * nodes + other) as usize] -= 1;
                }
            }
        }
        self.accounted[node as usize].insert(app);
    }

    /// `node` delivered `app` since it joined: every process that lacks it is owed it.
    fn delivered_since_joining(&mut self, node: NodeId, app: AppId) {
        if self.since_joined[node as usize].contains(app) {
            return;
        }
        let nodes = self.outside.len() as NodeId;
        for other in 0..nodes {
            if self.lacks(other, app) {
                self.unmatched[(other * nodes + node) as usize] += 1;
            }
        }
        self.since_joined[node as usize].insert(app);
    }

    /// `node` left the group (or was removed from it): it is owed nothing until it joins again.
    pub fn leave(&mut self, node: NodeId) {
        self.outside[node as usize] = true;
    }

    /// Whether `node` is in the group (outside processes are owed nothing).
    fn inside(&self, node: NodeId) -> bool {
        !self.outside[node as usize]
    }

    /// The first of `sender`'s messages `node` is owed and has not delivered.
    fn first_owed(&self, node: NodeId, sender: NodeId) -> AppId {
        let from = self.owed_from[node as usize][sender as usize];
        self.delivered[node as usize].first_missing_from(sender, from)
    }

    /// The first of `sender`'s messages `node` is owed and has not delivered, for liveness:
    /// what it is not owed counts as accounted for.
    fn first_due(&self, node: NodeId, sender: NodeId) -> AppId {
        let from = self.owed_from[node as usize][sender as usize];
        self.accounted[node as usize].first_missing_from(sender, from)
    }

    fn multicast(&self, app: AppId) -> Option<&Multicast> {
        let index = usize::try_from(app.seq).ok()?.checked_sub(1)?;
        self.multicasts.get(app.sender as usize)?.get(index)
    }

    fn breach(&mut self, property: usize, step: Moment, words: impl FnOnce() -> (String, String)) {
        self.breaches.breach(property, step, words);
    }
}

/// Folds one step: a multicast notes its sender's causal knowledge; each delivery is checked
/// against the order and integrity properties, then joins the process's history.
pub fn observe<P: Protocol>(
    monitor: &mut Monitor,
    step: &Observation<P>,
    multicast: Option<AppId>,
) {
    note_step(monitor, step.moment());
    if let Some(app) = multicast {
        note_multicast(monitor, app, None);
    }
    let Some(node) = step.node else {
        return;
    };
    for delivery in step.delivered {
        deliver(monitor, step.moment(), node, delivery.app);
    }
}

/// Notes the last step observed (the moment a liveness verdict became final, if it did).
pub fn note_step(monitor: &mut Monitor, step: Moment) {
    monitor.last_step = step.evidence(|| step.step);
}

/// Notes a multicast: its sender's causal knowledge becomes the message's past. `audience` is
/// who it is for (`None`: the whole group); the others are not owed it.
pub fn note_multicast(
    monitor: &mut Monitor,
    app: AppId,
    audience: Option<&dyn Fn(NodeId) -> bool>,
) {
    if let Some(audience) = audience {
        for node in 0..monitor.accounted.len() as NodeId {
            if !audience(node) {
                monitor.account(node, app);
            }
        }
    }
    let knows = &mut monitor.knows[app.sender as usize];
    knows[app.sender as usize] = knows[app.sender as usize].max(app.seq);
    let past = knows.clone();
    let nodes = monitor.delivered.len();
    // A sender numbers its multicasts 1, 2, ...: each is the next of its list.
    monitor.multicasts[app.sender as usize].push(Multicast {
        past,
        before: vec![None; nodes],
    });
}

/// Checks one delivery against the order and integrity properties, then adds it to the
/// process's history.
pub fn deliver(monitor: &mut Monitor, step: Moment, node: NodeId, app: AppId) {
    let mine = &monitor.delivered[node as usize];
    // Integrity: once, and only what was multicast.
    let again = mine.contains(app);
    let Some(multicast) = monitor.multicast(app).filter(|_| !again) else {
        monitor.breach(3, step, || {
            (
                format!("node {node} delivered {app} at step {}", step.step),
                match again {
                    true => format!("Node {node} delivered {app} a second time."),
                    false => format!("Node {node} delivered {app}, which nobody multicast."),
                },
            )
        });
        return;
    };
    // FIFO: the sender's earlier messages first.
    let fifo_missing =
        Some(monitor.first_owed(node, app.sender)).filter(|first| first.seq < app.seq);
    // Causal: everything in its causal past first (its sender's earlier messages included).
    let causal_missing = multicast
        .past
        .iter()
        .enumerate()
        .find_map(|(sender, count)| {
            let sender = sender as NodeId;
            let upto = if sender == app.sender {
                app.seq - 1
            } else {
                *count
            };
            Some(monitor.first_owed(node, sender)).filter(|first| first.seq <= upto)
        });
    // Total: the same messages before it as every process that delivered it already.
    let now = monitor.signatures[node as usize];
    let disagreeing = multicast
        .before
        .iter()
        .position(|before| before.is_some_and(|before| before != now))
        .map(|other| other as NodeId);
    let past = multicast.past.clone();
    if let Some(missing) = fifo_missing {
        monitor.breach(0, step, || {
            (
                format!("node {node} delivered {app} before {missing}"),
                format!("Node {node} delivered {app} without having delivered {missing}, which node {} multicast before it.", app.sender),
            )
        });
    }
    if let Some(missing) = causal_missing {
        monitor.breach(1, step, || {
            (
                format!("node {node} delivered {app} before {missing}"),
                format!("Node {node} delivered {app} without having delivered {missing}, which happened before it was multicast."),
            )
        });
    }
    if let Some(other) = disagreeing {
        monitor.breach(2, step, || {
            (
                format!("nodes {other} and {node} delivered different messages before {app}"),
                format!("Node {node} delivered {app} after other messages than node {other} had delivered before it."),
            )
        });
    }
    let index = app.seq as usize - 1;
    monitor.multicasts[app.sender as usize][index].before[node as usize] = Some(now);
    monitor.signatures[node as usize] = now.with(app);
    monitor.delivered[node as usize].insert(app);
    monitor.account(node, app);
    monitor.delivered_since_joining(node, app);
    let knows = &mut monitor.knows[node as usize];
    for (mine, theirs) in knows.iter_mut().zip(past) {
        *mine = (*mine).max(theirs);
    }
}

/// Every property's verdict. `guaranteed` says whether the protocol promises a property under
/// this run's network and faults (a broken promise is the algorithm's fault, unless the run broke
/// an assumption: `assumption` words that, if it did). `settled` says that nothing can deliver
/// another message any more (nothing in flight, and no timer that could start a view change).
pub fn verdicts(
    up: &[bool],
    monitor: &Monitor,
    settled: bool,
    guaranteed: &dyn Fn(&str) -> bool,
    assumption: Option<String>,
) -> Vec<Verdict> {
    let nodes = up.len() as NodeId;
    let is_up = |node: NodeId| up[node as usize];
    // Drops and crashes hold messages up or lose them, but never reorder a delivery: an order
    // or integrity violation is the algorithm's (or, for an order it does not promise, what it
    // lacks), and only validity and agreement can be the broken assumption's doing.
    let blame = |name: &str| match (name, &assumption) {
        (VALIDITY | AGREEMENT, Some(_)) => Blame::Assumption,
        _ => Blame::Algorithm,
    };
    let mut verdicts: Vec<Verdict> = SAFETY
        .iter()
        .zip([FIFO_TEXT, CAUSAL_TEXT, TOTAL_TEXT, INTEGRITY_TEXT])
        .enumerate()
        .map(
            |(index, (name, text))| match monitor.breaches.is_broken(index) {
                false => Verdict::holds(name, Kind::Safety, text, holds_text(name)),
                true => {
                    let violation = monitor
                        .breaches
                        .violation(index, name, blame(name), |what| {
                            explain(what, name, guaranteed, &assumption)
                        });
                    Verdict::violated(name, Kind::Safety, text, violation)
                }
            },
        )
        .collect();
    let correct: Vec<NodeId> = (0..nodes)
        .filter(|node| is_up(*node) && monitor.inside(*node))
        .collect();
    // Validity: every message of a correct sender.
    verdicts.push(liveness(
        up,
        monitor,
        settled,
        (VALIDITY, VALIDITY_TEXT, blame(VALIDITY)),
        |node| {
            (0..nodes)
                .filter(|sender| is_up(*sender) && monitor.inside(*sender))
                .map(|sender| monitor.first_due(node, sender))
                .find(|first| first.seq as usize <= monitor.multicasts[first.sender as usize].len())
        },
    ));
    // Agreement: every message some correct process delivered.
    verdicts.push(liveness(
        up,
        monitor,
        settled,
        (AGREEMENT, AGREEMENT_TEXT, blame(AGREEMENT)),
        |node| {
            let mine = &monitor.accounted[node as usize];
            let owed = &monitor.owed_from[node as usize];
            correct.iter().find_map(|&other| {
                let theirs = &monitor.since_joined[other as usize];
                let gap = (0..nodes)
                    .map(|sender| monitor.first_due(node, sender))
                    .find(|first| theirs.contains(*first));
                let unmatched = monitor.unmatched[(node * nodes + other) as usize];
                gap.or_else(|| {
                    theirs
                        .beyond()
                        .iter()
                        .copied()
                        .take_while(|_| unmatched > 0)
                        .find(|app| app.seq >= owed[app.sender as usize] && !mine.contains(*app))
                })
            })
        },
    ));
    verdicts
}

fn holds_text(name: &str) -> String {
    match name {
        FIFO_ORDER => "Every delivery so far came after the sender's earlier messages.",
        CAUSAL_ORDER => "Every delivery so far came after the messages that happened before it.",
        TOTAL_ORDER => "The processes delivered the messages they share in one order.",
        _ => "No message was delivered twice, and none that nobody multicast.",
    }
    .to_string()
}

/// A violation's words, saying whether the protocol promised the property and, if the run broke
/// one of its assumptions, which.
fn explain(
    what: &str,
    name: &str,
    guaranteed: &dyn Fn(&str) -> bool,
    assumption: &Option<String>,
) -> String {
    match (guaranteed(name), assumption) {
        (true, Some(assumption)) => format!("{what} {assumption}"),
        (true, None) => what.to_string(),
        (false, _) => format!("{what} This protocol does not promise {name}."),
    }
}

/// Validity or agreement: every message owed to every correct process in the group has reached
/// it (holds), may still (pending until the run is `settled`), or cannot any more. `owed` finds,
/// for a correct process, the first message it is owed and lacks.
fn liveness(
    up: &[bool],
    monitor: &Monitor,
    settled: bool,
    (name, text, blame): (&'static str, &'static str, Blame),
    owed: impl Fn(NodeId) -> Option<AppId>,
) -> Verdict {
    let missing = (0..up.len() as NodeId)
        .filter(|node| up[*node as usize] && monitor.inside(*node))
        .find_map(|node| owed(node).map(|app| (app, node)));
    match missing {
        None => Verdict::holds(
            name,
            Kind::Liveness,
            text,
            "Every correct process has delivered every message it is owed.".to_string(),
        ),
        Some((app, node)) if !settled => Verdict::pending(
            name,
            text,
            format!("Node {node} has not delivered {app} yet; messages are still in flight."),
        ),
        Some((app, node)) => Verdict::violated(
            name,
            Kind::Liveness,
            text,
            Violation {
                step: monitor.last_step.get().copied().unwrap_or(0),
                witness: format!("node {node} never delivers {app}"),
                blame,
                explanation: format!(
                    "Nothing is in flight any more, so node {node} can never deliver {app}."
                ),
            },
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The running counts agree with counts made afresh after every step of a long, seeded
    /// jumble of multicasts, deliveries in any order (again, too), audiences, joins and leaves.
    #[test]
    fn unmatched_counts_follow_every_step() {
        let nodes: NodeId = 3;
        let mut monitor = Monitor::new(nodes);
        let mut seed: u64 = 7;
        let mut next = |bound: u64| {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (seed >> 33) % bound
        };
        let step = Moment {
            step: 1,
            explain: true,
        };
        let mut sent = vec![0u32; nodes as usize];
        for _ in 0..3_000 {
            let node = next(u64::from(nodes)) as NodeId;
            match next(10) {
                0..=2 => {
                    sent[node as usize] += 1;
                    let app = AppId {
                        sender: node,
                        seq: sent[node as usize],
                    };
                    let excluded = next(u64::from(nodes) + 1) as NodeId;
                    let audience = move |to: NodeId| to != excluded;
                    note_multicast(&mut monitor, app, Some(&audience));
                }
                3 => monitor.leave(node),
                4 => {
                    let starts: Vec<u32> =
                        sent.iter().map(|s| next(u64::from(s + 2)) as u32).collect();
                    monitor.join(node, &starts);
                }
                _ => {
                    let sender = next(u64::from(nodes)) as NodeId;
                    if sent[sender as usize] > 0 {
                        let seq = 1 + next(u64::from(sent[sender as usize])) as u32;
                        deliver(&mut monitor, step, node, AppId { sender, seq });
                    }
                }
            }
            for x in 0..nodes {
                for y in 0..nodes {
                    assert_eq!(
                        monitor.unmatched[(x * nodes + y) as usize],
                        monitor.count_unmatched(x, y),
                        "pair ({x}, {y})"
                    );
                }
            }
        }
        assert!(monitor.unmatched.iter().any(|count| *count > 0));
    }
}
