//! Long lists in the panels (messages in flight, a node's fields, the protocol's tables) show a
//! first few items and one button for the rest, so that the page holds about as many elements at
//! step 2,000 as at step 50 and the panels stay readable. The rest is rendered only when asked.

use yew::prelude::*;

/// Whether a list shows all of its items, and the callback that switches it.
#[hook]
pub fn use_show_all() -> (bool, Callback<MouseEvent>) {
    let all = use_state_eq(|| false);
    let toggle = {
        let all = all.clone();
        Callback::from(move |_: MouseEvent| all.set(!*all))
    };
    (*all, toggle)
}

/// How many of `total` items a list shows: all of them when asked or when the list is short
/// (hiding one or two items saves nothing), else `first`.
pub fn shown_count(total: usize, first: usize, all: bool) -> usize {
    if all || total <= first + 2 {
        total
    } else {
        first
    }
}

#[derive(Properties, PartialEq)]
pub struct ShowMoreProps {
    /// How many items are hidden (0 while all are shown).
    pub hidden: usize,
    /// The whole list's length.
    pub total: usize,
    /// What the items are, in the plural ("messages").
    pub noun: AttrValue,
    pub ontoggle: Callback<MouseEvent>,
}

/// The button under a shortened list ("Show 40 more messages"), or over a list shown whole that
/// was long enough to be shortened ("Show fewer").
#[function_component]
pub fn ShowMore(props: &ShowMoreProps) -> Html {
    let text = if props.hidden > 0 {
        format!("Show {} more {}", props.hidden, props.noun)
    } else {
        format!("Show fewer {}", props.noun)
    };
    html! {
        <button type="button" class="link-button show-more" data-testid="show-more"
            aria-expanded={(props.hidden == 0).to_string()}
            title={format!("{} {} in all", props.total, props.noun)}
            onclick={props.ontoggle.clone()}>{ text }</button>
    }
}

#[cfg(test)]
mod tests {
    use super::shown_count;

    #[test]
    fn a_long_list_shows_its_first_items_until_asked_for_all() {
        assert_eq!(shown_count(100, 20, false), 20);
        assert_eq!(shown_count(100, 20, true), 100);
    }

    #[test]
    fn a_list_barely_longer_than_the_cut_is_shown_whole() {
        assert_eq!(shown_count(22, 20, false), 22);
        assert_eq!(shown_count(23, 20, false), 20);
        assert_eq!(shown_count(3, 20, false), 3);
    }
}
