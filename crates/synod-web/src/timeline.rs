//! A run's scenario with its actions in shared chunks ([`Chunked`]), so that the timeline of the
//! next step (the same actions and one more) costs one chunk to make, not a copy of every
//! action: the page keeps the timeline before the step for undo, and a copy of a 100,000-action
//! list per step would grow with the run.

use std::ops::Range;
use std::rc::Rc;

use serde_json::Value;
use synod_core::action::Action;
use synod_core::chunked::Chunked;
use synod_core::scenario::Scenario;

#[derive(Clone)]
pub struct Timeline {
    /// The scenario without its actions and its cursor (the run keeps where it stands).
    header: Rc<Scenario>,
    actions: Chunked<Action<Value>>,
}

impl Timeline {
    /// The scenario's actions, whatever its cursor says.
    pub fn new(mut scenario: Scenario) -> Timeline {
        let actions = std::mem::take(&mut scenario.actions).into_iter().collect();
        Timeline {
            header: Rc::new(Scenario {
                actions: Vec::new(),
                cursor: None,
                ..scenario
            }),
            actions,
        }
    }

    /// The scenario with no actions: its protocol, params, seed, title and description.
    pub fn header(&self) -> &Scenario {
        &self.header
    }

    pub fn len(&self) -> usize {
        self.actions.len()
    }

    pub fn is_empty(&self) -> bool {
        self.actions.is_empty()
    }

    pub fn actions(&self, range: Range<usize>) -> impl Iterator<Item = &Action<Value>> {
        self.actions.range(range)
    }

    /// The first `at` actions, then `action`: a new action discards any later ones.
    pub fn branch(&self, at: usize, action: Action<Value>) -> Timeline {
        let mut actions = self.actions.clone();
        actions.truncate(at);
        actions.push(action);
        Timeline {
            header: Rc::clone(&self.header),
            actions,
        }
    }

    /// The scenario with its first `len` actions and `cursor`.
    pub fn to_scenario(&self, len: usize, cursor: Option<u64>) -> Scenario {
        Scenario {
            actions: self
                .actions
                .range(0..len.min(self.len()))
                .cloned()
                .collect(),
            cursor,
            ..(*self.header).clone()
        }
    }
}

/// The same timeline: compared by what it shares, never element by element (which would grow
/// with the run), so two timelines with equal actions in separate chunks compare unequal.
impl PartialEq for Timeline {
    fn eq(&self, other: &Timeline) -> bool {
        Rc::ptr_eq(&self.header, &other.header)
            && self.actions.shares(&other.actions, 0..self.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use synod_core::action::{Action, Crash};

    fn scenario(actions: Vec<Action<Value>>) -> Scenario {
        let mut scenario = Scenario::from_json(
            r#"{"version": 1, "protocol": "chandy-lamport", "params": {"nodes": 3}, "seed": 7, "actions": []}"#,
        )
        .unwrap();
        scenario.actions = actions;
        scenario.cursor = Some(1);
        scenario
    }

    #[test]
    fn a_branch_keeps_the_actions_before_it_and_drops_those_after() {
        let timeline = Timeline::new(scenario(vec![
            Action::Crash(Crash::plain(0)),
            Action::Recover(0),
        ]));
        assert_eq!(timeline.header().actions, Vec::new());
        assert_eq!(timeline.header().cursor, None);
        let branched = timeline.branch(1, Action::Crash(Crash::plain(2)));
        assert_eq!(
            branched.to_scenario(2, Some(1)),
            scenario(vec![
                Action::Crash(Crash::plain(0)),
                Action::Crash(Crash::plain(2))
            ])
        );
        assert_eq!(
            branched.actions(0..2).collect::<Vec<_>>(),
            [
                &Action::Crash(Crash::plain(0)),
                &Action::Crash(Crash::plain(2))
            ]
        );
        assert_eq!(timeline.len(), 2, "the timeline branched from is untouched");
    }

    #[test]
    fn timelines_are_equal_when_they_share_their_actions() {
        let timeline = Timeline::new(scenario(vec![Action::Crash(Crash::plain(0))]));
        assert!(timeline == timeline.clone());
        let longer = timeline.branch(1, Action::Recover(0));
        assert!(timeline != longer);
        assert!(
            timeline != Timeline::new(scenario(vec![Action::Crash(Crash::plain(0))])),
            "equal contents in separate chunks are not looked into"
        );
    }
}
