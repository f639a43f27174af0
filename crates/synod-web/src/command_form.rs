//! One command form with inputs, for one node: a node select or a number field per input, and a
//! button that gives the command filled in with [`form::fill`]. What the user typed stays while
//! the node keeps offering the form; the Nodes panel keys the component by form and node, so
//! another node's form starts afresh from its template.

use serde_json::Value;
use synod_core::action::{Action, NodeId};
use synod_core::form::{self, CommandForm, Input, InputKind};
use yew::prelude::*;

use crate::node_commands::command_name;

#[derive(Properties, PartialEq)]
pub struct CommandFormProps {
    pub node: NodeId,
    pub form: CommandForm,
    pub onperform: Callback<Action<Value>>,
}

#[function_component]
pub fn CommandFormView(props: &CommandFormProps) -> Html {
    let inputs = &props.form.inputs;
    // What the user changed, by input; untouched inputs show the template's value.
    let edits = use_state(|| vec![None::<String>; inputs.len()]);
    let error = use_state(|| None::<String>);
    let texts: Vec<String> = inputs
        .iter()
        .enumerate()
        .map(|(index, input)| {
            edits
                .get(index)
                .cloned()
                .flatten()
                .unwrap_or_else(|| template_text(&props.form, input))
        })
        .collect();
    let name = command_name(&props.form, props.node);
    let error_id = format!("command-error-{}-{}", props.node, slug(&props.form.label));

    let onsubmit = {
        let form = props.form.clone();
        let node = props.node;
        let onperform = props.onperform.clone();
        let error = error.clone();
        let texts = texts.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            match filled(&form, &texts) {
                Ok(cmd) => {
                    error.set(None);
                    onperform.emit(Action::Command { node, cmd });
                }
                Err(message) => error.set(Some(message)),
            }
        })
    };
    let edit = |index: usize| {
        let edits = edits.clone();
        let error = error.clone();
        Callback::from(move |text: String| {
            let mut changed = (*edits).clone();
            changed.resize(index + 1, None);
            changed[index] = Some(text);
            edits.set(changed);
            error.set(None);
        })
    };

    html! {
        <form class="parameter-form" novalidate={true} aria-label={name.clone()} {onsubmit}>
            // A command without inputs is its button alone.
            if !inputs.is_empty() {
                <span class="form-title">{ props.form.label.clone() }</span>
            }
            { for inputs.iter().zip(&texts).enumerate().map(|(index, (input, text))| {
                input_field(input, text, error.is_some(), &error_id, edit(index))
            }) }
            <button type="submit" class="tool command" aria-label={name}>{ props.form.label.clone() }</button>
            <p id={error_id} class="field-error" aria-live="polite">{ (*error).clone().unwrap_or_default() }</p>
        </form>
    }
}

fn input_field(
    input: &Input,
    text: &str,
    invalid: bool,
    error_id: &str,
    onedit: Callback<String>,
) -> Html {
    let control = match &input.kind {
        InputKind::Node { choices } => {
            let onchange = onedit.reform(|e: Event| {
                let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
                select.value()
            });
            html! {
                <select {onchange}>
                    { for choices.iter().map(|node| html! {
                        <option value={node.to_string()} selected={node.to_string() == text}>{ format!("node {node}") }</option>
                    }) }
                </select>
            }
        }
        InputKind::Text { max } => {
            let oninput = onedit.reform(|e: InputEvent| {
                let field: web_sys::HtmlInputElement = e.target_unchecked_into();
                field.value()
            });
            html! {
                <input type="text" maxlength={max.to_string()} value={text.to_string()}
                    aria-invalid={invalid.to_string()} aria-describedby={error_id.to_string()} {oninput} />
            }
        }
        InputKind::Amount { min, max } => {
            let oninput = onedit.reform(|e: InputEvent| {
                let field: web_sys::HtmlInputElement = e.target_unchecked_into();
                field.value()
            });
            html! {
                <input type="number" min={min.to_string()} max={max.to_string()} step="1" inputmode="numeric"
                    value={text.to_string()} aria-invalid={invalid.to_string()}
                    aria-describedby={error_id.to_string()} {oninput} />
            }
        }
    };
    html! {
        <label class="field">
            <span>{ input.label }</span>
            { control }
        </label>
    }
}

/// The template's value of an input's field, as the field shows it.
fn template_text(form: &CommandForm, input: &Input) -> String {
    form.template
        .as_object()
        .and_then(|command| command.values().next())
        .and_then(|whole| match input.field {
            "" => Some(whole),
            field => whole.get(field),
        })
        .map(|value| match value {
            Value::String(text) => text.clone(),
            other => other.to_string(),
        })
        .unwrap_or_default()
}

/// The command with the user's values, or what is wrong with one of them. Only the form's shape
/// is checked here (whole numbers, text that is there); whether the node can do it is the
/// node's to say.
fn filled(form: &CommandForm, texts: &[String]) -> Result<Value, String> {
    let values = form
        .inputs
        .iter()
        .zip(texts)
        .map(|(input, text)| match input.kind {
            InputKind::Text { max } => {
                let text = text.trim();
                if text.is_empty() || text.chars().count() > max {
                    Err(format!("{} must be 1 to {max} characters.", input.label))
                } else {
                    Ok((input.field, Value::from(text)))
                }
            }
            _ => text
                .trim()
                .parse::<u64>()
                .map(|number| (input.field, Value::from(number)))
                .map_err(|_| format!("{} must be a whole number, not {text:?}.", input.label)),
        })
        .collect::<Result<Vec<(&str, Value)>, String>>()?;
    Ok(form::fill(form, &values))
}

/// A form label as an id fragment: "Send transfer" → "send-transfer".
fn slug(label: &str) -> String {
    label
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use synod_core::form::Input;

    use super::*;

    fn transfer() -> CommandForm {
        CommandForm {
            label: "Send transfer".to_string(),
            template: json!({"transfer": {"to": 1, "amount": 10}}),
            inputs: vec![
                Input {
                    field: "to",
                    label: "To",
                    kind: InputKind::Node {
                        choices: vec![1, 2],
                    },
                },
                Input {
                    field: "amount",
                    label: "Amount",
                    kind: InputKind::Amount { min: 1, max: 100 },
                },
            ],
        }
    }

    #[test]
    fn the_fields_start_from_the_template() {
        let form = transfer();
        let texts: Vec<String> = form
            .inputs
            .iter()
            .map(|input| template_text(&form, input))
            .collect();
        assert_eq!(texts, ["1", "10"]);
    }

    #[test]
    fn typed_values_fill_the_command() {
        let texts = ["2".to_string(), " 30 ".to_string()];
        assert_eq!(
            filled(&transfer(), &texts),
            Ok(json!({"transfer": {"to": 2, "amount": 30}}))
        );
    }

    #[test]
    fn a_value_that_is_not_a_whole_number_is_named() {
        let texts = ["2".to_string(), "lots".to_string()];
        assert_eq!(
            filled(&transfer(), &texts),
            Err("Amount must be a whole number, not \"lots\".".to_string())
        );
    }

    /// A command whose whole value is the text, as `{"multicast": "text"}`.
    fn multicast() -> CommandForm {
        CommandForm {
            label: "Multicast".to_string(),
            template: json!({"multicast": "m0.1"}),
            inputs: vec![Input {
                field: "",
                label: "Text",
                kind: InputKind::Text { max: 5 },
            }],
        }
    }

    #[test]
    fn a_text_input_fills_the_whole_command_value() {
        let form = multicast();
        assert_eq!(template_text(&form, &form.inputs[0]), "m0.1");
        assert_eq!(
            filled(&form, &[" post ".to_string()]),
            Ok(json!({"multicast": "post"}))
        );
        assert_eq!(
            filled(&form, &["  ".to_string()]),
            Err("Text must be 1 to 5 characters.".to_string())
        );
        assert_eq!(
            filled(&form, &["too long".to_string()]),
            Err("Text must be 1 to 5 characters.".to_string())
        );
    }

    #[test]
    fn a_label_becomes_an_id_fragment() {
        assert_eq!(slug("Commit (client)"), "commit--client-");
    }
}
