//! The protocol of the FLP bivalence explorer (Fischer, Lynch and Paterson, "Impossibility of
//! distributed consensus with one faulty process", 1985): a round-based voting protocol among
//! three processes with binary inputs (Ben-Or's protocol with its coin taken out, since FLP's
//! processes are deterministic), tolerating one crash. It is safe (the Explorer proves agreement
//! and validity over its whole state space) and, as FLP says any such protocol must, it has runs
//! that never decide.
//!
//! Each step is one of FLP's events: a process receives one message (or, for its first step,
//! none: its `start` timer), changes state and sends.
//! - **Rounds of two steps.** In round r's *report* step a process reports its preference; with
//!   one peer's report of the same round (two of three: a majority, itself included) it
//!   *proposes* the value if the two reports agree, nothing if they differ. With one peer's
//!   proposal it decides a value both proposed, adopts a value either proposed, or else adopts
//!   the smaller report, and goes on to round r + 1. Two majorities meet, so two processes that
//!   propose in a round propose the same value, and once one decides v every later round's
//!   reports are all v.
//! - **Conversations.** Every vote is answered by the receiver's own vote (or its decision), so
//!   each pair of processes keeps one conversation going and at most two messages are ever on
//!   their way between them. A vote from a later round makes its receiver jump there, adopting
//!   the report it carries; a vote from a step its receiver has left only asks for an answer.
//! - **Finite states.** A round number matters only by its order and by whether it is one after
//!   another, and a stale vote only by being stale, so the Explorer renumbers rounds and stands a
//!   single message in for every stale vote ([`Protocol::CANONICALIZES`]): the state space is
//!   finite, a run that never decides is a cycle in it, and valence is exact (the decisions
//!   reachable in a finite graph).

pub mod process;
mod views;

use serde::Deserialize;
use serde_json::{json, Value as Json};

use crate::action::NodeId;
use crate::budget::Budgets;
use crate::form::{CommandForm, NumberDefault, Setting, SettingKind};
use crate::monitor::{Breaches, Observation};
use crate::network::{Channels, Network, Timing};
use crate::protocol::{Out, Part, PropertyInfo, Protocol, VariantInfo};
use crate::state::State;
use crate::verdict::{Kind, Verdict};
use crate::view::{Field, ProtocolView};
use crate::world::World;

use self::process::Process;

/// FLP's argument needs only three processes and one crash; more would multiply the states.
const NODES: NodeId = 3;

pub const AGREEMENT: &str = "agreement";
pub const VALIDITY: &str = "validity";
pub const TERMINATION: &str = "termination";

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    #[serde(default = "default_nodes")]
    pub nodes: NodeId,
    /// Each process's input, 0 or 1; `0, 1, 0` when left out.
    #[serde(default)]
    pub inputs: Option<Vec<u32>>,
    #[serde(default)]
    pub variant: Variant,
}

fn default_nodes() -> NodeId {
    NODES
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Variant {
    #[default]
    Voting,
}

#[derive(Clone, Debug)]
pub struct Flp {
    inputs: [u8; NODES as usize],
}

/// Where a process is: a round and, within it, the report or the propose step. Ordered by
/// round, then report before propose.
#[derive(Clone, Copy, Debug, Hash, PartialEq, Eq, PartialOrd, Ord)]
pub struct Step {
    pub round: u32,
    pub propose: bool,
}

impl Step {
    pub fn report(round: u32) -> Step {
        Step {
            round,
            propose: false,
        }
    }

    /// The step after this one: propose after report, the next round's report after propose.
    pub fn next(self) -> Step {
        if self.propose {
            Step::report(self.round + 1)
        } else {
            Step {
                round: self.round,
                propose: true,
            }
        }
    }
}

impl std::fmt::Display for Step {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let what = if self.propose { "propose" } else { "report" };
        write!(f, "round {} {what}", self.round)
    }
}

#[derive(Clone, Copy, Debug, Hash, PartialEq, Eq, PartialOrd, Ord)]
pub enum Msg {
    /// A process's vote at `step`: its report for the round, and at the propose step its
    /// proposal too.
    Vote {
        step: Step,
        report: u8,
        proposal: Option<u8>,
    },
    /// Its sender decided (it answers votes with this from then on).
    Decided { value: u8 },
}

/// A process's first step: FLP's event in which it receives no message.
#[derive(Clone, Copy, Debug, Hash, PartialEq, Eq, PartialOrd, Ord)]
pub enum Timer {
    Start,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Record {
    /// It reports `value` in round `round`.
    Reported(u32, u8),
    /// It proposes a value in round `round` (`None`: the reports it saw differed).
    Proposed(u32, Option<u8>),
    Decided(u8),
}

/// What the properties remember: each process's decision, and the first disagreement and the
/// first decision that is nobody's input.
#[derive(Clone, Debug, Hash, PartialEq, Eq)]
pub struct Monitor {
    decided: [Option<u8>; NODES as usize],
    /// 0 agreement, 1 validity.
    breaches: Breaches<2>,
}

impl Monitor {
    /// The values decided so far, as a set of bits (bit `v` for value `v`): a configuration's
    /// decision values, in FLP's words.
    pub fn decisions(&self) -> u8 {
        self.decided.iter().flatten().fold(0, |set, v| set | 1 << v)
    }

    pub fn decided(&self) -> &[Option<u8>] {
        &self.decided
    }
}

impl Flp {
    pub fn inputs(&self) -> [u8; NODES as usize] {
        self.inputs
    }
}

impl Protocol for Flp {
    type Params = Params;
    type Node = Process;
    type Durable = Process;
    type Msg = Msg;
    type Cmd = ();
    type Record = Record;
    type Timer = Timer;
    type Monitor = Monitor;
    type Tag = ();
    type Chronicle = ();

    const NAME: &'static str = "flp";
    const SUMMARY: &'static str = "Three processes reach consensus on a bit by rounds of votes, surviving one crash, and never disagree; yet a schedule can keep them from ever deciding. Each step's valence shows which decisions are still reachable, and the adversary keeps both open for as long as you like.";
    const VARIANTS: &'static [VariantInfo] = &[VariantInfo {
        name: "voting",
        summary: "Rounds of report and propose votes, each needing one peer's vote (a majority of three): safe, tolerant of one crash, and (as FLP proves any such protocol must be) not sure to terminate.",
        flawed: false,
    }];
    const SETTINGS: &'static [Setting] = &[
        Setting {
            key: "nodes",
            label: "Processes",
            kind: SettingKind::Count {
                min: NODES as u64,
                max: NODES as u64,
                default: NODES as u64,
            },
        },
        Setting {
            key: "inputs",
            label: "Inputs (0 or 1)",
            kind: SettingKind::Numbers {
                of: "nodes",
                min: 0,
                max: 1,
                default: NumberDefault::Parity,
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
            name: TERMINATION,
            kind: Kind::Liveness,
        },
    ];
    const CANONICALIZES: bool = true;
    const VALENCE: bool = true;

    fn new(params: Params) -> Result<Flp, String> {
        if params.nodes != NODES {
            return Err(format!(
                "nodes must be {NODES}: FLP's argument needs three processes and one crash, not {}",
                params.nodes
            ));
        }
        let inputs = params.inputs.unwrap_or_else(|| vec![0, 1, 0]);
        if inputs.len() != NODES as usize {
            return Err(format!(
                "inputs has {} values but there are {NODES} processes",
                inputs.len()
            ));
        }
        if let Some(bad) = inputs.iter().find(|v| **v > 1) {
            return Err(format!("inputs are bits, 0 or 1, not {bad}"));
        }
        Ok(Flp {
            inputs: std::array::from_fn(|i| inputs[i] as u8),
        })
    }

    fn node_count(&self) -> NodeId {
        NODES
    }

    /// FLP's model: messages arrive in any order, after any delay, and none is lost.
    fn default_network(&self) -> Network {
        Network {
            channels: Channels::Unordered,
            timing: Timing::Async,
        }
    }

    fn init(&self, id: NodeId) -> Process {
        Process::new(id, self.inputs[id as usize])
    }

    fn initial_timers(&self, _node: NodeId) -> Vec<(Timer, u32)> {
        vec![(Timer::Start, 0)]
    }

    fn durable(&self, process: &Process) -> Process {
        process.clone()
    }

    /// FLP's crashes are for good; a recovered process (outside the model) resumes as it was.
    fn recover(&self, _id: NodeId, durable: Process, _out: &mut Out<Self>) -> Process {
        durable
    }

    fn on_message(&self, process: &mut Process, out: &mut Out<Self>, from: NodeId, msg: Msg) {
        process.on_message(out, from, msg);
    }

    fn on_timer(&self, process: &mut Process, out: &mut Out<Self>, Timer::Start: Timer) {
        process.on_start(out);
    }

    fn on_command(
        &self,
        _process: &mut Process,
        _out: &mut Out<Self>,
        _cmd: (),
    ) -> Result<(), String> {
        Err("the processes take no commands: deliver their messages, fire their start, or let the adversary choose".to_string())
    }

    fn commands(&self, _process: &Process) -> Vec<()> {
        Vec::new()
    }

    fn default_command_budget(&self) -> u32 {
        0
    }

    fn monitor(&self) -> Monitor {
        Monitor {
            decided: [None; NODES as usize],
            breaches: Breaches::default(),
        }
    }

    fn observe(&self, monitor: &mut Monitor, step: &Observation<Self>) {
        let Some(node) = step.node else {
            return;
        };
        let at = step.moment();
        for record in step.records {
            let Record::Decided(value) = *record else {
                continue;
            };
            monitor.decided[node as usize] = Some(value);
            if let Some(other) = (0..NODES)
                .find(|n| monitor.decided[*n as usize].is_some_and(|theirs| theirs != value))
            {
                monitor.breaches.breach(0, at, || {
                    (
                        format!("process {node} decided {value} at step {}, process {other} the other value", at.step),
                        "Two processes decided differently.".to_string(),
                    )
                });
            }
            if !self.inputs.contains(&value) {
                monitor.breaches.breach(1, at, || {
                    (
                        format!(
                            "process {node} decided {value} at step {}, nobody's input",
                            at.step
                        ),
                        "A decision must be some process's input.".to_string(),
                    )
                });
            }
        }
    }

    fn tag(&self, _sender: &Process, _monitor: &Monitor, _msg: &Msg) {}

    fn verdicts(&self, state: &State<Self>, _network: &Network) -> Vec<Verdict> {
        views::verdicts(state)
    }

    /// The votes are safe whatever the network does; no protocol guarantees termination here (FLP).
    fn guaranteed(&self, property: &str, _network: &Network, _faults: &Budgets) -> bool {
        property != TERMINATION
    }

    /// Round numbers are the only counters: in each process's step and in each vote.
    fn renumber(&self, part: Part<'_, Self>, visit: &mut dyn FnMut(&mut u32)) {
        match part {
            Part::Node(process) | Part::Durable(process) => process.rounds(visit),
            Part::Msg(Msg::Vote { step, .. }) => visit(&mut step.round),
            Part::Msg(_) => {}
        }
    }

    /// A vote from a step its receiver has left, or to a receiver that has decided, only asks
    /// for an answer: which step it was from no longer matters.
    fn stand_in(&self, receiver: &Process, msg: &Msg) -> Option<Msg> {
        let Msg::Vote { step, .. } = *msg else {
            return None;
        };
        let stale = receiver.decided.is_some() || receiver.at.is_some_and(|here| step < here);
        stale.then_some(Msg::Vote {
            step: Step::report(0),
            report: 0,
            proposal: None,
        })
    }

    fn decisions(&self, monitor: &Monitor) -> u8 {
        monitor.decisions()
    }

    /// A decided process ignores every decision.
    fn ignores_forever(&self, process: &Process, msg: &Msg) -> bool {
        process.decided.is_some() && matches!(msg, Msg::Decided { .. })
    }

    fn node_state(&self, process: &Process) -> Json {
        views::node_state(process)
    }

    fn command_forms(&self, _process: &Process) -> Vec<CommandForm> {
        Vec::new()
    }

    fn inspect(&self, process: &Process) -> Vec<Field> {
        views::inspect(process)
    }

    fn inspect_durable(&self, process: &Process) -> Vec<Field> {
        views::inspect(process)
    }

    fn message_payload(&self, msg: &Msg) -> Json {
        match *msg {
            Msg::Vote {
                step,
                report,
                proposal,
            } => json!({
                "type": "vote",
                "round": step.round,
                "step": if step.propose { "propose" } else { "report" },
                "report": report,
                "proposal": proposal,
            }),
            Msg::Decided { value } => json!({"type": "decided", "value": value}),
        }
    }

    fn message_label(&self, msg: &Msg) -> String {
        views::message_label(msg)
    }

    fn message_kind(&self, msg: &Msg) -> &'static str {
        match msg {
            Msg::Vote { step, .. } if step.propose => "propose",
            Msg::Vote { .. } => "report",
            Msg::Decided { .. } => "decided",
        }
    }

    fn command_label(&self, _cmd: &()) -> String {
        String::new()
    }

    fn timer_label(&self, Timer::Start: &Timer) -> String {
        "start".to_string()
    }

    fn record_note(&self, record: &Record) -> String {
        match *record {
            Record::Reported(round, value) => format!("round {round}: reports {value}"),
            Record::Proposed(round, Some(value)) => format!("round {round}: proposes {value}"),
            Record::Proposed(round, None) => format!("round {round}: proposes nothing"),
            Record::Decided(value) => format!("decides {value}"),
        }
    }

    fn protocol_view(&self, world: &World<Self>) -> ProtocolView {
        views::protocol_view(self, world)
    }
}
