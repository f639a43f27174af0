//! The root component: owns the one reducer, runs the effects, and lays out the page around the
//! diagram. Everything below it receives plain data and callbacks.

use std::rc::Rc;

use synod_core::registry;
use yew::prelude::*;

use crate::alert_banner::AlertBanner;
use crate::browser;
use crate::clocks::{picked_events, Clocks};
use crate::diagram::Diagram;
use crate::fault_toggles::FaultToggles;
use crate::header::Header;
use crate::help::Help;
use crate::hooks::{
    use_address_sync, use_keyboard_shortcuts, use_run_timer, use_share_requests, use_theme,
};
use crate::inspector::Inspector;
use crate::message_menu::MessageMenu;
use crate::message_panel::MessagePanel;
use crate::node_commands::NodeCommands;
use crate::partition_control::PartitionControl;
use crate::properties::Properties;
use crate::scenario_menu::ScenarioMenu;
use crate::scenarios;
use crate::settings::Settings;
use crate::settings_draft::SettingsDraft;
use crate::share::Share;
use crate::snapshot_tables::SnapshotTables;
use crate::state::{AppAction, AppState, Theme};
use crate::theme_switch::ThemeSwitch;
use crate::toolbar::Toolbar;

#[function_component]
pub fn App() -> Html {
    let state = use_reducer(|| {
        let theme = Theme::from_name(&browser::stored_theme().unwrap_or_default());
        AppState::from_fragment(&browser::location_hash(), theme)
    });
    let dispatch = Callback::from(state.dispatcher());
    use_keyboard_shortcuts(state.dispatcher());
    use_run_timer(state.player.running, state.player.speed, state.dispatcher());
    use_theme(state.theme);
    use_share_requests(
        state.share.requests,
        state.share.fragment.clone(),
        state.dispatcher(),
    );
    use_address_sync(&state);
    let menu = use_memo((), |_| scenarios::menu());
    let download_href = {
        let run = state.run.clone();
        use_memo(state.revision, move |_| {
            let json = run.to_shared().to_json_pretty();
            format!(
                "data:application/json;charset=utf-8,{}",
                js_sys::encode_uri_component(&json)
            )
        })
    };

    let view = state.view().clone();
    let scenario = state.run.scenario();
    let protocol_title = registry::find(view.protocol).map_or(view.protocol, |p| p.title);
    let scenario_title = scenario
        .title
        .clone()
        .unwrap_or_else(|| "Custom run".to_string());
    let chosen = state
        .selection
        .node
        .filter(|n| (*n as usize) < view.nodes.len())
        .unwrap_or(0);
    let in_flight: Vec<_> = view.in_flight().cloned().collect();
    let send = |make: fn() -> AppAction| dispatch.reform(move |_: ()| make());

    let message_menu = state.selection.message_menu.and_then(|request| {
        let message = view.messages.iter().find(|m| m.id == request.id)?.clone();
        Some(html! {
            <MessageMenu message={message} x={request.x} y={request.y}
                onverb={dispatch.reform(AppAction::OnSelectedMessage)}
                onclose={send(|| AppAction::CloseMessageMenu)} />
        })
    });

    html! {
        <div class="app">
            <Header protocol={view.protocol} title={protocol_title}>
                <ScenarioMenu entries={Rc::clone(&menu)} current={scenario_title}
                    onopen={dispatch.reform(AppAction::Open)} />
                <Share fallback={state.share.fallback.clone().map(AttrValue::from)}
                    download_href={AttrValue::from((*download_href).clone())}
                    oncopy={send(|| AppAction::RequestShare)}
                    ondismiss={send(|| AppAction::DismissShare)}
                    onopenjson={dispatch.reform(AppAction::OpenJson)} />
                <ThemeSwitch theme={state.theme} onselect={dispatch.reform(AppAction::SetTheme)} />
                <Help open={state.help_open} ontoggle={send(|| AppAction::ToggleHelp)} />
            </Header>
            <AlertBanner error={state.error.clone().map(AttrValue::from)}
                status={state.status.clone().map(AttrValue::from)}
                ondismiss={send(|| AppAction::DismissError)} />
            <Toolbar cursor={state.run.cursor()} length={state.run.len()}
                running={state.player.running} speed={state.player.speed}
                onstep={send(|| AppAction::Step)} ontogglerun={send(|| AppAction::ToggleRun)}
                onspeed={dispatch.reform(AppAction::SetSpeed)}
                onundo={send(|| AppAction::Undo)} onredo={send(|| AppAction::Redo)}
                onreset={send(|| AppAction::Reset)} onseek={dispatch.reform(AppAction::Seek)}>
                <FaultToggles faults={state.player.faults.clone()}
                    ontoggle={dispatch.reform(|(fault, on)| AppAction::SetFault(fault, on))} />
            </Toolbar>
            <div class="workspace">
                <aside class="column column-left" aria-label="Commands">
                    <NodeCommands nodes={view.nodes.clone()} chosen={chosen}
                        onchoose={dispatch.reform(AppAction::SelectNode)}
                        onperform={dispatch.reform(AppAction::Perform)} />
                    <MessagePanel in_flight={in_flight.clone()} selected={state.selection.message}
                        onselect={dispatch.reform(AppAction::SelectMessage)}
                        onverb={dispatch.reform(AppAction::OnSelectedMessage)}
                        oncycle={dispatch.reform(AppAction::CycleMessage)} />
                    <PartitionControl nodes={view.nodes.len() as u32} partition={view.partition.clone()}
                        onperform={dispatch.reform(AppAction::Perform)} />
                    <Settings current={SettingsDraft::of(scenario, &view)} onapply={dispatch.reform(AppAction::Open)} />
                </aside>
                <main class="column column-center">
                    <section class="panel diagram-card" aria-labelledby="diagram-title">
                        <div class="panel-head">
                            <h2 id="diagram-title" class="panel-title">{ "Space-time diagram" }</h2>
                            <span class="hint">{ "time flows right →" }</span>
                        </div>
                        <div class="diagram-frame">
                            <Diagram view={view.clone()} selected_message={state.selection.message}
                                selected_node={Some(chosen)} picked_events={state.selection.picked_events.clone()}
                                ondeliver={dispatch.reform(|id| AppAction::Perform(synod_core::action::Action::Deliver(id)))}
                                onselectmessage={dispatch.reform(AppAction::SelectMessage)}
                                onselectnode={dispatch.reform(AppAction::SelectNode)}
                                onpickevent={dispatch.reform(AppAction::PickEvent)}
                                onmessagemenu={dispatch.reform(AppAction::OpenMessageMenu)} />
                        </div>
                    </section>
                    <div class="below-diagram">
                        <SnapshotTables tables={view.extra.tables.clone()} />
                        <Clocks picked={picked_events(&view, &state.selection.picked_events)}
                            onclear={send(|| AppAction::ClearPicks)} />
                    </div>
                </main>
                <aside class="column column-right" aria-label="Properties and node state">
                    <Properties properties={view.properties.clone()} onseek={dispatch.reform(AppAction::Seek)} />
                    <Inspector node={view.nodes.get(chosen as usize).cloned()} nodes={view.nodes.len() as u32}
                        incoming={in_flight.iter().filter(|m| m.to == chosen).cloned().collect::<Vec<_>>()}
                        outgoing={in_flight.iter().filter(|m| m.from == chosen).cloned().collect::<Vec<_>>()}
                        onselectnode={dispatch.reform(AppAction::SelectNode)}
                        onselectmessage={dispatch.reform(AppAction::SelectMessage)} />
                </aside>
            </div>
            { message_menu.unwrap_or_default() }
            <footer class="page-footer">
                <span>{ "Synod · every run is a seed and a list of actions: undo, the scrubber and share links replay them." }</span>
                <span>{ "Press " }<kbd>{ "?" }</kbd>{ " for keyboard shortcuts." }</span>
            </footer>
        </div>
    }
}
