//! Forms as data: the settings a protocol's params take and the commands a node accepts now, so
//! the page can render both without knowing any protocol.

use serde::Serialize;
use serde_json::Value;

use crate::action::NodeId;

/// One field of a protocol's `params`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Setting {
    /// The key in `params`.
    pub key: &'static str,
    pub label: &'static str,
    pub kind: SettingKind,
}

/// What each item of a `Numbers` setting starts at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum NumberDefault {
    /// The same number for every item (every bank node's balance).
    Same(u64),
    /// The item's index (each process's input its own id, so that they differ).
    Index,
    /// 0, 1, 0, ...: the item's index modulo 2 (binary inputs that differ between neighbours).
    Parity,
}

impl NumberDefault {
    /// The default of item `index`.
    pub fn of(self, index: usize) -> u64 {
        match self {
            NumberDefault::Same(value) => value,
            NumberDefault::Index => index as u64,
            NumberDefault::Parity => index as u64 % 2,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum SettingKind {
    /// A whole number in a range; the count that `PerItem` settings follow.
    Count {
        min: u64,
        max: u64,
        default: u64,
    },
    /// One whole number per item, as many items as the `Count` named `of`.
    Numbers {
        of: &'static str,
        min: u64,
        max: u64,
        default: NumberDefault,
    },
    /// One choice per item, as many items as the `Count` named `of`.
    Choices {
        of: &'static str,
        options: &'static [&'static str],
        default: &'static str,
    },
    /// Which nodes are traitors, and each traitor's strategy (one of `strategies`): params hold
    /// a list of `{"node": N, "strategy": S}`, loyal nodes left out. The nodes that may be
    /// traitors are the first `per · c + plus` for the `Count` `c` named `of` (the generals
    /// themselves; PBFT's `3f + 1` replicas, its client never).
    Traitors {
        of: &'static str,
        per: u64,
        plus: u64,
        strategies: &'static [&'static str],
    },
    /// One of a few named options.
    Choice {
        options: &'static [&'static str],
        default: &'static str,
    },
    Flag {
        default: bool,
    },
    /// A set of node ids (such as which nodes may propose), each below the `Count` named `of`,
    /// at least `min` of them.
    NodeSet {
        of: &'static str,
        min: u64,
        default: &'static [u64],
    },
    /// One short text per member of the `NodeSet` named `of`, in ascending node order, each
    /// non-empty and at most `max` characters; item `i` defaults to the `i`-th capital letter
    /// (`"A"`, `"B"`, ...), see [`default_text`].
    Texts {
        of: &'static str,
        max: u64,
    },
}

/// The default of item `index` of a [`SettingKind::Texts`] setting: `"A"`, `"B"`, ...
pub fn default_text(index: usize) -> String {
    char::from(b'A' + (index % 26) as u8).to_string()
}

/// A command a node accepts, as a form: `template` is the command's JSON, whose fields named by
/// `inputs` the user fills in (a command without inputs is sent as it is).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CommandForm {
    pub label: String,
    pub template: Value,
    pub inputs: Vec<Input>,
}

impl CommandForm {
    /// A command with nothing to fill in.
    pub fn fixed(label: impl Into<String>, command: Value) -> CommandForm {
        CommandForm {
            label: label.into(),
            template: command,
            inputs: Vec::new(),
        }
    }
}

/// One field of a command form, found in the template at `{"<command>": {"<field>": ...}}`, or
/// the command's whole value (`{"<command>": ...}`) when `field` is empty.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Input {
    pub field: &'static str,
    pub label: &'static str,
    pub kind: InputKind,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum InputKind {
    /// Another node, from `choices`.
    Node { choices: Vec<NodeId> },
    /// A whole number in a range.
    Amount { min: u64, max: u64 },
    /// Free text, not empty and at most `max` characters long.
    Text { max: usize },
}

/// The command JSON a form produces with the user's values, by field.
pub fn fill(form: &CommandForm, values: &[(&str, Value)]) -> Value {
    let mut command = form.template.clone();
    if let Some((_, value)) = values.iter().find(|(field, _)| field.is_empty()) {
        if let Some(whole) = command.as_object_mut().and_then(|o| o.values_mut().next()) {
            *whole = value.clone();
        }
        return command;
    }
    if let Some(fields) = command
        .as_object_mut()
        .and_then(|o| o.values_mut().next())
        .and_then(Value::as_object_mut)
    {
        for (field, value) in values {
            fields.insert((*field).to_string(), value.clone());
        }
    }
    command
}

/// Default params built from a protocol's settings, as the page's settings form starts.
pub fn default_params(settings: &[Setting]) -> Value {
    let count_of = |key: &str| {
        settings.iter().find_map(|s| match s.kind {
            SettingKind::Count { default, .. } if s.key == key => Some(default as usize),
            _ => None,
        })
    };
    let mut params = serde_json::Map::new();
    for setting in settings {
        let value = match setting.kind {
            SettingKind::Count { default, .. } => Value::from(default),
            SettingKind::Numbers { of, default, .. } => Value::from(
                (0..count_of(of).unwrap_or(0))
                    .map(|index| default.of(index))
                    .collect::<Vec<_>>(),
            ),
            SettingKind::Choices { of, default, .. } => {
                Value::from(vec![default; count_of(of).unwrap_or(0)])
            }
            SettingKind::Traitors { .. } => Value::Array(Vec::new()),
            SettingKind::Choice { default, .. } => Value::from(default),
            SettingKind::Flag { default } => Value::from(default),
            SettingKind::NodeSet { default, .. } => Value::from(default.to_vec()),
            SettingKind::Texts { of, .. } => {
                let members = settings.iter().find_map(|s| match s.kind {
                    SettingKind::NodeSet { default, .. } if s.key == of => Some(default.len()),
                    _ => None,
                });
                Value::from(
                    (0..members.unwrap_or(0))
                        .map(default_text)
                        .collect::<Vec<_>>(),
                )
            }
        };
        params.insert(setting.key.to_string(), value);
    }
    Value::Object(params)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn filling_a_form_sets_its_fields_inside_the_command() {
        let form = CommandForm {
            label: "Send transfer".to_string(),
            template: json!({"transfer": {"to": 1, "amount": 10}}),
            inputs: Vec::new(),
        };
        assert_eq!(
            fill(&form, &[("to", json!(2)), ("amount", json!(30))]),
            json!({"transfer": {"to": 2, "amount": 30}})
        );
        let fixed = CommandForm::fixed("Start snapshot", json!("snapshot"));
        assert_eq!(fill(&fixed, &[]), json!("snapshot"));
    }

    #[test]
    fn default_params_give_per_item_settings_one_value_per_counted_item() {
        let settings = [
            Setting {
                key: "nodes",
                label: "Nodes",
                kind: SettingKind::Count {
                    min: 2,
                    max: 8,
                    default: 3,
                },
            },
            Setting {
                key: "votes",
                label: "Votes",
                kind: SettingKind::Choices {
                    of: "nodes",
                    options: &["yes", "no"],
                    default: "yes",
                },
            },
            Setting {
                key: "fast",
                label: "Fast",
                kind: SettingKind::Flag { default: true },
            },
            Setting {
                key: "leaders",
                label: "Leaders",
                kind: SettingKind::NodeSet {
                    of: "nodes",
                    min: 1,
                    default: &[0, 2],
                },
            },
            Setting {
                key: "values",
                label: "Values",
                kind: SettingKind::Texts {
                    of: "leaders",
                    max: 8,
                },
            },
        ];
        assert_eq!(
            default_params(&settings),
            json!({"nodes": 3, "votes": ["yes", "yes", "yes"], "fast": true,
                   "leaders": [0, 2], "values": ["A", "B"]})
        );
    }
}
