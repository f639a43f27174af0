//! CAP on a replicated register (Brewer's conjecture, Gilbert and Lynch's proof, 2002): replicas
//! keep one value, clients read and write it through any replica, and a partition forces a
//! choice between consistency (linearizability) and availability.
//!
//! - **`cp`**: the replica a client asks coordinates a majority quorum, in two phases as in
//!   Attiya, Bar-Noy and Dolev's register: it asks a majority for their (timestamp, value); a
//!   write then stores a higher timestamp with the new value at a majority, a read stores back the
//!   newest it saw before answering. A coordinator whose request timer fires before a majority
//!   answered refuses ("unavailable"): the minority side of a partition cannot serve anyone.
//! - **`ap`**: the replica answers at once from its own copy and sends each write to the others;
//!   replicas keep the write with the highest (timestamp, replica id) (last writer wins), so once
//!   a partition heals they converge, but a read on the far side of one returns a stale value.
//!
//! Nodes: replicas `0..replicas`, then clients. A client has one operation outstanding at a time.
//! A replica takes up each client operation at most once, however often the network delivers its
//! request: it keeps on disk, with its value, the last operation of each client it took up (as
//! request ids do in practice). Without that, a duplicated write request arriving after the
//! coordinator had refused it would be carried out anyway, and the client, told it had no
//! effect, would read its value back.

pub mod linearizability;
mod views;

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use self::linearizability::{Call, History, Pending};
use crate::action::NodeId;
use crate::budget::Budgets;
use crate::form::{CommandForm, Input, InputKind, Setting, SettingKind};
use crate::monitor::{Breaches, Evidence, Observation};
use crate::network::{Channels, Network, Timing};
use crate::protocol::{Out, PropertyInfo, Protocol, VariantInfo};
use crate::state::{Move, State};
use crate::verdict::{Kind, Verdict};
use crate::view::{Field, ProtocolView};
use crate::world::World;

pub const LINEARIZABILITY: &str = "linearizability";
pub const AVAILABILITY: &str = "availability";
pub const CONVERGENCE: &str = "convergence";
const MAX_VALUE: u32 = 99;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    #[default]
    Cp,
    Ap,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Variant {
    #[default]
    Correct,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    #[serde(default = "three")]
    pub replicas: u32,
    #[serde(default = "one")]
    pub clients: u32,
    #[serde(default)]
    pub mode: Mode,
    #[serde(default)]
    pub variant: Variant,
}

fn three() -> u32 {
    3
}

fn one() -> u32 {
    1
}

#[derive(Clone, Debug)]
pub struct ReplicatedRegister {
    replicas: u32,
    clients: u32,
    mode: Mode,
}

/// A write's version: a counter, then the replica that made it (last writer wins).
pub type Stamp = (u32, NodeId);

/// A client's operation, by the client's sequence number.
#[derive(Clone, Copy, Debug, Hash, PartialEq, Eq, PartialOrd, Ord)]
pub struct Op {
    pub client: NodeId,
    pub seq: u32,
    pub call: Call,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, PartialOrd, Ord)]
pub enum Msg {
    /// Client → replica.
    Request(Op),
    /// Replica → client: the write took effect, or the read saw `Some(value)`.
    Reply {
        seq: u32,
        value: Option<u32>,
    },
    /// Replica → client: no majority answered in time (`maybe`: a write may have taken effect).
    Unavailable {
        seq: u32,
        maybe: bool,
    },
    /// Coordinator → replica (`cp`): your timestamp and value, for this operation.
    Query(Op),
    /// Replica → coordinator.
    State {
        op: Op,
        stamp: Stamp,
        value: u32,
    },
    /// Coordinator → replica (`cp`): keep this if it is newer.
    Store {
        op: Op,
        stamp: Stamp,
        value: u32,
    },
    Stored(Op),
    /// Replica → replica (`ap`): a write to apply if newer.
    Update {
        stamp: Stamp,
        value: u32,
    },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase", deny_unknown_fields)]
pub enum Cmd {
    Write { replica: NodeId, value: u32 },
    Read { replica: NodeId },
}

#[derive(Clone, Copy, Debug, Hash, PartialEq, Eq, PartialOrd, Ord)]
pub enum Timer {
    /// A coordinator gives up on client `client`'s operation.
    Request { client: NodeId },
}

/// A quorum operation a `cp` replica coordinates.
#[derive(Clone, Debug, Hash, PartialEq, Eq)]
pub struct Coordination {
    pub op: Op,
    /// Phase 1: the answers so far, one bit per replica, and the newest (stamp, value) among
    /// them. Phase 2 (`storing`): the stores acknowledged.
    pub answered: u32,
    pub newest: (Stamp, u32),
    pub storing: bool,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq)]
pub enum Node {
    Replica {
        stamp: Stamp,
        value: u32,
        coordinating: Vec<Coordination>,
        /// Per client (in node order), the sequence number of the last operation taken up.
        taken_up: Vec<u32>,
    },
    Client {
        next: u32,
        /// The operation outstanding, and the replica asked.
        waiting: Option<(Op, NodeId)>,
        /// The last result, in words.
        last: Option<String>,
    },
}

/// What a node keeps on disk.
#[derive(Clone, Debug, Hash, PartialEq, Eq)]
pub enum Disk {
    Replica {
        stamp: Stamp,
        value: u32,
        taken_up: Vec<u32>,
    },
    Client {
        next: u32,
    },
}

/// Whether a replica takes up `op`, newer than the last operation of its client it took up, and
/// if so notes it.
fn take_up(taken_up: &mut [u32], replicas: NodeId, op: Op) -> bool {
    let last = &mut taken_up[(op.client - replicas) as usize];
    if op.seq <= *last {
        return false;
    }
    *last = op.seq;
    true
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Record {
    Invoked(Op),
    Returned {
        op: Op,
        value: Option<u32>,
    },
    Refused {
        op: Op,
        maybe: bool,
    },
    /// A replica took a newer (stamp, value).
    Adopted {
        stamp: Stamp,
        value: u32,
    },
}

#[derive(Clone, Debug, Hash, PartialEq, Eq)]
pub struct Monitor {
    history: History,
    /// Refusals: availability broken.
    breaches: Breaches<2>,
    refused: Evidence<(u64, NodeId)>,
}

impl Protocol for ReplicatedRegister {
    type Params = Params;
    type Node = Node;
    /// A replica's (stamp, value) and the last operation of each client it took up; a client's
    /// next sequence number (so that a reply to an operation from before its crash is never
    /// taken for a new one's).
    type Durable = Disk;
    type Msg = Msg;
    type Cmd = Cmd;
    type Record = Record;
    type Timer = Timer;
    type Monitor = Monitor;
    type Tag = ();
    type Chronicle = ();

    const NAME: &'static str = "replicated-register";
    const SUMMARY: &'static str = "One value kept by several replicas, read and written by clients: under a partition, choose consistency (majority quorums: the minority side refuses) or availability (answer at once: stale reads).";
    const VARIANTS: &'static [VariantInfo] = &[VariantInfo {
        name: "correct",
        summary:
            "Quorum reads and writes (cp) or local answers with last-writer-wins propagation (ap).",
        flawed: false,
    }];
    const SETTINGS: &'static [Setting] = &[
        Setting {
            key: "replicas",
            label: "Replicas",
            kind: SettingKind::Count {
                min: 3,
                max: 5,
                default: 3,
            },
        },
        Setting {
            key: "clients",
            label: "Clients",
            kind: SettingKind::Count {
                min: 1,
                max: 2,
                default: 1,
            },
        },
        Setting {
            key: "mode",
            label: "Mode (cp: quorums; ap: answer at once)",
            kind: SettingKind::Choice {
                options: &["cp", "ap"],
                default: "cp",
            },
        },
    ];
    const PROPERTIES: &'static [PropertyInfo] = &[
        PropertyInfo {
            name: LINEARIZABILITY,
            kind: Kind::Safety,
        },
        PropertyInfo {
            name: AVAILABILITY,
            kind: Kind::Liveness,
        },
        PropertyInfo {
            name: CONVERGENCE,
            kind: Kind::Liveness,
        },
    ];

    fn new(params: Params) -> Result<ReplicatedRegister, String> {
        if !(3..=5).contains(&params.replicas) {
            return Err(format!(
                "replicas must be between 3 and 5, not {}",
                params.replicas
            ));
        }
        if !(1..=2).contains(&params.clients) {
            return Err(format!(
                "clients must be between 1 and 2, not {}",
                params.clients
            ));
        }
        Ok(ReplicatedRegister {
            replicas: params.replicas,
            clients: params.clients,
            mode: params.mode,
        })
    }

    fn node_count(&self) -> NodeId {
        self.replicas + self.clients
    }

    /// Unordered channels and `sync` timing: a coordinator's request timer fires only when no
    /// message can arrive (a partition holds them), so a refusal means it cannot reach a
    /// majority.
    fn default_network(&self) -> Network {
        Network {
            channels: Channels::Unordered,
            timing: Timing::Sync,
        }
    }

    fn init(&self, id: NodeId) -> Node {
        if id < self.replicas {
            Node::Replica {
                stamp: (0, 0),
                value: 0,
                coordinating: Vec::new(),
                taken_up: vec![0; self.clients as usize],
            }
        } else {
            Node::Client {
                next: 1,
                waiting: None,
                last: None,
            }
        }
    }

    fn durable(&self, node: &Node) -> Disk {
        match node {
            Node::Replica {
                stamp,
                value,
                taken_up,
                ..
            } => Disk::Replica {
                stamp: *stamp,
                value: *value,
                taken_up: taken_up.clone(),
            },
            Node::Client { next, .. } => Disk::Client { next: *next },
        }
    }

    /// A replica keeps its (stamp, value) on disk and forgets the operations it coordinated
    /// (their clients get no answer); a client forgets what it was waiting for but not how many
    /// operations it made.
    fn recover(&self, _id: NodeId, disk: Disk, _out: &mut Out<Self>) -> Node {
        match disk {
            Disk::Replica {
                stamp,
                value,
                taken_up,
            } => Node::Replica {
                stamp,
                value,
                coordinating: Vec::new(),
                taken_up,
            },
            Disk::Client { next } => Node::Client {
                next,
                waiting: None,
                last: None,
            },
        }
    }

    fn on_message(&self, node: &mut Node, out: &mut Out<Self>, from: NodeId, msg: Msg) {
        match node {
            Node::Client { waiting, last, .. } => {
                let Some((op, _)) = *waiting else {
                    return;
                };
                match msg {
                    Msg::Reply { seq, value } if seq == op.seq => {
                        out.record(Record::Returned { op, value });
                        *last = Some(match value {
                            Some(v) => format!("read {v}"),
                            None => "write done".to_string(),
                        });
                        *waiting = None;
                    }
                    Msg::Unavailable { seq, maybe } if seq == op.seq => {
                        out.record(Record::Refused { op, maybe });
                        *last = Some("refused: unavailable".to_string());
                        *waiting = None;
                    }
                    _ => {}
                }
            }
            Node::Replica {
                stamp,
                value,
                coordinating,
                taken_up,
            } => match (self.mode, msg) {
                // A request the network delivers again is not carried out again.
                (_, Msg::Request(op)) if !take_up(taken_up, self.replicas, op) => {}
                (Mode::Ap, Msg::Request(op)) => {
                    let reply = match op.call {
                        Call::Write(v) => {
                            let newer = (stamp.0 + 1, out.me());
                            adopt(stamp, value, out, newer, v);
                            out.broadcast_to(
                                0..self.replicas,
                                Msg::Update {
                                    stamp: newer,
                                    value: v,
                                },
                            );
                            None
                        }
                        Call::Read => Some(*value),
                    };
                    out.send(
                        op.client,
                        Msg::Reply {
                            seq: op.seq,
                            value: reply,
                        },
                    );
                }
                (Mode::Ap, Msg::Update { stamp: s, value: v }) => adopt(stamp, value, out, s, v),
                (Mode::Cp, Msg::Request(op)) => {
                    coordinating.push(Coordination {
                        op,
                        answered: 1 << out.me(),
                        newest: (*stamp, *value),
                        storing: false,
                    });
                    out.broadcast_to(0..self.replicas, Msg::Query(op));
                    out.set_timer(Timer::Request { client: op.client });
                }
                (Mode::Cp, Msg::Query(op)) => out.send(
                    from,
                    Msg::State {
                        op,
                        stamp: *stamp,
                        value: *value,
                    },
                ),
                (
                    Mode::Cp,
                    Msg::State {
                        op,
                        stamp: s,
                        value: v,
                    },
                ) => self.on_state(stamp, value, coordinating, out, from, op, (s, v)),
                (
                    Mode::Cp,
                    Msg::Store {
                        op,
                        stamp: s,
                        value: v,
                    },
                ) => {
                    adopt(stamp, value, out, s, v);
                    out.send(from, Msg::Stored(op));
                }
                (Mode::Cp, Msg::Stored(op)) => self.on_stored(coordinating, out, from, op),
                _ => {}
            },
        }
    }

    fn on_timer(&self, node: &mut Node, out: &mut Out<Self>, timer: Timer) {
        let Timer::Request { client } = timer;
        if let Node::Replica { coordinating, .. } = node {
            if let Some(at) = coordinating.iter().position(|c| c.op.client == client) {
                let c = coordinating.remove(at);
                out.send(
                    client,
                    Msg::Unavailable {
                        seq: c.op.seq,
                        maybe: c.storing && matches!(c.op.call, Call::Write(_)),
                    },
                );
            }
        }
    }

    fn on_command(&self, node: &mut Node, out: &mut Out<Self>, cmd: Cmd) -> Result<(), String> {
        let me = out.me();
        let Node::Client { next, waiting, .. } = node else {
            return Err(format!(
                "node {me} is a replica: clients (nodes {} to {}) read and write",
                self.replicas,
                self.node_count() - 1
            ));
        };
        if let Some((op, replica)) = waiting {
            return Err(format!(
                "client {me} is still waiting for its {} at replica {replica}",
                match op.call {
                    Call::Write(_) => "write",
                    Call::Read => "read",
                }
            ));
        }
        let (replica, call) = match cmd {
            Cmd::Write { replica, value } => {
                if value > MAX_VALUE {
                    return Err(format!("values go from 0 to {MAX_VALUE}, not {value}"));
                }
                (replica, Call::Write(value))
            }
            Cmd::Read { replica } => (replica, Call::Read),
        };
        if replica >= self.replicas {
            return Err(format!(
                "node {replica} is not a replica (replicas are 0 to {})",
                self.replicas - 1
            ));
        }
        let op = Op {
            client: me,
            seq: *next,
            call,
        };
        *next += 1;
        *waiting = Some((op, replica));
        out.record(Record::Invoked(op));
        out.send(replica, Msg::Request(op));
        Ok(())
    }

    /// A write of the client's next number (modulo the largest value + 1), or a read, at each
    /// replica.
    fn commands(&self, node: &Node) -> Vec<Cmd> {
        let Node::Client {
            next,
            waiting: None,
            ..
        } = node
        else {
            return Vec::new();
        };
        (0..self.replicas)
            .flat_map(|replica| {
                [
                    Cmd::Write {
                        replica,
                        value: *next % (MAX_VALUE + 1),
                    },
                    Cmd::Read { replica },
                ]
            })
            .collect()
    }

    fn default_command_budget(&self) -> u32 {
        2
    }

    fn monitor(&self) -> Monitor {
        Monitor {
            history: History::new(0),
            breaches: Breaches::default(),
            refused: Evidence::none(),
        }
    }

    fn observe(&self, monitor: &mut Monitor, step: &Observation<Self>) {
        let at = step.moment();
        if let Move::Crash { node, .. } = step.what {
            if *node >= self.replicas {
                monitor.history.abandoned(*node);
            }
        }
        for record in step.records {
            match *record {
                Record::Invoked(op) => monitor.history.invoke(Pending {
                    client: op.client,
                    seq: op.seq,
                    call: op.call,
                }),
                Record::Returned { op, value } => {
                    if !monitor.history.returned(op.client, op.seq, value) {
                        monitor.breaches.breach(0, at, || {
                            (
                                views::witness(op, value, at.step),
                                "No order of the operations, each taking effect between its call and its return, explains this result.".to_string(),
                            )
                        });
                    }
                }
                Record::Refused { op, maybe } => {
                    monitor.history.failed(op.client, op.seq, maybe);
                    monitor.breaches.breach(1, at, || {
                        (
                            format!("client {} was refused at step {}", op.client, at.step),
                            "A live replica answered a request with a refusal: the minority side of a partition cannot reach a quorum.".to_string(),
                        )
                    });
                }
                Record::Adopted { .. } => {}
            }
        }
    }

    fn tag(&self, _sender: &Node, _monitor: &Monitor, _msg: &Msg) {}

    fn verdicts(&self, state: &State<Self>, network: &Network) -> Vec<Verdict> {
        views::verdicts(self, state, network)
    }

    /// `cp`: linearizability always; availability only without partitions, crashes or drops (a
    /// coordinator then cannot reach a majority); convergence never (a replica outside every
    /// write's quorum stays behind). `ap`: availability always (a request to a crashed replica
    /// is no request to a live one); convergence without drops or crashes (an update lost with
    /// its sender is never sent again: real systems add anti-entropy); linearizability never,
    /// not even without faults: a read elsewhere may come before the write's update.
    fn guaranteed(&self, property: &str, _network: &Network, faults: &Budgets) -> bool {
        match (self.mode, property) {
            (Mode::Cp, LINEARIZABILITY) => true,
            (Mode::Cp, AVAILABILITY) => {
                faults.partitions == 0 && faults.crashes == 0 && faults.drops == 0
            }
            (Mode::Cp, _) => false,
            (Mode::Ap, LINEARIZABILITY) => false,
            (Mode::Ap, AVAILABILITY) => true,
            (Mode::Ap, _) => faults.drops == 0 && faults.crashes == 0,
        }
    }

    fn node_state(&self, node: &Node) -> Value {
        views::node_state(node)
    }

    fn command_forms(&self, node: &Node) -> Vec<CommandForm> {
        if self.commands(node).is_empty() {
            return Vec::new();
        }
        let replica = Input {
            field: "replica",
            label: "at replica",
            kind: InputKind::Node {
                choices: (0..self.replicas).collect(),
            },
        };
        vec![
            CommandForm {
                label: "Write".to_string(),
                template: json!({"write": {"replica": 0, "value": 1}}),
                inputs: vec![
                    Input {
                        field: "value",
                        label: "value",
                        kind: InputKind::Amount {
                            min: 0,
                            max: MAX_VALUE as u64,
                        },
                    },
                    replica.clone(),
                ],
            },
            CommandForm {
                label: "Read".to_string(),
                template: json!({"read": {"replica": 0}}),
                inputs: vec![replica],
            },
        ]
    }

    fn inspect(&self, node: &Node) -> Vec<Field> {
        views::inspect(self, node)
    }

    fn inspect_durable(&self, disk: &Disk) -> Vec<Field> {
        match disk {
            Disk::Replica {
                stamp,
                value,
                taken_up,
            } => vec![
                Field::new(
                    "value (on disk)",
                    format!("{value} (stamp {}.{})", stamp.0, stamp.1),
                ),
                Field::new(
                    "last operations taken up (on disk)",
                    views::taken_up_text(self, taken_up),
                ),
                Field::new("everything else", "lost in the crash"),
            ],
            Disk::Client { next } => vec![
                Field::new("next operation (on disk)", next.to_string()),
                Field::new("everything else", "lost in the crash"),
            ],
        }
    }

    fn message_payload(&self, msg: &Msg) -> Value {
        views::payload(msg)
    }

    fn message_label(&self, msg: &Msg) -> String {
        views::label(msg)
    }

    fn message_kind(&self, msg: &Msg) -> &'static str {
        match msg {
            Msg::Request(_) => "request",
            Msg::Reply { .. } => "reply",
            Msg::Unavailable { .. } => "refusal",
            Msg::Query(_) | Msg::State { .. } => "query",
            Msg::Store { .. } | Msg::Stored(_) => "store",
            Msg::Update { .. } => "update",
        }
    }

    fn command_label(&self, cmd: &Cmd) -> String {
        match cmd {
            Cmd::Write { replica, value } => format!("write {value} at {replica}"),
            Cmd::Read { replica } => format!("read at {replica}"),
        }
    }

    fn timer_label(&self, timer: &Timer) -> String {
        let Timer::Request { client } = timer;
        format!("give up on client {client}'s request")
    }

    fn record_note(&self, record: &Record) -> String {
        views::note(record)
    }

    fn protocol_view(&self, world: &World<Self>) -> ProtocolView {
        views::protocol_view(self, world)
    }
}

impl ReplicatedRegister {
    fn majority(&self) -> u32 {
        self.replicas / 2 + 1
    }

    /// Phase 1 at the coordinator: with a majority's (stamp, value), a write stores a higher
    /// stamp with its value, a read stores back the newest it saw.
    #[allow(clippy::too_many_arguments)]
    fn on_state(
        &self,
        stamp: &mut Stamp,
        value: &mut u32,
        coordinating: &mut [Coordination],
        out: &mut Out<Self>,
        from: NodeId,
        op: Op,
        answer: (Stamp, u32),
    ) {
        let Some(c) = coordinating.iter_mut().find(|c| c.op == op && !c.storing) else {
            return;
        };
        c.answered |= 1 << from;
        c.newest = c.newest.max(answer);
        if c.answered.count_ones() < self.majority() {
            return;
        }
        let (newest, seen) = c.newest;
        let store = match op.call {
            Call::Write(v) => ((newest.0 + 1, out.me()), v),
            Call::Read => (newest, seen),
        };
        c.storing = true;
        c.answered = 1 << out.me();
        c.newest = store;
        adopt(stamp, value, out, store.0, store.1);
        out.broadcast_to(
            0..self.replicas,
            Msg::Store {
                op,
                stamp: store.0,
                value: store.1,
            },
        );
    }

    /// Phase 2 at the coordinator: with a majority's acknowledgements, answer the client.
    fn on_stored(
        &self,
        coordinating: &mut Vec<Coordination>,
        out: &mut Out<Self>,
        from: NodeId,
        op: Op,
    ) {
        let Some(at) = coordinating.iter().position(|c| c.op == op && c.storing) else {
            return;
        };
        let c = &mut coordinating[at];
        c.answered |= 1 << from;
        if c.answered.count_ones() < self.majority() {
            return;
        }
        let value = match op.call {
            Call::Write(_) => None,
            Call::Read => Some(c.newest.1),
        };
        coordinating.remove(at);
        out.cancel_timer(Timer::Request { client: op.client });
        out.send(op.client, Msg::Reply { seq: op.seq, value });
    }
}

/// Keeps (`s`, `v`) if it is newer than what the replica holds.
fn adopt(stamp: &mut Stamp, value: &mut u32, out: &mut Out<ReplicatedRegister>, s: Stamp, v: u32) {
    if s > *stamp {
        *stamp = s;
        *value = v;
        out.record(Record::Adopted { stamp: s, value: v });
    }
}
