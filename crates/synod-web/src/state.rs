//! The page's one piece of state and its pure reducer. Every gesture, key, timer tick and
//! finished effect becomes an [`AppAction`]; [`AppState::reduce`] is deterministic, so it is
//! tested natively without a browser.

use std::rc::Rc;

use serde_json::Value;
use synod_core::action::{Action, MessageId, NodeId};
use synod_core::codec;
use synod_core::scenario::Scenario;
use synod_core::scheduler::{Fault, Faults};
use synod_core::trace::EventId;
use synod_core::view::WorldView;
use yew::Reducible;

use crate::diagram::{MessageMenuRequest, ZoomChange, MAX_ZOOM, MIN_ZOOM};
use crate::run::Run;
use crate::scenarios::default_scenario;

/// Steps per second of a run when the page opens.
pub const DEFAULT_SPEED: u32 = 2;
/// The fastest run the speed control offers, in steps per second.
pub const MAX_SPEED: u32 = 20;

/// The colour scheme: the system's, or one the user chose.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Theme {
    #[default]
    System,
    Light,
    Dark,
}

impl Theme {
    pub const ALL: [Theme; 3] = [Theme::System, Theme::Light, Theme::Dark];

    /// The name stored in `localStorage` and in the page's `data-theme` attribute.
    pub fn name(self) -> &'static str {
        match self {
            Theme::System => "system",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    pub fn from_name(name: &str) -> Theme {
        Theme::ALL
            .into_iter()
            .find(|t| t.name() == name)
            .unwrap_or_default()
    }
}

/// Which way to cycle through the in-flight messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    Previous,
    Next,
}

/// What the network can do to the selected message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MessageVerb {
    Deliver,
    Drop,
    Duplicate,
}

impl MessageVerb {
    pub const ALL: [MessageVerb; 3] = [
        MessageVerb::Deliver,
        MessageVerb::Drop,
        MessageVerb::Duplicate,
    ];

    pub fn label(self) -> &'static str {
        match self {
            MessageVerb::Deliver => "Deliver",
            MessageVerb::Drop => "Drop",
            MessageVerb::Duplicate => "Duplicate",
        }
    }

    pub fn shortcut(self) -> &'static str {
        match self {
            MessageVerb::Deliver => "D",
            MessageVerb::Drop => "X",
            MessageVerb::Duplicate => "C",
        }
    }

    fn action(self, id: MessageId) -> Action<Value> {
        match self {
            MessageVerb::Deliver => Action::Deliver(id),
            MessageVerb::Drop => Action::Drop(id),
            MessageVerb::Duplicate => Action::Duplicate(id),
        }
    }
}

/// What the user is looking at.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Selection {
    /// The node shown in the inspector and used by the command form.
    pub node: Option<NodeId>,
    /// The in-flight message the keyboard, the buttons and the context menu act on.
    pub message: Option<MessageId>,
    /// Up to two events compared by their clocks, oldest pick first.
    pub picked_events: Vec<EventId>,
    /// The open context menu, if any.
    pub message_menu: Option<MessageMenuRequest>,
}

/// The random scheduler's controls.
#[derive(Clone, Debug, PartialEq)]
pub struct Player {
    pub running: bool,
    /// Steps per second, from 1 to [`MAX_SPEED`].
    pub speed: u32,
    pub faults: Faults,
}

/// Where the keyboard focus should go after a gesture took away the element that had it (a ghost
/// delivered with Enter) or closed the menu it had moved to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FocusTarget {
    /// The ghost of an in-flight message.
    Message(MessageId),
    /// The diagram itself, when no message is left in flight.
    Diagram,
}

/// A request to move the focus, carried out by an effect after the page has rendered. `serial`
/// tells two requests for the same target apart, so each one is carried out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FocusRequest {
    pub target: FocusTarget,
    pub serial: u64,
}

/// The share button's progress: each request bumps `requests`, which the clipboard effect
/// watches; it reports back with [`AppAction::ShareCopied`] or [`AppAction::ShareFallback`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Share {
    pub requests: u64,
    /// The fragment to share, fixed when the request was made.
    pub fragment: String,
    /// A link the clipboard refused, shown for the user to copy by hand.
    pub fallback: Option<String>,
}

/// A run the user left with work in it (replaced by another run, or a timeline cut short by
/// branching after a scrub back), kept so that one click brings it back: no gesture loses work.
#[derive(Clone)]
pub struct SetAside {
    pub run: Run,
    /// What happened to it, in a sentence.
    pub why: String,
}

#[derive(Clone)]
pub struct AppState {
    pub run: Run,
    pub selection: Selection,
    pub player: Player,
    pub theme: Theme,
    pub help_open: bool,
    /// The last refusal or failure, shown in a dismissable alert.
    pub error: Option<String>,
    /// The technical words behind an alert (a parser's message), for its "details" toggle, kept
    /// with the alert they belong to: they are shown only while that alert is.
    pub error_details: Option<(String, String)>,
    /// A passing remark (a copied link, a finished run), shown in a polite status line.
    pub status: Option<String>,
    pub share: Share,
    /// The latest request to move the keyboard focus.
    pub focus: Option<FocusRequest>,
    /// Counts changes of the run (a new step, a move in time, a new run), for effects that
    /// follow the run, such as the address bar.
    pub revision: u64,
    /// The last run set aside, until it is brought back or dismissed.
    pub set_aside: Option<SetAside>,
    /// Counts the runs the user opened (not those reached with the browser's Back and Forward):
    /// each one becomes an entry of the browser's history.
    pub opened: u64,
    /// The latest run to take the page, for the diagram to open at the right place.
    pub arrival: Arrival,
    /// The diagram's time axis zoom (1 is the natural spacing).
    pub zoom: f64,
}

/// A run taking the page (opened, revisited or brought back), and where its diagram opens.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Arrival {
    /// Counts arrivals.
    pub serial: u64,
    /// A run opened at its end (no cursor inside it) opens at its start, so that it reads from
    /// the beginning; one opened at a cursor opens there, which is its newest step.
    pub at_start: bool,
}

impl Arrival {
    fn after(self, run: &Run) -> Arrival {
        Arrival {
            serial: self.serial + 1,
            at_start: run.cursor() == run.len(),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum AppAction {
    /// A user's action on the world: a command, a message's fate, a crash, a partition.
    Perform(Action<Value>),
    /// Several actions, one after another (the FLP adversary's events), stopping at the first
    /// that is refused.
    PerformAll(Vec<Action<Value>>),
    /// Deliver, drop or duplicate the selected message.
    OnSelectedMessage(MessageVerb),
    /// Enter or Space on a focused ghost: delivers it and moves the focus on to the next ghost.
    DeliverByKey(MessageId),
    /// One step of the random scheduler.
    Step,
    /// A tick of a run's timer: one step while the run is on, nothing once it is paused (so a
    /// tick that was already queued when the user paused is dropped).
    Tick,
    Undo,
    Redo,
    /// Moves the cursor to a step (the scrubber, a violation's step).
    Seek(usize),
    /// Back to the scenario's start with an empty timeline.
    Reset,
    /// A new run: a gallery entry, loaded JSON, or new settings.
    Open(Scenario),
    /// A new run from pasted or loaded JSON text.
    OpenJson(String),
    /// The run of a history entry the browser went Back or Forward to (its address fragment).
    Revisit(String),
    /// Swaps the run set aside with the current one.
    BringBack,
    /// Forgets the run set aside.
    DismissSetAside,
    /// Zooms the diagram's time axis.
    Zoom(ZoomChange),
    ToggleRun,
    SetSpeed(u32),
    SetFault(Fault, bool),
    SelectNode(NodeId),
    SelectMessage(MessageId),
    CycleMessage(Direction),
    PickEvent(EventId),
    ClearPicks,
    OpenMessageMenu(MessageMenuRequest),
    CloseMessageMenu,
    SetTheme(Theme),
    ToggleHelp,
    /// Escape: closes the context menu and the help.
    CloseOverlays,
    DismissError,
    RequestShare,
    /// The clipboard took the link.
    ShareCopied,
    /// The clipboard refused the link: show it for copying by hand.
    ShareFallback(String),
    DismissShare,
}

impl AppState {
    fn with_run(run: Run, theme: Theme) -> AppState {
        AppState {
            selection: Selection::default(),
            player: Player {
                running: false,
                speed: DEFAULT_SPEED,
                faults: Faults::new(),
            },
            theme,
            help_open: false,
            error: None,
            error_details: None,
            status: None,
            share: Share::default(),
            focus: None,
            revision: 0,
            set_aside: None,
            opened: 0,
            arrival: Arrival::default().after(&run),
            zoom: 1.0,
            run,
        }
    }

    /// The state the page opens with: the run of the address's fragment if it has one (a
    /// link), else the run this browser kept from the last visit, else the default scenario.
    pub fn opening(fragment: &str, stored: Option<String>, theme: Theme) -> AppState {
        if !fragment.trim_start_matches('#').is_empty() {
            return AppState::from_fragment(fragment, theme);
        }
        let kept = stored.and_then(|stored| {
            let scenario = codec::decode(&stored).ok()?;
            Run::open(scenario).ok()
        });
        match kept {
            Some(run) => AppState {
                status: Some("Reopened the run you left here last time.".to_string()),
                ..AppState::with_run(run, theme)
            },
            None => AppState::with_run(default_run(), theme),
        }
    }

    /// The state the page opens with: the scenario in the URL fragment (`#s=...`) if there is
    /// one and it opens, else the default scenario with a message saying why.
    pub fn from_fragment(fragment: &str, theme: Theme) -> AppState {
        let fragment = fragment.trim_start_matches('#');
        if fragment.is_empty() {
            return AppState::with_run(default_run(), theme);
        }
        match open_link(fragment) {
            Ok(run) => AppState::with_run(run, theme),
            Err((reason, details)) => {
                let mut state = AppState::with_run(default_run(), theme);
                state.fail(
                    format!(
                        "This link could not be opened: {reason}. Showing the default scenario instead."
                    ),
                    details,
                );
                state
            }
        }
    }

    pub fn view(&self) -> &Rc<WorldView> {
        self.run.view()
    }

    fn next(&self, action: AppAction) -> AppState {
        let mut next = self.clone();
        next.status = None;
        match action {
            AppAction::Perform(action) => next.perform(action),
            AppAction::PerformAll(actions) => {
                for action in actions {
                    next.perform(action);
                    if next.error.is_some() {
                        break;
                    }
                }
            }
            AppAction::OnSelectedMessage(verb) => {
                next.selection.message_menu = None;
                match self.selection.message {
                    Some(id) => {
                        next.perform(verb.action(id));
                        // From the context menu, the focus goes back to where the menu opened.
                        if self.selection.message_menu.is_some() {
                            next.focus_near(id);
                        }
                    }
                    None => {
                        next.error = Some(format!(
                            "{} what? Select an in-flight message first: click it, or press ] to cycle through them.",
                            verb.label()
                        ));
                    }
                }
            }
            AppAction::DeliverByKey(id) => {
                next.perform(Action::Deliver(id));
                next.focus_near(id);
            }
            AppAction::Step => next.step(),
            AppAction::Tick => {
                if self.player.running {
                    next.step();
                }
            }
            AppAction::Undo => {
                next.player.running = false;
                match self.run.cursor() {
                    0 => next.status = Some("Nothing to undo.".to_string()),
                    cursor => next.seek(cursor - 1),
                }
            }
            AppAction::Redo => {
                next.player.running = false;
                if self.run.cursor() < self.run.len() {
                    next.seek(self.run.cursor() + 1);
                } else {
                    next.status = Some("Nothing to redo.".to_string());
                }
            }
            AppAction::Seek(target) => {
                next.player.running = false;
                next.seek(target);
            }
            AppAction::Reset => match self.run.restarted() {
                Ok(run) => next.replace_run(run, "Reset to the start"),
                Err(e) => next.error = Some(sentence(&e.to_string())),
            },
            AppAction::Open(scenario) => next.open(scenario),
            AppAction::OpenJson(text) => match Scenario::from_json(&text) {
                Ok(scenario) => next.open(scenario),
                Err(e) => next.fail(format!("This JSON could not be opened: {e}."), e.details()),
            },
            AppAction::Revisit(fragment) => {
                match open_link(fragment.trim_start_matches('#')) {
                    Ok(run) => {
                        let opened = self.opened;
                        next.replace_run(run, "Went back in the browser's history");
                        // Back and Forward move through entries that exist already.
                        next.opened = opened;
                    }
                    Err((reason, details)) => next.fail(
                        format!("This page of the history could not be reopened: {reason}."),
                        details,
                    ),
                }
            }
            AppAction::BringBack => {
                if let Some(aside) = next.set_aside.take() {
                    let current = std::mem::replace(&mut next.run, aside.run);
                    next.player.running = false;
                    next.selection = Selection::default();
                    next.revision += 1;
                    next.arrival = self.arrival.after(&next.run);
                    next.set_aside = (!current.is_empty()).then(|| SetAside {
                        why: "Brought back the run you had set aside".to_string(),
                        run: current,
                    });
                }
            }
            AppAction::DismissSetAside => next.set_aside = None,
            AppAction::Zoom(ZoomChange::By(factor)) => next.zoom = clamp_zoom(self.zoom * factor),
            AppAction::Zoom(ZoomChange::To(zoom)) => next.zoom = clamp_zoom(zoom),
            AppAction::ToggleRun => next.player.running = !self.player.running,
            AppAction::SetSpeed(speed) => next.player.speed = speed.clamp(1, MAX_SPEED),
            AppAction::SetFault(fault, on) => {
                if on {
                    next.player.faults.insert(fault);
                } else {
                    next.player.faults.remove(&fault);
                }
            }
            AppAction::SelectNode(node) => next.selection.node = Some(node),
            AppAction::SelectMessage(id) => next.selection.message = Some(id),
            AppAction::CycleMessage(direction) => {
                next.selection.message = cycle(self.view(), self.selection.message, direction);
                if next.selection.message.is_none() {
                    next.status = Some("No message is in flight.".to_string());
                }
            }
            AppAction::PickEvent(event) => pick(&mut next.selection.picked_events, event),
            AppAction::ClearPicks => next.selection.picked_events.clear(),
            AppAction::OpenMessageMenu(request) => {
                next.selection.message = Some(request.id);
                next.selection.message_menu = Some(request);
            }
            AppAction::CloseMessageMenu => next.close_message_menu(),
            AppAction::SetTheme(theme) => next.theme = theme,
            AppAction::ToggleHelp => next.help_open = !self.help_open,
            AppAction::CloseOverlays => {
                next.close_message_menu();
                next.help_open = false;
            }
            AppAction::DismissError => next.error = None,
            AppAction::RequestShare => {
                next.share.requests += 1;
                next.share.fragment = codec::encode(&self.run.to_shared());
                next.share.fallback = None;
            }
            AppAction::ShareCopied => {
                next.share.fallback = None;
                next.status = Some(
                    "Link copied to the clipboard: opening it replays this run at this step."
                        .to_string(),
                );
            }
            AppAction::ShareFallback(link) => next.share.fallback = Some(link),
            AppAction::DismissShare => next.share.fallback = None,
        }
        next
    }

    /// Shows `message` in the alert, with `details` (a parser's own words) behind its toggle.
    fn fail(&mut self, message: String, details: Option<String>) {
        self.error_details = details.map(|details| (message.clone(), details));
        self.error = Some(message);
    }

    /// The details of the alert shown now, if it has any.
    pub fn shown_details(&self) -> Option<&str> {
        let (message, details) = self.error_details.as_ref()?;
        (self.error.as_ref() == Some(message)).then_some(details.as_str())
    }

    /// Closes the context menu, if open, and sends the focus back to the ghost it opened on.
    fn close_message_menu(&mut self) {
        if let Some(menu) = self.selection.message_menu.take() {
            self.focus_near(menu.id);
        }
    }

    /// Asks for the focus to go to message `id`'s ghost if it is still in flight; else to the
    /// selected message (the next one that can be delivered, see [`AppState::move_to`]); else to
    /// the next message in flight; else to the diagram.
    fn focus_near(&mut self, id: MessageId) {
        let view = self.run.view();
        let in_flight = |wanted: MessageId| view.in_flight().any(|m| m.id == wanted);
        let target = if in_flight(id) {
            FocusTarget::Message(id)
        } else {
            self.selection
                .message
                .filter(|selected| in_flight(*selected))
                .or_else(|| cycle(view, Some(id), Direction::Next))
                .map_or(FocusTarget::Diagram, FocusTarget::Message)
        };
        self.focus = Some(FocusRequest {
            target,
            serial: self.focus.map_or(1, |focus| focus.serial + 1),
        });
    }

    /// Applies a world action at the cursor, or shows why the world refused it. Acting before
    /// the end of the timeline starts a new branch; the old timeline is set aside, not lost.
    fn perform(&mut self, action: Action<Value>) {
        match self.run.apply(action) {
            Ok(run) => {
                self.error = None;
                let cut = self.run.len() - self.run.cursor();
                if cut > 0 {
                    self.player.running = false;
                    self.set_aside = Some(SetAside {
                        run: self.run.clone(),
                        why: format!(
                            "Branched at step {}: the {cut} later step{} of the old timeline {} set aside",
                            self.run.cursor(),
                            if cut == 1 { "" } else { "s" },
                            if cut == 1 { "is" } else { "are" },
                        ),
                    });
                }
                self.move_to(run);
            }
            Err(e) => self.error = Some(sentence(&e.to_string())),
        }
    }

    fn step(&mut self) {
        match self.run.random_action(&self.player.faults) {
            Some(action) => self.perform(action),
            None => {
                self.player.running = false;
                self.status =
                    Some("Nothing can happen any more: no action is enabled.".to_string());
            }
        }
    }

    fn seek(&mut self, target: usize) {
        match self.run.seek(target) {
            Ok(run) => self.move_to(run),
            Err(e) => self.error = Some(sentence(&e.to_string())),
        }
    }

    fn open(&mut self, scenario: Scenario) {
        let what = match &scenario.title {
            Some(title) => format!("Opened \"{title}\""),
            None => "Opened a new run".to_string(),
        };
        match Run::open(scenario) {
            Ok(run) => self.replace_run(run, &what),
            Err(e) => self.fail(
                format!("This scenario could not be opened: {e}."),
                e.details(),
            ),
        }
    }

    /// A new run: nothing of the old one's selection or playback carries over. The old run, if
    /// it holds any action, is set aside (`what` says what replaced it); the new one becomes an
    /// entry of the browser's history; the focus goes to the diagram, so that a key pressed next
    /// does not press the button that opened the run again.
    fn replace_run(&mut self, run: Run, what: &str) {
        let set_aside = (!self.run.is_empty()).then(|| SetAside {
            run: self.run.clone(),
            why: format!(
                "{what}: the run you had ({} step{}) is set aside",
                self.run.len(),
                if self.run.len() == 1 { "" } else { "s" }
            ),
        });
        let focus = Some(FocusRequest {
            target: FocusTarget::Diagram,
            serial: self.focus.map_or(1, |focus| focus.serial + 1),
        });
        *self = AppState {
            set_aside,
            focus,
            opened: self.opened + 1,
            arrival: self.arrival.after(&run),
            zoom: self.zoom,
            player: Player {
                running: false,
                ..self.player.clone()
            },
            share: Share {
                requests: self.share.requests,
                ..Share::default()
            },
            revision: self.revision + 1,
            ..AppState::with_run(run, self.theme)
        };
    }

    /// The same run at another step: keeps what is still there of the selection.
    fn move_to(&mut self, run: Run) {
        let view = run.view();
        let selection = &mut self.selection;
        selection.node = selection
            .node
            .filter(|node| (*node as usize) < view.nodes.len());
        selection
            .picked_events
            .retain(|event| (*event as usize) < view.events.len());
        if let Some(id) = selection.message {
            if !view.in_flight().any(|m| m.id == id) {
                selection.message = next_deliverable(view, id);
            }
        }
        if selection.message_menu.map(|menu| menu.id) != selection.message {
            selection.message_menu = None;
        }
        self.share.fallback = None;
        self.run = run;
        self.revision += 1;
    }
}

impl Reducible for AppState {
    type Action = AppAction;

    fn reduce(self: Rc<Self>, action: AppAction) -> Rc<Self> {
        Rc::new(self.next(action))
    }
}

/// The run of a link's fragment, or why not in words with the decoder's own words apart.
fn open_link(fragment: &str) -> Result<Run, (String, Option<String>)> {
    let scenario = codec::decode(fragment).map_err(|e| (e.to_string(), e.details()))?;
    Run::open(scenario).map_err(|e| (e.to_string(), e.details()))
}

/// A zoom within the diagram's range (a non-number leaves the natural zoom).
fn clamp_zoom(zoom: f64) -> f64 {
    if zoom.is_finite() {
        zoom.clamp(MIN_ZOOM, MAX_ZOOM)
    } else {
        1.0
    }
}

fn default_run() -> Run {
    Run::open(default_scenario()).expect("the default scenario opens")
}

/// The core's messages start in lower case to read well inside others; alone they are sentences.
fn sentence(text: &str) -> String {
    let mut chars = text.chars();
    let first = chars.next().map(|c| c.to_uppercase().to_string());
    let mut sentence = first.unwrap_or_default() + chars.as_str();
    if !sentence.ends_with('.') {
        sentence.push('.');
    }
    sentence
}

/// The in-flight message after (or before) `current`, wrapping around.
fn cycle(view: &WorldView, current: Option<MessageId>, direction: Direction) -> Option<MessageId> {
    let ids: Vec<MessageId> = view.in_flight().map(|m| m.id).collect();
    let first = ids.first().copied();
    let last = ids.last().copied();
    let Some(current) = current else {
        return match direction {
            Direction::Next => first,
            Direction::Previous => last,
        };
    };
    match direction {
        Direction::Next => ids.iter().copied().find(|id| *id > current).or(first),
        Direction::Previous => ids.iter().rev().copied().find(|id| *id < current).or(last),
    }
}

/// After the selected message left the network, the next one that can be delivered now, so that
/// pressing D again keeps delivering.
fn next_deliverable(view: &WorldView, after: MessageId) -> Option<MessageId> {
    let deliverable: Vec<MessageId> = view
        .in_flight()
        .filter(|m| m.blocked.is_none())
        .map(|m| m.id)
        .collect();
    deliverable
        .iter()
        .copied()
        .find(|id| *id > after)
        .or(deliverable.first().copied())
}

/// Picks an event for comparison (at most two; a third replaces the oldest), or unpicks it.
fn pick(picked: &mut Vec<EventId>, event: EventId) {
    if let Some(index) = picked.iter().position(|e| *e == event) {
        picked.remove(index);
        return;
    }
    if picked.len() == 2 {
        picked.remove(0);
    }
    picked.push(event);
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use synod_core::action::Crash;

    use super::*;

    fn transfer(node: NodeId, to: NodeId, amount: u64) -> AppAction {
        AppAction::Perform(Action::Command {
            node,
            cmd: json!({"transfer": {"to": to, "amount": amount}}),
        })
    }

    fn snapshot(node: NodeId) -> AppAction {
        AppAction::Perform(Action::Command {
            node,
            cmd: json!("snapshot"),
        })
    }

    fn fresh() -> Rc<AppState> {
        Rc::new(AppState::from_fragment("", Theme::System))
    }

    fn run(actions: impl IntoIterator<Item = AppAction>) -> Rc<AppState> {
        actions
            .into_iter()
            .fold(fresh(), |state, action| state.reduce(action))
    }

    fn in_flight(state: &AppState) -> Vec<MessageId> {
        state.view().in_flight().map(|m| m.id).collect()
    }

    #[test]
    fn a_transfer_is_applied_and_puts_a_message_in_flight() {
        let state = run([transfer(0, 1, 30)]);
        assert_eq!(state.run.cursor(), 1);
        assert_eq!(state.view().step, 1);
        assert_eq!(in_flight(&state), vec![0]);
        assert_eq!(state.error, None);
    }

    #[test]
    fn an_illegal_action_is_not_applied_and_its_reason_is_shown() {
        let state = run([transfer(0, 1, 30), AppAction::Perform(Action::Deliver(7))]);
        assert_eq!(state.run.cursor(), 1);
        assert_eq!(state.error.as_deref(), Some("Message 7 was never sent."));
    }

    #[test]
    fn a_refused_command_shows_the_nodes_reason() {
        let state = run([transfer(0, 1, 500)]);
        assert_eq!(state.run.cursor(), 0);
        let error = state.error.clone().expect("an error is shown");
        assert!(error.contains("the balance is only 100"), "{error}");
    }

    #[test]
    fn a_later_legal_action_clears_the_error() {
        let state = run([AppAction::Perform(Action::Deliver(3)), transfer(0, 1, 10)]);
        assert_eq!(state.error, None);
    }

    #[test]
    fn undo_and_redo_move_the_cursor_and_keep_the_timeline() {
        let done = run([transfer(0, 1, 30), snapshot(1)]);
        let undone = done.clone().reduce(AppAction::Undo);
        assert_eq!(undone.run.cursor(), 1);
        assert_eq!(undone.run.len(), 2);
        assert_eq!(in_flight(&undone), vec![0]);
        let redone = undone.reduce(AppAction::Redo);
        assert_eq!(redone.run.cursor(), 2);
        assert_eq!(redone.view(), done.view());
    }

    #[test]
    fn undo_at_the_start_and_redo_at_the_end_only_say_so() {
        let state = run([AppAction::Undo]);
        assert_eq!(state.status.as_deref(), Some("Nothing to undo."));
        let state = run([transfer(0, 1, 1), AppAction::Redo]);
        assert_eq!(state.run.cursor(), 1);
        assert_eq!(state.status.as_deref(), Some("Nothing to redo."));
    }

    #[test]
    fn a_new_action_after_undo_discards_the_old_future() {
        let state = run([
            transfer(0, 1, 30),
            snapshot(1),
            AppAction::Perform(Action::Deliver(0)),
            AppAction::Undo,
            AppAction::Undo,
            transfer(2, 0, 5),
        ]);
        assert_eq!(state.run.cursor(), 2);
        assert_eq!(state.run.len(), 2);
        let redo = state.reduce(AppAction::Redo);
        assert_eq!(redo.run.cursor(), 2);
    }

    #[test]
    fn the_scrubber_moves_backward_and_forward_through_the_same_timeline() {
        let done = run([
            transfer(0, 1, 30),
            snapshot(1),
            AppAction::Perform(Action::Deliver(0)),
        ]);
        let back = done.clone().reduce(AppAction::Seek(0));
        assert_eq!(back.run.cursor(), 0);
        assert!(back.view().events.is_empty());
        let forward = back.reduce(AppAction::Seek(3));
        assert_eq!(forward.view(), done.view());
        let clamped = forward.reduce(AppAction::Seek(99));
        assert_eq!(clamped.run.cursor(), 3);
    }

    #[test]
    fn moving_back_forgets_picks_and_selections_that_no_longer_exist() {
        let state = run([
            transfer(0, 1, 30),
            AppAction::PickEvent(0),
            AppAction::SelectMessage(0),
            AppAction::Seek(0),
        ]);
        assert!(state.selection.picked_events.is_empty());
        assert_eq!(state.selection.message, None);
    }

    #[test]
    fn delivering_the_selected_message_selects_the_next_deliverable_one() {
        let state = run([
            transfer(0, 1, 30),
            transfer(2, 1, 5),
            AppAction::CycleMessage(Direction::Next),
            AppAction::OnSelectedMessage(MessageVerb::Deliver),
        ]);
        assert_eq!(in_flight(&state), vec![1]);
        assert_eq!(state.selection.message, Some(1));
    }

    #[test]
    fn a_message_verb_without_a_selection_explains_what_to_do() {
        let state = run([AppAction::OnSelectedMessage(MessageVerb::Drop)]);
        let error = state.error.clone().expect("an error is shown");
        assert!(error.starts_with("Drop what?"), "{error}");
    }

    #[test]
    fn the_context_menu_acts_on_its_message_and_closes() {
        let menu = MessageMenuRequest {
            id: 0,
            x: 10.0,
            y: 20.0,
        };
        let open = run([transfer(0, 1, 30), AppAction::OpenMessageMenu(menu)]);
        assert_eq!(open.selection.message, Some(0));
        let dropped = open.reduce(AppAction::OnSelectedMessage(MessageVerb::Duplicate));
        assert_eq!(in_flight(&dropped), vec![0, 1]);
        assert_eq!(dropped.selection.message_menu, None);
    }

    fn focus_target(state: &AppState) -> Option<FocusTarget> {
        state.focus.map(|focus| focus.target)
    }

    #[test]
    fn closing_the_context_menu_sends_the_focus_back_to_its_ghost() {
        let menu = MessageMenuRequest {
            id: 0,
            x: 0.0,
            y: 0.0,
        };
        let open = run([transfer(0, 1, 30), AppAction::OpenMessageMenu(menu)]);
        assert_eq!(focus_target(&open), None);
        let closed = open.clone().reduce(AppAction::CloseMessageMenu);
        assert_eq!(focus_target(&closed), Some(FocusTarget::Message(0)));
        let escaped = open.reduce(AppAction::CloseOverlays);
        assert_eq!(focus_target(&escaped), Some(FocusTarget::Message(0)));
        let again = escaped
            .reduce(AppAction::OpenMessageMenu(menu))
            .reduce(AppAction::CloseMessageMenu);
        assert_eq!(focus_target(&again), Some(FocusTarget::Message(0)));
        assert_eq!(
            again.focus.map(|f| f.serial),
            Some(2),
            "a new request each time"
        );
    }

    #[test]
    fn a_menu_verb_focuses_the_ghost_it_kept_or_the_next_one() {
        let menu = MessageMenuRequest {
            id: 0,
            x: 0.0,
            y: 0.0,
        };
        let open = run([
            transfer(0, 1, 30),
            transfer(2, 1, 5),
            AppAction::OpenMessageMenu(menu),
        ]);
        let duplicated = open
            .clone()
            .reduce(AppAction::OnSelectedMessage(MessageVerb::Duplicate));
        assert_eq!(focus_target(&duplicated), Some(FocusTarget::Message(0)));
        let delivered = open.reduce(AppAction::OnSelectedMessage(MessageVerb::Deliver));
        assert_eq!(focus_target(&delivered), Some(FocusTarget::Message(1)));
    }

    #[test]
    fn a_message_verb_from_a_shortcut_leaves_the_focus_alone() {
        let state = run([
            transfer(0, 1, 30),
            AppAction::SelectMessage(0),
            AppAction::OnSelectedMessage(MessageVerb::Deliver),
        ]);
        assert_eq!(focus_target(&state), None);
    }

    #[test]
    fn delivering_a_ghost_by_key_focuses_the_next_ghost_and_at_last_the_diagram() {
        let state = run([
            transfer(0, 1, 30),
            transfer(1, 2, 5),
            transfer(2, 0, 5),
            AppAction::DeliverByKey(1),
        ]);
        assert_eq!(in_flight(&state), vec![0, 2]);
        assert_eq!(focus_target(&state), Some(FocusTarget::Message(2)));
        let state = state.reduce(AppAction::DeliverByKey(2));
        assert_eq!(
            focus_target(&state),
            Some(FocusTarget::Message(0)),
            "wraps around"
        );
        let state = state.reduce(AppAction::DeliverByKey(0));
        assert!(in_flight(&state).is_empty());
        assert_eq!(focus_target(&state), Some(FocusTarget::Diagram));
    }

    #[test]
    fn delivering_a_blocked_ghost_by_key_keeps_the_focus_on_it() {
        let state = run([
            transfer(0, 1, 30),
            transfer(0, 1, 5),
            AppAction::DeliverByKey(1),
        ]);
        assert!(state.error.is_some());
        assert_eq!(focus_target(&state), Some(FocusTarget::Message(1)));
    }

    #[test]
    fn cycling_wraps_around_the_in_flight_messages() {
        let state = run([transfer(0, 1, 30), transfer(1, 2, 5)]);
        let next = |s: Rc<AppState>| s.reduce(AppAction::CycleMessage(Direction::Next));
        let first = next(state);
        assert_eq!(first.selection.message, Some(0));
        let second = next(first);
        assert_eq!(second.selection.message, Some(1));
        let wrapped = next(second);
        assert_eq!(wrapped.selection.message, Some(0));
        let back = wrapped.reduce(AppAction::CycleMessage(Direction::Previous));
        assert_eq!(back.selection.message, Some(1));
    }

    #[test]
    fn at_most_two_events_are_picked_and_a_third_replaces_the_oldest() {
        let state = run([
            transfer(0, 1, 30),
            transfer(1, 2, 5),
            transfer(2, 0, 5),
            AppAction::PickEvent(0),
            AppAction::PickEvent(2),
            AppAction::PickEvent(4),
        ]);
        assert_eq!(state.selection.picked_events, vec![2, 4]);
        let unpicked = state.reduce(AppAction::PickEvent(2));
        assert_eq!(unpicked.selection.picked_events, vec![4]);
    }

    #[test]
    fn a_step_performs_the_schedulers_choice() {
        let state = run([AppAction::Step]);
        assert_eq!(state.run.cursor(), 1);
        let again = run([AppAction::Step]);
        assert_eq!(state.run.to_shared(), again.run.to_shared());
    }

    #[test]
    fn a_run_stops_by_itself_when_nothing_is_enabled() {
        let state = run([
            AppAction::Perform(Action::Crash(Crash::plain(0))),
            AppAction::Perform(Action::Crash(Crash::plain(1))),
            AppAction::Perform(Action::Crash(Crash::plain(2))),
            AppAction::ToggleRun,
            AppAction::Step,
        ]);
        assert!(!state.player.running);
        assert_eq!(state.run.cursor(), 3);
        assert!(state.status.is_some());
    }

    #[test]
    fn reset_empties_the_timeline_and_keeps_the_scenario() {
        let state = run([transfer(0, 1, 30), AppAction::Reset]);
        assert_eq!(state.run.len(), 0);
        assert_eq!(state.run.header().params, default_scenario().params);
    }

    #[test]
    fn a_shared_link_reopens_the_same_timeline_at_the_same_step() {
        let state = run([
            transfer(0, 1, 30),
            snapshot(1),
            AppAction::Perform(Action::Deliver(0)),
            AppAction::Undo,
            AppAction::RequestShare,
        ]);
        assert_eq!(state.share.requests, 1);
        let reopened = AppState::from_fragment(&format!("#{}", state.share.fragment), Theme::Dark);
        assert_eq!(reopened.error, None);
        assert_eq!(reopened.run.cursor(), 2);
        assert_eq!(reopened.run.len(), 3);
        assert_eq!(reopened.view(), state.view());
        assert_eq!(reopened.theme, Theme::Dark);
    }

    #[test]
    fn a_garbage_fragment_falls_back_to_the_default_scenario_with_a_message() {
        let state = AppState::from_fragment("#s=garbage", Theme::System);
        assert_eq!(state.run.to_shared(), default_scenario());
        let error = state.error.clone().expect("a message is shown");
        assert!(
            error.starts_with("This link could not be opened: ")
                && error.ends_with(". Showing the default scenario instead."),
            "{error}"
        );
        // The decoder's own words are details, shown with this alert only.
        let damaged = AppState::from_fragment("#s=AAA!AAA", Theme::System);
        assert!(damaged
            .error
            .as_deref()
            .unwrap()
            .contains("character 4 of its code cannot be part of a Synod link"));
        assert_eq!(
            damaged.shown_details(),
            Some("base64: Invalid symbol 33, offset 3")
        );
        let later = Rc::new(damaged).reduce(AppAction::OnSelectedMessage(MessageVerb::Drop));
        assert!(later.error.as_deref().unwrap().starts_with("Drop what?"));
        assert_eq!(later.shown_details(), None);
    }

    #[test]
    fn a_link_with_an_illegal_action_falls_back_and_names_the_step() {
        let mut scenario = default_scenario();
        scenario.actions = vec![Action::Deliver(4)];
        let state = AppState::from_fragment(&codec::encode(&scenario), Theme::System);
        assert_eq!(state.run.len(), 0);
        let error = state.error.clone().expect("a message is shown");
        assert!(error.contains("action 1 is illegal"), "{error}");
    }

    #[test]
    fn opening_bad_json_keeps_the_current_run_and_says_why() {
        let state = run([
            transfer(0, 1, 30),
            AppAction::OpenJson("{\"version\": 1".into()),
        ]);
        assert_eq!(state.run.cursor(), 1);
        let error = state.error.clone().expect("a message is shown");
        assert!(
            error.starts_with("This JSON could not be opened"),
            "{error}"
        );
    }

    #[test]
    fn opening_a_scenario_starts_a_new_run_at_its_end() {
        let mut scenario = default_scenario();
        scenario.actions = vec![Action::Crash(Crash::plain(1))];
        let state = run([AppAction::SelectNode(2), AppAction::Open(scenario)]);
        assert_eq!(state.run.cursor(), 1);
        assert!(state.view().nodes[1].crashed);
        assert_eq!(state.selection, Selection::default());
    }

    /// A blank two-phase commit run with two participants under `timing`, after the client's
    /// commit: prepares are in flight and every node has a pending timer.
    fn committing(timing: &str) -> Rc<AppState> {
        let scenario = Scenario::from_json(&format!(
            r#"{{"version": 1, "protocol": "two-phase-commit", "params": {{"participants": 2}},
                "network": {{"timing": "{timing}"}}, "seed": 1}}"#
        ))
        .expect("a valid scenario");
        fresh()
            .reduce(AppAction::Open(scenario))
            .reduce(AppAction::Perform(Action::Command {
                node: 0,
                cmd: json!("commit"),
            }))
    }

    #[test]
    fn a_timer_fires_when_the_timing_model_allows_it_and_else_the_core_says_why() {
        let early = committing("sync").reduce(AppAction::Perform(Action::Fire(0)));
        assert_eq!(early.run.cursor(), 1);
        let error = early.error.clone().expect("an error is shown");
        assert!(
            error.starts_with(
                "Under synchronous timing timer 0 fires only once no message is on its way"
            ),
            "{error}"
        );
        let premature = committing("async").reduce(AppAction::Perform(Action::Fire(0)));
        assert_eq!(premature.run.cursor(), 2);
        assert_eq!(premature.error, None);
        assert!(!premature.view().pending_timers().any(|t| t.id == 0));
    }

    #[test]
    fn faults_and_speed_are_kept_within_their_range() {
        let state = run([
            AppAction::SetFault(Fault::Drop, true),
            AppAction::SetFault(Fault::Crash, true),
            AppAction::SetFault(Fault::Crash, false),
            AppAction::SetSpeed(500),
        ]);
        assert_eq!(state.player.faults, Faults::from([Fault::Drop]));
        assert_eq!(state.player.speed, MAX_SPEED);
    }

    #[test]
    fn a_tick_steps_only_while_running_so_ticks_queued_before_pause_are_dropped() {
        let running = run([transfer(0, 1, 10), AppAction::ToggleRun, AppAction::Tick]);
        assert_eq!(running.run.cursor(), 2);
        let paused = running.reduce(AppAction::ToggleRun);
        let after = paused.reduce(AppAction::Tick).reduce(AppAction::Tick);
        assert_eq!(after.run.cursor(), 2);
        assert!(!after.player.running);
    }

    #[test]
    fn opening_a_scenario_over_a_run_with_work_sets_it_aside_and_brings_it_back() {
        let worked = run([transfer(0, 1, 10), transfer(1, 2, 5)]);
        let opened = Rc::clone(&worked).reduce(AppAction::Open(default_scenario()));
        assert_eq!(opened.run.len(), 0);
        assert_eq!(opened.opened, worked.opened + 1);
        let aside = opened.set_aside.as_ref().expect("the old run is set aside");
        assert!(
            aside.why.contains("(2 steps) is set aside"),
            "{}",
            aside.why
        );
        assert_eq!(opened.focus.map(|f| f.target), Some(FocusTarget::Diagram));
        let back = opened.reduce(AppAction::BringBack);
        assert_eq!(back.run.len(), 2);
        assert_eq!(back.run.cursor(), 2);
        // The run left behind holds nothing, so nothing new is set aside.
        assert!(back.set_aside.is_none());
    }

    #[test]
    fn opening_over_an_empty_run_sets_nothing_aside() {
        let opened = fresh().reduce(AppAction::Open(default_scenario()));
        assert!(opened.set_aside.is_none());
        assert_eq!(opened.opened, 1);
    }

    #[test]
    fn branching_after_a_scrub_back_sets_the_old_timeline_aside() {
        let long = run([transfer(0, 1, 10), transfer(1, 2, 5), transfer(2, 0, 1)]);
        let branched = long.reduce(AppAction::Seek(1)).reduce(snapshot(0));
        assert_eq!(branched.run.len(), 2);
        let aside = branched.set_aside.as_ref().expect("the old future is kept");
        assert_eq!(
            aside.why,
            "Branched at step 1: the 2 later steps of the old timeline are set aside"
        );
        assert_eq!(aside.run.len(), 3);
        assert_eq!(aside.run.cursor(), 1);
        // Bringing it back swaps: the branch is set aside in turn, so nothing is lost either way.
        let back = branched.reduce(AppAction::BringBack);
        assert_eq!((back.run.len(), back.run.cursor()), (3, 1));
        assert_eq!(back.set_aside.as_ref().map(|a| a.run.len()), Some(2));
    }

    #[test]
    fn going_back_in_the_browser_reopens_that_run_without_a_new_history_entry() {
        let first = run([transfer(0, 1, 10)]);
        let fragment = codec::encode(&first.run.to_shared());
        let elsewhere = first.reduce(AppAction::Open(default_scenario()));
        let back = Rc::clone(&elsewhere).reduce(AppAction::Revisit(format!("#{fragment}")));
        assert_eq!(back.run.len(), 1);
        assert_eq!(back.opened, elsewhere.opened);
        let broken = back.reduce(AppAction::Revisit("#s=garbage".to_string()));
        assert_eq!(broken.run.len(), 1);
        assert!(broken
            .error
            .as_deref()
            .unwrap_or_default()
            .contains("could not be reopened"));
    }

    #[test]
    fn the_plain_address_reopens_the_run_kept_from_the_last_visit() {
        let kept = run([transfer(0, 1, 10)]);
        let stored = codec::encode(&kept.run.to_shared());
        let reopened = AppState::opening("", Some(stored), Theme::System);
        assert_eq!(reopened.run.len(), 1);
        assert!(reopened.status.is_some());
        // A link wins over what was kept; something unreadable that was kept is ignored.
        let linked = AppState::opening("#", Some("garbage".to_string()), Theme::System);
        assert_eq!(linked.run.len(), 0);
        assert!(linked.error.is_none());
    }
}
