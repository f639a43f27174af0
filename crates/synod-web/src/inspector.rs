//! The node inspector: the chosen node's state as the protocol describes it (its durable log
//! among it; in a protocol in rounds, also as the current round began), whether it is crashed,
//! its pending timers (each can be fired from here), and the
//! messages in flight to and from it.

use synod_core::action::{MessageId, NodeId, TimerId};
use synod_core::view::{Field, MessageView, NodeView, TimerView, TreeView};
use yew::prelude::*;

use crate::show_more::{shown_count, use_show_all, ShowMore};

/// How many of a node's newest fields show before "Show more".
const NEWEST_FIELDS: usize = 16;

#[derive(Properties, PartialEq)]
pub struct InspectorProps {
    /// The node shown, if one was chosen.
    pub node: Option<NodeView>,
    pub nodes: NodeId,
    /// Messages in flight to the node.
    pub incoming: Vec<MessageView>,
    /// Messages in flight from the node.
    pub outgoing: Vec<MessageView>,
    /// The node's pending timers.
    pub timers: Vec<TimerView>,
    /// The trees the protocol shows for the node (a lieutenant's EIG tree).
    pub trees: Vec<TreeView>,
    pub onselectnode: Callback<NodeId>,
    pub onselectmessage: Callback<MessageId>,
    pub onfire: Callback<TimerId>,
}

#[function_component]
pub fn Inspector(props: &InspectorProps) -> Html {
    let chosen = props.node.as_ref().map(|n| n.id);
    let (all_fields, ontogglefields) = use_show_all();
    html! {
        <section class="panel inspector" aria-labelledby="inspector-title">
            <div class="panel-head">
                <h2 id="inspector-title" class="panel-title">{ "Inspector" }</h2>
                <div class="tabs" role="group" aria-label="Node to inspect">
                    { for (0..props.nodes).map(|id| {
                        let onselect = props.onselectnode.reform(move |_: MouseEvent| id);
                        html! {
                            <button type="button" class="tab" aria-pressed={(chosen == Some(id)).to_string()}
                                aria-label={format!("Show node {id} in the inspector")} onclick={onselect}>{ id }</button>
                        }
                    }) }
                </div>
            </div>
            { match &props.node {
                None => html! { <p class="empty">{ "Click a node's line in the diagram (or a number above) to see its state." }</p> },
                Some(node) => html! {
                    <>
                        <p class="inspector-node">
                            <strong>{ format!("Node {}", node.id) }</strong>
                            if node.traitor {
                                <span class="badge badge-traitor">{ "traitor" }</span>
                            }
                            if node.crashed {
                                <span class="badge badge-danger">{ "crashed" }</span>
                            } else {
                                <span class="badge badge-ok">{ "up" }</span>
                            }
                        </p>
                        { field_table(&node.fields, all_fields, ontogglefields) }
                        if let Some(start) = &node.round_start {
                            <div class="inspector-round-start">
                                <h3>{ start.heading.clone() }</h3>
                                <table class="fields" data-testid="round-start">
                                    <tbody>{ for start.fields.iter().map(row) }</tbody>
                                </table>
                            </div>
                        }
                        { for props.trees.iter().map(tree) }
                        { timer_list(&props.timers, &props.onfire) }
                        { message_list("Incoming, in flight", &props.incoming, &props.onselectmessage) }
                        { message_list("Outgoing, in flight", &props.outgoing, &props.onselectmessage) }
                    </>
                },
            } }
        </section>
    }
}

/// A node's fields: its leading ones (those not about one item of a series, such as a balance) and
/// its newest ones, with the rest behind "Show more", since a long run piles up a row per
/// snapshot or per transaction.
fn field_table(fields: &[Field], all: bool, ontoggle: Callback<MouseEvent>) -> Html {
    let lead = fields.iter().take_while(|f| !f.label.contains(':')).count();
    let series = &fields[lead..];
    let shown = shown_count(series.len(), NEWEST_FIELDS, all);
    let hidden = series.len() - shown;
    html! {
        <>
            <table class="fields">
                <tbody>
                    { for fields[..lead].iter().map(row) }
                    { for series[hidden..].iter().map(row) }
                </tbody>
            </table>
            if series.len() > NEWEST_FIELDS + 2 {
                <ShowMore {hidden} total={series.len()} noun="earlier fields" {ontoggle} />
            }
        </>
    }
}

/// A tree the protocol shows for the node, each row indented by its depth.
fn tree(tree: &TreeView) -> Html {
    html! {
        <div class="inspector-tree">
            <h3>{ tree.title.clone() }</h3>
            <table class="tree-table" data-testid="tree">
                <thead>
                    <tr>{ for tree.columns.iter().map(|c| html! { <th scope="col">{ c.clone() }</th> }) }</tr>
                </thead>
                <tbody>
                    { for tree.rows.iter().map(|r| html! {
                        <tr data-depth={r.depth.to_string()}>
                            { for r.cells.iter().enumerate().map(|(i, cell)| match i {
                                0 => html! {
                                    <th scope="row" style={format!("padding-left: {}rem", 0.25 + 1.1 * f64::from(r.depth))}>
                                        { cell.clone() }
                                    </th>
                                },
                                _ => html! { <td>{ cell.clone() }</td> },
                            }) }
                        </tr>
                    }) }
                </tbody>
            </table>
            <p class="hint">{ tree.note.clone() }</p>
        </div>
    }
}

/// One field as a row of the inspector's tables.
fn row(field: &Field) -> Html {
    html! {
        <tr><th scope="row">{ field.label.clone() }</th><td>{ field.value.clone() }</td></tr>
    }
}

/// The pending timers, each with a button that fires it. One the timing model holds back says
/// why; its button still asks, so the core's refusal reaches the alert banner.
fn timer_list(timers: &[TimerView], onfire: &Callback<TimerId>) -> Html {
    html! {
        <div class="inspector-timers">
            <h3>{ "Pending timers" }</h3>
            if timers.is_empty() {
                <p class="empty small">{ "none" }</p>
            } else {
                <ul class="timer-list">
                    { for timers.iter().map(|timer| {
                        let id = timer.id;
                        let onclick = onfire.reform(move |_: MouseEvent| id);
                        html! {
                            <li key={id} class={classes!("timer-item", timer.blocked.is_some().then_some("held-back"))}>
                                <span class="timer-name">
                                    { format!("t{} {}", timer.id, timer.label) }
                                    <span class="muted">{ format!(" · set at step {}", timer.set_at) }</span>
                                </span>
                                <button type="button" class="tool small" aria-label={format!("Fire timer {id}")}
                                    aria-describedby={timer.blocked.as_ref().map(|_| format!("timer-blocked-{id}"))}
                                    {onclick}>{ "Fire" }</button>
                                if let Some(reason) = &timer.blocked {
                                    <p id={format!("timer-blocked-{id}")} class="timer-blocked">{ format!("Cannot fire yet: {reason}.") }</p>
                                }
                            </li>
                        }
                    }) }
                </ul>
            }
        </div>
    }
}

fn message_list(title: &str, messages: &[MessageView], onselect: &Callback<MessageId>) -> Html {
    html! {
        <div class="inspector-messages">
            <h3>{ title }</h3>
            if messages.is_empty() {
                <p class="empty small">{ "none" }</p>
            } else {
                <ul class="chips">
                    { for messages.iter().map(|m| {
                        let id = m.id;
                        let onselect = onselect.reform(move |_: MouseEvent| id);
                        html! {
                            <li key={id}>
                                <button type="button" class={classes!("chip", format!("kind-{}", m.kind))}
                                    aria-label={format!("Select message {}: {} from node {} to node {}", m.id, m.label, m.from, m.to)}
                                    onclick={onselect}>
                                    { format!("m{} {} · {}→{}", m.id, m.label, m.from, m.to) }
                                </button>
                            </li>
                        }
                    }) }
                </ul>
            }
        </div>
    }
}
