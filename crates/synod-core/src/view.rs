//! View data: what the UI renders and the CLI prints. These types are a deliberate, versioned
//! contract built from the world, not a dump of internal structs.

use serde::Serialize;

use crate::action::{MessageId, NodeId, TimerId};
use crate::chunked::Chunked;
use crate::form::CommandForm;
use crate::journal::{Journal, Labels};
use crate::network::Network;
use crate::protocol::Protocol;
use crate::state::NodeSlot;
use crate::trace::{Event, EventId, EventKind, Fate, Message, PartitionSpan, Timer, TimerState};
use crate::verdict::Verdict;
use crate::world::World;

/// A labelled value in the node inspector.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Field {
    pub label: String,
    pub value: String,
}

impl Field {
    pub fn new(label: impl Into<String>, value: impl Into<String>) -> Field {
        Field {
            label: label.into(),
            value: value.into(),
        }
    }
}

/// Everything there is to show about a world at one step.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct WorldView {
    pub protocol: &'static str,
    pub step: u64,
    pub network: Network,
    pub partition: Option<Vec<Vec<NodeId>>>,
    /// Every partition of the run so far, the current one last, for the timeline.
    #[serde(skip)]
    pub partitions: Vec<PartitionSpan>,
    pub nodes: Vec<NodeView>,
    /// Every message ever sent, by id.
    pub messages: Chunked<MessageView>,
    /// The kinds of message sent so far, in the order they first appeared: kept as the view
    /// grows, so that the diagram's key need not look through every message at each step.
    #[serde(skip)]
    pub message_kinds: Vec<&'static str>,
    pub events: Chunked<EventView>,
    /// Every timer ever set, by id.
    pub timers: Chunked<TimerView>,
    /// The ids of the messages in flight, ascending: the only messages whose view can change.
    #[serde(skip)]
    pub in_flight_ids: Vec<MessageId>,
    /// The ids of the pending timers, ascending: the only timers whose view can change.
    #[serde(skip)]
    pub pending_ids: Vec<TimerId>,
    pub properties: Vec<Verdict>,
    pub extra: ProtocolView,
    /// A protocol in lockstep rounds: how far its rounds have got.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rounds: Option<RoundsView>,
}

/// Where a protocol in rounds stands: `begun` rounds of `total` have begun (the boundary after
/// round `total`, where nodes conclude, counts as one more).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct RoundsView {
    pub begun: u32,
    pub total: u32,
}

impl RoundsView {
    /// Whether `end-round` is still possible.
    pub fn may_end(&self) -> bool {
        self.begun <= self.total
    }
}

impl WorldView {
    pub fn in_flight(&self) -> impl Iterator<Item = &MessageView> {
        self.in_flight_ids
            .iter()
            .map(|id| &self.messages[*id as usize])
    }

    pub fn pending_timers(&self) -> impl Iterator<Item = &TimerView> {
        self.pending_ids.iter().map(|id| &self.timers[*id as usize])
    }

    /// The view without its nodes, properties and protocol view: the part that later views are
    /// built from (see [`view_since`]), which is what a checkpoint needs to keep.
    pub fn history_only(&self) -> WorldView {
        WorldView {
            protocol: self.protocol,
            step: self.step,
            network: self.network.clone(),
            partition: None,
            partitions: Vec::new(),
            nodes: Vec::new(),
            messages: self.messages.clone(),
            message_kinds: self.message_kinds.clone(),
            events: self.events.clone(),
            timers: self.timers.clone(),
            in_flight_ids: self.in_flight_ids.clone(),
            pending_ids: self.pending_ids.clone(),
            properties: Vec::new(),
            extra: ProtocolView::default(),
            rounds: None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TimerView {
    pub id: TimerId,
    pub node: NodeId,
    pub label: String,
    /// The step at which it was set.
    pub set_at: u64,
    pub state: TimerStateView,
    /// For a pending timer that may not fire now: why not.
    pub blocked: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum TimerStateView {
    Pending,
    Fired { event: EventId, step: u64 },
    Cancelled { step: u64 },
    Cleared { step: u64 },
}

impl From<TimerState> for TimerStateView {
    fn from(state: TimerState) -> TimerStateView {
        match state {
            TimerState::Pending => TimerStateView::Pending,
            TimerState::Fired { event, step } => TimerStateView::Fired { event, step },
            TimerState::Cancelled { step } => TimerStateView::Cancelled { step },
            TimerState::Cleared { step } => TimerStateView::Cleared { step },
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NodeView {
    pub id: NodeId,
    pub crashed: bool,
    /// A traitor: a Byzantine node, whose messages need not follow the protocol.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub traitor: bool,
    #[serde(skip)]
    pub fields: Vec<Field>,
    /// What the user can ask this node to do now (nothing while it is crashed).
    #[serde(skip)]
    pub commands: Vec<CommandForm>,
    /// A protocol in rounds: the node's fields as the current round began (it changes within
    /// the round as messages are delivered one by one).
    #[serde(skip)]
    pub round_start: Option<RoundStartView>,
}

/// A node's state at the start of the current round, with a heading that names the round.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoundStartView {
    pub heading: String,
    pub fields: Vec<Field>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MessageView {
    pub id: MessageId,
    pub from: NodeId,
    pub to: NodeId,
    pub kind: &'static str,
    pub label: String,
    pub sent_event: EventId,
    pub copy_of: Option<MessageId>,
    pub fate: FateView,
    /// For an in-flight message that cannot be delivered now: why not.
    pub blocked: Option<String>,
    /// The step at which its sender, a traitor, last rewrote it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub forged: Option<u64>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum FateView {
    InFlight,
    Delivered {
        event: EventId,
        step: u64,
    },
    Dropped {
        step: u64,
    },
    Lost {
        step: u64,
    },
    /// Never sent: its sender crashed mid-send.
    Unsent {
        step: u64,
    },
    /// Never sent: its sender, a traitor, withheld it.
    Withheld {
        step: u64,
    },
}

impl From<Fate> for FateView {
    fn from(fate: Fate) -> FateView {
        match fate {
            Fate::InFlight => FateView::InFlight,
            Fate::Delivered { event, step } => FateView::Delivered { event, step },
            Fate::Dropped { step } => FateView::Dropped { step },
            Fate::Lost { step } => FateView::Lost { step },
            Fate::Unsent { step } => FateView::Unsent { step },
            Fate::Withheld { step } => FateView::Withheld { step },
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EventView {
    pub id: EventId,
    pub step: u64,
    pub node: NodeId,
    #[serde(flatten)]
    pub kind: EventKindView,
    pub lamport: u64,
    pub vector: Vec<u64>,
    pub notes: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum EventKindView {
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
    Timeout {
        timer: TimerId,
        label: String,
    },
    /// An application message delivered to the node's application: `app` is its id, such as
    /// `"1:3"`.
    Deliver {
        app: String,
        text: String,
    },
    /// A protocol in rounds: the node began round `round`.
    Round {
        round: u32,
    },
}

impl From<&EventKind> for EventKindView {
    fn from(kind: &EventKind) -> EventKindView {
        match kind {
            EventKind::Command { label } => EventKindView::Command {
                label: label.clone(),
            },
            EventKind::Send { message, to } => EventKindView::Send {
                message: *message,
                to: *to,
            },
            EventKind::Receive { message, from } => EventKindView::Receive {
                message: *message,
                from: *from,
            },
            EventKind::Crash => EventKindView::Crash,
            EventKind::Recover => EventKindView::Recover,
            EventKind::Timeout { timer, label } => EventKindView::Timeout {
                timer: *timer,
                label: label.clone(),
            },
            EventKind::Deliver { app, text } => EventKindView::Deliver {
                app: app.to_string(),
                text: text.clone(),
            },
            EventKind::Round { round } => EventKindView::Round { round: *round },
        }
    }
}

/// What a protocol adds to the generic view: cuts drawn across the diagram, tables shown beside
/// it, and extra top-level fields of the CLI's JSON report.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ProtocolView {
    pub cuts: Vec<CutView>,
    pub tables: Vec<TableView>,
    /// Stretches of a node's line drawn as bands (virtual synchrony's views, a failure
    /// detector's suspect lists).
    pub bands: Vec<BandView>,
    /// Moments the protocol points out, drawn across the diagram at their step (Paxos's point
    /// of no return, where a value became chosen though no process knew it yet).
    pub marks: Vec<MarkView>,
    /// Trees that belong to one node each (a Byzantine lieutenant's EIG tree): the inspector
    /// shows those of the node it shows.
    pub trees: Vec<TreeView>,
}

/// A tree a protocol shows for one node, its rows in depth-first order, each indented by its
/// depth (0: the root).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct TreeView {
    pub node: NodeId,
    pub title: String,
    pub columns: Vec<String>,
    pub rows: Vec<TreeRow>,
    /// One paragraph under the tree: how to read it.
    pub note: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TreeRow {
    pub depth: u32,
    /// One cell per column; the first is the one indented.
    pub cells: Vec<String>,
}

/// A moment of the run worth pointing at: a line across every node's line at `step`, a short
/// `label` drawn beside it, the whole sentence as its `detail`, and the events that made it so
/// ringed (Paxos: the acceptances that formed the chosen quorum).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MarkView {
    pub step: u64,
    pub label: String,
    pub detail: String,
    pub events: Vec<EventId>,
}

/// A stretch of one node's line: from just after event `from` (the start when `None`) to event
/// `to` (the end of the run when `None`), labelled, and numbered so that successive bands differ.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BandView {
    pub node: NodeId,
    pub from: Option<EventId>,
    pub to: Option<EventId>,
    pub number: u32,
    pub label: String,
    /// The label read out, as the band's tooltip and ARIA label ("Node 2 in view 1 {0,2}").
    pub title: String,
    /// What a band is, for the diagram's key ("view", "suspect list").
    pub legend: &'static str,
}

/// A cut: for each node, the event just after which the cut line crosses its line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CutView {
    pub label: String,
    /// One entry per node; `None` where the node has not reached the cut yet.
    pub points: Vec<Option<EventId>>,
    pub complete: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TableView {
    pub title: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// A closing line under the table, such as a total.
    pub note: String,
}

/// The view of a world at its current step.
pub fn world_view<P: Protocol>(world: &World<P>) -> WorldView {
    view_since(world, None)
}

/// The view of a world, built from `previous`, the view of an earlier step of the same run:
/// events, messages and timers seen there are kept, and only what changed since is built (the
/// fates of messages then in flight, the states of timers then pending), so that a step costs
/// the same at step 10 and at step 100,000.
///
/// Only the nodes, the verdicts and the protocol's own views are built here, per protocol; the
/// rest is [`history_view`], written once.
pub fn view_since<P: Protocol>(world: &World<P>, previous: Option<&WorldView>) -> WorldView {
    let protocol = world.protocol();
    let nodes = (0..world.node_count())
        .map(|id| node_view(world, id))
        .collect();
    let own = OwnViews {
        protocol: protocol.name(),
        nodes,
        properties: world.verdicts(),
        extra: protocol.protocol_view(world),
        rounds: protocol.rounds().map(|total| RoundsView {
            begun: world.state().round(),
            total,
        }),
    };
    let labels = world.history().labels(protocol);
    history_view(
        world.journal(),
        world.network(),
        world.step(),
        &labels,
        own,
        previous,
    )
}

/// What a protocol's own code contributes to a view.
struct OwnViews {
    protocol: &'static str,
    nodes: Vec<NodeView>,
    properties: Vec<Verdict>,
    extra: ProtocolView,
    rounds: Option<RoundsView>,
}

fn history_view(
    journal: &Journal,
    network: &Network,
    step: u64,
    labels: &dyn Labels,
    own: OwnViews,
    previous: Option<&WorldView>,
) -> WorldView {
    let mut events = previous.map(|v| v.events.clone()).unwrap_or_default();
    events.extend(
        journal
            .events()
            .range(events.len()..journal.events().len())
            .map(|e| event_view(labels, e)),
    );
    let mut messages = previous.map(|v| v.messages.clone()).unwrap_or_default();
    let mut message_kinds = previous
        .map(|v| v.message_kinds.clone())
        .unwrap_or_default();
    for id in previous.iter().flat_map(|v| &v.in_flight_ids) {
        let view = messages.get_mut(*id as usize).expect("a viewed message");
        let message = &journal.messages()[*id as usize];
        if view.forged != message.forged {
            // A traitor rewrote it: its label and kind are new.
            *view = message_view(journal, network, labels, message);
            if !message_kinds.contains(&view.kind) {
                message_kinds.push(view.kind);
            }
        }
        view.fate = message.fate.into();
        view.blocked = message_blocked(journal, network, message);
    }
    let seen = messages.len();
    messages.extend(
        journal
            .messages()
            .range(seen..journal.messages().len())
            .map(|m| message_view(journal, network, labels, m)),
    );
    for message in messages.range(seen..messages.len()) {
        if !message_kinds.contains(&message.kind) {
            message_kinds.push(message.kind);
        }
    }
    let mut timers = previous.map(|v| v.timers.clone()).unwrap_or_default();
    for id in previous.iter().flat_map(|v| &v.pending_ids) {
        let view = timers.get_mut(*id as usize).expect("a viewed timer");
        let timer = &journal.timers()[*id as usize];
        view.state = timer.state.into();
        view.blocked = timer_blocked(journal, network, timer);
    }
    let seen = timers.len();
    timers.extend(
        journal
            .timers()
            .range(seen..journal.timers().len())
            .map(|t| timer_view(journal, network, labels, t)),
    );
    WorldView {
        protocol: own.protocol,
        step,
        network: network.clone(),
        partition: journal.partition().map(<[_]>::to_vec),
        partitions: journal.partitions().to_vec(),
        nodes: own.nodes,
        messages,
        message_kinds,
        events,
        timers,
        in_flight_ids: journal.in_flight(),
        pending_ids: journal.pending(),
        properties: own.properties,
        extra: with_round_marks(own.extra, own.rounds, journal.round_steps()),
        rounds: own.rounds,
    }
}

/// A protocol in rounds has each round's start marked across the diagram with its number, so
/// that the run reads as numbered rounds.
fn with_round_marks(
    mut extra: ProtocolView,
    rounds: Option<RoundsView>,
    steps: &[u64],
) -> ProtocolView {
    let Some(rounds) = rounds else {
        return extra;
    };
    for (round, step) in (1..).zip(steps) {
        let (label, detail) = if round == 1 {
            (
                "round 1".to_string(),
                "Round 1 begins: every live process sends its round-1 messages.".to_string(),
            )
        } else if round <= rounds.total {
            (
                format!("round {round}"),
                format!("Round {round} begins: every message of round {} that could arrive has arrived, and every live process has sent its round-{round} messages.", round - 1),
            )
        } else {
            (
                "rounds over".to_string(),
                format!(
                    "All {} round(s) are over: every live process concludes with what it has.",
                    rounds.total
                ),
            )
        };
        extra.marks.push(MarkView {
            step: *step,
            label,
            detail,
            events: Vec::new(),
        });
    }
    extra
}

fn node_view<P: Protocol>(world: &World<P>, id: NodeId) -> NodeView {
    let protocol = world.protocol();
    match world.slot(id) {
        NodeSlot::Up(state) => NodeView {
            id,
            crashed: false,
            traitor: protocol.traitor(id),
            fields: protocol.inspect(state),
            commands: protocol.command_forms(state),
            round_start: round_start(world, id),
        },
        NodeSlot::Down(durable) => NodeView {
            id,
            crashed: true,
            traitor: protocol.traitor(id),
            fields: protocol.inspect_durable(durable),
            commands: Vec::new(),
            round_start: None,
        },
    }
}

/// The node's fields as the current round began, for a protocol in rounds once one has begun.
fn round_start<P: Protocol>(world: &World<P>, id: NodeId) -> Option<RoundStartView> {
    let total = world.protocol().rounds()?;
    let fields = world.history().round_fields(id)?.to_vec();
    let heading = match world.state().round() {
        round if round > total => "As the rounds ended".to_string(),
        round => format!("At the start of round {round}"),
    };
    Some(RoundStartView { heading, fields })
}

fn message_view(
    journal: &Journal,
    network: &Network,
    labels: &dyn Labels,
    m: &Message,
) -> MessageView {
    MessageView {
        id: m.id,
        from: m.from,
        to: m.to,
        kind: labels.message_kind(m.id),
        label: labels.message_label(m.id),
        sent_event: m.sent,
        copy_of: m.copy_of,
        fate: m.fate.into(),
        blocked: message_blocked(journal, network, m),
        forged: m.forged,
    }
}

/// For an in-flight message that cannot be delivered now: why not.
fn message_blocked(journal: &Journal, network: &Network, m: &Message) -> Option<String> {
    match m.fate {
        Fate::InFlight => journal
            .check_deliverable(network, m.id)
            .err()
            .map(|e| e.to_string()),
        _ => None,
    }
}

fn timer_view(journal: &Journal, network: &Network, labels: &dyn Labels, t: &Timer) -> TimerView {
    TimerView {
        id: t.id,
        node: t.node,
        label: labels.timer_label(t.id),
        set_at: t.step,
        state: t.state.into(),
        blocked: timer_blocked(journal, network, t),
    }
}

/// For a pending timer that may not fire now: why not.
fn timer_blocked(journal: &Journal, network: &Network, t: &Timer) -> Option<String> {
    match t.state {
        TimerState::Pending => journal
            .check_fireable(network, t.id)
            .err()
            .map(|e| e.to_string()),
        _ => None,
    }
}

/// One event as the diagram shows it, with the protocol's note on each of its records.
pub fn event_view(labels: &dyn Labels, event: &Event) -> EventView {
    EventView {
        id: event.id,
        step: event.step,
        node: event.node,
        kind: (&event.kind).into(),
        lamport: event.stamp.lamport,
        vector: event.stamp.vector.clone(),
        notes: labels.notes(event),
    }
}
