//! The Explorer's Web Worker: runs the model checker (the engine of `synod check`) off the
//! page's thread, so the page stays responsive while it explores. The page loads it only when
//! Explore is first pressed, and terminates it to cancel.

use synod_core::checker::check::{check, CheckReport};
use synod_web::explorer::messages::{ExploreRequest, Outcome, WorkerReply};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

fn main() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let replies = scope.clone();
    let onmessage = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let reply = match event.data().as_string() {
            Some(text) => explore(&text, &replies),
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

/// Explores as asked, posting progress as it goes; the last reply is the result.
fn explore(text: &str, scope: &DedicatedWorkerGlobalScope) -> WorkerReply {
    let request: ExploreRequest = match serde_json::from_str(text) {
        Ok(request) => request,
        Err(e) => {
            return WorkerReply::Failed(format!("a malformed request reached the Explorer: {e}"))
        }
    };
    let mut progress = |p| post(scope, &WorkerReply::Progress(p));
    match check(&request.start, &request.bounds, &mut progress) {
        Ok(report) => WorkerReply::Done(outcome(&report)),
        Err(e) => WorkerReply::Failed(e.to_string()),
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
