//! The page's voice: a dismissable alert for refusals and failures, and a polite status line for
//! passing remarks.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct AlertBannerProps {
    pub error: Option<AttrValue>,
    pub status: Option<AttrValue>,
    pub ondismiss: Callback<()>,
}

#[function_component]
pub fn AlertBanner(props: &AlertBannerProps) -> Html {
    let ondismiss = props.ondismiss.reform(|_: MouseEvent| ());
    html! {
        <div class="messages">
            if let Some(error) = &props.error {
                <div class="banner banner-error" role="alert" data-testid="error">
                    <span class="banner-icon" aria-hidden="true">{ "!" }</span>
                    <span class="banner-text">{ error.clone() }</span>
                    <button type="button" class="icon-button" aria-label="Dismiss message" onclick={ondismiss}>{ "✕" }</button>
                </div>
            }
            <div class="status-line" role="status" aria-live="polite" data-testid="status">
                { props.status.clone().unwrap_or_default() }
            </div>
        </div>
    }
}
