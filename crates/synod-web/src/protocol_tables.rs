//! The protocol's tables beside the diagram, as it builds them from the history: for example each
//! snapshot's assembled global state, or where a transaction stands at every node. Under them, the
//! moments the diagram marks (Paxos's point of no return), each with its whole sentence, which the
//! diagram shows only on hover.

use synod_core::view::{MarkView, TableView};
use yew::prelude::*;

use crate::show_more::{shown_count, use_show_all, ShowMore};

/// How many tables show before "Show more": the newest ones.
const FIRST: usize = 3;

#[derive(Properties, PartialEq)]
pub struct ProtocolTablesProps {
    pub tables: Vec<TableView>,
    pub marks: Vec<MarkView>,
}

#[function_component]
pub fn ProtocolTables(props: &ProtocolTablesProps) -> Html {
    let (all, ontoggle) = use_show_all();
    let total = props.tables.len();
    let shown = shown_count(total, FIRST, all);
    let empty = props.tables.is_empty() && props.marks.is_empty();
    html! {
        <section class={classes!("panel", "tables-panel", (!empty).then_some("has-tables"))}
            aria-labelledby="tables-title">
            <h2 id="tables-title" class="panel-title">{ "Tables" }</h2>
            if empty {
                <p class="empty">{ "Nothing to tabulate yet: the protocol's tables (a snapshot's global state, a transaction's outcome) appear here once it has something to show." }</p>
            }
            // Newest first: a long run's latest snapshot matters more than its first. Unkeyed, so
            // that a jump through the run rewrites the cells of the tables shown rather than
            // building new ones.
            <div class="tables">
                { for props.tables.iter().rev().take(shown).map(|table| html! {
                    <ProtocolTable table={table.clone()} />
                }) }
            </div>
            if total > FIRST + 2 {
                <ShowMore hidden={total - shown} {total} noun="tables" {ontoggle} />
            }
            if !props.marks.is_empty() {
                <ul class="mark-list" aria-label="Marked moments">
                    { for props.marks.iter().enumerate().map(|(index, mark)| html! {
                        <li data-testid={format!("mark-detail-{index}")}>
                            <span class="mark-list-head">{ format!("Step {}: {}", mark.step, mark.label) }</span>
                            { " " }{ mark.detail.clone() }
                        </li>
                    }) }
                </ul>
            }
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
