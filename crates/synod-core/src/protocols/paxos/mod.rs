//! Single-decree Paxos (Lamport, "The Part-Time Parliament", 1998, and "Paxos Made Simple",
//! 2001): processes agree on one of the values proposers propose, safely under any timing, loss,
//! duplication, and crashes with recovery from stable storage.
//!
//! Every node is an acceptor and a learner; the `proposers` propose too.
//! - **Phase 1a, prepare (Collect).** A proposer's `propose` command, or its retry timer, starts
//!   a ballot (round, node id) higher than any it has heard of, and sends prepare to every
//!   acceptor.
//! - **Phase 1b, promise (Last).** An acceptor promises a ballot higher than any it promised and
//!   answers with its last accepted (ballot, value), if any; otherwise it refuses, naming the
//!   higher ballot, and the proposer is pre-empted (its retry timer starts a higher ballot).
//! - **Phase 2a, accept (Begin).** With promises from a majority, the proposer proposes the
//!   value of the highest-ballot proposal they reported, or its own if they reported none.
//! - **Phase 2b, accepted (Accept).** An acceptor accepts unless it promised a higher ballot.
//! - **Phase 3, decide (Success).** With acceptances from a majority for its ballot the proposer
//!   decides and tells everyone.
//!
//! A value is *chosen* the moment a majority of acceptors has accepted it in one ballot, before
//! anyone knows: any later ballot's promise quorum meets that majority, so it learns the value
//! and proposes it again. Acceptors keep their promise and last acceptance on stable storage,
//! proposers their last ballot, learners the decision.
//!
//! Two proposers can pre-empt each other forever (each retry refuses the other's ballot): Paxos
//! never decides wrongly, but cannot promise to decide, as FLP says no asynchronous algorithm
//! can.

pub mod ballot;
mod history;
mod node;
pub mod properties;
mod views;

use serde::{Deserialize, Serialize};
use serde_json::{json, Value as Json};

use self::ballot::Ballot;
use self::history::History;
use self::node::{learn, Durable, Node, Phase, Proposer};
use self::properties::Monitor;
use crate::action::NodeId;
use crate::budget::Budgets;
use crate::form::{default_text, CommandForm, Setting, SettingKind};
use crate::monitor::Observation;
use crate::network::{Channels, Network, Timing};
use crate::protocol::{Out, PropertyInfo, Protocol, VariantInfo};
use crate::state::State;
use crate::trace::Event;
use crate::verdict::Verdict;
use crate::view::{Field, ProtocolView};
use crate::world::World;

/// A value, as the index of its text among the distinct values the proposers hold: small and
/// hashable in the state; its text is the protocol's to show.
pub type Value = u8;

const MIN_NODES: u32 = 3;
const MAX_NODES: u32 = 7;
const MAX_VALUE_LEN: usize = 12;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Variant {
    #[default]
    Correct,
    /// Flawed: a proposer proposes its own value whatever the promises report.
    IgnorePromises,
    /// Flawed: an acceptor forgets its promise when it recovers.
    ForgetfulAcceptor,
    /// Flawed: quorums of ⌊n/2⌋ acceptors, which two minorities can form apart.
    MinorityQuorum,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    #[serde(default = "default_nodes")]
    pub nodes: NodeId,
    /// The nodes that may propose; `[0, 1]` when left out.
    #[serde(default)]
    pub proposers: Option<Vec<NodeId>>,
    /// One value per proposer, in the order of `proposers`; `"A"`, `"B"`, ... when left out.
    #[serde(default)]
    pub values: Option<Vec<String>>,
    #[serde(default)]
    pub variant: Variant,
}

fn default_nodes() -> NodeId {
    3
}

#[derive(Clone, Debug)]
pub struct Paxos {
    nodes: NodeId,
    /// Each proposer's node and value, ascending by node.
    proposers: Vec<(NodeId, Value)>,
    /// The distinct values' texts, by [`Value`].
    texts: Vec<String>,
    variant: Variant,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, PartialOrd, Ord)]
pub enum Msg {
    Prepare {
        ballot: Ballot,
    },
    Promise {
        ballot: Ballot,
        last: Option<(Ballot, Value)>,
    },
    Accept {
        ballot: Ballot,
        value: Value,
    },
    Accepted {
        ballot: Ballot,
        value: Value,
    },
    /// The acceptor had promised a higher ballot.
    Refuse {
        ballot: Ballot,
        promised: Ballot,
    },
    Decide {
        value: Value,
    },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase", deny_unknown_fields)]
pub enum Cmd {
    /// A proposer starts its first ballot.
    Propose,
}

#[derive(Clone, Copy, Debug, Hash, PartialEq, Eq, PartialOrd, Ord)]
pub enum Timer {
    /// A proposer gives up on its ballot and starts a higher one.
    Retry,
}

/// What nodes write into the trace, for the properties and the views.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Record {
    /// A proposer started `ballot`, with `value` its own.
    Began {
        ballot: Ballot,
        value: Value,
    },
    /// An acceptor promised `ballot`.
    Promised {
        ballot: Ballot,
    },
    /// A proposer with promises from `quorum` (one bit each) proposes `value`: the value of the
    /// proposal accepted in `reported`, or its own when none was reported.
    Proposed {
        ballot: Ballot,
        value: Value,
        quorum: u32,
        reported: Option<Ballot>,
    },
    /// An acceptor accepted (`ballot`, `value`).
    Accepted {
        ballot: Ballot,
        value: Value,
    },
    /// A proposer's ballot was refused for a higher one.
    Preempted {
        ballot: Ballot,
        by: Ballot,
    },
    Decided {
        value: Value,
    },
    /// An acceptor recovered with this promise from its disk.
    Recovered {
        promised: Option<Ballot>,
    },
}

impl Protocol for Paxos {
    type Params = Params;
    type Node = Node;
    type Durable = Durable;
    type Msg = Msg;
    type Cmd = Cmd;
    type Record = Record;
    type Timer = Timer;
    type Monitor = Monitor;
    type Tag = ();
    type Chronicle = History;

    const NAME: &'static str = "paxos";
    const SUMMARY: &'static str = "Agree on one proposed value despite crashes, loss and any timing: ballots, promises from a majority, and a value chosen the moment a majority accepts it. Rival proposers can keep each other from ever deciding.";
    const VARIANTS: &'static [VariantInfo] = &[
        VariantInfo {
            name: "correct",
            summary: "Single-decree Paxos as in Lamport's Part-Time Parliament and Paxos Made Simple.",
            flawed: false,
        },
        VariantInfo {
            name: "ignore-promises",
            summary: "Flawed: a proposer proposes its own value even when a promise reports an accepted one, so a later ballot can choose another value.",
            flawed: true,
        },
        VariantInfo {
            name: "forgetful-acceptor",
            summary: "Flawed: an acceptor forgets its promise when it recovers from a crash, and accepts a ballot it promised to refuse.",
            flawed: true,
        },
        VariantInfo {
            name: "minority-quorum",
            summary: "Flawed: quorums of ⌊n/2⌋ acceptors; two minorities need not meet, so each can decide.",
            flawed: true,
        },
    ];
    const SETTINGS: &'static [Setting] = &[
        Setting {
            key: "nodes",
            label: "Nodes (each an acceptor and a learner)",
            kind: SettingKind::Count {
                min: MIN_NODES as u64,
                max: MAX_NODES as u64,
                default: 3,
            },
        },
        Setting {
            key: "proposers",
            label: "Proposers",
            kind: SettingKind::NodeSet {
                of: "nodes",
                min: 1,
                default: &[0, 1],
            },
        },
        Setting {
            key: "values",
            label: "Values proposed",
            kind: SettingKind::Texts {
                of: "proposers",
                max: MAX_VALUE_LEN as u64,
            },
        },
    ];
    const PROPERTIES: &'static [PropertyInfo] = properties::PROPERTIES;

    fn new(params: Params) -> Result<Paxos, String> {
        let nodes = params.nodes;
        if !(MIN_NODES..=MAX_NODES).contains(&nodes) {
            return Err(format!(
                "nodes must be between {MIN_NODES} and {MAX_NODES}, not {nodes}"
            ));
        }
        let ids = params.proposers.unwrap_or_else(|| vec![0, 1]);
        if ids.is_empty() {
            return Err("proposers must name at least one node".to_string());
        }
        let values = params
            .values
            .unwrap_or_else(|| (0..ids.len()).map(default_text).collect());
        if values.len() != ids.len() {
            return Err(format!(
                "values has {} entries but there are {} proposers",
                values.len(),
                ids.len()
            ));
        }
        let mut texts: Vec<String> = Vec::new();
        let mut proposers = Vec::new();
        for (id, text) in ids.iter().zip(&values) {
            if *id >= nodes {
                return Err(format!(
                    "proposer {id} is not a node (nodes are 0 to {})",
                    nodes - 1
                ));
            }
            if proposers.iter().any(|(p, _)| p == id) {
                return Err(format!("proposer {id} is listed twice"));
            }
            let text = text.trim();
            if text.is_empty() || text.chars().count() > MAX_VALUE_LEN {
                return Err(format!(
                    "proposer {id}'s value must be 1 to {MAX_VALUE_LEN} characters, not {text:?}"
                ));
            }
            let value = match texts.iter().position(|t| t == text) {
                Some(index) => index,
                None => {
                    texts.push(text.to_string());
                    texts.len() - 1
                }
            };
            proposers.push((*id, value as Value));
        }
        proposers.sort();
        Ok(Paxos {
            nodes,
            proposers,
            texts,
            variant: params.variant,
        })
    }

    fn node_count(&self) -> NodeId {
        self.nodes
    }

    /// Paxos assumes nothing of the network: messages may be reordered, lost or duplicated, and
    /// a retry may come at any time.
    fn default_network(&self) -> Network {
        Network {
            channels: Channels::Unordered,
            timing: Timing::Async,
        }
    }

    fn init(&self, id: NodeId) -> Node {
        Node {
            id,
            acceptor: Default::default(),
            decided: None,
            proposer: self.value_of(id).map(|value| Proposer {
                value,
                last_tried: 0,
                seen: 0,
                phase: Phase::Idle,
            }),
        }
    }

    fn durable(&self, node: &Node) -> Durable {
        node.durable()
    }

    /// Rebuilds the acceptor, the learner's decision and the proposer's last ballot from disk.
    fn recover(&self, id: NodeId, durable: Durable, out: &mut Out<Self>) -> Node {
        let mut acceptor = durable.acceptor;
        if self.variant == Variant::ForgetfulAcceptor {
            acceptor.promised = None;
        }
        out.record(Record::Recovered {
            promised: acceptor.promised,
        });
        let mut node = self.init(id);
        node.acceptor = acceptor;
        node.decided = durable.decided;
        let round_seen = acceptor.round_seen();
        if let Some(proposer) = node.proposer.as_mut() {
            proposer.last_tried = durable.last_tried.unwrap_or(0);
            proposer.seen = proposer.last_tried.max(round_seen);
            if durable.decided.is_some() {
                proposer.phase = Phase::Done;
            }
        }
        node
    }

    fn on_message(&self, node: &mut Node, out: &mut Out<Self>, from: NodeId, msg: Msg) {
        match msg {
            Msg::Prepare { ballot } => self.on_prepare(node, out, from, ballot),
            Msg::Promise { ballot, last } => self.on_promise(node, out, from, ballot, last),
            Msg::Accept { ballot, value } => self.on_accept(node, out, from, ballot, value),
            Msg::Accepted { ballot, .. } => self.on_accepted(node, out, from, ballot),
            Msg::Refuse { ballot, promised } => self.on_refuse(node, out, ballot, promised),
            Msg::Decide { value } => learn(node, out, value),
        }
    }

    fn on_timer(&self, node: &mut Node, out: &mut Out<Self>, timer: Timer) {
        let Timer::Retry = timer;
        if node.decided.is_none() {
            self.start_ballot(node, out);
        }
    }

    fn on_command(&self, node: &mut Node, out: &mut Out<Self>, cmd: Cmd) -> Result<(), String> {
        let Cmd::Propose = cmd;
        let Some(proposer) = &node.proposer else {
            return Err(format!(
                "node {} is not a proposer (the params name {})",
                node.id,
                self.proposer_list()
            ));
        };
        if node.decided.is_some() {
            return Err(format!("node {} already knows the decision", node.id));
        }
        if let Some(ballot) = node.ballot() {
            return Err(format!(
                "node {} is already proposing (ballot {ballot}); its retry timer starts a higher ballot",
                node.id
            ));
        }
        debug_assert_eq!(proposer.phase, Phase::Idle);
        self.start_ballot(node, out);
        Ok(())
    }

    fn commands(&self, node: &Node) -> Vec<Cmd> {
        match &node.proposer {
            Some(proposer) if proposer.phase == Phase::Idle && node.decided.is_none() => {
                vec![Cmd::Propose]
            }
            _ => Vec::new(),
        }
    }

    /// Each proposer proposes once; retries come from its timer.
    fn default_command_budget(&self) -> u32 {
        self.proposers.len() as u32
    }

    /// Each retry starts a higher ballot, so without a bound the runs never end. With none, each
    /// proposer runs one ballot: enough for one to pre-empt the other, or to find and re-propose
    /// a value the other got chosen; `--timeouts 1` adds a third ballot (over a million states).
    fn default_timeout_budget(&self) -> Option<u32> {
        Some(0)
    }

    fn monitor(&self) -> Monitor {
        Monitor::new(self.nodes, self.variant == Variant::ForgetfulAcceptor)
    }

    fn observe(&self, monitor: &mut Monitor, step: &Observation<Self>) {
        let Some(node) = step.node else {
            return;
        };
        let at = step.moment();
        let name = |value: Value| self.text(value).to_string();
        for record in step.records {
            match *record {
                Record::Began { value, .. } => monitor.proposed(value),
                Record::Promised { ballot } => monitor.promised(node, ballot),
                Record::Accepted { ballot, value } => {
                    monitor.accepted(node, ballot, value, self.majority(), at, &name)
                }
                Record::Decided { value } => monitor.decided(node, value, at, &name),
                Record::Recovered { promised } => monitor.recovered(node, promised),
                Record::Proposed { .. } | Record::Preempted { .. } => {}
            }
        }
    }

    fn tag(&self, _sender: &Node, _monitor: &Monitor, _msg: &Msg) {}

    fn verdicts(&self, state: &State<Self>, _network: &Network) -> Vec<Verdict> {
        views::verdicts(self, state)
    }

    /// Paxos's safety needs nothing of the network; termination it cannot promise (FLP).
    fn guaranteed(&self, property: &str, _network: &Network, _faults: &Budgets) -> bool {
        property != properties::TERMINATION
    }

    fn ignores_forever(&self, node: &Node, msg: &Msg) -> bool {
        node.ignores_forever(msg)
    }

    fn node_state(&self, node: &Node) -> Json {
        let ballot = |b: Ballot| json!({"round": b.round, "node": b.node});
        let mut state = json!({
            "promised": node.acceptor.promised.map(ballot),
            "accepted": node.acceptor.accepted.map(|(b, v)| json!({"ballot": ballot(b), "value": self.text(v)})),
            "decided": node.decided.map(|v| self.text(v)),
        });
        if let Some(proposer) = &node.proposer {
            state["proposer"] = json!({
                "value": self.text(proposer.value),
                "phase": phase_name(&proposer.phase),
                "ballot": node.ballot().map(ballot),
                "last_tried": proposer.last_tried,
            });
        }
        state
    }

    fn command_forms(&self, node: &Node) -> Vec<CommandForm> {
        self.commands(node)
            .into_iter()
            .map(|_| CommandForm::fixed(self.propose_label(node.id), json!("propose")))
            .collect()
    }

    fn inspect(&self, node: &Node) -> Vec<Field> {
        views::inspect(self, node)
    }

    fn inspect_durable(&self, durable: &Durable) -> Vec<Field> {
        views::inspect_durable(self, durable)
    }

    fn message_payload(&self, msg: &Msg) -> Json {
        let ballot = |b: &Ballot| json!({"round": b.round, "node": b.node});
        match msg {
            Msg::Prepare { ballot: b } => json!({"prepare": {"ballot": ballot(b)}}),
            Msg::Promise { ballot: b, last } => json!({"promise": {
                "ballot": ballot(b),
                "accepted": last.map(|(lb, v)| json!({"ballot": ballot(&lb), "value": self.text(v)})),
            }}),
            Msg::Accept { ballot: b, value } => {
                json!({"accept": {"ballot": ballot(b), "value": self.text(*value)}})
            }
            Msg::Accepted { ballot: b, value } => {
                json!({"accepted": {"ballot": ballot(b), "value": self.text(*value)}})
            }
            Msg::Refuse {
                ballot: b,
                promised,
            } => {
                json!({"refuse": {"ballot": ballot(b), "promised": ballot(promised)}})
            }
            Msg::Decide { value } => json!({"decide": {"value": self.text(*value)}}),
        }
    }

    /// The numbered vocabulary (1a ... 3) on the label; the Part-Time Parliament's (Collect,
    /// Last, Begin, Accept, Success) is the message's kind, shown beside it.
    fn message_label(&self, msg: &Msg) -> String {
        match msg {
            Msg::Prepare { ballot } => format!("1a prepare {ballot}"),
            Msg::Promise { ballot, last: None } => format!("1b promise {ballot} ∅"),
            Msg::Promise {
                ballot,
                last: Some((accepted, value)),
            } => format!("1b promise {ballot} [{accepted} {}]", self.text(*value)),
            Msg::Accept { ballot, value } => format!("2a accept {ballot} {}", self.text(*value)),
            Msg::Accepted { ballot, value } => {
                format!("2b accepted {ballot} {}", self.text(*value))
            }
            Msg::Refuse { ballot, promised } => format!("refuse {ballot} (< {promised})"),
            Msg::Decide { value } => format!("3 decide {}", self.text(*value)),
        }
    }

    fn message_kind(&self, msg: &Msg) -> &'static str {
        match msg {
            Msg::Prepare { .. } => "collect",
            Msg::Promise { .. } => "last",
            Msg::Accept { .. } => "begin",
            Msg::Accepted { .. } => "accept",
            Msg::Refuse { .. } => "refuse",
            Msg::Decide { .. } => "success",
        }
    }

    fn command_label(&self, _cmd: &Cmd) -> String {
        "propose".to_string()
    }

    fn timer_label(&self, _timer: &Timer) -> String {
        "retry: new ballot".to_string()
    }

    fn record_note(&self, record: &Record) -> String {
        views::record_note(self, record)
    }

    fn chronicle(&self, history: &mut History, event: &Event, records: &[&Record]) {
        history.fold(self.majority(), event, records);
    }

    fn protocol_view(&self, world: &World<Self>) -> ProtocolView {
        views::protocol_view(self, world)
    }

    fn report_fields(&self, world: &World<Self>) -> serde_json::Map<String, Json> {
        let monitor = world.state().monitor();
        let mut fields = serde_json::Map::new();
        fields.insert(
            "chosen".to_string(),
            monitor.chosen().map_or(Json::Null, |chosen| {
                json!({
                    "value": self.text(chosen.value),
                    "ballot": {"round": chosen.ballot.round, "node": chosen.ballot.node},
                    "step": monitor.chosen_step(),
                })
            }),
        );
        fields
    }
}

impl Paxos {
    /// A strict majority of the acceptors: any two meet.
    pub fn majority(&self) -> u32 {
        self.nodes / 2 + 1
    }

    /// How many promises or acceptances a proposer waits for: a majority, or ⌊n/2⌋ in the
    /// flawed `minority-quorum`.
    pub fn quorum(&self) -> u32 {
        match self.variant {
            Variant::MinorityQuorum => (self.nodes / 2).max(1),
            _ => self.majority(),
        }
    }

    pub fn text(&self, value: Value) -> &str {
        self.texts.get(value as usize).map_or("?", String::as_str)
    }

    fn value_of(&self, node: NodeId) -> Option<Value> {
        self.proposers
            .iter()
            .find(|(id, _)| *id == node)
            .map(|(_, v)| *v)
    }

    fn proposer_list(&self) -> String {
        let ids: Vec<String> = self
            .proposers
            .iter()
            .map(|(id, _)| id.to_string())
            .collect();
        ids.join(" and ")
    }

    fn propose_label(&self, node: NodeId) -> String {
        format!(
            "Propose {}",
            self.value_of(node).map_or("?", |v| self.text(v))
        )
    }
}

fn phase_name(phase: &Phase) -> &'static str {
    match phase {
        Phase::Idle => "idle",
        Phase::Preparing { .. } => "preparing",
        Phase::Accepting { .. } => "accepting",
        Phase::Preempted { .. } => "pre-empted",
        Phase::Done => "done",
    }
}
