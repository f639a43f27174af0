//! The round boundary of a protocol in lockstep rounds: one button that ends the current round
//! (every message still in flight arrives, then every live node begins the next).

use serde_json::Value;
use synod_core::action::Action;
use synod_core::view::RoundsView;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct RoundControlProps {
    pub rounds: RoundsView,
    pub onperform: Callback<Action<Value>>,
}

#[function_component]
pub fn RoundControl(props: &RoundControlProps) -> Html {
    let RoundsView { begun, total } = props.rounds;
    let (label, status) = match begun {
        0 => ("Begin round 1".to_string(), format!("No round has begun; {total} in all.")),
        b if b < total => (
            format!("End round {b}"),
            format!("Round {b} of {total}: drag messages to deliver them one by one, or end the round to deliver the rest."),
        ),
        b if b == total => (
            format!("End round {b}"),
            format!("Round {b}, the last: ending it lets every live node conclude."),
        ),
        _ => ("Rounds over".to_string(), format!("All {total} round(s) are over.")),
    };
    let onclick = props.onperform.reform(|_: MouseEvent| Action::EndRound);
    html! {
        <section class="panel" aria-labelledby="rounds-title">
            <h2 id="rounds-title" class="panel-title">{ "Rounds" }</h2>
            <p class="round-status">{ status }</p>
            <div class="button-row">
                <button type="button" class="tool end-round" disabled={!props.rounds.may_end()} {onclick}>
                    { label }
                </button>
            </div>
        </section>
    }
}
