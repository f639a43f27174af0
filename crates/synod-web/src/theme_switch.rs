//! Auto / light / dark: a three-way switch; "auto" follows the system's colour scheme.

use yew::prelude::*;

use crate::state::Theme;

#[derive(Properties, PartialEq)]
pub struct ThemeSwitchProps {
    pub theme: Theme,
    pub onselect: Callback<Theme>,
}

#[function_component]
pub fn ThemeSwitch(props: &ThemeSwitchProps) -> Html {
    html! {
        <div class="segmented" role="group" aria-label="Colour theme">
            { for Theme::ALL.into_iter().map(|theme| {
                let (icon, label) = match theme {
                    Theme::System => ("◐", "Auto"),
                    Theme::Light => ("☀", "Light"),
                    Theme::Dark => ("☾", "Dark"),
                };
                let onselect = props.onselect.clone();
                html! {
                    <button type="button" aria-pressed={(theme == props.theme).to_string()}
                        aria-label={format!("{label} theme")}
                        title={format!("{label} theme")}
                        onclick={Callback::from(move |_| onselect.emit(theme))}>
                        <span aria-hidden="true">{ icon }</span>
                    </button>
                }
            }) }
        </div>
    }
}
