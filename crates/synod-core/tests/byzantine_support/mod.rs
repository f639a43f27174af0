//! What the Byzantine generals' tests share: every way to give the built-in strategies to a few
//! traitors.

use serde_json::{json, Value};

pub const STRATEGIES: [&str; 4] = ["silent", "flip", "split", "random"];

/// Every `traitors` list of at most `m` traitors among `n` generals, each traitor with every
/// built-in strategy (a random one seeded with its id), the loyal run first.
pub fn assignments(n: u32, m: u32) -> Vec<Value> {
    let mut out = vec![json!([])];
    for set in 1u32..(1 << n) {
        let nodes: Vec<u32> = (0..n).filter(|i| set & (1 << i) != 0).collect();
        if nodes.len() as u32 > m {
            continue;
        }
        let mut choices = vec![Vec::<Value>::new()];
        for node in &nodes {
            choices = choices
                .into_iter()
                .flat_map(|chosen| {
                    STRATEGIES.map(|strategy| {
                        let mut more = chosen.clone();
                        more.push(json!({"node": node, "strategy": strategy, "seed": node}));
                        more
                    })
                })
                .collect();
        }
        out.extend(choices.into_iter().map(Value::from));
    }
    out
}
