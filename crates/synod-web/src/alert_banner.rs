//! The page's voice: a dismissable alert for refusals and failures, a notice with one button to
//! bring back a run that was set aside, and a polite status line for passing remarks. It sits
//! under the toolbar, so that a message appearing never moves a control the user is about to press.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct AlertBannerProps {
    pub error: Option<AttrValue>,
    /// The technical words behind the error, under a "details" toggle.
    #[prop_or_default]
    pub details: Option<AttrValue>,
    pub status: Option<AttrValue>,
    /// What happened to the run set aside, if there is one.
    pub set_aside: Option<AttrValue>,
    pub ondismiss: Callback<()>,
    pub onbringback: Callback<()>,
    pub ondismissaside: Callback<()>,
}

#[function_component]
pub fn AlertBanner(props: &AlertBannerProps) -> Html {
    let ondismiss = props.ondismiss.reform(|_: MouseEvent| ());
    let onbringback = props.onbringback.reform(|_: MouseEvent| ());
    let ondismissaside = props.ondismissaside.reform(|_: MouseEvent| ());
    html! {
        <div class="messages">
            if let Some(error) = &props.error {
                <div class="banner banner-error" role="alert" data-testid="error">
                    <span class="banner-icon" aria-hidden="true">{ "!" }</span>
                    <span class="banner-text">
                        { error.clone() }
                        if let Some(details) = &props.details {
                            <details class="banner-details" data-testid="error-details">
                                <summary>{ "Details" }</summary>
                                <code>{ details.clone() }</code>
                            </details>
                        }
                    </span>
                    <button type="button" class="icon-button" aria-label="Dismiss message" onclick={ondismiss}>{ "✕" }</button>
                </div>
            }
            if let Some(why) = &props.set_aside {
                <div class="banner banner-notice" data-testid="set-aside">
                    <span class="banner-icon" aria-hidden="true">{ "↺" }</span>
                    <span class="banner-text">{ why.clone() }{ "." }</span>
                    <button type="button" class="tool small" data-testid="bring-back" onclick={onbringback}>{ "Bring it back" }</button>
                    <button type="button" class="icon-button" aria-label="Forget the run set aside" onclick={ondismissaside}>{ "✕" }</button>
                </div>
            }
            // A toast over the page's bottom edge, so that a remark never moves the controls. The
            // live region stays; its text is keyed so that each new remark fades in and out anew.
            <div class="status-line" role="status" aria-live="polite" data-testid="status">
                if let Some(status) = &props.status {
                    <span key={status.to_string()} class="status-toast">{ status.clone() }</span>
                }
            </div>
        </div>
    }
}
