//! `Chunked<T>`: a vector that shares its history between copies.
//!
//! The page keeps a world and a view for the step it shows, copies of them for undo and scrubbing
//! (checkpoints), and builds each step's view from the previous one. All of those are long
//! histories that differ only at their ends. A `Chunked` stores its elements in fixed-size chunks
//! behind reference counts, so cloning one copies a pointer per chunk rather than every element,
//! and changing an element copies only its chunk, and only when another copy still shares it.
//!
//! It is written here rather than taken from a persistent-collections crate because it needs only
//! push, set, truncate and reading, and the page's bundle pays for every byte of code.

use std::fmt;
use std::ops::{Index, Range};
use std::rc::Rc;

use serde::{Serialize, Serializer};

/// Elements per chunk: the diagram's history blocks have the same size, so a block whose chunk
/// is shared is known to be unchanged without comparing its elements.
pub const CHUNK: usize = 32;

pub struct Chunked<T> {
    chunks: Vec<Rc<Vec<T>>>,
    len: usize,
}

impl<T> Chunked<T> {
    pub fn new() -> Chunked<T> {
        Chunked {
            chunks: Vec::new(),
            len: 0,
        }
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn get(&self, index: usize) -> Option<&T> {
        (index < self.len).then(|| &self.chunks[index / CHUNK][index % CHUNK])
    }

    pub fn last(&self) -> Option<&T> {
        self.len.checked_sub(1).and_then(|last| self.get(last))
    }

    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &T> + Clone {
        self.chunks.iter().flat_map(|chunk| chunk.iter())
    }

    /// The elements in `range` (clamped to the length).
    pub fn range(&self, range: Range<usize>) -> impl Iterator<Item = &T> + Clone {
        let end = range.end.min(self.len);
        let start = range.start.min(end);
        let first = start / CHUNK;
        let last = end.div_ceil(CHUNK);
        self.chunks[first..last]
            .iter()
            .flat_map(|chunk| chunk.iter())
            .skip(start - first * CHUNK)
            .take(end - start)
    }

    /// Whether `range` of `self` and of `other` certainly hold the same elements because they
    /// share the chunks that cover it (a quick test that can answer "don't know" with `false`).
    pub fn shares(&self, other: &Chunked<T>, range: Range<usize>) -> bool {
        if range.is_empty() {
            return true;
        }
        let end = range.end.min(self.len);
        if end != range.end.min(other.len) {
            return false;
        }
        let chunks = range.start / CHUNK..end.div_ceil(CHUNK);
        let ours = &self.chunks[chunks.clone()];
        let theirs = &other.chunks[chunks];
        ours.iter().zip(theirs).all(|(a, b)| Rc::ptr_eq(a, b))
    }
}

impl<T: Clone> Chunked<T> {
    pub fn push(&mut self, value: T) {
        if self.len.is_multiple_of(CHUNK) {
            self.chunks.push(Rc::new(Vec::with_capacity(CHUNK)));
        }
        let last = self.chunks.last_mut().expect("a chunk with room");
        Rc::make_mut(last).push(value);
        self.len += 1;
    }

    /// The element at `index` to change, copying its chunk first if another copy shares it.
    pub fn get_mut(&mut self, index: usize) -> Option<&mut T> {
        if index >= self.len {
            return None;
        }
        Some(&mut Rc::make_mut(&mut self.chunks[index / CHUNK])[index % CHUNK])
    }

    /// Keeps the first `len` elements.
    pub fn truncate(&mut self, len: usize) {
        if len >= self.len {
            return;
        }
        self.chunks.truncate(len.div_ceil(CHUNK));
        if !len.is_multiple_of(CHUNK) {
            let last = self.chunks.last_mut().expect("a partial chunk");
            Rc::make_mut(last).truncate(len % CHUNK);
        }
        self.len = len;
    }
}

impl<T> Clone for Chunked<T> {
    fn clone(&self) -> Chunked<T> {
        Chunked {
            chunks: self.chunks.clone(),
            len: self.len,
        }
    }
}

impl<T> Default for Chunked<T> {
    fn default() -> Chunked<T> {
        Chunked::new()
    }
}

impl<T> Index<usize> for Chunked<T> {
    type Output = T;

    fn index(&self, index: usize) -> &T {
        self.get(index).expect("index within a Chunked")
    }
}

impl<T: PartialEq> PartialEq for Chunked<T> {
    fn eq(&self, other: &Chunked<T>) -> bool {
        self.len == other.len
            && self
                .chunks
                .iter()
                .zip(&other.chunks)
                .all(|(a, b)| Rc::ptr_eq(a, b) || a == b)
    }
}

impl<T: Eq> Eq for Chunked<T> {}

impl<T: Clone> FromIterator<T> for Chunked<T> {
    fn from_iter<I: IntoIterator<Item = T>>(items: I) -> Chunked<T> {
        let mut chunked = Chunked::new();
        chunked.extend(items);
        chunked
    }
}

impl<T: Clone> Extend<T> for Chunked<T> {
    fn extend<I: IntoIterator<Item = T>>(&mut self, items: I) {
        for item in items {
            self.push(item);
        }
    }
}

impl<T: fmt::Debug> fmt::Debug for Chunked<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<T: Serialize> Serialize for Chunked<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

impl<'a, T> IntoIterator for &'a Chunked<T> {
    type Item = &'a T;
    type IntoIter = std::iter::FlatMap<
        std::slice::Iter<'a, Rc<Vec<T>>>,
        std::slice::Iter<'a, T>,
        fn(&'a Rc<Vec<T>>) -> std::slice::Iter<'a, T>,
    >;

    fn into_iter(self) -> Self::IntoIter {
        self.chunks.iter().flat_map(|chunk| chunk.iter())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbers(n: usize) -> Chunked<usize> {
        (0..n).collect()
    }

    #[test]
    fn reads_like_a_vector() {
        let chunked = numbers(100);
        assert_eq!(chunked.len(), 100);
        assert_eq!(
            chunked.iter().copied().collect::<Vec<_>>(),
            (0..100).collect::<Vec<_>>()
        );
        assert_eq!(chunked[64], 64);
        assert_eq!(chunked.get(100), None);
        assert_eq!(chunked.last(), Some(&99));
        assert_eq!(
            chunked.range(30..70).copied().collect::<Vec<_>>(),
            (30..70).collect::<Vec<_>>()
        );
        assert_eq!(chunked.range(95..120).count(), 5);
        assert_eq!(chunked.range(120..130).count(), 0);
        assert_eq!(chunked.iter().next_back(), Some(&99));
    }

    #[test]
    fn copies_share_until_one_changes() {
        let original = numbers(70);
        let mut copy = original.clone();
        assert!(copy.shares(&original, 0..70));
        *copy.get_mut(40).unwrap() = 1000;
        assert_eq!(original[40], 40);
        assert_eq!(copy[40], 1000);
        assert!(copy.shares(&original, 0..32));
        assert!(!copy.shares(&original, 32..64));
        assert!(copy.shares(&original, 64..70));
        assert_ne!(copy, original);
        copy.push(70);
        assert_eq!(original.len(), 70);
        assert_eq!(copy.len(), 71);
    }

    #[test]
    fn truncates_without_touching_copies() {
        let original = numbers(70);
        let mut shorter = original.clone();
        shorter.truncate(33);
        assert_eq!(
            shorter.iter().copied().collect::<Vec<_>>(),
            (0..33).collect::<Vec<_>>()
        );
        shorter.push(500);
        assert_eq!(original[33], 33);
        assert_eq!(shorter[33], 500);
        shorter.truncate(0);
        assert!(shorter.is_empty());
        shorter.push(1);
        assert_eq!(shorter.iter().copied().collect::<Vec<_>>(), vec![1]);
    }
}
