//! Heartbeat failure detectors: completeness against accuracy (Chandra and Toueg, "Unreliable
//! failure detectors for reliable distributed systems", 1996; the seeds' "Failure detectors").
//!
//! Every process sends a heartbeat to every other each time unit, and watches each peer with a
//! timeout, restarted by each heartbeat from it. What a process does when a watch fires is the
//! variant:
//! - **`timeout`**: suspect the peer, for good. Complete (a crashed peer's watch always fires)
//!   and, under synchronous timing, accurate: a timeout then means a crash (or a partition).
//!   Under asynchronous timing a watch may fire while a heartbeat is on its way, and a live peer
//!   is suspected for ever.
//! - **`eventually-perfect`** (◇P): suspect the peer; on a heartbeat from a suspected peer,
//!   trust it again and lengthen its timeout. Complete, and accurate after some time when delays
//!   stop growing; never strongly accurate under asynchronous timing.
//! - **`never-suspect`**: trust everybody. Accurate, never complete.
//!
//! In an asynchronous system a detector can be complete or accurate, not both: a timeout cannot
//! tell a slow process from a crashed one.

mod suspicions;
mod views;

use serde::Deserialize;
use serde_json::{json, Value as Json};

use crate::action::NodeId;
use crate::budget::Budgets;
use crate::form::{CommandForm, Setting, SettingKind};
use crate::monitor::{Breaches, Observation};
use crate::network::{Channels, Network, Timing};
use crate::protocol::{Out, PropertyInfo, Protocol, VariantInfo};
use crate::state::{Move, State};
use crate::trace::Event;
use crate::verdict::{Kind, Verdict};
use crate::view::{Field, ProtocolView};
use crate::world::World;

use self::suspicions::Suspicions;

const MIN_NODES: u32 = 2;
const MAX_NODES: u32 = 5;
/// Time units between two heartbeats of a process.
pub const PERIOD: u32 = 1;
/// The shortest timeout that a live peer's heartbeats always beat under synchronous timing.
const MIN_TIMEOUT: u32 = PERIOD + 1;
/// The longest a timeout may start at, and the longest an eventually perfect detector lengthens
/// one to (so that the state space stays finite).
const MAX_TIMEOUT: u32 = 6;

pub const STRONG_COMPLETENESS: &str = "strong-completeness";
pub const STRONG_ACCURACY: &str = "strong-accuracy";
pub const EVENTUAL_ACCURACY: &str = "eventual-accuracy";

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    #[serde(default = "default_nodes")]
    pub nodes: NodeId,
    /// How long a process waits for a peer's next heartbeat before suspecting it.
    #[serde(default = "default_timeout")]
    pub timeout: u32,
    #[serde(default)]
    pub variant: Variant,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Variant {
    #[default]
    Timeout,
    EventuallyPerfect,
    NeverSuspect,
}

fn default_nodes() -> NodeId {
    3
}

fn default_timeout() -> u32 {
    MIN_TIMEOUT
}

#[derive(Clone, Debug)]
pub struct Heartbeat {
    nodes: NodeId,
    timeout: u32,
    variant: Variant,
}

/// A process: whom it suspects (sorted), and how long it waits for each peer.
#[derive(Clone, Debug, Hash, PartialEq, Eq)]
pub struct Node {
    pub id: NodeId,
    pub suspects: Vec<NodeId>,
    /// Indexed by peer (its own entry unused).
    pub timeouts: Vec<u32>,
}

impl Node {
    pub fn suspects(&self, peer: NodeId) -> bool {
        self.suspects.binary_search(&peer).is_ok()
    }
}

/// The one message: "I am alive".
#[derive(Clone, Debug, Hash, PartialEq, Eq, PartialOrd, Ord)]
pub struct Msg;

#[derive(Clone, Copy, Debug, Hash, PartialEq, Eq, PartialOrd, Ord)]
pub enum Timer {
    /// Time to send the next heartbeat.
    Beat,
    /// No heartbeat from this peer for a whole timeout.
    Watch(NodeId),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Record {
    Suspected {
        peer: NodeId,
    },
    /// A heartbeat came from a suspected peer: trusted again, waited for longer from now on.
    Trusted {
        peer: NodeId,
        timeout: u32,
    },
}

/// What the properties remember: who is down, and the first false suspicion (strong accuracy)
/// and the first crash a never-suspecting detector will not notice (strong completeness).
#[derive(Clone, Debug, Hash, PartialEq, Eq)]
pub struct Monitor {
    down: Vec<bool>,
    /// 0 strong accuracy, 1 strong completeness.
    breaches: Breaches<2>,
}

impl Protocol for Heartbeat {
    type Params = Params;
    type Node = Node;
    type Durable = ();
    type Msg = Msg;
    type Cmd = ();
    type Record = Record;
    type Timer = Timer;
    type Monitor = Monitor;
    type Tag = ();
    type Chronicle = Suspicions;

    const NAME: &'static str = "heartbeat";
    const SUMMARY: &'static str = "Failure detectors from heartbeats and timeouts: crash a process and watch the others suspect it; under asynchronous timing fire a timeout before the heartbeat arrives and a live process is suspected. A detector can be complete or accurate, not both.";
    const VARIANTS: &'static [VariantInfo] = &[
        VariantInfo {
            name: "timeout",
            summary: "Suspect a peer when its timeout fires, for good: complete, and accurate only when timing is synchronous.",
            flawed: false,
        },
        VariantInfo {
            name: "eventually-perfect",
            summary: "Suspect on timeout; a heartbeat from a suspected peer clears the suspicion and lengthens its timeout (◇P): complete, and accurate in the end.",
            flawed: false,
        },
        VariantInfo {
            name: "never-suspect",
            summary: "Never suspect anybody: accurate, and never complete.",
            flawed: false,
        },
    ];
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
            key: "timeout",
            label: "Timeout (heartbeat every 1)",
            kind: SettingKind::Count {
                min: MIN_TIMEOUT as u64,
                max: MAX_TIMEOUT as u64,
                default: MIN_TIMEOUT as u64,
            },
        },
    ];
    const PROPERTIES: &'static [PropertyInfo] = &[
        PropertyInfo {
            name: STRONG_COMPLETENESS,
            kind: Kind::Liveness,
        },
        PropertyInfo {
            name: STRONG_ACCURACY,
            kind: Kind::Safety,
        },
        PropertyInfo {
            name: EVENTUAL_ACCURACY,
            kind: Kind::Liveness,
        },
    ];

    fn new(params: Params) -> Result<Heartbeat, String> {
        let nodes = params.nodes;
        if !(MIN_NODES..=MAX_NODES).contains(&nodes) {
            return Err(format!(
                "nodes must be between {MIN_NODES} and {MAX_NODES}, not {nodes}"
            ));
        }
        if !(MIN_TIMEOUT..=MAX_TIMEOUT).contains(&params.timeout) {
            return Err(format!(
                "timeout must be between {MIN_TIMEOUT} (longer than the heartbeat period, {PERIOD}) and {MAX_TIMEOUT}, not {}",
                params.timeout
            ));
        }
        Ok(Heartbeat {
            nodes,
            timeout: params.timeout,
            variant: params.variant,
        })
    }

    fn node_count(&self) -> NodeId {
        self.nodes
    }

    /// Asynchronous, where the lesson is: a premature timeout is one click away.
    fn default_network(&self) -> Network {
        Network {
            channels: Channels::Fifo,
            timing: Timing::Async,
        }
    }

    fn init(&self, id: NodeId) -> Node {
        Node {
            id,
            suspects: Vec::new(),
            timeouts: vec![self.timeout; self.nodes as usize],
        }
    }

    fn initial_timers(&self, node: NodeId) -> Vec<(Timer, u32)> {
        let mut timers = vec![(Timer::Beat, PERIOD)];
        if self.variant != Variant::NeverSuspect {
            timers.extend(
                (0..self.nodes)
                    .filter(|peer| *peer != node)
                    .map(|peer| (Timer::Watch(peer), self.timeout)),
            );
        }
        timers
    }

    fn durable(&self, _node: &Node) {}

    /// Crash-stop in the model; a process recovered outside it starts afresh, trusting all.
    fn recover(&self, id: NodeId, _durable: (), out: &mut Out<Self>) -> Node {
        for (timer, delay) in self.initial_timers(id) {
            out.set_timer_after(timer, delay);
        }
        self.init(id)
    }

    /// A heartbeat restarts the peer's watch; under ◇P it also clears a suspicion of it and
    /// lengthens its timeout, so that the same delay does not fool the detector twice.
    fn on_message(&self, node: &mut Node, out: &mut Out<Self>, from: NodeId, _msg: Msg) {
        if self.variant == Variant::NeverSuspect {
            return;
        }
        if let Ok(at) = node.suspects.binary_search(&from) {
            if self.variant == Variant::Timeout {
                return;
            }
            node.suspects.remove(at);
            let timeout = &mut node.timeouts[from as usize];
            *timeout = (*timeout + 1).min(MAX_TIMEOUT);
            out.record(Record::Trusted {
                peer: from,
                timeout: *timeout,
            });
        }
        out.set_timer_after(Timer::Watch(from), node.timeouts[from as usize]);
    }

    fn on_timer(&self, node: &mut Node, out: &mut Out<Self>, timer: Timer) {
        match timer {
            Timer::Beat => {
                out.broadcast(Msg);
                out.set_timer_after(Timer::Beat, PERIOD);
            }
            Timer::Watch(peer) => {
                if let Err(at) = node.suspects.binary_search(&peer) {
                    node.suspects.insert(at, peer);
                    out.record(Record::Suspected { peer });
                }
            }
        }
    }

    fn on_command(&self, _node: &mut Node, _out: &mut Out<Self>, _cmd: ()) -> Result<(), String> {
        Err("heartbeat takes no commands: fire timers, deliver heartbeats and crash processes to move it on".to_string())
    }

    fn commands(&self, _node: &Node) -> Vec<()> {
        Vec::new()
    }

    fn default_command_budget(&self) -> u32 {
        0
    }

    fn monitor(&self) -> Monitor {
        Monitor {
            down: vec![false; self.nodes as usize],
            breaches: Breaches::default(),
        }
    }

    fn observe(&self, monitor: &mut Monitor, step: &Observation<Self>) {
        let at = step.moment();
        match step.what {
            Move::Crash { node, .. } => {
                monitor.down[*node as usize] = true;
                if self.variant == Variant::NeverSuspect {
                    let node = *node;
                    monitor.breaches.breach(1, at, || {
                        (
                            format!("process {node} crashed at step {}", at.step),
                            format!("Process {node} crashed, and a detector that never suspects will never suspect it."),
                        )
                    });
                }
                return;
            }
            Move::Recover(node) => monitor.down[*node as usize] = false,
            _ => {}
        }
        let Some(node) = step.node else {
            return;
        };
        for record in step.records {
            let Record::Suspected { peer } = *record else {
                continue;
            };
            if monitor.down[peer as usize] {
                continue;
            }
            let timing = step.network.timing;
            monitor.breaches.breach(0, at, || {
                (
                    format!(
                        "process {node} suspected process {peer} at step {}",
                        at.step
                    ),
                    views::false_suspicion(node, peer, timing),
                )
            });
        }
    }

    fn tag(&self, _sender: &Node, _monitor: &Monitor, _msg: &Msg) {}

    fn verdicts(&self, state: &State<Self>, network: &Network) -> Vec<Verdict> {
        views::verdicts(self, state, network)
    }

    /// Completeness needs a detector that suspects; strong accuracy synchronous timing with every
    /// heartbeat arriving; eventual accuracy, for ◇P, synchronous timing only.
    fn guaranteed(&self, property: &str, network: &Network, faults: &Budgets) -> bool {
        let sync = network.timing == Timing::Sync;
        let reliable = faults.drops == 0 && faults.partitions == 0;
        match (property, self.variant) {
            (_, Variant::NeverSuspect) => property != STRONG_COMPLETENESS,
            (STRONG_COMPLETENESS, _) => true,
            (EVENTUAL_ACCURACY, Variant::EventuallyPerfect) => sync,
            _ => sync && reliable,
        }
    }

    fn resend_collapses(&self, _msg: &Msg) -> bool {
        true
    }

    fn node_state(&self, node: &Node) -> Json {
        let timeouts: serde_json::Map<String, Json> = (0..self.nodes)
            .filter(|peer| *peer != node.id)
            .map(|peer| (peer.to_string(), json!(node.timeouts[peer as usize])))
            .collect();
        json!({"suspects": node.suspects, "timeouts": timeouts})
    }

    fn command_forms(&self, _node: &Node) -> Vec<CommandForm> {
        Vec::new()
    }

    fn inspect(&self, node: &Node) -> Vec<Field> {
        views::inspect(self, node)
    }

    fn inspect_durable(&self, _durable: &()) -> Vec<Field> {
        vec![Field::new(
            "durable state",
            "none: a recovered process starts afresh",
        )]
    }

    fn message_payload(&self, _msg: &Msg) -> Json {
        json!("heartbeat")
    }

    fn message_label(&self, _msg: &Msg) -> String {
        "♥".to_string()
    }

    fn message_kind(&self, _msg: &Msg) -> &'static str {
        "heartbeat"
    }

    fn command_label(&self, _cmd: &()) -> String {
        String::new()
    }

    fn timer_label(&self, timer: &Timer) -> String {
        match timer {
            Timer::Beat => "heartbeat".to_string(),
            Timer::Watch(peer) => format!("timeout for {peer}"),
        }
    }

    fn record_note(&self, record: &Record) -> String {
        match record {
            Record::Suspected { peer } => format!("suspects {peer}"),
            Record::Trusted { peer, timeout } => {
                format!("trusts {peer} again, timeout now {timeout}")
            }
        }
    }

    fn chronicle(&self, chronicle: &mut Suspicions, event: &Event, records: &[&Record]) {
        chronicle.fold(self.nodes, event, records);
    }

    fn protocol_view(&self, world: &World<Self>) -> ProtocolView {
        views::protocol_view(self, world)
    }
}

impl Heartbeat {
    pub fn variant(&self) -> Variant {
        self.variant
    }
}
