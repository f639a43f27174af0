//! The page's effects, each in its own hook: the keyboard, the run timer, the theme, the share
//! link and the address bar. They read state and dispatch actions; the reducer stays pure.

use gloo::events::{EventListener, EventListenerOptions};
use gloo::timers::callback::Interval;
use synod_core::codec;
use wasm_bindgen::JsCast;
use web_sys::KeyboardEvent;
use yew::prelude::*;

use crate::browser;
use crate::shortcuts::{action_for, KeyPress};
use crate::state::{AppAction, AppState, Theme};

type Dispatcher = UseReducerDispatcher<AppState>;

/// Listens for the shortcuts of [`crate::shortcuts`] on the whole document, except while the
/// user types in a field or presses Space or Enter on a control that handles them itself.
#[hook]
pub fn use_keyboard_shortcuts(dispatcher: Dispatcher) {
    use_effect_with((), move |_| {
        let document = gloo::utils::document();
        let options = EventListenerOptions::enable_prevent_default();
        let listener =
            EventListener::new_with_options(&document, "keydown", options, move |event| {
                let Some(event) = event.dyn_ref::<KeyboardEvent>() else {
                    return;
                };
                let key = event.key();
                if event.default_prevented()
                    || (key != "Escape" && browser::is_typing_target(event.target()))
                    || ((key == " " || key == "Enter")
                        && browser::is_activatable_target(event.target()))
                {
                    return;
                }
                let press = KeyPress {
                    key: &key,
                    ctrl: event.ctrl_key() || event.meta_key(),
                    shift: event.shift_key(),
                    alt: event.alt_key(),
                };
                if let Some(action) = action_for(press) {
                    event.prevent_default();
                    dispatcher.dispatch(action);
                }
            });
        move || drop(listener)
    });
}

/// While running, one scheduler step every `1 / speed` seconds; the reducer stops the run when
/// nothing is enabled, which drops the timer.
#[hook]
pub fn use_run_timer(running: bool, speed: u32, dispatcher: Dispatcher) {
    use_effect_with((running, speed), move |&(running, speed)| {
        let interval = running.then(|| {
            Interval::new(1000 / speed.max(1), move || {
                dispatcher.dispatch(AppAction::Step)
            })
        });
        move || drop(interval)
    });
}

/// Applies the chosen theme to the page and remembers it for the next visit.
#[hook]
pub fn use_theme(theme: Theme) {
    use_effect_with(theme, |theme| {
        browser::apply_theme(theme.name());
        browser::store_theme(theme.name());
    });
}

/// Serves each share request: puts the link in the address bar and on the clipboard, and reports
/// whether the clipboard took it.
#[hook]
pub fn use_share_requests(requests: u64, fragment: String, dispatcher: Dispatcher) {
    use_effect_with(requests, move |&requests| {
        if requests > 0 {
            let link = browser::link_with_fragment(&fragment);
            browser::replace_address(&link);
            yew::platform::spawn_local(async move {
                let action = if browser::copy_to_clipboard(&link).await {
                    AppAction::ShareCopied
                } else {
                    AppAction::ShareFallback(link)
                };
                dispatcher.dispatch(action);
            });
        }
    });
}

/// Keeps the address bar's fragment in step with the run (not while it runs), so a reload
/// reopens the same run at the same step. The page as first opened keeps its address.
#[hook]
pub fn use_address_sync(state: &AppState) {
    let revision = state.revision;
    let running = state.player.running;
    let shared = state.run.to_shared();
    use_effect_with((revision, running), move |&(revision, running)| {
        if revision > 0 && !running {
            browser::replace_address(&browser::link_with_fragment(&codec::encode(&shared)));
        }
    });
}
