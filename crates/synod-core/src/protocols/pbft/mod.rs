//! Practical Byzantine Fault Tolerance (Castro and Liskov, OSDI 1999; TOCS 2002): `n = 3f + 1`
//! replicas (nodes `0..3f`) run a state machine for a client (node `3f + 1`), safely under
//! asynchrony with up to `f` Byzantine replicas.
//!
//! - **Request.** The client's `request` command sends operation `opk` (its timestamp `k`) to
//!   the primary of the view it knows. It issues one at a time, the next only after it accepted
//!   the last: a command, not an automatic send, so that the command budget (`requests`) bounds
//!   the Explorer and the page decides when each begins. Its retry timer broadcasts the
//!   request to every replica.
//! - **Pre-prepare.** The primary of view `v` (`v mod n`) gives the request the next sequence
//!   number `s` and multicasts PRE-PREPARE(v, s, d, m).
//! - **Prepare.** A backup in view `v` that has accepted no other pre-prepare for `(v, s)`
//!   accepts it and multicasts PREPARE(v, s, d, i). *Prepared*: the pre-prepare and `2f`
//!   matching prepares from different backups (its own counts).
//! - **Commit.** Once prepared, a replica multicasts COMMIT(v, s, d, i). *Committed-local*:
//!   prepared and `2f + 1` matching commits (its own counts).
//! - **Execute and reply.** Requests run in sequence-number order (the null request does
//!   nothing); each operation's result is its position among the operations executed, sent in
//!   REPLY(v, t, c, i, r). The client accepts a result once `f + 1` replicas sent it.
//! - **View change.** A backup that received a request it has not executed runs a view-change
//!   timer; when it fires the backup moves to view `v + 1` and sends VIEW-CHANGE(v + 1, P, i),
//!   `P` its prepared certificates, to the new primary, and starts the timer again for `v + 2`.
//!   With `2f` of them from others, the new primary computes `O` (a pre-prepare in `v + 1` for
//!   every sequence number up to the highest prepared: the request prepared in the highest view,
//!   or the null request) and multicasts NEW-VIEW(v + 1, V, O); a backup recomputes `O` from
//!   `V` before it accepts, then prepares `O`'s pre-prepares as in the normal case.
//!
//! Simplifications, none of which touches safety: no checkpoints (runs are short, sequence
//! numbers bounded by requests and view changes); the digest is the request itself; a
//! view-change goes to the new primary only (the `f + 1` rule that makes a lagging replica join
//! a view change is left out, so each backup's own timer moves it); backups do not forward
//! requests, since the client's retry reaches the primary too.
//!
//! The flawed `weak-quorums` variant counts `f` prepares and `2f` commits as quorums: an
//! equivocating primary then gets two requests committed at one sequence number.

mod client;
pub mod properties;
mod replica;
pub mod traitors;
mod view_change;
mod views;

use serde::{Deserialize, Serialize};
use serde_json::{json, Value as Json};

use self::client::Client;
use self::properties::Monitor;
use self::replica::Replica;
use self::traitors::{TraitorSpec, Traitors};
use crate::action::NodeId;
use crate::budget::Budgets;
use crate::form::{CommandForm, Setting, SettingKind};
use crate::monitor::Observation;
use crate::network::{Channels, Network, Timing};
use crate::protocol::{listed_forgery, Out, PropertyInfo, Protocol, VariantInfo};
use crate::state::State;
use crate::verdict::Verdict;
use crate::view::{Field, ProtocolView};
use crate::world::World;

pub const MAX_REQUESTS: u8 = 3;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Variant {
    #[default]
    Pbft,
    /// Flawed: `f` prepares make a request prepared and `2f` commits committed-local.
    WeakQuorums,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    #[serde(default = "default_f")]
    pub f: u32,
    #[serde(default = "default_requests")]
    pub requests: u8,
    #[serde(default)]
    pub traitors: Vec<TraitorSpec>,
    #[serde(default)]
    pub variant: Variant,
}

fn default_f() -> u32 {
    1
}

fn default_requests() -> u8 {
    1
}

/// A request as replicas order it: the client's operation `opk` (its timestamp `k`), or the
/// null request a new view puts where no request prepared.
#[derive(Clone, Copy, Debug, Hash, PartialEq, Eq, PartialOrd, Ord)]
pub enum Req {
    Null,
    Op(u8),
}

impl Req {
    pub fn name(self) -> String {
        match self {
            Req::Null => "null".to_string(),
            Req::Op(k) => format!("op{k}"),
        }
    }
}

/// A pre-prepare, prepare or commit: `replica` says it about `req` at `seq` in `view`.
#[derive(Clone, Copy, Debug, Hash, PartialEq, Eq, PartialOrd, Ord)]
pub struct Vote {
    pub view: u32,
    pub seq: u32,
    pub req: Req,
    pub replica: NodeId,
}

/// REPLY(v, t, c, i, r): the result of operation `op` at `replica`.
#[derive(Clone, Copy, Debug, Hash, PartialEq, Eq, PartialOrd, Ord)]
pub struct Reply {
    pub view: u32,
    pub op: u8,
    pub replica: NodeId,
    pub result: u32,
}

/// A prepared certificate: the replica holds the pre-prepare of `req` at `seq` in `view` and
/// the prepares that make it prepared (only a replica's honest code makes one: a traitor may
/// leave certificates out of its view-change, never invent one).
#[derive(Clone, Copy, Debug, Hash, PartialEq, Eq, PartialOrd, Ord)]
pub struct Cert {
    pub seq: u32,
    pub view: u32,
    pub req: Req,
}

/// One view-change message of a NEW-VIEW's `V`.
#[derive(Clone, Debug, Hash, PartialEq, Eq, PartialOrd, Ord)]
pub struct Proof {
    pub replica: NodeId,
    pub certs: Vec<Cert>,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, PartialOrd, Ord)]
pub enum Msg {
    Request {
        op: u8,
    },
    PrePrepare(Vote),
    Prepare(Vote),
    Commit(Vote),
    Reply(Reply),
    ViewChange {
        view: u32,
        certs: Vec<Cert>,
        replica: NodeId,
    },
    NewView {
        view: u32,
        proofs: Vec<Proof>,
        order: Vec<(u32, Req)>,
        replica: NodeId,
    },
}

impl Msg {
    /// The replica whose identity the message carries (none for the client's request).
    pub fn signer(&self) -> Option<NodeId> {
        match self {
            Msg::Request { .. } => None,
            Msg::PrePrepare(v) | Msg::Prepare(v) | Msg::Commit(v) => Some(v.replica),
            Msg::Reply(r) => Some(r.replica),
            Msg::ViewChange { replica, .. } | Msg::NewView { replica, .. } => Some(*replica),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase", deny_unknown_fields)]
pub enum Cmd {
    /// The client issues its next operation.
    Request,
}

#[derive(Clone, Copy, Debug, Hash, PartialEq, Eq, PartialOrd, Ord)]
pub enum Timer {
    /// The client broadcasts its pending request to every replica.
    Retry,
    /// A backup gives up on the view and starts a view change.
    ViewChange,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Record {
    /// The client issued `op`.
    Issued {
        op: u8,
    },
    /// A replica accepted (or, as primary, made) the pre-prepare.
    PrePrepared {
        view: u32,
        seq: u32,
        req: Req,
    },
    Prepared {
        view: u32,
        seq: u32,
        req: Req,
    },
    Committed {
        view: u32,
        seq: u32,
        req: Req,
    },
    /// `result` is `None` for the null request and for an operation executed before.
    Executed {
        seq: u32,
        req: Req,
        result: Option<u32>,
    },
    /// The client accepted `result` for `op` (f + 1 matching replies).
    Accepted {
        op: u8,
        result: u32,
    },
    /// A replica's view-change timer fired: it moves to `view`.
    ViewChangeStarted {
        view: u32,
        certs: u32,
    },
    /// A replica entered `view` by a new-view message.
    NewView {
        view: u32,
    },
    Ignored {
        msg: Msg,
        why: &'static str,
    },
}

/// A replica or the client.
#[derive(Clone, Debug, Hash, PartialEq, Eq)]
pub enum Node {
    Replica(Replica),
    Client(Client),
}

#[derive(Clone, Debug)]
pub struct Pbft {
    f: u32,
    requests: u8,
    traitors: Traitors,
    variant: Variant,
}

impl Protocol for Pbft {
    type Params = Params;
    type Node = Node;
    type Durable = Node;
    type Msg = Msg;
    type Cmd = Cmd;
    type Record = Record;
    type Timer = Timer;
    type Monitor = Monitor;
    type Tag = ();
    type Chronicle = ();

    const NAME: &'static str = "pbft";
    const SUMMARY: &'static str = "Castro and Liskov's Practical Byzantine Fault Tolerance: 3f + 1 replicas order a client's requests through pre-prepare, prepare and commit quorums of 2f + 1, and replace a faulty primary by a view change, safe under asynchrony with up to f Byzantine replicas.";
    const VARIANTS: &'static [VariantInfo] = &[
        VariantInfo {
            name: "pbft",
            summary: "PBFT as Castro and Liskov give it: prepared after 2f matching prepares, committed-local after 2f + 1 commits.",
            flawed: false,
        },
        VariantInfo {
            name: "weak-quorums",
            summary: "Flawed: prepared after f prepares and committed-local after 2f commits; two such quorums need not share a correct replica, so an equivocating primary gets two requests committed at one sequence number.",
            flawed: true,
        },
    ];
    /// The traitor list counts `f` items (the form has no count of replicas): the page offers
    /// the first `f` replicas, the primary among them, so it never goes beyond `f` traitors;
    /// params may name any replica.
    const SETTINGS: &'static [Setting] = &[
        Setting {
            key: "f",
            label: "Faults tolerated (f): 3f + 1 replicas",
            kind: SettingKind::Count {
                min: 1,
                max: 2,
                default: 1,
            },
        },
        Setting {
            key: "requests",
            label: "Requests the client issues",
            kind: SettingKind::Count {
                min: 1,
                max: MAX_REQUESTS as u64,
                default: 1,
            },
        },
        Setting {
            key: "traitors",
            label: "Traitors",
            kind: SettingKind::Traitors {
                of: "f",
                per: 3,
                plus: 1,
                strategies: traitors::STRATEGY_NAMES,
            },
        },
    ];
    const PROPERTIES: &'static [PropertyInfo] = properties::PROPERTIES;
    const BYZANTINE: bool = true;

    fn new(params: Params) -> Result<Pbft, String> {
        if !(1..=2).contains(&params.f) {
            return Err(format!("f must be 1 or 2, not {}", params.f));
        }
        if !(1..=MAX_REQUESTS).contains(&params.requests) {
            return Err(format!(
                "requests must be between 1 and {MAX_REQUESTS}, not {}",
                params.requests
            ));
        }
        let replicas = 3 * params.f + 1;
        if let Some(client) = params.traitors.iter().find(|t| t.node == replicas) {
            return Err(format!(
                "traitors names node {}, the client: only replicas may be traitors",
                client.node
            ));
        }
        Ok(Pbft {
            f: params.f,
            requests: params.requests,
            traitors: Traitors::new(&params.traitors, replicas)?,
            variant: params.variant,
        })
    }

    fn node_count(&self) -> NodeId {
        self.replicas() + 1
    }

    /// FIFO channels, so that a new primary's NEW-VIEW arrives before its later pre-prepares;
    /// asynchronous timing, under which PBFT is safe (and, by FLP, not sure to finish).
    fn default_network(&self) -> Network {
        Network {
            channels: Channels::Fifo,
            timing: Timing::Async,
        }
    }

    fn init(&self, id: NodeId) -> Node {
        match id == self.client() {
            true => Node::Client(Client::default()),
            false => Node::Replica(Replica::new(id)),
        }
    }

    fn durable(&self, node: &Node) -> Node {
        node.clone()
    }

    /// Crashes are outside PBFT's model (a crashed replica is one of the f faults); a
    /// recovered node resumes as it was, as if it kept everything on disk.
    fn recover(&self, _id: NodeId, durable: Node, _out: &mut Out<Self>) -> Node {
        durable
    }

    fn on_message(&self, node: &mut Node, out: &mut Out<Self>, from: NodeId, msg: Msg) {
        if msg.signer().is_some_and(|signer| signer != from) {
            out.record(Record::Ignored {
                msg,
                why: "it carries another node's identity",
            });
            return;
        }
        match node {
            Node::Client(client) => self.client_receives(client, out, msg),
            Node::Replica(replica) => self.replica_receives(replica, out, from, msg),
        }
    }

    fn on_timer(&self, node: &mut Node, out: &mut Out<Self>, timer: Timer) {
        match (node, timer) {
            (Node::Client(client), Timer::Retry) => self.retry(client, out),
            (Node::Replica(replica), Timer::ViewChange) => self.start_view_change(replica, out),
            _ => {}
        }
    }

    fn on_command(&self, node: &mut Node, out: &mut Out<Self>, cmd: Cmd) -> Result<(), String> {
        let Cmd::Request = cmd;
        match node {
            Node::Client(client) => self.issue(client, out),
            Node::Replica(replica) => Err(format!(
                "replica {} takes no commands: the client (node {}) issues requests",
                replica.id,
                self.client()
            )),
        }
    }

    fn commands(&self, node: &Node) -> Vec<Cmd> {
        match node {
            Node::Client(client) if self.may_issue(client) => vec![Cmd::Request],
            _ => Vec::new(),
        }
    }

    /// Every request, one at a time.
    fn default_command_budget(&self) -> u32 {
        self.requests as u32
    }

    /// Each view-change timer moves a replica to a higher view, and each retry resends, so
    /// without a bound the runs never end. With none, the Explorer covers the normal case (where
    /// the weak quorums break agreement); `--timeouts 4` lets a view change happen.
    fn default_timeout_budget(&self) -> Option<u32> {
        Some(0)
    }

    fn monitor(&self) -> Monitor {
        Monitor::default()
    }

    fn observe(&self, monitor: &mut Monitor, step: &Observation<Self>) {
        if let Some(node) = step.node {
            monitor.observe(self, node, step.records, step.moment());
        }
    }

    fn tag(&self, _sender: &Node, _monitor: &Monitor, _msg: &Msg) {}

    fn verdicts(&self, state: &State<Self>, _network: &Network) -> Vec<Verdict> {
        views::verdicts(self, state)
    }

    /// Safety needs at most f traitors, whatever the network does. Liveness needs besides a
    /// network that loses nothing and timers that wait for what is in flight (synchronous
    /// timing): under asynchrony, view changes can come too early for ever (FLP).
    fn guaranteed(&self, property: &str, network: &Network, faults: &Budgets) -> bool {
        let few = self.traitors.count() <= self.f;
        match property {
            properties::LIVENESS => {
                few && network.timing == Timing::Sync
                    && faults.crashes == 0
                    && faults.drops == 0
                    && faults.partitions == 0
            }
            _ => few,
        }
    }

    fn resend_collapses(&self, msg: &Msg) -> bool {
        matches!(msg, Msg::Request { .. } | Msg::Reply(_))
    }

    fn ignores_forever(&self, node: &Node, msg: &Msg) -> bool {
        match node {
            Node::Client(client) => client.ignores_forever(msg),
            Node::Replica(replica) => self.stale(replica, msg).is_some(),
        }
    }

    fn traitor(&self, node: NodeId) -> bool {
        self.traitors.is_traitor(node)
    }

    /// A traitor may put another request (or the null one) in its pre-prepares, prepares and
    /// commits, a wrong result in its replies, and leave its certificates out of a view-change;
    /// it signs with its own key only, so it never speaks for another replica.
    fn forgeries(&self, _sender: &Node, _to: NodeId, msg: &Msg) -> Vec<Msg> {
        let reqs = || {
            std::iter::once(Req::Null)
                .chain((1..=self.requests).map(Req::Op))
                .collect::<Vec<_>>()
        };
        match msg {
            Msg::PrePrepare(v) => reqs()
                .into_iter()
                .map(|req| Msg::PrePrepare(Vote { req, ..*v }))
                .collect(),
            Msg::Prepare(v) => reqs()
                .into_iter()
                .map(|req| Msg::Prepare(Vote { req, ..*v }))
                .collect(),
            Msg::Commit(v) => reqs()
                .into_iter()
                .map(|req| Msg::Commit(Vote { req, ..*v }))
                .collect(),
            Msg::Reply(r) => vec![
                msg.clone(),
                Msg::Reply(Reply {
                    result: r.result + 1,
                    ..*r
                }),
            ],
            Msg::ViewChange {
                view,
                certs,
                replica,
            } if !certs.is_empty() => vec![
                msg.clone(),
                Msg::ViewChange {
                    view: *view,
                    certs: Vec::new(),
                    replica: *replica,
                },
            ],
            _ => vec![msg.clone()],
        }
    }

    /// Refuses a payload signed by another replica with PBFT's reason (authenticated
    /// messages), and otherwise takes one of [`Protocol::forgeries`].
    fn forge(&self, sender: &Node, to: NodeId, msg: &Msg, payload: &Json) -> Result<Msg, String> {
        let claimed = payload
            .as_object()
            .and_then(|o| o.values().next())
            .and_then(|inner| inner.get("replica"))
            .and_then(Json::as_u64);
        let signer = msg.signer();
        if let (Some(claimed), Some(signer)) = (claimed, signer) {
            if claimed != signer as u64 {
                return Err(format!(
                    "replica {signer} cannot sign as replica {claimed}: PBFT's messages are authenticated and a traitor holds only its own key"
                ));
            }
        }
        listed_forgery(self, sender, to, msg, payload)
    }

    fn node_state(&self, node: &Node) -> Json {
        views::node_state(node)
    }

    fn command_forms(&self, node: &Node) -> Vec<CommandForm> {
        match node {
            Node::Client(client) if self.may_issue(client) => vec![CommandForm::fixed(
                format!("Request op{}", client.issued + 1),
                json!("request"),
            )],
            _ => Vec::new(),
        }
    }

    fn inspect(&self, node: &Node) -> Vec<Field> {
        views::inspect(self, node)
    }

    fn inspect_durable(&self, durable: &Node) -> Vec<Field> {
        views::inspect(self, durable)
    }

    fn message_payload(&self, msg: &Msg) -> Json {
        views::payload(msg)
    }

    fn message_label(&self, msg: &Msg) -> String {
        views::label(msg)
    }

    fn message_kind(&self, msg: &Msg) -> &'static str {
        match msg {
            Msg::Request { .. } => "request",
            Msg::PrePrepare(_) => "pre-prepare",
            Msg::Prepare(_) => "prepare",
            Msg::Commit(_) => "commit",
            Msg::Reply(_) => "reply",
            Msg::ViewChange { .. } => "view-change",
            Msg::NewView { .. } => "new-view",
        }
    }

    fn command_label(&self, _cmd: &Cmd) -> String {
        "request".to_string()
    }

    fn timer_label(&self, timer: &Timer) -> String {
        match timer {
            Timer::Retry => "retry: broadcast the request".to_string(),
            Timer::ViewChange => "view change".to_string(),
        }
    }

    fn record_note(&self, record: &Record) -> String {
        views::record_note(record)
    }

    fn protocol_view(&self, world: &World<Self>) -> ProtocolView {
        views::protocol_view(self, world)
    }
}

impl Pbft {
    pub fn f(&self) -> u32 {
        self.f
    }

    pub fn replicas(&self) -> NodeId {
        3 * self.f + 1
    }

    /// The client's node: the one after the replicas.
    pub fn client(&self) -> NodeId {
        self.replicas()
    }

    pub fn requests(&self) -> u8 {
        self.requests
    }

    pub fn variant(&self) -> Variant {
        self.variant
    }

    pub fn traitors(&self) -> &Traitors {
        &self.traitors
    }

    /// The primary of `view`.
    pub fn primary(&self, view: u32) -> NodeId {
        view % self.replicas()
    }

    /// Prepares from different backups (its own included) that make a replica prepared.
    pub fn prepare_quorum(&self) -> u32 {
        match self.variant {
            Variant::Pbft => 2 * self.f,
            Variant::WeakQuorums => self.f,
        }
    }

    /// Commits (its own included) that make a prepared replica committed-local.
    pub fn commit_quorum(&self) -> u32 {
        match self.variant {
            Variant::Pbft => 2 * self.f + 1,
            Variant::WeakQuorums => 2 * self.f,
        }
    }

    /// Sends `honest` from replica `from` to `to`, as its strategy makes it if it is a traitor.
    fn emit(&self, from: NodeId, out: &mut Out<Self>, to: NodeId, honest: Msg) {
        if let Some(msg) = self.traitors.apply(from, to, self.f, honest) {
            out.send(to, msg);
        }
    }

    /// Sends `honest` from replica `from` to every other replica.
    fn multicast(&self, from: NodeId, out: &mut Out<Self>, honest: &Msg) {
        for to in (0..self.replicas()).filter(|to| *to != from) {
            self.emit(from, out, to, honest.clone());
        }
    }
}
