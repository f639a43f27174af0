//! One block of settled messages' arrows (see [`super::blocks`]): re-rendered only when one of
//! its messages settled, changed or was selected.

use std::ops::Range;
use std::rc::Rc;

use synod_core::action::MessageId;
use synod_core::view::WorldView;
use yew::prelude::*;

use super::arrow::Arrow;
use super::layout::Layout;
use super::message;

#[derive(Properties)]
pub struct ArrowBlockProps {
    pub view: Rc<WorldView>,
    pub geometry: Rc<Layout>,
    /// The block's arrows, as indices into `geometry.arrows`.
    pub range: Range<usize>,
    /// The selected message, if it is one of this block's.
    pub selected: Option<MessageId>,
}

impl PartialEq for ArrowBlockProps {
    /// Compares the block's own arrows and messages, not the whole views around them.
    fn eq(&self, other: &Self) -> bool {
        let arrows = self.geometry.arrows.get(self.range.clone());
        self.range == other.range
            && self.selected == other.selected
            && arrows == other.geometry.arrows.get(other.range.clone())
            && arrows.unwrap_or_default().iter().all(|arrow| {
                message(&self.view, arrow.message) == message(&other.view, arrow.message)
            })
    }
}

#[function_component]
pub fn ArrowBlock(props: &ArrowBlockProps) -> Html {
    let arrows = props
        .geometry
        .arrows
        .get(props.range.clone())
        .unwrap_or_default();
    html! {
        <g class="arrow-block">
            { for arrows.iter().filter_map(|geom| {
                let message = message(&props.view, geom.message)?;
                Some(html! {
                    <Arrow key={geom.message} message={message.clone()} geom={geom.clone()}
                           selected={props.selected == Some(geom.message)} />
                })
            }) }
        </g>
    }
}
