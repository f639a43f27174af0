//! Text measurement without a DOM: the layout runs natively, so it estimates widths from the
//! character count, erring wide so that boxes never clip their text.

/// Average advance of a character of the diagram's sans-serif font, as a fraction of its size:
/// DejaVu Sans, one of the widest, measures about 0.64 on the diagram's labels.
const ADVANCE: f64 = 0.66;

/// The estimated width of `text` set at `font_size`.
pub fn estimated_text_width(text: &str, font_size: f64) -> f64 {
    text.chars().count() as f64 * font_size * ADVANCE
}
