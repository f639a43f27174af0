//! A protocol's world as a [`Model`]: canonical states, content-based moves, budgets.
//!
//! The explorer sees exactly what the simulator would do: [`State::transition`] performs each
//! move and the protocol's monitor folds it, as in the page, but without a recorder (no ids, no
//! clocks, no history) and without evidence. Every choice a user has is enumerated: each
//! command the protocol lists (within the command budget), each deliverable message (one per
//! distinct content on a channel: equal copies lead to the same state), each timer the timing
//! model lets fire, and each fault within its budget.

use super::model::{Expectation, Model, PropertySpec};
use crate::action::{ways_to_cut_short, NodeId};
use crate::budget::{Budgets, Spend};
use crate::monitor::{Assumptions, Observation, Sent};
use crate::network::{two_way_splits, Channels, Network, Timing};
use crate::protocol::Protocol;
use crate::state::{Effects, Move, NodeSlot, Parcel, State};
use crate::verdict::{Kind, Status};

pub struct ProtocolModel<P: Protocol> {
    protocol: P,
    network: Network,
    /// How many of each choice a path may make from `start` on.
    budgets: Budgets,
    start: State<P>,
    /// Whether traitors choose freely: every payload they may send in place of each of their
    /// messages, or none. When not, they follow their strategies.
    forging: bool,
}

impl<P: Protocol> ProtocolModel<P> {
    /// Explores every continuation of `start` (the initial state, or where a run has got to).
    pub fn new(protocol: P, network: Network, budgets: Budgets, start: State<P>) -> Self {
        ProtocolModel {
            protocol,
            network,
            budgets,
            start,
            forging: true,
        }
    }

    /// The same model with traitors following their strategies rather than choosing freely.
    pub fn following_strategies(mut self) -> Self {
        self.forging = false;
        self
    }

    /// Every forgery a live traitor may make of its in-flight messages: each other payload it
    /// may send, and withholding (one per place on a FIFO channel, one per distinct message of
    /// an unordered one).
    fn forgeries(&self, state: &State<P>, moves: &mut Vec<Move<P>>) {
        for (from, to, queue) in state.busy_channels() {
            let NodeSlot::Up(sender) = state.slot(from) else {
                continue;
            };
            if !self.protocol.traitor(from) {
                continue;
            }
            let mut last = None;
            for (at, msg) in queue.iter().enumerate() {
                if last == Some(msg) {
                    continue;
                }
                last = Some(msg);
                let forged = self.protocol.forgeries(sender, to, &msg.msg);
                let into = forged
                    .into_iter()
                    .filter(|other| *other != msg.msg)
                    .map(|other| {
                        Some(Parcel::<P> {
                            msg: other,
                            tag: msg.tag.clone(),
                        })
                    })
                    .chain([None]);
                for into in into {
                    moves.push(Move::Forge {
                        from,
                        to,
                        msg: msg.clone(),
                        at: at as u32,
                        into,
                    });
                }
            }
        }
    }

    /// Whether a path may make one more choice of `kind`: what it spent since `start` is within
    /// the budget (what the run spent before `start` does not count).
    fn allows(&self, state: &State<P>, kind: Spend) -> bool {
        let since_start = state.spent().count(kind) - self.start.spent().count(kind);
        since_start < self.budgets.count(kind)
    }

    /// One delivery per distinct message that may arrive next: a FIFO channel's head, or each
    /// distinct message of an unordered one (equal copies lead to the same state).
    fn deliveries(&self, state: &State<P>, moves: &mut Vec<Move<P>>) {
        for (from, to, queue) in state.busy_channels() {
            if !state.connected(from, to) {
                continue;
            }
            let mut last = None;
            for msg in queue {
                if last != Some(msg) {
                    moves.push(Move::Deliver {
                        from,
                        to,
                        msg: msg.clone(),
                    });
                }
                if self.network.channels == Channels::Fifo {
                    break;
                }
                last = Some(msg);
            }
        }
    }

    /// Drops and duplicates: one per distinct message on each channel.
    fn tamperings(&self, state: &State<P>, moves: &mut Vec<Move<P>>) {
        let drop = self.allows(state, Spend::Drop);
        let duplicate = self.allows(state, Spend::Duplicate);
        if !drop && !duplicate {
            return;
        }
        for (from, to, queue) in state.busy_channels() {
            if drop {
                // Each place on a FIFO channel (equal neighbours leave the same queue); each
                // distinct message of a sorted unordered one.
                let mut last = None;
                for (at, msg) in queue.iter().enumerate() {
                    if last != Some(msg) {
                        moves.push(Move::Drop {
                            from,
                            to,
                            msg: msg.clone(),
                            at: at as u32,
                        });
                    }
                    last = Some(msg);
                }
            }
            let mut distinct: Vec<&Parcel<P>> = queue.iter().collect();
            distinct.sort();
            distinct.dedup();
            for msg in distinct {
                if duplicate {
                    moves.push(Move::Duplicate {
                        from,
                        to,
                        msg: msg.clone(),
                    });
                }
            }
        }
    }

    fn node_faults(&self, state: &State<P>, moves: &mut Vec<Move<P>>) {
        for node in 0..state.node_count() {
            if state.is_crashed(node) {
                if self.allows(state, Spend::Recovery) {
                    moves.push(Move::Recover(node));
                }
            } else if self.allows(state, Spend::Crash) {
                moves.push(Move::Crash {
                    node,
                    unsent: Vec::new(),
                });
                self.crashes_mid_send(state, node, moves);
            }
        }
    }

    /// If `node` made the last step: a crash part-way through its sends, for every non-empty
    /// set of them that never leaves.
    fn crashes_mid_send(&self, state: &State<P>, node: NodeId, moves: &mut Vec<Move<P>>) {
        let Some((_, sends)) = state.recent().iter().find(|(sender, _)| *sender == node) else {
            return;
        };
        moves.extend(ways_to_cut_short(sends).map(|unsent| Move::Crash { node, unsent }));
    }

    /// Folds one handler's `effects` (a move's, or a node's part of a round's end) into the
    /// monitor of `next`.
    fn observe(&self, next: &mut State<P>, action: &Move<P>, effects: Effects<P>) {
        let sends: Vec<Sent<Parcel<P>>> = effects
            .sends
            .into_iter()
            .map(|(to, msg)| Sent { to, msg, id: 0 })
            .collect();
        let assumptions = Assumptions::default();
        let observation = Observation {
            what: action,
            node: effects.node,
            records: &effects.records,
            sends: &sends,
            delivered: &effects.delivered,
            lost: effects.lost,
            network: &self.network,
            assumptions: &assumptions,
            explain: false,
            step: 0,
            message: 0,
        };
        next.observe(&self.protocol, &observation);
    }

    /// Drops what can no longer matter: repeated re-sends, messages their receiver ignores for
    /// good, and (when no recovery is left) messages to crashed nodes.
    fn settle(&self, state: &mut State<P>) {
        state.collapse_resends(&self.protocol);
        state.discard_ignored(&self.protocol);
        if !P::WATCHES_LOSSES && !self.allows(state, Spend::Recovery) {
            state.discard_to_crashed();
        }
    }

    /// A world's state as this model keeps its states (see [`Self::settle`]), so that a run's
    /// configuration and the explored one it equals have one fingerprint.
    pub fn settled(&self, state: &State<P>) -> State<P> {
        let mut settled = state.clone();
        self.settle(&mut settled);
        settled
    }

    pub fn protocol(&self) -> &P {
        &self.protocol
    }

    /// Every split of the nodes into two non-empty groups (node 0's group first), or healing.
    fn partitions(&self, state: &State<P>, moves: &mut Vec<Move<P>>) {
        if state.partition().is_some() {
            moves.push(Move::Heal);
            return;
        }
        if !self.allows(state, Spend::Partition) {
            return;
        }
        moves.extend(two_way_splits(state.node_count()).map(Move::Partition));
    }
}

impl<P: Protocol> Model for ProtocolModel<P> {
    type State = State<P>;
    type Action = Move<P>;

    fn init_states(&self) -> Vec<State<P>> {
        vec![self.start.clone()]
    }

    fn fingerprint(&self, state: &State<P>) -> u64 {
        state.canonical_fingerprint(&self.protocol, self.network.channels)
    }

    fn actions(&self, state: &State<P>, moves: &mut Vec<Move<P>>) {
        if self.allows(state, Spend::Command) {
            for node in 0..state.node_count() {
                if let NodeSlot::Up(local) = state.slot(node) {
                    for cmd in self.protocol.commands(local) {
                        moves.push(Move::Command { node, cmd });
                    }
                }
            }
        }
        let arrivals_wait_for_round_end = P::ROUND_ARRIVALS_COMMUTE
            && self.protocol.rounds().is_some()
            && !self.allows(state, Spend::Crash);
        if !arrivals_wait_for_round_end {
            self.deliveries(state, moves);
        }
        let timers_may_fire = (self.network.timing == Timing::Async
            || !state.anything_on_its_way())
            && self.allows(state, Spend::Timeout);
        if timers_may_fire {
            // Under synchronous timing, only the timers due soonest.
            let soonest = match self.network.timing {
                Timing::Async => u32::MAX,
                Timing::Sync => state.earliest_due().unwrap_or_default(),
            };
            for node in 0..state.node_count() {
                for pending in state.timers(node) {
                    if pending.due <= soonest {
                        moves.push(Move::Fire {
                            node,
                            timer: pending.name.clone(),
                        });
                    }
                }
            }
        }
        if self
            .protocol
            .rounds()
            .is_some_and(|rounds| state.round() <= rounds)
        {
            moves.push(Move::EndRound {
                arrivals: state
                    .busy_channels()
                    .filter(|(from, to, _)| state.connected(*from, *to))
                    .flat_map(|(from, to, queue)| {
                        queue.iter().map(move |msg| (from, to, msg.clone()))
                    })
                    .collect(),
            });
        }
        if P::BYZANTINE && self.forging {
            self.forgeries(state, moves);
        }
        self.tamperings(state, moves);
        self.node_faults(state, moves);
        self.partitions(state, moves);
    }

    fn next_state(&self, state: &State<P>, action: &Move<P>) -> Option<State<P>> {
        let mut next = state.clone();
        let mut effects = next
            .transition(&self.protocol, &self.network, action)
            .ok()?;
        // Firings are counted only when bounded: unbounded, the count would tell apart states
        // that differ in nothing else.
        if matches!(action, Move::Fire { .. }) && self.budgets.timeouts != u32::MAX {
            next.spend(Spend::Timeout);
        }
        // A crash may cut the sends of the step just made short (at a round's end, any live
        // node's): the next state remembers them while the budget allows one.
        let parts = std::mem::take(&mut effects.parts);
        let recent = if self.allows(&next, Spend::Crash) {
            std::iter::once(&effects)
                .chain(&parts)
                .filter_map(|e| e.node.map(|node| (node, &e.sends)))
                .filter(|(node, sends)| !sends.is_empty() && !next.is_crashed(*node))
                .map(|(node, sends)| (node, sends.clone()))
                .collect()
        } else {
            Vec::new()
        };
        next.set_recent(recent);
        for effects in std::iter::once(effects).chain(parts) {
            self.observe(&mut next, action, effects);
        }
        self.settle(&mut next);
        Some(next)
    }

    fn properties(&self) -> Vec<PropertySpec> {
        P::PROPERTIES
            .iter()
            .map(|p| PropertySpec {
                name: p.name,
                expectation: match p.kind {
                    Kind::Safety => Expectation::Always,
                    Kind::Liveness => Expectation::Eventually,
                },
            })
            .collect()
    }

    fn judge(&self, state: &State<P>, verdicts: &mut Vec<bool>) {
        for verdict in self.protocol.verdicts(state, &self.network) {
            verdicts.push(match verdict.kind {
                Kind::Safety => verdict.status != Status::Violated,
                Kind::Liveness => verdict.status == Status::Holds,
            });
        }
    }
}
