//! The property panel: every property's verdict at this step, with its evidence and, when
//! violated, who is to blame: the algorithm, or the user who broke one of its assumptions. A
//! property the protocol does not promise under the run's network and faults is marked so: it is
//! judged to teach what the protocol lacks (causal order under FIFO multicast, say). In a
//! run with timers it also says which timing model is in force, since that decides what a
//! timeout proves.

use synod_core::network::Timing;
use synod_core::verdict::{Blame, Kind, Status, Verdict};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PropertiesProps {
    pub properties: Vec<Verdict>,
    /// The timing model, for a run that has set timers.
    pub timing: Option<Timing>,
    /// Jumps the cursor to a step (a violation's).
    pub onseek: Callback<usize>,
}

#[function_component]
pub fn Properties(props: &PropertiesProps) -> Html {
    html! {
        <section class="panel properties" aria-labelledby="properties-title">
            <h2 id="properties-title" class="panel-title">{ "Properties" }</h2>
            if let Some(timing) = props.timing {
                <p class="timing-note" data-testid="timing-note">{ timing_note(timing) }</p>
            }
            <ul class="property-list">
                { for props.properties.iter().map(|verdict| property_row(verdict, &props.onseek)) }
            </ul>
        </section>
    }
}

fn property_row(verdict: &Verdict, onseek: &Callback<usize>) -> Html {
    let status = status_name(verdict.status);
    let kind = match verdict.kind {
        Kind::Safety => "safety",
        Kind::Liveness => "liveness",
    };
    html! {
        <li class={classes!("property", format!("status-{status}"))}
            data-testid={format!("prop-{}", verdict.name)} data-status={status}>
            <div class="property-head">
                <span class="status-icon" aria-hidden="true">{ status_icon(verdict.status) }</span>
                <span class="property-name">{ verdict.name }</span>
                <span class="property-badges">
                    <span class="badge badge-kind">{ kind }</span>
                    if !verdict.guaranteed {
                        <span class="badge badge-unpromised" data-testid={format!("unpromised-{}", verdict.name)}
                            title="The protocol does not promise this here: it is judged to show what the protocol lacks">{ "not promised" }</span>
                    }
                    if verdict.is_blocked() {
                        <span class="badge badge-blocked" data-testid={format!("blocked-{}", verdict.name)}
                            title="No continuation satisfies it unless a crashed node recovers">{ "blocked" }</span>
                    } else {
                        <span class={classes!("badge", format!("badge-{status}"))}>{ status }</span>
                    }
                </span>
            </div>
            <p class="property-description">{ verdict.description }</p>
            <p class="property-explanation">{ verdict.explanation.clone() }</p>
            if verdict.status == Status::Violated {
                { violation(verdict, onseek) }
            }
        </li>
    }
}

fn violation(verdict: &Verdict, onseek: &Callback<usize>) -> Html {
    let step = verdict.step.unwrap_or_default();
    let onseek = onseek.reform(move |_: MouseEvent| step as usize);
    let blame = match verdict.blame {
        // What the protocol lacks rather than a fault: causal order under FIFO multicast, say.
        Some(Blame::Algorithm) if !verdict.guaranteed => html! {
            <span class="blame blame-unpromised">{ "Not promised by this protocol here: a lesson in what it lacks, not a bug." }</span>
        },
        Some(Blame::Assumption) => html! {
            <span class="blame blame-user">{ "Assumption broken by the user: the algorithm is not at fault." }</span>
        },
        Some(Blame::Algorithm) => html! {
            <span class="blame blame-algorithm">{ "The algorithm is at fault." }</span>
        },
        None => Html::default(),
    };
    html! {
        <dl class="violation">
            <dt>{ "Violated at" }</dt>
            <dd>
                <button type="button" class="link-button" aria-label={format!("Jump to step {step}, where {} was violated", verdict.name)}
                    onclick={onseek}>{ format!("step {step}") }</button>
            </dd>
            if let Some(witness) = &verdict.witness {
                <dt>{ "Witness" }</dt>
                <dd>{ witness.clone() }</dd>
            }
            <dt>{ "Blame" }</dt>
            <dd>{ blame }</dd>
        </dl>
    }
}

/// What the timing model means for this run's timeouts, in one line.
fn timing_note(timing: Timing) -> &'static str {
    match timing {
        Timing::Sync => "Timing: sync — a timer fires only when no message is on its way, the one due soonest first, so a timeout means a crash or a partition.",
        Timing::Async => "Timing: async — any timer may fire at any moment, so a timeout can be premature: the awaited message may still be on its way.",
    }
}

fn status_name(status: Status) -> &'static str {
    match status {
        Status::Holds => "holds",
        Status::Violated => "violated",
        Status::Pending => "pending",
    }
}

fn status_icon(status: Status) -> &'static str {
    match status {
        Status::Holds => "✓",
        Status::Violated => "✕",
        Status::Pending => "…",
    }
}
