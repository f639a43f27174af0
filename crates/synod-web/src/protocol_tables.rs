//! The protocol's tables beside the diagram, as it builds them from the history: for example each
//! snapshot's assembled global state, or where a transaction stands at every node.

use synod_core::view::TableView;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ProtocolTablesProps {
    pub tables: Vec<TableView>,
}

#[function_component]
pub fn ProtocolTables(props: &ProtocolTablesProps) -> Html {
    html! {
        <section class={classes!("panel", "tables-panel", (!props.tables.is_empty()).then_some("has-tables"))}
            aria-labelledby="tables-title">
            <h2 id="tables-title" class="panel-title">{ "Tables" }</h2>
            if props.tables.is_empty() {
                <p class="empty">{ "Nothing to tabulate yet: the protocol's tables (a snapshot's global state, a transaction's outcome) appear here once it has something to show." }</p>
            }
            <div class="tables">
                { for props.tables.iter().enumerate().map(|(index, table)| html! {
                    <ProtocolTable key={index} table={table.clone()} />
                }) }
            </div>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct ProtocolTableProps {
    table: TableView,
}

/// One table: a component of its own, so that a step re-renders only the tables it changed (a
/// long Chandy-Lamport run shows dozens of finished snapshots that never change again).
#[function_component]
fn ProtocolTable(props: &ProtocolTableProps) -> Html {
    let table = &props.table;
    html! {
        <figure class="protocol-table">
            <table>
                <caption>{ table.title.clone() }</caption>
                <thead>
                    <tr>{ for table.columns.iter().map(|c| html! { <th scope="col">{ c.clone() }</th> }) }</tr>
                </thead>
                <tbody>
                    { for table.rows.iter().map(|row| html! {
                        <tr>{ for row.iter().map(|cell| html! { <td>{ cell.clone() }</td> }) }</tr>
                    }) }
                </tbody>
            </table>
            if !table.note.is_empty() {
                <figcaption>{ table.note.clone() }</figcaption>
            }
        </figure>
    }
}
