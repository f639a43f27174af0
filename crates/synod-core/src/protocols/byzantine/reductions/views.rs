//! How the reductions show themselves: each process in the inspector with its EIG tree of every
//! instance, and one table of the `n` instances with each process's vector and decision.

use super::super::views::{Eig, EIG_COLUMNS};
use super::super::Order;
use super::problems::{vector_text, LEADER};
use super::{Process, Reduction, Reductions};
use crate::action::NodeId;
use crate::state::NodeSlot;
use crate::view::{Field, ProtocolView, TableView, TreeView};
use crate::world::World;

pub fn inspect(protocol: &Reductions, node: &Process) -> Vec<Field> {
    let mut fields = Vec::new();
    if protocol.reduction() == Reduction::BgFromC && node.id == LEADER {
        fields.push(Field::new("role", "leader"));
    }
    fields.push(Field::new("loyalty", protocol.traitors().describe(node.id)));
    if protocol.reduction() == Reduction::BgFromC && node.id != LEADER {
        fields.push(Field::new(
            "from the leader",
            node.from_leader.map_or("nothing yet", Order::name),
        ));
    }
    fields.push(Field::new(
        "proposal",
        node.proposal.map_or("not yet", Order::name),
    ));
    fields.push(Field::new(
        "vector",
        node.vector
            .as_ref()
            .map_or("not yet".to_string(), |v| vector_text(v)),
    ));
    if protocol.reduction() != Reduction::IcFromBg {
        fields.push(Field::new(
            "decision",
            node.decision.map_or("not yet", Order::name),
        ));
    }
    fields
}

fn process(world: &World<Reductions>, id: NodeId) -> &Process {
    let (NodeSlot::Up(process) | NodeSlot::Down(process)) = world.state().slot(id);
    process
}

pub fn protocol_view(protocol: &Reductions, world: &World<Reductions>) -> ProtocolView {
    let n = protocol.processes();
    let trees = (0..n)
        .flat_map(|owner| {
            let node = process(world, owner);
            (0..n)
                .filter(move |root| *root != owner)
                .map(move |root| tree(protocol, node, root))
        })
        .collect();
    ProtocolView {
        tables: vec![instances(protocol, world)],
        trees,
        ..ProtocolView::default()
    }
}

/// `node`'s EIG tree of the instance `root` commands.
fn tree(protocol: &Reductions, node: &Process, root: NodeId) -> TreeView {
    let ic_round = node.round.saturating_sub(protocol.rounds_before_ic());
    let eig = Eig {
        n: protocol.processes(),
        m: protocol.m(),
        root,
        owner: node.id,
    };
    TreeView {
        node: node.id,
        title: format!("Instance {root}: process {}'s EIG tree", node.id),
        columns: EIG_COLUMNS.map(String::from).to_vec(),
        rows: eig.rows(&node.received, ic_round, node.vector.is_some()),
        note: format!(
            "In instance {root}, process {root} is the commander of OM({}) and its proposal the order. The root's majority is entry {root} of process {}'s vector.",
            protocol.m(),
            node.id
        ),
    }
}

/// The `n` instances: what each process decided in each, its vector, and (C and BG) the
/// majority it decides.
fn instances(protocol: &Reductions, world: &World<Reductions>) -> TableView {
    let n = protocol.processes();
    let processes: Vec<&Process> = (0..n).map(|id| process(world, id)).collect();
    let vectors: Vec<Option<Vec<Order>>> = processes.iter().map(|p| p.vector.clone()).collect();
    let mut rows = Vec::new();
    if protocol.reduction() == Reduction::BgFromC {
        let mut row = vec![format!(
            "the leader's value ({})",
            protocol.proposals()[LEADER as usize]
        )];
        row.extend(processes.iter().map(|p| match p.id {
            LEADER => "sends it".to_string(),
            _ => p.from_leader.map_or("–".to_string(), |o| o.to_string()),
        }));
        rows.push(row);
    }
    for root in 0..n {
        let mut row = vec![format!(
            "instance {root}: {} commands{}",
            root,
            if protocol.traitors().is_traitor(root) {
                " (traitor)"
            } else {
                ""
            }
        )];
        row.extend(processes.iter().zip(&vectors).map(|(p, vector)| {
            match (p.id == root, p.proposal, vector) {
                (true, Some(proposal), _) => format!("proposes {proposal}"),
                (false, _, Some(vector)) => vector[root as usize].to_string(),
                _ => "–".to_string(),
            }
        }));
        rows.push(row);
    }
    if protocol.reduction() != Reduction::IcFromBg {
        let mut row = vec!["decision: the vector's majority".to_string()];
        row.extend(
            processes
                .iter()
                .map(|p| p.decision.map_or("–".to_string(), |o| o.to_string())),
        );
        rows.push(row);
    }
    let mut columns = vec![String::new()];
    columns.extend((0..n).map(|id| {
        format!(
            "process {id}{}",
            if protocol.traitors().is_traitor(id) {
                " (traitor)"
            } else {
                ""
            }
        )
    }));
    TableView {
        title: format!(
            "{} from {}: the {n} instances and each process's vector",
            protocol.reduction().problem(),
            match protocol.reduction() {
                Reduction::IcFromBg => "BG",
                Reduction::CFromIc => "IC",
                Reduction::BgFromC => "C",
            }
        ),
        columns,
        rows,
        note: note(protocol, &vectors),
    }
}

/// How the composition works, and whether each layer below the problem solved did its part.
fn note(protocol: &Reductions, vectors: &[Option<Vec<Order>>]) -> String {
    let how = match protocol.reduction() {
        Reduction::IcFromBg => "Interactive consistency from Byzantine generals: every process commands one instance of OM(m), all in the same rounds. Column j is process j's vector: its own proposal, and what each other instance decided at j.",
        Reduction::CFromIc => "Consensus from interactive consistency: the rows above are IC (one OM(m) instance per process); then every process applies the same function to its vector, the majority, so equal vectors give equal decisions, and if every loyal process proposed v, v fills a majority of every loyal vector (n > 3t).",
        Reduction::BgFromC => "Byzantine generals from consensus: the leader sends its value in the first round; each process proposes what it received and runs consensus (IC, then the majority). If the leader is loyal every loyal process proposes its value, and consensus's validity makes it the decision.",
    };
    let loyal: Vec<&Vec<Order>> = vectors
        .iter()
        .enumerate()
        .filter(|(id, _)| !protocol.traitors().is_traitor(*id as NodeId))
        .filter_map(|(_, v)| v.as_ref())
        .collect();
    let layer = match loyal.as_slice() {
        [] => String::new(),
        [first, rest @ ..] => match rest.iter().all(|v| v == first) {
            true => format!(
                " The loyal processes' vectors agree: {}.",
                vector_text(first)
            ),
            false => {
                " The loyal processes' vectors differ: interactive consistency failed underneath."
                    .to_string()
            }
        },
    };
    format!("{how}{layer}")
}
