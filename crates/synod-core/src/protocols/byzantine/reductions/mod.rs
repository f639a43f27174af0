//! Consensus (C), Byzantine generals (BG) and interactive consistency (IC) solve one another
//! (Attiya and Welch, §5.2; Lynch, §6.3), each composition computed by the real protocols:
//! - **IC from BG**: `n` instances of OM(m) side by side, process `k` the commander of
//!   instance `k`; each process's vector holds its own proposal and, for every other process,
//!   what that instance decided.
//! - **C from IC**: IC, then every process applies the same function to its vector: the
//!   majority (a tie is `retreat`).
//! - **BG from C**: the leader (process 0) sends its value in a round of its own; then every
//!   process runs C on what it received (nothing counts as `retreat`).
//!
//! All instances share the rounds: a relay path starts at its instance's commander, so one
//! `Orders` holds them all and a message names its instance by its path.

pub mod problems;
mod views;

use serde::Deserialize;
use serde_json::{json, Value as Json};

use super::eig::{self, Orders, Path};
use super::traitors::{TraitorSpec, Traitors};
use super::{
    check_size, oral_guaranteed, oral_why_broken, Order, M, MAX_GENERALS, MIN_GENERALS, TRAITORS,
};
use crate::action::NodeId;
use crate::budget::Budgets;
use crate::form::{CommandForm, Setting, SettingKind};
use crate::monitor::Observation;
use crate::network::{Channels, Network, Timing};
use crate::protocol::{Out, PropertyInfo, Protocol, VariantInfo};
use crate::state::State;
use crate::verdict::Verdict;
use crate::view::{Field, ProtocolView};
use crate::world::World;
use problems::{Decided, Decisions, Judge, LEADER, PROPERTIES};

/// Which problem is solved from which.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Reduction {
    #[default]
    IcFromBg,
    CFromIc,
    BgFromC,
}

impl Reduction {
    /// The rounds before interactive consistency starts: BG from C spends one on the leader's
    /// value.
    fn lead_rounds(self) -> u32 {
        match self {
            Reduction::BgFromC => 1,
            _ => 0,
        }
    }

    pub fn problem(self) -> &'static str {
        match self {
            Reduction::IcFromBg => "IC",
            Reduction::CFromIc => "C",
            Reduction::BgFromC => "BG",
        }
    }
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    #[serde(default = "default_generals")]
    pub generals: NodeId,
    #[serde(default = "default_m")]
    pub m: u32,
    /// Each process's proposal; under BG from C only the leader's counts.
    #[serde(default)]
    pub proposals: Option<Vec<Order>>,
    #[serde(default)]
    pub traitors: Vec<TraitorSpec>,
    #[serde(default)]
    pub variant: Reduction,
}

fn default_generals() -> NodeId {
    4
}

fn default_m() -> u32 {
    1
}

#[derive(Clone, Debug)]
pub struct Reductions {
    processes: NodeId,
    m: u32,
    proposals: Vec<Order>,
    traitors: Traitors,
    reduction: Reduction,
}

/// A process: the round it is in, its proposal (under BG from C, what the leader sent it, once
/// interactive consistency starts), the orders of every instance it received along each relay
/// path, and what it decided.
#[derive(Clone, Debug, Hash, PartialEq, Eq)]
pub struct Process {
    pub id: NodeId,
    pub round: u32,
    /// BG from C: what arrived from the leader in the first round.
    pub from_leader: Option<Order>,
    pub proposal: Option<Order>,
    pub received: Orders,
    pub vector: Option<Vec<Order>>,
    pub decision: Option<Order>,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, PartialOrd, Ord)]
pub enum Msg {
    /// BG from C: the leader's value.
    Lead(Order),
    /// An order of the instance commanded by `path[0]`, relayed along `path`.
    Relay { path: Path, order: Order },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Record {
    /// A message the receiver could not use.
    Ignored { what: String, why: &'static str },
    /// The proposal it starts interactive consistency with.
    Proposes { order: Order },
    Decided {
        vector: Vec<Order>,
        order: Option<Order>,
    },
}

const SETTINGS: &[Setting] = &[
    Setting {
        key: "generals",
        label: "Processes",
        kind: SettingKind::Count {
            min: MIN_GENERALS as u64,
            max: MAX_GENERALS as u64,
            default: 4,
        },
    },
    M,
    Setting {
        key: "proposals",
        label: "Proposals (BG from C: process 0's is the leader's value)",
        kind: SettingKind::Choices {
            of: "generals",
            options: &["attack", "retreat"],
            default: "attack",
        },
    },
    TRAITORS,
];

impl Protocol for Reductions {
    type Params = Params;
    type Node = Process;
    type Durable = Process;
    type Msg = Msg;
    type Cmd = ();
    type Record = Record;
    type Timer = ();
    type Monitor = Decisions;
    type Tag = ();
    type Chronicle = ();

    const NAME: &'static str = "byzantine-reductions";
    const SUMMARY: &'static str = "Consensus, Byzantine generals and interactive consistency solve one another: IC from n instances of OM(m), C by a majority of the IC vector, BG by the leader's value and then C. Each run is checked for the properties of the problem it solves.";
    const VARIANTS: &'static [VariantInfo] = &[
        VariantInfo {
            name: "ic-from-bg",
            summary: "Interactive consistency from Byzantine generals: every process commands its own instance of OM(m), all in the same rounds; its vector holds each instance's decision and its own proposal.",
            flawed: false,
        },
        VariantInfo {
            name: "c-from-ic",
            summary: "Consensus from interactive consistency: run IC, then every process decides the majority of its vector (a tie is retreat).",
            flawed: false,
        },
        VariantInfo {
            name: "bg-from-c",
            summary: "Byzantine generals from consensus: the leader (process 0) sends its value, then every process runs C (from IC) on what it received.",
            flawed: false,
        },
    ];
    const SETTINGS: &'static [Setting] = SETTINGS;
    const PROPERTIES: &'static [PropertyInfo] = PROPERTIES;
    const BYZANTINE: bool = true;
    /// A process only stores what arrives (the first order along each path), so the Explorer
    /// need not try which of `n` instances' relays arrive first.
    const ROUND_ARRIVALS_COMMUTE: bool = true;

    fn new(params: Params) -> Result<Reductions, String> {
        let n = params.generals;
        check_size(n, params.m)?;
        let proposals = params
            .proposals
            .unwrap_or_else(|| vec![Order::Attack; n as usize]);
        if proposals.len() != n as usize {
            return Err(format!(
                "proposals must hold one order per process ({n}), not {}",
                proposals.len()
            ));
        }
        Ok(Reductions {
            processes: n,
            m: params.m,
            proposals,
            traitors: Traitors::new(&params.traitors, n)?,
            reduction: params.variant,
        })
    }

    fn node_count(&self) -> NodeId {
        self.processes
    }

    /// Lockstep rounds: every message of a round arrives before the next begins.
    fn default_network(&self) -> Network {
        Network {
            channels: Channels::Fifo,
            timing: Timing::Sync,
        }
    }

    fn init(&self, id: NodeId) -> Process {
        Process {
            id,
            round: 0,
            from_leader: None,
            proposal: None,
            received: Orders::default(),
            vector: None,
            decision: None,
        }
    }

    fn durable(&self, node: &Process) -> Process {
        node.clone()
    }

    /// The model has no crashes; a recovered process (outside the model) resumes as it was.
    fn recover(&self, _id: NodeId, durable: Process, _out: &mut Out<Self>) -> Process {
        durable
    }

    /// Keeps the leader's value in the leader's round, and the first order along a relay path
    /// of the right length this round.
    fn on_message(&self, node: &mut Process, out: &mut Out<Self>, from: NodeId, msg: Msg) {
        match msg {
            Msg::Lead(order) => {
                if node.round != 1 || self.reduction != Reduction::BgFromC || from != LEADER {
                    out.record(Record::Ignored {
                        what: format!("{order} from the leader"),
                        why: "not the leader's round",
                    });
                } else if node.from_leader.is_some() {
                    out.record(Record::Ignored {
                        what: format!("{order} from the leader"),
                        why: "it already has the leader's value",
                    });
                } else {
                    node.from_leader = Some(order);
                }
            }
            Msg::Relay { path, order } => {
                let ic_round = node.round.saturating_sub(self.reduction.lead_rounds());
                let expected = path.len() == ic_round as usize
                    && path.last() == Some(&from)
                    && !path.contains(&node.id)
                    && path.iter().enumerate().all(|(i, g)| !path[..i].contains(g));
                let why = if !expected {
                    "not a relay path it expects this round"
                } else if node.received.get(&path).is_some() {
                    "it already has an order along this path"
                } else {
                    node.received.insert(path, order);
                    return;
                };
                out.record(Record::Ignored {
                    what: super::views::path_text(&path),
                    why,
                });
            }
        }
    }

    fn on_timer(&self, _node: &mut Process, _out: &mut Out<Self>, _timer: ()) {}

    fn rounds(&self) -> Option<u32> {
        Some(self.reduction.lead_rounds() + self.m + 1)
    }

    /// BG from C's first round: the leader sends its value. Then interactive consistency: in
    /// its first round every process sends its proposal (commanding its instance), in the
    /// next `m` every process relays what arrived in the round before, along every instance's
    /// paths. After the last round every process decides.
    fn on_round(&self, node: &mut Process, out: &mut Out<Self>, round: u32) {
        node.round = round;
        let lead = self.reduction.lead_rounds();
        if round > lead + self.m + 1 {
            self.decide(node, out);
            return;
        }
        if round <= lead {
            if node.id == LEADER {
                let value = self.proposals[LEADER as usize];
                for to in out.others().collect::<Vec<_>>() {
                    if let Some(order) = self.traitors.order(LEADER, to, value, &[]) {
                        out.send(to, Msg::Lead(order));
                    }
                }
            }
            return;
        }
        let ic_round = round - lead;
        if ic_round == 1 {
            let proposal = match self.reduction {
                Reduction::BgFromC if node.id != LEADER => node.from_leader.unwrap_or_default(),
                _ => self.proposals[node.id as usize],
            };
            node.proposal = Some(proposal);
            out.record(Record::Proposes { order: proposal });
            self.relay(out, node.id, vec![(vec![node.id], proposal)]);
            return;
        }
        let relays = (0..self.processes)
            .filter(|root| *root != node.id)
            .flat_map(|root| eig::relays(&node.received, self.processes, root, node.id, ic_round))
            .collect();
        self.relay(out, node.id, relays);
    }

    fn on_command(
        &self,
        _node: &mut Process,
        _out: &mut Out<Self>,
        _cmd: (),
    ) -> Result<(), String> {
        Err("the processes take no commands: end the round to move them on".to_string())
    }

    fn commands(&self, _node: &Process) -> Vec<()> {
        Vec::new()
    }

    fn default_command_budget(&self) -> u32 {
        0
    }

    fn monitor(&self) -> Decisions {
        Decisions::new(self.processes)
    }

    fn observe(&self, monitor: &mut Decisions, step: &Observation<Self>) {
        let Some(node) = step.node else {
            return;
        };
        for record in step.records {
            if let Record::Decided { vector, order } = record {
                let decided = match order {
                    Some(order) => Decided::Value(*order),
                    None => Decided::Vector(vector.clone()),
                };
                monitor.decide(&self.judge(), node, decided, step.moment());
            }
        }
    }

    fn tag(&self, _sender: &Process, _monitor: &Decisions, _msg: &Msg) {}

    fn verdicts(&self, state: &State<Self>, _network: &Network) -> Vec<Verdict> {
        let why = oral_why_broken(
            "processes",
            "solve it",
            self.processes,
            self.m,
            self.traitors.count(),
        );
        state.monitor().verdicts(&self.judge(), &why)
    }

    /// Agreement and validity hold when OM(m) underneath is promised to work.
    fn guaranteed(&self, _property: &str, network: &Network, faults: &Budgets) -> bool {
        oral_guaranteed(
            network,
            faults,
            self.processes,
            self.m,
            self.traitors.count(),
        )
    }

    fn traitor(&self, node: NodeId) -> bool {
        self.traitors.is_traitor(node)
    }

    /// A traitor may say either order, as the leader or along its path.
    fn forgeries(&self, _sender: &Process, _to: NodeId, msg: &Msg) -> Vec<Msg> {
        Order::BOTH
            .map(|order| match msg {
                Msg::Lead(_) => Msg::Lead(order),
                Msg::Relay { path, .. } => Msg::Relay {
                    path: path.clone(),
                    order,
                },
            })
            .to_vec()
    }

    fn node_state(&self, node: &Process) -> Json {
        json!({"proposal": node.proposal, "vector": node.vector, "decision": node.decision})
    }

    fn command_forms(&self, _node: &Process) -> Vec<CommandForm> {
        Vec::new()
    }

    fn inspect(&self, node: &Process) -> Vec<Field> {
        views::inspect(self, node)
    }

    fn inspect_durable(&self, durable: &Process) -> Vec<Field> {
        views::inspect(self, durable)
    }

    fn message_payload(&self, msg: &Msg) -> Json {
        match msg {
            Msg::Lead(order) => json!({"lead": order}),
            Msg::Relay { path, order } => json!({"path": path, "order": order}),
        }
    }

    fn message_label(&self, msg: &Msg) -> String {
        match msg {
            Msg::Lead(order) => format!("lead {order}"),
            Msg::Relay { path, order } => format!("{} {order}", super::views::path_text(path)),
        }
    }

    fn message_kind(&self, msg: &Msg) -> &'static str {
        match msg {
            Msg::Lead(order) | Msg::Relay { order, .. } => order.name(),
        }
    }

    fn command_label(&self, _cmd: &()) -> String {
        String::new()
    }

    fn timer_label(&self, _timer: &()) -> String {
        String::new()
    }

    fn record_note(&self, record: &Record) -> String {
        match record {
            Record::Ignored { what, why } => format!("ignored {what}: {why}"),
            Record::Proposes { order } => format!("proposes {order}"),
            Record::Decided {
                vector,
                order: None,
            } => {
                format!("decided {}", problems::vector_text(vector))
            }
            Record::Decided {
                vector,
                order: Some(order),
            } => format!("vector {}, decided {order}", problems::vector_text(vector)),
        }
    }

    fn protocol_view(&self, world: &World<Self>) -> ProtocolView {
        views::protocol_view(self, world)
    }
}

impl Reductions {
    /// Sends each `(path, honest order)` to every process not on the path, as its strategy
    /// has it if `from` is a traitor.
    fn relay(&self, out: &mut Out<Self>, from: NodeId, sends: Vec<(Path, Order)>) {
        for (to, path, order) in eig::addressed(self.processes, from, sends, &self.traitors) {
            out.send(to, Msg::Relay { path, order });
        }
    }

    /// The vector (its own proposal, and each other instance's OM decision), and under C and
    /// BG its majority.
    fn decide(&self, node: &mut Process, out: &mut Out<Self>) {
        let vector = self.vector_of(node);
        let order = match self.reduction {
            Reduction::IcFromBg => None,
            Reduction::CFromIc | Reduction::BgFromC => Some(eig::majority(&vector)),
        };
        node.vector = Some(vector.clone());
        node.decision = order;
        out.record(Record::Decided { vector, order });
    }

    /// Each instance's value at `node`: its own proposal for its own instance, the root of its
    /// EIG tree for every other.
    pub fn vector_of(&self, node: &Process) -> Vec<Order> {
        (0..self.processes)
            .map(|root| match root == node.id {
                true => node.proposal.unwrap_or_default(),
                false => eig::val(
                    &eig::resolve(&node.received, self.processes, root, node.id, self.m),
                    &[root],
                ),
            })
            .collect()
    }

    fn judge(&self) -> Judge<'_> {
        Judge {
            reduction: self.reduction,
            traitors: &self.traitors,
            proposals: &self.proposals,
        }
    }

    /// The rounds before interactive consistency starts.
    pub fn rounds_before_ic(&self) -> u32 {
        self.reduction.lead_rounds()
    }

    pub fn processes(&self) -> NodeId {
        self.processes
    }

    pub fn m(&self) -> u32 {
        self.m
    }

    pub fn reduction(&self) -> Reduction {
        self.reduction
    }

    pub fn proposals(&self) -> &[Order] {
        &self.proposals
    }

    pub fn traitors(&self) -> &Traitors {
        &self.traitors
    }
}
