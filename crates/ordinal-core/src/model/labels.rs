//! [`SortedMap`]: the string-keyed maps of the model (labels, annotations,
//! selectors as [`LabelMap`]; resource quantities) as a sorted list of
//! pairs.
//!
//! A `BTreeMap<String, _>` allocates a whole B-tree leaf (about 540 bytes)
//! even for one entry, and every resource keeps several such maps; a
//! sorted `Vec` costs the pairs themselves. Label maps are small and
//! built once, so binary search and sorted inserts cost no more than the
//! tree did, and iteration stays in key order, which every output relies on.

use std::borrow::Borrow;

/// String keys to string values, iterated in key order.
pub type LabelMap = SortedMap<String>;

/// String keys to values, iterated in key order.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SortedMap<V> {
    /// Sorted by key, keys unique.
    pairs: Vec<(String, V)>,
}

impl<V> Default for SortedMap<V> {
    fn default() -> Self {
        SortedMap::new()
    }
}

impl<V> SortedMap<V> {
    /// The empty map (usable in a `static`).
    pub const fn new() -> Self {
        SortedMap { pairs: Vec::new() }
    }

    fn position<Q: Ord + ?Sized>(&self, key: &Q) -> Result<usize, usize>
    where
        String: Borrow<Q>,
    {
        self.pairs.binary_search_by(|(k, _)| k.borrow().cmp(key))
    }

    /// The value of `key`.
    pub fn get<Q: Ord + ?Sized>(&self, key: &Q) -> Option<&V>
    where
        String: Borrow<Q>,
    {
        self.position(key).ok().map(|i| &self.pairs[i].1)
    }

    /// Whether `key` is present.
    pub fn contains_key<Q: Ord + ?Sized>(&self, key: &Q) -> bool
    where
        String: Borrow<Q>,
    {
        self.position(key).is_ok()
    }

    /// Set `key` to `value`, returning the value it replaces; like
    /// `BTreeMap::insert`, the key already stored is kept.
    pub fn insert(&mut self, key: String, value: V) -> Option<V> {
        match self.position(key.as_str()) {
            Ok(i) => Some(std::mem::replace(&mut self.pairs[i].1, value)),
            Err(i) => {
                self.pairs.insert(i, (key, value));
                None
            }
        }
    }

    /// Number of pairs.
    pub fn len(&self) -> usize {
        self.pairs.len()
    }

    /// Whether there are no pairs.
    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }

    /// Pairs in key order.
    pub fn iter(&self) -> Iter<'_, V> {
        Iter { inner: self.pairs.iter() }
    }

    /// Keys in order.
    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &String> + ExactSizeIterator + Clone {
        self.pairs.iter().map(|(k, _)| k)
    }

    /// Values in key order.
    pub fn values(&self) -> impl DoubleEndedIterator<Item = &V> + ExactSizeIterator + Clone {
        self.pairs.iter().map(|(_, v)| v)
    }
}

/// Pairs of a [`SortedMap`] in key order, as `(&key, &value)` like a
/// `BTreeMap`'s iterator.
#[derive(Debug, Clone)]
pub struct Iter<'a, V> {
    inner: std::slice::Iter<'a, (String, V)>,
}

impl<'a, V> Iterator for Iter<'a, V> {
    type Item = (&'a String, &'a V);

    fn next(&mut self) -> Option<Self::Item> {
        self.inner.next().map(|(k, v)| (k, v))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.inner.size_hint()
    }
}

impl<V> DoubleEndedIterator for Iter<'_, V> {
    fn next_back(&mut self) -> Option<Self::Item> {
        self.inner.next_back().map(|(k, v)| (k, v))
    }
}

impl<V> ExactSizeIterator for Iter<'_, V> {}

impl<'a, V> IntoIterator for &'a SortedMap<V> {
    type Item = (&'a String, &'a V);
    type IntoIter = Iter<'a, V>;

    fn into_iter(self) -> Iter<'a, V> {
        self.iter()
    }
}

impl<V> IntoIterator for SortedMap<V> {
    type Item = (String, V);
    type IntoIter = std::vec::IntoIter<(String, V)>;

    fn into_iter(self) -> Self::IntoIter {
        self.pairs.into_iter()
    }
}

/// A later pair for the same key replaces the earlier one's value, as
/// inserting into a `BTreeMap` one by one does.
impl<K: Into<String>, W: Into<V>, V> FromIterator<(K, W)> for SortedMap<V> {
    fn from_iter<I: IntoIterator<Item = (K, W)>>(pairs: I) -> Self {
        let mut pairs: Vec<(String, V)> = pairs.into_iter().map(|(k, v)| (k.into(), v.into())).collect();
        if pairs.windows(2).all(|pair| pair[0].0 < pair[1].0) {
            // Collected without knowing the count: room for four pairs at
            // least, kept by every resource until the end of a run.
            pairs.shrink_to_fit();
            return SortedMap { pairs };
        }
        // Stable, so pairs of one key stay in input order and the last wins;
        // the core's one sort, not a copy of the standard one per value type.
        crate::order::sort_by(&mut pairs, |a, b| a.0.cmp(&b.0));
        let mut unique: Vec<(String, V)> = Vec::with_capacity(pairs.len());
        for (key, value) in pairs {
            match unique.last_mut() {
                Some(last) if last.0 == key => last.1 = value,
                _ => unique.push((key, value)),
            }
        }
        SortedMap { pairs: unique }
    }
}

impl<K: Into<String>, W: Into<V>, V> Extend<(K, W)> for SortedMap<V> {
    fn extend<I: IntoIterator<Item = (K, W)>>(&mut self, pairs: I) {
        for (key, value) in pairs {
            self.insert(key.into(), value.into());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_key_order_and_the_last_value_of_a_key() {
        let map: LabelMap = [("b", "1"), ("a", "2"), ("b", "3")].into_iter().collect();
        let pairs: Vec<_> = map.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        assert_eq!(pairs, [("a", "2"), ("b", "3")]);
        assert_eq!(map.get("b").map(String::as_str), Some("3"));
        assert!(map.contains_key("a") && !map.contains_key("c"));
        let mut map = map;
        assert_eq!(map.insert("a".into(), "4".into()).as_deref(), Some("2"));
        assert_eq!(map.insert("0".into(), "5".into()), None);
        assert_eq!(map.keys().map(String::as_str).collect::<Vec<_>>(), ["0", "a", "b"]);
        assert_eq!(map.len(), 3);
        assert!(LabelMap::new().is_empty());
    }

    #[test]
    fn any_value_type_reads_the_same_way() {
        let sorted: SortedMap<u8> = [("a", 1), ("b", 2)].into_iter().collect();
        let unsorted: SortedMap<u8> = [("b", 9), ("a", 1), ("b", 2)].into_iter().collect();
        assert_eq!(sorted, unsorted);
        assert_eq!(unsorted.get("b"), Some(&2));
        assert_eq!(unsorted.values().copied().collect::<Vec<_>>(), [1, 2]);
    }
}
