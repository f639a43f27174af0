//! Why a gesture was refused, in a small note above the element it was made on: a ghost that
//! cannot be delivered now, or a timer that may not fire now.

use yew::prelude::*;

use super::layout::{estimated_text_width, Point, FONT_SIZE};
use super::svg::num;

/// How long the note stays up after a refused gesture.
pub const REFUSAL_MS: u32 = 4000;

/// The widest a note gets: narrower than a phone's diagram, so that a long reason wraps onto more
/// lines instead of running past the edge of the view.
const MAX_WIDTH: f64 = 300.0;
/// Space between the note's border and its text, left and right.
const PADDING: f64 = 8.0;
/// Distance between two lines of the note.
const LINE_HEIGHT: f64 = 14.0;

#[derive(Properties, PartialEq)]
pub struct RefusalNoteProps {
    pub reason: String,
    /// The refused element's top-left corner: the note sits just above it.
    pub near: Point,
    /// The diagram's width, to keep the note inside it.
    pub diagram_width: f64,
}

#[function_component]
pub fn RefusalNote(props: &RefusalNoteProps) -> Html {
    let lines = wrap(&props.reason, MAX_WIDTH - 2.0 * PADDING);
    let width = lines
        .iter()
        .map(|line| estimated_text_width(line, FONT_SIZE))
        .fold(0.0, f64::max)
        + 2.0 * PADDING;
    let height = 20.0 + LINE_HEIGHT * (lines.len() - 1) as f64;
    let left = props.near.x.min(props.diagram_width - width - 4.0).max(4.0);
    let top = (props.near.y - 6.0 - height).max(2.0);
    let last = lines.len() - 1;
    html! {
        <g class="refusal" role="status">
            <rect x={num(left)} y={num(top)} width={num(width)} height={num(height)} rx="4" />
            <text x={num(left + PADDING)} y={num(top + 14.0)}>
                // Each line but the last keeps its trailing space, so that the note's text reads
                // as the reason itself.
                { for lines.iter().enumerate().map(|(index, line)| html! {
                    <tspan x={num(left + PADDING)} dy={num(if index == 0 { 0.0 } else { LINE_HEIGHT })}>
                        { if index == last { line.clone() } else { format!("{line} ") } }
                    </tspan>
                }) }
            </text>
        </g>
    }
}

/// Breaks `text` between words into lines of at most `width` (estimated), a word wider than
/// that on a line of its own.
fn wrap(text: &str, width: f64) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(line) if estimated_text_width(&format!("{line} {word}"), FONT_SIZE) <= width => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    if lines.is_empty() {
        lines.push(String::new());
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_reason_wraps_between_words_within_the_width() {
        let reason = "message 1 waits behind message 0 on the FIFO channel 0→1: deliver 0 first";
        let lines = wrap(reason, 180.0);
        assert!(lines.len() > 1);
        assert_eq!(lines.join(" "), reason);
        assert!(lines
            .iter()
            .all(|line| estimated_text_width(line, FONT_SIZE) <= 180.0));
    }

    #[test]
    fn a_short_reason_stays_on_one_line() {
        assert_eq!(wrap("the node is down", 284.0), ["the node is down"]);
        assert_eq!(wrap("", 284.0), [""]);
    }
}
