//! One block of settled messages' arrows (see [`super::blocks`]): re-rendered only when one of
//! its messages settled, changed or was selected, or when the stretch in view moved. Only its
//! arrows that cross the stretch in view are drawn: a message that waited long in flight puts
//! its block in view from far away, and the block's other arrows need not come with it.

use std::ops::Range;
use std::rc::Rc;

use synod_core::action::MessageId;
use synod_core::view::WorldView;
use yew::prelude::*;

use super::arrow::Arrow;
use super::blocks::Shown;
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
    /// The message that crosses the user's cut backwards, if it is one of this block's.
    pub crossing: Option<MessageId>,
    /// The stretch of the drawing whose arrows are drawn.
    pub shown: Shown,
}

impl PartialEq for ArrowBlockProps {
    /// Compares the block's own arrows and messages, not the whole views around them.
    fn eq(&self, other: &Self) -> bool {
        let arrows = self.geometry.arrows.list.get(self.range.clone());
        self.range == other.range
            && self.selected == other.selected
            && self.crossing == other.crossing
            && self.shown == other.shown
            && arrows == other.geometry.arrows.list.get(other.range.clone())
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
        .list
        .get(props.range.clone())
        .unwrap_or_default();
    html! {
        <g class="arrow-block">
            { for arrows.iter().filter(|geom| props.shown.reaches([geom.from.x, geom.to.x])).filter_map(|geom| {
                let message = message(&props.view, geom.message)?;
                Some(html! {
                    <Arrow key={geom.message} message={message.clone()} geom={geom.clone()}
                           selected={props.selected == Some(geom.message)}
                           crossing={props.crossing == Some(geom.message)} />
                })
            }) }
        </g>
    }
}
