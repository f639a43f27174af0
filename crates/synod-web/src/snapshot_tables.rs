//! The protocol's tables beside the diagram; for Chandy-Lamport, each snapshot's assembled
//! global state (recorded balances, recorded channel contents, the total). The diagram draws the
//! matching cuts.

use synod_core::view::TableView;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SnapshotTablesProps {
    pub tables: Vec<TableView>,
}

#[function_component]
pub fn SnapshotTables(props: &SnapshotTablesProps) -> Html {
    html! {
        <section class="panel" aria-labelledby="snapshots-title">
            <h2 id="snapshots-title" class="panel-title">{ "Snapshots" }</h2>
            if props.tables.is_empty() {
                <p class="empty">{ "No snapshot yet. Start one from the Nodes panel: its recorded cut appears on the diagram and its global state here." }</p>
            }
            <div class="tables">
                { for props.tables.iter().map(|table| html! {
                    <figure class="snapshot-table">
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
                }) }
            </div>
        </section>
    }
}
