//! The context menu of a message (right-click or the context-menu key in the diagram): deliver,
//! drop, duplicate. Arrow keys move between items; Escape or a click elsewhere closes it.

use synod_core::view::MessageView;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::state::MessageVerb;

#[derive(Properties, PartialEq)]
pub struct MessageMenuProps {
    pub message: MessageView,
    /// Where to open, in client coordinates.
    pub x: f64,
    pub y: f64,
    pub onverb: Callback<MessageVerb>,
    pub onclose: Callback<()>,
}

#[function_component]
pub fn MessageMenu(props: &MessageMenuProps) -> Html {
    let menu = use_node_ref();
    {
        let menu = menu.clone();
        use_effect_with(props.message.id, move |_| {
            focus_item(&menu, |_, _| 0);
        });
    }
    let onkeydown = {
        let menu = menu.clone();
        let onclose = props.onclose.clone();
        Callback::from(move |e: KeyboardEvent| match e.key().as_str() {
            "Escape" => {
                e.prevent_default();
                onclose.emit(());
            }
            "ArrowDown" => {
                e.prevent_default();
                focus_item(&menu, |current, count| (current + 1) % count);
            }
            "ArrowUp" => {
                e.prevent_default();
                focus_item(&menu, |current, count| (current + count - 1) % count);
            }
            "Tab" => onclose.emit(()),
            _ => {}
        })
    };
    let onbackdrop = props.onclose.reform(|_: MouseEvent| ());
    let oncontextmenu = props.onclose.reform(|e: MouseEvent| e.prevent_default());
    let message = &props.message;
    html! {
        <>
            <div class="menu-backdrop" onclick={onbackdrop} oncontextmenu={oncontextmenu}></div>
            <div class="context-menu" role="menu" ref={menu} onkeydown={onkeydown}
                aria-label={format!("Message {}: {}", message.id, message.label)}
                style={format!("left: min({:.0}px, calc(100vw - 15rem)); top: min({:.0}px, calc(100vh - 12rem));", props.x, props.y)}>
                <div class="menu-title" aria-hidden="true">
                    { format!("m{} {} · {} → {}", message.id, message.label, message.from, message.to) }
                </div>
                { for MessageVerb::ALL.into_iter().map(|verb| {
                    let onverb = props.onverb.reform(move |_: MouseEvent| verb);
                    let waits = verb == MessageVerb::Deliver && message.blocked.is_some();
                    html! {
                        <button type="button" role="menuitem" tabindex="-1" class={classes!("menu-item", waits.then_some("waits"))}
                            title={if waits { message.blocked.clone().unwrap_or_default() } else { String::new() }}
                            onclick={onverb}>
                            <span>{ verb.label() }</span><kbd>{ verb.shortcut() }</kbd>
                        </button>
                    }
                }) }
            </div>
        </>
    }
}

/// Moves the focus to the item that `choose(current, count)` names.
fn focus_item(menu: &NodeRef, choose: impl Fn(usize, usize) -> usize) {
    let Some(menu) = menu.cast::<web_sys::Element>() else {
        return;
    };
    let Ok(items) = menu.query_selector_all("[role=menuitem]") else {
        return;
    };
    let count = items.length() as usize;
    if count == 0 {
        return;
    }
    let active = gloo::utils::document().active_element();
    let current = (0..count)
        .find(|i| {
            let item = items.item(*i as u32);
            item.is_some() && item.map(|n| n.unchecked_into::<web_sys::Element>()) == active
        })
        .unwrap_or(count - 1);
    if let Some(item) = items
        .item(choose(current, count) as u32)
        .and_then(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = item.focus();
    }
}
