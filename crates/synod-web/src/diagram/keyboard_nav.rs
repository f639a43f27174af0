//! The diagram is one Tab stop: its events, ghosts, group badges and timer tokens are reached
//! with the arrow keys inside it, so that Tab goes past a long run in one press instead of a
//! thousand. Left and Right move along a node's line in time, Up and Down to the nearest moment
//! on the line above or below, Home and End to a line's first and last item; Tab leaves, Escape
//! returns to the diagram itself (once no menu or help is open), and Tab back in lands on the
//! item last visited.
//!
//! Each item carries `data-nav-node` and `data-nav-x` (its line and its x in the drawing, in whole
//! units), so the
//! items to choose from are read from the page: only those near the view are rendered, and when a
//! move finds none in its direction the view scrolls there and the move is tried again once the
//! blocks there are drawn.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::timers::callback::Timeout;
use synod_core::action::NodeId;
use wasm_bindgen::JsCast;
use web_sys::{Element, FocusEvent, KeyboardEvent, SvgElement};
use yew::prelude::*;

/// How long to wait for the blocks near a new scroll position to render before moving on.
const RENDER_WAIT_MS: u32 = 120;

/// An item as navigation sees it: its line and its place in time.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct NavItem {
    pub node: NodeId,
    pub x: f64,
}

/// A key that moves the focus inside the diagram.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NavKey {
    Left,
    Right,
    Up,
    Down,
    Home,
    End,
}

impl NavKey {
    pub fn of(key: &str) -> Option<NavKey> {
        Some(match key {
            "ArrowLeft" => NavKey::Left,
            "ArrowRight" => NavKey::Right,
            "ArrowUp" => NavKey::Up,
            "ArrowDown" => NavKey::Down,
            "Home" => NavKey::Home,
            "End" => NavKey::End,
            _ => return None,
        })
    }
}

/// The item that `key` moves to from item `from` (indices into `items`, which are in page order,
/// the tie-break between items at the same x). With no item focused yet, any key enters at the
/// item nearest `centre`, the middle of the view.
pub fn next_item(
    items: &[NavItem],
    from: Option<usize>,
    key: NavKey,
    centre: f64,
) -> Option<usize> {
    let Some(from) = from.filter(|&i| i < items.len()) else {
        return nearest(items, |_| true, centre);
    };
    let here = items[from];
    let place = |i: usize| (items[i].x, i);
    let on_line = |i: &usize| items[*i].node == here.node;
    let by_place = |a: &usize, b: &usize| place(*a).partial_cmp(&place(*b)).expect("finite x");
    let line = (0..items.len()).filter(on_line);
    match key {
        NavKey::Left => line.filter(|&i| place(i) < place(from)).max_by(by_place),
        NavKey::Right => line.filter(|&i| place(i) > place(from)).min_by(by_place),
        NavKey::Home => line.min_by(by_place),
        NavKey::End => line.max_by(by_place),
        NavKey::Up => {
            let above = items
                .iter()
                .map(|i| i.node)
                .filter(|&n| n < here.node)
                .max()?;
            nearest(items, |item| item.node == above, here.x)
        }
        NavKey::Down => {
            let below = items
                .iter()
                .map(|i| i.node)
                .filter(|&n| n > here.node)
                .min()?;
            nearest(items, |item| item.node == below, here.x)
        }
    }
}

/// The first item, among those `keep` accepts, nearest to `x`.
fn nearest(items: &[NavItem], keep: impl Fn(&NavItem) -> bool, x: f64) -> Option<usize> {
    (0..items.len())
        .filter(|&i| keep(&items[i]))
        .min_by(|&a, &b| {
            let distance = |i: usize| ((items[i].x - x).abs(), items[i].node);
            distance(a).partial_cmp(&distance(b)).expect("finite x")
        })
}

/// An item's `data-nav-x`: its x rounded to a whole unit.
pub fn nav_x(x: f64) -> String {
    (x.round() as i64).to_string()
}

/// What the diagram's `<svg>` listens to for navigation.
pub struct DiagramKeys {
    pub onkeydown: Callback<KeyboardEvent>,
    pub onfocusin: Callback<FocusEvent>,
}

/// Navigation inside the `svg`, scrolling `scroller` to reach items not yet drawn.
#[hook]
pub fn use_diagram_keys(svg: NodeRef, scroller: NodeRef) -> DiagramKeys {
    // The test id of the item last focused, where Tab back into the diagram lands.
    let last: Rc<RefCell<Option<String>>> = use_mut_ref(|| None);
    let onfocusin = {
        let svg = svg.clone();
        let last = last.clone();
        Callback::from(move |e: FocusEvent| {
            let Some(root) = svg.cast::<Element>() else {
                return;
            };
            let target = e.target().and_then(|t| t.dyn_into::<Element>().ok());
            let from_outside = e
                .related_target()
                .and_then(|t| t.dyn_into::<web_sys::Node>().ok())
                .is_none_or(|node| !root.contains(Some(&node)));
            match target {
                Some(item) if item.has_attribute("data-nav-node") => {
                    *last.borrow_mut() = item.get_attribute("data-testid");
                }
                Some(item) if item == root && from_outside => {
                    let remembered = last.borrow().clone();
                    if let Some(item) = remembered.and_then(|id| find(&root, &id)) {
                        focus(&item);
                    }
                }
                _ => {}
            }
        })
    };
    let onkeydown = {
        Callback::from(move |e: KeyboardEvent| {
            let Some(root) = svg.cast::<Element>() else {
                return;
            };
            let current = e
                .target()
                .and_then(|t| t.dyn_into::<Element>().ok())
                .filter(|el| el.has_attribute("data-nav-node"));
            match e.key().as_str() {
                // Leaving from an item: from the diagram itself, so that the next stop is
                // outside it rather than the next item.
                "Tab" if current.is_some() => focus(&root),
                // With a menu or the help open, Escape closes that first and the focus stays.
                "Escape" if current.is_some() && !overlay_open() => {
                    e.prevent_default();
                    focus(&root);
                }
                key => {
                    let Some(nav) = NavKey::of(key) else {
                        return;
                    };
                    if e.ctrl_key() || e.meta_key() || e.alt_key() {
                        return;
                    }
                    e.prevent_default();
                    let Some(scroller) = scroller.cast::<Element>() else {
                        return;
                    };
                    let from = current.and_then(|el| el.get_attribute("data-testid"));
                    move_focus(&root, &scroller, from.as_deref(), nav, true);
                }
            }
        })
    };
    DiagramKeys {
        onkeydown,
        onfocusin,
    }
}

/// Moves the focus from the item with test id `from` (or from the diagram itself) as `key`
/// asks. When nothing is drawn in that direction, scrolls there and, if `retry`, tries once
/// more after the blocks there have rendered.
fn move_focus(root: &Element, scroller: &Element, from: Option<&str>, key: NavKey, retry: bool) {
    let elements = items(root);
    let navs: Vec<NavItem> = elements.iter().map(|(_, item)| *item).collect();
    let index = from.and_then(|id| {
        elements
            .iter()
            .position(|(el, _)| el.get_attribute("data-testid").as_deref() == Some(id))
    });
    let client = f64::from(scroller.client_width());
    let width = f64::from(scroller.scroll_width());
    let left = super::scroll::Position::read(scroller).left_edge(width, client);
    let target = next_item(&navs, index, key, left + client / 2.0);
    // A Home or End, or a step past the drawn items, may need items that are not drawn yet.
    let reach = match (key, target, index) {
        (NavKey::Home, ..) if left > 0.0 => Some(0.0),
        (NavKey::End, ..) if left + client < width => Some(width),
        (NavKey::Left, None, Some(_)) => Some(left - client / 2.0),
        (NavKey::Right, None, Some(_)) => Some(left + client / 2.0),
        _ => None,
    };
    if let (Some(to), true) = (reach, retry) {
        super::scroll::scroll_to(scroller, width, client, to);
        let (root, scroller, from) = (root.clone(), scroller.clone(), from.map(str::to_string));
        Timeout::new(RENDER_WAIT_MS, move || {
            move_focus(&root, &scroller, from.as_deref(), key, false);
        })
        .forget();
        return;
    }
    if let Some((element, _)) = target.and_then(|i| elements.get(i)) {
        focus(element);
    }
}

/// The navigable items drawn in the diagram, in page order.
fn items(root: &Element) -> Vec<(Element, NavItem)> {
    let Ok(list) = root.query_selector_all("[data-nav-node]") else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into::<Element>().ok())
        .filter_map(|el| {
            let node = el.get_attribute("data-nav-node")?.parse().ok()?;
            // Whole units: parsing an integer keeps float parsing out of the page's bundle.
            let x: i64 = el.get_attribute("data-nav-x")?.parse().ok()?;
            Some((el, NavItem { node, x: x as f64 }))
        })
        .collect()
}

/// Whether a popover (the help) or a menu is open over the page.
fn overlay_open() -> bool {
    gloo::utils::document()
        .query_selector("[role=dialog], [role=menu]")
        .ok()
        .flatten()
        .is_some()
}

fn find(root: &Element, test_id: &str) -> Option<Element> {
    root.query_selector(&format!("[data-testid=\"{test_id}\"]"))
        .ok()
        .flatten()
}

fn focus(element: &Element) {
    if let Some(svg) = element.dyn_ref::<SvgElement>() {
        // Focusing an element in the page cannot fail; a refusal leaves the focus where it was.
        let _ = svg.focus();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two lines: node 0 with items at 10, 30, 50; node 2 with items at 20 and 60.
    fn items() -> Vec<NavItem> {
        [(0, 10.0), (0, 30.0), (2, 20.0), (0, 50.0), (2, 60.0)]
            .into_iter()
            .map(|(node, x)| NavItem { node, x })
            .collect()
    }

    #[test]
    fn left_and_right_move_along_a_line_in_time() {
        let items = items();
        assert_eq!(next_item(&items, Some(1), NavKey::Right, 0.0), Some(3));
        assert_eq!(next_item(&items, Some(1), NavKey::Left, 0.0), Some(0));
        assert_eq!(next_item(&items, Some(0), NavKey::Left, 0.0), None);
        assert_eq!(next_item(&items, Some(3), NavKey::Right, 0.0), None);
    }

    #[test]
    fn up_and_down_go_to_the_nearest_moment_on_the_next_line_with_items() {
        let items = items();
        assert_eq!(next_item(&items, Some(3), NavKey::Down, 0.0), Some(4));
        assert_eq!(next_item(&items, Some(0), NavKey::Down, 0.0), Some(2));
        assert_eq!(next_item(&items, Some(4), NavKey::Up, 0.0), Some(3));
        assert_eq!(next_item(&items, Some(0), NavKey::Up, 0.0), None);
    }

    #[test]
    fn home_and_end_go_to_a_lines_ends() {
        let items = items();
        assert_eq!(next_item(&items, Some(1), NavKey::Home, 0.0), Some(0));
        assert_eq!(next_item(&items, Some(1), NavKey::End, 0.0), Some(3));
        assert_eq!(next_item(&items, Some(2), NavKey::End, 0.0), Some(4));
    }

    #[test]
    fn the_first_key_enters_at_the_item_nearest_the_middle_of_the_view() {
        assert_eq!(next_item(&items(), None, NavKey::Right, 48.0), Some(3));
        assert_eq!(next_item(&[], None, NavKey::Right, 48.0), None);
    }

    #[test]
    fn items_at_the_same_moment_are_visited_in_page_order() {
        let items: Vec<NavItem> = [(1, 40.0), (1, 40.0), (1, 40.0)]
            .into_iter()
            .map(|(node, x)| NavItem { node, x })
            .collect();
        assert_eq!(next_item(&items, Some(0), NavKey::Right, 0.0), Some(1));
        assert_eq!(next_item(&items, Some(1), NavKey::Right, 0.0), Some(2));
        assert_eq!(next_item(&items, Some(2), NavKey::Left, 0.0), Some(1));
    }
}
