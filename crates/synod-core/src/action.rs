//! The closed set of things that can happen in a run.
//!
//! Every source of nondeterminism — a user's gesture, the random scheduler, a replayed share
//! link — is one [`Action`]. A run is fully described by its scenario and its list of actions.

use std::fmt;

use serde::de::{self, MapAccess, Unexpected, Visitor};
use serde::ser::SerializeStruct;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;
use thiserror::Error;

/// A node's index, from 0. `u32` rather than `usize` so that data and hashes match natively and
/// in wasm.
pub type NodeId = u32;

/// A message's id: messages are numbered from 0 in the order they are sent.
pub type MessageId = u64;

/// A timer's id: timers are numbered from 0 in the order they are set.
pub type TimerId = u64;

/// One step of a run. `C` is the protocol's command type; scenarios hold commands as JSON and
/// the world parses them with the protocol's own type.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase", deny_unknown_fields)]
pub enum Action<C> {
    /// The outside world (a client, a user) asks `node` to do something.
    Command { node: NodeId, cmd: C },
    /// The network hands an in-flight message to its receiver.
    Deliver(MessageId),
    /// The network loses an in-flight message.
    Drop(MessageId),
    /// The network delivers a second copy later: the copy gets a fresh id.
    Duplicate(MessageId),
    /// Fail-stop: the node takes no more steps and loses its volatile state; perhaps part-way
    /// through its last step's sends (see [`Crash`]).
    Crash(Crash),
    /// The node restarts from its durable state.
    Recover(NodeId),
    /// Split the nodes into groups; messages between groups wait until healed.
    Partition(Vec<Vec<NodeId>>),
    /// Remove the partition.
    Heal,
    /// A pending timer fires.
    Fire(TimerId),
    /// A protocol that runs in lockstep rounds moves to its next round: every message still in
    /// flight arrives (at a live, reachable receiver), then every live node computes and sends
    /// the next round's messages.
    #[serde(rename = "end-round")]
    EndRound,
    /// A traitor (a Byzantine node) rewrites one of its in-flight messages: it sends `payload`
    /// instead, or nothing when `payload` is `null`. Only a traitor's messages, and only
    /// payloads the protocol lets that sender send (see [`crate::protocol::Protocol::forge`]).
    Forge(Forgery),
}

/// What a traitor puts in place of one of its in-flight messages, written
/// `{"forge": {"id": 5, "payload": ...}}` with the payload as the run's JSON shows messages.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Forgery {
    pub id: MessageId,
    /// The new payload; `null` withholds the message (the traitor never sent it).
    pub payload: Value,
}

impl Forgery {
    /// Whether the traitor withholds the message rather than rewriting it.
    pub fn withholds(&self) -> bool {
        self.payload.is_null()
    }
}

impl<C> Action<C> {
    /// The action without its command, and the command: the journal checks and records the
    /// first without knowing the protocol's command type.
    pub fn split_command(self) -> (Action<()>, Option<C>) {
        match self {
            Action::Command { node, cmd } => (Action::Command { node, cmd: () }, Some(cmd)),
            Action::Deliver(id) => (Action::Deliver(id), None),
            Action::Drop(id) => (Action::Drop(id), None),
            Action::Duplicate(id) => (Action::Duplicate(id), None),
            Action::Crash(crash) => (Action::Crash(crash), None),
            Action::Recover(node) => (Action::Recover(node), None),
            Action::Partition(groups) => (Action::Partition(groups), None),
            Action::Heal => (Action::Heal, None),
            Action::Fire(id) => (Action::Fire(id), None),
            Action::EndRound => (Action::EndRound, None),
            Action::Forge(forgery) => (Action::Forge(forgery), None),
        }
    }

    /// The same action with its command (if any) transformed.
    pub fn map_command<D, E>(self, f: impl FnOnce(C) -> Result<D, E>) -> Result<Action<D>, E> {
        Ok(match self {
            Action::Command { node, cmd } => Action::Command { node, cmd: f(cmd)? },
            Action::Deliver(id) => Action::Deliver(id),
            Action::Drop(id) => Action::Drop(id),
            Action::Duplicate(id) => Action::Duplicate(id),
            Action::Crash(crash) => Action::Crash(crash),
            Action::Recover(node) => Action::Recover(node),
            Action::Partition(groups) => Action::Partition(groups),
            Action::Heal => Action::Heal,
            Action::Fire(id) => Action::Fire(id),
            Action::EndRound => Action::EndRound,
            Action::Forge(forgery) => Action::Forge(forgery),
        })
    }
}

/// A crash, written `{"crash": 2}`, or `{"crash": {"node": 2, "unsent": [5, 6]}}` for a node
/// that dies part-way through the sends of its last step, as a real process dies in its send
/// loop: `unsent` names messages the node sent in the step just before, still in flight, that
/// never leave it. They are within the fault model (a crash), not a network drop.
///
/// Its JSON forms are read and written by hand: serde's derive for "a number or an object"
/// (an untagged enum) buffers its input generically and cost the page several KB.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Crash {
    pub node: NodeId,
    pub unsent: Vec<MessageId>,
}

impl Crash {
    /// A crash between steps: everything the node sent has left it.
    pub fn plain(node: NodeId) -> Crash {
        Crash {
            node,
            unsent: Vec::new(),
        }
    }
}

/// Every way a crash can cut a step's `sends` short: each non-empty set of them, in send order,
/// that never leaves. The random scheduler and the model checker both enumerate these.
pub fn ways_to_cut_short<T: Clone>(sends: &[T]) -> impl Iterator<Item = Vec<T>> + '_ {
    (1..1_u64 << sends.len()).map(move |set| {
        sends
            .iter()
            .enumerate()
            .filter(|(index, _)| set & (1 << index) != 0)
            .map(|(_, send)| send.clone())
            .collect()
    })
}

impl Serialize for Crash {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.unsent.is_empty() {
            return serializer.serialize_u32(self.node);
        }
        let mut fields = serializer.serialize_struct("Crash", 2)?;
        fields.serialize_field("node", &self.node)?;
        fields.serialize_field("unsent", &self.unsent)?;
        fields.end()
    }
}

impl<'de> Deserialize<'de> for Crash {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Crash, D::Error> {
        deserializer.deserialize_any(CrashVisitor)
    }
}

struct CrashVisitor;

impl<'de> Visitor<'de> for CrashVisitor {
    type Value = Crash;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a node id, or {\"node\": N, \"unsent\": [message ids]}")
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Crash, E> {
        NodeId::try_from(value)
            .map(Crash::plain)
            .map_err(|_| E::invalid_value(Unexpected::Unsigned(value), &self))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Crash, A::Error> {
        const FIELDS: &[&str] = &["node", "unsent"];
        let (mut node, mut unsent) = (None, None);
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "node" => node = Some(map.next_value()?),
                "unsent" => unsent = Some(map.next_value()?),
                other => return Err(de::Error::unknown_field(other, FIELDS)),
            }
        }
        Ok(Crash {
            node: node.ok_or_else(|| de::Error::missing_field("node"))?,
            unsent: unsent.ok_or_else(|| de::Error::missing_field("unsent"))?,
        })
    }
}

/// Why the world refused an action. Every variant names what is wrong in words a learner reads.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum ActionError {
    #[error("node {node} does not exist (this run has nodes 0 to {last})")]
    UnknownNode { node: NodeId, last: NodeId },
    #[error("message {0} was never sent")]
    UnknownMessage(MessageId),
    #[error("message {id} is not in flight: it was {fate}")]
    NotInFlight { id: MessageId, fate: String },
    #[error("message {id} waits behind message {head} on the FIFO channel {from}→{to}: deliver {head} first")]
    NotHeadOfChannel {
        id: MessageId,
        head: MessageId,
        from: NodeId,
        to: NodeId,
    },
    #[error("message {id} cannot cross the partition between node {from} and node {to}: heal the network first")]
    AcrossPartition {
        id: MessageId,
        from: NodeId,
        to: NodeId,
    },
    #[error("node {0} is crashed: a crashed node takes no steps")]
    NodeCrashed(NodeId),
    #[error("node {0} is already crashed")]
    AlreadyCrashed(NodeId),
    #[error("message {id} cannot stay unsent in node {node}'s crash: {reason}")]
    NotUnsendable {
        id: MessageId,
        node: NodeId,
        reason: String,
    },
    #[error("node {0} is not crashed, so it cannot recover")]
    NotCrashed(NodeId),
    #[error("bad partition: {0}")]
    BadPartition(String),
    #[error("the network is not partitioned, so there is nothing to heal")]
    NotPartitioned,
    #[error("this protocol does not run in rounds, so there is no round to end")]
    NoRounds,
    #[error("all {0} rounds are over")]
    RoundsOver(u32),
    #[error("timer {0} was never set")]
    UnknownTimer(TimerId),
    #[error("timer {id} is not pending: it was {state}")]
    TimerNotPending { id: TimerId, state: String },
    #[error("under synchronous timing timer {id} fires only once no message is on its way: message {waiting} ({from}→{to}) is still in flight")]
    TimerTooEarly {
        id: TimerId,
        waiting: MessageId,
        from: NodeId,
        to: NodeId,
    },
    #[error("under synchronous timing the timers due soonest fire first: timer {sooner} is due before timer {id}")]
    TimerNotDue { id: TimerId, sooner: TimerId },
    #[error(
        "message {id} is from node {node}, which is loyal: only a traitor's messages can be forged"
    )]
    LoyalSender { id: MessageId, node: NodeId },
    #[error("message {id} is from node {node}, which is crashed: a crashed traitor no longer chooses what its messages say")]
    ForgerCrashed { id: MessageId, node: NodeId },
    #[error("node {node} cannot send that as message {id}: {reason}")]
    Unforgeable {
        id: MessageId,
        node: NodeId,
        reason: String,
    },
    #[error("bad command for node {node}: {reason}")]
    BadCommand { node: NodeId, reason: String },
    #[error("node {node} refused the command: {reason}")]
    CommandRefused { node: NodeId, reason: String },
}
