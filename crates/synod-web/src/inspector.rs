//! The node inspector: the chosen node's state as the protocol describes it, whether it is
//! crashed, and the messages in flight to and from it.

use synod_core::action::{MessageId, NodeId};
use synod_core::view::{MessageView, NodeView};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct InspectorProps {
    /// The node shown, if one was chosen.
    pub node: Option<NodeView>,
    pub nodes: NodeId,
    /// Messages in flight to the node.
    pub incoming: Vec<MessageView>,
    /// Messages in flight from the node.
    pub outgoing: Vec<MessageView>,
    pub onselectnode: Callback<NodeId>,
    pub onselectmessage: Callback<MessageId>,
}

#[function_component]
pub fn Inspector(props: &InspectorProps) -> Html {
    let chosen = props.node.as_ref().map(|n| n.id);
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
                            if node.crashed {
                                <span class="badge badge-danger">{ "crashed" }</span>
                            } else {
                                <span class="badge badge-ok">{ "up" }</span>
                            }
                        </p>
                        <table class="fields">
                            <tbody>
                                { for node.fields.iter().map(|field| html! {
                                    <tr><th scope="row">{ field.label.clone() }</th><td>{ field.value.clone() }</td></tr>
                                }) }
                            </tbody>
                        </table>
                        { message_list("Incoming, in flight", &props.incoming, &props.onselectmessage) }
                        { message_list("Outgoing, in flight", &props.outgoing, &props.onselectmessage) }
                    </>
                },
            } }
        </section>
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
                                    { format!("#{} {} · {}→{}", m.id, m.label, m.from, m.to) }
                                </button>
                            </li>
                        }
                    }) }
                </ul>
            }
        </div>
    }
}
