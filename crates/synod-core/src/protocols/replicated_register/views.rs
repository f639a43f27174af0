//! How the replicated register shows itself: verdicts (with the CAP corner the run shows), node
//! states, labels, and the replicas' table.

use serde_json::{json, Value};

use super::linearizability::Call;
use super::{
    Disk, Mode, Msg, Node, Op, Record, ReplicatedRegister, AVAILABILITY, CONVERGENCE,
    LINEARIZABILITY,
};
use crate::network::Network;
use crate::protocol::Protocol;
use crate::state::{NodeSlot, State};
use crate::verdict::{Blame, Kind, Verdict};
use crate::view::{Field, ProtocolView, TableView};
use crate::world::World;

const LINEARIZABILITY_TEXT: &str = "The completed reads and writes can be ordered as on a single register, each taking effect between its call and its return.";
const AVAILABILITY_TEXT: &str =
    "Every request a live replica receives gets an answer that is not a refusal.";
const CONVERGENCE_TEXT: &str = "Once messages flow again, every live replica holds the same value.";

fn call_text(call: Call) -> String {
    match call {
        Call::Write(v) => format!("write {v}"),
        Call::Read => "read".to_string(),
    }
}

/// The words of a linearizability violation's witness.
pub fn witness(op: Op, value: Option<u32>, step: u64) -> String {
    match value {
        Some(v) => format!(
            "client {}'s read (its operation {}) returned {v} at step {step}, a value no order allows",
            op.client, op.seq
        ),
        None => format!(
            "client {}'s {} (its operation {}) returned at step {step}, which no order allows",
            op.client,
            call_text(op.call),
            op.seq
        ),
    }
}

pub fn verdicts(
    protocol: &ReplicatedRegister,
    state: &State<ReplicatedRegister>,
    _network: &Network,
) -> Vec<Verdict> {
    let monitor = state.monitor();
    let partitioned = state.spent().partitions > 0;
    let corner = match protocol.mode {
        Mode::Cp => "cp mode chooses consistency: under a partition the minority side refuses (C and P, not A)",
        Mode::Ap => "ap mode chooses availability: under a partition a read may be stale (A and P, not C)",
    };
    let linearizability = if monitor.breaches.is_broken(0) {
        Verdict::violated(
            LINEARIZABILITY,
            Kind::Safety,
            LINEARIZABILITY_TEXT,
            monitor
                .breaches
                .violation(0, LINEARIZABILITY, blame(partitioned), |said| {
                    format!("{said} The run is on the AP corner: {corner}.")
                }),
        )
    } else {
        Verdict::holds(
            LINEARIZABILITY,
            Kind::Safety,
            LINEARIZABILITY_TEXT,
            "Every completed operation fits one order.".to_string(),
        )
    };
    // A request to a replica that crashed is no request to a live one: it asks nothing.
    let waiting: Vec<String> = (protocol.replicas..protocol.node_count())
        .filter(|c| match state.slot(*c) {
            NodeSlot::Up(Node::Client {
                waiting: Some((_, replica)),
                ..
            }) => !state.is_crashed(*replica),
            _ => false,
        })
        .map(|c| c.to_string())
        .collect();
    let availability = if monitor.breaches.is_broken(1) {
        Verdict::violated(
            AVAILABILITY,
            Kind::Liveness,
            AVAILABILITY_TEXT,
            monitor
                .breaches
                .violation(1, AVAILABILITY, blame(partitioned), |said| {
                    format!("{said} The run is on the CP corner: {corner}.")
                }),
        )
    } else if waiting.is_empty() {
        Verdict::holds(
            AVAILABILITY,
            Kind::Liveness,
            AVAILABILITY_TEXT,
            "Every request so far was answered.".to_string(),
        )
    } else {
        Verdict::pending(
            AVAILABILITY,
            AVAILABILITY_TEXT,
            format!(
                "Client(s) {} still waiting for an answer.",
                waiting.join(", ")
            ),
        )
    };
    vec![linearizability, availability, convergence(protocol, state)]
}

/// A partition or a lost message is what forces the choice; without either the algorithm is to
/// blame.
fn blame(partitioned: bool) -> Blame {
    if partitioned {
        Blame::Assumption
    } else {
        Blame::Algorithm
    }
}

fn convergence(protocol: &ReplicatedRegister, state: &State<ReplicatedRegister>) -> Verdict {
    let held: Vec<(u32, (u32, u32), u32)> = (0..protocol.replicas)
        .filter_map(|r| match state.slot(r) {
            NodeSlot::Up(Node::Replica { stamp, value, .. }) => Some((r, *stamp, *value)),
            _ => None,
        })
        .collect();
    let agreed = held.windows(2).all(|w| w[0].1 == w[1].1);
    if agreed {
        return Verdict::holds(
            CONVERGENCE,
            Kind::Liveness,
            CONVERGENCE_TEXT,
            format!(
                "Every live replica holds {}.",
                held.first().map_or(0, |h| h.2)
            ),
        );
    }
    let values: Vec<String> = held
        .iter()
        .map(|(r, _, v)| format!("replica {r}: {v}"))
        .collect();
    let why = if state.partition().is_some() {
        "waiting for the partition to heal"
    } else if protocol.mode == Mode::Cp {
        "cp replicas outside a write's quorum catch up only when a later quorum includes them"
    } else {
        "updates are on their way"
    };
    Verdict::pending(
        CONVERGENCE,
        CONVERGENCE_TEXT,
        format!("Replicas differ ({}): {why}.", values.join(", ")),
    )
}

pub fn node_state(node: &Node) -> Value {
    match node {
        Node::Replica {
            stamp,
            value,
            coordinating,
            ..
        } => json!({
            "role": "replica",
            "value": value,
            "stamp": [stamp.0, stamp.1],
            "coordinating": coordinating.len(),
        }),
        Node::Client { waiting, last, .. } => json!({
            "role": "client",
            "waiting": waiting.map(|(op, r)| json!({"op": call_text(op.call), "replica": r})),
            "last": last,
        }),
    }
}

pub fn inspect(protocol: &ReplicatedRegister, node: &Node) -> Vec<Field> {
    match node {
        Node::Replica {
            stamp,
            value,
            coordinating,
            taken_up,
        } => {
            let mut fields = vec![
                Field::new(
                    "role",
                    match protocol.mode {
                        Mode::Cp => "replica (cp: majority quorums)",
                        Mode::Ap => "replica (ap: answers at once)",
                    },
                ),
                Field::new("value", format!("{value} (stamp {}.{})", stamp.0, stamp.1)),
                Field::new(
                    "last operations taken up",
                    taken_up_text(protocol, taken_up),
                ),
            ];
            for c in coordinating {
                fields.push(Field::new(
                    format!(
                        "coordinating client {}'s {}",
                        c.op.client,
                        call_text(c.op.call)
                    ),
                    format!(
                        "{}: {} of {} needed",
                        if c.storing { "storing" } else { "asking" },
                        c.answered.count_ones(),
                        protocol.majority()
                    ),
                ));
            }
            fields
        }
        Node::Client { waiting, last, .. } => vec![
            Field::new("role", "client"),
            Field::new(
                "waiting for",
                waiting.map_or("nothing".to_string(), |(op, r)| {
                    format!("its {} at replica {r}", call_text(op.call))
                }),
            ),
            Field::new(
                "last result",
                last.clone().unwrap_or_else(|| "none yet".to_string()),
            ),
        ],
    }
}

pub fn payload(msg: &Msg) -> Value {
    let op = |op: &Op| json!({"client": op.client, "seq": op.seq, "call": call_text(op.call)});
    match msg {
        Msg::Request(o) => json!({"request": op(o)}),
        Msg::Reply { seq, value } => json!({"reply": {"seq": seq, "value": value}}),
        Msg::Unavailable { seq, maybe } => json!({"unavailable": {"seq": seq, "maybe": maybe}}),
        Msg::Query(o) => json!({"query": op(o)}),
        Msg::State {
            op: o,
            stamp,
            value,
        } => {
            json!({"state": {"op": op(o), "stamp": [stamp.0, stamp.1], "value": value}})
        }
        Msg::Store {
            op: o,
            stamp,
            value,
        } => {
            json!({"store": {"op": op(o), "stamp": [stamp.0, stamp.1], "value": value}})
        }
        Msg::Stored(o) => json!({"stored": op(o)}),
        Msg::Update { stamp, value } => {
            json!({"update": {"stamp": [stamp.0, stamp.1], "value": value}})
        }
    }
}

pub fn label(msg: &Msg) -> String {
    match msg {
        Msg::Request(op) => call_text(op.call),
        Msg::Reply { value: Some(v), .. } => format!("value {v}"),
        Msg::Reply { value: None, .. } => "ok".to_string(),
        Msg::Unavailable { .. } => "unavailable".to_string(),
        Msg::Query(_) => "query".to_string(),
        Msg::State { stamp, value, .. } => format!("{value} @{}.{}", stamp.0, stamp.1),
        Msg::Store { stamp, value, .. } => format!("store {value} @{}.{}", stamp.0, stamp.1),
        Msg::Stored(_) => "stored".to_string(),
        Msg::Update { stamp, value } => format!("update {value} @{}.{}", stamp.0, stamp.1),
    }
}

pub fn note(record: &Record) -> String {
    match record {
        Record::Invoked(op) => format!("calls {}", call_text(op.call)),
        Record::Returned { value: Some(v), .. } => format!("read returns {v}"),
        Record::Returned { value: None, .. } => "write returns".to_string(),
        Record::Refused { .. } => "refused: unavailable".to_string(),
        Record::Adopted { stamp, value } => format!("holds {value} @{}.{}", stamp.0, stamp.1),
    }
}

pub fn protocol_view(
    protocol: &ReplicatedRegister,
    world: &World<ReplicatedRegister>,
) -> ProtocolView {
    let rows = (0..protocol.replicas)
        .map(|r| match world.slot(r) {
            NodeSlot::Up(Node::Replica { stamp, value, .. }) => vec![
                r.to_string(),
                value.to_string(),
                format!("{}.{}", stamp.0, stamp.1),
                "up".to_string(),
            ],
            NodeSlot::Down(Disk::Replica { stamp, value, .. }) => vec![
                r.to_string(),
                value.to_string(),
                format!("{}.{}", stamp.0, stamp.1),
                "crashed".to_string(),
            ],
            NodeSlot::Up(Node::Client { .. }) | NodeSlot::Down(Disk::Client { .. }) => {
                vec![r.to_string(); 4]
            }
        })
        .collect();
    let corner = match protocol.mode {
        Mode::Cp => "cp: reads and writes need a majority, so the minority side of a partition refuses (consistent and partition-tolerant, not available)",
        Mode::Ap => "ap: any replica answers at once and replicas converge by last writer wins (available and partition-tolerant, not consistent)",
    };
    ProtocolView {
        trees: Vec::new(),
        cuts: Vec::new(),
        bands: Vec::new(),
        marks: Vec::new(),
        tables: vec![TableView {
            title: "Replicas".to_string(),
            columns: ["replica", "value", "stamp", "status"]
                .map(String::from)
                .to_vec(),
            rows,
            note: corner.to_string(),
        }],
    }
}

/// The last operation of each client a replica took up, such as "client 3: op 2".
pub fn taken_up_text(protocol: &ReplicatedRegister, taken_up: &[u32]) -> String {
    let clients: Vec<String> = taken_up
        .iter()
        .enumerate()
        .map(|(i, seq)| match seq {
            0 => format!("client {}: none", protocol.replicas + i as u32),
            _ => format!("client {}: op {seq}", protocol.replicas + i as u32),
        })
        .collect();
    clients.join(", ")
}
