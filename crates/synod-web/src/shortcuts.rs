//! The keyboard shortcuts: one table, read by the key handler and by the help popover, so the two
//! cannot drift apart.

use crate::diagram::{ZoomChange, ZOOM_STEP};
use crate::state::{AppAction, Direction, MessageVerb};

/// A key press as the handler sees it; `ctrl` is Ctrl or ⌘.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeyPress<'a> {
    pub key: &'a str,
    pub ctrl: bool,
    pub shift: bool,
    pub alt: bool,
}

/// One line of the help popover: the keys (any of them), and what they do.
pub const HELP: &[(&[&str], &str)] = &[
    (&["D"], "Deliver the selected message"),
    (&["X"], "Drop the selected message"),
    (&["C"], "Duplicate the selected message"),
    (
        &["[", "←"],
        "Select the previous message in flight (outside the diagram)",
    ),
    (
        &["]", "→"],
        "Select the next message in flight (outside the diagram)",
    ),
    (
        &["←", "→"],
        "In the diagram: the previous or next item on the line",
    ),
    (
        &["↑", "↓"],
        "In the diagram: the nearest item on the line above or below",
    ),
    (
        &["Home", "End"],
        "In the diagram: the first or last item on the line",
    ),
    (
        &["Enter"],
        "In the diagram: deliver a ghost, fire a timer, pick an event",
    ),
    (&["N", "."], "One step of the random scheduler"),
    (&["Space"], "Run or pause"),
    (&["+", "−"], "Zoom the time axis in or out"),
    (&["0"], "Zoom to 100%"),
    (&["Ctrl+Z"], "Undo"),
    (&["Ctrl+Shift+Z", "Ctrl+Y"], "Redo"),
    (&["?"], "Show or hide this help"),
    (
        &["Esc"],
        "Close menus and this help; in the diagram, back to the diagram itself",
    ),
];

/// The action a key press stands for, if any.
pub fn action_for(press: KeyPress) -> Option<AppAction> {
    if press.alt {
        return None;
    }
    if press.ctrl {
        return match (press.key.to_ascii_lowercase().as_str(), press.shift) {
            ("z", false) => Some(AppAction::Undo),
            ("z", true) | ("y", false) => Some(AppAction::Redo),
            _ => None,
        };
    }
    let action = match press.key {
        "d" | "D" => AppAction::OnSelectedMessage(MessageVerb::Deliver),
        "x" | "X" => AppAction::OnSelectedMessage(MessageVerb::Drop),
        "c" | "C" => AppAction::OnSelectedMessage(MessageVerb::Duplicate),
        "[" | "ArrowLeft" => AppAction::CycleMessage(Direction::Previous),
        "]" | "ArrowRight" => AppAction::CycleMessage(Direction::Next),
        "n" | "N" | "." => AppAction::Step,
        " " => AppAction::ToggleRun,
        "+" | "=" => AppAction::Zoom(ZoomChange::By(ZOOM_STEP)),
        "-" => AppAction::Zoom(ZoomChange::By(1.0 / ZOOM_STEP)),
        "0" => AppAction::Zoom(ZoomChange::To(1.0)),
        "?" => AppAction::ToggleHelp,
        "Escape" => AppAction::CloseOverlays,
        _ => return None,
    };
    Some(action)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(key: &str) -> KeyPress<'_> {
        KeyPress {
            key,
            ctrl: false,
            shift: false,
            alt: false,
        }
    }

    #[test]
    fn letters_act_on_the_selected_message() {
        assert_eq!(
            action_for(plain("d")),
            Some(AppAction::OnSelectedMessage(MessageVerb::Deliver))
        );
        assert_eq!(
            action_for(plain("X")),
            Some(AppAction::OnSelectedMessage(MessageVerb::Drop))
        );
        assert_eq!(
            action_for(plain("c")),
            Some(AppAction::OnSelectedMessage(MessageVerb::Duplicate))
        );
    }

    #[test]
    fn ctrl_z_undoes_and_ctrl_shift_z_or_ctrl_y_redoes() {
        let ctrl = |key, shift| KeyPress {
            key,
            ctrl: true,
            shift,
            alt: false,
        };
        assert_eq!(action_for(ctrl("z", false)), Some(AppAction::Undo));
        assert_eq!(action_for(ctrl("Z", true)), Some(AppAction::Redo));
        assert_eq!(action_for(ctrl("y", false)), Some(AppAction::Redo));
    }

    #[test]
    fn ctrl_c_is_left_to_the_browser() {
        let copy = KeyPress {
            key: "c",
            ctrl: true,
            shift: false,
            alt: false,
        };
        assert_eq!(action_for(copy), None);
    }

    #[test]
    fn brackets_and_arrows_cycle_and_space_runs() {
        assert_eq!(
            action_for(plain("]")),
            Some(AppAction::CycleMessage(Direction::Next))
        );
        assert_eq!(
            action_for(plain("ArrowLeft")),
            Some(AppAction::CycleMessage(Direction::Previous))
        );
        assert_eq!(action_for(plain(" ")), Some(AppAction::ToggleRun));
        assert_eq!(action_for(plain(".")), Some(AppAction::Step));
        assert_eq!(
            action_for(plain("=")),
            Some(AppAction::Zoom(ZoomChange::By(ZOOM_STEP)))
        );
        assert_eq!(
            action_for(plain("0")),
            Some(AppAction::Zoom(ZoomChange::To(1.0)))
        );
        assert_eq!(action_for(plain("q")), None);
    }
}
