//! The history of a run: every node event in the order it happened, and every message ever sent
//! with its fate, kept by the recorder beside the state. Views are built from it; properties are
//! monitors folded step by step (see `monitor.rs`).

use serde::Serialize;

use crate::action::{MessageId, NodeId, TimerId};
use crate::clock::Stamp;
use crate::protocol::AppId;

/// An event's position in the global order, from 0.
pub type EventId = u64;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EventKind {
    /// The node handled a command from the outside world.
    Command {
        label: String,
    },
    Send {
        message: MessageId,
        to: NodeId,
    },
    Receive {
        message: MessageId,
        from: NodeId,
    },
    Crash,
    Recover,
    /// A timer of the node fired.
    Timeout {
        timer: TimerId,
        label: String,
    },
    /// The node handed an application message to its application (a receipt held back is not
    /// one yet).
    Deliver {
        app: AppId,
        text: String,
    },
    /// A protocol in rounds: the node began round `round`, with everything that arrived in the
    /// round before.
    Round {
        round: u32,
    },
}

/// A partition as the history knows it: how the network was split, from which step, and until
/// which step (a heal, or another partition) if it has ended.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PartitionSpan {
    pub groups: Vec<Vec<NodeId>>,
    pub from: u64,
    pub until: Option<u64>,
}

/// One dot on the space-time diagram. What the node's handler recorded during it is kept by the
/// recorder beside it (see [`crate::recorder::Recorder::records`]), so that this type, and the
/// journal that keeps it, do not depend on the protocol.
#[derive(Clone, Debug)]
pub struct Event {
    pub id: EventId,
    /// The step (action index, from 1) that caused the event.
    pub step: u64,
    pub node: NodeId,
    pub kind: EventKind,
    pub stamp: Stamp,
    /// Where the event's records start among every record of the run, and how many it has.
    pub first_record: u64,
    pub record_count: u32,
}

/// What became of a message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fate {
    InFlight,
    Delivered {
        event: EventId,
        step: u64,
    },
    /// The user (or the scheduler) dropped it.
    Dropped {
        step: u64,
    },
    /// It arrived while its receiver was crashed.
    Lost {
        step: u64,
    },
    /// Its sender crashed part-way through the step that sent it, before it left.
    Unsent {
        step: u64,
    },
    /// Its sender, a traitor, withheld it: it never sent it after all.
    Withheld {
        step: u64,
    },
}

impl Fate {
    pub fn describe(&self) -> String {
        match self {
            Fate::InFlight => "in flight".to_string(),
            Fate::Delivered { step, .. } => format!("delivered at step {step}"),
            Fate::Dropped { step } => format!("dropped at step {step}"),
            Fate::Lost { step } => format!("lost at step {step} (its receiver was crashed)"),
            Fate::Unsent { step } => {
                format!("never sent: its sender crashed mid-send at step {step}")
            }
            Fate::Withheld { step } => {
                format!("withheld at step {step} by its sender, a traitor")
            }
        }
    }
}

/// A message as the journal knows it; its payload is kept by the recorder beside it (see
/// [`crate::recorder::Recorder::payload`]).
#[derive(Clone, Debug)]
pub struct Message {
    pub id: MessageId,
    pub from: NodeId,
    pub to: NodeId,
    /// The send event; a duplicate shares its original's.
    pub sent: EventId,
    /// The step at which it entered the network: its send, or the duplication that made it.
    pub step: u64,
    /// The original, when this message is a network duplicate.
    pub copy_of: Option<MessageId>,
    pub fate: Fate,
    /// The step at which its sender, a traitor, last rewrote it (see
    /// [`crate::action::Action::Forge`]).
    pub forged: Option<u64>,
}

/// What became of a timer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimerState {
    Pending,
    Fired {
        event: EventId,
        step: u64,
    },
    /// The node cancelled it, or set it again.
    Cancelled {
        step: u64,
    },
    /// Its node crashed: a crash clears every pending timer.
    Cleared {
        step: u64,
    },
}

impl TimerState {
    pub fn describe(&self) -> String {
        match self {
            TimerState::Pending => "pending".to_string(),
            TimerState::Fired { step, .. } => format!("fired at step {step}"),
            TimerState::Cancelled { step } => format!("cancelled at step {step}"),
            TimerState::Cleared { step } => format!("cleared by a crash at step {step}"),
        }
    }
}

/// A timer as the journal knows it; its name is kept by the recorder beside it (see
/// [`crate::recorder::Recorder::timer_name`]).
#[derive(Clone, Debug)]
pub struct Timer {
    pub id: TimerId,
    pub node: NodeId,
    /// The step at which it was set.
    pub step: u64,
    /// The moment it is due, in the journal's time units (see [`crate::journal::Journal::now`]).
    pub due: u64,
    pub state: TimerState,
}
