//! The "?" button and its popover listing every keyboard shortcut.

use yew::prelude::*;

use crate::shortcuts::HELP;

#[derive(Properties, PartialEq)]
pub struct HelpProps {
    pub open: bool,
    pub ontoggle: Callback<()>,
}

#[function_component]
pub fn Help(props: &HelpProps) -> Html {
    let ontoggle = props.ontoggle.reform(|_: MouseEvent| ());
    let button = use_node_ref();
    let was_open = use_mut_ref(|| false);
    {
        // Closing the popover (Esc, ✕ or ?) removes what had the focus: it goes back to the
        // button that opened it, not to the page's body.
        let button = button.clone();
        use_effect_with(props.open, move |&open| {
            let closed = std::mem::replace(&mut *was_open.borrow_mut(), open) && !open;
            let lost = gloo::utils::document()
                .active_element()
                .is_none_or(|active| active == gloo::utils::body().into());
            if closed && lost {
                if let Some(button) = button.cast::<web_sys::HtmlElement>() {
                    let _ = button.focus();
                }
            }
        });
    }
    html! {
        <div class="help">
            <button type="button" class="icon-button" aria-label="Keyboard shortcuts" ref={button}
                aria-expanded={props.open.to_string()} aria-controls="help-popover"
                title="Keyboard shortcuts (?)" onclick={ontoggle.clone()}>{ "?" }</button>
            if props.open {
                <div id="help-popover" class="popover help-popover" role="dialog" aria-label="Keyboard shortcuts">
                    <div class="popover-head">
                        <h2>{ "Keyboard shortcuts" }</h2>
                        <button type="button" class="icon-button" aria-label="Close keyboard shortcuts" onclick={ontoggle}>{ "✕" }</button>
                    </div>
                    <table class="shortcut-table">
                        <tbody>
                            { for HELP.iter().map(|(keys, what)| html! {
                                <tr>
                                    <th scope="row">
                                        { for keys.iter().enumerate().map(|(index, key)| html! {
                                            <>
                                                if index > 0 { <span class="muted">{ " or " }</span> }
                                                <kbd>{ *key }</kbd>
                                            </>
                                        }) }
                                    </th>
                                    <td>{ *what }</td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                    <p class="hint">{ "Shortcuts are off while you type in a field. Drag a message's ghost onto its receiver's line to deliver it; right-click a message for more. Click a pending timer on a node's line to fire it." }</p>
                </div>
            }
        </div>
    }
}
