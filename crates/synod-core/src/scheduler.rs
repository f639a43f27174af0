//! The seeded random scheduler: picks one legal action among deliveries, the commands the
//! protocol lists (the same finite list the model checker explores), the timers the timing model lets fire, and the fault kinds the user allowed.
//!
//! Its randomness is a ChaCha8 stream keyed by the scenario's seed and the current step, so it
//! keeps no state of its own: after undo, stepping again picks the same action as before, and the
//! same seed gives the same run natively and in wasm.

use std::collections::BTreeSet;
use std::convert::Infallible;
use std::str::FromStr;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

use crate::action::{ways_to_cut_short, Action, Crash, NodeId};
use crate::journal::Journal;
use crate::network::{two_way_splits, Network};
use crate::protocol::Protocol;
use crate::state::NodeSlot;
use crate::world::World;

/// A kind of fault the scheduler may inject.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Fault {
    Crash,
    Recover,
    Drop,
    Duplicate,
    /// Partitioning, and healing a partition.
    Partition,
}

impl Fault {
    pub const ALL: [Fault; 5] = [
        Fault::Crash,
        Fault::Recover,
        Fault::Drop,
        Fault::Duplicate,
        Fault::Partition,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Fault::Crash => "crash",
            Fault::Recover => "recover",
            Fault::Drop => "drop",
            Fault::Duplicate => "duplicate",
            Fault::Partition => "partition",
        }
    }
}

impl FromStr for Fault {
    type Err = String;

    fn from_str(text: &str) -> Result<Fault, String> {
        Fault::ALL
            .into_iter()
            .find(|f| f.name() == text)
            .ok_or_else(|| {
                format!("unknown fault kind {text:?}: expected crash, recover, drop, duplicate or partition")
            })
    }
}

/// The fault kinds a random run may inject.
pub type Faults = BTreeSet<Fault>;

/// How often each kind of choice is taken, relative to the others, when it is available (a
/// delivery's weight is per deliverable message).
const DELIVER_WEIGHT: u32 = 12;
const COMMAND_WEIGHT: u32 = 5;
const TIMER_WEIGHT: u32 = 2;
const FAULT_WEIGHT: u32 = 1;

/// Picks the scheduler's next action, or `None` when nothing is enabled.
pub fn random_action<P: Protocol>(world: &World<P>, faults: &Faults) -> Option<Action<P::Cmd>> {
    let commands = enabled_commands(world);
    let senders: Vec<NodeId> = commands.iter().map(|(node, _)| *node).collect();
    let moment = Moment {
        journal: world.journal(),
        network: world.network(),
        seed: world.seed(),
        step: world.step(),
        round_may_end: world.round_may_end(),
    };
    let choice = random_choice(&moment, faults, &senders)?;
    let picked = choice.map_command(|index| Ok::<_, Infallible>(commands[index].1.clone()));
    picked.ok()
}

/// Every command the protocol lists for its running nodes, node by node.
fn enabled_commands<P: Protocol>(world: &World<P>) -> Vec<(NodeId, P::Cmd)> {
    (0..world.node_count())
        .flat_map(|node| match world.slot(node) {
            NodeSlot::Up(state) => world
                .protocol()
                .commands(state)
                .into_iter()
                .map(|cmd| (node, cmd))
                .collect(),
            NodeSlot::Down(_) => Vec::new(),
        })
        .collect()
}

/// Where a run stands, as the scheduler's protocol-independent part sees it.
struct Moment<'a> {
    journal: &'a Journal,
    network: &'a Network,
    seed: u64,
    step: u64,
    /// A protocol in rounds may end the current one.
    round_may_end: bool,
}

/// The scheduler's choice, with a command named by its index among the enabled commands
/// (`senders` holds each one's node): written once, not once per protocol.
fn random_choice(moment: &Moment, faults: &Faults, senders: &[NodeId]) -> Option<Action<usize>> {
    let mut rng = ChaCha8Rng::seed_from_u64(moment.seed);
    rng.set_stream(moment.step);
    let choices = choices(moment, faults, senders, &mut rng);
    let total: u32 = choices.iter().map(|(weight, _)| weight).sum();
    if total == 0 {
        return None;
    }
    let mut pick = rng.random_range(0..total);
    for (weight, action) in choices {
        if pick < weight {
            return Some(action);
        }
        pick -= weight;
    }
    None
}

/// Every action the scheduler could choose now, in a fixed order: deliveries, commands (from the
/// protocol's list), timers, then the allowed faults (every crash, recovery, drop, duplicate,
/// and every split into two groups or a heal), then every forgery a traitor may make. Property
/// tests pick from it by index, so that a failing run shrinks to a short list of choices. (The
/// random scheduler itself never forges: in a random run, traitors follow their strategies.)
pub fn legal_actions<P: Protocol>(world: &World<P>, faults: &Faults) -> Vec<Action<P::Cmd>> {
    let mut actions: Vec<Action<P::Cmd>> = world
        .deliverable()
        .into_iter()
        .map(Action::Deliver)
        .collect();
    for node in 0..world.node_count() {
        if let NodeSlot::Up(state) = world.slot(node) {
            let commands = world.protocol().commands(state);
            actions.extend(
                commands
                    .into_iter()
                    .map(|cmd| Action::Command { node, cmd }),
            );
        }
    }
    actions.extend(world.fireable().into_iter().map(Action::Fire));
    if world.round_may_end() {
        actions.push(Action::EndRound);
    }
    let nodes = world.node_count();
    for fault in faults {
        match fault {
            Fault::Crash => {
                actions.extend(
                    (0..nodes)
                        .filter(|n| !world.is_crashed(*n))
                        .map(|node| Action::Crash(Crash::plain(node))),
                );
                for (node, sent) in world.last_sends() {
                    actions.extend(
                        ways_to_cut_short(&sent)
                            .map(|unsent| Action::Crash(Crash { node, unsent })),
                    );
                }
            }
            Fault::Recover => actions.extend(
                (0..nodes)
                    .filter(|n| world.is_crashed(*n))
                    .map(Action::Recover),
            ),
            Fault::Drop => {
                actions.extend(world.journal().in_flight().into_iter().map(Action::Drop))
            }
            Fault::Duplicate => actions.extend(
                world
                    .journal()
                    .in_flight()
                    .into_iter()
                    .map(Action::Duplicate),
            ),
            Fault::Partition if world.partition().is_some() => actions.push(Action::Heal),
            Fault::Partition => actions.extend(two_way_splits(nodes).map(Action::Partition)),
        }
    }
    for id in world
        .journal()
        .in_flight()
        .into_iter()
        .filter(|_| P::BYZANTINE)
    {
        actions.extend(
            world
                .forgeries(id)
                .into_iter()
                .map(|(_, forgery)| Action::Forge(forgery)),
        );
    }
    actions
}

/// The action that `choice` picks among those legal now, weighted as the random scheduler
/// weighs kinds (per deliverable message for deliveries, then commands, timers and each fault
/// kind), or `None` when nothing is legal. Property tests draw `choice`s, so that a failing run
/// shrinks; choice 0 is the oldest deliverable message.
pub fn chosen_action<P: Protocol>(
    world: &World<P>,
    faults: &Faults,
    choice: u32,
) -> Option<Action<P::Cmd>> {
    let mut kinds: [Vec<Action<P::Cmd>>; 9] = Default::default();
    for action in legal_actions(world, faults) {
        let kind = match action {
            Action::Deliver(_) => 0,
            Action::Command { .. } => 1,
            Action::Fire(_) | Action::EndRound => 2,
            Action::Crash(_) => 3,
            Action::Recover(_) => 4,
            Action::Drop(_) => 5,
            Action::Duplicate(_) => 6,
            Action::Partition(_) | Action::Heal => 7,
            Action::Forge(_) => 8,
        };
        kinds[kind].push(action);
    }
    let weight = |kind: usize, actions: &[Action<P::Cmd>]| match (kind, actions.len()) {
        (_, 0) => 0,
        (0, messages) => DELIVER_WEIGHT * messages as u32,
        (1, _) => COMMAND_WEIGHT,
        (2, _) => TIMER_WEIGHT,
        _ => FAULT_WEIGHT,
    };
    let total: u32 = kinds.iter().enumerate().map(|(k, a)| weight(k, a)).sum();
    if total == 0 {
        return None;
    }
    let mut pick = choice % total;
    for (kind, actions) in kinds.iter_mut().enumerate() {
        let weight = weight(kind, actions);
        if pick < weight {
            let at = (choice / total) as usize % actions.len();
            return Some(actions.swap_remove(at));
        }
        pick -= weight;
    }
    unreachable!("the pick is below the total weight")
}

/// One candidate per kind of choice, each already concrete, with its weight.
fn choices(
    moment: &Moment,
    faults: &Faults,
    senders: &[NodeId],
    rng: &mut ChaCha8Rng,
) -> Vec<(u32, Action<usize>)> {
    let mut choices = Vec::new();
    let deliverable = moment.journal.deliverable(moment.network);
    if let Some(&id) = pick(rng, &deliverable) {
        // Weighted by how many could arrive, so that the network drains as fast as it fills
        // and a long run stays a run, not a growing backlog.
        let weight = DELIVER_WEIGHT * deliverable.len() as u32;
        choices.push((weight, Action::Deliver(id)));
    }
    if let Some(index) = pick_index(rng, senders.len()) {
        let node = senders[index];
        choices.push((COMMAND_WEIGHT, Action::Command { node, cmd: index }));
    }
    let fireable = moment.journal.fireable(moment.network);
    if let Some(&id) = pick(rng, &fireable) {
        choices.push((TIMER_WEIGHT, Action::Fire(id)));
    }
    if moment.round_may_end {
        choices.push((TIMER_WEIGHT, Action::EndRound));
    }
    for fault in faults {
        if let Some(action) = fault_action(moment, *fault, rng) {
            choices.push((FAULT_WEIGHT, action));
        }
    }
    choices
}

fn fault_action(moment: &Moment, fault: Fault, rng: &mut ChaCha8Rng) -> Option<Action<usize>> {
    let journal = moment.journal;
    let nodes: Vec<NodeId> = (0..journal.node_count()).collect();
    let in_flight: Vec<u64> = journal.in_flight();
    match fault {
        Fault::Crash => {
            let up: Vec<NodeId> = nodes
                .into_iter()
                .filter(|n| !journal.is_crashed(*n))
                .collect();
            let node = *pick(rng, &up)?;
            // The node that made the last step may die part-way through its sends: a random
            // set of them (perhaps none) never leaves.
            let sent = journal
                .last_sends(moment.step)
                .into_iter()
                .find(|(sender, _)| *sender == node)
                .map_or_else(Vec::new, |(_, sent)| sent);
            let unsent = sent.into_iter().filter(|_| rng.random_bool(0.5)).collect();
            Some(Action::Crash(Crash { node, unsent }))
        }
        Fault::Recover => {
            let down: Vec<NodeId> = nodes
                .into_iter()
                .filter(|n| journal.is_crashed(*n))
                .collect();
            pick(rng, &down).map(|n| Action::Recover(*n))
        }
        Fault::Drop => pick(rng, &in_flight).map(|id| Action::Drop(*id)),
        Fault::Duplicate => pick(rng, &in_flight).map(|id| Action::Duplicate(*id)),
        Fault::Partition if journal.partition().is_some() => Some(Action::Heal),
        Fault::Partition => Some(Action::Partition(random_split(&nodes, rng))),
    }
}

/// Two non-empty groups: node 0 on one side and at least one other node on the other.
fn random_split(nodes: &[NodeId], rng: &mut ChaCha8Rng) -> Vec<Vec<NodeId>> {
    let forced_apart = 1 + rng.random_range(0..(nodes.len() as u32 - 1));
    let (mut left, mut right) = (vec![0], vec![forced_apart]);
    for &node in nodes.iter().filter(|n| **n != 0 && **n != forced_apart) {
        if rng.random_bool(0.5) {
            left.push(node);
        } else {
            right.push(node);
        }
    }
    right.sort_unstable();
    vec![left, right]
}

fn pick<'a, T>(rng: &mut ChaCha8Rng, items: &'a [T]) -> Option<&'a T> {
    pick_index(rng, items.len()).map(|index| &items[index])
}

fn pick_index(rng: &mut ChaCha8Rng, len: usize) -> Option<usize> {
    if len == 0 {
        return None;
    }
    Some(rng.random_range(0..len as u32) as usize)
}
