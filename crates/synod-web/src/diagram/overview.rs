//! The overview strip under the diagram: the whole run squeezed to the viewport's width, a thin
//! row of marks per node where its events are, partitions as shaded bands, and a frame showing
//! which stretch the diagram shows. Pressing or dragging on the strip moves the diagram there;
//! so do the arrow keys, Page Up/Down, Home and End when the strip has the focus.
//!
//! It hears the scroller's own scroll events, so scrolling re-renders the strip and nothing else.

use std::rc::Rc;

use gloo::events::EventListener;
use web_sys::{Element, KeyboardEvent, PointerEvent};
use yew::prelude::*;

use super::layout::Layout;
use super::scroll::{scroll_to, Position};
use super::svg::num;

/// Height of the strip, whatever the number of nodes.
const HEIGHT: f64 = 30.0;
/// Events closer than this many strip pixels share one mark.
const MARK: f64 = 2.0;
/// The ratio of two neighbouring widths on the ladder of [`column_width`]: 2^(1/16). (Stepping
/// up the ladder by multiplication keeps the log and power functions out of the page's bundle.)
const RUNG: f64 = 1.044_273_782_427_413_8;
/// Arrow keys move the view by this fraction of the viewport.
const NUDGE: f64 = 0.25;

#[derive(Properties, PartialEq)]
pub struct OverviewProps {
    pub geometry: Rc<Layout>,
    /// The diagram's scroller, which the strip reads and moves.
    pub scroller: NodeRef,
    /// The viewport's width: the strip's width too.
    pub client: f64,
}

#[function_component]
pub fn Overview(props: &OverviewProps) -> Html {
    let position = use_state_eq(Position::default);
    {
        let scroller = props.scroller.clone();
        let position = position.clone();
        use_effect_with((), move |_| {
            let listener = scroller.cast::<Element>().map(|el| {
                let target = el.clone();
                EventListener::new(&target, "scroll", move |_| {
                    position.set(Position::read(&el));
                })
            });
            move || drop(listener)
        });
    }
    let geometry = &props.geometry;
    let client = props.client;
    let width = geometry.width;
    let scale = if width > 0.0 { client / width } else { 1.0 };
    let column = column_width(width, client);
    let marks = use_mut_ref(Marks::default);
    marks.borrow_mut().update(geometry, column);

    let left = position.left_edge(width, client);
    // Moves the diagram so that the strip's x (in CSS pixels) is in the middle of the view.
    let centre_on = {
        let scroller = props.scroller.clone();
        move |strip_x: f64| {
            if let Some(el) = scroller.cast::<Element>() {
                let target = strip_x / scale - client / 2.0;
                scroll_to(&el, width, client, target);
            }
        }
    };
    let move_by = {
        let scroller = props.scroller.clone();
        move |to: f64| {
            if let Some(el) = scroller.cast::<Element>() {
                scroll_to(&el, width, client, to);
            }
        }
    };
    // The strip is drawn `client` units across and stretched to the room the page gives it. (Its
    // own node, not the event's current target: Yew delegates events, so that is the page's root.)
    let strip = use_node_ref();
    let strip_x = {
        let strip = strip.clone();
        move |e: &PointerEvent| {
            strip.cast::<Element>().map(|el| {
                let rect = el.get_bounding_client_rect();
                (f64::from(e.client_x()) - rect.left()) * client / rect.width().max(1.0)
            })
        }
    };
    let onpointerdown = {
        let centre_on = centre_on.clone();
        let strip_x = strip_x.clone();
        let strip = strip.clone();
        Callback::from(move |e: PointerEvent| {
            if !e.is_primary() || e.button() != 0 {
                return;
            }
            if let Some(el) = strip.cast::<Element>() {
                el.set_pointer_capture(e.pointer_id()).ok();
            }
            if let Some(x) = strip_x(&e) {
                centre_on(x);
            }
        })
    };
    let onpointermove = Callback::from(move |e: PointerEvent| {
        if e.buttons() & 1 == 1 {
            if let Some(x) = strip_x(&e) {
                centre_on(x);
            }
        }
    });
    let onkeydown = Callback::from(move |e: KeyboardEvent| {
        let to = match e.key().as_str() {
            "ArrowLeft" => left - client * NUDGE,
            "ArrowRight" => left + client * NUDGE,
            "PageUp" => left - client,
            "PageDown" => left + client,
            "Home" => 0.0,
            "End" => width,
            _ => return,
        };
        e.prevent_default();
        move_by(to);
    });

    let first = geometry.steps.first().map_or(0, |s| s.step);
    let last = geometry.steps.last().map_or(0, |s| s.step);
    let shown_from = step_at(geometry, left);
    let shown_to = step_at(geometry, left + client);
    let bands = geometry.partitions.iter().map(|p| {
        html! {
            <rect class={classes!("overview-partition", (!p.current).then_some("healed"))}
                  x={num(p.start * scale)} y="0" width={num(((p.end - p.start) * scale).max(1.0))}
                  height={num(HEIGHT)} />
        }
    });
    html! {
        <svg ref={strip} class="overview" data-testid="overview" height={num(HEIGHT)}
             viewBox={format!("0 0 {} {}", num(client), num(HEIGHT))} preserveAspectRatio="none"
             role="slider" tabindex="0"
             aria-label="Overview of the whole run: press or drag to move the diagram there"
             aria-valuemin={first.to_string()} aria-valuemax={last.to_string()}
             aria-valuenow={shown_from.to_string()}
             aria-valuetext={format!("steps {shown_from} to {shown_to} of {last} in view")}
             {onpointerdown} {onpointermove} {onkeydown}>
            <rect class="overview-backdrop" x="0" y="0" width={num(client)} height={num(HEIGHT)} />
            { for bands }
            <rect class="overview-in-flight" x={num(geometry.frontier * scale)} y="0"
                  width={num(((width - geometry.frontier) * scale).max(0.0))} height={num(HEIGHT)} />
            <g transform={format!("scale({} 1)", num(column * scale))}>
                { for marks.borrow().paths.iter().map(|d| html! { <path class="overview-marks" d={d.clone()} /> }) }
            </g>
            <rect class="overview-window" data-testid="overview-window"
                  x={num(left * scale + 0.5)} y="0.5"
                  width={num((client * scale - 1.0).max(2.0))} height={num(HEIGHT - 1.0)} rx="3" />
        </svg>
    }
}

/// The step at drawing x, or the nearest one.
fn step_at(geometry: &Layout, x: f64) -> u64 {
    let steps = &geometry.steps;
    let index = steps.partition_point(|s| s.end < x);
    steps.get(index).or(steps.last()).map_or(0, |s| s.step)
}

/// The width, in drawing units, of one column of marks: [`MARK`] strip pixels of a drawing whose
/// width is rounded up to a ladder of widths a sixteenth of an octave apart. Between two rungs the
/// columns, and so the marks' paths, stay exactly the same while the run grows: a step then
/// changes one short `transform` on the strip rather than every node's long path.
fn column_width(width: f64, client: f64) -> f64 {
    let mut rung = 1.0;
    while rung < width {
        rung *= RUNG;
    }
    rung * MARK / client.max(1.0)
}

/// The marks' paths, one per node, kept between renders: a step usually adds events only in
/// columns their nodes already mark, so no path changes, and a node's path is written again only
/// when its columns did change. (The strip holds up to a few thousand marks for a long run, and
/// writing all of them at every step cost a millisecond.)
#[derive(Default)]
struct Marks {
    /// The layout the marks were made from (compared by pointer) and the column width.
    made_from: Option<(Rc<Layout>, f64)>,
    /// Per node, the columns where it has events, ascending.
    columns: Vec<Vec<u32>>,
    paths: Vec<AttrValue>,
}

impl Marks {
    /// The marks of `geometry` in columns `column` drawing units wide.
    fn update(&mut self, geometry: &Rc<Layout>, column: f64) {
        if self
            .made_from
            .as_ref()
            .is_some_and(|(made, width)| Rc::ptr_eq(made, geometry) && *width == column)
        {
            return;
        }
        let same_columns = self
            .made_from
            .as_ref()
            .is_some_and(|(_, width)| *width == column);
        let columns = columns(geometry, column);
        let lanes = columns.len();
        self.paths.resize_with(lanes, AttrValue::default);
        for (lane, row) in columns.iter().enumerate() {
            if !same_columns || self.columns.get(lane) != Some(row) {
                self.paths[lane] = path(lane, lanes, row).into();
            }
        }
        self.columns = columns;
        self.made_from = Some((Rc::clone(geometry), column));
    }
}

/// Per node, the columns (each `column` drawing units wide) where it has events, ascending.
fn columns(geometry: &Layout, column: f64) -> Vec<Vec<u32>> {
    let mut columns: Vec<Vec<u32>> = vec![Vec::new(); geometry.lanes.len().max(1)];
    for event in &geometry.events {
        let at = (event.at.x / column).floor().max(0.0) as u32;
        if let Some(row) = columns.get_mut(event.node as usize) {
            if row.last() != Some(&at) {
                row.push(at);
            }
        }
    }
    columns
}

/// The path of one node's row of `lanes`, in units of columns: a mark wherever it has events,
/// merged where they share a column or sit side by side, so that the strip holds as many
/// elements for 10,000 events as for ten.
fn path(lane: usize, lanes: usize, columns: &[u32]) -> String {
    let row = HEIGHT / lanes as f64;
    let top = lane as f64 * row + row * 0.2;
    let height = (row * 0.6).max(1.0);
    let mut d = String::new();
    let mut runs = columns.iter().peekable();
    while let Some(&start) = runs.next() {
        let mut end = start;
        while let Some(&&next) = runs.peek().filter(|&&&next| next == end + 1) {
            end = next;
            runs.next();
        }
        let length = end - start + 1;
        d.push_str(&format!(
            "M{start},{}h{length}v{}h-{length}z",
            num(top),
            num(height)
        ));
    }
    d
}

/// One path per node (see [`Marks`]).
#[cfg(test)]
fn marks(geometry: &Layout, column: f64) -> Vec<String> {
    let columns = columns(geometry, column);
    let lanes = columns.len();
    columns
        .iter()
        .enumerate()
        .map(|(lane, row)| path(lane, lanes, row))
        .collect()
}

#[cfg(test)]
mod tests {
    use synod_core::scenario::Scenario;
    use synod_core::scheduler::Faults;

    use super::*;
    use crate::diagram::layout::{layout, MIN_WIDTH};

    #[test]
    fn the_strip_holds_one_path_per_node_however_long_the_run() {
        let text = r#"{"version": 1, "protocol": "chandy-lamport", "params": {"nodes": 4, "balances": [9, 9, 9, 9]}, "seed": 3}"#;
        let mut world = Scenario::from_json(text).unwrap().start().unwrap();
        for _ in 0..600 {
            let action = world.random_action(&Faults::new()).unwrap();
            world.apply(&action).unwrap();
        }
        let geometry = layout(&world.view(), MIN_WIDTH, 1.0);
        let rows = marks(&geometry, column_width(geometry.width, 400.0));
        assert_eq!(rows.len(), 4);
        let marks_drawn: usize = rows.iter().map(|d| d.matches('M').count()).sum();
        assert!(
            marks_drawn <= 4 * (400.0 / MARK) as usize,
            "{marks_drawn} marks for a 400-pixel strip"
        );
        assert!(rows.iter().all(|d| !d.is_empty()), "every node has events");
    }

    #[test]
    fn a_step_leaves_the_marks_paths_alone_between_rungs() {
        let text = r#"{"version": 1, "protocol": "chandy-lamport", "params": {"nodes": 4, "balances": [9, 9, 9, 9]}, "seed": 3}"#;
        let mut world = Scenario::from_json(text).unwrap().start().unwrap();
        let mut unchanged = 0;
        let mut before: Option<(f64, Vec<String>)> = None;
        for _ in 0..400 {
            let action = world.random_action(&Faults::new()).unwrap();
            world.apply(&action).unwrap();
            let geometry = layout(&world.view(), MIN_WIDTH, 1.0);
            let column = column_width(geometry.width, 400.0);
            let rows = marks(&geometry, column);
            if let Some((last_column, last_rows)) = &before {
                if *last_column == column {
                    // New events add marks at the right end only.
                    for (old, new) in last_rows.iter().zip(&rows) {
                        let kept = old.rsplit_once('M').map_or("", |(kept, _)| kept);
                        assert!(new.starts_with(kept), "a step moved earlier marks");
                    }
                    unchanged += 1;
                }
            }
            before = Some((column, rows));
        }
        assert!(
            unchanged > 300,
            "only {unchanged} of 400 steps kept the columns"
        );
    }

    #[test]
    fn marks_kept_between_steps_are_the_marks_made_afresh() {
        let text = r#"{"version": 1, "protocol": "chandy-lamport", "params": {"nodes": 4, "balances": [9, 9, 9, 9]}, "seed": 5}"#;
        let mut world = Scenario::from_json(text).unwrap().start().unwrap();
        let mut kept = Marks::default();
        for _ in 0..300 {
            let action = world.random_action(&Faults::new()).unwrap();
            world.apply(&action).unwrap();
            let geometry = Rc::new(layout(&world.view(), MIN_WIDTH, 1.0));
            let column = column_width(geometry.width, 400.0);
            kept.update(&geometry, column);
            let afresh: Vec<AttrValue> = marks(&geometry, column)
                .into_iter()
                .map(AttrValue::from)
                .collect();
            assert_eq!(kept.paths, afresh);
        }
    }

    #[test]
    fn the_step_under_an_x_is_found_at_either_end() {
        let text = r#"{"version": 1, "protocol": "chandy-lamport", "params": {"nodes": 2, "balances": [9, 9]}, "seed": 1,
            "actions": [{"command": {"node": 0, "cmd": "snapshot"}}, {"deliver": 0}, {"deliver": 1}]}"#;
        let view = Scenario::from_json(text)
            .unwrap()
            .replay_prefix(3)
            .unwrap()
            .view();
        let geometry = layout(&view, MIN_WIDTH, 1.0);
        assert_eq!(step_at(&geometry, 0.0), 1);
        assert_eq!(step_at(&geometry, geometry.width), 3);
        assert_eq!(step_at(&geometry, geometry.steps[1].center()), 2);
    }
}
