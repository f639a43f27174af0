//! Which faults the random scheduler may inject while stepping or running.

use synod_core::scheduler::{Fault, Faults};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct FaultTogglesProps {
    pub faults: Faults,
    pub ontoggle: Callback<(Fault, bool)>,
}

#[function_component]
pub fn FaultToggles(props: &FaultTogglesProps) -> Html {
    html! {
        <fieldset class="faults">
            <legend>{ "Scheduler faults" }</legend>
            { for Fault::ALL.into_iter().map(|fault| {
                let ontoggle = props.ontoggle.reform(move |e: Event| {
                    let input: web_sys::HtmlInputElement = e.target_unchecked_into();
                    (fault, input.checked())
                });
                html! {
                    <label class="check">
                        <input type="checkbox" checked={props.faults.contains(&fault)}
                            aria-label={format!("Let the scheduler {}", fault_verb(fault))}
                            onchange={ontoggle} />
                        { fault.name() }
                    </label>
                }
            }) }
        </fieldset>
    }
}

fn fault_verb(fault: Fault) -> &'static str {
    match fault {
        Fault::Crash => "crash nodes",
        Fault::Recover => "recover nodes",
        Fault::Drop => "drop messages",
        Fault::Duplicate => "duplicate messages",
        Fault::Partition => "partition and heal the network",
    }
}
