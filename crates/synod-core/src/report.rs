//! The JSON report that `synod run` and `synod random` print: version 1 of a public contract
//! that autograders parse, built from [`WorldView`].

use serde::Serialize;
use serde_json::{Map, Value};

use crate::action::{MessageId, NodeId};
use crate::network::Network;
use crate::scenario::Scenario;
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
    nodes: Vec<NodeReport<'a>>,
    in_flight: Vec<MessageReport<'a>>,
    trace: &'a [EventView],
    properties: &'a [Verdict],
    #[serde(flatten)]
    extra: &'a Map<String, Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    scenario: Option<&'a Scenario>,
}

#[derive(Serialize)]
struct NodeReport<'a> {
    id: NodeId,
    crashed: bool,
    state: &'a Value,
}

#[derive(Serialize)]
struct MessageReport<'a> {
    id: MessageId,
    from: NodeId,
    to: NodeId,
    payload: &'a Value,
}

/// The report of a world, with the scenario that reproduces it when given.
pub fn report(view: &WorldView, scenario: Option<&Scenario>) -> Value {
    let report = Report {
        version: REPORT_VERSION,
        protocol: view.protocol,
        steps: view.step,
        network: &view.network,
        partition: &view.partition,
        nodes: view
            .nodes
            .iter()
            .map(|n| NodeReport {
                id: n.id,
                crashed: n.crashed,
                state: &n.state,
            })
            .collect(),
        in_flight: view
            .in_flight()
            .map(|m| MessageReport {
                id: m.id,
                from: m.from,
                to: m.to,
                payload: &m.payload,
            })
            .collect(),
        trace: &view.events,
        properties: &view.properties,
        extra: &view.extra.report,
        scenario,
    };
    serde_json::to_value(report).expect("reports serialize to JSON")
}
