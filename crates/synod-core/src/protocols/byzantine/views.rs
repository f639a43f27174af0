//! How the Byzantine generals show themselves: paths in words, the inspector, each
//! lieutenant's EIG tree, and the message count against Lamport's formula.

use super::eig::{self, Orders, Path};
use super::oral::{General, OralMessages};
use super::signed::{self, SignedMessages};
use super::{Order, COMMANDER};
use serde_json::{json, Value};

use crate::action::{Action, Forgery, NodeId};
use crate::protocol::Protocol;
use crate::state::NodeSlot;
use crate::verdict::Status;
use crate::view::{Field, ProtocolView, TableView, TreeRow, TreeView};
use crate::world::World;

/// A relay path as the page writes it: `0→2→3`.
pub fn path_text(path: &[NodeId]) -> String {
    let ids: Vec<String> = path.iter().map(u32::to_string).collect();
    ids.join("→")
}

/// A relay path as a JSON object key: `0,2,3`.
pub fn path_key(path: &[NodeId]) -> String {
    let ids: Vec<String> = path.iter().map(u32::to_string).collect();
    ids.join(",")
}

fn role(id: NodeId) -> &'static str {
    match id {
        COMMANDER => "commander",
        _ => "lieutenant",
    }
}

pub fn inspect_general(protocol: &OralMessages, node: &General) -> Vec<Field> {
    let mut fields = vec![
        Field::new("role", role(node.id)),
        Field::new("loyalty", protocol.traitors().describe(node.id)),
    ];
    if node.id == COMMANDER {
        fields.push(Field::new("its order", protocol.order().name()));
    } else {
        fields.push(Field::new(
            "orders received",
            format!("{} relay path(s)", node.received.len()),
        ));
    }
    fields.push(Field::new(
        "decision",
        node.decision.map_or("not yet", Order::name),
    ));
    fields
}

/// Each lieutenant's EIG tree, and the messages each round sent.
pub fn oral_view(protocol: &OralMessages, world: &World<OralMessages>) -> ProtocolView {
    let trees = (1..protocol.generals())
        .map(|id| match world.state().slot(id) {
            NodeSlot::Up(general) | NodeSlot::Down(general) => eig_tree(protocol, general),
        })
        .collect();
    // The page shows the last table first: the twin, when there is one.
    let mut tables = vec![message_counts(protocol, world)];
    tables.extend(twin_table(protocol, world));
    ProtocolView {
        tables,
        trees,
        ..ProtocolView::default()
    }
}

/// Lieutenant `general`'s tree: what arrived along each path, and (once it has decided) the
/// majority each path resolves to.
fn eig_tree(protocol: &OralMessages, general: &General) -> TreeView {
    let tree = Eig {
        n: protocol.generals(),
        m: protocol.m(),
        root: COMMANDER,
        owner: general.id,
    };
    TreeView {
        node: general.id,
        title: format!("EIG tree of lieutenant {}", general.id),
        columns: EIG_COLUMNS.map(String::from).to_vec(),
        rows: tree.rows(&general.received, general.round, general.decision.is_some()),
        note: format!(
            "Row 0→j→k holds what k told lieutenant {} that j had told k the commander said. A leaf's majority is what it received; an inner row's is the majority of what it received and its children's (a tie, or nothing, is retreat). The root's majority is the decision.",
            general.id
        ),
    }
}

pub const EIG_COLUMNS: [&str; 3] = ["relay path", "received", "majority"];

/// One EIG tree: `owner`'s, of the instance commanded by `root`, among `n` generals, `m + 1`
/// rounds deep.
pub struct Eig {
    pub n: NodeId,
    pub m: u32,
    pub root: NodeId,
    pub owner: NodeId,
}

impl Eig {
    /// Each path with what arrived along it (by `round` of the instance, a path that should
    /// have come and did not reads "nothing: retreat") and, once `decided`, its majority.
    pub fn rows(&self, received: &Orders, round: u32, decided: bool) -> Vec<TreeRow> {
        let resolved =
            decided.then(|| eig::resolve(received, self.n, self.root, self.owner, self.m));
        eig::depth_first(self.n, self.root, self.owner, self.m)
            .into_iter()
            .map(|path| {
                let arrived = match received.get(&path) {
                    Some(order) => order.name().to_string(),
                    None if round as usize > path.len() => "nothing: retreat".to_string(),
                    None => "–".to_string(),
                };
                let majority = resolved
                    .as_ref()
                    .map_or("–".to_string(), |r| eig::val(r, &path).name().to_string());
                TreeRow {
                    depth: path.len() as u32 - 1,
                    cells: vec![said_along(&path), arrived, majority],
                }
            })
            .collect()
    }
}

/// `0→2→3` as who said what to whom, in a few words.
fn said_along(path: &Path) -> String {
    match path.as_slice() {
        [root] => format!("{root} (the commander)"),
        _ => path_text(path),
    }
}

/// How many messages each round sent, against (n−1)(n−2)…(n−r).
fn message_counts(protocol: &OralMessages, world: &World<OralMessages>) -> TableView {
    let (n, m) = (protocol.generals(), protocol.m());
    let mut sent = vec![0u64; m as usize + 1];
    for message in world.messages().iter().filter(|m| m.copy_of.is_none()) {
        let len = world.history().payload(message.id).path.len();
        if let Some(count) = sent.get_mut(len - 1) {
            *count += 1;
        }
    }
    let rows = (1..=m + 1)
        .map(|round| {
            let factors: Vec<String> = (1..=round).map(|k| format!("{}", n - k)).collect();
            vec![
                round.to_string(),
                sent[round as usize - 1].to_string(),
                format!(
                    "{} = {}",
                    factors.join("·"),
                    eig::messages_in_round(n, round)
                ),
            ]
        })
        .collect();
    let total: u64 = sent.iter().sum();
    TableView {
        title: format!("Messages of OM({m}) among {n} generals"),
        columns: vec![
            "round".to_string(),
            "sent".to_string(),
            "loyal generals send".to_string(),
        ],
        rows,
        note: format!(
            "Lamport, Shostak and Pease count (n−1)(n−2)…(n−m−1) = {} messages for OM({m}): the last round's relays, one per relay path and receiver; the rounds before add fewer. This run has sent {total} (a silent traitor sends fewer).",
            eig::messages_in_round(n, m + 1)
        ),
    }
}

/// What each lieutenant holds under signed messages, and why signatures change the bound.
pub fn signed_view(protocol: &SignedMessages, world: &World<SignedMessages>) -> ProtocolView {
    let rows = (1..protocol.generals())
        .map(|id| {
            let (NodeSlot::Up(general) | NodeSlot::Down(general)) = world.state().slot(id);
            let v: Vec<&str> = general.v.iter().map(|o| o.name()).collect();
            let chains: Vec<String> = general.held.iter().map(signed::chain_text).collect();
            vec![
                format!(
                    "{id}{}",
                    if protocol.traitors().is_traitor(id) {
                        " (traitor)"
                    } else {
                        ""
                    }
                ),
                format!("{{{}}}", v.join(", ")),
                if chains.is_empty() {
                    "–".to_string()
                } else {
                    chains.join(", ")
                },
                general.decision.map_or("–", Order::name).to_string(),
            ]
        })
        .collect();
    ProtocolView {
        tables: vec![TableView {
            title: format!("What each lieutenant holds, SM({})", protocol.m()),
            columns: ["lieutenant", "V", "signed chains received", "decision"]
                .map(String::from)
                .to_vec(),
            rows,
            note: "Why signatures change the bound: with oral messages a traitor lieutenant can claim the commander said retreat, and its listener cannot tell that lie from a traitor commander's (3 generals, 1 traitor: no algorithm wins). Here it can only pass on orders carrying the commander's own signature, which it cannot forge. A loyal lieutenant holding two signed orders has proof the commander is the traitor, and every loyal lieutenant ends with the same V, so choice(V) agrees, with any number of generals.".to_string(),
        }],
        ..ProtocolView::default()
    }
}

/// With 3 generals and one traitor, once the loyal lieutenant has everything it will receive:
/// this run beside its twin, the run with the other traitor in which that lieutenant receives
/// exactly the same two messages (Lamport, Shostak and Pease's Figures 1 and 2), computed by
/// running OM(1) again.
fn twin_table(protocol: &OralMessages, world: &World<OralMessages>) -> Option<TableView> {
    let traitors = protocol.traitors().nodes();
    let ([traitor], 3, 1) = (traitors.as_slice(), protocol.generals(), protocol.m()) else {
        return None;
    };
    let (loyal, other) = match traitor {
        1 => (2, 1),
        _ => (1, 2),
    };
    if world.state().round() < 3 {
        return None;
    }
    let (NodeSlot::Up(listener) | NodeSlot::Down(listener)) = world.state().slot(loyal);
    let from_commander = listener.received.get(&[COMMANDER]);
    let relayed = listener.received.get(&[COMMANDER, other]);
    let twin_traitor = if *traitor == COMMANDER {
        other
    } else {
        COMMANDER
    };
    let twin = twin_run(
        protocol,
        twin_traitor,
        loyal,
        other,
        from_commander,
        relayed,
    )?;
    let who = |t: NodeId| match t {
        COMMANDER => "the commander".to_string(),
        t => format!("lieutenant {t}"),
    };
    let said = |order: Option<Order>| order.map_or("nothing".to_string(), |o| o.to_string());
    let (NodeSlot::Up(twin_listener) | NodeSlot::Down(twin_listener)) = twin.state().slot(loyal);
    let verdict = |world: &World<OralMessages>, index: usize| {
        let v = &world.verdicts()[index];
        let status = match v.status {
            Status::Violated => "violated",
            Status::Holds | Status::Pending => "holds",
        };
        format!("{status}: {}", v.explanation)
    };
    let decision = |d: Option<Order>| d.map_or("–".to_string(), |o| o.to_string());
    let rows = vec![
        vec![
            format!("lieutenant {loyal} receives from the commander"),
            said(from_commander),
            said(twin_listener.received.get(&[COMMANDER])),
        ],
        vec![
            format!("lieutenant {loyal} receives along 0→{other}"),
            said(relayed),
            said(twin_listener.received.get(&[COMMANDER, other])),
        ],
        vec![
            format!("lieutenant {loyal} decides"),
            decision(listener.decision),
            decision(twin_listener.decision),
        ],
        vec!["IC1".to_string(), verdict(world, 0), verdict(&twin, 0)],
        vec!["IC2".to_string(), verdict(world, 1), verdict(&twin, 1)],
    ];
    Some(TableView {
        title: format!("Lieutenant {loyal} cannot tell this run from its twin"),
        columns: vec![
            String::new(),
            format!("this run: {} is the traitor", who(*traitor)),
            format!("its twin: {} is the traitor", who(twin_traitor)),
        ],
        rows,
        note: format!(
            "Both runs put exactly the same two messages in front of lieutenant {loyal}, so whatever rule it follows it decides the same in both. With the traitor lieutenant, IC2 says it must obey the loyal commander; with the traitor commander, IC1 says it must agree with loyal lieutenant {other}, whose own two messages may point the other way. With 3 generals and 1 traitor no rule meets both: n must exceed 3t. (The twin is computed by running OM(1) again with {} as the traitor.)",
            who(twin_traitor)
        ),
    })
}

/// The twin run: `traitor` makes lieutenant `loyal` receive `from_commander` from the commander
/// and `relayed` along `0→other`, and lieutenant `other` receive what makes the loyal ones' views
/// match the original (the commander's order to `other` is what `other` relayed).
fn twin_run(
    protocol: &OralMessages,
    traitor: NodeId,
    loyal: NodeId,
    other: NodeId,
    from_commander: Option<Order>,
    relayed: Option<Order>,
) -> Option<World<OralMessages>> {
    let order = match traitor {
        COMMANDER => protocol.order(),
        _ => from_commander.unwrap_or_default(),
    };
    let params = super::oral::Params {
        generals: 3,
        m: 1,
        order,
        traitors: vec![super::traitors::TraitorSpec {
            node: traitor,
            strategy: super::traitors::Strategy::Manual,
            seed: 0,
        }],
        variant: super::oral::Variant::Om,
    };
    let twin_protocol = OralMessages::new(params).ok()?;
    let network = twin_protocol.default_network();
    let mut twin = World::new(twin_protocol, network, 0);
    let payload = |path: Vec<NodeId>, order: Option<Order>| match order {
        Some(order) => json!({"path": path, "order": order}),
        None => Value::Null,
    };
    let forge = |twin: &mut World<OralMessages>, from: NodeId, to: NodeId, payload: Value| {
        let id = twin.in_flight().find(|m| m.from == from && m.to == to)?.id;
        twin.apply(Action::Forge(Forgery { id, payload })).ok()
    };
    twin.apply(Action::EndRound).ok()?;
    if traitor == COMMANDER {
        forge(
            &mut twin,
            COMMANDER,
            loyal,
            payload(vec![COMMANDER], from_commander),
        )?;
        forge(
            &mut twin,
            COMMANDER,
            other,
            payload(vec![COMMANDER], relayed),
        )?;
    }
    twin.apply(Action::EndRound).ok()?;
    if traitor == other {
        forge(
            &mut twin,
            other,
            loyal,
            payload(vec![COMMANDER, other], relayed),
        )?;
    }
    twin.apply(Action::EndRound).ok()?;
    Some(twin)
}
