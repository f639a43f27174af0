//! Signed messages SM(m) (Lamport, Shostak and Pease, 1982, §4), in `m + 1` lockstep rounds.
//!
//! An order travels with a chain of signatures that starts at the commander: `attack:0:2` is
//! the commander's signed attack, countersigned by lieutenant 2. Each lieutenant `i` keeps `V`,
//! the orders it has received with a valid chain.
//! - **Round 1.** The commander signs its order and sends it to every lieutenant.
//! - **Rounds 2 to m + 1.** A lieutenant that added an order to `V` in the round before relays
//!   it, its own signature appended, to every lieutenant not on the chain (while the chain is
//!   shorter than `m + 1`).
//! - **After round m + 1.** It obeys `choice(V)`: the one order if `V` holds one, else retreat.
//!
//! Signatures cannot be forged, so a traitor lieutenant can only pass on (or keep back) orders
//! the commander really signed, and a loyal lieutenant that sees two signed orders knows the
//! commander lied. IC1 and IC2 hold for any number of generals and `m ≥ t` traitors; with 3
//! generals and one traitor, where oral messages must fail, SM(1) does not.
//!
//! A message is a bundle of signed orders, everything its sender sends that round: a traitor
//! may then send any set of chains it can sign (see [`Protocol::forgeries`]), which is
//! everything a Byzantine general can do in a round.

use serde::Deserialize;
use serde_json::{json, Value as Json};

use super::properties::{Decisions, PROPERTIES};
use super::traitors::{Strategy, TraitorSpec, Traitors};
use super::views;
use super::{check_size, Order, COMMANDER, SETTINGS};
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

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Variant {
    #[default]
    Sm,
}

fn default_generals() -> NodeId {
    3
}

fn default_m() -> u32 {
    1
}

fn default_order() -> Order {
    Order::Attack
}

/// The most chains a traitor may choose among for one message: the checker tries every set of
/// them.
const MAX_CHOICES: usize = 8;

#[derive(Clone, Debug)]
pub struct SignedMessages {
    generals: NodeId,
    m: u32,
    order: Order,
    traitors: Traitors,
}

/// An order with its chain of signatures, the commander's first.
#[derive(Clone, Debug, Hash, PartialEq, Eq, PartialOrd, Ord)]
pub struct Signed {
    pub order: Order,
    pub signatures: Vec<NodeId>,
}

impl Signed {
    /// The same order with `signer`'s signature appended.
    fn signed_by(&self, signer: NodeId) -> Signed {
        let mut signatures = self.signatures.clone();
        signatures.push(signer);
        Signed {
            order: self.order,
            signatures,
        }
    }
}

/// A general: its round, the chains it accepted (for relaying, and what a traitor can sign
/// on), `V`, the chains to relay this round, and its decision.
#[derive(Clone, Debug, Hash, PartialEq, Eq)]
pub struct General {
    pub id: NodeId,
    pub round: u32,
    /// Sorted.
    pub held: Vec<Signed>,
    /// Sorted.
    pub v: Vec<Order>,
    pub fresh: Vec<Signed>,
    pub decision: Option<Order>,
}

/// Every signed order a general sends one other in a round, sorted.
#[derive(Clone, Debug, Hash, PartialEq, Eq, PartialOrd, Ord)]
pub struct Msg {
    pub orders: Vec<Signed>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Record {
    /// A chain the receiver rejected, and why.
    Rejected {
        chain: Signed,
        why: &'static str,
    },
    /// An order joined `V`.
    Added {
        chain: Signed,
    },
    Decided {
        order: Order,
    },
}

impl Protocol for SignedMessages {
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

    const NAME: &'static str = "byzantine-sm";
    const SUMMARY: &'static str = "Byzantine generals with signed messages, SM(m): every order carries the signatures of those who passed it on, and a lieutenant obeys the only order it saw signed by the commander. Unforgeable signatures make any number of generals enough.";
    const VARIANTS: &'static [VariantInfo] = &[VariantInfo {
        name: "sm",
        summary: "SM(m) as Lamport, Shostak and Pease give it: relay each new signed order with your signature while its chain is shorter than m + 1; obey choice(V).",
        flawed: false,
    }];
    const SETTINGS: &'static [Setting] = SETTINGS;
    const PROPERTIES: &'static [PropertyInfo] = PROPERTIES;
    const BYZANTINE: bool = true;

    fn new(params: Params) -> Result<SignedMessages, String> {
        let n = params.generals;
        check_size(n, params.m)?;
        Ok(SignedMessages {
            generals: n,
            m: params.m,
            order: params.order,
            traitors: Traitors::new(&params.traitors, n)?,
        })
    }

    fn node_count(&self) -> NodeId {
        self.generals
    }

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
            held: Vec::new(),
            v: Vec::new(),
            fresh: Vec::new(),
            decision: None,
        }
    }

    fn durable(&self, node: &General) -> General {
        node.clone()
    }

    fn recover(&self, _id: NodeId, durable: General, _out: &mut Out<Self>) -> General {
        durable
    }

    /// Accepts each chain that is valid here and now; an order new to `V` is relayed next round.
    fn on_message(&self, node: &mut General, out: &mut Out<Self>, from: NodeId, msg: Msg) {
        for chain in msg.orders {
            if let Some(why) = self.invalid(node, from, &chain) {
                out.record(Record::Rejected { chain, why });
                continue;
            }
            if let Err(at) = node.v.binary_search(&chain.order) {
                node.v.insert(at, chain.order);
                out.record(Record::Added {
                    chain: chain.clone(),
                });
                if chain.signatures.len() <= self.m as usize {
                    node.fresh.push(chain.clone());
                }
            }
            if let Err(at) = node.held.binary_search(&chain) {
                node.held.insert(at, chain);
            }
        }
    }

    fn on_timer(&self, _node: &mut General, _out: &mut Out<Self>, _timer: ()) {}

    fn rounds(&self) -> Option<u32> {
        Some(self.m + 1)
    }

    /// Round 1: the commander signs and sends. Later rounds: relay the new orders. After the
    /// last: obey `choice(V)`.
    fn on_round(&self, node: &mut General, out: &mut Out<Self>, round: u32) {
        node.round = round;
        if round > self.m + 1 {
            let order = match node.id {
                COMMANDER => self.order,
                _ => choice(&node.v),
            };
            node.decision = Some(order);
            out.record(Record::Decided { order });
            return;
        }
        let relays: Vec<Signed> = match (node.id, round) {
            (COMMANDER, 1) => vec![Signed {
                order: self.order,
                signatures: vec![COMMANDER],
            }],
            (COMMANDER, _) | (_, 1) => Vec::new(),
            (id, _) => std::mem::take(&mut node.fresh)
                .into_iter()
                .map(|chain| chain.signed_by(id))
                .collect(),
        };
        for to in 1..self.generals {
            let honest: Vec<Signed> = relays
                .iter()
                .filter(|c| to != node.id && !c.signatures.contains(&to))
                .cloned()
                .collect();
            if honest.is_empty() {
                continue;
            }
            let orders = self.strategy_orders(node, to, honest);
            if !orders.is_empty() {
                out.send(to, Msg { orders });
            }
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
        let t = self.traitors.count();
        let why = if self.m < t {
            format!(
                "SM({}) copes with at most {} traitor(s); this run has {t}.",
                self.m, self.m
            )
        } else {
            "Faults outside the model (a crash or a lost message) did it.".to_string()
        };
        state.monitor().verdicts(&self.traitors, &why)
    }

    /// IC1 and IC2 hold for any number of generals when m ≥ t and the network loses nothing.
    fn guaranteed(&self, _property: &str, network: &Network, faults: &Budgets) -> bool {
        network.timing == Timing::Sync
            && faults.crashes == 0
            && faults.drops == 0
            && faults.partitions == 0
            && self.m >= self.traitors.count()
    }

    fn traitor(&self, node: NodeId) -> bool {
        self.traitors.is_traitor(node)
    }

    /// Every non-empty set of the chains the sender can sign this round that `to` can accept.
    fn forgeries(&self, sender: &General, to: NodeId, _msg: &Msg) -> Vec<Msg> {
        let signable = self.signable(sender, to);
        (1..1u32 << signable.len())
            .map(|set| Msg {
                orders: signable
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| set & (1 << i) != 0)
                    .map(|(_, chain)| chain.clone())
                    .collect(),
            })
            .collect()
    }

    /// Any set of chains the sender's key can sign: its own order if it commands, or a chain
    /// it holds with its signature appended. Another general's signature it does not hold is
    /// refused: it cannot be forged.
    fn forge(
        &self,
        sender: &General,
        _to: NodeId,
        _msg: &Msg,
        payload: &Json,
    ) -> Result<Msg, String> {
        let orders = read_orders(payload)?;
        for chain in &orders {
            self.signs(sender, chain)?;
        }
        Ok(Msg { orders })
    }

    fn node_state(&self, node: &General) -> Json {
        let held: Vec<String> = node.held.iter().map(chain_text).collect();
        json!({"decision": node.decision, "v": node.v, "chains": held})
    }

    fn command_forms(&self, _node: &General) -> Vec<CommandForm> {
        Vec::new()
    }

    fn inspect(&self, node: &General) -> Vec<Field> {
        inspect(self, node)
    }

    fn inspect_durable(&self, durable: &General) -> Vec<Field> {
        inspect(self, durable)
    }

    fn message_payload(&self, msg: &Msg) -> Json {
        json!({"orders": msg.orders.iter().map(|c| json!({"order": c.order, "signatures": c.signatures})).collect::<Vec<_>>()})
    }

    fn message_label(&self, msg: &Msg) -> String {
        let chains: Vec<String> = msg.orders.iter().map(chain_text).collect();
        chains.join(" + ")
    }

    fn message_kind(&self, msg: &Msg) -> &'static str {
        match msg.orders.as_slice() {
            [one] => one.order.name(),
            _ => "orders",
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
            Record::Rejected { chain, why } => format!("rejected {}: {why}", chain_text(chain)),
            Record::Added { chain } => format!("V gets {} ({})", chain.order, chain_text(chain)),
            Record::Decided { order } => format!("decided {order}"),
        }
    }

    fn protocol_view(&self, world: &World<Self>) -> ProtocolView {
        views::signed_view(self, world)
    }
}

impl SignedMessages {
    pub fn generals(&self) -> NodeId {
        self.generals
    }

    pub fn m(&self) -> u32 {
        self.m
    }

    pub fn traitors(&self) -> &Traitors {
        &self.traitors
    }

    /// Why `node` rejects `chain` from `from` now, if it does: a chain must start at the
    /// commander, name each signer once, end with its sender, leave out its receiver, and have
    /// as many signatures as rounds have begun.
    fn invalid(&self, node: &General, from: NodeId, chain: &Signed) -> Option<&'static str> {
        let sigs = &chain.signatures;
        if sigs.first() != Some(&COMMANDER) {
            Some("its chain does not start with the commander's signature")
        } else if sigs.last() != Some(&from) {
            Some("its sender did not sign it last")
        } else if sigs.iter().enumerate().any(|(i, s)| sigs[..i].contains(s)) {
            Some("a general signed it twice")
        } else if sigs.contains(&node.id) {
            Some("it already carries the receiver's signature")
        } else if sigs.len() != node.round as usize {
            Some("it has the wrong number of signatures for this round")
        } else {
            None
        }
    }

    /// The chains `sender` can sign this round that `to` can accept: its order, if it commands
    /// in round 1; else each chain it holds with one signature fewer than the round, itself and
    /// `to` off it, signed by it. At most [`MAX_CHOICES`].
    fn signable(&self, sender: &General, to: NodeId) -> Vec<Signed> {
        let mut chains: Vec<Signed> = match (sender.id, sender.round) {
            (COMMANDER, 1) => Order::BOTH
                .map(|order| Signed {
                    order,
                    signatures: vec![COMMANDER],
                })
                .to_vec(),
            (COMMANDER, _) => Vec::new(),
            (id, round) => sender
                .held
                .iter()
                .filter(|c| {
                    c.signatures.len() + 1 == round as usize
                        && !c.signatures.contains(&to)
                        && !c.signatures.contains(&id)
                })
                .map(|c| c.signed_by(id))
                .collect(),
        };
        chains.sort();
        chains.dedup();
        chains.truncate(MAX_CHOICES);
        chains
    }

    /// Whether `sender`'s key can sign `chain`: a chain of its own ends with its signature, and
    /// what it signs on is its own order (the commander) or a chain it holds.
    fn signs(&self, sender: &General, chain: &Signed) -> Result<(), String> {
        let text = chain_text(chain);
        let Some((last, before)) = chain.signatures.split_last() else {
            return Err("a signed order needs at least one signature".to_string());
        };
        if *last != sender.id {
            return Err(format!(
                "{text} would carry node {last}'s signature last, and node {} cannot sign for node {last}: signatures cannot be forged",
                sender.id
            ));
        }
        if before.is_empty() {
            return match sender.id {
                COMMANDER => Ok(()),
                id => Err(format!(
                    "{text} is an order signed by lieutenant {id} alone; an order must start with the commander's signature"
                )),
            };
        }
        let inner = Signed {
            order: chain.order,
            signatures: before.to_vec(),
        };
        if sender.held.binary_search(&inner).is_ok() {
            return Ok(());
        }
        let signer = before[before.len() - 1];
        Err(format!(
            "{text} countersigns {}, which node {} never received: it cannot forge node {signer}'s signature",
            chain_text(&inner),
            sender.id
        ))
    }

    /// What a traitor's strategy sends `to` where the honest code sends `honest`.
    fn strategy_orders(&self, node: &General, to: NodeId, honest: Vec<Signed>) -> Vec<Signed> {
        let Some(strategy) = self.traitors.strategy(node.id) else {
            return honest;
        };
        let signable = self.signable(node, to);
        let of = |order: Order| -> Vec<Signed> {
            signable
                .iter()
                .filter(|c| c.order == order)
                .take(1)
                .cloned()
                .collect()
        };
        match strategy {
            Strategy::Silent => Vec::new(),
            Strategy::Manual => honest,
            Strategy::Flip => {
                let honest_orders: Vec<Order> = honest.iter().map(|c| c.order).collect();
                signable
                    .iter()
                    .filter(|c| !honest_orders.contains(&c.order))
                    .cloned()
                    .collect()
            }
            Strategy::Split if to % 2 == 1 => of(Order::Attack),
            Strategy::Split => of(Order::Retreat),
            Strategy::Random => signable
                .iter()
                .filter(|c| self.traitors.draw(node.id, to, c))
                .cloned()
                .collect(),
        }
    }
}

/// Lamport's `choice(V)`: the one order in `V`, or retreat when it holds none or both.
pub fn choice(v: &[Order]) -> Order {
    match v {
        [one] => *one,
        _ => Order::Retreat,
    }
}

/// A chain as Lamport writes it: `attack:0:2`.
pub fn chain_text(chain: &Signed) -> String {
    let mut text = chain.order.name().to_string();
    for signer in &chain.signatures {
        text.push_str(&format!(":{signer}"));
    }
    text
}

fn inspect(protocol: &SignedMessages, node: &General) -> Vec<Field> {
    let v: Vec<&str> = node.v.iter().map(|o| o.name()).collect();
    let held: Vec<String> = node.held.iter().map(chain_text).collect();
    let mut fields = vec![
        Field::new(
            "role",
            if node.id == COMMANDER {
                "commander"
            } else {
                "lieutenant"
            },
        ),
        Field::new("loyalty", protocol.traitors().describe(node.id)),
    ];
    if node.id != COMMANDER {
        fields.push(Field::new("V", format!("{{{}}}", v.join(", "))));
        fields.push(Field::new(
            "chains received",
            if held.is_empty() {
                "none".to_string()
            } else {
                held.join(", ")
            },
        ));
    }
    fields.push(Field::new(
        "decision",
        node.decision.map_or("not yet", Order::name),
    ));
    fields
}

/// The signed orders of a forged payload: `{"orders": [{"order": "attack", "signatures": [0]}]}`.
fn read_orders(payload: &Json) -> Result<Vec<Signed>, String> {
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Payload {
        orders: Vec<Chain>,
    }
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Chain {
        order: Order,
        signatures: Vec<NodeId>,
    }
    let read: Payload = serde_json::from_value(payload.clone()).map_err(|e| {
        format!("a signed-messages payload is {{\"orders\": [{{\"order\": \"attack\", \"signatures\": [0, …]}}]}} ({e})")
    })?;
    if read.orders.is_empty() {
        return Err(
            "a message holds at least one signed order; withhold it (payload null) to send nothing"
                .to_string(),
        );
    }
    let mut orders: Vec<Signed> = read
        .orders
        .into_iter()
        .map(|c| Signed {
            order: c.order,
            signatures: c.signatures,
        })
        .collect();
    orders.sort();
    orders.dedup();
    Ok(orders)
}
