//! The space-time diagram: one horizontal line per node, time flowing right, messages as arrows,
//! in-flight messages as ghosts the user drags onto a node's line to deliver.

use std::rc::Rc;

use synod_core::action::{MessageId, NodeId};
use synod_core::trace::EventId;
use synod_core::view::WorldView;
use yew::prelude::*;

/// A request to open the message context menu at a point in client coordinates.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MessageMenuRequest {
    pub id: MessageId,
    pub x: f64,
    pub y: f64,
}

#[derive(Properties, PartialEq)]
pub struct DiagramProps {
    pub view: Rc<WorldView>,
    /// The message the keyboard and the context menu act on.
    pub selected_message: Option<MessageId>,
    /// The node shown in the inspector.
    pub selected_node: Option<NodeId>,
    /// Up to two events picked for a happens-before comparison.
    pub picked_events: Vec<EventId>,
    /// A ghost was dropped on its receiver's line (or Enter was pressed on it).
    pub ondeliver: Callback<MessageId>,
    pub onselectmessage: Callback<MessageId>,
    pub onselectnode: Callback<NodeId>,
    pub onpickevent: Callback<EventId>,
    /// Right-click or the context-menu key on a message.
    pub onmessagemenu: Callback<MessageMenuRequest>,
}

#[function_component]
pub fn Diagram(props: &DiagramProps) -> Html {
    let nodes = props.view.nodes.len();
    html! {
        <svg data-testid="diagram" viewBox={format!("0 0 800 {}", 60 * nodes + 40)}>
            { for props.view.nodes.iter().map(|n| html! {
                <line data-testid={format!("node-{}", n.id)} x1="40" x2="780"
                    y1={(40 + 60 * n.id).to_string()} y2={(40 + 60 * n.id).to_string()} stroke="currentColor" />
            }) }
        </svg>
    }
}
