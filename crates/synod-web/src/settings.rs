//! The run's settings: protocol, nodes and their balances, the algorithm's variant (flawed ones
//! say so), the channels' semantics and the seed. Applying them starts a new run.

use synod_core::network::Channels;
use synod_core::registry::{self, PROTOCOLS};
use synod_core::scenario::Scenario;
use yew::prelude::*;

use crate::settings_draft::SettingsDraft;

#[derive(Properties, PartialEq)]
pub struct SettingsProps {
    /// The settings of the run being shown; the form starts from them.
    pub current: SettingsDraft,
    pub onapply: Callback<Scenario>,
}

#[function_component]
pub fn Settings(props: &SettingsProps) -> Html {
    let draft = use_state(|| props.current.clone());
    {
        let draft = draft.clone();
        use_effect_with(props.current.clone(), move |current| {
            draft.set(current.clone())
        });
    }
    let checked = draft.to_scenario();
    let edit = |change: fn(&SettingsDraft, String) -> SettingsDraft| {
        let draft = draft.clone();
        Callback::from(move |value: String| draft.set(change(&draft, value)))
    };
    let input_value = |callback: Callback<String>| {
        callback.reform(|e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            input.value()
        })
    };
    let select_value = |callback: Callback<String>| {
        callback.reform(|e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            select.value()
        })
    };
    let onprotocol = select_value(edit(|d, protocol| SettingsDraft {
        protocol,
        ..d.clone()
    }));
    let onnodes = input_value(edit(SettingsDraft::with_nodes));
    let variants = registry::find(&draft.protocol).map_or(&[][..], |p| p.variants);
    let chosen_variant = variants.iter().find(|v| v.name == draft.variant);
    let onvariant = select_value(edit(|d, variant| SettingsDraft {
        variant,
        ..d.clone()
    }));
    let onseed = input_value(edit(|d, seed| SettingsDraft { seed, ..d.clone() }));
    let onnewseed = {
        let draft = draft.clone();
        Callback::from(move |_: MouseEvent| {
            let seed = (js_sys::Math::random() * 1_000_000.0) as u64;
            draft.set(SettingsDraft {
                seed: seed.to_string(),
                ..(*draft).clone()
            });
        })
    };
    let onapply = {
        let onapply = props.onapply.clone();
        let checked = checked.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if let Ok(scenario) = &checked {
                onapply.emit(scenario.clone());
            }
        })
    };
    let changed = *draft != props.current;

    html! {
        <section class="panel" aria-labelledby="settings-title">
            <h2 id="settings-title" class="panel-title">{ "Settings" }</h2>
            <form class="settings" onsubmit={onapply}>
                <label class="field">
                    <span>{ "Protocol" }</span>
                    <select aria-label="Protocol" onchange={onprotocol}>
                        { for PROTOCOLS.iter().map(|p| html! {
                            <option value={p.name} selected={p.name == draft.protocol}>{ p.title }</option>
                        }) }
                    </select>
                </label>
                <label class="field">
                    <span>{ "Nodes (2 to 8)" }</span>
                    <input type="number" min="2" max="8" step="1" value={draft.nodes.clone()} aria-label="Number of nodes" oninput={onnodes} />
                </label>
                <fieldset class="balances">
                    <legend>{ "Starting balances ($)" }</legend>
                    { for draft.balances.iter().enumerate().map(|(node, balance)| {
                        let draft = draft.clone();
                        let oninput = Callback::from(move |e: InputEvent| {
                            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
                            let mut balances = draft.balances.clone();
                            balances[node] = input.value();
                            draft.set(SettingsDraft { balances, ..(*draft).clone() });
                        });
                        html! {
                            <label class="balance">
                                <span>{ node }</span>
                                <input type="number" min="0" step="1" value={balance.clone()}
                                    aria-label={format!("Starting balance of node {node}")} oninput={oninput} />
                            </label>
                        }
                    }) }
                </fieldset>
                <label class="field">
                    <span>{ "Variant" }</span>
                    <select aria-label="Algorithm variant" onchange={onvariant}>
                        { for variants.iter().map(|variant| html! {
                            <option value={variant.name} selected={variant.name == draft.variant}>
                                { if variant.flawed { format!("{} (flawed)", variant.name) } else { variant.name.to_string() } }
                            </option>
                        }) }
                    </select>
                </label>
                <p class={classes!("hint", chosen_variant.is_some_and(|v| v.flawed).then_some("flawed-note"))}>
                    { chosen_variant.map_or("", |v| v.summary) }
                </p>
                <fieldset class="channels">
                    <legend>{ "Channels" }</legend>
                    { for [(Channels::Fifo, "FIFO"), (Channels::Unordered, "Unordered")].into_iter().map(|(channels, label)| {
                        let checked = draft.channels == channels;
                        let draft = draft.clone();
                        let onchange = Callback::from(move |_: Event| {
                            draft.set(SettingsDraft { channels, ..(*draft).clone() });
                        });
                        html! {
                            <label class="check">
                                <input type="radio" name="channels" checked={checked}
                                    aria-label={format!("{label} channels")} onchange={onchange} />
                                { label }
                            </label>
                        }
                    }) }
                    <p class="hint">{ "Chandy-Lamport assumes FIFO channels. With unordered channels a transfer can overtake a marker, and the cut breaks." }</p>
                </fieldset>
                <div class="field">
                    <label for="seed-input">{ "Seed of the random scheduler" }</label>
                    <span class="seed-row">
                        <input id="seed-input" type="number" min="0" step="1" value={draft.seed.clone()} aria-label="Seed" oninput={onseed} />
                        <button type="button" class="tool small" aria-label="Pick a new random seed" onclick={onnewseed}>{ "New" }</button>
                    </span>
                </div>
                if let Err(message) = &checked {
                    <p class="field-error" role="alert">{ message.clone() }</p>
                }
                <button type="submit" class="tool primary wide" disabled={checked.is_err()}
                    aria-label="Apply the settings and start a new run">{ "Start new run" }</button>
                <p class="hint">
                    { if changed { "Applying starts a new run: the current timeline is discarded." } else { "These are the current run's settings. Changing them starts a new run." } }
                </p>
            </form>
        </section>
    }
}
