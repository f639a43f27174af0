//! The Synod playground: renders views of a `synod-core` world and turns gestures into actions.
//! It holds no protocol logic: the world decides what is legal, and the page shows its verdicts.
//!
//! `state` holds the one reducer (pure, tested natively), `run` the time-travel model over a
//! scenario, `hooks` the effects (keyboard, timers, clipboard, address bar), and each component
//! lives in its own module.

mod alert_banner;
mod app;
mod browser;
mod clocks;
mod command_form;
mod crash_picker;
pub mod diagram;
pub mod explorer;
mod fault_toggles;
mod handlers;
mod header;
mod help;
mod hooks;
mod icons;
mod inspector;
mod message_menu;
mod message_panel;
mod node_commands;
mod panic_view;
mod partition_control;
mod properties;
mod protocol_tables;
mod round_control;
mod run;
mod scenario_menu;
mod scenarios;
mod settings;
mod settings_draft;
mod share;
mod shortcuts;
mod show_more;
mod state;
mod theme_switch;
mod timeline;
mod toolbar;
mod valence;

/// Installs the panic view and mounts the app on the page's body.
pub fn start() {
    panic_view::install();
    yew::Renderer::<app::App>::new().render();
}
