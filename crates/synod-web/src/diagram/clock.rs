//! The clock drawn for timers: on a pending timer's token and as the dot of a timeout event, so
//! that a fired timer looks like the token it replaces. Drawn as SVG shapes (an emoji clock
//! renders as a box where the font lacks it).

use yew::prelude::*;

use super::layout::Point;
use super::svg::num;

/// A clock face of radius `radius` centred on `center`, its hands at ten past twelve.
pub fn clock(center: Point, radius: f64) -> Html {
    let hands = format!(
        "M{x},{top} L{x},{y} L{right},{y}",
        x = num(center.x),
        y = num(center.y),
        top = num(center.y - radius * 0.6),
        right = num(center.x + radius * 0.5),
    );
    html! {
        <g class="clock">
            <circle class="clock-face" cx={num(center.x)} cy={num(center.y)} r={num(radius)} />
            <path class="clock-hands" d={hands} />
        </g>
    }
}
