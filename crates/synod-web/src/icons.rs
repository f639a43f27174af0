//! Small line icons drawn in SVG, so they look the same with every font (emoji and media
//! symbols are missing from many systems' fonts). Each is decorative: the button's label speaks.

use yew::prelude::*;

/// A named icon from the set below.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Icon {
    Step,
    Run,
    Pause,
    Undo,
    Redo,
    Reset,
    Link,
    Download,
    Upload,
}

/// A 16×16 icon in the current text colour.
pub fn icon(icon: Icon) -> Html {
    let shape = match icon {
        Icon::Step => {
            html! { <><path d="M4 3.5 L10 8 L4 12.5 Z" class="filled" /><path d="M12 3.5 V12.5" /></> }
        }
        Icon::Run => html! { <path d="M5 3 L13 8 L5 13 Z" class="filled" /> },
        Icon::Pause => html! { <><path d="M5 3.5 V12.5" /><path d="M11 3.5 V12.5" /></> },
        Icon::Undo => {
            html! { <><path d="M6 4 L3 7 L6 10" /><path d="M3 7 H10 A3 3 0 0 1 10 13 H7" /></> }
        }
        Icon::Redo => {
            html! { <><path d="M10 4 L13 7 L10 10" /><path d="M13 7 H6 A3 3 0 0 0 6 13 H9" /></> }
        }
        Icon::Reset => {
            html! { <><path d="M3.5 8 A4.5 4.5 0 1 0 5 4.6" /><path d="M5.5 1.8 L5 4.6 L2.3 4.2" /></> }
        }
        Icon::Link => {
            html! { <><path d="M7 9 A2.5 2.5 0 0 0 10.5 9 L12.5 7 A2.5 2.5 0 0 0 9 3.5 L8 4.5" /><path d="M9 7 A2.5 2.5 0 0 0 5.5 7 L3.5 9 A2.5 2.5 0 0 0 7 12.5 L8 11.5" /></> }
        }
        Icon::Download => {
            html! { <><path d="M8 2.5 V10" /><path d="M4.5 6.5 L8 10 L11.5 6.5" /><path d="M3 13 H13" /></> }
        }
        Icon::Upload => {
            html! { <><path d="M8 10 V2.5" /><path d="M4.5 6 L8 2.5 L11.5 6" /><path d="M3 13 H13" /></> }
        }
    };
    html! {
        <svg class="icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">{ shape }</svg>
    }
}
