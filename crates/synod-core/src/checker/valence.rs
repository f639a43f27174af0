//! Valence, as Fischer, Lynch and Paterson define it: the decision values reachable from a
//! configuration. A configuration is 0-valent or 1-valent when only one value is, bivalent when
//! both are. FLP's proof is a walk through bivalent configurations; this module computes the
//! valence of every configuration a run reaches, and walks that way itself (the adversary).
//!
//! - **The graph.** Every configuration reachable by FLP's events (a message delivered, a timer
//!   fired), one state per canonical fingerprint, with decided configurations as its ends: by
//!   agreement (which the Explorer proves) everything after a decision has that decision's
//!   valence. The crash FLP allows adds nothing: a crashed process takes no more steps, and
//!   every run in which it crashed is, to the others, a run in which it is merely slow, so the
//!   values reachable with the crash are reachable without it. A configuration a run reaches by
//!   a crash (or by a drop, outside FLP's model) is explored from there, with no further faults.
//! - **Valence** flows backwards along the graph's edges to a fixpoint.
//! - **Lasting bivalence.** The greatest set of bivalent configurations each of which has a
//!   successor in the set: from these, and only these, a scheduler can keep both values open
//!   for ever. FLP's Lemma 3 promises that every bivalent configuration of a protocol that
//!   tolerates one crash is one, and whatever the oldest pending event, it can be applied
//!   without leaving the set; [`Valences::lemma3`] finds the way.

use std::collections::{HashMap, HashSet, VecDeque};

use super::model::Model;
use super::protocol_model::ProtocolModel;
use crate::action::Action;
use crate::budget::Budgets;
use crate::network::Network;
use crate::protocol::Protocol;
use crate::state::{Move, State};
use crate::world::World;

/// Both values: the valence of a bivalent configuration.
pub const BIVALENT: u8 = 0b11;

const FLP_EVENTS: Budgets = Budgets {
    crashes: 0,
    recoveries: 0,
    drops: 0,
    duplicates: 0,
    partitions: 0,
    commands: 0,
    timeouts: u32::MAX,
};

/// How many configurations one exploration may add. Every start of the FLP protocol needs at
/// most 452,504; a run that leaves FLP's model (duplicates and drops) can need millions, and
/// beyond this the worker's memory would give out before the answer came.
pub const MAX_NEW_CONFIGURATIONS: usize = 3_000_000;

/// An exploration that would pass [`MAX_NEW_CONFIGURATIONS`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TooLarge;

/// How many configurations a Lemma 3 search looks at before giving up on finding them all.
const LEMMA3_LIMIT: usize = 200_000;

/// The valence of every configuration explored so far, growing as runs reach new ones.
pub struct Valences<P: Protocol> {
    model: ProtocolModel<P>,
    /// Each explored configuration's index, by canonical fingerprint.
    index: HashMap<u64, u32>,
    /// By index: the decision values reachable, bit `v` for value `v`.
    reach: Vec<u8>,
    /// By index: whether the configuration is in the lasting bivalent set.
    lasting: Vec<bool>,
    /// How many configurations one exploration may add ([`MAX_NEW_CONFIGURATIONS`]).
    limit: usize,
}

/// One configuration's valence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Valence {
    /// The decision values reachable, bit `v` for value `v`.
    pub values: u8,
    /// Whether a scheduler can keep it bivalent for ever.
    pub lasting: bool,
}

impl Valence {
    /// The reachable values, smallest first: `[0, 1]` for a bivalent configuration.
    pub fn list(&self) -> Vec<u8> {
        (0..8).filter(|v| self.values & (1 << v) != 0).collect()
    }
}

/// FLP's Lemma 3 from one bivalent configuration and one pending event `e`: `C`, the
/// configurations reachable without applying `e`; `D`, those `e` leads to from `C`; and the
/// shortest way to a bivalent configuration of `D`.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Lemma3<C> {
    /// The event: the oldest pending one.
    pub event: Action<C>,
    /// How many configurations `C` holds (the search stops at a limit: then at least this many).
    pub c: usize,
    /// `D` by valence: 0-valent, 1-valent, bivalent.
    pub d: [usize; 3],
    /// Whether `C` was explored to its end.
    pub complete: bool,
    /// The events from here to a configuration of `C` whose successor by `e` keeps both values
    /// open for ever, `e` last; empty when there is none.
    pub path: Vec<Action<C>>,
}

impl<P: Protocol> Valences<P> {
    /// `None` when the protocol's configurations have no valence (see [`Protocol::VALENCE`]).
    pub fn new(protocol: P, network: Network) -> Option<Valences<P>> {
        if !P::VALENCE {
            return None;
        }
        let start = State::initial(&protocol);
        Some(Valences {
            // FLP's events only: deliveries and timers, as many as a run likes; no faults.
            model: ProtocolModel::new(protocol, network, FLP_EVENTS, start),
            index: HashMap::new(),
            reach: Vec::new(),
            lasting: Vec::new(),
            limit: MAX_NEW_CONFIGURATIONS,
        })
    }

    /// How many configurations have been explored.
    pub fn explored(&self) -> usize {
        self.reach.len()
    }

    fn decisions(&self, state: &State<P>) -> u8 {
        self.model.protocol().decisions(state.monitor())
    }

    /// The valence of a world's configuration, exploring from it if it is new.
    pub fn of(&mut self, state: &State<P>) -> Result<Valence, TooLarge> {
        let at = self.explore(self.model.settled(state))?;
        Ok(self.at(at))
    }

    fn at(&self, index: u32) -> Valence {
        Valence {
            values: self.reach[index as usize],
            lasting: self.lasting[index as usize],
        }
    }

    /// The valence of a configuration the model reached, exploring from it if it is new.
    fn of_settled(&mut self, state: State<P>) -> Result<Valence, TooLarge> {
        let at = self.explore(state)?;
        Ok(self.at(at))
    }

    /// Every FLP event enabled in `state`, with the configuration it leads to and that
    /// configuration's fingerprint.
    fn successors(&self, state: &State<P>) -> Vec<(Move<P>, State<P>, u64)> {
        let mut moves = Vec::new();
        self.model.actions(state, &mut moves);
        moves
            .into_iter()
            .filter_map(|step| {
                let next = self.model.next_state(state, &step)?;
                let fingerprint = self.model.fingerprint(&next);
                Some((step, next, fingerprint))
            })
            .collect()
    }

    /// Explores every configuration reachable from `root` that is not yet known, and computes
    /// their valences and lasting bivalence (those of known ones are final: everything
    /// reachable from them is known). Returns `root`'s index, or, past the limit, forgets what
    /// it explored and says so.
    fn explore(&mut self, root: State<P>) -> Result<u32, TooLarge> {
        let fingerprint = self.model.fingerprint(&root);
        if let Some(&known) = self.index.get(&fingerprint) {
            return Ok(known);
        }
        let first = self.reach.len() as u32;
        let mut queue = VecDeque::new();
        let mut edges: Vec<(u32, u32)> = Vec::new();
        let mut added = vec![fingerprint];
        self.intern(fingerprint, &root);
        queue.push_back((first, root));
        while let Some((from, state)) = queue.pop_front() {
            if self.reach[from as usize] != 0 {
                continue;
            }
            for (_, next, fingerprint) in self.successors(&state) {
                let to = match self.index.get(&fingerprint) {
                    Some(&known) => known,
                    None => {
                        if added.len() == self.limit {
                            for fingerprint in added {
                                self.index.remove(&fingerprint);
                            }
                            self.reach.truncate(first as usize);
                            self.lasting.truncate(first as usize);
                            return Err(TooLarge);
                        }
                        added.push(fingerprint);
                        let to = self.intern(fingerprint, &next);
                        queue.push_back((to, next));
                        to
                    }
                };
                edges.push((from, to));
            }
        }
        self.settle_new(first, &edges);
        Ok(first)
    }

    fn intern(&mut self, fingerprint: u64, state: &State<P>) -> u32 {
        let index = self.reach.len() as u32;
        self.index.insert(fingerprint, index);
        self.reach.push(self.decisions(state));
        self.lasting.push(false);
        index
    }

    /// Valence and lasting bivalence for the configurations from `first` on, whose edges are
    /// `edges` (an edge may end at an older configuration, whose values are final).
    fn settle_new(&mut self, first: u32, edges: &[(u32, u32)]) {
        let count = self.reach.len() - first as usize;
        let local = |i: u32| (i - first) as usize;
        // Predecessors among the new configurations, as offsets into one list.
        let mut starts = vec![0u32; count + 1];
        for &(_, to) in edges.iter().filter(|(_, to)| *to >= first) {
            starts[local(to) + 1] += 1;
        }
        for i in 0..count {
            starts[i + 1] += starts[i];
        }
        let mut fill = starts.clone();
        let mut preds = vec![0u32; starts[count] as usize];
        for &(from, to) in edges.iter().filter(|(_, to)| *to >= first) {
            preds[fill[local(to)] as usize] = from;
            fill[local(to)] += 1;
        }
        let preds_of = |i: u32| &preds[starts[local(i)] as usize..starts[local(i) + 1] as usize];
        // Valence: each configuration's own decisions and older successors', then backwards.
        for &(from, to) in edges.iter().filter(|(_, to)| *to < first) {
            self.reach[from as usize] |= self.reach[to as usize];
        }
        let mut work: Vec<u32> = (first..first + count as u32)
            .filter(|i| self.reach[*i as usize] != 0)
            .collect();
        while let Some(i) = work.pop() {
            let values = self.reach[i as usize];
            for &p in preds_of(i) {
                let before = self.reach[p as usize];
                if before | values != before {
                    self.reach[p as usize] = before | values;
                    work.push(p);
                }
            }
        }
        // Lasting bivalence: start from every bivalent one, and remove those left with no
        // successor in the set until none is.
        let mut successors_in = vec![0u32; count];
        for &(from, to) in edges {
            let bivalent_from = self.reach[from as usize] == BIVALENT;
            let in_set = if to >= first {
                self.reach[to as usize] == BIVALENT
            } else {
                self.lasting[to as usize]
            };
            if bivalent_from && in_set {
                successors_in[local(from)] += 1;
            }
        }
        let mut removed: Vec<u32> = Vec::new();
        for i in first..first + count as u32 {
            let bivalent = self.reach[i as usize] == BIVALENT;
            self.lasting[i as usize] = bivalent && successors_in[local(i)] > 0;
            if bivalent && !self.lasting[i as usize] {
                removed.push(i);
            }
        }
        while let Some(i) = removed.pop() {
            for &p in preds_of(i) {
                if !self.lasting[p as usize] {
                    continue;
                }
                successors_in[local(p)] -= 1;
                if successors_in[local(p)] == 0 {
                    self.lasting[p as usize] = false;
                    removed.push(p);
                }
            }
        }
    }

    /// The valence of every configuration of `world`'s run, step 0 (the start) to its last.
    pub fn of_run(
        &mut self,
        actions: &[Action<P::Cmd>],
        mut world: World<P>,
    ) -> Result<Vec<Valence>, TooLarge> {
        let mut valences = vec![self.of(world.state())?];
        for action in actions {
            if world.apply(action.clone()).is_err() {
                break;
            }
            valences.push(self.of(world.state())?);
        }
        Ok(valences)
    }

    /// The oldest pending event of `world`: a timer (its processes' first steps are pending
    /// from the start) or else the message sent first.
    fn oldest_event(&self, world: &World<P>) -> Option<(Action<P::Cmd>, Move<P>)> {
        if let Some(id) = world.fireable().first() {
            let timer = &world.timers()[*id as usize];
            let name = world.history().timer_name(*id).clone();
            return Some((
                Action::Fire(*id),
                Move::Fire {
                    node: timer.node,
                    timer: name,
                },
            ));
        }
        let id = *world.deliverable().first()?;
        let message = &world.messages()[id as usize];
        Some((
            Action::Deliver(id),
            Move::Deliver {
                from: message.from,
                to: message.to,
                msg: world.history().parcel(id),
            },
        ))
    }

    /// FLP's Lemma 3 from `world`'s configuration and its oldest pending event. With `whole`,
    /// `C` is explored to its end (up to a limit) and `D` counted; without, the search stops at
    /// the first configuration of `C` from which `e` keeps both values open for ever: the
    /// adversary's way forward. `None` when nothing is pending.
    pub fn lemma3(
        &mut self,
        world: &World<P>,
        whole: bool,
    ) -> Result<Option<Lemma3<P::Cmd>>, TooLarge> {
        let Some((event, applied)) = self.oldest_event(world) else {
            return Ok(None);
        };
        let root = self.model.settled(world.state());
        let mut seen: HashSet<u64> = HashSet::new();
        // Each configuration of C, with the one it came from and the move that led to it.
        let mut nodes: Vec<(State<P>, usize, Option<Move<P>>)> = Vec::new();
        seen.insert(self.model.fingerprint(&root));
        nodes.push((root, 0, None));
        let mut d = [0usize; 3];
        let mut d_seen: HashSet<u64> = HashSet::new();
        let mut found: Option<usize> = None;
        let mut next_up = 0;
        while next_up < nodes.len() && nodes.len() < LEMMA3_LIMIT {
            let here = next_up;
            next_up += 1;
            if self.decisions(&nodes[here].0) != 0 {
                continue;
            }
            for (step, next, fingerprint) in self.successors(&nodes[here].0) {
                if same_event(&step, &applied) {
                    let valence = self.of_settled(next)?;
                    if d_seen.insert(fingerprint) {
                        d[match valence.values {
                            BIVALENT => 2,
                            1 => 0,
                            _ => 1,
                        }] += 1;
                    }
                    if valence.lasting && found.is_none() {
                        found = Some(here);
                        if !whole {
                            break;
                        }
                    }
                } else if seen.insert(fingerprint) {
                    nodes.push((next, here, Some(step)));
                }
            }
            if found.is_some() && !whole {
                break;
            }
        }
        let complete = next_up >= nodes.len();
        let path = found.map_or_else(Vec::new, |end| {
            let mut steps = vec![applied.clone()];
            let mut at = end;
            while let (_, before, Some(step)) = &nodes[at] {
                steps.push(step.clone());
                at = *before;
            }
            steps.reverse();
            replay_as_actions(world, &steps)
        });
        Ok(Some(Lemma3 {
            event,
            c: nodes.len(),
            d,
            complete,
            path,
        }))
    }

    /// The adversary's next event from `world`: the first of a shortest way to apply the oldest
    /// pending event without losing either value for good (Lemma 3), or else any event that
    /// keeps both open for ever. `None` when the configuration cannot stay bivalent.
    pub fn dodge(&mut self, world: &World<P>) -> Result<Option<Action<P::Cmd>>, TooLarge> {
        if !self.of(world.state())?.lasting {
            return Ok(None);
        }
        if let Some(first) = self
            .lemma3(world, false)?
            .and_then(|lemma| lemma.path.into_iter().next())
        {
            return Ok(Some(first));
        }
        let candidates = world
            .fireable()
            .into_iter()
            .map(Action::Fire)
            .chain(world.deliverable().into_iter().map(Action::Deliver));
        for action in candidates {
            let mut next = world.clone();
            if next.apply(action.clone()).is_ok() && self.of(next.state())?.lasting {
                return Ok(Some(action));
            }
        }
        Ok(None)
    }

    /// Extends `world`'s run by up to `steps` of the adversary's events, returning them (fewer
    /// when the configuration cannot stay bivalent).
    pub fn dodge_for(
        &mut self,
        world: &mut World<P>,
        steps: usize,
    ) -> Result<Vec<Action<P::Cmd>>, TooLarge> {
        let mut taken = Vec::new();
        while taken.len() < steps {
            let Some(action) = self.dodge(world)? else {
                break;
            };
            world
                .apply(action.clone())
                .expect("the adversary's event is possible");
            taken.push(action);
        }
        Ok(taken)
    }
}

/// Whether two moves are one FLP event: the same message to the same process, or the same
/// process's same timer.
fn same_event<P: Protocol>(a: &Move<P>, b: &Move<P>) -> bool {
    match (a, b) {
        (
            Move::Deliver { from, to, msg },
            Move::Deliver {
                from: from_b,
                to: to_b,
                msg: msg_b,
            },
        ) => from == from_b && to == to_b && msg == msg_b,
        (
            Move::Fire { node, timer },
            Move::Fire {
                node: node_b,
                timer: timer_b,
            },
        ) => node == node_b && timer == timer_b,
        _ => false,
    }
}

/// A path of content-named moves as the id-named actions that perform it from `world`.
fn replay_as_actions<P: Protocol>(world: &World<P>, steps: &[Move<P>]) -> Vec<Action<P::Cmd>> {
    let mut world = world.clone();
    let mut actions = Vec::with_capacity(steps.len());
    for step in steps {
        let Some(action) = world.action_for(step) else {
            break;
        };
        if world.apply(action.clone()).is_err() {
            break;
        }
        actions.push(action);
    }
    actions
}

#[cfg(test)]
mod tests {
    use super::{TooLarge, Valences};
    use crate::protocol::Protocol;
    use crate::protocols::flp::{Flp, Params};
    use crate::state::State;

    #[test]
    fn an_exploration_past_the_limit_is_refused_and_forgotten() {
        let params: Params =
            serde_json::from_value(serde_json::json!({"inputs": [0, 1, 1]})).unwrap();
        let protocol = Flp::new(params).unwrap();
        let network = protocol.default_network();
        let start = State::initial(&protocol);
        let mut valences = Valences::new(protocol, network).unwrap();
        valences.limit = 1_000;
        assert_eq!(valences.of(&start), Err(TooLarge));
        assert_eq!(valences.explored(), 0);
        assert!(valences.index.is_empty());
        valences.limit = super::MAX_NEW_CONFIGURATIONS;
        assert_eq!(valences.of(&start).unwrap().list(), [0, 1]);
        assert_eq!(valences.explored(), 452_504);
    }
}
