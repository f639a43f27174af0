//! How PBFT shows itself: verdicts' words, node states, the inspector, labels and payloads,
//! the replicas' logs and the view changes.

use serde_json::{json, Value as Json};

use super::client::{repliers, Client};
use super::properties::{
    AGREEMENT, AGREEMENT_AT, AGREEMENT_TEXT, CLIENT_SAFETY, CLIENT_SAFETY_AT, CLIENT_SAFETY_TEXT,
    LIVENESS, LIVENESS_TEXT,
};
use super::replica::{Replica, Slot};
use super::{Cert, Msg, Node, Pbft, Record, Req, Variant};
use crate::state::{NodeSlot, State};
use crate::verdict::{Blame, Kind, Verdict};
use crate::view::{Field, ProtocolView, TableView};
use crate::world::World;

fn node_of(state: &State<Pbft>, id: u32) -> &Node {
    match state.slot(id) {
        NodeSlot::Up(node) | NodeSlot::Down(node) => node,
    }
}

pub fn verdicts(pbft: &Pbft, state: &State<Pbft>) -> Vec<Verdict> {
    let monitor = state.monitor();
    let t = pbft.traitors().count();
    let why = if t > pbft.f() {
        format!(
            "This run has {t} traitors, more than f = {}: PBFT's quorums of 2f + 1 no longer share a correct replica.",
            pbft.f()
        )
    } else if pbft.variant() == Variant::WeakQuorums {
        format!(
            "The weak-quorums variant counts {} prepares and {} commits: two such quorums need not share a correct replica.",
            pbft.prepare_quorum(),
            pbft.commit_quorum()
        )
    } else {
        "Correct PBFT with at most f traitors should never do this: please report the run."
            .to_string()
    };
    let safety = |name: &'static str, at: usize, text: &'static str, fine: String| {
        if monitor.breaches.is_broken(at) {
            Verdict::violated(
                name,
                Kind::Safety,
                text,
                monitor
                    .breaches
                    .violation(at, name, Blame::Algorithm, |said| format!("{said} {why}")),
            )
        } else {
            Verdict::holds(name, Kind::Safety, text, fine)
        }
    };
    let committed = monitor.committed_count();
    let client = match node_of(state, pbft.client()) {
        Node::Client(client) => client,
        Node::Replica(_) => unreachable!("the last node is the client"),
    };
    vec![
        safety(
            AGREEMENT,
            AGREEMENT_AT,
            AGREEMENT_TEXT,
            match committed {
                0 => "No correct replica has committed yet.".to_string(),
                n => format!(
                    "Correct replicas agree at the {n} sequence number(s) committed so far."
                ),
            },
        ),
        safety(
            CLIENT_SAFETY,
            CLIENT_SAFETY_AT,
            CLIENT_SAFETY_TEXT,
            match client.accepted.len() {
                0 => "The client has accepted no result yet.".to_string(),
                n => format!("Each of the {n} result(s) accepted came from a correct replica."),
            },
        ),
        liveness(pbft, state, client),
    ]
}

fn liveness(pbft: &Pbft, state: &State<Pbft>, client: &Client) -> Verdict {
    let Some(op) = client.pending else {
        return Verdict::holds(
            LIVENESS,
            Kind::Liveness,
            LIVENESS_TEXT,
            match client.issued {
                0 => "The client has issued no request yet.".to_string(),
                n => format!("All {n} request(s) issued have completed."),
            },
        );
    };
    let correct: Vec<&Replica> = (0..pbft.replicas())
        .filter(|r| !pbft.traitors().is_traitor(*r))
        .filter_map(|r| match node_of(state, r) {
            Node::Replica(replica) => Some(replica),
            Node::Client(_) => None,
        })
        .collect();
    let view = correct.iter().map(|r| r.view).max().unwrap_or(0);
    let changing = correct.iter().any(|r| r.changing);
    let primary = pbft.primary(view);
    let why = if changing {
        format!("op{op} waits: a view change to view {view} is under way (its new primary is replica {primary}).")
    } else if pbft.traitors().is_traitor(primary) {
        format!("op{op} waits, and the primary of view {view}, replica {primary}, is a traitor: a view change is needed (the client's retry timer, then the backups' view-change timers).")
    } else {
        format!("op{op} waits for f + 1 = {} matching replies (view {view}, primary replica {primary}).", pbft.f() + 1)
    };
    Verdict::pending(LIVENESS, LIVENESS_TEXT, why)
}

fn req_json(req: Req) -> Json {
    json!(req.name())
}

fn cert_json(cert: &Cert) -> Json {
    json!({"seq": cert.seq, "view": cert.view, "request": req_json(cert.req)})
}

pub fn node_state(node: &Node) -> Json {
    match node {
        Node::Client(client) => json!({
            "view": client.view,
            "issued": client.issued,
            "pending": client.pending.map(|op| format!("op{op}")),
            "accepted": client.accepted.iter().map(|(op, result)| json!({"op": format!("op{op}"), "result": result})).collect::<Vec<_>>(),
        }),
        Node::Replica(replica) => json!({
            "view": replica.view,
            "changing": replica.changing,
            "executed": replica.executed.iter().map(|r| r.name()).collect::<Vec<_>>(),
            "pending": replica.pending.iter().map(|op| format!("op{op}")).collect::<Vec<_>>(),
            "log": replica.log.iter().map(|(&(view, seq), slot)| json!({
                "view": view,
                "seq": seq,
                "pre-prepare": slot.pre_prepare.map(req_json),
                "prepares": slot.pre_prepare.map_or(0, |r| Slot::count(&slot.prepares, r)),
                "commits": slot.pre_prepare.map_or(0, |r| Slot::count(&slot.commits, r)),
                "prepared": slot.prepared,
                "committed": slot.committed,
            })).collect::<Vec<_>>(),
            "certificates": replica.certs().iter().map(cert_json).collect::<Vec<_>>(),
        }),
    }
}

/// One slot in words: `op1: 2 prepares, 3 commits, committed`.
fn slot_text(slot: &Slot) -> String {
    let Some(req) = slot.pre_prepare else {
        return "votes before its pre-prepare".to_string();
    };
    let stage = match (slot.prepared, slot.committed) {
        (_, true) => ", committed",
        (true, false) => ", prepared",
        _ => "",
    };
    format!(
        "{}: {} prepare(s), {} commit(s){stage}",
        req.name(),
        Slot::count(&slot.prepares, req),
        Slot::count(&slot.commits, req)
    )
}

fn executed_text(replica: &Replica) -> String {
    match replica.executed.is_empty() {
        true => "nothing yet".to_string(),
        false => replica
            .executed
            .iter()
            .enumerate()
            .map(|(i, r)| format!("#{} {}", i + 1, r.name()))
            .collect::<Vec<_>>()
            .join(", "),
    }
}

fn certs_text(certs: &[Cert]) -> String {
    match certs.is_empty() {
        true => "none".to_string(),
        false => certs
            .iter()
            .map(|c| format!("#{} {} (v{})", c.seq, c.req.name(), c.view))
            .collect::<Vec<_>>()
            .join(", "),
    }
}

pub fn inspect(pbft: &Pbft, node: &Node) -> Vec<Field> {
    match node {
        Node::Client(client) => {
            let mut fields = vec![
                Field::new("role", "client"),
                Field::new("view it knows", client.view.to_string()),
                Field::new(
                    "waiting for",
                    client
                        .pending
                        .map_or("nothing".to_string(), |op| format!("op{op}")),
                ),
            ];
            for (result, bits) in &client.replies {
                let ids: Vec<String> = repliers(*bits, pbft.replicas())
                    .iter()
                    .map(u32::to_string)
                    .collect();
                fields.push(Field::new(
                    format!("replies = {result}"),
                    format!("from {} (needs {})", ids.join(", "), pbft.f() + 1),
                ));
            }
            let accepted: Vec<String> = client
                .accepted
                .iter()
                .map(|(op, result)| format!("op{op} = {result}"))
                .collect();
            fields.push(Field::new(
                "accepted",
                match accepted.is_empty() {
                    true => "nothing yet".to_string(),
                    false => accepted.join(", "),
                },
            ));
            fields
        }
        Node::Replica(replica) => {
            let role = match pbft.primary(replica.view) == replica.id {
                true => "primary",
                false => "backup",
            };
            let mut fields = vec![
                Field::new("role", format!("replica, {role} of view {}", replica.view)),
                Field::new("loyalty", pbft.traitors().describe(replica.id)),
                Field::new(
                    "view",
                    match replica.changing {
                        true => format!("{} (changing: waits for its new-view)", replica.view),
                        false => replica.view.to_string(),
                    },
                ),
                Field::new("executed", executed_text(replica)),
                Field::new("prepared certificates", certs_text(&replica.certs())),
            ];
            for (&(view, seq), slot) in &replica.log {
                fields.push(Field::new(format!("log v{view} #{seq}"), slot_text(slot)));
            }
            fields
        }
    }
}

pub fn payload(msg: &Msg) -> Json {
    let vote = |v: &super::Vote| json!({"view": v.view, "seq": v.seq, "request": req_json(v.req), "replica": v.replica});
    match msg {
        Msg::Request { op } => json!({"request": {"op": format!("op{op}")}}),
        Msg::PrePrepare(v) => json!({"pre-prepare": vote(v)}),
        Msg::Prepare(v) => json!({"prepare": vote(v)}),
        Msg::Commit(v) => json!({"commit": vote(v)}),
        Msg::Reply(r) => json!({"reply": {
            "view": r.view, "op": format!("op{}", r.op), "replica": r.replica, "result": r.result,
        }}),
        Msg::ViewChange {
            view,
            certs,
            replica,
        } => json!({"view-change": {
            "view": view,
            "certificates": certs.iter().map(cert_json).collect::<Vec<_>>(),
            "replica": replica,
        }}),
        Msg::NewView {
            view,
            proofs,
            order,
            replica,
        } => json!({"new-view": {
            "view": view,
            "V": proofs.iter().map(|p| json!({
                "replica": p.replica,
                "certificates": p.certs.iter().map(cert_json).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
            "O": order.iter().map(|(seq, req)| json!({"seq": seq, "request": req_json(*req)})).collect::<Vec<_>>(),
            "replica": replica,
        }}),
    }
}

pub fn label(msg: &Msg) -> String {
    let vote =
        |kind: &str, v: &super::Vote| format!("{kind} v{} #{} {}", v.view, v.seq, v.req.name());
    match msg {
        Msg::Request { op } => format!("request op{op}"),
        Msg::PrePrepare(v) => vote("pre-prepare", v),
        Msg::Prepare(v) => vote("prepare", v),
        Msg::Commit(v) => vote("commit", v),
        Msg::Reply(r) => format!("reply op{}={}", r.op, r.result),
        Msg::ViewChange { view, certs, .. } => {
            format!(
                "view-change v{view} ({} cert{})",
                certs.len(),
                plural(certs.len())
            )
        }
        Msg::NewView { view, .. } => format!("new-view v{view}"),
    }
}

fn plural(n: usize) -> &'static str {
    match n {
        1 => "",
        _ => "s",
    }
}

pub fn record_note(record: &Record) -> String {
    match record {
        Record::Issued { op } => format!("issued op{op}"),
        Record::PrePrepared { view, seq, req } => {
            format!("pre-prepared {} at v{view} #{seq}", req.name())
        }
        Record::Prepared { view, seq, req } => format!("prepared {} at v{view} #{seq}", req.name()),
        Record::Committed { view, seq, req } => {
            format!("committed {} at v{view} #{seq}", req.name())
        }
        Record::Executed {
            seq,
            req,
            result: Some(result),
        } => format!("executed #{seq} {} = {result}", req.name()),
        Record::Executed {
            seq,
            req: Req::Null,
            ..
        } => format!("executed #{seq} null (nothing to do)"),
        Record::Executed { seq, req, .. } => {
            format!("executed #{seq} {}: done before, skipped", req.name())
        }
        Record::Accepted { op, result } => format!("accepted op{op} = {result}"),
        Record::ViewChangeStarted { view, certs } => {
            format!(
                "view change to v{view} ({certs} cert{})",
                plural(*certs as usize)
            )
        }
        Record::NewView { view } => format!("entered view {view}"),
        Record::Ignored { msg, why } => format!("ignored {}: {why}", label(msg)),
    }
}

pub fn protocol_view(pbft: &Pbft, world: &World<Pbft>) -> ProtocolView {
    let state = world.state();
    let replicas: Vec<&Replica> = (0..pbft.replicas())
        .filter_map(|r| match node_of(state, r) {
            Node::Replica(replica) => Some(replica),
            Node::Client(_) => None,
        })
        .collect();
    let who = |id: u32| match pbft.traitors().is_traitor(id) {
        true => format!("{id} (traitor)"),
        false => id.to_string(),
    };
    let mut logs = Vec::new();
    for replica in &replicas {
        for (&(view, seq), slot) in &replica.log {
            let count = |votes| slot.pre_prepare.map_or(0, |r| Slot::count(votes, r));
            logs.push(vec![
                who(replica.id),
                format!("v{view}"),
                format!("#{seq}"),
                slot.pre_prepare.map_or("–".to_string(), Req::name),
                format!("{}/{}", count(&slot.prepares), pbft.prepare_quorum()),
                format!("{}/{}", count(&slot.commits), pbft.commit_quorum()),
                match (slot.prepared, slot.committed) {
                    (_, true) => "committed",
                    (true, false) => "prepared",
                    _ => "–",
                }
                .to_string(),
            ]);
        }
    }
    let changes = replicas
        .iter()
        .map(|replica| {
            let collected: Vec<String> = replica
                .collected
                .iter()
                .map(|(view, from)| {
                    let ids: Vec<String> = from.keys().map(u32::to_string).collect();
                    format!("v{view}: from {}", ids.join(", "))
                })
                .collect();
            vec![
                who(replica.id),
                replica.view.to_string(),
                match (replica.changing, pbft.primary(replica.view) == replica.id) {
                    (true, _) => "changing".to_string(),
                    (false, true) => "primary".to_string(),
                    (false, false) => "backup".to_string(),
                },
                certs_text(&replica.certs()),
                match collected.is_empty() {
                    true => "–".to_string(),
                    false => collected.join("; "),
                },
            ]
        })
        .collect();
    ProtocolView {
        tables: vec![
            TableView {
                title: "Replicas' logs".to_string(),
                columns: ["replica", "view", "seq", "pre-prepare", "prepares", "commits", "status"]
                    .map(String::from)
                    .to_vec(),
                rows: logs,
                note: format!(
                    "Prepared: the pre-prepare and {} matching prepares from backups (its own counts); committed-local: prepared and {} matching commits.",
                    pbft.prepare_quorum(),
                    pbft.commit_quorum()
                ),
            },
            TableView {
                title: "View changes".to_string(),
                columns: ["replica", "view", "state", "prepared certificates", "view-changes collected"]
                    .map(String::from)
                    .to_vec(),
                rows: changes,
                note: format!(
                    "A new primary enters its view with view-changes from 2f = {} others; backups recompute O from V before they accept its new-view.",
                    2 * pbft.f()
                ),
            },
        ],
        ..ProtocolView::default()
    }
}
