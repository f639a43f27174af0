//! The Explorer's form: fault budgets, limits and where to start, as typed text until Explore
//! checks it (a bad limit is a message, never a guess).

use synod_core::checker::check::Bounds;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// The most of each fault a path may make: beyond this the state space explodes in a browser.
const MAX_FAULTS: u32 = 9;
const MAX_COMMANDS: u32 = 20;
/// The most timers a path may fire: each firing may start another round (a Paxos retry), which
/// multiplies the states.
const MAX_TIMEOUTS: u32 = 20;
const MAX_STATES: u64 = 5_000_000;
const MAX_DEPTH: u32 = 10_000;

#[derive(Clone, Debug, PartialEq)]
pub struct LimitsDraft {
    pub crashes: String,
    pub recoveries: String,
    pub drops: String,
    pub duplicates: String,
    pub partitions: String,
    /// Empty: the protocol's usual run.
    pub commands: String,
    /// Empty: the protocol's own bound, which most protocols leave open (their timers cannot
    /// grow the state without end).
    pub timeouts: String,
    pub max_states: String,
    pub max_depth: String,
    /// From the step the user is at, rather than from the start.
    pub from_here: bool,
    /// Traitors follow their strategies rather than choosing freely.
    pub strategies_only: bool,
}

impl Default for LimitsDraft {
    fn default() -> LimitsDraft {
        LimitsDraft {
            crashes: "0".to_string(),
            recoveries: "0".to_string(),
            drops: "0".to_string(),
            duplicates: "0".to_string(),
            partitions: "0".to_string(),
            commands: String::new(),
            timeouts: String::new(),
            max_states: "200000".to_string(),
            max_depth: "200".to_string(),
            from_here: false,
            strategies_only: false,
        }
    }
}

/// A whole number from `min` to `max`, or a message naming the field.
fn number<T>(label: &str, text: &str, min: T, max: T) -> Result<T, String>
where
    T: std::str::FromStr + PartialOrd + std::fmt::Display + Copy,
{
    match text.trim().replace([',', '_'], "").parse::<T>() {
        Ok(value) if value >= min && value <= max => Ok(value),
        _ => Err(format!(
            "{label} must be a whole number from {min} to {max}, not {:?}.",
            text.trim()
        )),
    }
}

/// A bound the user may leave empty for the protocol's default (`None`), or a message naming the
/// field.
fn optional(label: &str, text: &str, max: u32) -> Result<Option<u32>, String> {
    match text.trim() {
        "" => Ok(None),
        text => number(label, text, 0, max).map(Some),
    }
}

impl LimitsDraft {
    pub fn bounds(&self) -> Result<Bounds, String> {
        let commands = optional("Commands", &self.commands, MAX_COMMANDS)?;
        let timeouts = optional("Timeouts", &self.timeouts, MAX_TIMEOUTS)?;
        Ok(Bounds {
            crashes: number("Crashes", &self.crashes, 0, MAX_FAULTS)?,
            recoveries: number("Recoveries", &self.recoveries, 0, MAX_FAULTS)?,
            drops: number("Drops", &self.drops, 0, MAX_FAULTS)?,
            duplicates: number("Duplicates", &self.duplicates, 0, MAX_FAULTS)?,
            partitions: number("Partitions", &self.partitions, 0, MAX_FAULTS)?,
            commands,
            timeouts,
            strategies_only: self.strategies_only,
            max_states: number("Max states", &self.max_states, 1, MAX_STATES)?,
            max_depth: number("Max depth", &self.max_depth, 1, MAX_DEPTH)?,
        })
    }
}

/// Which text field of the draft an input edits.
type Field = fn(&mut LimitsDraft) -> &mut String;

const FIELDS: [(&str, &str, Field); 9] = [
    ("crashes", "Crashes", |d| &mut d.crashes),
    ("recoveries", "Recoveries", |d| &mut d.recoveries),
    ("drops", "Drops", |d| &mut d.drops),
    ("duplicates", "Duplicates", |d| &mut d.duplicates),
    ("partitions", "Partitions", |d| &mut d.partitions),
    ("commands", "Commands", |d| &mut d.commands),
    ("timeouts", "Timeouts", |d| &mut d.timeouts),
    ("max-states", "Max states", |d| &mut d.max_states),
    ("max-depth", "Max depth", |d| &mut d.max_depth),
];

/// The form's inputs: one per budget and limit, where to start, and (in a run with traitors)
/// whether traitors choose freely.
pub fn fields(
    draft: &UseStateHandle<LimitsDraft>,
    cursor: usize,
    traitors: bool,
    disabled: bool,
) -> Html {
    let inputs = FIELDS.iter().map(|(key, label, field)| {
        let mut copy = (**draft).clone();
        let value = field(&mut copy).clone();
        let oninput = {
            let draft = draft.clone();
            let field = *field;
            Callback::from(move |event: InputEvent| {
                let input: HtmlInputElement = event.target_unchecked_into();
                let mut next = (*draft).clone();
                *field(&mut next) = input.value();
                draft.set(next);
            })
        };
        let placeholder = match *key {
            "commands" => Some("usual run"),
            "timeouts" => Some("default"),
            _ => None,
        };
        html! {
            <label class="explorer-field">
                <span>{ *label }</span>
                <input type="text" inputmode="numeric" name={format!("explore-{key}")}
                    data-testid={format!("explore-{key}")} {value} {oninput} {disabled}
                    placeholder={placeholder}
                    aria-describedby={(*key == "timeouts").then_some("explore-timeouts-hint")} />
            </label>
        }
    });
    let from = |here: bool| {
        let draft = draft.clone();
        Callback::from(move |_: Event| {
            draft.set(LimitsDraft {
                from_here: here,
                ..(*draft).clone()
            })
        })
    };
    html! {
        <>
            <fieldset class="explorer-from" {disabled}>
                <legend>{ "Explore" }</legend>
                <label>
                    <input type="radio" name="explore-from" checked={!draft.from_here}
                        data-testid="explore-from-start" onchange={from(false)} />
                    { "from the start" }
                </label>
                <label>
                    <input type="radio" name="explore-from" checked={draft.from_here}
                        data-testid="explore-from-here" onchange={from(true)} />
                    { format!("from this step ({cursor})") }
                </label>
            </fieldset>
            <div class="explorer-fields">{ for inputs }</div>
            { traitors.then(|| traitor_choice(draft, disabled)) }
            <p class="hint explorer-hint" id="explore-timeouts-hint">
                { "Timeouts: timers a path may fire; empty: the protocol's default (Paxos bounds its retries)." }
            </p>
        </>
    }
}

/// Whether traitors try everything they may send (the default) or follow their strategies.
fn traitor_choice(draft: &UseStateHandle<LimitsDraft>, disabled: bool) -> Html {
    let choose = |strategies_only: bool| {
        let draft = draft.clone();
        Callback::from(move |_: Event| {
            draft.set(LimitsDraft {
                strategies_only,
                ..(*draft).clone()
            })
        })
    };
    html! {
        <fieldset class="explorer-from" {disabled}>
            <legend>{ "Traitors" }</legend>
            <label>
                <input type="radio" name="explore-traitors" checked={!draft.strategies_only}
                    data-testid="explore-traitors-free" onchange={choose(false)} />
                { "send anything they may" }
            </label>
            <label>
                <input type="radio" name="explore-traitors" checked={draft.strategies_only}
                    data-testid="explore-traitors-strategies" onchange={choose(true)} />
                { "follow their strategies" }
            </label>
        </fieldset>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_draft_is_a_valid_fault_free_exploration() {
        let bounds = LimitsDraft::default().bounds().unwrap();
        assert_eq!(bounds.crashes, 0);
        assert_eq!(bounds.commands, None);
        assert_eq!(bounds.timeouts, None, "the protocol's own bound");
        assert_eq!(bounds.max_states, 200_000);
    }

    #[test]
    fn bad_limits_are_refused_with_the_field_named() {
        let draft = LimitsDraft {
            max_states: "0".to_string(),
            ..LimitsDraft::default()
        };
        assert_eq!(
            draft.bounds().unwrap_err(),
            "Max states must be a whole number from 1 to 5000000, not \"0\"."
        );
        let draft = LimitsDraft {
            crashes: "two".to_string(),
            ..LimitsDraft::default()
        };
        assert!(draft.bounds().unwrap_err().starts_with("Crashes must be"));
        let draft = LimitsDraft {
            commands: " 4 ".to_string(),
            max_states: "1,000".to_string(),
            ..LimitsDraft::default()
        };
        let bounds = draft.bounds().unwrap();
        assert_eq!(bounds.commands, Some(4));
        assert_eq!(bounds.max_states, 1_000);
    }

    #[test]
    fn a_timeouts_bound_is_empty_for_the_default_a_number_or_a_message() {
        let with = |timeouts: &str| LimitsDraft {
            timeouts: timeouts.to_string(),
            ..LimitsDraft::default()
        };
        assert_eq!(with("  ").bounds().unwrap().timeouts, None);
        assert_eq!(with("0").bounds().unwrap().timeouts, Some(0));
        assert_eq!(with(" 3 ").bounds().unwrap().timeouts, Some(3));
        assert_eq!(
            with("lots").bounds().unwrap_err(),
            "Timeouts must be a whole number from 0 to 20, not \"lots\"."
        );
        assert!(with("21")
            .bounds()
            .unwrap_err()
            .starts_with("Timeouts must be"));
    }
}
