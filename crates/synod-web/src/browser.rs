//! The few things the page asks of the browser: the address, the clipboard, a stored preference,
//! the keyboard focus.
//! Each degrades to "nothing happened" rather than failing, so a locked-down browser still gets a
//! working page.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

const THEME_KEY: &str = "synod-theme";
const RUN_KEY: &str = "synod-run";

/// The address's fragment, with its `#`, or an empty string.
pub fn location_hash() -> String {
    gloo::utils::window().location().hash().unwrap_or_default()
}

/// The current address with its fragment replaced by `fragment`.
pub fn link_with_fragment(fragment: &str) -> String {
    let href = gloo::utils::window().location().href().unwrap_or_default();
    let base = href.split('#').next().unwrap_or_default();
    format!("{base}#{fragment}")
}

/// Replaces the address bar's URL without a new history entry, so a reload reopens `link`.
pub fn replace_address(link: &str) {
    if let Ok(history) = gloo::utils::window().history() {
        // A refusal (e.g. a sandboxed frame) leaves the old address: the page still works.
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(link));
    }
}

/// Adds `link` to the browser's history as a new entry, and shows it in the address bar.
pub fn push_address(link: &str) {
    if let Ok(history) = gloo::utils::window().history() {
        let _ = history.push_state_with_url(&JsValue::NULL, "", Some(link));
    }
}

/// Keeps the current run (as its share fragment) for the next visit to the plain address.
pub fn store_run(fragment: &str) {
    if let Ok(Some(storage)) = gloo::utils::window().local_storage() {
        // A full or refused storage only means the run is not kept for the next visit.
        let _ = storage.set_item(RUN_KEY, fragment);
    }
}

/// The run kept by the last visit, as its share fragment.
pub fn stored_run() -> Option<String> {
    let storage = gloo::utils::window().local_storage().ok()??;
    storage.get_item(RUN_KEY).ok()?
}

/// Writes `text` to the clipboard; `false` when the browser has no clipboard here or refuses.
pub async fn copy_to_clipboard(text: &str) -> bool {
    let navigator = gloo::utils::window().navigator();
    let clipboard = js_sys::Reflect::get(&navigator, &JsValue::from_str("clipboard"));
    match clipboard {
        Ok(clipboard) if !clipboard.is_undefined() && !clipboard.is_null() => {
            let clipboard = web_sys::Clipboard::from(clipboard);
            JsFuture::from(clipboard.write_text(text)).await.is_ok()
        }
        _ => false,
    }
}

/// The theme the user chose last time, if the browser kept it.
pub fn stored_theme() -> Option<String> {
    let storage = gloo::utils::window().local_storage().ok()??;
    storage.get_item(THEME_KEY).ok()?
}

pub fn store_theme(name: &str) {
    if let Ok(Some(storage)) = gloo::utils::window().local_storage() {
        // Private browsing may refuse to store: the choice then lasts for this visit only.
        let _ = storage.set_item(THEME_KEY, name);
    }
}

/// Sets `data-theme` on the root element, which the style sheet's colour variables follow.
pub fn apply_theme(name: &str) {
    if let Some(root) = gloo::utils::document().document_element() {
        let _ = root.set_attribute("data-theme", name);
    }
}

/// Moves the keyboard focus to the first element that matches `selector`, if there is one.
pub fn focus(selector: &str) {
    let Ok(Some(element)) = gloo::utils::document().query_selector(selector) else {
        return;
    };
    // Focusing cannot fail on an element in the page; a refusal leaves the focus where it was.
    if let Some(svg) = element.dyn_ref::<web_sys::SvgElement>() {
        let _ = svg.focus();
    } else if let Some(html) = element.dyn_ref::<web_sys::HtmlElement>() {
        let _ = html.focus();
    }
}

/// Scrolls the first element that matches `selector` into view, if there is one.
pub fn scroll_into_view(selector: &str) {
    if let Ok(Some(element)) = gloo::utils::document().query_selector(selector) {
        element.scroll_into_view();
    }
}

/// Whether keystrokes go to a text field, where single-letter shortcuts must not fire.
pub fn is_typing_target(target: Option<web_sys::EventTarget>) -> bool {
    let Some(element) =
        target.and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
    else {
        return false;
    };
    element
        .matches("input, textarea, select, [contenteditable]")
        .unwrap_or(false)
}

/// Whether Space and Enter belong to the focused control (a button activates on them). An element
/// that takes the focus only from the page (`tabindex="-1"`), or the diagram itself (one Tab stop
/// whose items are reached by arrow keys), leaves them to the shortcuts.
pub fn is_activatable_target(target: Option<web_sys::EventTarget>) -> bool {
    let Some(element) =
        target.and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
    else {
        return false;
    };
    element
        .matches(
            "button, a, summary, [role=button], [role=menuitem], \
             [tabindex]:not([tabindex='-1']):not(.diagram-svg)",
        )
        .unwrap_or(false)
}
