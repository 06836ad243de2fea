//! [`LabelMap`]: labels, annotations and selectors as a sorted list of
//! pairs.
//!
//! A `BTreeMap<String, String>` allocates a whole B-tree leaf (about 540
//! bytes) even for one label, and every resource keeps several such maps;
//! a sorted `Vec` costs the pairs themselves. Label maps are small and
//! built once, so binary search and sorted inserts cost no more than the
//! tree did, and iteration stays in key order, which every output relies on.

use std::borrow::Borrow;

/// String keys to string values, iterated in key order.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LabelMap {
    /// Sorted by key, keys unique.
    pairs: Vec<(String, String)>,
}

impl LabelMap {
    /// The empty map (usable in a `static`).
    pub const fn new() -> Self {
        LabelMap { pairs: Vec::new() }
    }

    fn position<Q: Ord + ?Sized>(&self, key: &Q) -> Result<usize, usize>
    where
        String: Borrow<Q>,
    {
        self.pairs.binary_search_by(|(k, _)| k.borrow().cmp(key))
    }

    /// The value of `key`.
    pub fn get<Q: Ord + ?Sized>(&self, key: &Q) -> Option<&String>
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
    pub fn insert(&mut self, key: String, value: String) -> Option<String> {
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
    pub fn iter(&self) -> Iter<'_> {
        Iter { inner: self.pairs.iter() }
    }

    /// Keys in order.
    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &String> + ExactSizeIterator + Clone {
        self.pairs.iter().map(|(k, _)| k)
    }

    /// Values in key order.
    pub fn values(&self) -> impl DoubleEndedIterator<Item = &String> + ExactSizeIterator + Clone {
        self.pairs.iter().map(|(_, v)| v)
    }
}

/// Pairs of a [`LabelMap`] in key order, as `(&key, &value)` like a
/// `BTreeMap`'s iterator.
#[derive(Debug, Clone)]
pub struct Iter<'a> {
    inner: std::slice::Iter<'a, (String, String)>,
}

impl<'a> Iterator for Iter<'a> {
    type Item = (&'a String, &'a String);

    fn next(&mut self) -> Option<Self::Item> {
        self.inner.next().map(|(k, v)| (k, v))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.inner.size_hint()
    }
}

impl DoubleEndedIterator for Iter<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        self.inner.next_back().map(|(k, v)| (k, v))
    }
}

impl ExactSizeIterator for Iter<'_> {}

impl<'a> IntoIterator for &'a LabelMap {
    type Item = (&'a String, &'a String);
    type IntoIter = Iter<'a>;

    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

impl IntoIterator for LabelMap {
    type Item = (String, String);
    type IntoIter = std::vec::IntoIter<(String, String)>;

    fn into_iter(self) -> Self::IntoIter {
        self.pairs.into_iter()
    }
}

/// A later pair for the same key replaces the earlier one's value, as
/// inserting into a `BTreeMap` one by one does.
impl<K: Into<String>, V: Into<String>> FromIterator<(K, V)> for LabelMap {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(pairs: I) -> Self {
        let mut pairs: Vec<(String, String)> = pairs.into_iter().map(|(k, v)| (k.into(), v.into())).collect();
        // Stable, so pairs of one key stay in input order and the last wins.
        pairs.sort_by(|a, b| a.0.cmp(&b.0));
        let mut unique: Vec<(String, String)> = Vec::with_capacity(pairs.len());
        for (key, value) in pairs {
            match unique.last_mut() {
                Some(last) if last.0 == key => last.1 = value,
                _ => unique.push((key, value)),
            }
        }
        LabelMap { pairs: unique }
    }
}

impl<K: Into<String>, V: Into<String>> Extend<(K, V)> for LabelMap {
    fn extend<I: IntoIterator<Item = (K, V)>>(&mut self, pairs: I) {
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
}
