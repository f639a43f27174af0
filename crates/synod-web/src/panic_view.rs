//! The last line of defence: a panic replaces the dead page with a message and two ways out.
//!
//! After a panic the app no longer runs, so the view is built with plain DOM calls and its
//! buttons use inline handlers that need no Rust.

use web_sys::{Document, Element};

/// Installs the panic hook. Call once, before the app mounts: Yew keeps a hook set this way
/// instead of its own, which only logs.
pub fn install() {
    yew::set_custom_panic_hook(Box::new(|info| show(&info.to_string())));
}

fn show(message: &str) {
    web_sys::console::error_1(&format!("Synod stopped on a bug: {message}").into());
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(body) = document.body() else {
        return;
    };
    if document.get_element_by_id("panic-view").is_some() {
        return;
    }
    if let Some(view) = build(&document, message) {
        let _ = body.append_child(&view);
    }
}

fn build(document: &Document, message: &str) -> Option<Element> {
    let view = element(document, "div", "panic-view")?;
    view.set_id("panic-view");
    view.set_attribute("role", "alertdialog").ok()?;
    view.set_attribute("aria-labelledby", "panic-title").ok()?;
    let card = element(document, "div", "panic-card")?;
    let title = element(document, "h2", "")?;
    title.set_id("panic-title");
    title.set_text_content(Some("Something went wrong"));
    let explanation = element(document, "p", "")?;
    explanation.set_text_content(Some(
        "The playground hit a bug and stopped. Reload reopens this run from the address bar; Reset to default starts afresh.",
    ));
    let details = element(document, "pre", "panic-details")?;
    details.set_text_content(Some(message));
    let reload = button(document, "Reload", "location.reload()", "primary")?;
    let reset = button(
        document,
        "Reset to default",
        "history.replaceState(null, '', location.pathname + location.search); location.reload()",
        "",
    )?;
    let actions = element(document, "div", "panic-actions")?;
    actions.append_child(&reload).ok()?;
    actions.append_child(&reset).ok()?;
    for child in [&title, &explanation, &details, &actions] {
        card.append_child(child).ok()?;
    }
    view.append_child(&card).ok()?;
    Some(view)
}

fn element(document: &Document, tag: &str, class: &str) -> Option<Element> {
    let element = document.create_element(tag).ok()?;
    if !class.is_empty() {
        element.set_class_name(class);
    }
    Some(element)
}

fn button(document: &Document, label: &str, onclick: &str, class: &str) -> Option<Element> {
    let button = element(document, "button", class)?;
    button.set_attribute("type", "button").ok()?;
    button.set_attribute("onclick", onclick).ok()?;
    button.set_text_content(Some(label));
    Some(button)
}
