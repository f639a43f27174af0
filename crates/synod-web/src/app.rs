//! The root component: owns the one reducer, runs the effects, and lays out the page around the
//! diagram. Everything below it receives plain data and callbacks.

use std::rc::Rc;

use synod_core::registry;
use synod_core::view::NodeView;
use yew::prelude::*;

use crate::alert_banner::AlertBanner;
use crate::browser;
use crate::clocks::{picked_events, Clocks};
use crate::crash_picker::LastSends;
use crate::diagram::Diagram;
use crate::explorer::Explorer;
use crate::fault_toggles::FaultToggles;
use crate::handlers::Handlers;
use crate::header::Header;
use crate::help::Help;
use crate::hooks::{
    use_address_sync, use_focus_requests, use_history, use_keyboard_shortcuts, use_run_timer,
    use_share_requests, use_theme,
};
use crate::inspector::Inspector;
use crate::message_menu::MessageMenu;
use crate::message_panel::MessagePanel;
use crate::node_commands::{NodeCommands, NodeSummary};
use crate::partition_control::PartitionControl;
use crate::properties::Properties;
use crate::protocol_tables::ProtocolTables;
use crate::round_control::RoundControl;
use crate::scenario_menu::ScenarioMenu;
use crate::scenarios;
use crate::settings::Settings;
use crate::settings_draft::SettingsDraft;
use crate::share::Share;
use crate::state::{AppState, Theme};
use crate::theme_switch::ThemeSwitch;
use crate::toolbar::Toolbar;
use crate::valence::ValencePanel;

#[function_component]
pub fn App() -> Html {
    let state = use_reducer(|| {
        let theme = Theme::from_name(&browser::stored_theme().unwrap_or_default());
        AppState::opening(&browser::location_hash(), browser::stored_run(), theme)
    });
    let on = {
        let dispatcher = state.dispatcher();
        use_memo((), move |_| Handlers::new(dispatcher))
    };
    use_keyboard_shortcuts(state.dispatcher());
    use_run_timer(state.player.running, state.player.speed, state.dispatcher());
    use_theme(state.theme);
    use_share_requests(
        state.share.requests,
        state.share.fragment.clone(),
        state.dispatcher(),
    );
    use_address_sync(&state);
    use_history(&state, state.dispatcher());
    use_focus_requests(state.focus);
    let menu = use_memo((), |_| scenarios::menu());
    let onexport = {
        let run = state.run.clone();
        Callback::from(move |()| run.to_shared().to_json_pretty())
    };

    let valences = use_state(|| None);
    let view = state.view().clone();
    let scenario = state.run.header();
    let protocol_title = registry::find(view.protocol).map_or(view.protocol, |p| p.title);
    let has_valence = registry::find(view.protocol).is_some_and(|p| p.valence);
    let scenario_title = scenario
        .title
        .clone()
        .unwrap_or_else(|| "Custom run".to_string());
    let current_entry = scenarios::entry_of(&menu, state.run.timeline());
    let chosen = state
        .selection
        .node
        .filter(|n| (*n as usize) < view.nodes.len())
        .unwrap_or(0);
    let in_flight: Vec<_> = view.in_flight().cloned().collect();
    // What a timeout proves depends on the timing model: worth saying once timers are in play.
    let timing = (!view.timers.is_empty()).then_some(view.network.timing);
    let message_menu = state.selection.message_menu.and_then(|request| {
        let message = view.messages.get(request.id as usize)?.clone();
        Some(html! {
            <MessageMenu message={message} x={request.x} y={request.y}
                onverb={on.on_selected_message.clone()}
                onclose={on.close_message_menu.clone()} />
        })
    });

    html! {
        <div class="app">
            <Header protocol={view.protocol} title={protocol_title}>
                <ScenarioMenu entries={Rc::clone(&menu)} current={scenario_title.clone()} {current_entry}
                    onopen={on.open.clone()} />
                <Share fallback={state.share.fallback.clone().map(AttrValue::from)}
                    {onexport}
                    oncopy={on.request_share.clone()}
                    ondismiss={on.dismiss_share.clone()}
                    onopenjson={on.open_json.clone()} />
                <ThemeSwitch theme={state.theme} onselect={on.set_theme.clone()} />
                <Help open={state.help_open} ontoggle={on.toggle_help.clone()} />
            </Header>
            <Toolbar cursor={state.run.cursor()} length={state.run.len()}
                running={state.player.running} speed={state.player.speed}
                onstep={on.step.clone()} ontogglerun={on.toggle_run.clone()}
                onspeed={on.set_speed.clone()}
                onundo={on.undo.clone()} onredo={on.redo.clone()}
                onreset={on.reset.clone()} onseek={on.seek.clone()}>
                <FaultToggles faults={state.player.faults.clone()} ontoggle={on.set_fault.clone()} />
            </Toolbar>
            <AlertBanner error={state.error.clone().map(AttrValue::from)}
                details={state.shown_details().map(|d| AttrValue::from(d.to_string()))}
                status={state.status.clone().map(AttrValue::from)}
                set_aside={state.set_aside.as_ref().map(|aside| AttrValue::from(aside.why.clone()))}
                ondismiss={on.dismiss_error.clone()}
                onbringback={on.bring_back.clone()}
                ondismissaside={on.dismiss_set_aside.clone()} />
            <div class="workspace">
                <main class="stage">
                    <section class="panel diagram-card" aria-labelledby="diagram-title">
                        <div class="panel-head">
                            <h2 id="diagram-title" class="panel-title">{ "Space-time diagram" }</h2>
                            <span class="hint">{ "time flows right →" }</span>
                        </div>
                        if let Some(description) = &scenario.description {
                            // The open scenario's story stays in sight while it is played.
                            <p class="scenario-description" data-testid="scenario-description">
                                <strong>{ scenario_title.clone() }{ ": " }</strong>{ description.clone() }
                            </p>
                        }
                        <div class="diagram-frame">
                            <Diagram view={view.clone()} selected_message={state.selection.message}
                                selected_node={Some(chosen)} picked_events={state.selection.picked_events.clone()}
                                ondeliver={on.deliver.clone()}
                                onfire={on.fire.clone()}
                                ondeliverbykey={on.deliver_by_key.clone()}
                                onselectmessage={on.select_message.clone()}
                                onselectnode={on.select_node.clone()}
                                onpickevent={on.pick_event.clone()}
                                onmessagemenu={on.open_message_menu.clone()}
                                zoom={state.zoom} arrival={state.arrival} onzoom={on.zoom.clone()}
                                valences={(*valences).clone().filter(|_| has_valence)} />
                        </div>
                    </section>
                    if has_valence {
                        <ValencePanel timeline={state.run.timeline().clone()} cursor={state.run.cursor()} view={view.clone()}
                            onperform={on.perform_all.clone()}
                            onvalences={Callback::from({
                                let valences = valences.setter();
                                move |v| valences.set(v)
                            })}
                            onopen={on.open.clone()} />
                    }
                    <NodeCommands nodes={view.nodes.iter().map(NodeSummary::of).collect::<Vec<_>>()} chosen={chosen}
                        onchoose={on.select_node.clone()}
                        onperform={on.perform.clone()} last_sends={LastSends::of(&view, state.run.last_sends())} />
                </main>
                <aside class="rail" aria-label="Properties and messages in flight">
                    <Properties properties={view.properties.clone()} {timing} onseek={on.seek.clone()} />
                    <MessagePanel in_flight={in_flight.clone()} selected={state.selection.message}
                        onselect={on.select_message.clone()}
                        onverb={on.on_selected_message.clone()}
                        oncycle={on.cycle_message.clone()}
                        forgeries={state.selection.message.map(|id| state.run.forgeries(id)).unwrap_or_default()}
                        onperform={on.perform.clone()} />
                </aside>
                <div class="panels">
                    <Inspector node={view.nodes.get(chosen as usize).map(inspected)} nodes={view.nodes.len() as u32}
                        incoming={in_flight.iter().filter(|m| m.to == chosen).cloned().collect::<Vec<_>>()}
                        outgoing={in_flight.iter().filter(|m| m.from == chosen).cloned().collect::<Vec<_>>()}
                        timers={view.pending_timers().filter(|t| t.node == chosen).cloned().collect::<Vec<_>>()}
                        trees={view.extra.trees.iter().filter(|t| t.node == chosen).cloned().collect::<Vec<_>>()}
                        onselectnode={on.select_node.clone()}
                        onselectmessage={on.select_message.clone()}
                        onfire={on.fire.clone()} />
                    <ProtocolTables tables={view.extra.tables.clone()} marks={view.extra.marks.clone()} />
                    <div class="panel-stack">
                        <Clocks picked={picked_events(&view, &state.selection.picked_events)}
                            onclear={on.clear_picks.clone()} />
                        if let Some(rounds) = view.rounds {
                            <RoundControl {rounds} onperform={on.perform.clone()} />
                        }
                        <PartitionControl nodes={view.nodes.len() as u32} partition={view.partition.clone()}
                            onperform={on.perform.clone()} />
                    </div>
                    <Settings current={SettingsDraft::of(scenario, &view)} onapply={on.open.clone()} />
                    <Explorer timeline={state.run.timeline().clone()}
                        cursor={state.run.cursor()} traitors={view.nodes.iter().any(|n| n.traitor)}
                        onopen={on.open.clone()} />
                </div>
            </div>
            { message_menu.unwrap_or_default() }
            <footer class="page-footer">
                <span>{ "Synod · every run is a seed and a list of actions: undo, the scrubber and share links replay them." }</span>
                <span>{ "Press " }<kbd>{ "?" }</kbd>{ " for keyboard shortcuts." }</span>
            </footer>
        </div>
    }
}

/// A node as the inspector shows it: its fields, without its commands, which the Nodes panel
/// shows.
fn inspected(node: &NodeView) -> NodeView {
    NodeView {
        id: node.id,
        crashed: node.crashed,
        traitor: node.traitor,
        fields: node.fields.clone(),
        commands: Vec::new(),
        round_start: node.round_start.clone(),
    }
}
