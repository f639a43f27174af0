//! The Explorer's Web Worker: runs the model checker (the engine of `synod check`) and the
//! valence computations (those of `synod valence`) off the page's thread, so the page stays
//! responsive meanwhile. The page loads it only when first needed, and terminates it to cancel.

use std::cell::RefCell;

use synod_core::checker::check::{check, CheckReport};
use synod_core::checker::valence::Valence;
use synod_core::checker::valence_run::{session, ValenceError, ValenceSession};
use synod_core::scenario::Scenario;
use synod_web::explorer::messages::{
    ExploreRequest, Outcome, StepValence, ValenceAsk, ValenceOutcome, ValenceRequest, WorkerReply,
    WorkerRequest,
};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

thread_local! {
    /// The valences explored for the run's protocol, kept between requests: a run's every
    /// step, the adversary's events and Lemma 3 share one exploration.
    static SESSION: RefCell<Option<Box<dyn ValenceSession>>> = const { RefCell::new(None) };
}

fn main() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let replies = scope.clone();
    let onmessage = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let reply = match event.data().as_string() {
            Some(text) => answer(&text, &replies),
            None => WorkerReply::Failed(
                "the page sent the Explorer something other than text".to_string(),
            ),
        };
        post(&replies, &reply);
    });
    scope.set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
    onmessage.forget();
    post(&scope, &WorkerReply::Ready);
}

fn answer(text: &str, scope: &DedicatedWorkerGlobalScope) -> WorkerReply {
    match serde_json::from_str(text) {
        Ok(WorkerRequest::Explore(request)) => explore(&request, scope),
        Ok(WorkerRequest::Valence(request)) => match valence(&request) {
            Ok(outcome) => WorkerReply::Valence(outcome),
            Err(e) => WorkerReply::Failed(e.to_string()),
        },
        Err(e) => WorkerReply::Failed(format!("a malformed request reached the Explorer: {e}")),
    }
}

/// Explores as asked, posting progress as it goes; the last reply is the result.
fn explore(request: &ExploreRequest, scope: &DedicatedWorkerGlobalScope) -> WorkerReply {
    let mut progress = |p| post(scope, &WorkerReply::Progress(p));
    match check(&request.start, &request.bounds, &mut progress) {
        Ok(report) => WorkerReply::Done(outcome(&report)),
        Err(e) => WorkerReply::Failed(e.to_string()),
    }
}

/// Answers a valence question, in the session for the request's protocol (a new one when the
/// run's protocol, params or network changed). A lattice vertex other than the run's start gets
/// a session of its own, dropped after.
fn valence(request: &ValenceRequest) -> Result<ValenceOutcome, ValenceError> {
    let started = js_sys::Date::now();
    let scenario = &request.scenario;
    let mut outcome = ValenceOutcome {
        ask: request.ask,
        params: scenario.params.clone(),
        valences: Vec::new(),
        events: Vec::new(),
        lemma3: None,
        explored: 0,
        millis: 0.0,
    };
    SESSION.with(|cell| -> Result<(), ValenceError> {
        let mut slot = cell.borrow_mut();
        let current = slot.as_ref().is_some_and(|s| s.serves(scenario));
        if request.ask == ValenceAsk::Start && !current {
            let mut vertex = session(scenario)?;
            outcome.valences = start_valence(&mut *vertex, scenario)?;
            outcome.explored = vertex.explored();
            return Ok(());
        }
        if !current {
            *slot = Some(session(scenario)?);
        }
        let explorer = slot.as_mut().expect("opened above");
        match request.ask {
            ValenceAsk::Run => {
                outcome.valences = explorer.run(scenario)?.into_iter().map(shown).collect();
            }
            ValenceAsk::Adversary(steps) => outcome.events = explorer.adversary(scenario, steps)?,
            ValenceAsk::Lemma3 => outcome.lemma3 = explorer.lemma3(scenario)?,
            ValenceAsk::Start => outcome.valences = start_valence(&mut **explorer, scenario)?,
        }
        outcome.explored = explorer.explored();
        Ok(())
    })?;
    outcome.millis = js_sys::Date::now() - started;
    Ok(outcome)
}

fn start_valence(
    explorer: &mut dyn ValenceSession,
    scenario: &Scenario,
) -> Result<Vec<StepValence>, ValenceError> {
    let start = Scenario {
        actions: Vec::new(),
        cursor: None,
        ..scenario.clone()
    };
    Ok(explorer.run(&start)?.into_iter().map(shown).collect())
}

fn shown(valence: Valence) -> StepValence {
    StepValence {
        values: valence.values,
        lasting: valence.lasting,
    }
}

/// The report as the page reads it (through its JSON, the same contract as `synod check`).
fn outcome(report: &CheckReport) -> Outcome {
    let json = serde_json::to_value(report).expect("check reports serialize to JSON");
    serde_json::from_value(json).expect("a check report reads as an Explorer outcome")
}

fn post(scope: &DedicatedWorkerGlobalScope, reply: &WorkerReply) {
    // Posting a string to the page cannot fail; if the page is gone, nobody is listening.
    let _ = scope.post_message(&JsValue::from_str(&reply.to_text()));
}
