//! The JSON report that `synod run` and `synod random` print: version 1 of a public contract
//! that autograders parse, built from [`WorldView`].

use serde::Serialize;
use serde_json::{json, Map, Value};

use crate::action::{MessageId, NodeId};
use crate::chunked::Chunked;
use crate::network::Network;
use crate::probe::probe;
use crate::scenario::Scenario;
use crate::simulation::Simulation;
use crate::verdict::Verdict;
use crate::view::{EventView, WorldView};

pub const REPORT_VERSION: u32 = 1;

#[derive(Serialize)]
struct Report<'a> {
    version: u32,
    protocol: &'static str,
    steps: u64,
    network: &'a Network,
    partition: &'a Option<Vec<Vec<NodeId>>>,
    nodes: Vec<NodeReport>,
    in_flight: Vec<MessageReport>,
    trace: &'a Chunked<EventView>,
    properties: &'a [Verdict],
    #[serde(flatten)]
    extra: &'a Map<String, Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    scenario: Option<&'a Scenario>,
}

#[derive(Serialize)]
struct NodeReport {
    id: NodeId,
    crashed: bool,
    state: Value,
}

#[derive(Serialize)]
struct MessageReport {
    id: MessageId,
    from: NodeId,
    to: NodeId,
    payload: Value,
}

/// The report of a world, with the scenario that reproduces it when given, as pretty JSON text
/// (written straight from the view: a long run's report is large).
pub fn report(world: &dyn Simulation, scenario: Option<&Scenario>) -> String {
    let view = world.view();
    let extra = probe(world).report_fields();
    let states = probe(world).node_states();
    let report = Report {
        version: REPORT_VERSION,
        protocol: view.protocol,
        steps: view.step,
        network: &view.network,
        partition: &view.partition,
        nodes: view
            .nodes
            .iter()
            .zip(&states)
            .map(|(n, state)| NodeReport {
                id: n.id,
                crashed: n.crashed,
                state: with_timers(state, &view, n.id),
            })
            .collect(),
        in_flight: view
            .in_flight()
            .map(|m| MessageReport {
                id: m.id,
                from: m.from,
                to: m.to,
                payload: probe(world).message_payload(m.id),
            })
            .collect(),
        trace: &view.events,
        properties: &view.properties,
        extra: &extra,
        scenario,
    };
    serde_json::to_string(&report).expect("reports serialize to JSON")
}

/// A node's state with its pending timers added (as `timers`), when the state is an object.
fn with_timers(state: &Value, view: &WorldView, node: NodeId) -> Value {
    let mut state = state.clone();
    if let Value::Object(fields) = &mut state {
        let timers: Vec<Value> = view
            .pending_timers()
            .filter(|t| t.node == node)
            .map(|t| json!({"id": t.id, "label": t.label}))
            .collect();
        fields.insert("timers".to_string(), Value::Array(timers));
    }
    state
}
