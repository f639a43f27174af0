//! Breadth-first exploration over fingerprints, single-threaded.
//!
//! States are numbered in the order they are discovered, which is also the order they are
//! expanded, so the first state found to break a property lies at the end of a shortest path.
//! Only fingerprints, parents and depths are kept per state; a path is rebuilt by replaying the
//! model from its initial state and matching fingerprints, as stateright does. Liveness needs the
//! graph, so transitions are stored only when some property is `Eventually`.

use std::collections::{HashMap, VecDeque};
use std::hash::BuildHasherDefault;

use serde::{Deserialize, Serialize};

use super::fingerprint::PassThrough;
use super::model::{Expectation, Model, PropertySpec};

/// Where the search stops.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Stop discovering states after this many unique states.
    pub max_states: u64,
    /// States at this depth are not expanded.
    pub max_depth: u32,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_states: 1_000_000,
            max_depth: u32::MAX,
        }
    }
}

/// How far a search has come, reported every thousand states.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    pub unique_states: u64,
    pub transitions: u64,
    pub max_depth: u32,
    pub queued: u64,
}

/// One property's verdict over everything explored.
#[derive(Clone, Debug)]
pub struct Finding<A> {
    pub property: PropertySpec,
    /// The shortest path from an initial state to a state that breaks the property (for
    /// `Eventually`: to the first state from which the goal is unreachable), or `None` if it holds.
    pub counterexample: Option<Vec<A>>,
}

#[derive(Clone, Debug)]
pub struct Exploration<A> {
    pub unique_states: u64,
    pub transitions: u64,
    pub max_depth: u32,
    /// False when a limit cut the search short.
    pub complete: bool,
    pub findings: Vec<Finding<A>>,
}

type FingerprintMap = HashMap<u64, u32, BuildHasherDefault<PassThrough>>;

/// What the search keeps per state.
struct Node {
    fingerprint: u64,
    parent: u32,
    depth: u32,
    /// Its successors were not all explored (a limit stopped the search there).
    truncated: bool,
}

const NO_PARENT: u32 = u32::MAX;
const PROGRESS_EVERY: u64 = 1024;

/// Explores `model` breadth-first within `limits`, calling `progress` every thousand states.
pub fn explore<M: Model>(
    model: &M,
    limits: Limits,
    progress: &mut dyn FnMut(Progress),
) -> Exploration<M::Action> {
    let properties = model.properties();
    let liveness = properties
        .iter()
        .any(|p| p.expectation == Expectation::Eventually);
    let mut search = Search {
        model,
        limits,
        nodes: Vec::new(),
        seen: FingerprintMap::default(),
        queue: VecDeque::new(),
        edges: Vec::new(),
        edge_start: Vec::new(),
        keep_edges: liveness,
        goals: Vec::new(),
        violations: vec![None; properties.len()],
        properties: &properties,
        transitions: 0,
        complete: true,
        verdicts: Vec::with_capacity(properties.len()),
    };
    for state in model.init_states() {
        let print = model.fingerprint(&state);
        search.discover(state, print, NO_PARENT, 0);
    }
    let mut actions = Vec::new();
    let mut expanded: u64 = 0;
    while let Some((state, index)) = search.queue.pop_front() {
        search.expand(&state, index, &mut actions);
        expanded += 1;
        if expanded.is_multiple_of(PROGRESS_EVERY) {
            progress(search.progress());
        }
    }
    progress(search.progress());
    search.finish()
}

struct Search<'a, M: Model> {
    model: &'a M,
    limits: Limits,
    nodes: Vec<Node>,
    seen: FingerprintMap,
    /// States waiting to be expanded, boxed: the queue's buffer doubles as it grows, and a
    /// frontier of millions would otherwise double whole states with it.
    queue: VecDeque<(Box<M::State>, u32)>,
    /// Successor indexes of expanded states, contiguous per state (only for liveness).
    edges: Vec<u32>,
    edge_start: Vec<u32>,
    keep_edges: bool,
    /// Per state, a bit per `Eventually` property: its goal is met there (only for liveness).
    goals: Vec<u64>,
    /// Per property, the first state that breaks it.
    violations: Vec<Option<u32>>,
    properties: &'a [PropertySpec],
    transitions: u64,
    complete: bool,
    verdicts: Vec<bool>,
}

impl<M: Model> Search<'_, M> {
    /// Records a state unless it was seen; returns its index.
    fn discover(&mut self, state: M::State, print: u64, parent: u32, depth: u32) -> Option<u32> {
        if let Some(&index) = self.seen.get(&print) {
            return Some(index);
        }
        if self.nodes.len() as u64 >= self.limits.max_states {
            self.complete = false;
            return None;
        }
        let index = self.nodes.len() as u32;
        self.seen.insert(print, index);
        self.verdicts.clear();
        self.model.judge(&state, &mut self.verdicts);
        let mut goals = 0u64;
        for (i, (property, holds)) in self.properties.iter().zip(&self.verdicts).enumerate() {
            match property.expectation {
                Expectation::Always if !holds && self.violations[i].is_none() => {
                    self.violations[i] = Some(index);
                }
                Expectation::Eventually if *holds => goals |= 1 << i,
                _ => {}
            }
        }
        if self.keep_edges {
            self.goals.push(goals);
        }
        let truncated = depth >= self.limits.max_depth;
        if truncated {
            self.complete = false;
        }
        self.nodes.push(Node {
            fingerprint: print,
            parent,
            depth,
            truncated,
        });
        if !truncated {
            self.queue.push_back((Box::new(state), index));
        }
        Some(index)
    }

    fn expand(&mut self, state: &M::State, index: u32, actions: &mut Vec<M::Action>) {
        actions.clear();
        self.model.actions(state, actions);
        let depth = self.nodes[index as usize].depth + 1;
        if self.keep_edges {
            while self.edge_start.len() <= index as usize {
                self.edge_start.push(self.edges.len() as u32);
            }
        }
        let own = self.nodes[index as usize].fingerprint;
        for action in actions.iter() {
            let Some(next) = self.model.next_state(state, action) else {
                continue;
            };
            self.transitions += 1;
            // A step that changes nothing leads back here: no need to look it up.
            let print = self.model.fingerprint(&next);
            if print == own {
                if self.keep_edges {
                    self.edges.push(index);
                }
                continue;
            }
            match self.discover(next, print, index, depth) {
                Some(successor) if self.keep_edges => self.edges.push(successor),
                Some(_) => {}
                None => self.nodes[index as usize].truncated = true,
            }
        }
    }

    fn progress(&self) -> Progress {
        Progress {
            unique_states: self.nodes.len() as u64,
            transitions: self.transitions,
            max_depth: self.nodes.last().map_or(0, |n| n.depth),
            queued: self.queue.len() as u64,
        }
    }

    fn finish(mut self) -> Exploration<M::Action> {
        if self.keep_edges {
            while self.edge_start.len() <= self.nodes.len() {
                self.edge_start.push(self.edges.len() as u32);
            }
            for (i, property) in self.properties.iter().enumerate() {
                if property.expectation == Expectation::Eventually {
                    self.violations[i] = self.first_doomed(i);
                }
            }
        }
        let findings = self
            .properties
            .iter()
            .zip(&self.violations)
            .map(|(property, violation)| Finding {
                property: property.clone(),
                counterexample: violation.map(|index| self.path_to(index)),
            })
            .collect();
        Exploration {
            unique_states: self.nodes.len() as u64,
            transitions: self.transitions,
            max_depth: self.nodes.iter().map(|n| n.depth).max().unwrap_or(0),
            complete: self.complete,
            findings,
        }
    }

    /// The first state (so the nearest) from which no explored state meets goal `bit`. A state
    /// whose successors were not all explored might still reach it, so it never counts as doomed.
    fn first_doomed(&self, bit: usize) -> Option<u32> {
        let count = self.nodes.len();
        // The reversed graph in one array (each state's predecessors contiguous, found through
        // `first`), not a vector per state: with millions of states that is the difference
        // between one allocation and millions.
        let successors = |from: usize| {
            &self.edges[self.edge_start[from] as usize..self.edge_start[from + 1] as usize]
        };
        let mut first = vec![0u32; count + 1];
        for &to in &self.edges {
            first[to as usize + 1] += 1;
        }
        for index in 0..count {
            first[index + 1] += first[index];
        }
        let mut filled = first.clone();
        let mut predecessors = vec![0u32; self.edges.len()];
        for from in 0..count {
            for &to in successors(from) {
                predecessors[filled[to as usize] as usize] = from as u32;
                filled[to as usize] += 1;
            }
        }
        drop(filled);
        let predecessors_of =
            |to: u32| &predecessors[first[to as usize] as usize..first[to as usize + 1] as usize];
        let mut hopeful = vec![false; count];
        let mut stack: Vec<u32> = Vec::new();
        for (index, node) in self.nodes.iter().enumerate() {
            if self.goals[index] & (1 << bit) != 0 || node.truncated {
                hopeful[index] = true;
                stack.push(index as u32);
            }
        }
        while let Some(index) = stack.pop() {
            for &before in predecessors_of(index) {
                if !hopeful[before as usize] {
                    hopeful[before as usize] = true;
                    stack.push(before);
                }
            }
        }
        hopeful.iter().position(|h| !h).map(|i| i as u32)
    }

    /// The actions from an initial state to state `index`, found by replaying the model.
    fn path_to(&self, index: u32) -> Vec<M::Action> {
        let mut chain = Vec::new();
        let mut at = index;
        while at != NO_PARENT {
            chain.push(self.nodes[at as usize].fingerprint);
            at = self.nodes[at as usize].parent;
        }
        chain.reverse();
        let mut state = self
            .model
            .init_states()
            .into_iter()
            .find(|s| self.model.fingerprint(s) == chain[0])
            .expect("the path starts at an initial state");
        let mut path = Vec::new();
        let mut actions = Vec::new();
        for &target in &chain[1..] {
            actions.clear();
            self.model.actions(&state, &mut actions);
            let (action, next) = actions
                .iter()
                .find_map(|a| {
                    let next = self.model.next_state(&state, a)?;
                    (self.model.fingerprint(&next) == target).then(|| (a.clone(), next))
                })
                .expect("replaying the model reaches the same states");
            path.push(action);
            state = next;
        }
        path
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two counters that each count up to a bound; the sum must stay below `limit`.
    struct Counters {
        bound: u8,
        limit: u8,
        /// The goal also needs the second counter at 0, which no step can bring back.
        strict_goal: bool,
    }

    impl Model for Counters {
        type State = (u8, u8);
        type Action = usize;

        fn init_states(&self) -> Vec<(u8, u8)> {
            vec![(0, 0)]
        }

        fn actions(&self, state: &(u8, u8), actions: &mut Vec<usize>) {
            if state.0 < self.bound {
                actions.push(0);
            }
            if state.1 < self.bound {
                actions.push(1);
            }
        }

        fn next_state(&self, state: &(u8, u8), action: &usize) -> Option<(u8, u8)> {
            Some(match action {
                0 => (state.0 + 1, state.1),
                _ => (state.0, state.1 + 1),
            })
        }

        fn properties(&self) -> Vec<PropertySpec> {
            vec![
                PropertySpec {
                    name: "below-limit",
                    expectation: Expectation::Always,
                },
                PropertySpec {
                    name: "first-reaches-bound",
                    expectation: Expectation::Eventually,
                },
            ]
        }

        fn judge(&self, state: &(u8, u8), verdicts: &mut Vec<bool>) {
            verdicts.push(state.0 + state.1 < self.limit);
            verdicts.push(state.0 == self.bound && (!self.strict_goal || state.1 == 0));
        }
    }

    fn run(model: &Counters, limits: Limits) -> Exploration<usize> {
        explore(model, limits, &mut |_| {})
    }

    #[test]
    fn a_grid_of_two_counters_has_every_pair_as_a_state() {
        let result = run(
            &Counters {
                bound: 3,
                limit: 100,
                strict_goal: false,
            },
            Limits::default(),
        );
        assert_eq!(result.unique_states, 16);
        assert_eq!(result.transitions, 24);
        assert_eq!(result.max_depth, 6);
        assert!(result.complete);
        assert!(result.findings.iter().all(|f| f.counterexample.is_none()));
    }

    #[test]
    fn the_counterexample_is_a_shortest_path_to_the_violation() {
        let result = run(
            &Counters {
                bound: 3,
                limit: 4,
                strict_goal: false,
            },
            Limits::default(),
        );
        let path = result.findings[0].counterexample.as_ref().unwrap();
        assert_eq!(path.len(), 4);
        assert_eq!(path, &vec![0, 0, 0, 1]);
    }

    #[test]
    fn a_goal_that_cannot_be_reached_from_some_state_is_a_liveness_violation() {
        // Every state can still reach first == bound: the first counter never stops early.
        let lenient = Counters {
            bound: 2,
            limit: 100,
            strict_goal: false,
        };
        assert!(run(&lenient, Limits::default()).findings[1]
            .counterexample
            .is_none());
        // Once the second counter moves, (bound, 0) is out of reach for good: the nearest such
        // state is one step away.
        let strict = Counters {
            bound: 2,
            limit: 100,
            strict_goal: true,
        };
        let result = run(&strict, Limits::default());
        assert_eq!(result.findings[1].counterexample, Some(vec![1]));
    }

    #[test]
    fn limits_stop_the_search_and_say_so() {
        let shallow = run(
            &Counters {
                bound: 3,
                limit: 100,
                strict_goal: false,
            },
            Limits {
                max_states: 1_000,
                max_depth: 2,
            },
        );
        assert_eq!(shallow.unique_states, 6);
        assert!(!shallow.complete);
        let small = run(
            &Counters {
                bound: 3,
                limit: 100,
                strict_goal: false,
            },
            Limits {
                max_states: 5,
                max_depth: u32::MAX,
            },
        );
        assert_eq!(small.unique_states, 5);
        assert!(!small.complete);
        // A truncated state might still reach the goal: no liveness verdict from a cut search.
        assert!(small.findings[1].counterexample.is_none());
    }
}
