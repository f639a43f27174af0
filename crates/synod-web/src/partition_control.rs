//! Splitting the network: click nodes to put them on side A or B, then partition; heal to join
//! the sides again. Messages across the cut wait until healed. While the network is split, the
//! chips show the sides it is split into (the status line names the same sides), and choosing new
//! sides waits for the heal.

use serde_json::Value;
use synod_core::action::{Action, NodeId};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PartitionControlProps {
    pub nodes: NodeId,
    /// The current partition's groups, if the network is split.
    pub partition: Option<Vec<Vec<NodeId>>>,
    pub onperform: Callback<Action<Value>>,
}

#[function_component]
pub fn PartitionControl(props: &PartitionControlProps) -> Html {
    // The nodes the user put on side B; until they choose, the last node stands alone.
    let on_side_b = use_state(|| None::<Vec<NodeId>>);
    let count = props.nodes;
    let side_b: Vec<NodeId> = match &*on_side_b {
        None => vec![count.saturating_sub(1)],
        Some(chosen) => chosen.iter().copied().filter(|n| *n < count).collect(),
    };
    let side_a: Vec<NodeId> = (0..count).filter(|n| !side_b.contains(n)).collect();

    let onpartition = {
        let groups = vec![side_a.clone(), side_b.clone()];
        props
            .onperform
            .reform(move |_: MouseEvent| Action::Partition(groups.clone()))
    };
    let onheal = props.onperform.reform(|_: MouseEvent| Action::Heal);
    let split = props.partition.as_ref();
    let status = match split {
        None => "The network is connected. Choose the sides of a partition:".to_string(),
        Some(groups) => format!(
            "Split into {}. Heal to choose new sides.",
            groups_text(groups)
        ),
    };
    // The side each chip shows: the current partition's while split, else the draft's.
    let side_of = |node: NodeId| -> usize {
        match split {
            Some(groups) => groups.iter().position(|g| g.contains(&node)).unwrap_or(0),
            None => usize::from(side_b.contains(&node)),
        }
    };

    html! {
        <section class="panel" aria-labelledby="partition-title">
            <h2 id="partition-title" class="panel-title">{ "Partition" }</h2>
            <p class={classes!("partition-status", props.partition.is_some().then_some("split"))}>{ status }</p>
            <div class="sides" role="group" aria-label="Sides of the next partition">
                { for (0..count).map(|node| {
                    let side = side_of(node);
                    let b = side_b.contains(&node);
                    let on_side_b = on_side_b.clone();
                    let current = side_b.clone();
                    let ontoggle = Callback::from(move |_: MouseEvent| {
                        let mut next: Vec<NodeId> = current.iter().copied().filter(|n| *n != node).collect();
                        if !b {
                            next.push(node);
                        }
                        next.sort_unstable();
                        on_side_b.set(Some(next));
                    });
                    html! {
                        <button type="button" class={classes!("side-chip", format!("side-{}", side_letter(side).to_ascii_lowercase()))}
                            aria-pressed={(side == 1).to_string()} aria-label={format!("Node {node} on side B")}
                            disabled={split.is_some()}
                            title={if split.is_some() { "Heal the network to choose new sides" } else { "Click to move this node to the other side" }}
                            onclick={ontoggle}>
                            <span class="side-node">{ node }</span>
                            <span class="side-letter">{ side_letter(side) }</span>
                        </button>
                    }
                }) }
            </div>
            <div class="button-row">
                <button type="button" class="tool" title={format!("Split into A {} | B {}", group_text(&side_a), group_text(&side_b))}
                    aria-label="Partition the network into sides A and B" disabled={split.is_some()} onclick={onpartition}>{ "Partition" }</button>
                <button type="button" class="tool" aria-label="Heal the network" disabled={props.partition.is_none()} onclick={onheal}>{ "Heal" }</button>
            </div>
        </section>
    }
}

fn group_text(group: &[NodeId]) -> String {
    let names: Vec<String> = group.iter().map(NodeId::to_string).collect();
    format!("{{{}}}", names.join(", "))
}

/// The sides as the chips name them: "A {0, 1} | B {2}".
fn groups_text(groups: &[Vec<NodeId>]) -> String {
    let parts: Vec<String> = groups
        .iter()
        .enumerate()
        .map(|(side, g)| format!("{} {}", side_letter(side), group_text(g)))
        .collect();
    parts.join(" | ")
}

/// Side 0 is A, side 1 is B, and so on (a partition from a link may have more than two).
fn side_letter(side: usize) -> char {
    (b'A' + (side % 26) as u8) as char
}
