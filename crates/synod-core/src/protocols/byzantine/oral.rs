//! Oral messages OM(m) (Lamport, Shostak and Pease, 1982, §3), as the EIG tree in `m + 1`
//! lockstep rounds (see [`super::eig`]).
//!
//! - **OM(0).** The commander sends its order to every lieutenant, who obeys it (`retreat` if
//!   none came).
//! - **OM(m).** The commander sends its order; each lieutenant acts as the commander of
//!   OM(m − 1) towards the other `n − 2`; each lieutenant obeys the majority of the order it
//!   received and the `n − 2` results.
//!
//! A message is an order along a relay path. Round 1 carries the commander's orders (paths of
//! length 1), round `r` the relays of paths of length `r`; after round `m + 1` the lieutenants
//! decide. With `t` traitors, IC1 and IC2 hold when `n > 3t` and `m ≥ t`; with `n = 3` and one
//! traitor, no algorithm can meet both (the loyal lieutenant cannot tell a traitor lieutenant
//! from a traitor commander).

use serde::Deserialize;
use serde_json::{json, Value as Json};

use super::eig::{self, Orders, Path};
use super::properties::{Decisions, PROPERTIES};
use super::traitors::{TraitorSpec, Traitors};
use super::views;
use super::{check_size, oral_guaranteed, oral_why_broken, Order, COMMANDER, SETTINGS};
use crate::action::NodeId;
use crate::budget::Budgets;
use crate::form::{CommandForm, Setting};
use crate::monitor::Observation;
use crate::network::{Channels, Network, Timing};
use crate::protocol::{Out, PropertyInfo, Protocol, VariantInfo};
use crate::state::State;
use crate::verdict::Verdict;
use crate::view::{Field, ProtocolView};
use crate::world::World;

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    #[serde(default = "default_generals")]
    pub generals: NodeId,
    #[serde(default = "default_m")]
    pub m: u32,
    #[serde(default = "default_order")]
    pub order: Order,
    #[serde(default)]
    pub traitors: Vec<TraitorSpec>,
    #[serde(default)]
    pub variant: Variant,
}

/// OM has no flawed variant: too few generals for its traitors is its instructive failure.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Variant {
    #[default]
    Om,
}

fn default_generals() -> NodeId {
    4
}

fn default_m() -> u32 {
    1
}

fn default_order() -> Order {
    Order::Attack
}

#[derive(Clone, Debug)]
pub struct OralMessages {
    generals: NodeId,
    m: u32,
    order: Order,
    traitors: Traitors,
}

/// A general: the orders it received along each relay path (the commander receives none), the
/// round it is in, and its decision.
#[derive(Clone, Debug, Hash, PartialEq, Eq)]
pub struct General {
    pub id: NodeId,
    pub round: u32,
    pub received: Orders,
    pub decision: Option<Order>,
}

/// An order along a relay path: the last general on `path` sent it.
#[derive(Clone, Debug, Hash, PartialEq, Eq, PartialOrd, Ord)]
pub struct Msg {
    pub path: Path,
    pub order: Order,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Record {
    /// A message the receiver could not use (a second copy, or a path it does not expect).
    Ignored {
        path: Path,
        why: &'static str,
    },
    Decided {
        order: Order,
    },
}

impl Protocol for OralMessages {
    type Params = Params;
    type Node = General;
    type Durable = General;
    type Msg = Msg;
    type Cmd = ();
    type Record = Record;
    type Timer = ();
    type Monitor = Decisions;
    type Tag = ();
    type Chronicle = ();

    const NAME: &'static str = "byzantine-om";
    const SUMMARY: &'static str = "Byzantine generals with oral messages, OM(m): the commander's order is relayed along every path of m + 1 rounds and each lieutenant takes majorities bottom-up. It needs more than three times as many generals as traitors.";
    const VARIANTS: &'static [VariantInfo] = &[VariantInfo {
        name: "om",
        summary: "OM(m) as Lamport, Shostak and Pease give it, as the EIG tree: relay every order you received to everyone not on its path, then take majorities bottom-up.",
        flawed: false,
    }];
    const SETTINGS: &'static [Setting] = SETTINGS;
    const PROPERTIES: &'static [PropertyInfo] = PROPERTIES;
    const BYZANTINE: bool = true;

    fn new(params: Params) -> Result<OralMessages, String> {
        let n = params.generals;
        check_size(n, params.m)?;
        Ok(OralMessages {
            generals: n,
            m: params.m,
            order: params.order,
            traitors: Traitors::new(&params.traitors, n)?,
        })
    }

    fn node_count(&self) -> NodeId {
        self.generals
    }

    /// Lockstep rounds: every message of a round arrives before the next begins.
    fn default_network(&self) -> Network {
        Network {
            channels: Channels::Fifo,
            timing: Timing::Sync,
        }
    }

    fn init(&self, id: NodeId) -> General {
        General {
            id,
            round: 0,
            received: Orders::default(),
            decision: None,
        }
    }

    fn durable(&self, node: &General) -> General {
        node.clone()
    }

    /// The model has no crashes; a recovered general (outside the model) resumes as it was.
    fn recover(&self, _id: NodeId, durable: General, _out: &mut Out<Self>) -> General {
        durable
    }

    /// Keeps the order of a path it expects this round, the first copy only.
    fn on_message(&self, node: &mut General, out: &mut Out<Self>, from: NodeId, msg: Msg) {
        let expected = msg.path.len() == node.round as usize
            && msg.path.first() == Some(&COMMANDER)
            && msg.path.last() == Some(&from)
            && !msg.path.contains(&node.id)
            && msg
                .path
                .iter()
                .enumerate()
                .all(|(i, g)| !msg.path[..i].contains(g));
        if !expected {
            out.record(Record::Ignored {
                path: msg.path,
                why: "not a relay path it expects this round",
            });
            return;
        }
        if node.received.get(&msg.path).is_some() {
            out.record(Record::Ignored {
                path: msg.path,
                why: "it already has an order along this path",
            });
            return;
        }
        node.received.insert(msg.path, msg.order);
    }

    fn on_timer(&self, _node: &mut General, _out: &mut Out<Self>, _timer: ()) {}

    fn rounds(&self) -> Option<u32> {
        Some(self.m + 1)
    }

    /// Round 1: the commander sends its order. Rounds 2 to m + 1: each lieutenant relays what
    /// arrived in the round before. After round m + 1: every lieutenant decides.
    fn on_round(&self, node: &mut General, out: &mut Out<Self>, round: u32) {
        node.round = round;
        if round > self.m + 1 {
            let order = match node.id {
                COMMANDER => self.order,
                id => eig::val(
                    &eig::resolve(&node.received, self.generals, COMMANDER, id, self.m),
                    &[COMMANDER],
                ),
            };
            node.decision = Some(order);
            out.record(Record::Decided { order });
            return;
        }
        let sends: Vec<(Path, Order)> = match (node.id, round) {
            (COMMANDER, 1) => vec![(vec![COMMANDER], self.order)],
            (COMMANDER, _) | (_, 1) => Vec::new(),
            (id, _) => eig::relays(&node.received, self.generals, COMMANDER, id, round),
        };
        for (to, path, order) in eig::addressed(self.generals, node.id, sends, &self.traitors) {
            out.send(to, Msg { path, order });
        }
    }

    fn on_command(
        &self,
        _node: &mut General,
        _out: &mut Out<Self>,
        _cmd: (),
    ) -> Result<(), String> {
        Err("the generals take no commands: end the round to move them on".to_string())
    }

    fn commands(&self, _node: &General) -> Vec<()> {
        Vec::new()
    }

    fn default_command_budget(&self) -> u32 {
        0
    }

    fn monitor(&self) -> Decisions {
        Decisions::new(self.generals)
    }

    fn observe(&self, monitor: &mut Decisions, step: &Observation<Self>) {
        let decided = step.records.iter().filter_map(|record| match record {
            Record::Decided { order } => Some(*order),
            _ => None,
        });
        monitor.observe(&self.traitors, self.order, step, decided);
    }

    fn tag(&self, _sender: &General, _monitor: &Decisions, _msg: &Msg) {}

    fn verdicts(&self, state: &State<Self>, _network: &Network) -> Vec<Verdict> {
        let why = oral_why_broken(
            "generals",
            "meet IC1 and IC2",
            self.generals,
            self.m,
            self.traitors.count(),
        );
        state.monitor().verdicts(&self.traitors, &why)
    }

    /// IC1 and IC2 hold when n > 3t, m ≥ t and the network loses nothing.
    fn guaranteed(&self, _property: &str, network: &Network, faults: &Budgets) -> bool {
        oral_guaranteed(
            network,
            faults,
            self.generals,
            self.m,
            self.traitors.count(),
        )
    }

    fn traitor(&self, node: NodeId) -> bool {
        self.traitors.is_traitor(node)
    }

    /// Along its path, a traitor may say either order.
    fn forgeries(&self, _sender: &General, _to: NodeId, msg: &Msg) -> Vec<Msg> {
        Order::BOTH
            .map(|order| Msg {
                path: msg.path.clone(),
                order,
            })
            .to_vec()
    }

    fn node_state(&self, node: &General) -> Json {
        let received: serde_json::Map<String, Json> = node
            .received
            .iter()
            .map(|(path, order)| (views::path_key(path), json!(order)))
            .collect();
        json!({"decision": node.decision, "received": received})
    }

    fn command_forms(&self, _node: &General) -> Vec<CommandForm> {
        Vec::new()
    }

    fn inspect(&self, node: &General) -> Vec<Field> {
        views::inspect_general(self, node)
    }

    fn inspect_durable(&self, durable: &General) -> Vec<Field> {
        views::inspect_general(self, durable)
    }

    fn message_payload(&self, msg: &Msg) -> Json {
        json!({"path": msg.path, "order": msg.order})
    }

    fn message_label(&self, msg: &Msg) -> String {
        format!("{} {}", views::path_text(&msg.path), msg.order)
    }

    fn message_kind(&self, msg: &Msg) -> &'static str {
        msg.order.name()
    }

    fn command_label(&self, _cmd: &()) -> String {
        String::new()
    }

    fn timer_label(&self, _timer: &()) -> String {
        String::new()
    }

    fn record_note(&self, record: &Record) -> String {
        match record {
            Record::Ignored { path, why } => {
                format!("ignored {}: {why}", views::path_text(path))
            }
            Record::Decided { order } => format!("decided {order}"),
        }
    }

    fn protocol_view(&self, world: &World<Self>) -> ProtocolView {
        views::oral_view(self, world)
    }
}

impl OralMessages {
    pub fn generals(&self) -> NodeId {
        self.generals
    }

    pub fn m(&self) -> u32 {
        self.m
    }

    pub fn order(&self) -> Order {
        self.order
    }

    pub fn traitors(&self) -> &Traitors {
        &self.traitors
    }
}
