//! Where the diagram's scroller stands, in drawing units. The scroller scrolls right to left (so
//! the newest steps stay in sight as the drawing grows, with no script involved): its
//! `scrollLeft` is 0 at the right end and negative back from it. These functions translate
//! between that and "which x of the drawing is at the viewport's left edge".

/// The x of the drawing at the viewport's left edge.
pub fn left_edge(width: f64, client: f64, scroll_left: f64) -> f64 {
    (width - client + scroll_left).max(0.0)
}

/// The `scrollLeft` that puts drawing x `left` at the viewport's left edge, kept within the
/// scroll range.
pub fn scroll_left_for(width: f64, client: f64, left: f64) -> f64 {
    let range = (width - client).max(0.0);
    (left - range).clamp(-range, 0.0)
}

/// Whether the viewport shows the drawing's right end (within a pixel of rounding).
pub fn at_right_end(scroll_left: f64) -> bool {
    scroll_left > -1.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_right_end_is_scroll_zero_and_the_start_the_most_negative() {
        assert_eq!(left_edge(3000.0, 800.0, 0.0), 2200.0);
        assert_eq!(left_edge(3000.0, 800.0, -2200.0), 0.0);
        assert_eq!(scroll_left_for(3000.0, 800.0, 0.0), -2200.0);
        assert_eq!(scroll_left_for(3000.0, 800.0, 2200.0), 0.0);
        assert_eq!(scroll_left_for(3000.0, 800.0, 1000.0), -1200.0);
    }

    #[test]
    fn a_target_outside_the_drawing_stops_at_its_ends() {
        assert_eq!(scroll_left_for(3000.0, 800.0, -50.0), -2200.0);
        assert_eq!(scroll_left_for(3000.0, 800.0, 2900.0), 0.0);
        assert_eq!(
            scroll_left_for(600.0, 800.0, 100.0),
            0.0,
            "nothing to scroll"
        );
        assert!(at_right_end(-0.4) && !at_right_end(-3.0));
    }
}
