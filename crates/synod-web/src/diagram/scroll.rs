//! Where the diagram's scroller stands, in drawing units, and how to move it.
//!
//! The scroller counts from whichever end keeps the user's place with no script involved, since
//! setting `scrollLeft` right after the drawing changed forces the browser to lay the page out
//! there and then (about 4 ms a step on a 2,000-step run):
//! - following the newest steps, it scrolls right to left (`scrollLeft` 0 at the right end and
//!   negative back from it), so the right end stays in sight as the drawing grows;
//! - held at an earlier stretch (the `held` class), it scrolls left to right, so that stretch
//!   stays in sight as the drawing grows or shrinks on its right.
//!
//! These functions translate between `scrollLeft` and "which x of the drawing is at the
//! viewport's left edge", for either end.

use web_sys::Element;

/// The class that makes the scroller count from its left end (see the module doc).
pub const HELD_CLASS: &str = "held";

/// A scroller's `scrollLeft` and the end it counts from.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Position {
    pub scroll_left: f64,
    /// Counts from the left end (held), rather than from the right end (following).
    pub from_left: bool,
}

impl Position {
    /// Where `el` stands now.
    pub fn read(el: &Element) -> Position {
        Position {
            scroll_left: f64::from(el.scroll_left()),
            from_left: is_held(el),
        }
    }

    /// The x of a `width`-wide drawing at the viewport's left edge.
    pub fn left_edge(self, width: f64, client: f64) -> f64 {
        let left = match self.from_left {
            true => self.scroll_left,
            false => width - client + self.scroll_left,
        };
        left.clamp(0.0, (width - client).max(0.0))
    }

    /// Whether the viewport shows the drawing's right end (within a pixel of rounding).
    pub fn at_right_end(self, width: f64, client: f64) -> bool {
        match self.from_left {
            true => self.scroll_left > width - client - 1.0,
            false => self.scroll_left > -1.0,
        }
    }
}

/// The `scrollLeft` that puts drawing x `left` at the viewport's left edge, kept within the
/// scroll range, for a scroller counting from the left end or the right.
pub fn scroll_left_for(from_left: bool, width: f64, client: f64, left: f64) -> f64 {
    let range = (width - client).max(0.0);
    let left = left.clamp(0.0, range);
    match from_left {
        true => left.round(),
        false => (left - range).round(),
    }
}

/// Scrolls `el` (a `width`-wide drawing in a `client`-wide viewport) so that drawing x `left` is
/// at its left edge, counting from the end its class says. Returns where it then stands.
pub fn scroll_to(el: &Element, width: f64, client: f64, left: f64) -> Position {
    let from_left = is_held(el);
    let scroll_left = scroll_left_for(from_left, width, client, left);
    el.set_scroll_left(scroll_left as i32);
    Position {
        scroll_left,
        from_left,
    }
}

/// Whether `el` carries the held class, so counts from its left end.
pub fn is_held(el: &Element) -> bool {
    el.class_name().split_whitespace().any(|c| c == HELD_CLASS)
}

/// Tells `el`'s scroll listeners that it moved. The browser fires no scroll event when
/// `scrollLeft` keeps its number, though that number may now count from the other end.
pub fn announce(el: &Element) {
    if let Ok(event) = web_sys::Event::new("scroll") {
        el.dispatch_event(&event).ok();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FOLLOWING: bool = false;
    const HELD: bool = true;

    fn at(scroll_left: f64, from_left: bool) -> Position {
        Position {
            scroll_left,
            from_left,
        }
    }

    #[test]
    fn following_counts_from_the_right_end_in_negative_numbers() {
        assert_eq!(at(0.0, FOLLOWING).left_edge(3000.0, 800.0), 2200.0);
        assert_eq!(at(-2200.0, FOLLOWING).left_edge(3000.0, 800.0), 0.0);
        assert_eq!(scroll_left_for(FOLLOWING, 3000.0, 800.0, 0.0), -2200.0);
        assert_eq!(scroll_left_for(FOLLOWING, 3000.0, 800.0, 2200.0), 0.0);
        assert_eq!(scroll_left_for(FOLLOWING, 3000.0, 800.0, 1000.0), -1200.0);
        assert!(at(-0.4, FOLLOWING).at_right_end(3000.0, 800.0));
        assert!(!at(-3.0, FOLLOWING).at_right_end(3000.0, 800.0));
    }

    #[test]
    fn held_counts_from_the_left_end() {
        assert_eq!(at(0.0, HELD).left_edge(3000.0, 800.0), 0.0);
        assert_eq!(at(1000.0, HELD).left_edge(3000.0, 800.0), 1000.0);
        assert_eq!(scroll_left_for(HELD, 3000.0, 800.0, 1000.0), 1000.0);
        assert!(at(2199.6, HELD).at_right_end(3000.0, 800.0));
        assert!(!at(2190.0, HELD).at_right_end(3000.0, 800.0));
    }

    #[test]
    fn the_same_place_reads_the_same_from_either_end() {
        for left in [0.0, 640.0, 2200.0] {
            for from_left in [FOLLOWING, HELD] {
                let scroll_left = scroll_left_for(from_left, 3000.0, 800.0, left);
                assert_eq!(at(scroll_left, from_left).left_edge(3000.0, 800.0), left);
            }
        }
    }

    #[test]
    fn a_target_outside_the_drawing_stops_at_its_ends() {
        for from_left in [FOLLOWING, HELD] {
            let start = scroll_left_for(from_left, 3000.0, 800.0, -50.0);
            let end = scroll_left_for(from_left, 3000.0, 800.0, 2900.0);
            assert_eq!(at(start, from_left).left_edge(3000.0, 800.0), 0.0);
            assert_eq!(at(end, from_left).left_edge(3000.0, 800.0), 2200.0);
        }
        assert_eq!(
            scroll_left_for(FOLLOWING, 600.0, 800.0, 100.0),
            0.0,
            "nothing to scroll"
        );
        assert_eq!(scroll_left_for(HELD, 600.0, 800.0, 100.0), 0.0);
    }
}
