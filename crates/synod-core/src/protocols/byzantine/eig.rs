//! The exponential information gathering (EIG) tree: OM(m)'s recursion written out as data
//! (Lynch, "Distributed Algorithms", §6.3; Attiya and Welch, §5.2).
//!
//! A path is a relay chain `c → j₁ → … → jₖ` of distinct generals starting at the commander `c`
//! (node 0 in OM; every process in turn when interactive consistency runs one instance per
//! process, so a path's first id also names its instance).
//! Lieutenant `i` keeps, for each path that does not contain it, `val(p)`: the order `jₖ` told
//! it that `jₖ₋₁` told `jₖ` … that the commander sent. In round `r` it receives the paths of
//! length `r`; in round `r + 1` it relays each of them, with itself appended, to every general
//! not on the path. After round `m + 1` it decides bottom-up: a leaf's value is what it
//! received, and an inner path's value is the majority of what it received along it and the
//! values of its children (each child `p → j` is lieutenant `j`'s OM(m − |p|) as commander of
//! the others); the root's value is the decision. What never arrived counts as `retreat`.

use super::traitors::Traitors;
use super::Order;
use crate::action::NodeId;

/// A relay chain, starting at the commander.
pub type Path = Vec<NodeId>;

/// Orders by relay path, sorted by path. A sorted vector, not a `BTreeMap`, which would add
/// code of its own to the page for this key type.
#[derive(Clone, Debug, Default, Hash, PartialEq, Eq)]
pub struct Orders(Vec<(Path, Order)>);

impl Orders {
    pub fn get(&self, path: &[NodeId]) -> Option<Order> {
        let at = self
            .0
            .binary_search_by(|(p, _)| p.as_slice().cmp(path))
            .ok()?;
        Some(self.0[at].1)
    }

    /// Keeps `order` along `path` unless an order along it is kept already (then `false`).
    pub fn insert(&mut self, path: Path, order: Order) -> bool {
        match self.0.binary_search_by(|(p, _)| p.cmp(&path)) {
            Ok(_) => false,
            Err(at) => {
                self.0.insert(at, (path, order));
                true
            }
        }
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &(Path, Order)> {
        self.0.iter()
    }
}

impl<const N: usize> From<[(Path, Order); N]> for Orders {
    fn from(pairs: [(Path, Order); N]) -> Orders {
        let mut orders = Orders::default();
        for (path, order) in pairs {
            orders.insert(path, order);
        }
        orders
    }
}

/// Every path of length `len` (1 to `m + 1`) in `owner`'s tree of the instance commanded by
/// `root` among `n` generals, in lexicographic order: distinct generals, `root` first, `owner`
/// nowhere.
pub fn level(n: NodeId, root: NodeId, owner: NodeId, len: usize) -> Vec<Path> {
    let mut paths = vec![vec![root]];
    for _ in 1..len {
        paths = paths
            .into_iter()
            .flat_map(|path| {
                (0..n)
                    .filter(|j| *j != owner && !path.contains(j))
                    .map(|j| {
                        let mut longer = path.clone();
                        longer.push(j);
                        longer
                    })
                    .collect::<Vec<Path>>()
            })
            .collect();
    }
    paths
}

/// Every path of `owner`'s tree of depth `m + 1` for the instance commanded by `root`, depth
/// first (a path, then its children).
pub fn depth_first(n: NodeId, root: NodeId, owner: NodeId, m: u32) -> Vec<Path> {
    let mut out = Vec::new();
    let mut stack = vec![vec![root]];
    while let Some(path) = stack.pop() {
        if path.len() <= m as usize {
            let children = (0..n)
                .rev()
                .filter(|j| *j != owner && !path.contains(j))
                .map(|j| {
                    let mut child = path.clone();
                    child.push(j);
                    child
                });
            stack.extend(children);
        }
        out.push(path);
    }
    out
}

/// The generals a relay of `path` by `relay` goes to: every general not on the path (so never
/// its commander) and not the relay itself.
pub fn relay_targets(n: NodeId, path: &[NodeId], relay: NodeId) -> Vec<NodeId> {
    (0..n)
        .filter(|j| *j != relay && !path.contains(j))
        .collect()
}

/// What `owner` relays in round `round` (2 to `m + 1`) of the instance `root` commands: along
/// every path of length `round − 1` without it, what arrived (or `retreat`), with itself
/// appended.
pub fn relays(
    received: &Orders,
    n: NodeId,
    root: NodeId,
    owner: NodeId,
    round: u32,
) -> Vec<(Path, Order)> {
    level(n, root, owner, round as usize - 1)
        .into_iter()
        .map(|path| {
            let order = val(received, &path);
            let mut relayed = path;
            relayed.push(owner);
            (relayed, order)
        })
        .collect()
}

/// Each `(receiver, path, order)` that `from` sends for its honest `sends`: to every general not
/// on the path, with what its strategy makes of the order if it is a traitor (nothing, when it
/// sends nothing).
pub fn addressed(
    n: NodeId,
    from: NodeId,
    sends: Vec<(Path, Order)>,
    traitors: &Traitors,
) -> Vec<(NodeId, Path, Order)> {
    let mut out = Vec::new();
    for (path, honest) in sends {
        for to in relay_targets(n, &path, from) {
            if let Some(order) = traitors.order(from, to, honest, &path) {
                out.push((to, path.clone(), order));
            }
        }
    }
    out
}

/// The order with more than half of `orders`; `retreat` when neither has (Lamport's
/// `majority`, with retreat as the default).
pub fn majority(orders: &[Order]) -> Order {
    let attacks = orders.iter().filter(|o| **o == Order::Attack).count();
    if 2 * attacks > orders.len() {
        Order::Attack
    } else {
        Order::Retreat
    }
}

/// What arrived along `path`, or `retreat` when nothing did.
pub fn val(received: &Orders, path: &[NodeId]) -> Order {
    received.get(path).unwrap_or_default()
}

/// The bottom-up value of every path of `owner`'s tree (depth `m + 1`) for the instance
/// commanded by `root`: leaves keep what arrived, inner paths take the majority of what arrived
/// and their children's values.
pub fn resolve(received: &Orders, n: NodeId, root: NodeId, owner: NodeId, m: u32) -> Orders {
    let mut resolved = Orders::default();
    for len in (1..=m as usize + 1).rev() {
        for path in level(n, root, owner, len) {
            let mut orders = vec![val(received, &path)];
            if len <= m as usize {
                orders.extend(relay_targets(n, &path, owner).into_iter().map(|j| {
                    let mut child = path.clone();
                    child.push(j);
                    val(&resolved, &child)
                }));
            }
            resolved.insert(path, majority(&orders));
        }
    }
    resolved
}

/// How many messages round `round` of OM(m) sends among `n` generals: (n−1)(n−2)…(n−round).
pub fn messages_in_round(n: NodeId, round: u32) -> u64 {
    (1..=round).map(|k| u64::from(n - k)).product()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lieutenants_tree_has_every_relay_chain_without_it() {
        assert_eq!(level(4, 0, 1, 1), vec![vec![0]]);
        assert_eq!(level(4, 0, 1, 2), vec![vec![0, 2], vec![0, 3]]);
        assert_eq!(level(4, 0, 1, 3), vec![vec![0, 2, 3], vec![0, 3, 2]]);
        assert_eq!(level(7, 0, 1, 3).len(), 5 * 4);
        assert_eq!(
            level(4, 2, 1, 2),
            vec![vec![2, 0], vec![2, 3]],
            "process 2's instance: relays by 0 and 3"
        );
        assert_eq!(
            depth_first(4, 0, 1, 2),
            vec![
                vec![0],
                vec![0, 2],
                vec![0, 2, 3],
                vec![0, 3],
                vec![0, 3, 2]
            ]
        );
    }

    #[test]
    fn om1_takes_the_majority_of_the_three_values() {
        let received = Orders::from([
            (vec![0], Order::Attack),
            (vec![0, 2], Order::Attack),
            (vec![0, 3], Order::Retreat),
        ]);
        assert_eq!(
            resolve(&received, 4, 0, 1, 1).get(&[0]),
            Some(Order::Attack)
        );
        let tie = Orders::from([(vec![0], Order::Attack), (vec![0, 2], Order::Retreat)]);
        assert_eq!(
            resolve(&tie, 3, 0, 1, 1).get(&[0]),
            Some(Order::Retreat),
            "a tie retreats"
        );
    }

    #[test]
    fn missing_values_count_as_retreat() {
        let received = Orders::from([(vec![0], Order::Attack)]);
        assert_eq!(
            resolve(&received, 4, 0, 1, 1).get(&[0]),
            Some(Order::Retreat)
        );
    }

    #[test]
    fn the_last_round_sends_lamports_count() {
        assert_eq!(messages_in_round(4, 2), 6);
        assert_eq!(messages_in_round(7, 3), 6 * 5 * 4);
    }
}
