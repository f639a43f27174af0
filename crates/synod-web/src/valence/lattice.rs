//! Lemma 2's lattice: the 2³ initial configurations of three processes with binary inputs,
//! drawn as a cube whose edges join configurations that differ in one process's input, each
//! coloured by its valence as the worker computes it.

use std::collections::BTreeMap;

use serde_json::{json, Value};
use synod_core::scenario::Scenario;
use yew::prelude::*;

use crate::explorer::messages::StepValence;

const PROCESSES: usize = 3;

/// The lattice's valences as they arrive.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LatticeState {
    /// By inputs written as bits, process 0 first (`"011"`).
    results: BTreeMap<String, StepValence>,
    /// When the computation was asked for and when its last vertex came (page clock, ms).
    started: Option<f64>,
    finished: Option<f64>,
}

impl LatticeState {
    pub fn start(&mut self, now: f64) {
        *self = LatticeState {
            started: Some(now),
            ..LatticeState::default()
        };
    }

    /// One vertex's valence, known by the params it was asked with.
    pub fn record(&mut self, params: &Value, valence: StepValence, now: f64) {
        let Some(inputs) = params.get("inputs").and_then(Value::as_array) else {
            return;
        };
        let key: String = inputs.iter().map(|v| v.to_string()).collect();
        self.results.insert(key, valence);
        if self.results.len() == 1 << PROCESSES {
            self.finished = Some(now);
        }
    }
}

fn bits(vertex: usize) -> String {
    (0..PROCESSES)
        .map(|p| {
            if vertex >> (PROCESSES - 1 - p) & 1 == 1 {
                '1'
            } else {
                '0'
            }
        })
        .collect()
}

/// The run of each initial configuration: `header`'s params with its inputs.
pub fn vertices(header: &Scenario) -> Vec<Scenario> {
    (0..1 << PROCESSES)
        .map(|vertex| {
            let mut params = header.params.clone();
            if !params.is_object() {
                params = json!({});
            }
            let inputs: Vec<u8> = bits(vertex).bytes().map(|b| b - b'0').collect();
            params["inputs"] = json!(inputs);
            Scenario {
                title: Some(format!("FLP from inputs {}", bits(vertex))),
                description: Some(
                    "An initial configuration of Lemma 2's lattice: play it, or let the adversary keep it undecided if it is bivalent."
                        .to_string(),
                ),
                params,
                actions: Vec::new(),
                cursor: None,
                ..header.clone()
            }
        })
        .collect()
}

/// Where a vertex is drawn: process 0's input up, process 2's to the right, process 1's in depth.
fn position(vertex: usize) -> (f64, f64) {
    let bit = |p: usize| (vertex >> (PROCESSES - 1 - p) & 1) as f64;
    (
        40.0 + 170.0 * bit(2) + 80.0 * bit(1),
        214.0 - 130.0 * bit(0) - 56.0 * bit(1),
    )
}

/// The process in whose input two vertices differ, if they differ in exactly one.
fn differing(a: usize, b: usize) -> Option<usize> {
    let diff = a ^ b;
    (diff.count_ones() == 1).then(|| PROCESSES - 1 - diff.trailing_zeros() as usize)
}

#[derive(Properties, PartialEq)]
pub struct LatticeProps {
    pub state: LatticeState,
    /// The run's scenario, whose params (but inputs) every vertex shares.
    pub header: Scenario,
    pub oncompute: Callback<MouseEvent>,
    pub onopen: Callback<Scenario>,
}

#[function_component]
pub fn Lattice(props: &LatticeProps) -> Html {
    let state = &props.state;
    let valence = |vertex: usize| state.results.get(&bits(vertex)).copied();
    let computing = state.started.is_some() && state.finished.is_none();
    let status = match (state.started, state.finished) {
        (None, _) => "Not computed yet: it explores every configuration reachable from each of the eight starts.".to_string(),
        (Some(_), None) => format!("Computing: {} of 8…", state.results.len()),
        (Some(start), Some(end)) => format!(
            "All 8 computed in {:.1} s (in the worker).",
            (end - start) / 1000.0
        ),
    };
    let edges = (0..1 << PROCESSES).flat_map(|a| {
        (a + 1..1 << PROCESSES).filter_map(move |b| differing(a, b).map(|p| (a, b, p)))
    });
    let edge_views = edges.clone().map(|(a, b, p)| {
        let (x1, y1) = position(a);
        let (x2, y2) = position(b);
        let changes = matches!((valence(a), valence(b)), (Some(u), Some(v)) if u.values != v.values);
        html! {
            <g class={classes!("lattice-edge", changes.then_some("changes"))}>
                <line x1={x1.to_string()} y1={y1.to_string()} x2={x2.to_string()} y2={y2.to_string()} />
                if changes {
                    // A third of the way along, so that labels of edges crossing mid-way apart.
                    <text x={(x1 + (x2 - x1) / 3.0 + 4.0).to_string()} y={(y1 + (y2 - y1) / 3.0 - 4.0).to_string()}>
                        { format!("p{p}") }
                    </text>
                }
            </g>
        }
    });
    let vertex_views = (0..1 << PROCESSES).map(|vertex| {
        let (x, y) = position(vertex);
        let known = valence(vertex);
        let class = known.map_or("unknown", |v| v.class());
        let label = bits(vertex);
        let scenario = vertices(&props.header).swap_remove(vertex);
        let onclick = props.onopen.reform(move |_: MouseEvent| scenario.clone());
        let title = match known {
            Some(v) => format!("inputs {label}: {}. Click to start a run from it.", v.name()),
            None => format!("inputs {label}. Click to start a run from it."),
        };
        html! {
            <g class={classes!("lattice-vertex", format!("valence-{class}"))}
                data-testid={format!("lattice-{label}")} data-valence={class}
                role="button" tabindex="0" aria-label={title.clone()} {onclick}>
                <title>{ title }</title>
                if known.is_some_and(|v| v.values == 3) {
                    <circle class="bivalent-ring" cx={x.to_string()} cy={y.to_string()} r="27" />
                }
                <circle cx={x.to_string()} cy={y.to_string()} r="21" />
                <text x={x.to_string()} y={(y + 4.0).to_string()} text-anchor="middle">{ label }</text>
            </g>
        }
    });
    html! {
        <div class="lattice">
            <h3 class="valence-subtitle">{ "Lemma 2: the initial configurations" }</h3>
            <p class="hint">{ "Each vertex is one assignment of inputs (process 0's first); an edge joins two that differ in one process's input. Bivalent starts are ringed." }</p>
            <button type="button" class="tool" data-testid="lattice-compute" disabled={computing} onclick={props.oncompute.clone()}>
                { "Compute the lattice" }
            </button>
            <p class="valence-meta" data-testid="lattice-status" data-state={if state.finished.is_some() { "done" } else if computing { "computing" } else { "idle" }}>
                { status }
            </p>
            <svg class="lattice-drawing" viewBox="0 0 330 250" role="img"
                aria-label="The eight initial configurations as a cube, coloured by valence">
                { for edge_views }
                { for vertex_views }
            </svg>
            { explanation(state, edges.collect()) }
        </div>
    }
}

/// Lemma 2's argument over the computed lattice.
fn explanation(state: &LatticeState, edges: Vec<(usize, usize, usize)>) -> Html {
    if state.finished.is_none() {
        return Html::default();
    }
    let valence = |vertex: usize| state.results.get(&bits(vertex)).copied();
    let bivalent: Vec<String> = (0..1 << PROCESSES)
        .filter(|v| valence(*v).is_some_and(|x| x.values == 3))
        .map(bits)
        .collect();
    let opposite = edges.iter().find(|(a, b, _)| {
        matches!((valence(*a), valence(*b)), (Some(u), Some(v)) if u.values | v.values == 3 && u.values != 3 && v.values != 3)
    });
    let changing = edges.iter().find(|(a, b, _)| {
        matches!((valence(*a), valence(*b)), (Some(u), Some(v)) if u.values != v.values)
    });
    let pair = match (opposite, changing) {
        (Some((a, b, p)), _) => format!(
            "Lemma 2's pair: {} and {} differ only in process {p}'s input, yet one is 0-valent and the other 1-valent. In a run where process {p} crashes before its first step the other two cannot tell them apart, so they would decide alike: a contradiction, so a protocol that tolerates one crash cannot have this pair.",
            bits(*a), bits(*b)
        ),
        (None, Some((a, b, p))) => format!(
            "No 0-valent start neighbours a 1-valent one: where valence changes, the neighbours {} ({}) and {} ({}) differ only in process {p}'s input. In a run where process {p} crashes before its first step the other two cannot tell them apart and decide alike, which is why the bivalent one can still decide the other's value.",
            bits(*a), valence(*a).map_or("?", |v| v.name()), bits(*b), valence(*b).map_or("?", |v| v.name())
        ),
        (None, None) => "Every start has the same valence.".to_string(),
    };
    let found = if bivalent.is_empty() {
        "No start is bivalent.".to_string()
    } else {
        format!(
            "Bivalent starts: {}. FLP's Lemma 2 says some start must be: with 000 0-valent and 111 1-valent, walking the edges between them the valence must change somewhere, and an adjacent 0-valent, 1-valent pair is impossible.",
            bivalent.join(", ")
        )
    };
    html! {
        <div class="lattice-explanation" data-testid="lattice-explanation">
            <p>{ found }</p>
            <p>{ pair }</p>
        </div>
    }
}
