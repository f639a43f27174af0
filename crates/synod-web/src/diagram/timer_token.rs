//! A pending timer as a clock token on its node's line. Clicking it, or Enter or Space while it
//! has the focus, fires the timer.
//!
//! A timer that may not fire now (under sync timing, while a message is on its way) is dimmed
//! and says why in its title and accessible description; activating it fires nothing and asks
//! the diagram to show that reason in a note above it for a few seconds, as a refused ghost does,
//! so the two kinds of frontier token answer a refused gesture the same way. The diagram draws
//! the note over the ghosts, which the note would otherwise hide behind.

use synod_core::action::TimerId;
use synod_core::view::TimerView;
use web_sys::KeyboardEvent;
use yew::prelude::*;

use super::clock::clock;
use super::describe::{timer_label, timer_text, timer_title};
use super::keyboard_nav::nav_x;
use super::layout::{Point, TimerGeom, TIMER_ICON, TIMER_PADDING};
use super::svg::num;

/// Radius of the clock icon.
const ICON_RADIUS: f64 = 5.5;

#[derive(Properties, PartialEq)]
pub struct TimerTokenProps {
    pub timer: TimerView,
    pub geom: TimerGeom,
    pub onfire: Callback<TimerId>,
    /// Activated while it may not fire: the diagram shows why.
    pub onrefuse: Callback<TimerId>,
}

#[function_component]
pub fn TimerToken(props: &TimerTokenProps) -> Html {
    let id = props.timer.id;
    let blocked = props.timer.blocked.clone();

    // Fires the timer, or has the diagram show why it may not fire now.
    let attempt = {
        let onfire = props.onfire.clone();
        let onrefuse = props.onrefuse.clone();
        let blocked = blocked.is_some();
        move || {
            if blocked {
                onrefuse.emit(id);
            } else {
                onfire.emit(id);
            }
        }
    };
    let onclick = {
        let attempt = attempt.clone();
        Callback::from(move |_: MouseEvent| attempt())
    };
    let onkeydown = Callback::from(move |e: KeyboardEvent| {
        if e.key() == "Enter" || e.key() == " " {
            e.prevent_default();
            attempt();
        }
    });

    let geom = &props.geom;
    let left = geom.left();
    let top = geom.top();
    let icon = Point::new(left + TIMER_PADDING + ICON_RADIUS, geom.center.y);
    let classes = classes!("timer", blocked.is_some().then_some("blocked"));
    html! {
        <g class={classes}
           data-testid={format!("timer-{id}")} data-timer={id.to_string()}
           tabindex="-1" role="button"
           data-nav-node={geom.node.to_string()} data-nav-x={nav_x(geom.center.x)}
           aria-label={timer_label(&props.timer)}
           aria-description={blocked.clone()}
           aria-disabled={blocked.is_some().then_some("true")}
           {onclick} {onkeydown}>
            <title>{ timer_title(&props.timer) }</title>
            <rect class="timer-box" x={num(left)} y={num(top)}
                  width={num(geom.width)} height={num(geom.height)} rx="4" />
            { clock(icon, ICON_RADIUS) }
            <text class="timer-text" x={num(left + TIMER_PADDING + TIMER_ICON)}
                  y={num(geom.center.y + 4.0)}>{ timer_text(&props.timer) }</text>
        </g>
    }
}
