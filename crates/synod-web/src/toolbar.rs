//! Playback and time travel: step, run/pause with a speed, undo, redo, reset, and the scrubber
//! over the whole timeline.

use yew::prelude::*;

use crate::icons::{icon, Icon};
use crate::state::MAX_SPEED;

#[derive(Properties, PartialEq)]
pub struct ToolbarProps {
    /// How many actions are applied.
    pub cursor: usize,
    /// How many actions the timeline holds, the redo future included.
    pub length: usize,
    pub running: bool,
    /// Steps per second.
    pub speed: u32,
    pub onstep: Callback<()>,
    pub ontogglerun: Callback<()>,
    pub onspeed: Callback<u32>,
    pub onundo: Callback<()>,
    pub onredo: Callback<()>,
    pub onreset: Callback<()>,
    pub onseek: Callback<usize>,
    /// The scheduler's fault toggles, shown at the end of the bar.
    pub children: Html,
}

#[function_component]
pub fn Toolbar(props: &ToolbarProps) -> Html {
    let confirming_reset = use_state(|| false);
    let click = |callback: &Callback<()>| callback.reform(|_: MouseEvent| ());
    let onspeed = props.onspeed.reform(|e: InputEvent| {
        let input: web_sys::HtmlInputElement = e.target_unchecked_into();
        input.value().parse().unwrap_or(1)
    });
    let onseek = props.onseek.reform(|e: InputEvent| {
        let input: web_sys::HtmlInputElement = e.target_unchecked_into();
        input.value().parse().unwrap_or(0)
    });
    let ask_reset = {
        let confirming_reset = confirming_reset.clone();
        Callback::from(move |_: MouseEvent| confirming_reset.set(true))
    };
    let cancel_reset = {
        let confirming_reset = confirming_reset.clone();
        Callback::from(move |_: MouseEvent| confirming_reset.set(false))
    };
    let confirm_reset = {
        let confirming_reset = confirming_reset.clone();
        let onreset = props.onreset.clone();
        Callback::from(move |_: MouseEvent| {
            confirming_reset.set(false);
            onreset.emit(());
        })
    };
    let (run_icon, run_label) = if props.running {
        (Icon::Pause, "Pause")
    } else {
        (Icon::Run, "Run")
    };
    html! {
        <div class="toolbar" role="toolbar" aria-label="Playback and time travel">
            <div class="tool-group">
                <button type="button" class="tool" aria-label="Step: one random scheduler step"
                    title="One step of the random scheduler (N)" onclick={click(&props.onstep)}>
                    { icon(Icon::Step) }{ "Step" }
                </button>
                <button type="button" class={classes!("tool", "primary", props.running.then_some("active"))}
                    aria-label={run_label} aria-pressed={props.running.to_string()}
                    title={format!("{run_label} the random scheduler (Space)")} onclick={click(&props.ontogglerun)}>
                    { icon(run_icon) }{ run_label }
                </button>
                <label class="speed" title="Steps per second while running">
                    <span class="speed-label">{ "Speed" }</span>
                    <input type="range" min="1" max={MAX_SPEED.to_string()} value={props.speed.to_string()}
                        aria-label="Speed in steps per second" oninput={onspeed} />
                    <output class="speed-value">{ format!("{}/s", props.speed) }</output>
                </label>
            </div>
            <div class="tool-group">
                <button type="button" class="tool" aria-label="Undo" title="Undo (Ctrl+Z)"
                    disabled={props.cursor == 0} onclick={click(&props.onundo)}>
                    { icon(Icon::Undo) }{ "Undo" }
                </button>
                <button type="button" class="tool" aria-label="Redo" title="Redo (Ctrl+Shift+Z)"
                    disabled={props.cursor >= props.length} onclick={click(&props.onredo)}>
                    { icon(Icon::Redo) }{ "Redo" }
                </button>
                if *confirming_reset {
                    <span class="confirm" role="group" aria-label="Confirm reset">
                        { if props.length == 1 { "Discard the 1 action?".to_string() } else { format!("Discard all {} actions?", props.length) } }
                        <button type="button" class="tool danger" aria-label="Discard the timeline and reset" onclick={confirm_reset}>{ "Reset" }</button>
                        <button type="button" class="tool" aria-label="Keep the timeline" onclick={cancel_reset}>{ "Cancel" }</button>
                    </span>
                } else {
                    <button type="button" class="tool" aria-label="Reset to the scenario's start"
                        title="Back to the start, with an empty timeline" disabled={props.length == 0} onclick={ask_reset}>
                        { icon(Icon::Reset) }{ "Reset" }
                    </button>
                }
            </div>
            <div class="tool-group scrubber">
                <input type="range" min="0" max={props.length.to_string()} value={props.cursor.to_string()}
                    aria-label="Scrubber: the step to show" aria-valuetext={format!("step {} of {}", props.cursor, props.length)}
                    disabled={props.length == 0} oninput={onseek} />
                <span class="step-counter">
                    { "Step " }<strong data-testid="step">{ props.cursor }</strong>
                    <span class="muted">{ format!(" / {}", props.length) }</span>
                </span>
            </div>
            { props.children.clone() }
        </div>
    }
}
