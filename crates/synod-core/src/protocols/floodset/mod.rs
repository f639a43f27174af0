//! FloodSet: consensus in synchronous rounds despite up to `f` crashes (Lynch, "Distributed
//! Algorithms", 1996, §6.2; the seeds' "Consensus in synchronous systems").
//!
//! Each process `i` keeps `W_i`, the set of values it has learned, starting with its own input.
//! - **Rounds 1 to `R`.** At the start of a round, every live process sends what it learned in
//!   the round before (`Values^r_i − Values^{r−1}_i`; its input in round 1) to every other; what
//!   arrives in the round joins `W_i`.
//! - **After round `R`.** Every live process decides the minimum of `W_i`.
//!
//! With `R = f + 1` rounds and at most `f` crashes some round has no crash, and after a round
//! without one every live process holds the same `W`: agreement. With `R = f` a chain of
//! crashes, one per round, each reaching a single process with a value nobody else learned, can
//! leave the processes with different minimums.

mod views;

use serde::Deserialize;
use serde_json::{json, Value as Json};

use crate::action::NodeId;
use crate::budget::Budgets;
use crate::form::{CommandForm, NumberDefault, Setting, SettingKind};
use crate::monitor::{Breaches, Observation};
use crate::network::{Channels, Network, Timing};
use crate::protocol::{Out, PropertyInfo, Protocol, VariantInfo};
use crate::state::State;
use crate::trace::Event;
use crate::verdict::{Kind, Verdict};
use crate::view::{Field, ProtocolView};
use crate::world::World;

use self::views::Chronicle;

const MIN_NODES: u32 = 2;
const MAX_NODES: u32 = 7;
const MAX_INPUT: u32 = 99;

pub const AGREEMENT: &str = "agreement";
pub const VALIDITY: &str = "validity";
pub const INTEGRITY: &str = "integrity";
pub const TERMINATION: &str = "termination";

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    #[serde(default = "default_nodes")]
    pub nodes: NodeId,
    /// How many crashes the run should tolerate.
    #[serde(default = "default_f")]
    pub f: u32,
    /// One input per node; node `i`'s is `i` when left out.
    #[serde(default)]
    pub inputs: Option<Vec<u32>>,
    /// How many rounds before deciding; `f + 1` when left out.
    #[serde(default)]
    pub rounds: Option<u32>,
    #[serde(default)]
    pub variant: Variant,
}

/// FloodSet has no flawed variant: too few rounds is its instructive failure.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Variant {
    #[default]
    Correct,
}

fn default_nodes() -> NodeId {
    3
}

fn default_f() -> u32 {
    1
}

#[derive(Clone, Debug)]
pub struct Floodset {
    inputs: Vec<u32>,
    f: u32,
    rounds: u32,
}

/// A process: the values it knows (`W`, sorted), those it learned in the round before and has
/// yet to pass on, and its decision.
#[derive(Clone, Debug, Hash, PartialEq, Eq)]
pub struct Node {
    pub id: NodeId,
    pub known: Vec<u32>,
    pub fresh: Vec<u32>,
    pub decided: Option<u32>,
}

/// A round's message: the values its sender learned in the round before, sorted.
#[derive(Clone, Debug, Hash, PartialEq, Eq, PartialOrd, Ord)]
pub struct Msg {
    pub values: Vec<u32>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Record {
    /// A process began round `round` knowing `known`.
    Began {
        round: u32,
        known: Vec<u32>,
    },
    Decided {
        value: u32,
    },
}

/// What the properties remember: each process's decision and whether one decided twice.
#[derive(Clone, Debug, Hash, PartialEq, Eq)]
pub struct Monitor {
    decided: Vec<Option<u32>>,
    /// 0 agreement, 1 validity, 2 integrity.
    breaches: Breaches<3>,
}

impl Protocol for Floodset {
    type Params = Params;
    type Node = Node;
    type Durable = Node;
    type Msg = Msg;
    type Cmd = ();
    type Record = Record;
    type Timer = ();
    type Monitor = Monitor;
    type Tag = ();
    type Chronicle = Chronicle;

    const NAME: &'static str = "floodset";
    const SUMMARY: &'static str = "Consensus in lockstep rounds despite crashes: every process floods the values it learns, and after f + 1 rounds all decide the smallest. With only f rounds a chain of crashes, one per round, splits them.";
    const VARIANTS: &'static [VariantInfo] = &[VariantInfo {
        name: "correct",
        summary: "FloodSet as in Lynch's Distributed Algorithms: send what you learned last round, decide the minimum after the last round.",
        flawed: false,
    }];
    const SETTINGS: &'static [Setting] = &[
        Setting {
            key: "nodes",
            label: "Processes",
            kind: SettingKind::Count {
                min: MIN_NODES as u64,
                max: MAX_NODES as u64,
                default: 3,
            },
        },
        Setting {
            key: "f",
            label: "Crashes tolerated (f)",
            kind: SettingKind::Count {
                min: 0,
                max: MAX_NODES as u64 - 1,
                default: 1,
            },
        },
        Setting {
            key: "rounds",
            label: "Rounds (f + 1 suffice)",
            kind: SettingKind::Count {
                min: 1,
                max: MAX_NODES as u64,
                default: 2,
            },
        },
        Setting {
            key: "inputs",
            label: "Inputs",
            kind: SettingKind::Numbers {
                of: "nodes",
                min: 0,
                max: MAX_INPUT as u64,
                default: NumberDefault::Index,
            },
        },
    ];
    const PROPERTIES: &'static [PropertyInfo] = &[
        PropertyInfo {
            name: AGREEMENT,
            kind: Kind::Safety,
        },
        PropertyInfo {
            name: VALIDITY,
            kind: Kind::Safety,
        },
        PropertyInfo {
            name: INTEGRITY,
            kind: Kind::Safety,
        },
        PropertyInfo {
            name: TERMINATION,
            kind: Kind::Liveness,
        },
    ];

    fn new(params: Params) -> Result<Floodset, String> {
        let nodes = params.nodes;
        if !(MIN_NODES..=MAX_NODES).contains(&nodes) {
            return Err(format!(
                "nodes must be between {MIN_NODES} and {MAX_NODES}, not {nodes}"
            ));
        }
        if params.f >= nodes {
            return Err(format!(
                "f must be below the number of processes ({nodes}), not {}",
                params.f
            ));
        }
        let inputs = params.inputs.unwrap_or_else(|| (0..nodes).collect());
        if inputs.len() != nodes as usize {
            return Err(format!(
                "inputs has {} values but there are {nodes} processes",
                inputs.len()
            ));
        }
        if let Some(big) = inputs.iter().find(|v| **v > MAX_INPUT) {
            return Err(format!("inputs go from 0 to {MAX_INPUT}, not {big}"));
        }
        let rounds = params.rounds.unwrap_or(params.f + 1);
        if !(1..=nodes).contains(&rounds) {
            return Err(format!(
                "rounds must be between 1 and {nodes} (f + 1 = {} is enough), not {rounds}",
                params.f + 1
            ));
        }
        Ok(Floodset {
            inputs,
            f: params.f,
            rounds,
        })
    }

    fn node_count(&self) -> NodeId {
        self.inputs.len() as NodeId
    }

    /// Lockstep rounds: every message of a round arrives before the next begins.
    fn default_network(&self) -> Network {
        Network {
            channels: Channels::Fifo,
            timing: Timing::Sync,
        }
    }

    fn init(&self, id: NodeId) -> Node {
        let input = self.inputs[id as usize];
        Node {
            id,
            known: vec![input],
            fresh: vec![input],
            decided: None,
        }
    }

    fn durable(&self, node: &Node) -> Node {
        node.clone()
    }

    /// The model is crash-stop; a recovered process (outside the model) resumes as it was.
    fn recover(&self, _id: NodeId, durable: Node, _out: &mut Out<Self>) -> Node {
        durable
    }

    /// What arrives joins `W`; what is new is passed on next round.
    fn on_message(&self, node: &mut Node, _out: &mut Out<Self>, _from: NodeId, msg: Msg) {
        for value in msg.values {
            if let Err(at) = node.known.binary_search(&value) {
                node.known.insert(at, value);
                if let Err(at) = node.fresh.binary_search(&value) {
                    node.fresh.insert(at, value);
                }
            }
        }
    }

    fn on_timer(&self, _node: &mut Node, _out: &mut Out<Self>, _timer: ()) {}

    fn rounds(&self) -> Option<u32> {
        Some(self.rounds)
    }

    /// Rounds 1 to R: send what was learned in the round before. After round R: decide.
    fn on_round(&self, node: &mut Node, out: &mut Out<Self>, round: u32) {
        if round > self.rounds {
            if node.decided.is_none() {
                let value = node.known[0];
                node.decided = Some(value);
                out.record(Record::Decided { value });
            }
            return;
        }
        out.record(Record::Began {
            round,
            known: node.known.clone(),
        });
        let fresh = std::mem::take(&mut node.fresh);
        if !fresh.is_empty() {
            out.broadcast(Msg { values: fresh });
        }
    }

    fn on_command(&self, _node: &mut Node, _out: &mut Out<Self>, _cmd: ()) -> Result<(), String> {
        Err("floodset takes no commands: end the round to move it on".to_string())
    }

    fn commands(&self, _node: &Node) -> Vec<()> {
        Vec::new()
    }

    fn default_command_budget(&self) -> u32 {
        0
    }

    fn monitor(&self) -> Monitor {
        Monitor {
            decided: vec![None; self.inputs.len()],
            breaches: Breaches::default(),
        }
    }

    fn observe(&self, monitor: &mut Monitor, step: &Observation<Self>) {
        let Some(node) = step.node else {
            return;
        };
        let at = step.moment();
        for record in step.records {
            let Record::Decided { value } = *record else {
                continue;
            };
            if monitor.decided[node as usize].is_some() {
                monitor.breaches.breach(2, at, || {
                    (
                        format!("process {node} decided again at step {}", at.step),
                        format!("Process {node} decided a second time."),
                    )
                });
            }
            monitor.decided[node as usize] = Some(value);
            if !self.inputs.contains(&value) {
                monitor.breaches.breach(1, at, || {
                    (
                        format!("process {node} decided {value}"),
                        format!("Process {node} decided {value}, which is no process's input."),
                    )
                });
            }
            let other = monitor
                .decided
                .iter()
                .enumerate()
                .find(|(_, d)| d.is_some_and(|d| d != value));
            if let Some((other, Some(theirs))) = other {
                monitor.breaches.breach(0, at, || {
                    (
                        format!("process {node} decided {value}, process {other} {theirs}"),
                        format!("Process {node} decided {value} but process {other} decided {theirs}: a chain of crashes, one in every round, kept a value from some processes and not others."),
                    )
                });
            }
        }
    }

    fn tag(&self, _sender: &Node, _monitor: &Monitor, _msg: &Msg) {}

    fn verdicts(&self, state: &State<Self>, _network: &Network) -> Vec<Verdict> {
        views::verdicts(self, state)
    }

    /// Agreement needs f + 1 rounds, at most f crashes and no lost message; validity and
    /// integrity hold always; termination while rounds can end.
    fn guaranteed(&self, property: &str, network: &Network, faults: &Budgets) -> bool {
        let model = network.timing == Timing::Sync
            && faults.drops == 0
            && faults.partitions == 0
            && faults.recoveries == 0;
        match property {
            AGREEMENT => model && self.rounds > self.f && faults.crashes <= self.f,
            TERMINATION => model,
            _ => true,
        }
    }

    fn node_state(&self, node: &Node) -> Json {
        json!({"values": node.known, "decided": node.decided})
    }

    fn command_forms(&self, _node: &Node) -> Vec<CommandForm> {
        Vec::new()
    }

    fn inspect(&self, node: &Node) -> Vec<Field> {
        views::inspect(node)
    }

    fn inspect_durable(&self, durable: &Node) -> Vec<Field> {
        views::inspect(durable)
    }

    fn message_payload(&self, msg: &Msg) -> Json {
        json!({"values": msg.values})
    }

    fn message_label(&self, msg: &Msg) -> String {
        views::set_text(&msg.values)
    }

    fn message_kind(&self, _msg: &Msg) -> &'static str {
        "values"
    }

    fn command_label(&self, _cmd: &()) -> String {
        String::new()
    }

    fn timer_label(&self, _timer: &()) -> String {
        String::new()
    }

    fn record_note(&self, record: &Record) -> String {
        match record {
            Record::Began { round, known } => {
                format!("round {round}: knows {}", views::set_text(known))
            }
            Record::Decided { value } => format!("decided {value}"),
        }
    }

    fn chronicle(&self, chronicle: &mut Chronicle, event: &Event, records: &[&Record]) {
        chronicle.fold(self.inputs.len(), event, records);
    }

    fn protocol_view(&self, world: &World<Self>) -> ProtocolView {
        views::protocol_view(self, world)
    }
}

impl Floodset {
    pub fn last_round(&self) -> u32 {
        self.rounds
    }

    pub fn f(&self) -> u32 {
        self.f
    }
}
