//! The words of the diagram: tooltips, accessible labels and ghost captions, as pure functions of
//! view data so that hovering, focusing and a screen reader all tell the same story.

use synod_core::action::NodeId;
use synod_core::view::{EventKindView, EventView, FateView, MessageView, TimerView};

/// What happened at an event, e.g. "receive of message 0 from node 0".
pub fn event_summary(event: &EventView) -> String {
    match &event.kind {
        EventKindView::Command { label } => format!("command “{label}”"),
        EventKindView::Send { message, to } => format!("send of message {message} to node {to}"),
        EventKindView::Receive { message, from } => {
            format!("receive of message {message} from node {from}")
        }
        EventKindView::Crash => "crash".to_string(),
        EventKindView::Recover => "recovery".to_string(),
        EventKindView::Timeout { timer, label } => format!("timer {timer} fired ({label})"),
        EventKindView::Deliver { app, text } => {
            format!("delivery of {app} (“{text}”) to the application")
        }
        EventKindView::Round { round } => format!("start of round {round}"),
    }
}

/// The event's clocks, e.g. "step 3 · Lamport 4 · vector [2,4,0]".
pub fn event_clocks(event: &EventView) -> String {
    let vector: Vec<String> = event.vector.iter().map(u64::to_string).collect();
    format!(
        "step {} · Lamport {} · vector [{}]",
        event.step,
        event.lamport,
        vector.join(",")
    )
}

/// The hover text of an event dot: what, when, and the notes its node recorded, one per line.
pub fn event_title(event: &EventView) -> String {
    let mut lines = vec![format!(
        "{} · {}",
        event_summary(event),
        event_clocks(event)
    )];
    lines.extend(event.notes.iter().cloned());
    lines.join("\n")
}

/// The accessible name of an event dot.
pub fn event_label(event: &EventView, pick: Option<usize>) -> String {
    let mut label = format!(
        "Event {} on node {}: {}, {}",
        event.id,
        event.node,
        event_summary(event),
        event_clocks(event)
    );
    for note in &event.notes {
        label.push_str("; ");
        label.push_str(note);
    }
    if let Some(index) = pick {
        label.push_str(&format!("; picked as e{}", index + 1));
    }
    label
}

/// A message in a few words, e.g. "marker 1 from node 1 to node 0 (copy of 3)".
pub fn message_summary(message: &MessageView) -> String {
    let mut text = format!(
        "{} from node {} to node {}",
        message.label, message.from, message.to
    );
    if let Some(original) = message.copy_of {
        text.push_str(&format!(" (copy of {original})"));
    }
    if let Some(step) = message.forged {
        text.push_str(&format!(
            " (forged by its sender, a traitor, at step {step})"
        ));
    }
    text
}

/// The caption of a ghost token: its id, its label, whose copy it is, and whether a traitor
/// forged it.
pub fn ghost_text(message: &MessageView) -> String {
    let forged = if message.forged.is_some() {
        " · forged"
    } else {
        ""
    };
    match message.copy_of {
        Some(original) => format!(
            "m{} {} · copy of m{original}{forged}",
            message.id, message.label
        ),
        None => format!("m{} {}{forged}", message.id, message.label),
    }
}

/// The accessible name of a ghost: what it is and what dragging it does, or why it cannot be
/// delivered now.
pub fn ghost_label(message: &MessageView) -> String {
    let head = format!(
        "Message {}: {}, in flight",
        message.id,
        message_summary(message)
    );
    match &message.blocked {
        Some(reason) => format!("{head}; cannot be delivered now: {reason}"),
        None => format!("{head}; drag onto node {} to deliver", message.to),
    }
}

/// What a ghost being dragged warns of before it is dropped, if anything: why it cannot be
/// delivered now, that its receiver is crashed (delivered now, it is lost), or, over another
/// node's line, whose line it must go to. After a drop on the wrong line, the same words say why
/// nothing happened.
pub fn drop_warning(
    message: &MessageView,
    receiver_crashed: bool,
    under: Option<NodeId>,
) -> Option<String> {
    let (id, to) = (message.id, message.to);
    if let Some(reason) = &message.blocked {
        return Some(format!("m{id} cannot be delivered now: {reason}"));
    }
    match under {
        Some(node) if node != to => Some(format!(
            "m{id} goes to node {to}: drop it on node {to}'s line"
        )),
        _ if receiver_crashed => Some(format!("Node {to} is crashed: m{id} delivered now is lost")),
        _ => None,
    }
}

/// The caption of a pending timer's token, e.g. "vote timeout t3" (its clock icon is drawn).
pub fn timer_text(timer: &TimerView) -> String {
    format!("{} t{}", timer.label, timer.id)
}

/// The accessible name of a pending timer's token: what activating it does.
pub fn timer_label(timer: &TimerView) -> String {
    format!(
        "Fire timer {} ({}) at node {}",
        timer.id, timer.label, timer.node
    )
}

/// The hover text of a pending timer's token: when it was set, and whether it may fire now.
pub fn timer_title(timer: &TimerView) -> String {
    let head = format!(
        "Timer {} ({}) at node {}, set at step {}",
        timer.id, timer.label, timer.node, timer.set_at
    );
    match &timer.blocked {
        Some(reason) => format!("{head}; may not fire now: {reason}"),
        None => format!("{head}; click to fire"),
    }
}

/// The caption of a settled message's arrow, e.g. "m0 $30" or "m5 marker 1 (copy of m4)".
pub fn arrow_text(message: &MessageView) -> String {
    match message.copy_of {
        Some(original) => format!("m{} {} (copy of m{original})", message.id, message.label),
        None => format!("m{} {}", message.id, message.label),
    }
}

/// The hover text of a settled message's arrow.
pub fn arrow_title(message: &MessageView) -> String {
    let fate = match message.fate {
        FateView::InFlight => "in flight".to_string(),
        FateView::Delivered { step, .. } => format!("delivered at step {step}"),
        FateView::Dropped { step } => format!("dropped by the network at step {step}"),
        FateView::Lost { step } => {
            format!("lost at step {step}: node {} was crashed", message.to)
        }
        FateView::Unsent { step } => format!(
            "never sent: node {} crashed mid-send at step {step}",
            message.from
        ),
        FateView::Withheld { step } => format!(
            "never sent: node {}, a traitor, withheld it at step {step}",
            message.from
        ),
    };
    format!(
        "Message {}: {} ({}), {fate}",
        message.id,
        message_summary(message),
        message.kind
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use synod_core::view::TimerStateView;

    fn receive() -> EventView {
        EventView {
            id: 5,
            step: 3,
            node: 1,
            kind: EventKindView::Receive {
                message: 0,
                from: 0,
            },
            lamport: 4,
            vector: vec![2, 4, 0],
            notes: vec!["snapshot 1: recorded balance 70".to_string()],
        }
    }

    fn marker(blocked: Option<&str>) -> MessageView {
        MessageView {
            id: 5,
            from: 0,
            to: 2,
            kind: "marker",
            label: "marker 1".to_string(),
            sent_event: 8,
            copy_of: Some(4),
            fate: FateView::InFlight,
            blocked: blocked.map(str::to_string),
            forged: None,
        }
    }

    #[test]
    fn an_event_title_gives_its_kind_step_and_both_clocks_then_its_notes() {
        assert_eq!(
            event_title(&receive()),
            "receive of message 0 from node 0 · step 3 · Lamport 4 · vector [2,4,0]\n\
             snapshot 1: recorded balance 70"
        );
    }

    #[test]
    fn a_picked_event_says_which_pick_it_is() {
        assert!(event_label(&receive(), Some(1)).ends_with("; picked as e2"));
    }

    #[test]
    fn a_deliverable_ghost_says_where_to_drag_it() {
        assert_eq!(
            ghost_label(&marker(None)),
            "Message 5: marker 1 from node 0 to node 2 (copy of 4), in flight; drag onto node 2 to deliver"
        );
    }

    #[test]
    fn a_blocked_ghost_says_why_it_waits() {
        let label = ghost_label(&marker(Some("deliver 4 first")));
        assert!(
            label.ends_with("cannot be delivered now: deliver 4 first"),
            "{label}"
        );
    }

    #[test]
    fn a_dragged_ghost_warns_of_a_wrong_line_a_crashed_receiver_or_a_refusal() {
        assert_eq!(drop_warning(&marker(None), false, Some(2)), None);
        assert_eq!(drop_warning(&marker(None), false, None), None);
        assert_eq!(
            drop_warning(&marker(None), false, Some(1)).as_deref(),
            Some("m5 goes to node 2: drop it on node 2's line")
        );
        assert_eq!(
            drop_warning(&marker(None), true, Some(2)).as_deref(),
            Some("Node 2 is crashed: m5 delivered now is lost")
        );
        assert_eq!(
            drop_warning(&marker(Some("deliver m4 first")), false, Some(2)).as_deref(),
            Some("m5 cannot be delivered now: deliver m4 first")
        );
    }

    fn vote_timer(blocked: Option<&str>) -> TimerView {
        TimerView {
            id: 3,
            node: 0,
            label: "vote timeout".to_string(),
            set_at: 1,
            state: TimerStateView::Pending,
            blocked: blocked.map(str::to_string),
        }
    }

    #[test]
    fn a_timeout_says_which_timer_fired_with_its_clocks() {
        let event = EventView {
            id: 11,
            step: 7,
            node: 0,
            kind: EventKindView::Timeout {
                timer: 3,
                label: "vote timeout".to_string(),
            },
            lamport: 5,
            vector: vec![5, 2, 0, 0],
            notes: Vec::new(),
        };
        assert_eq!(
            event_title(&event),
            "timer 3 fired (vote timeout) · step 7 · Lamport 5 · vector [5,2,0,0]"
        );
    }

    #[test]
    fn a_timer_token_names_its_timer_and_what_activating_it_does() {
        let timer = vote_timer(None);
        assert_eq!(timer_text(&timer), "vote timeout t3");
        assert_eq!(timer_label(&timer), "Fire timer 3 (vote timeout) at node 0");
        assert!(timer_title(&timer).ends_with("set at step 1; click to fire"));
    }

    #[test]
    fn a_blocked_timer_says_why_it_may_not_fire() {
        let title = timer_title(&vote_timer(Some("message 4 is in flight")));
        assert!(
            title.ends_with("may not fire now: message 4 is in flight"),
            "{title}"
        );
    }

    #[test]
    fn a_duplicate_is_marked_as_a_copy() {
        assert_eq!(ghost_text(&marker(None)), "m5 marker 1 · copy of m4");
        assert_eq!(arrow_text(&marker(None)), "m5 marker 1 (copy of m4)");
    }

    #[test]
    fn a_forged_message_says_so_on_its_ghost_and_to_a_screen_reader() {
        let forged = MessageView {
            copy_of: None,
            forged: Some(7),
            ..marker(None)
        };
        assert_eq!(ghost_text(&forged), "m5 marker 1 · forged");
        assert!(ghost_label(&forged).contains(
            "marker 1 from node 0 to node 2 (forged by its sender, a traitor, at step 7)"
        ));
    }
}
