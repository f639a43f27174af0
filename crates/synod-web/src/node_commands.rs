//! The nodes and what the user can make them do: choose a node, give it one of the commands it
//! accepts now, crash or recover it.
//!
//! The commands come from the core as forms ([`CommandForm`]): a form with nothing to fill in is
//! a button on its node's row; a form with inputs is a small form under the list, for the chosen
//! node. The node refuses what it cannot do (e.g. more than its balance) and the page shows its
//! reason. Each command's accessible name is "<form label> at node N".

use serde_json::Value;
use synod_core::action::{Action, Crash, NodeId};
use synod_core::form::{self, CommandForm};
use synod_core::view::NodeView;
use yew::prelude::*;

use crate::command_form::CommandFormView;
use crate::crash_picker::{CrashPicker, LastSends};

/// A node as its row shows it: the first line of its inspector, whether it is down, and the
/// commands it accepts now.
#[derive(Clone, Debug, PartialEq)]
pub struct NodeSummary {
    pub id: NodeId,
    pub crashed: bool,
    pub traitor: bool,
    /// E.g. "balance 70".
    pub summary: String,
    pub commands: Vec<CommandForm>,
}

impl NodeSummary {
    pub fn of(node: &NodeView) -> NodeSummary {
        NodeSummary {
            id: node.id,
            crashed: node.crashed,
            traitor: node.traitor,
            summary: node
                .fields
                .first()
                .map(|f| format!("{} {}", f.label, f.value))
                .unwrap_or_default(),
            commands: node.commands.clone(),
        }
    }

    /// The forms that have something to fill in.
    fn forms_with_inputs(&self) -> impl Iterator<Item = &CommandForm> {
        self.commands.iter().filter(|c| !c.inputs.is_empty())
    }
}

/// The accessible name of a command given to a node.
pub fn command_name(form: &CommandForm, node: NodeId) -> String {
    format!("{} at node {node}", form.label)
}

#[derive(Properties, PartialEq)]
pub struct NodeCommandsProps {
    pub nodes: Vec<NodeSummary>,
    /// The node whose forms with inputs are shown.
    pub chosen: NodeId,
    pub onchoose: Callback<NodeId>,
    pub onperform: Callback<Action<Value>>,
    /// What the last step sent, still in flight, per sending node (every live node after a
    /// round's end): such a node's Crash button asks which get out.
    pub last_sends: Vec<LastSends>,
}

#[function_component]
pub fn NodeCommands(props: &NodeCommandsProps) -> Html {
    let chosen = props.chosen;
    let onchoose_select = props.onchoose.reform(|e: Event| {
        let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
        select.value().parse().unwrap_or(0)
    });
    let any_inputs = props
        .nodes
        .iter()
        .any(|node| node.forms_with_inputs().next().is_some());
    let chosen_node = props.nodes.iter().find(|node| node.id == chosen);
    // The step at which the user asked to crash the node that made it: the question stays up
    // until they answer, or the run moves on.
    let asking = use_state(|| None::<(u64, NodeId)>);
    let picker = props
        .last_sends
        .iter()
        .find(|sends| *asking == Some((sends.step, sends.node)))
        .cloned();
    let crash = {
        let asking = asking.clone();
        let last_sends = props.last_sends.clone();
        let onperform = props.onperform.clone();
        Callback::from(
            move |node: NodeId| match last_sends.iter().find(|s| s.node == node) {
                Some(sends) => asking.set(Some((sends.step, node))),
                None => onperform.emit(Action::Crash(Crash::plain(node))),
            },
        )
    };
    let onperform_crash = {
        let asking = asking.clone();
        props.onperform.reform(move |action: Action<Value>| {
            asking.set(None);
            action
        })
    };
    let oncancel = {
        let asking = asking.clone();
        Callback::from(move |()| asking.set(None))
    };

    html! {
        <section class="panel node-commands" aria-labelledby="nodes-title">
            <h2 id="nodes-title" class="panel-title">{ "Nodes" }</h2>
            <ul class="node-list">
                { for props.nodes.iter().map(|node| node_row(node, chosen, &props.onchoose, &props.onperform, &crash)) }
            </ul>
            if let Some(sends) = picker {
                <CrashPicker key={sends.step} sends={sends.clone()} onperform={onperform_crash} {oncancel} />
            }
            if any_inputs {
                <div class="command-form">
                    <label class="field inline">
                        <span>{ "Commands from" }</span>
                        <select aria-label="Node that sends the commands" onchange={onchoose_select}>
                            { for props.nodes.iter().map(|node| html! {
                                <option value={node.id.to_string()} selected={node.id == chosen}>{ format!("node {}", node.id) }</option>
                            }) }
                        </select>
                    </label>
                    { chosen_forms(chosen_node, &props.onperform) }
                </div>
            }
        </section>
    }
}

/// The chosen node's forms with inputs, or why it has none now.
fn chosen_forms(node: Option<&NodeSummary>, onperform: &Callback<Action<Value>>) -> Html {
    let Some(node) = node else {
        return Html::default();
    };
    let id = node.id;
    if node.crashed {
        return html! { <p class="hint">{ format!("Node {id} is crashed: it takes no command until it recovers.") }</p> };
    }
    if node.forms_with_inputs().next().is_none() {
        return html! { <p class="hint">{ format!("Node {id} takes no command with inputs now.") }</p> };
    }
    html! {
        { for node.forms_with_inputs().map(|form| html! {
            <CommandFormView key={command_name(form, id)} node={id} form={form.clone()}
                onperform={onperform.clone()} />
        }) }
    }
}

fn node_row(
    node: &NodeSummary,
    chosen: NodeId,
    onchoose: &Callback<NodeId>,
    onperform: &Callback<Action<Value>>,
    oncrash: &Callback<NodeId>,
) -> Html {
    let id = node.id;
    let onchoose = onchoose.reform(move |_: MouseEvent| id);
    // Crash and Recover each keep their own place (the one that does not apply is disabled), so
    // a double click on Crash crashes once instead of crashing and recovering.
    let oncrash = oncrash.reform(move |_: MouseEvent| id);
    let onrecover = onperform.reform(move |_: MouseEvent| Action::Recover(id));
    html! {
        <li class={classes!("node-row", (id == chosen).then_some("chosen"), node.crashed.then_some("crashed"))}>
            <button type="button" class="node-choose" aria-pressed={(id == chosen).to_string()}
                onclick={onchoose}>
                <span class="node-dot" aria-hidden="true"></span>
                <span class="node-name">{ format!("Node {id}") }</span>{ " " }
                <span class="node-summary">{ node.summary.clone() }</span>
                if node.traitor { { " " }<span class="badge badge-traitor">{ "traitor" }</span> }
                if node.crashed { { " " }<span class="badge badge-danger">{ "crashed" }</span> }
            </button>
            // One group, so that a row too narrow for all of it moves the commands to a line of
            // their own together rather than one by one.
            <span class="node-tools">
                { for node.commands.iter().filter(|c| c.inputs.is_empty()).map(|command| fixed_command(command, id, onperform)) }
                <button type="button" class="tool small danger" disabled={node.crashed}
                    aria-label={format!("Crash node {id}")} onclick={oncrash}>{ "Crash" }</button>
                <button type="button" class="tool small ok" disabled={!node.crashed}
                    aria-label={format!("Recover node {id}")} onclick={onrecover}>{ "Recover" }</button>
            </span>
        </li>
    }
}

/// A command with nothing to fill in: one button that gives it.
fn fixed_command(command: &CommandForm, node: NodeId, onperform: &Callback<Action<Value>>) -> Html {
    let cmd = form::fill(command, &[]);
    let onclick = onperform.reform(move |_: MouseEvent| Action::Command {
        node,
        cmd: cmd.clone(),
    });
    html! {
        <button type="button" class="tool small command" aria-label={command_name(command, node)} {onclick}>
            { command.label.clone() }
        </button>
    }
}
