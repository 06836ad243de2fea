//! One sort for the whole core.
//!
//! Every `slice::sort*` call on a new element type brings its own copy of
//! the standard library's sort (driftsort or ipnsort, several KB of WASM
//! each), and the docs embed has a size budget. These helpers sort a list
//! of indices with one comparator type instead, so the core links the
//! sort once, and then move the items into that order. Stable, like
//! `sort_by`; O(n log n) comparisons plus one pass of moves.

use std::cmp::Ordering;

/// The stable order of `len` items under `compare` (which gets two item
/// indices): not generic, so the sort inside is instantiated once.
pub fn stable_order(len: usize, compare: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    order.sort_by(|&a, &b| compare(a, b));
    order
}

/// Sort `items` stably by `compare`.
pub fn sort_by<T>(items: &mut [T], mut compare: impl FnMut(&T, &T) -> Ordering) {
    if items.len() < 2 {
        return;
    }
    let order = stable_order(items.len(), &mut |a, b| compare(&items[a], &items[b]));
    permute(items, order);
}

/// Move `items` so that position `i` holds what was at `order[i]`, in place:
/// a second list of the items would double the peak memory of sorting a
/// large report. `order` must hold each index once (a permutation).
fn permute<T>(items: &mut [T], mut order: Vec<usize>) {
    for start in 0..order.len() {
        // Follow the cycle through `start`, marking each placed position
        // by pointing it at itself.
        let mut position = start;
        loop {
            let from = order[position];
            order[position] = position;
            if from == start || from == position {
                break;
            }
            items.swap(position, from);
            position = from;
        }
    }
}

/// Sort `items` stably by the key `key` gives each.
pub fn sort_by_key<T, K: Ord>(items: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

/// Sort `items` by their own order.
pub fn sort<T: Ord>(items: &mut [T]) {
    sort_by(items, T::cmp);
}

/// A JSON object of `pairs`, the last value of a repeated key winning, as
/// `collect()` gives (serde_json's `Map` is a `BTreeMap` here, and its
/// `from_iter` sorts its input first, which links another copy of the
/// sort; inserting uses the insert code every map links anyway).
pub fn json_object(
    pairs: impl IntoIterator<Item = (String, serde_json::Value)>,
) -> serde_json::Map<String, serde_json::Value> {
    let mut map = serde_json::Map::new();
    for (key, value) in pairs {
        map.insert(key, value);
    }
    map
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permutes_in_place_like_moving_into_a_new_list() {
        // Deterministic pseudo-random permutations of many sizes, cycles of
        // every length included.
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        for len in 0..200usize {
            let mut order: Vec<usize> = (0..len).collect();
            for i in (1..len).rev() {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                order.swap(i, (seed % (i as u64 + 1)) as usize);
            }
            let items: Vec<String> = (0..len).map(|i| format!("item {i}")).collect();
            let expected: Vec<String> = order.iter().map(|&i| items[i].clone()).collect();
            let mut permuted = items;
            permute(&mut permuted, order);
            assert_eq!(permuted, expected, "length {len}");
        }
    }

    #[test]
    fn sorts_stably_like_the_standard_library() {
        let words = ["pear", "fig", "apple", "kiwi", "date", "plum", "", "fig", "lime"];
        let mut ours: Vec<&str> = words.to_vec();
        sort_by_key(&mut ours, |word| word.len());
        let mut std_sorted = words.to_vec();
        std_sorted.sort_by_key(|word| word.len());
        assert_eq!(ours, std_sorted);
        let mut numbers = vec![5, 3, 9, 1, 3, 0, 12, 7];
        sort(&mut numbers);
        assert_eq!(numbers, [0, 1, 3, 3, 5, 7, 9, 12]);
        let mut owned: Vec<String> = vec!["b".into(), "a".into()];
        sort_by(&mut owned, |a, b| b.cmp(a));
        assert_eq!(owned, ["b", "a"]);
        let mut empty: Vec<u8> = Vec::new();
        sort(&mut empty);
        assert!(empty.is_empty());
    }
}
