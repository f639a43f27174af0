//! The Synod playground: renders views of a `synod-core` world and turns gestures into actions.
//! It holds no protocol logic.

pub mod diagram;

use yew::prelude::*;

#[function_component]
fn App() -> Html {
    html! { <main class="app"><h1>{ "Synod" }</h1></main> }
}

/// Mounts the app on the page's body.
pub fn start() {
    yew::Renderer::<App>::new().render();
}
