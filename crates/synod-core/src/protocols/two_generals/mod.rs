//! The two generals (Akkoyunlu, Ekanadham and Huber, 1975; Gray, 1978): two armies must attack
//! together at dawn or not at all, and their messengers may be captured. Dropping a message is
//! inside this model, not a broken assumption.
//!
//! General 0 plans the attack and sends the order (message 0); then the generals acknowledge in
//! turn: message `i + 1` acknowledges message `i`, up to `acks` acknowledgements.
//! - **`fixed`**: a general attacks once it has sent or received the last message of the chain
//!   (its sender attacks on sending it, its receiver on receiving it); a general still waiting at
//!   dawn retreats. Whatever `acks` is, the last message may be lost, and its sender cannot tell:
//!   the Explorer finds that run in `acks + 3` steps (the plan, `acks` deliveries, the drop, dawn).
//! - **`resend`**: no deadline; every message but the last is resent on a timer until the next one
//!   arrives, and each copy of a message is acknowledged again. The generals attack together only
//!   once some copy of every message gets through: they terminate only if the channel is fair.

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
use crate::verdict::{Kind, Verdict};
use crate::view::{Field, ProtocolView};
use crate::world::World;

const MAX_ACKS: u32 = 5;
/// When dawn comes, in time units from the start: after the plan (due at once), so that under
/// synchronous timing every message not lost arrives before it.
const DAWN: u32 = 1;
/// How long a general waits for the next message before resending its own (`resend`).
const RETRY: u32 = 1;

pub const AGREEMENT: &str = "agreement";
pub const NON_TRIVIALITY: &str = "non-triviality";

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// How many acknowledgements follow the order before the generals attack.
    #[serde(default = "default_acks")]
    pub acks: u32,
    #[serde(default)]
    pub variant: Variant,
}

fn default_acks() -> u32 {
    1
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Variant {
    #[default]
    Fixed,
    Resend,
}

#[derive(Clone, Debug)]
pub struct TwoGenerals {
    acks: u32,
    variant: Variant,
}

#[derive(Clone, Copy, Debug, Hash, PartialEq, Eq, PartialOrd, Ord)]
pub enum Decision {
    Attack,
    Retreat,
}

impl Decision {
    pub fn word(self) -> &'static str {
        match self {
            Decision::Attack => "attack",
            Decision::Retreat => "retreat",
        }
    }
}

/// A general: how far along the chain it is (the highest message it sent or received, if any)
/// and what it decided.
#[derive(Clone, Debug, Hash, PartialEq, Eq)]
pub struct General {
    pub id: NodeId,
    /// The highest message of the chain this general has sent or received.
    pub reached: Option<u32>,
    pub decision: Option<Decision>,
}

/// Message `index` of the chain: 0 is the order ("attack at dawn"), `i > 0` acknowledges `i − 1`.
#[derive(Clone, Copy, Debug, Hash, PartialEq, Eq, PartialOrd, Ord)]
pub struct Msg {
    pub index: u32,
}

#[derive(Clone, Copy, Debug, Hash, PartialEq, Eq, PartialOrd, Ord)]
pub enum Timer {
    /// General 0 plans the attack and sends the order (due at once).
    Plan,
    /// Dawn (`fixed`): a general that has not committed retreats.
    Dawn,
    /// Resend the last message sent (`resend`), until the next one arrives.
    Retry,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Record {
    Decided(Decision),
}

/// What the properties remember: each general's decision, whether a message was lost, and the
/// first disagreement and the first retreat without a loss.
#[derive(Clone, Debug, Hash, PartialEq, Eq)]
pub struct Monitor {
    decisions: [Option<Decision>; 2],
    lost: bool,
    /// 0 agreement, 1 non-triviality.
    breaches: Breaches<2>,
}

impl TwoGenerals {
    /// Which general sends message `index`: the chain alternates, starting at general 0.
    fn sender(index: u32) -> NodeId {
        index % 2
    }

    pub fn acks(&self) -> u32 {
        self.acks
    }

    pub fn variant(&self) -> Variant {
        self.variant
    }

    /// Sends message `index` from `general`: the last message commits its sender; in `resend`
    /// any other waits for the next under a retry timer.
    fn send(&self, general: &mut General, out: &mut Out<Self>, index: u32) {
        general.reached = Some(index);
        out.send(1 - general.id, Msg { index });
        if index == self.acks {
            self.decide(general, out, Decision::Attack);
        } else if self.variant == Variant::Resend {
            out.set_timer_after(Timer::Retry, RETRY);
        }
    }

    fn decide(&self, general: &mut General, out: &mut Out<Self>, decision: Decision) {
        if general.decision.is_none() {
            general.decision = Some(decision);
            out.record(Record::Decided(decision));
            out.cancel_timer(Timer::Dawn);
        }
    }
}

impl Protocol for TwoGenerals {
    type Params = Params;
    type Node = General;
    type Durable = General;
    type Msg = Msg;
    type Cmd = ();
    type Record = Record;
    type Timer = Timer;
    type Monitor = Monitor;
    type Tag = ();
    type Chronicle = ();

    const NAME: &'static str = "two-generals";
    const SUMMARY: &'static str = "Two generals agree to attack over a channel that loses messages. Acknowledge as often as you like: the last message may be lost and its sender cannot tell, so no deterministic protocol guarantees they act together.";
    const VARIANTS: &'static [VariantInfo] = &[
        VariantInfo {
            name: "fixed",
            summary: "Attack after a fixed number of acknowledgements; retreat at dawn if the chain is not complete.",
            flawed: false,
        },
        VariantInfo {
            name: "resend",
            summary: "No deadline: resend each message until the next arrives. The generals attack together only if some copy of every message gets through.",
            flawed: false,
        },
    ];
    const SETTINGS: &'static [Setting] = &[Setting {
        key: "acks",
        label: "Acknowledgements before attacking",
        kind: SettingKind::Count {
            min: 0,
            max: MAX_ACKS as u64,
            default: 1,
        },
    }];
    const PROPERTIES: &'static [PropertyInfo] = &[
        PropertyInfo {
            name: AGREEMENT,
            kind: Kind::Safety,
        },
        PropertyInfo {
            name: NON_TRIVIALITY,
            kind: Kind::Liveness,
        },
    ];

    fn new(params: Params) -> Result<TwoGenerals, String> {
        if params.acks > MAX_ACKS {
            return Err(format!(
                "acks must be between 0 and {MAX_ACKS}, not {}",
                params.acks
            ));
        }
        Ok(TwoGenerals {
            acks: params.acks,
            variant: params.variant,
        })
    }

    fn node_count(&self) -> NodeId {
        2
    }

    /// Synchronous timing: every message not lost arrives before dawn, so only a loss can part
    /// the generals.
    fn default_network(&self) -> Network {
        Network {
            channels: Channels::Fifo,
            timing: Timing::Sync,
        }
    }

    fn init(&self, id: NodeId) -> General {
        General {
            id,
            reached: None,
            decision: None,
        }
    }

    fn initial_timers(&self, node: NodeId) -> Vec<(Timer, u32)> {
        let mut timers = Vec::new();
        if node == 0 {
            timers.push((Timer::Plan, 0));
        }
        if self.variant == Variant::Fixed {
            timers.push((Timer::Dawn, DAWN));
        }
        timers
    }

    fn durable(&self, general: &General) -> General {
        general.clone()
    }

    /// Crashes are outside the model; a recovered general resumes as it was.
    fn recover(&self, _id: NodeId, durable: General, _out: &mut Out<Self>) -> General {
        durable
    }

    /// The next message of the chain moves a general on: it attacks if that was the last, and
    /// otherwise answers with the one after. In `resend` a copy of a message it has answered is
    /// answered again (its sender did not hear the answer). A general that retreated ignores
    /// everything: the battle is over.
    fn on_message(&self, general: &mut General, out: &mut Out<Self>, _from: NodeId, msg: Msg) {
        if general.decision == Some(Decision::Retreat) {
            return;
        }
        let fresh = general.reached.is_none_or(|reached| msg.index > reached);
        if fresh {
            out.cancel_timer(Timer::Retry);
            general.reached = Some(msg.index);
            if msg.index == self.acks {
                self.decide(general, out, Decision::Attack);
                return;
            }
        } else if self.variant == Variant::Fixed || msg.index >= self.acks {
            return;
        }
        let reply = msg.index + 1;
        if fresh {
            self.send(general, out, reply);
        } else if general.reached == Some(reply) {
            out.send(1 - general.id, Msg { index: reply });
        }
    }

    fn on_timer(&self, general: &mut General, out: &mut Out<Self>, timer: Timer) {
        match timer {
            Timer::Plan => self.send(general, out, 0),
            Timer::Dawn => self.decide(general, out, Decision::Retreat),
            Timer::Retry => {
                if let Some(index) = general.reached {
                    if Self::sender(index) == general.id {
                        out.send(1 - general.id, Msg { index });
                        out.set_timer_after(Timer::Retry, RETRY);
                    }
                }
            }
        }
    }

    fn on_command(
        &self,
        _general: &mut General,
        _out: &mut Out<Self>,
        _cmd: (),
    ) -> Result<(), String> {
        Err(
            "the generals take no commands: deliver or drop the messengers and let dawn come"
                .to_string(),
        )
    }

    fn commands(&self, _general: &General) -> Vec<()> {
        Vec::new()
    }

    fn default_command_budget(&self) -> u32 {
        0
    }

    fn monitor(&self) -> Monitor {
        Monitor {
            decisions: [None; 2],
            lost: false,
            breaches: Breaches::default(),
        }
    }

    fn observe(&self, monitor: &mut Monitor, step: &Observation<Self>) {
        if matches!(step.what, Move::Drop { .. }) || step.lost {
            monitor.lost = true;
        }
        let Some(node) = step.node else {
            return;
        };
        let at = step.moment();
        for Record::Decided(decision) in step.records.iter().copied() {
            monitor.decisions[node as usize] = Some(decision);
            let other = 1 - node;
            if let Some(theirs) = monitor.decisions[other as usize] {
                if theirs != decision {
                    let lost = monitor.lost;
                    monitor.breaches.breach(0, at, || {
                        views::disagreement(self, node, decision, at.step, lost)
                    });
                }
            }
            if decision == Decision::Retreat && !monitor.lost {
                let timing = step.network.timing;
                monitor.breaches.breach(1, at, || {
                    (
                        format!("general {node} retreated at step {}", at.step),
                        views::needless_retreat(node, timing),
                    )
                });
            }
        }
    }

    fn tag(&self, _sender: &General, _monitor: &Monitor, _msg: &Msg) {}

    fn verdicts(&self, state: &State<Self>, _network: &Network) -> Vec<Verdict> {
        views::verdicts(self, state)
    }

    /// Agreement needs every message to arrive before dawn: no loss and synchronous timing (for
    /// `resend`, which has no dawn, no crash). No loss is exactly what a lossy channel does not
    /// promise, so it is never guaranteed once a drop is allowed.
    fn guaranteed(&self, _property: &str, network: &Network, faults: &Budgets) -> bool {
        let whole = faults.crashes == 0 && faults.partitions == 0;
        match self.variant {
            Variant::Fixed => whole && faults.drops == 0 && network.timing == Timing::Sync,
            Variant::Resend => whole,
        }
    }

    fn resend_collapses(&self, _msg: &Msg) -> bool {
        self.variant == Variant::Resend
    }

    fn node_state(&self, general: &General) -> Json {
        json!({
            "reached": general.reached,
            "decision": general.decision.map(Decision::word),
        })
    }

    fn command_forms(&self, _general: &General) -> Vec<CommandForm> {
        Vec::new()
    }

    fn inspect(&self, general: &General) -> Vec<Field> {
        views::inspect(self, general)
    }

    fn inspect_durable(&self, general: &General) -> Vec<Field> {
        views::inspect(self, general)
    }

    fn message_payload(&self, msg: &Msg) -> Json {
        json!({"index": msg.index})
    }

    fn message_label(&self, msg: &Msg) -> String {
        views::message_label(msg.index)
    }

    fn message_kind(&self, msg: &Msg) -> &'static str {
        if msg.index == 0 {
            "order"
        } else {
            "ack"
        }
    }

    fn command_label(&self, _cmd: &()) -> String {
        String::new()
    }

    fn timer_label(&self, timer: &Timer) -> String {
        match timer {
            Timer::Plan => "plan the attack",
            Timer::Dawn => "dawn",
            Timer::Retry => "resend",
        }
        .to_string()
    }

    fn record_note(&self, record: &Record) -> String {
        let Record::Decided(decision) = record;
        format!("decides to {}", decision.word())
    }

    fn protocol_view(&self, world: &World<Self>) -> ProtocolView {
        views::protocol_view(self, world)
    }
}
