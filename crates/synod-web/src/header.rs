//! The page's title bar: what this is, which protocol runs, in one line, and room for the
//! page-wide controls (scenarios, share, theme, help) the app puts on the right.

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

/// One line on what the protocol is for.
fn tagline(protocol: &str) -> &'static str {
    match protocol {
        "chandy-lamport" => {
            "Record a consistent picture of a running bank (every balance and the money in transit) without stopping it: markers split each FIFO channel into before and after the cut."
        }
        _ => "A distributed protocol, step by step.",
    }
}
