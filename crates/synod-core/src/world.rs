//! The simulator: the one owner of every choice in a run.
//!
//! A `World` is a canonical [`State`] (what determines the future) with a [`Recorder`] beside it
//! (the history: events with their clocks, messages and timers by id, their fates). `apply` turns
//! an id-based [`Action`] into a content-based [`Move`], checks it against the network's rules
//! using the recorder's indexes, lets the state perform it, records what happened, and folds the
//! step into the properties' monitor. Protocol code never learns whether a person, the random
//! scheduler or a replayed link chose the action.

use serde_json::Value;

use crate::action::{Action, ActionError, Crash, Forgery, MessageId, NodeId, TimerId};
use crate::chunked::Chunked;
use crate::journal::{Journal, Named, Step};
use crate::monitor::{Assumptions, Observation, Sent};
use crate::network::{Channels, Network};
use crate::protocol::Protocol;
use crate::recorder::Recorder;
use crate::state::{Effects, Move, NodeSlot, Parcel, State};
use crate::trace::{Event, Fate, Message, Timer};
use crate::verdict::Verdict;

#[derive(Clone, Debug)]
pub struct World<P: Protocol> {
    protocol: P,
    network: Network,
    seed: u64,
    step: u64,
    state: State<P>,
    history: Recorder<P>,
}

impl<P: Protocol> World<P> {
    pub fn new(protocol: P, network: Network, seed: u64) -> World<P> {
        World {
            state: State::initial(&protocol),
            history: Recorder::new(&protocol),
            protocol,
            network,
            seed,
            step: 0,
        }
    }

    pub fn protocol(&self) -> &P {
        &self.protocol
    }

    pub fn network(&self) -> &Network {
        &self.network
    }

    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// How many actions have been applied.
    pub fn step(&self) -> u64 {
        self.step
    }

    /// The canonical state: what determines the future, without ids or history.
    pub fn state(&self) -> &State<P> {
        &self.state
    }

    /// The history: events, messages and timers by id.
    pub fn history(&self) -> &Recorder<P> {
        &self.history
    }

    pub fn node_count(&self) -> NodeId {
        self.state.node_count()
    }

    pub fn slot(&self, node: NodeId) -> &NodeSlot<P> {
        self.state.slot(node)
    }

    pub fn is_crashed(&self, node: NodeId) -> bool {
        self.state.is_crashed(node)
    }

    /// The protocol-independent half of the history.
    pub fn journal(&self) -> &Journal {
        self.history.journal()
    }

    pub fn events(&self) -> &Chunked<Event> {
        self.journal().events()
    }

    /// Every message ever sent, indexed by id (payloads: [`Recorder::payload`]).
    pub fn messages(&self) -> &Chunked<Message> {
        self.journal().messages()
    }

    /// Every timer ever set, indexed by id (names: [`Recorder::timer_name`]).
    pub fn timers(&self) -> &Chunked<Timer> {
        self.journal().timers()
    }

    /// The pending timers, by ascending id.
    pub fn pending_timers(&self) -> impl Iterator<Item = &Timer> {
        let timers = self.timers();
        self.journal()
            .pending()
            .into_iter()
            .map(move |id| &timers[id as usize])
    }

    /// The in-flight messages, by ascending id.
    pub fn in_flight(&self) -> impl Iterator<Item = &Message> {
        let messages = self.messages();
        self.journal()
            .in_flight()
            .into_iter()
            .map(move |id| &messages[id as usize])
    }

    pub fn partition(&self) -> Option<&[Vec<NodeId>]> {
        self.state.partition()
    }

    /// Every property's verdict, each marked with whether the protocol promises it under this
    /// network and the faults the run has suffered.
    pub fn verdicts(&self) -> Vec<Verdict> {
        let mut verdicts = self.protocol.verdicts(&self.state, &self.network);
        for verdict in &mut verdicts {
            verdict.guaranteed =
                self.protocol
                    .guaranteed(verdict.name, &self.network, self.state.spent());
        }
        verdicts
    }

    /// Whether `id` can be delivered now, and if not, why not.
    pub fn check_deliverable(&self, id: MessageId) -> Result<(), ActionError> {
        self.journal().check_deliverable(&self.network, id)
    }

    /// The in-flight messages that can be delivered now, by ascending id.
    pub fn deliverable(&self) -> Vec<MessageId> {
        self.journal().deliverable(&self.network)
    }

    /// Whether timer `id` may fire now, and if not, why not.
    pub fn check_fireable(&self, id: TimerId) -> Result<(), ActionError> {
        self.journal().check_fireable(&self.network, id)
    }

    /// The pending timers that may fire now, by ascending id.
    pub fn fireable(&self) -> Vec<TimerId> {
        self.journal().fireable(&self.network)
    }

    /// The node that made the last step and its sends still in flight: what a crash of it now
    /// may leave unsent. `None` when that step sent nothing (or its node has crashed since).
    pub fn last_sends(&self) -> Vec<(NodeId, Vec<MessageId>)> {
        self.journal().last_sends(self.step)
    }

    /// The id-based action that performs `what` here: how a path the model checker found (in
    /// terms of content) becomes an ordinary scenario. `None` when `what` is not possible now.
    pub fn action_for(&self, what: &Move<P>) -> Option<Action<P::Cmd>> {
        let journal = self.journal();
        let matching = |from: NodeId, to: NodeId, msg: &Parcel<P>| {
            journal
                .channel(from, to)
                .iter()
                .copied()
                .find(|id| self.history.parcel(*id) == *msg)
        };
        Some(match what {
            Move::Command { node, cmd } => Action::Command {
                node: *node,
                cmd: cmd.clone(),
            },
            Move::Deliver { from, to, msg } => Action::Deliver(matching(*from, *to, msg)?),
            Move::Drop { from, to, msg, at } => Action::Drop(match self.network.channels {
                Channels::Fifo => *journal.channel(*from, *to).get(*at as usize)?,
                Channels::Unordered => matching(*from, *to, msg)?,
            }),
            Move::Duplicate { from, to, msg } => Action::Duplicate(matching(*from, *to, msg)?),
            Move::Crash { node, unsent } => Action::Crash(Crash {
                node: *node,
                unsent: self.unsent_ids(*node, unsent)?,
            }),
            Move::Recover(node) => Action::Recover(*node),
            Move::Partition(groups) => Action::Partition(groups.clone()),
            Move::Heal => Action::Heal,
            Move::Fire { node, timer } => Action::Fire(self.history.pending_timer(*node, timer)?),
            Move::EndRound { .. } => Action::EndRound,
            Move::Forge {
                from,
                to,
                msg,
                at,
                into,
            } => Action::Forge(Forgery {
                id: match self.network.channels {
                    Channels::Fifo => *journal.channel(*from, *to).get(*at as usize)?,
                    Channels::Unordered => matching(*from, *to, msg)?,
                },
                payload: into.as_ref().map_or(Value::Null, |parcel| {
                    self.protocol.message_payload(&parcel.msg)
                }),
            }),
        })
    }

    /// Every forgery the sender of in-flight message `id` may make now, when it is a live
    /// traitor, each with a label: each payload it may send instead (the current one left out),
    /// then withholding it. Empty for a loyal or crashed sender.
    pub fn forgeries(&self, id: MessageId) -> Vec<(String, Forgery)> {
        if !P::BYZANTINE {
            return Vec::new();
        }
        let Some(m) = self
            .journal()
            .message(id)
            .filter(|m| m.fate == Fate::InFlight)
        else {
            return Vec::new();
        };
        let NodeSlot::Up(sender) = self.state.slot(m.from) else {
            return Vec::new();
        };
        if !self.protocol.traitor(m.from) {
            return Vec::new();
        }
        let current = self.history.payload(id);
        let mut options: Vec<(String, Forgery)> = self
            .protocol
            .forgeries(sender, m.to, current)
            .iter()
            .filter(|msg| *msg != current)
            .map(|msg| {
                let payload = self.protocol.message_payload(msg);
                (self.protocol.message_label(msg), Forgery { id, payload })
            })
            .collect();
        options.push((
            "nothing (withhold it)".to_string(),
            Forgery {
                id,
                payload: Value::Null,
            },
        ));
        options
    }

    /// Whether `end-round` is legal now.
    pub fn round_may_end(&self) -> bool {
        self.check_round().is_ok()
    }

    /// Whether a round may end now (the protocol runs in rounds and not all are over), and the
    /// round it begins.
    fn check_round(&self) -> Result<u32, ActionError> {
        let rounds = self.protocol.rounds().ok_or(ActionError::NoRounds)?;
        if self.state.round() > rounds {
            return Err(ActionError::RoundsOver(rounds));
        }
        Ok(self.state.round() + 1)
    }

    /// Performs one action, or refuses it and leaves the world unchanged.
    pub fn apply(&mut self, action: Action<P::Cmd>) -> Result<(), ActionError> {
        let (plain, cmd) = action.split_command();
        let round = match plain {
            Action::EndRound => Some(self.check_round()?),
            _ => None,
        };
        let (plain, named) = self.journal().check(&self.network, self.step, plain)?;
        let what = self.content(&plain, &named, cmd)?;
        let effects = self
            .state
            .transition(&self.protocol, &self.network, &what)
            .map_err(|reason| ActionError::CommandRefused {
                node: match &plain {
                    Action::Command { node, .. } => *node,
                    _ => 0,
                },
                reason,
            })?;
        self.step += 1;
        let Effects {
            node,
            records,
            sends,
            timers,
            delivered,
            lost,
            parts,
        } = effects;
        let label = match &what {
            Move::Command { cmd, .. } => self.protocol.command_label(cmd),
            Move::Fire { timer, .. } => self.protocol.timer_label(timer),
            _ => String::new(),
        };
        let receivers: Vec<NodeId> = sends.iter().map(|(to, _)| *to).collect();
        let record_count = self.history.keep_records(records);
        let step = Step {
            action: &plain,
            named: &named,
            label,
            node,
            records: record_count,
            receivers: &receivers,
            delivered: &delivered,
            lost,
        };
        let mut assumptions = std::mem::take(self.state.assumptions_mut());
        let labels = self.history.labels(&self.protocol);
        self.journal()
            .note_assumptions(&labels, &step, self.step, &mut assumptions);
        let recorded = self.history.journal_mut().record(self.step, &step);
        // Records are kept in one run beside the events that own them: a step without an event
        // (a drop, a loss) has none, or every later event's records would be misplaced.
        debug_assert!(recorded.event.is_some() || step.records == 0);
        if let Action::Duplicate(id) = plain {
            let copy = self.history.parcel(id);
            self.history.keep_parcels([copy]);
        }
        if let Move::Forge {
            into: Some(forged), ..
        } = &what
        {
            self.history.forge(named.message, forged.msg.clone());
        }
        self.history
            .keep_parcels(sends.iter().map(|(_, parcel)| parcel.clone()));
        if let Some(node) = node {
            self.history.timers(node, self.step, timers);
        }
        for event in recorded.event.into_iter().chain(recorded.deliveries) {
            self.history.chronicle_event(&self.protocol, event);
        }
        let records: Vec<P::Record> = match recorded.event {
            Some(event) => self.history.records(event).cloned().collect(),
            None => Vec::new(),
        };
        let sends: Vec<Sent<Parcel<P>>> = sends
            .into_iter()
            .zip(recorded.sends)
            .map(|((to, msg), id)| Sent { to, msg, id })
            .collect();
        let observation = Observation {
            what: &what,
            node,
            records: &records,
            sends: &sends,
            delivered: &delivered,
            lost,
            network: &self.network,
            assumptions: &assumptions,
            explain: true,
            step: self.step,
            message: named.message,
        };
        self.state.observe(&self.protocol, &observation);
        if let Some(round) = round {
            self.history.journal_mut().begin_round(self.step);
            for part in parts {
                self.begin_round(round, &what, part, &assumptions);
            }
            let fields = (0..self.node_count())
                .map(|node| match self.state.slot(node) {
                    NodeSlot::Up(state) => Some(self.protocol.inspect(state)),
                    NodeSlot::Down(_) => None,
                })
                .collect();
            self.history.keep_round_fields(fields);
        }
        *self.state.assumptions_mut() = assumptions;
        Ok(())
    }

    /// Records and observes one live node's start of `round`, within the step that ends the
    /// round before.
    fn begin_round(
        &mut self,
        round: u32,
        what: &Move<P>,
        part: Effects<P>,
        assumptions: &Assumptions,
    ) {
        let node = part.node.expect("a round's part belongs to a node");
        let receivers: Vec<NodeId> = part.sends.iter().map(|(to, _)| *to).collect();
        let count = self.history.keep_records(part.records);
        let recorded = self.history.journal_mut().record_round(
            self.step,
            round,
            node,
            count,
            &receivers,
            &part.delivered,
        );
        self.history
            .keep_parcels(part.sends.iter().map(|(_, parcel)| parcel.clone()));
        self.history.timers(node, self.step, part.timers);
        for event in recorded.event.into_iter().chain(recorded.deliveries) {
            self.history.chronicle_event(&self.protocol, event);
        }
        let records: Vec<P::Record> = recorded
            .event
            .map(|event| self.history.records(event).cloned().collect())
            .unwrap_or_default();
        let sends: Vec<Sent<Parcel<P>>> = part
            .sends
            .into_iter()
            .zip(recorded.sends)
            .map(|((to, msg), id)| Sent { to, msg, id })
            .collect();
        let observation = Observation {
            what,
            node: Some(node),
            records: &records,
            sends: &sends,
            delivered: &part.delivered,
            lost: false,
            network: &self.network,
            assumptions,
            explain: true,
            step: self.step,
            message: 0,
        };
        self.state.observe(&self.protocol, &observation);
    }

    /// The move a checked action makes, in terms of content: what the state performs. Refuses a
    /// forgery the sender may not make.
    fn content(
        &self,
        plain: &Action<()>,
        named: &Named,
        cmd: Option<P::Cmd>,
    ) -> Result<Move<P>, ActionError> {
        let journal = self.journal();
        let message = |id: MessageId| &journal.messages()[id as usize];
        Ok(match plain {
            Action::Command { node, .. } => Move::Command {
                node: *node,
                cmd: cmd.expect("a command action carries its command"),
            },
            Action::Deliver(id) => Move::Deliver {
                from: message(*id).from,
                to: message(*id).to,
                msg: self.history.parcel(*id),
            },
            Action::Drop(id) => {
                let (from, to) = (message(*id).from, message(*id).to);
                let msg = self.history.parcel(*id);
                let copy = journal
                    .channel(from, to)
                    .iter()
                    .position(|m| m == id)
                    .expect("an in-flight message is on its channel")
                    as u32;
                let at = self.state.place(&self.network, from, to, &msg, copy);
                Move::Drop { from, to, msg, at }
            }
            Action::Duplicate(id) => Move::Duplicate {
                from: message(*id).from,
                to: message(*id).to,
                msg: self.history.parcel(*id),
            },
            Action::Crash(crash) => Move::Crash {
                node: crash.node,
                unsent: named
                    .unsent
                    .iter()
                    .map(|id| (message(*id).to, self.history.parcel(*id)))
                    .collect(),
            },
            Action::Recover(node) => Move::Recover(*node),
            Action::Partition(groups) => Move::Partition(groups.clone()),
            Action::Heal => Move::Heal,
            Action::Fire(id) => Move::Fire {
                node: journal.timers()[*id as usize].node,
                timer: self.history.timer_name(*id).clone(),
            },
            Action::EndRound => {
                let mut arrivals: Vec<(NodeId, NodeId, Parcel<P>)> = named
                    .arrivals
                    .iter()
                    .map(|id| (message(*id).from, message(*id).to, self.history.parcel(*id)))
                    .collect();
                // In the order the state keeps each channel (sorted when unordered), so that
                // the checker, which sees only the state, makes the same move.
                if self.network.channels == Channels::Unordered {
                    arrivals.sort_by(|a, b| (a.0, a.1, &a.2).cmp(&(b.0, b.1, &b.2)));
                }
                Move::EndRound { arrivals }
            }
            Action::Forge(forgery) => self.forgery(forgery)?,
        })
    }

    /// A traitor's forgery of its in-flight message, as a move: refused for a loyal or crashed
    /// sender, and for a payload the protocol does not let the sender send.
    fn forgery(&self, forgery: &Forgery) -> Result<Move<P>, ActionError> {
        let id = forgery.id;
        let m = &self.journal().messages()[id as usize];
        let (from, to) = (m.from, m.to);
        if !P::BYZANTINE || !self.protocol.traitor(from) {
            return Err(ActionError::LoyalSender { id, node: from });
        }
        let NodeSlot::Up(sender) = self.state.slot(from) else {
            return Err(ActionError::ForgerCrashed { id, node: from });
        };
        let msg = self.history.parcel(id);
        let into = match forgery.withholds() {
            true => None,
            false => {
                let forged = self
                    .protocol
                    .forge(sender, to, &msg.msg, &forgery.payload)
                    .map_err(|reason| ActionError::Unforgeable {
                        id,
                        node: from,
                        reason,
                    })?;
                Some(crate::state::Envelope {
                    msg: forged,
                    tag: msg.tag.clone(),
                })
            }
        };
        let copy = self
            .journal()
            .channel(from, to)
            .iter()
            .position(|m| *m == id)
            .expect("an in-flight message is on its channel") as u32;
        let at = self.state.place(&self.network, from, to, &msg, copy);
        Ok(Move::Forge {
            from,
            to,
            msg,
            at,
            into,
        })
    }

    /// The ids of the messages `node` sent in the step just made that are `unsent`'s contents,
    /// newest first among equal ones: how a crash the model checker found becomes an action.
    fn unsent_ids(&self, node: NodeId, unsent: &[(NodeId, Parcel<P>)]) -> Option<Vec<MessageId>> {
        let journal = self.journal();
        let mut ids: Vec<MessageId> = Vec::with_capacity(unsent.len());
        for (to, parcel) in unsent {
            let id = journal
                .channel(node, *to)
                .iter()
                .rev()
                .copied()
                .find(|id| {
                    let m = &journal.messages()[*id as usize];
                    m.step == self.step
                        && m.copy_of.is_none()
                        && !ids.contains(id)
                        && self.history.parcel(*id) == *parcel
                })?;
            ids.push(id);
        }
        Some(ids)
    }
}
