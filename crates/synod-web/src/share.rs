//! Sharing a run: a link whose fragment holds the whole scenario, a JSON download, and loading
//! JSON back (pasted or from a file).

use yew::prelude::*;

use crate::icons::{icon, Icon};

#[derive(Properties, PartialEq)]
pub struct ShareProps {
    /// A link the clipboard refused, shown for copying by hand.
    pub fallback: Option<AttrValue>,
    /// The scenario's JSON, asked for only when the user reaches for the download link: writing
    /// it out on every step would cost time in the length of the run.
    pub onexport: Callback<(), String>,
    pub oncopy: Callback<()>,
    pub ondismiss: Callback<()>,
    pub onopenjson: Callback<String>,
}

#[function_component]
pub fn Share(props: &ShareProps) -> Html {
    let pasted = use_state(String::new);
    let load = use_node_ref();
    let oncopy = props.oncopy.reform(|_: MouseEvent| ());
    let ondismiss = props.ondismiss.reform(|_: MouseEvent| ());
    let onpaste = {
        let pasted = pasted.clone();
        Callback::from(move |e: InputEvent| {
            let area: web_sys::HtmlTextAreaElement = e.target_unchecked_into();
            pasted.set(area.value());
        })
    };
    let onopen = {
        let pasted = pasted.clone();
        let load = load.clone();
        let onopenjson = props.onopenjson.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(details) = load.cast::<web_sys::Element>() {
                let _ = details.remove_attribute("open");
            }
            onopenjson.emit((*pasted).clone());
        })
    };
    let onfile = {
        let onopenjson = props.onopenjson.clone();
        let load = load.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            let Some(file) = input.files().and_then(|files| files.get(0)) else {
                return;
            };
            if let Some(details) = load.cast::<web_sys::Element>() {
                let _ = details.remove_attribute("open");
            }
            let onopenjson = onopenjson.clone();
            yew::platform::spawn_local(async move {
                let text = wasm_bindgen_futures::JsFuture::from(file.text()).await;
                let text = text.ok().and_then(|t| t.as_string()).unwrap_or_default();
                onopenjson.emit(text);
            });
        })
    };
    // The link's address is filled in as the pointer or the focus reaches it, and again on the
    // click itself (which follows the address as it is once the handler returns).
    let download = use_node_ref();
    let prepare_download = {
        let onexport = props.onexport.clone();
        let download = download.clone();
        move || {
            if let Some(link) = download.cast::<web_sys::Element>() {
                let json = onexport.emit(());
                let href = format!(
                    "data:application/json;charset=utf-8,{}",
                    js_sys::encode_uri_component(&json)
                );
                // Setting a valid attribute name cannot fail.
                link.set_attribute("href", &href).ok();
            }
        }
    };
    let ondownloadclick = {
        let prepare = prepare_download.clone();
        Callback::from(move |_: MouseEvent| prepare())
    };
    let ondownloadpointer = {
        let prepare = prepare_download.clone();
        Callback::from(move |_: PointerEvent| prepare())
    };
    let ondownloadfocus = Callback::from(move |_: FocusEvent| prepare_download());
    let onfocus_select = Callback::from(|e: FocusEvent| {
        let input: web_sys::HtmlInputElement = e.target_unchecked_into();
        input.select();
    });
    html! {
        <div class="share">
            <button type="button" class="tool primary" aria-label="Copy link to this run" title="Copy a link that reopens this run at this step" onclick={oncopy}>
                { icon(Icon::Link) }{ "Copy link" }
            </button>
            <a class="tool" href="#" download="synod-scenario.json" ref={download} aria-label="Download the scenario as JSON"
                onclick={ondownloadclick} onpointerenter={ondownloadpointer} onfocus={ondownloadfocus}>{ icon(Icon::Download) }{ "JSON" }</a>
            <details class="dropdown" ref={load}>
                <summary class="tool" aria-label="Load a scenario from JSON">{ icon(Icon::Upload) }{ "Load" }</summary>
                <div class="popover load-popover">
                    <label class="field">
                        <span>{ "Paste a scenario" }</span>
                        <textarea rows="6" aria-label="Scenario JSON" placeholder="{\"version\": 1, \"protocol\": \"chandy-lamport\", ...}" value={(*pasted).clone()} oninput={onpaste} />
                    </label>
                    <div class="button-row">
                        <button type="button" class="tool primary" aria-label="Open the pasted scenario" onclick={onopen}>{ "Open" }</button>
                        <label class="tool file-button">
                            { "Choose file…" }
                            <input type="file" accept=".json,application/json" aria-label="Open a scenario file" onchange={onfile} />
                        </label>
                    </div>
                </div>
            </details>
            if let Some(link) = &props.fallback {
                <div class="popover share-fallback" role="dialog" aria-label="Copy this link">
                    <p>{ "The clipboard is not available here. Copy the link yourself:" }</p>
                    <input type="text" readonly=true value={link.clone()} aria-label="Link to this run" onfocus={onfocus_select} data-testid="share-link" />
                    <button type="button" class="tool small" aria-label="Close the link" onclick={ondismiss}>{ "Done" }</button>
                </div>
            }
        </div>
    }
}
