//! Finding repeats: several API-validation rules report every repeat of a
//! value (a `mountPath`, a port name or number, a container or volume name)
//! with a label on its first occurrence. [`FirstSeen`] is the one place that
//! remembers first occurrences.

use std::collections::hash_map::RandomState;
use std::collections::HashMap;
use std::hash::{BuildHasher, Hash};

/// The first occurrence of each key seen so far.
///
/// Keys are found through their hash in one `HashMap<u64, _>` whatever `K`
/// and `T` are: a map per key type would link the map's code once per
/// rule that uses this (several KB of the docs embed each).
pub(crate) struct FirstSeen<K, T> {
    seen: Vec<(K, T)>,
    /// Hash of a key → the indices into `seen` of the keys with that hash.
    by_hash: HashMap<u64, Vec<usize>>,
    hasher: RandomState,
}

impl<K: Hash + Eq, T> FirstSeen<K, T> {
    /// Nothing seen yet (allocates nothing until a key is recorded).
    pub(crate) fn new() -> Self {
        FirstSeen { seen: Vec::new(), by_hash: HashMap::new(), hasher: RandomState::new() }
    }

    /// When `item` repeats `key`: the first occurrence, and `item` handed
    /// back. Otherwise `None`, and `item` becomes the first occurrence.
    pub(crate) fn repeat_of(&mut self, key: K, item: T) -> Option<(&T, T)> {
        let hash = self.hasher.hash_one(&key);
        let same_hash = self.by_hash.entry(hash).or_default();
        if let Some(&first) =
            same_hash.iter().find(|&&index| self.seen.get(index).is_some_and(|(seen, _)| *seen == key))
        {
            return self.seen.get(first).map(|(_, first)| (first, item));
        }
        same_hash.push(self.seen.len());
        self.seen.push((key, item));
        None
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
