//! The app's callbacks, made once from the reducer's dispatcher. Yew compares callbacks by
//! identity: callbacks made afresh on every render would count as changed props and re-render
//! every component that takes one on every step (the diagram's hundreds of dots included). These
//! stay the same for the page's whole life.

use serde_json::Value;
use synod_core::action::{Action, MessageId, NodeId, TimerId};
use synod_core::scenario::Scenario;
use synod_core::scheduler::Fault;
use synod_core::trace::EventId;
use yew::prelude::*;

use crate::diagram::{MessageMenuRequest, ZoomChange};
use crate::state::{AppAction, AppState, Direction, MessageVerb, Theme};

#[derive(Clone, PartialEq)]
pub struct Handlers {
    pub perform: Callback<Action<Value>>,
    pub perform_all: Callback<Vec<Action<Value>>>,
    pub deliver: Callback<MessageId>,
    pub fire: Callback<TimerId>,
    pub deliver_by_key: Callback<MessageId>,
    pub on_selected_message: Callback<MessageVerb>,
    pub step: Callback<()>,
    pub toggle_run: Callback<()>,
    pub set_speed: Callback<u32>,
    pub set_fault: Callback<(Fault, bool)>,
    pub undo: Callback<()>,
    pub redo: Callback<()>,
    pub reset: Callback<()>,
    pub seek: Callback<usize>,
    pub open: Callback<Scenario>,
    pub open_json: Callback<String>,
    pub select_node: Callback<NodeId>,
    pub select_message: Callback<MessageId>,
    pub cycle_message: Callback<Direction>,
    pub pick_event: Callback<EventId>,
    pub clear_picks: Callback<()>,
    pub open_message_menu: Callback<MessageMenuRequest>,
    pub close_message_menu: Callback<()>,
    pub set_theme: Callback<Theme>,
    pub toggle_help: Callback<()>,
    pub dismiss_error: Callback<()>,
    pub request_share: Callback<()>,
    pub dismiss_share: Callback<()>,
    pub bring_back: Callback<()>,
    pub dismiss_set_aside: Callback<()>,
    pub zoom: Callback<ZoomChange>,
}

impl Handlers {
    pub fn new(dispatcher: UseReducerDispatcher<AppState>) -> Handlers {
        let dispatch = Callback::from(move |action| dispatcher.dispatch(action));
        let send = |action: AppAction| dispatch.reform(move |()| action.clone());
        Handlers {
            perform: dispatch.reform(AppAction::Perform),
            perform_all: dispatch.reform(AppAction::PerformAll),
            deliver: dispatch.reform(|id| AppAction::Perform(Action::Deliver(id))),
            fire: dispatch.reform(|id| AppAction::Perform(Action::Fire(id))),
            deliver_by_key: dispatch.reform(AppAction::DeliverByKey),
            on_selected_message: dispatch.reform(AppAction::OnSelectedMessage),
            step: send(AppAction::Step),
            toggle_run: send(AppAction::ToggleRun),
            set_speed: dispatch.reform(AppAction::SetSpeed),
            set_fault: dispatch.reform(|(fault, on)| AppAction::SetFault(fault, on)),
            undo: send(AppAction::Undo),
            redo: send(AppAction::Redo),
            reset: send(AppAction::Reset),
            seek: dispatch.reform(AppAction::Seek),
            open: dispatch.reform(AppAction::Open),
            open_json: dispatch.reform(AppAction::OpenJson),
            select_node: dispatch.reform(AppAction::SelectNode),
            select_message: dispatch.reform(AppAction::SelectMessage),
            cycle_message: dispatch.reform(AppAction::CycleMessage),
            pick_event: dispatch.reform(AppAction::PickEvent),
            clear_picks: send(AppAction::ClearPicks),
            open_message_menu: dispatch.reform(AppAction::OpenMessageMenu),
            close_message_menu: send(AppAction::CloseMessageMenu),
            set_theme: dispatch.reform(AppAction::SetTheme),
            toggle_help: send(AppAction::ToggleHelp),
            dismiss_error: send(AppAction::DismissError),
            request_share: send(AppAction::RequestShare),
            dismiss_share: send(AppAction::DismissShare),
            bring_back: send(AppAction::BringBack),
            dismiss_set_aside: send(AppAction::DismissSetAside),
            zoom: dispatch.reform(AppAction::Zoom),
        }
    }
}
