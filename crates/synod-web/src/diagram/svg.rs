//! Small helpers for writing SVG attributes.

use super::layout::Point;

/// A coordinate rounded to a tenth of a unit: finer than any screen shows, and it keeps the DOM
/// free of long decimal tails.
pub fn num(value: f64) -> String {
    let rounded = (value * 10.0).round() / 10.0;
    if rounded == 0.0 {
        "0".to_string()
    } else {
        rounded.to_string()
    }
}

/// The `points` attribute of a polyline or polygon.
pub fn points(points: &[Point]) -> String {
    let pairs: Vec<String> = points
        .iter()
        .map(|p| format!("{},{}", num(p.x), num(p.y)))
        .collect();
    pairs.join(" ")
}

/// A `translate(x y)` transform.
pub fn translate(offset: Point) -> String {
    format!("translate({} {})", num(offset.x), num(offset.y))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coordinates_are_written_to_a_tenth_without_negative_zero() {
        assert_eq!(num(12.345), "12.3");
        assert_eq!(num(-0.01), "0");
        assert_eq!(num(40.0), "40");
        assert_eq!(
            points(&[Point::new(1.0, 2.25), Point::new(3.0, 4.0)]),
            "1,2.3 3,4"
        );
    }
}
