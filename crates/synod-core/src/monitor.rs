//! What properties are folded from: one [`Observation`] per step, and [`Evidence`] that explains
//! a verdict without being part of the state.
//!
//! A property's monitor is small hashable state inside [`crate::state::State`], updated once per
//! step, so a verdict costs the same at step 10 and at step 100,000. Two kinds of facts go into a
//! monitor: those that decide a verdict's future (a snapshot's recorded balances, whether anyone
//! committed) are plain fields; those that only explain it (the step, the message id, the words
//! of a witness) are [`Evidence`], which hashing and equality ignore, so that two interleavings
//! reaching the same situation stay the same state for the model checker.

use std::hash::{Hash, Hasher};

use crate::action::{MessageId, NodeId, TimerId};
use crate::network::Network;
use crate::protocol::Protocol;
use crate::state::{Delivery, Move, Parcel};
use crate::verdict::{Blame, Violation};

/// A fact kept only to explain a verdict: hashing and equality ignore it, and the model checker,
/// which needs no explanations, never fills it in. Boxed, so that the empty evidence of every
/// state the checker holds in its queue costs a pointer, not the fact's size.
#[derive(Clone, Debug)]
pub struct Evidence<T>(Option<Box<T>>);

impl<T> Default for Evidence<T> {
    fn default() -> Evidence<T> {
        Evidence(None)
    }
}

impl<T> Evidence<T> {
    /// Nothing recorded (always so while exploring).
    pub fn none() -> Evidence<T> {
        Evidence(None)
    }

    pub fn get(&self) -> Option<&T> {
        self.0.as_deref()
    }

    pub fn get_mut(&mut self) -> Option<&mut T> {
        self.0.as_deref_mut()
    }
}

impl<T> Hash for Evidence<T> {
    fn hash<H: Hasher>(&self, _: &mut H) {}
}

impl<T> PartialEq for Evidence<T> {
    fn eq(&self, _: &Evidence<T>) -> bool {
        true
    }
}

impl<T> Eq for Evidence<T> {}

/// A message as blame words name it.
#[derive(Clone, Debug)]
pub struct MessageFact {
    pub id: MessageId,
    pub from: NodeId,
    pub to: NodeId,
    /// The protocol's label, such as `"$30"` or `"prepare"`.
    pub label: String,
}

/// How the network broke its promise about one message.
#[derive(Clone, Debug)]
pub enum Tampering {
    Dropped,
    /// It arrived at a crashed receiver.
    Lost,
    /// The network made a second copy.
    Duplicated,
    /// Its sender crashed part-way through the step that sent it, before it left.
    Unsent,
}

/// A timer that fired while a message was still on its way to its receiver, which was up.
#[derive(Clone, Debug)]
pub struct EarlyTimeout {
    pub step: u64,
    pub node: NodeId,
    pub timer: TimerId,
    /// The protocol's label of the timer, such as `"decision timeout"`.
    pub label: String,
    pub waiting: MessageFact,
}

/// What the run broke of the network's promises, as facts for blame: the first of each kind,
/// written by the simulator when it happens (never reconstructed from the history). Hashing and
/// equality ignore it: it explains verdicts and decides none.
#[derive(Clone, Debug, Default, Hash, PartialEq, Eq)]
pub struct Assumptions {
    /// The first message dropped, and the step.
    pub dropped: Evidence<(MessageFact, u64)>,
    /// The first message dropped, lost at a crashed receiver, or duplicated, and the step.
    pub tampered: Evidence<(MessageFact, Tampering, u64)>,
    /// The first timer that fired while a message was on its way to a receiver that was up
    /// (held by a partition or not).
    pub early_timeout: Evidence<EarlyTimeout>,
}

impl<T> Evidence<T> {
    /// Keeps `fact` unless something is kept already (the first of its kind explains).
    pub fn keep_first(&mut self, fact: impl FnOnce() -> T) {
        if self.0.is_none() {
            self.0 = Some(Box::new(fact()));
        }
    }
}

/// A message one step sent, with the id the simulator gave it (0 while exploring).
#[derive(Clone, Debug)]
pub struct Sent<M> {
    pub to: NodeId,
    pub msg: M,
    pub id: MessageId,
}

/// One step as the monitors see it.
#[derive(Debug)]
pub struct Observation<'a, P: Protocol> {
    /// What the world did.
    pub what: &'a Move<P>,
    /// The node whose handler ran (or that crashed or recovered), if any.
    pub node: Option<NodeId>,
    /// What that handler recorded.
    pub records: &'a [P::Record],
    /// What that handler sent, in order, with the tags the protocol gave them.
    pub sends: &'a [Sent<Parcel<P>>],
    /// What that handler delivered to its application, in order.
    pub delivered: &'a [Delivery],
    /// The delivered message arrived at a crashed node and was lost.
    pub lost: bool,
    pub network: &'a Network,
    /// What the run has broken of the network's promises so far, this step included.
    pub assumptions: &'a Assumptions,
    /// The ids below, and every [`Evidence`], are kept only when this is set: the page, the CLI
    /// and the tests explain verdicts, the model checker does not.
    pub explain: bool,
    /// The step's number, from 1.
    pub step: u64,
    /// The message delivered, dropped or duplicated (for a duplicate: the original).
    pub message: MessageId,
}

impl<P: Protocol> Observation<'_, P> {
    /// Evidence made by `make`, when evidence is kept.
    pub fn evidence<T>(&self, make: impl FnOnce() -> T) -> Evidence<T> {
        Evidence(self.explain.then(|| Box::new(make())))
    }

    /// The step's number and whether evidence is kept: what a monitor shared by several
    /// protocols needs of an observation, so that its code is compiled once, not per protocol.
    pub fn moment(&self) -> Moment {
        Moment {
            step: self.step,
            explain: self.explain,
        }
    }
}

/// When a step happened, and whether its evidence is kept (see [`Observation::moment`]).
#[derive(Clone, Copy, Debug)]
pub struct Moment {
    pub step: u64,
    pub explain: bool,
}

impl Moment {
    /// Evidence made by `make`, when evidence is kept.
    pub fn evidence<T>(&self, make: impl FnOnce() -> T) -> Evidence<T> {
        Evidence(self.explain.then(|| Box::new(make())))
    }
}

/// Where a safety property first broke, and the words for it.
#[derive(Clone, Debug)]
pub struct Breach {
    pub step: u64,
    pub witness: String,
    pub explanation: String,
}

/// The first breach of each of a monitor's `N` safety properties: whether one happened decides
/// the verdict (plain state, hashed); where and the words only explain it (evidence).
#[derive(Clone, Debug, Hash, PartialEq, Eq)]
pub struct Breaches<const N: usize> {
    broken: [bool; N],
    first: [Evidence<Breach>; N],
}

impl<const N: usize> Default for Breaches<N> {
    fn default() -> Breaches<N> {
        Breaches {
            broken: [false; N],
            first: std::array::from_fn(|_| Evidence::none()),
        }
    }
}

impl<const N: usize> Breaches<N> {
    /// Notes that `property` broke at `at`, unless it broke before; `words` gives the witness
    /// and the explanation, asked for only when evidence is kept.
    pub fn breach(
        &mut self,
        property: usize,
        at: Moment,
        words: impl FnOnce() -> (String, String),
    ) {
        if self.broken[property] {
            return;
        }
        self.broken[property] = true;
        self.first[property] = at.evidence(|| {
            let (witness, explanation) = words();
            Breach {
                step: at.step,
                witness,
                explanation,
            }
        });
    }

    pub fn is_broken(&self, property: usize) -> bool {
        self.broken[property]
    }

    /// The violation of `property` (`name`), its explanation made by `words` from what the
    /// breach said (or a plain "was violated" where no evidence was kept).
    pub fn violation(
        &self,
        property: usize,
        name: &str,
        blame: Blame,
        words: impl FnOnce(&str) -> String,
    ) -> Violation {
        let breach = self.first[property].get();
        Violation {
            step: breach.map_or(0, |b| b.step),
            witness: breach.map_or_else(String::new, |b| b.witness.clone()),
            blame,
            explanation: breach.map_or_else(
                || format!("{name} was violated."),
                |b| words(&b.explanation),
            ),
        }
    }
}
