//! The nodes and what the user can make them do: choose a node, send a transfer from it, start
//! a snapshot there, crash or recover any node.
//!
//! The commands are Chandy-Lamport's, built as the JSON its `Cmd` reads; the node refuses what
//! it cannot do (e.g. more than its balance) and the page shows its reason.

use serde_json::{json, Value};
use synod_core::action::{Action, NodeId};
use synod_core::view::NodeView;
use yew::prelude::*;

/// A node as its row shows it: the first line of its inspector, and whether it is down.
#[derive(Clone, Debug, PartialEq)]
pub struct NodeSummary {
    pub id: NodeId,
    pub crashed: bool,
    /// E.g. "balance 70".
    pub summary: String,
}

impl NodeSummary {
    pub fn of(node: &NodeView) -> NodeSummary {
        NodeSummary {
            id: node.id,
            crashed: node.crashed,
            summary: node
                .fields
                .first()
                .map(|f| format!("{} {}", f.label, f.value))
                .unwrap_or_default(),
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct NodeCommandsProps {
    pub nodes: Vec<NodeSummary>,
    /// The node the commands come from.
    pub chosen: NodeId,
    pub onchoose: Callback<NodeId>,
    pub onperform: Callback<Action<Value>>,
}

#[function_component]
pub fn NodeCommands(props: &NodeCommandsProps) -> Html {
    let amount = use_state(|| "10".to_string());
    let recipient = use_state(|| None::<NodeId>);
    let amount_error = use_state(|| None::<String>);
    let chosen = props.chosen;
    let count = props.nodes.len() as NodeId;
    let to = recipient
        .filter(|to| *to != chosen && *to < count)
        .unwrap_or(if chosen == 0 { 1 } else { 0 });

    let onamount = {
        let amount = amount.clone();
        let amount_error = amount_error.clone();
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            amount.set(input.value());
            amount_error.set(None);
        })
    };
    let onrecipient = {
        let recipient = recipient.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            recipient.set(select.value().parse().ok());
        })
    };
    let onchoose_select = props.onchoose.reform(|e: Event| {
        let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
        select.value().parse().unwrap_or(0)
    });
    let onsend = {
        let onperform = props.onperform.clone();
        let amount = amount.clone();
        let amount_error = amount_error.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            match amount.trim().parse::<u64>() {
                Ok(value) => onperform.emit(Action::Command {
                    node: chosen,
                    cmd: json!({"transfer": {"to": to, "amount": value}}),
                }),
                Err(_) => amount_error.set(Some(format!(
                    "The amount must be a whole number of dollars, not {:?}.",
                    *amount
                ))),
            }
        })
    };
    let onsnapshot = props
        .onperform
        .reform(move |_: MouseEvent| Action::Command {
            node: chosen,
            cmd: json!("snapshot"),
        });

    html! {
        <section class="panel node-commands" aria-labelledby="nodes-title">
            <h2 id="nodes-title" class="panel-title">{ "Nodes" }</h2>
            <ul class="node-list">
                { for props.nodes.iter().map(|node| node_row(node, chosen, &props.onchoose, &props.onperform)) }
            </ul>
            <div class="command-form">
                <label class="field inline">
                    <span>{ "Commands from" }</span>
                    <select aria-label="Node that sends the commands" onchange={onchoose_select}>
                        { for props.nodes.iter().map(|node| html! {
                            <option value={node.id.to_string()} selected={node.id == chosen}>{ format!("node {}", node.id) }</option>
                        }) }
                    </select>
                </label>
                <form class="transfer-form" onsubmit={onsend} aria-label={format!("Send a transfer from node {chosen}")}>
                    <label class="field">
                        <span>{ "Amount" }</span>
                        <span class="money-input">
                            <span aria-hidden="true">{ "$" }</span>
                            <input type="number" min="1" step="1" inputmode="numeric" value={(*amount).clone()}
                                aria-label="Amount to send" aria-invalid={amount_error.is_some().to_string()}
                                aria-describedby="amount-error" oninput={onamount} />
                        </span>
                    </label>
                    <label class="field">
                        <span>{ "To" }</span>
                        <select aria-label="Node that receives the transfer" onchange={onrecipient}>
                            { for props.nodes.iter().filter(|n| n.id != chosen).map(|node| html! {
                                <option value={node.id.to_string()} selected={node.id == to}>{ format!("node {}", node.id) }</option>
                            }) }
                        </select>
                    </label>
                    <button type="submit" class="tool transfer" aria-label={format!("Send transfer from node {chosen}")}>{ "Send transfer" }</button>
                </form>
                <p id="amount-error" class="field-error" aria-live="polite">{ (*amount_error).clone().unwrap_or_default() }</p>
                <button type="button" class="tool marker wide" aria-label={format!("Start snapshot at node {chosen}")} onclick={onsnapshot}>
                    <span aria-hidden="true">{ "◆ " }</span>{ format!("Start snapshot at node {chosen}") }
                </button>
            </div>
        </section>
    }
}

fn node_row(
    node: &NodeSummary,
    chosen: NodeId,
    onchoose: &Callback<NodeId>,
    onperform: &Callback<Action<Value>>,
) -> Html {
    let id = node.id;
    let onchoose = onchoose.reform(move |_: MouseEvent| id);
    let (verb, action) = if node.crashed {
        ("Recover", Action::Recover(id))
    } else {
        ("Crash", Action::Crash(id))
    };
    let onfault = onperform.reform(move |_: MouseEvent| action.clone());
    html! {
        <li class={classes!("node-row", (id == chosen).then_some("chosen"), node.crashed.then_some("crashed"))}>
            <button type="button" class="node-choose" aria-pressed={(id == chosen).to_string()}
                onclick={onchoose}>
                <span class="node-dot" aria-hidden="true"></span>
                <span class="node-name">{ format!("Node {id}") }</span>{ " " }
                <span class="node-summary">{ node.summary.clone() }</span>
                if node.crashed { { " " }<span class="badge badge-danger">{ "crashed" }</span> }
            </button>
            <button type="button" class={classes!("tool", "small", if node.crashed { "ok" } else { "danger" })}
                aria-label={format!("{verb} node {id}")} onclick={onfault}>{ verb }</button>
        </li>
    }
}
