//! Every channel's in-flight messages in one vector, channel after channel.
//!
//! A world has a channel per ordered pair of nodes, most of them empty at any moment. Keeping
//! them in one vector with the offset where each channel starts makes a state one allocation
//! for all its messages (plus one for the offsets) rather than one per channel: the model
//! checker clones a state for every transition, so this is most of its memory traffic.

/// Queues of `T`, one per channel, numbered from 0.
#[derive(Clone, Debug, Hash, PartialEq, Eq)]
pub struct Queues<T> {
    items: Vec<T>,
    /// Channel `c` holds `items[starts[c]..starts[c + 1]]`.
    starts: Vec<u32>,
}

impl<T> Queues<T> {
    /// `channels` empty queues.
    pub fn new(channels: usize) -> Queues<T> {
        Queues {
            items: Vec::new(),
            starts: vec![0; channels + 1],
        }
    }

    fn range(&self, channel: usize) -> std::ops::Range<usize> {
        self.starts[channel] as usize..self.starts[channel + 1] as usize
    }

    /// The messages of one channel, in queue order.
    pub fn channel(&self, channel: usize) -> &[T] {
        &self.items[self.range(channel)]
    }

    /// Every channel that holds a message, with its messages, in channel order.
    pub fn busy(&self) -> impl Iterator<Item = (usize, &[T])> {
        (0..self.starts.len() - 1)
            .filter(|c| self.starts[*c] != self.starts[c + 1])
            .map(|c| (c, self.channel(c)))
    }

    /// Every message of every channel, in channel order.
    pub fn all(&self) -> &[T] {
        &self.items
    }

    /// Every message of every channel, to change in place without changing any channel's order.
    pub fn all_mut(&mut self) -> &mut [T] {
        &mut self.items
    }

    /// Every message with its channel, to change in place.
    pub fn all_mut_by_channel(&mut self) -> impl Iterator<Item = (usize, &mut T)> {
        let starts = &self.starts;
        self.items.iter_mut().enumerate().map(move |(at, item)| {
            // The channel whose range holds `at`: the last start at or before it.
            let channel = starts.partition_point(|start| *start as usize <= at) - 1;
            (channel, item)
        })
    }

    /// Puts `item` at place `at` of channel `channel` (`at` up to the channel's length).
    pub fn insert(&mut self, channel: usize, at: usize, item: T) {
        let range = self.range(channel);
        assert!(
            at <= range.len(),
            "place {at} is past the end of channel {channel}"
        );
        self.items.insert(range.start + at, item);
        for start in &mut self.starts[channel + 1..] {
            *start += 1;
        }
    }

    /// Takes the message at place `at` of channel `channel` out.
    pub fn remove(&mut self, channel: usize, at: usize) -> T {
        let range = self.range(channel);
        assert!(at < range.len(), "channel {channel} has no place {at}");
        for start in &mut self.starts[channel + 1..] {
            *start -= 1;
        }
        self.items.remove(range.start + at)
    }

    /// Sorts each channel's messages (an unordered channel is a sorted multiset).
    pub fn sort_each(&mut self)
    where
        T: Ord,
    {
        for channel in 0..self.starts.len() - 1 {
            let range = self.range(channel);
            self.items[range].sort();
        }
    }

    /// Keeps only the items `keep` accepts, given their channel.
    pub fn retain(&mut self, keep: impl Fn(usize, &T) -> bool) {
        let channels = self.starts.len() - 1;
        let mut items = Vec::with_capacity(self.items.len());
        let mut starts = Vec::with_capacity(self.starts.len());
        let mut old = std::mem::take(&mut self.items).into_iter();
        for channel in 0..channels {
            starts.push(items.len() as u32);
            for _ in self.range(channel) {
                let item = old.next().expect("every item belongs to a channel");
                if keep(channel, &item) {
                    items.push(item);
                }
            }
        }
        starts.push(items.len() as u32);
        self.items = items;
        self.starts = starts;
    }

    /// Within each channel, drops every message that `repeats` says repeats the one before it.
    pub fn dedup_adjacent(&mut self, repeats: impl Fn(&T, &T) -> bool) {
        let channels = self.starts.len() - 1;
        let mut items = Vec::with_capacity(self.items.len());
        let mut starts = Vec::with_capacity(self.starts.len());
        let mut old = std::mem::take(&mut self.items).into_iter();
        for channel in 0..channels {
            starts.push(items.len() as u32);
            let first = items.len();
            for _ in self.range(channel) {
                let item = old.next().expect("every item belongs to a channel");
                let repeat =
                    items.len() > first && repeats(items.last().expect("not empty"), &item);
                if !repeat {
                    items.push(item);
                }
            }
        }
        starts.push(items.len() as u32);
        self.items = items;
        self.starts = starts;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_channel_keeps_its_own_order_and_the_others_are_untouched() {
        let mut queues = Queues::new(4);
        queues.insert(2, 0, 'a');
        queues.insert(0, 0, 'x');
        queues.insert(2, 1, 'b');
        queues.insert(2, 0, 'c');
        assert_eq!(queues.channel(2), &['c', 'a', 'b']);
        assert_eq!(queues.channel(0), &['x']);
        assert!(queues.channel(1).is_empty() && queues.channel(3).is_empty());
        let busy: Vec<usize> = queues.busy().map(|(c, _)| c).collect();
        assert_eq!(busy, vec![0, 2]);
        assert_eq!(queues.remove(2, 1), 'a');
        assert_eq!(queues.channel(2), &['c', 'b']);
        assert_eq!(queues.all(), &['x', 'c', 'b']);
    }

    #[test]
    fn retaining_keeps_each_channel_in_place() {
        let mut queues = Queues::new(3);
        queues.insert(0, 0, 1);
        queues.insert(0, 1, 2);
        queues.insert(1, 0, 3);
        queues.insert(2, 0, 4);
        queues.insert(2, 1, 6);
        queues.retain(|channel, item| channel == 1 || item % 2 == 0);
        assert_eq!(queues.channel(0), &[2]);
        assert_eq!(queues.channel(1), &[3]);
        assert_eq!(queues.channel(2), &[4, 6]);
        assert_eq!(queues.all(), &[2, 3, 4, 6]);
    }

    #[test]
    fn repeats_collapse_only_within_a_channel() {
        let mut queues = Queues::new(3);
        for (channel, item) in [(0, 1), (0, 1), (0, 2), (0, 1), (1, 1), (2, 1), (2, 1)] {
            let at = queues.channel(channel).len();
            queues.insert(channel, at, item);
        }
        queues.dedup_adjacent(|a, b| a == b);
        assert_eq!(queues.channel(0), &[1, 2, 1]);
        assert_eq!(queues.channel(1), &[1]);
        assert_eq!(queues.channel(2), &[1]);
    }

    #[test]
    fn equal_contents_are_equal_queues() {
        let mut one = Queues::new(2);
        one.insert(1, 0, 7);
        one.insert(0, 0, 3);
        let mut other = Queues::new(2);
        other.insert(0, 0, 3);
        other.insert(1, 0, 7);
        assert_eq!(one, other);
    }
}
