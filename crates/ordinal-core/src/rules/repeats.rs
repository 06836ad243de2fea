//! Finding repeats: several API-validation rules report every repeat of a
//! value (a `mountPath`, a port name or number, a container or volume name)
//! with a label on its first occurrence. [`FirstSeen`] is the one place that
//! remembers first occurrences.

use std::collections::BTreeMap;

/// The first occurrence of each key seen so far.
pub(crate) struct FirstSeen<K, T> {
    first: BTreeMap<K, T>,
}

impl<K: Ord, T> FirstSeen<K, T> {
    /// Nothing seen yet (allocates nothing until a key is recorded).
    pub(crate) fn new() -> Self {
        FirstSeen { first: BTreeMap::new() }
    }

    /// When `item` repeats `key`: the first occurrence, and `item` handed
    /// back. Otherwise `None`, and `item` becomes the first occurrence.
    pub(crate) fn repeat_of(&mut self, key: K, item: T) -> Option<(&T, T)> {
        match self.first.entry(key) {
            std::collections::btree_map::Entry::Occupied(first) => Some((first.into_mut(), item)),
            std::collections::btree_map::Entry::Vacant(slot) => {
                slot.insert(item);
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_repeat_points_at_the_first_occurrence() {
        let mut seen = FirstSeen::new();
        let found: Vec<_> = [("a", 0), ("b", 1), ("a", 2), ("a", 3)]
            .into_iter()
            .map(|(key, index)| seen.repeat_of(key, index).map(|(first, repeat)| (*first, repeat)))
            .collect();
        assert_eq!(found, [None, None, Some((0, 2)), Some((0, 3))]);
    }
}
