//! The run's settings: the protocol, its own settings as it declares them (counts, one number or
//! choice per counted item, one of a few options, flags, sets of nodes as boxes to tick, one text
//! per member of such a set), its variant (flawed ones say so), the network's channels and
//! timing, and the seed. Applying them starts a new run.

use synod_core::form::{Setting, SettingKind};
use synod_core::network::{Channels, Timing};
use synod_core::registry::{self, PROTOCOLS};
use synod_core::scenario::Scenario;
use yew::prelude::*;

use crate::settings_draft::{DraftValue, SettingsDraft, LOYAL};

/// Each channel semantics, its label and one line on what it means.
const CHANNELS: [(Channels, &str, &str); 2] = [
    (
        Channels::Fifo,
        "FIFO",
        "Each channel delivers its messages in the order they were sent.",
    ),
    (
        Channels::Unordered,
        "Unordered",
        "Any message in flight may be delivered next: one can overtake another.",
    ),
];

/// Each timing model, its label and one line on what it means.
const TIMINGS: [(Timing, &str, &str); 2] = [
    (
        Timing::Async,
        "Asynchronous",
        "Any pending timer may fire at any moment: a timeout can be premature, the awaited message still on its way.",
    ),
    (
        Timing::Sync,
        "Synchronous",
        "A timer fires only when no message is on its way, the one due soonest first: a timeout then means a crash or a partition.",
    ),
];

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
    let update = {
        let draft = draft.clone();
        Callback::from(move |next: SettingsDraft| draft.set(next))
    };
    let onprotocol = {
        let draft = draft.clone();
        update.reform(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            draft.with_protocol(&select.value())
        })
    };
    let info = registry::find(&draft.protocol);
    let variants = info.map_or(&[][..], |p| p.variants);
    let chosen_variant = variants.iter().find(|v| v.name == draft.variant);
    let onvariant = {
        let draft = draft.clone();
        update.reform(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            SettingsDraft {
                variant: select.value(),
                ..(*draft).clone()
            }
        })
    };
    let onseed = {
        let draft = draft.clone();
        update.reform(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            SettingsDraft {
                seed: input.value(),
                ..(*draft).clone()
            }
        })
    };
    let onnewseed = {
        let draft = draft.clone();
        update.reform(move |_: MouseEvent| SettingsDraft {
            seed: ((js_sys::Math::random() * 1_000_000.0) as u64).to_string(),
            ..(*draft).clone()
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
            <form class="settings" novalidate={true} onsubmit={onapply}>
                <label class="field">
                    <span>{ "Protocol" }</span>
                    <select aria-label="Protocol" onchange={onprotocol}>
                        { for PROTOCOLS.iter().map(|p| html! {
                            <option value={p.name} selected={p.name == draft.protocol}>{ p.title }</option>
                        }) }
                    </select>
                </label>
                <p class="hint">{ info.map_or("", |p| p.summary) }</p>
                { for draft.settings.iter().zip(&draft.values).enumerate().map(|(index, (setting, value))| {
                    setting_field(setting, value, index, &draft, &update)
                }) }
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
                { radio_group("Channels", "channels", &CHANNELS.map(|(value, label, meaning)| (value == draft.channels, label, meaning)), {
                    let draft = draft.clone();
                    update.reform(move |index: usize| SettingsDraft { channels: CHANNELS[index].0, ..(*draft).clone() })
                }) }
                { radio_group("Timing", "timing", &TIMINGS.map(|(value, label, meaning)| (value == draft.timing, label, meaning)), {
                    let draft = draft.clone();
                    update.reform(move |index: usize| SettingsDraft { timing: TIMINGS[index].0, ..(*draft).clone() })
                }) }
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

/// One of the protocol's settings as a form field.
fn setting_field(
    setting: &Setting,
    value: &DraftValue,
    index: usize,
    draft: &UseStateHandle<SettingsDraft>,
    update: &Callback<SettingsDraft>,
) -> Html {
    match (setting.kind, value) {
        (SettingKind::Count { min, max, .. }, DraftValue::Count(text)) => {
            let draft = draft.clone();
            let oninput = update.reform(move |e: InputEvent| {
                let input: web_sys::HtmlInputElement = e.target_unchecked_into();
                draft.with_count(index, input.value())
            });
            html! {
                <label class="field">
                    <span>{ format!("{} ({min} to {max})", setting.label) }</span>
                    <input type="number" min={min.to_string()} max={max.to_string()} step="1"
                        value={text.clone()} aria-label={setting.label} {oninput} />
                </label>
            }
        }
        (SettingKind::Numbers { min, max, .. }, DraftValue::Items(items)) => html! {
            <fieldset class="setting-items">
                <legend>{ setting.label }</legend>
                { for items.iter().enumerate().map(|(item, text)| {
                    let draft = draft.clone();
                    let oninput = update.reform(move |e: InputEvent| {
                        let input: web_sys::HtmlInputElement = e.target_unchecked_into();
                        draft.with_item(index, item, input.value())
                    });
                    html! {
                        <input type="number" min={min.to_string()} max={max.to_string()} step="1"
                            value={text.clone()} aria-label={item_name(setting, item, items.len())} {oninput} />
                    }
                }) }
            </fieldset>
        },
        (SettingKind::Choices { options, .. }, DraftValue::Items(items)) => html! {
            <fieldset class="setting-items">
                <legend>{ setting.label }</legend>
                { for items.iter().enumerate().map(|(item, chosen)| {
                    let draft = draft.clone();
                    let onchange = update.reform(move |e: Event| {
                        let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
                        draft.with_item(index, item, select.value())
                    });
                    html! {
                        <select aria-label={item_name(setting, item, items.len())} {onchange}>
                            { for options.iter().map(|option| html! {
                                <option value={*option} selected={*option == chosen.as_str()}>{ *option }</option>
                            }) }
                        </select>
                    }
                }) }
            </fieldset>
        },
        (SettingKind::Traitors { strategies, .. }, DraftValue::Items(items)) => html! {
            <fieldset class="setting-items traitor-items">
                <legend>{ setting.label }</legend>
                { for items.iter().enumerate().map(|(item, chosen)| {
                    let draft = draft.clone();
                    let onchange = update.reform(move |e: Event| {
                        let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
                        draft.with_item(index, item, select.value())
                    });
                    html! {
                        <label class="traitor-item">
                            <span>{ format!("Node {item}") }</span>
                            <select aria-label={format!("Node {item}: loyal or traitor")} {onchange}
                                data-testid={format!("traitor-{item}")}>
                                { for std::iter::once(LOYAL).chain(strategies.iter().copied()).map(|option| html! {
                                    <option value={option} selected={option == chosen.as_str()}>
                                        { if option == LOYAL { LOYAL.to_string() } else { format!("traitor: {option}") } }
                                    </option>
                                }) }
                            </select>
                        </label>
                    }
                }) }
            </fieldset>
        },
        (SettingKind::Choice { options, .. }, DraftValue::Choice(chosen)) => {
            let draft = draft.clone();
            let onchange = update.reform(move |e: Event| {
                let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
                draft.with_choice(index, select.value())
            });
            html! {
                <label class="field">
                    <span>{ setting.label }</span>
                    <select aria-label={setting.label} {onchange}>
                        { for options.iter().map(|option| html! {
                            <option value={*option} selected={*option == chosen.as_str()}>{ *option }</option>
                        }) }
                    </select>
                </label>
            }
        }
        (SettingKind::NodeSet { .. }, DraftValue::Nodes(members)) => html! {
            <fieldset class="setting-items node-set">
                <legend>{ setting.label }</legend>
                { for (0..draft.node_choices(index)).map(|node| {
                    let draft = draft.clone();
                    let onchange = update.reform(move |e: Event| {
                        let input: web_sys::HtmlInputElement = e.target_unchecked_into();
                        draft.with_member(index, node, input.checked())
                    });
                    html! {
                        <label class="check node-choice" key={node}>
                            <input type="checkbox" checked={members.contains(&node)}
                                aria-label={format!("{}: node {node}", setting.label)} {onchange} />
                            { node }
                        </label>
                    }
                }) }
            </fieldset>
        },
        (SettingKind::Texts { of, max }, DraftValue::Texts(texts)) => html! {
            <fieldset class="setting-items setting-texts">
                <legend>{ format!("{} (at most {max} characters each)", setting.label) }</legend>
                { for draft.members_of(of).iter().copied().zip(texts).enumerate().map(|(item, (node, text))| {
                    let draft = draft.clone();
                    let oninput = update.reform(move |e: InputEvent| {
                        let input: web_sys::HtmlInputElement = e.target_unchecked_into();
                        draft.with_item(index, item, input.value())
                    });
                    html! {
                        <label class="setting-text" key={node}>
                            <span>{ format!("node {node}") }</span>
                            <input type="text" value={text.clone()} size="6"
                                aria-label={format!("{}, node {node}", setting.label)} {oninput} />
                        </label>
                    }
                }) }
            </fieldset>
        },
        (SettingKind::Flag { .. }, DraftValue::Flag(on)) => {
            let draft = draft.clone();
            let onchange = update.reform(move |e: Event| {
                let input: web_sys::HtmlInputElement = e.target_unchecked_into();
                draft.with_flag(index, input.checked())
            });
            html! {
                <label class="check">
                    <input type="checkbox" checked={*on} {onchange} />
                    { setting.label }
                </label>
            }
        }
        _ => Html::default(),
    }
}

/// The accessible name of one entry of a per-item setting, e.g. "Votes (ask: you vote), 2 of 3".
fn item_name(setting: &Setting, item: usize, count: usize) -> String {
    format!("{}, {} of {count}", setting.label, item + 1)
}

/// A group of radio buttons, each with its line of explanation: (checked, label, meaning) per
/// option; choosing one emits its index.
fn radio_group(
    legend: &str,
    name: &'static str,
    options: &[(bool, &'static str, &'static str)],
    onchoose: Callback<usize>,
) -> Html {
    html! {
        <fieldset class="radio-group">
            <legend>{ legend }</legend>
            { for options.iter().enumerate().map(|(index, &(checked, label, meaning))| {
                let onchange = onchoose.reform(move |_: Event| index);
                html! {
                    <label class="radio-option">
                        <input type="radio" {name} {checked}
                            aria-label={format!("{label} {}", legend.to_lowercase())} {onchange} />
                        <span class="radio-text">
                            <span>{ label }</span>
                            <span class="hint">{ meaning }</span>
                        </span>
                    </label>
                }
            }) }
        </fieldset>
    }
}
