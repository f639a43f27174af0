//! The page's side of the Explorer's Web Worker: spawned on the first Explore, fed one request at
//! a time, terminated to cancel (and when dropped).
//!
//! Trunk builds the worker as `synod-explorer.js` with `synod-explorer_bg.wasm` beside the page;
//! a small script (a blob URL) imports the one and starts the other, relative to the page's base
//! URL, so the page works under any sub-path.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Blob, BlobPropertyBag, MessageEvent, Url, Worker};
use yew::Callback;

use super::messages::{ExploreRequest, ValenceRequest, WorkerReply, WorkerRequest};

const SCRIPT: &str = "synod-explorer.js";
const WASM: &str = "synod-explorer_bg.wasm";

/// Whether the worker can take a request yet, and those waiting if not.
#[derive(Default)]
struct Link {
    ready: bool,
    waiting: Vec<String>,
}

pub struct ExplorerWorker {
    worker: Worker,
    link: Rc<RefCell<Link>>,
    _onmessage: Closure<dyn FnMut(MessageEvent)>,
}

impl ExplorerWorker {
    /// Starts the worker; every reply after `Ready` goes to `onreply`.
    pub fn spawn(onreply: Callback<WorkerReply>) -> Result<ExplorerWorker, String> {
        let worker = Worker::new(&loader_url()?).map_err(describe)?;
        let link = Rc::new(RefCell::new(Link::default()));
        let onmessage = {
            let link = Rc::clone(&link);
            let worker = worker.clone();
            Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
                let reply = match event.data().as_string() {
                    Some(text) => WorkerReply::from_text(&text),
                    None => Err("the Explorer's worker sent something other than text".to_string()),
                };
                match reply {
                    Ok(WorkerReply::Ready) => {
                        let mut link = link.borrow_mut();
                        link.ready = true;
                        for request in std::mem::take(&mut link.waiting) {
                            let _ = worker.post_message(&JsValue::from_str(&request));
                        }
                    }
                    Ok(reply) => onreply.emit(reply),
                    Err(error) => onreply.emit(WorkerReply::Failed(error)),
                }
            })
        };
        worker.set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
        Ok(ExplorerWorker {
            worker,
            link,
            _onmessage: onmessage,
        })
    }

    pub fn explore(&self, request: ExploreRequest) {
        self.send(&WorkerRequest::Explore(request));
    }

    pub fn valence(&self, request: ValenceRequest) {
        self.send(&WorkerRequest::Valence(request));
    }

    /// Sends a request now, or as soon as the worker is ready (requests are answered in order).
    fn send(&self, request: &WorkerRequest) {
        let text = serde_json::to_string(request).expect("requests serialize to JSON");
        let mut link = self.link.borrow_mut();
        if link.ready {
            let _ = self.worker.post_message(&JsValue::from_str(&text));
        } else {
            link.waiting.push(text);
        }
    }
}

impl Drop for ExplorerWorker {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}

/// A blob URL of a script that loads the worker's wasm from beside the page.
fn loader_url() -> Result<String, String> {
    let document = gloo::utils::document();
    let base = document
        .base_uri()
        .map_err(describe)?
        .ok_or("the page has no base URL")?;
    let absolute = |file: &str| {
        Url::new_with_base(file, &base)
            .map(|url| url.href())
            .map_err(describe)
    };
    let script = format!(
        "importScripts({:?}); wasm_bindgen({:?});",
        absolute(SCRIPT)?,
        absolute(WASM)?
    );
    let parts = js_sys::Array::of1(&JsValue::from_str(&script));
    let options = BlobPropertyBag::new();
    options.set_type("text/javascript");
    let blob = Blob::new_with_str_sequence_and_options(&parts, &options).map_err(describe)?;
    Url::create_object_url_with_blob(&blob).map_err(describe)
}

fn describe(error: JsValue) -> String {
    error
        .as_string()
        .or_else(|| {
            error
                .dyn_ref::<js_sys::Error>()
                .map(|e| String::from(e.message()))
        })
        .unwrap_or_else(|| "the browser refused to start the Explorer's worker".to_string())
}
