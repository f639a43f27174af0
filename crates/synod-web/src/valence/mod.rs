//! The FLP panel, for a protocol whose configurations have a valence: the valence of the step
//! the user is at (and, through the diagram's strip, of every step), the adversary that extends
//! the run keeping it bivalent, FLP's Lemma 3 at the current step, and Lemma 2's lattice of
//! initial configurations.
//!
//! Everything is computed in the Explorer's worker (`synod valence`'s engine): the page never
//! carries the checker. Stable hooks for course pages and tests: `valence-now` (with
//! `data-valence` = zero | one | both | none, and `data-state` = computing | ready | error),
//! `adversary-1`, `adversary-10`, `adversary-100`, `lemma3-compute`, `lemma3-result`,
//! `lemma3-take`, `lattice-compute`, `lattice-status`, and one `lattice-{inputs}` per vertex
//! (e.g. `lattice-011`, with `data-valence`).

mod lattice;
mod lemma3;

use std::rc::Rc;

use serde_json::Value;
use synod_core::action::Action;
use synod_core::checker::valence::Lemma3;
use synod_core::scenario::Scenario;
use synod_core::view::WorldView;
use yew::prelude::*;

use self::lattice::{Lattice, LatticeState};
use crate::explorer::messages::{
    StepValence, ValenceAsk, ValenceOutcome, ValenceRequest, WorkerReply,
};
use crate::explorer::worker::ExplorerWorker;
use crate::timeline::Timeline;

/// FLP's point about the adversary's run, for the panel.
const PROBABILITY_ZERO: &str = "FLP's run is admissible: every message is delivered and every process keeps taking steps; the adversary only chooses the order. Among all schedules such runs are rare (with random delays the decision comes with probability 1, which is why randomized protocols such as Ben-Or's terminate), yet they exist, so no deterministic protocol can promise to decide. The theorem is about what the protocol can guarantee, not about what usually happens.";

#[derive(Properties, PartialEq)]
pub struct ValencePanelProps {
    pub timeline: Timeline,
    /// The run's view at the cursor, for naming events.
    pub view: Rc<WorldView>,
    pub cursor: usize,
    /// Appends the adversary's events (or a Lemma 3 path) to the run at the cursor.
    pub onperform: Callback<Vec<Action<Value>>>,
    /// Every step's valence, for the diagram's strip (`None` while unknown).
    pub onvalences: Callback<Option<Rc<Vec<StepValence>>>>,
    /// Opens a run from another initial configuration (a lattice vertex).
    pub onopen: Callback<Scenario>,
}

/// What the panel knows, folded from the worker's replies.
#[derive(Clone, Debug, Default, PartialEq)]
struct ValenceState {
    /// The valences of the run's steps, its start first.
    valences: Option<Rc<Vec<StepValence>>>,
    /// Configurations explored and the time the last answer took.
    explored: usize,
    millis: f64,
    /// The longest answer so far: exploring every configuration of the run's start.
    slowest: f64,
    /// Requests whose answers have not come yet.
    waiting: usize,
    /// The step the last Lemma 3 question was asked at, and its answer.
    lemma_step: usize,
    lemma3: Option<(usize, Rc<Lemma3<Value>>)>,
    lattice: LatticeState,
    error: Option<String>,
}

enum ValenceEvent {
    Asked,
    Answer(ValenceOutcome),
    Failed(String),
    LemmaAsked(usize),
    LatticeAsked(f64),
}

impl Reducible for ValenceState {
    type Action = ValenceEvent;

    fn reduce(self: Rc<Self>, event: ValenceEvent) -> Rc<Self> {
        let mut next = (*self).clone();
        match event {
            ValenceEvent::Asked => next.waiting += 1,
            ValenceEvent::LemmaAsked(step) => {
                next.waiting += 1;
                next.lemma3 = None;
                next.lemma_step = step;
            }
            ValenceEvent::LatticeAsked(now) => next.lattice.start(now),
            ValenceEvent::Failed(message) => {
                next.waiting = next.waiting.saturating_sub(1);
                next.error = Some(message);
            }
            ValenceEvent::Answer(outcome) => {
                next.error = None;
                next.explored = outcome.explored;
                next.millis = outcome.millis;
                next.slowest = next.slowest.max(outcome.millis);
                match outcome.ask {
                    ValenceAsk::Run => {
                        next.waiting = next.waiting.saturating_sub(1);
                        next.valences = Some(Rc::new(outcome.valences));
                    }
                    ValenceAsk::Adversary(_) => next.waiting = next.waiting.saturating_sub(1),
                    ValenceAsk::Lemma3 => {
                        next.waiting = next.waiting.saturating_sub(1);
                        next.lemma3 = outcome
                            .lemma3
                            .map(|lemma| (next.lemma_step, Rc::new(lemma)));
                    }
                    ValenceAsk::Start => {
                        if let Some(valence) = outcome.valences.first() {
                            next.lattice
                                .record(&outcome.params, *valence, js_sys::Date::now());
                        }
                    }
                }
            }
        }
        Rc::new(next)
    }
}

#[function_component]
pub fn ValencePanel(props: &ValencePanelProps) -> Html {
    let state = use_reducer(ValenceState::default);
    let worker = use_mut_ref(|| None::<ExplorerWorker>);
    let onreply = {
        let dispatch = state.dispatcher();
        let onperform = props.onperform.clone();
        use_memo((), move |_| {
            Callback::from(move |reply: WorkerReply| match reply {
                WorkerReply::Valence(outcome) => {
                    if let ValenceAsk::Adversary(_) = outcome.ask {
                        if !outcome.events.is_empty() {
                            onperform.emit(outcome.events.clone());
                        }
                    }
                    dispatch.dispatch(ValenceEvent::Answer(outcome));
                }
                WorkerReply::Failed(message) => dispatch.dispatch(ValenceEvent::Failed(message)),
                _ => {}
            })
        })
    };
    // Sends a request, starting the worker the first time.
    let ask = {
        let worker = worker.clone();
        let onreply = (*onreply).clone();
        let dispatch = state.dispatcher();
        Callback::from(move |request: ValenceRequest| {
            let mut slot = worker.borrow_mut();
            if slot.is_none() {
                match ExplorerWorker::spawn(onreply.clone()) {
                    Ok(spawned) => *slot = Some(spawned),
                    Err(message) => return dispatch.dispatch(ValenceEvent::Failed(message)),
                }
            }
            slot.as_ref().expect("spawned above").valence(request);
        })
    };
    // Every change of the run asks again for its steps' valences.
    {
        let ask = ask.clone();
        let dispatch = state.dispatcher();
        let onvalences = props.onvalences.clone();
        use_effect_with(props.timeline.clone(), move |timeline| {
            onvalences.emit(None);
            dispatch.dispatch(ValenceEvent::Asked);
            ask.emit(ValenceRequest {
                scenario: timeline.to_scenario(timeline.len(), None),
                ask: ValenceAsk::Run,
            });
        });
    }
    {
        let onvalences = props.onvalences.clone();
        use_effect_with(state.valences.clone(), move |valences| {
            if valences.is_some() {
                onvalences.emit(valences.clone());
            }
        });
    }
    let adversary = |steps: usize| {
        let ask = ask.clone();
        let dispatch = state.dispatcher();
        let timeline = props.timeline.clone();
        let cursor = props.cursor;
        Callback::from(move |_: MouseEvent| {
            dispatch.dispatch(ValenceEvent::Asked);
            ask.emit(ValenceRequest {
                scenario: timeline.to_scenario(timeline.len(), Some(cursor as u64)),
                ask: ValenceAsk::Adversary(steps),
            });
        })
    };
    let onlemma3 = {
        let ask = ask.clone();
        let dispatch = state.dispatcher();
        let timeline = props.timeline.clone();
        let cursor = props.cursor;
        Callback::from(move |_: MouseEvent| {
            dispatch.dispatch(ValenceEvent::LemmaAsked(cursor));
            ask.emit(ValenceRequest {
                scenario: timeline.to_scenario(timeline.len(), Some(cursor as u64)),
                ask: ValenceAsk::Lemma3,
            });
        })
    };
    let onlattice = {
        let ask = ask.clone();
        let dispatch = state.dispatcher();
        let header = props.timeline.header().clone();
        Callback::from(move |_: MouseEvent| {
            dispatch.dispatch(ValenceEvent::LatticeAsked(js_sys::Date::now()));
            for scenario in lattice::vertices(&header) {
                ask.emit(ValenceRequest {
                    scenario,
                    ask: ValenceAsk::Start,
                });
            }
        })
    };

    let now = state
        .valences
        .as_ref()
        .filter(|v| v.len() == props.timeline.len() + 1)
        .and_then(|v| v.get(props.cursor).copied());
    let busy = state.waiting > 0;
    let phase = if state.error.is_some() {
        "error"
    } else if now.is_some() {
        "ready"
    } else {
        "computing"
    };
    let lasting = now.is_some_and(|v| v.lasting);
    let now_text = match now {
        Some(v) => {
            let reach = match v.values {
                1 => "only 0 can still be decided".to_string(),
                2 => "only 1 can still be decided".to_string(),
                3 if v.lasting => {
                    "both 0 and 1 are still reachable, and a scheduler can keep them so for ever"
                        .to_string()
                }
                3 => "both 0 and 1 are still reachable, but every way on leads to a decision"
                    .to_string(),
                _ => "no decision is reachable".to_string(),
            };
            format!("{}: {reach}.", v.name())
        }
        None => "Computing which decisions are reachable…".to_string(),
    };

    html! {
        <section class="panel valence-panel" aria-labelledby="valence-title">
            <div class="panel-head">
                <h2 id="valence-title" class="panel-title">{ "Valence (FLP)" }</h2>
                <span class="hint">{ "which decisions are still reachable" }</span>
            </div>
            <p class="valence-now" data-testid="valence-now" data-state={phase}
                data-valence={now.map_or("none", |v| v.class())} role="status" aria-live="polite">
                <span class={classes!("valence-chip", now.map(|v| format!("valence-{}", v.class())))}>
                    { format!("Step {}", props.cursor) }
                </span>
                { " " }{ now_text }
            </p>
            if let Some(error) = &state.error {
                <p class="valence-error" role="alert">{ error.clone() }</p>
            }
            <p class="valence-meta" data-testid="valence-explored">
                { format!("{} configurations explored in the worker; the last answer took {:.0} ms, exploring from a start took {:.1} s.",
                    state.explored, state.millis, state.slowest / 1000.0) }
            </p>
            <div class="valence-adversary">
                <span class="valence-label">{ "The adversary: " }</span>
                <button type="button" class="tool primary" data-testid="adversary-1" disabled={busy || !lasting}
                    onclick={adversary(1)} title="Apply one event that keeps both decisions reachable">{ "+1 step" }</button>
                <button type="button" class="tool" data-testid="adversary-10" disabled={busy || !lasting}
                    onclick={adversary(10)}>{ "+10" }</button>
                <button type="button" class="tool" data-testid="adversary-100" disabled={busy || !lasting}
                    onclick={adversary(100)}>{ "+100" }</button>
            </div>
            <p class="hint valence-help">
                { "Each step it applies the oldest pending event (a process's start, or the message sent first), after the shortest detour that keeps both values open (Lemma 3), so every message is delivered in the end. Choose events yourself to force a decision, and watch the strip under the diagram's step numbers change colour: the adversary would have dodged there. " }
                { PROBABILITY_ZERO }
            </p>
            { lemma3::view(&props.view, state.lemma3.as_ref().map(|(step, lemma)| (*step, Rc::clone(lemma))), props.cursor, busy, onlemma3, props.onperform.clone()) }
            <Lattice state={state.lattice.clone()} header={props.timeline.header().clone()}
                oncompute={onlattice} onopen={props.onopen.clone()} />
        </section>
    }
}
