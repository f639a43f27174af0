//! The Explorer: exhaustive model checking of the run's protocol, one click away.
//!
//! It explores, in a Web Worker (`worker.rs`, built from `src/bin/synod-explorer.rs`), every run
//! from the start or from the step the user is at, within fault budgets and limits the user
//! sets, and shows each property's verdict over every state it saw. A counterexample opens as an
//! ordinary run (undo, scrub, share). The page stays responsive meanwhile; Cancel terminates
//! the worker.
//!
//! Stable hooks for course pages and tests: `explore-start`, `explore-cancel`, `explore-status`
//! (with `data-state` = idle | running | done | cancelled | error), `explore-states`, one
//! `finding-{name}` row per property (with `data-status` = holds | violated) and its
//! `open-finding-{name}` button.

mod draft;
pub mod messages;
pub mod worker;

use std::rc::Rc;

use synod_core::checker::bfs::Progress;
use synod_core::scenario::Scenario;
use synod_core::verdict::Kind;
use yew::prelude::*;

use self::draft::LimitsDraft;
use self::messages::{ExploreRequest, FindingView, Outcome, WorkerReply};
use self::worker::ExplorerWorker;
use crate::browser;
use crate::timeline::Timeline;

#[derive(Properties, PartialEq)]
pub struct ExplorerProps {
    /// The run's whole timeline.
    pub timeline: Timeline,
    /// How many of its actions are applied (the step the user is at).
    pub cursor: usize,
    /// Whether the run has traitors, whose choices an exploration may try or fix.
    pub traitors: bool,
    /// Opens a counterexample as the current run.
    pub onopen: Callback<Scenario>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    Idle,
    Running,
    Done,
    Cancelled,
    Error,
}

impl Phase {
    fn name(self) -> &'static str {
        match self {
            Phase::Idle => "idle",
            Phase::Running => "running",
            Phase::Done => "done",
            Phase::Cancelled => "cancelled",
            Phase::Error => "error",
        }
    }
}

/// One exploration as the panel shows it.
#[derive(Clone, Debug, PartialEq)]
struct Exploration {
    phase: Phase,
    progress: Progress,
    /// Milliseconds (the page's clock) when it started, and at the last reply.
    started: f64,
    now: f64,
    /// The step it explores from (0: the start).
    from_step: usize,
    outcome: Option<Rc<Outcome>>,
    message: Option<String>,
}

enum ExplorationEvent {
    Started { now: f64, from_step: usize },
    Progress { progress: Progress, now: f64 },
    Done { outcome: Outcome, now: f64 },
    Failed(String),
    Cancelled,
}

impl Default for Exploration {
    fn default() -> Exploration {
        Exploration {
            phase: Phase::Idle,
            progress: Progress::default(),
            started: 0.0,
            now: 0.0,
            from_step: 0,
            outcome: None,
            message: None,
        }
    }
}

impl Reducible for Exploration {
    type Action = ExplorationEvent;

    fn reduce(self: Rc<Self>, event: ExplorationEvent) -> Rc<Self> {
        let mut next = (*self).clone();
        match event {
            ExplorationEvent::Started { now, from_step } => {
                next = Exploration {
                    phase: Phase::Running,
                    started: now,
                    now,
                    from_step,
                    ..Exploration::default()
                };
            }
            ExplorationEvent::Progress { progress, now } if next.phase == Phase::Running => {
                next.progress = progress;
                next.now = now;
            }
            ExplorationEvent::Done { outcome, now } if next.phase == Phase::Running => {
                next.phase = Phase::Done;
                next.progress.unique_states = outcome.unique_states;
                next.progress.transitions = outcome.transitions;
                next.progress.max_depth = outcome.max_depth;
                next.now = now;
                next.outcome = Some(Rc::new(outcome));
            }
            ExplorationEvent::Failed(message) => {
                next.phase = Phase::Error;
                next.message = Some(message);
            }
            ExplorationEvent::Cancelled if next.phase == Phase::Running => {
                next.phase = Phase::Cancelled;
            }
            // A late reply of a cancelled exploration changes nothing.
            _ => return self,
        }
        Rc::new(next)
    }
}

impl Exploration {
    fn seconds(&self) -> f64 {
        ((self.now - self.started) / 1000.0).max(0.0)
    }

    fn states_per_second(&self) -> u64 {
        let seconds = self.seconds();
        if seconds > 0.0 {
            (self.progress.unique_states as f64 / seconds) as u64
        } else {
            0
        }
    }

    fn status_text(&self) -> String {
        let from = match self.from_step {
            0 => "from the start".to_string(),
            step => format!("from step {step}"),
        };
        match self.phase {
            Phase::Idle => {
                "Explores every run within the budgets, visiting each distinct state once."
                    .to_string()
            }
            Phase::Running => format!(
                "Exploring {from}: depth {}, {} states/s…",
                self.progress.max_depth,
                self.states_per_second()
            ),
            Phase::Done => {
                let complete = self.outcome.as_ref().is_some_and(|o| o.complete);
                format!(
                    "Explored {from}: {} transitions, depth {}, in {:.1} s ({} states/s){}",
                    self.progress.transitions,
                    self.progress.max_depth,
                    self.seconds(),
                    self.states_per_second(),
                    if complete {
                        ": every reachable state."
                    } else {
                        ". Incomplete: a limit stopped the search, so a violation may lie beyond it."
                    }
                )
            }
            Phase::Cancelled => format!("Cancelled {from} after {:.1} s.", self.seconds()),
            Phase::Error => self.message.clone().unwrap_or_default(),
        }
    }
}

#[function_component]
pub fn Explorer(props: &ExplorerProps) -> Html {
    let draft = use_state(LimitsDraft::default);
    let exploration = use_reducer(Exploration::default);
    let worker = use_mut_ref(|| None::<ExplorerWorker>);
    let onreply = {
        let dispatch = exploration.dispatcher();
        use_memo((), move |_| {
            Callback::from(move |reply: WorkerReply| {
                let now = js_sys::Date::now();
                dispatch.dispatch(match reply {
                    WorkerReply::Ready | WorkerReply::Valence(_) => return,
                    WorkerReply::Progress(progress) => ExplorationEvent::Progress { progress, now },
                    WorkerReply::Done(outcome) => ExplorationEvent::Done { outcome, now },
                    WorkerReply::Failed(message) => ExplorationEvent::Failed(message),
                })
            })
        })
    };
    let onexplore = {
        let draft = draft.clone();
        let dispatch = exploration.dispatcher();
        let worker = worker.clone();
        let timeline = props.timeline.clone();
        let cursor = props.cursor;
        let onreply = (*onreply).clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let bounds = match draft.bounds() {
                Ok(bounds) => bounds,
                Err(message) => return dispatch.dispatch(ExplorationEvent::Failed(message)),
            };
            let from_step = if draft.from_here { cursor } else { 0 };
            let start = timeline.to_scenario(from_step, None);
            let mut slot = worker.borrow_mut();
            if slot.is_none() {
                match ExplorerWorker::spawn(onreply.clone()) {
                    Ok(spawned) => *slot = Some(spawned),
                    Err(message) => return dispatch.dispatch(ExplorationEvent::Failed(message)),
                }
            }
            let request = ExploreRequest { start, bounds };
            slot.as_ref().expect("spawned above").explore(request);
            dispatch.dispatch(ExplorationEvent::Started {
                now: js_sys::Date::now(),
                from_step,
            });
        })
    };
    let oncancel = {
        let dispatch = exploration.dispatcher();
        let worker = worker.clone();
        Callback::from(move |_: MouseEvent| {
            // Dropping the worker terminates it mid-search; the next Explore starts a new one.
            worker.borrow_mut().take();
            dispatch.dispatch(ExplorationEvent::Cancelled);
        })
    };
    let running = exploration.phase == Phase::Running;

    html! {
        <section class="panel explorer" aria-labelledby="explorer-title">
            <div class="panel-head">
                <h2 id="explorer-title" class="panel-title">{ "Explorer" }</h2>
                <span class="hint">{ "model checking" }</span>
            </div>
            <form class="explorer-form" onsubmit={onexplore}>
                { draft::fields(&draft, props.cursor, props.traitors, running) }
                <div class="explorer-actions">
                    <button type="submit" class="tool primary" data-testid="explore-start" disabled={running}>
                        { "Explore" }
                    </button>
                    <button type="button" class="tool" data-testid="explore-cancel" disabled={!running} onclick={oncancel}>
                        { "Cancel" }
                    </button>
                </div>
            </form>
            <p class="explorer-status" data-testid="explore-status" data-state={exploration.phase.name()}
                role="status" aria-live="polite">
                <span class="explorer-count" hidden={exploration.phase == Phase::Idle}>
                    <span data-testid="explore-states">{ exploration.progress.unique_states }</span>
                    { " unique states. " }
                </span>
                { exploration.status_text() }
            </p>
            { findings(&exploration, &props.onopen) }
        </section>
    }
}

fn findings(exploration: &Exploration, onopen: &Callback<Scenario>) -> Html {
    let Some(outcome) = &exploration.outcome else {
        return Html::default();
    };
    html! {
        <ul class="explorer-findings">
            { for outcome.properties.iter().map(|finding| finding_row(finding, outcome.unique_states, onopen)) }
        </ul>
    }
}

fn finding_row(finding: &FindingView, states: u64, onopen: &Callback<Scenario>) -> Html {
    let violated = finding.status == "violated";
    let kind = match finding.kind {
        Kind::Safety => "safety",
        Kind::Liveness => "liveness",
    };
    let promise = if finding.guaranteed {
        "guaranteed here"
    } else {
        "not guaranteed here"
    };
    let verdict = match (&finding.counterexample, finding.kind) {
        (None, _) => format!("holds in all {states} states"),
        (Some(example), Kind::Safety) => {
            format!(
                "violated: shortest counterexample, {} step(s)",
                example.length
            )
        }
        (Some(example), Kind::Liveness) => format!(
            "violated: after {} step(s) no continuation within the budgets can meet it",
            example.length
        ),
    };
    let open = finding.counterexample.as_ref().map(|example| {
        let scenario = Scenario {
            title: Some(format!("Explorer: {} violated", finding.name)),
            description: Some(format!(
                "The shortest run the Explorer found to a violation of {} ({} step(s) from where it started).",
                finding.name, example.length
            )),
            ..example.scenario.clone()
        };
        let onopen = onopen.clone();
        let onclick = Callback::from(move |_: MouseEvent| {
            onopen.emit(scenario.clone());
            // The run opens in the diagram, which is above: show it.
            browser::scroll_into_view(".diagram-card");
        });
        html! {
            <button type="button" class="tool" data-testid={format!("open-finding-{}", finding.name)} {onclick}
                aria-label={format!("Open the {} counterexample as a run", finding.name)}>
                { "Open as run" }
            </button>
        }
    });
    html! {
        <li class={classes!("explorer-finding", violated.then_some("violated"))}
            data-testid={format!("finding-{}", finding.name)}
            data-status={finding.status.clone()}>
            <span class="finding-name">{ &finding.name }</span>
            <span class="finding-kind">{ format!("{kind}, {promise}") }</span>
            <span class="finding-verdict">{ verdict }</span>
            { open.unwrap_or_default() }
        </li>
    }
}
