//! The page's title bar: what this is, which protocol runs, in one line, and room for the
//! page-wide controls (scenarios, share, theme, help) the app puts on the right.

use synod_core::registry;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct HeaderProps {
    /// The protocol's registry name, e.g. `chandy-lamport`.
    pub protocol: AttrValue,
    /// The protocol's human title.
    pub title: AttrValue,
    pub children: Html,
}

#[function_component]
pub fn Header(props: &HeaderProps) -> Html {
    html! {
        <header class="page-header">
            <div class="brand">
                <span class="logo" aria-hidden="true">{ "◈" }</span>
                <span class="brand-name">{ "Synod" }</span>
            </div>
            <div class="protocol-heading">
                <h1>{ props.title.clone() }</h1>
                <p class="tagline">{ tagline(&props.protocol) }</p>
            </div>
            <div class="header-tools">{ props.children.clone() }</div>
        </header>
    }
}

/// One line on what the protocol is for, from the protocol itself.
fn tagline(protocol: &str) -> &'static str {
    registry::find(protocol).map_or("A distributed protocol, step by step.", |p| p.summary)
}
