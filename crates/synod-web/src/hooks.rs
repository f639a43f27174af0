//! The page's effects, each in its own hook: the keyboard, the run timer, the theme, the share
//! link, the address bar and the focus. They read state and dispatch actions; the reducer stays
//! pure.

use gloo::events::{EventListener, EventListenerOptions};
use gloo::timers::callback::{Interval, Timeout};
use synod_core::codec;
use wasm_bindgen::JsCast;
use web_sys::KeyboardEvent;
use yew::prelude::*;

use crate::browser;
use crate::shortcuts::{action_for, KeyPress};
use crate::state::{AppAction, AppState, FocusRequest, FocusTarget, Theme};

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
                dispatcher.dispatch(AppAction::Tick)
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

/// How long the run must rest before the address bar follows it: a burst of steps (a held key,
/// the scrubber dragged) encodes the scenario once, not once per step.
const ADDRESS_DELAY_MS: u32 = 300;

/// Keeps the address bar's fragment in step with the run (not while it runs), so a reload
/// reopens the same run at the same step, and keeps the run in the browser's storage too, so
/// that opening the page's plain address later brings it back. The page as first opened keeps
/// its address.
#[hook]
pub fn use_address_sync(state: &AppState) {
    let revision = state.revision;
    let running = state.player.running;
    let run = state.run.clone();
    use_effect_with((revision, running), move |&(revision, running)| {
        let update = (revision > 0 && !running).then(|| {
            Timeout::new(ADDRESS_DELAY_MS, move || {
                let fragment = codec::encode(&run.to_shared());
                browser::replace_address(&browser::link_with_fragment(&fragment));
                browser::store_run(&fragment);
            })
        });
        move || drop(update)
    });
}

/// Makes each run the user opens an entry of the browser's history, so that Back returns to the
/// run before it; and reopens the run of the entry Back or Forward lands on.
#[hook]
pub fn use_history(state: &AppState, dispatcher: Dispatcher) {
    let opened = state.opened;
    let run = state.run.clone();
    let left = state.set_aside.as_ref().map(|aside| aside.run.clone());
    use_effect_with(opened, move |&opened| {
        if opened > 0 {
            // The entry being left keeps the run as it was left, not as the last (delayed)
            // address update saw it.
            if let Some(left) = left {
                let fragment = codec::encode(&left.to_shared());
                browser::replace_address(&browser::link_with_fragment(&fragment));
            }
            let fragment = codec::encode(&run.to_shared());
            browser::push_address(&browser::link_with_fragment(&fragment));
        }
    });
    use_effect_with((), move |_| {
        let listener = EventListener::new(&gloo::utils::window(), "popstate", move |_| {
            dispatcher.dispatch(AppAction::Revisit(browser::location_hash()));
        });
        move || drop(listener)
    });
}

/// Carries out the reducer's requests to move the keyboard focus, once the page shows the state
/// that asked for it (the ghost to focus exists by then).
#[hook]
pub fn use_focus_requests(request: Option<FocusRequest>) {
    use_effect_with(request, |request| {
        if let Some(request) = request {
            match request.target {
                FocusTarget::Message(id) => browser::focus(&format!("[data-ghost=\"{id}\"]")),
                FocusTarget::Diagram => browser::focus(".diagram-svg"),
            }
        }
    });
}
