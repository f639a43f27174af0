//! A long run draws thousands of dots, arrows and step numbers. Rendering each of them on every
//! step would cost time in the length of the run, so they are drawn in blocks: each block is a
//! component holding the items whose ids fall in one range of [`BLOCK_SIZE`] ids, and its props
//! compare only those items. A step re-renders the blocks that changed (usually the newest one)
//! and Yew skips the rest without looking inside.
//!
//! Blocks go by id, not by position in the list, so an item never moves to another block when
//! items before it appear or leave (a message settling late changes only its own block).
//!
//! Only the blocks that reach into the stretch of the drawing in view (and a margin either side,
//! see [`Shown`]) are rendered at all, so the page holds about the same number of elements at
//! step 3,000 as at step 100, and the browser's paint stays as cheap.

use std::ops::Range;

/// How many ids one block spans.
pub const BLOCK_SIZE: u64 = 32;

/// The grain, in SVG units across, of the stretch whose blocks are rendered.
pub const SNAP: f64 = 512.0;

/// The items of one block: `key` numbers the block (ids `key * BLOCK_SIZE ..`), `range` indexes
/// its items in their list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    pub key: u64,
    pub range: Range<usize>,
}

impl Block {
    /// Whether an id falls in this block.
    pub fn holds(&self, id: u64) -> bool {
        id / BLOCK_SIZE == self.key
    }
}

/// The stretch of the drawing, in SVG units across, whose blocks are rendered.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Shown {
    pub start: f64,
    pub end: f64,
}

impl Shown {
    /// The stretch from `start` to `end` in view, widened by `margin` either side so that a short
    /// scroll finds the blocks already there, and then out to whole multiples of [`SNAP`], so that
    /// the stretch stays put while the drawing grows or shrinks by a column at each step or undo
    /// (otherwise a block at its far edge would come and go every time).
    pub fn around(start: f64, end: f64, margin: f64) -> Shown {
        Shown {
            start: ((start - margin) / SNAP).floor() * SNAP,
            end: ((end + margin) / SNAP).ceil() * SNAP,
        }
    }

    /// Whether a block whose items lie at these x coordinates reaches into the stretch.
    pub fn reaches(&self, xs: impl IntoIterator<Item = f64>) -> bool {
        let (low, high) = xs
            .into_iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(low, high), x| {
                (low.min(x), high.max(x))
            });
        low <= self.end && high >= self.start
    }
}

/// Cuts a list of items, given by their ids in ascending order, into blocks.
pub fn blocks(ids: impl IntoIterator<Item = u64>) -> Vec<Block> {
    let mut blocks: Vec<Block> = Vec::new();
    for (index, id) in ids.into_iter().enumerate() {
        let key = id / BLOCK_SIZE;
        match blocks.last_mut() {
            Some(block) if block.key == key => block.range.end = index + 1,
            _ => blocks.push(Block {
                key,
                range: index..index + 1,
            }),
        }
    }
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(key: u64, range: Range<usize>) -> Block {
        Block { key, range }
    }

    #[test]
    fn consecutive_ids_fill_whole_blocks() {
        assert_eq!(
            blocks(0..70),
            vec![block(0, 0..32), block(1, 32..64), block(2, 64..70)]
        );
    }

    #[test]
    fn gaps_in_the_ids_keep_each_item_in_the_block_of_its_id() {
        let cut = blocks([3, 31, 40, 200]);
        assert_eq!(cut, vec![block(0, 0..2), block(1, 2..3), block(6, 3..4)]);
        assert!(cut[2].holds(200) && !cut[2].holds(40));
    }

    #[test]
    fn a_block_is_shown_when_any_part_of_it_reaches_into_the_stretch() {
        let shown = Shown::around(1600.0, 2400.0, 500.0);
        assert_eq!((shown.start, shown.end), (1024.0, 3072.0));
        assert_eq!(Shown::around(1600.0, 2400.0, 100.0).end, 2560.0);
        assert!(shown.reaches([100.0, 1100.0]));
        assert!(shown.reaches([3000.0, 9000.0]));
        assert!(
            shown.reaches([0.0, 9000.0]),
            "an arrow spanning the whole stretch"
        );
        assert!(!shown.reaches([100.0, 1000.0]));
        assert!(!shown.reaches([3100.0, 4000.0]));
        assert!(!shown.reaches([]), "a block with no items");
    }

    #[test]
    fn no_items_make_no_blocks() {
        assert!(blocks([]).is_empty());
    }
}
