//! A tree's spans without the tree: the key and value span of each field a
//! reader names ([`Keep`]), found by path. Linking keeps this of each
//! resource once the file's own rules have run (`Resource::keep_linked`):
//! its rules read values from the typed models and only point into the
//! tree, and the tree's nodes (a mapping entry is 64 bytes, each collection
//! one allocation) were the largest thing a lint run kept of each file.

use std::borrow::Cow;
use std::hash::{BuildHasher, Hash, Hasher};

use super::node::{Entry, Node, NodeValue, PathSegment};
use super::retain::{Keep, KeepValue};
use crate::source::Span;

/// The spans of the fields [`Keep`] names of one tree, in one allocation.
/// A path is looked up by its hash: one entry is a fourth of a tree's node
/// and its key, and there is no text to compare. Two paths of one resource
/// share a 64-bit hash with odds far below any other error in a run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SpanIndex {
    /// Sorted by path hash, each hash once (the first of equal keys, which
    /// is the one `Node::entry` finds).
    nodes: Box<[IndexedNode]>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct IndexedNode {
    path: u64,
    /// Where the key starts (an item's own span: its value's).
    key_start: u32,
    value: [u32; 2],
    /// The key's length, or [`WIDE`]: the key is longer, or the first key
    /// below is far from the value's start, and both are in the entry at
    /// [`wide`]`(path)`.
    key_len: u16,
    /// Where a mapping's first key starts (where a fix inserts an entry),
    /// from the value's start; [`NO_ENTRY`] for an empty mapping or
    /// another value.
    first_key: u16,
}

/// A 24-byte entry: a key is a few bytes long, and a block mapping's first
/// key is where the mapping starts (a flow one's a byte on), so each fits
/// in 16 bits; the rare one that does not takes a second entry.
const WIDE: u16 = u16::MAX;
const NO_ENTRY: u16 = u16::MAX;

/// The path of the second entry of a [`WIDE`] one: its `key_start` holds the
/// key's end and `value[0]` the first key's start (`u32::MAX` for none).
fn wide(path: u64) -> u64 {
    // Hashed apart from every key and index, as no segment can be.
    let mut hasher = hasher();
    path.hash(&mut hasher);
    2u8.hash(&mut hasher);
    hasher.finish()
}

/// A path's hash in the index, from its parent's.
fn step(parent: u64, segment: PathSegment<'_>) -> u64 {
    let mut hasher = hasher();
    parent.hash(&mut hasher);
    match segment {
        PathSegment::Key(key) => {
            0u8.hash(&mut hasher);
            key.hash(&mut hasher);
        }
        PathSegment::Index(index) => {
            1u8.hash(&mut hasher);
            index.hash(&mut hasher);
        }
    }
    hasher.finish()
}

fn hasher() -> impl Hasher {
    // A fixed seed: the same on every run and machine, so a report never
    // depends on one. foldhash's quality variant, not SipHash, which took
    // 2% of a lint run's instructions here.
    foldhash::quality::FixedState::with_seed(0x6f72_6469_6e61_6c21).build_hasher()
}

/// The hash of the empty path, the root's.
const ROOT: u64 = 0;

fn pack(span: Span) -> [u32; 2] {
    [span.start, span.end].map(offset)
}

fn unpack([start, end]: [u32; 2]) -> Span {
    Span { start: start as usize, end: end as usize }
}

fn first_key(node: &Node) -> Option<usize> {
    node.entries().and_then(<[_]>::first).map(|first| first.key.span().start)
}

/// A byte offset in 32 bits: the parser refuses text over 4 GiB, so the
/// clamp never bites.
fn offset(at: usize) -> u32 {
    u32::try_from(at).unwrap_or(u32::MAX)
}

/// A found node: its key's span, its value's, and its first entry's key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IndexedSpans {
    /// The key's span (for an item, its own span).
    pub key: Span,
    /// The value's span.
    pub value: Span,
    /// Where a mapping's first key starts, where an entry is inserted
    /// first; `None` for an empty mapping or a value of another kind.
    pub first_key: Option<usize>,
}

impl SpanIndex {
    /// The spans of what `fields` names of `root` (a mapping), as
    /// [`Node::retain`] would keep them: each kept mapping's first entry
    /// too, by its spans only.
    pub fn new(root: &Node, fields: &[Keep]) -> SpanIndex {
        // Built in one list a thread reuses, then copied at its length:
        // grown by doubling, each resource's index kept up to as much room
        // again to the end of a run (`crate::exact`).
        thread_local! {
            static NODES: std::cell::RefCell<Vec<IndexedNode>> = const { std::cell::RefCell::new(Vec::new()) };
        }
        NODES.with_borrow_mut(|nodes| {
            nodes.clear();
            record_fields(nodes, root, ROOT, fields);
            // Stable, so the first of two keys that read the same (`true`
            // and `"true"`) is the one kept, as `Node::entry` finds the first.
            nodes.sort_by_key(|node: &IndexedNode| node.path);
            nodes.dedup_by_key(|node| node.path);
            let index = SpanIndex { nodes: Box::from(nodes.as_slice()) };
            // One resource of a hostile size must not keep its room.
            if nodes.capacity() > 4096 {
                *nodes = Vec::new();
            }
            index
        })
    }

    /// How many fields it holds.
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// Whether it holds none.
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// The spans at `path`, if it is held.
    pub fn get(&self, path: &[PathSegment<'_>]) -> Option<IndexedSpans> {
        let hash = path.iter().fold(ROOT, |hash, segment| step(hash, *segment));
        self.find(hash).map(|node| self.spans(node))
    }

    fn spans(&self, node: &IndexedNode) -> IndexedSpans {
        let value = unpack(node.value);
        if node.key_len == WIDE {
            // `new` pushes both entries of a wide one.
            let wide = self.find(wide(node.path)).copied().unwrap_or(*node);
            let first_key = (wide.value[0] != u32::MAX).then_some(wide.value[0] as usize);
            return IndexedSpans { key: unpack([node.key_start, wide.key_start]), value, first_key };
        }
        let key = Span { start: node.key_start as usize, end: node.key_start as usize + node.key_len as usize };
        let first_key = (node.first_key != NO_ENTRY).then(|| value.start + node.first_key as usize);
        IndexedSpans { key, value, first_key }
    }

    /// The value span at `path` from `root_span`; when a step is not held,
    /// the key of the deepest field that is (or `fallback` if none), like
    /// `Resource::span` over a tree.
    pub fn span(&self, root_span: Span, path: &[PathSegment<'_>], fallback: Span) -> Span {
        let mut hash = ROOT;
        let mut best = fallback;
        let mut value = root_span;
        for segment in path {
            hash = step(hash, *segment);
            let Some(node) = self.find(hash) else { return best };
            let spans = self.spans(node);
            if let PathSegment::Key(_) = segment {
                best = spans.key;
            }
            value = spans.value;
        }
        value
    }

    fn find(&self, path: u64) -> Option<&IndexedNode> {
        self.nodes.binary_search_by_key(&path, |node| node.path).ok().map(|found| &self.nodes[found])
    }
}

fn record(nodes: &mut Vec<IndexedNode>, path: u64, key: Span, value: &Node) {
    let value_span = value.span();
    let first_key = first_key(value);
    let key_len = u16::try_from(key.len()).ok().filter(|&len| len != WIDE);
    let first_key_delta = match first_key {
        None => Some(NO_ENTRY),
        Some(at) => {
            at.checked_sub(value_span.start).and_then(|delta| u16::try_from(delta).ok()).filter(|&d| d != NO_ENTRY)
        }
    };
    let node =
        IndexedNode { path, key_start: offset(key.start), value: pack(value_span), key_len: WIDE, first_key: NO_ENTRY };
    match (key_len, first_key_delta) {
        (Some(key_len), Some(first_key)) => nodes.push(IndexedNode { key_len, first_key, ..node }),
        _ => {
            nodes.push(node);
            nodes.push(IndexedNode {
                path: wide(path),
                key_start: offset(key.end),
                value: [first_key.map_or(u32::MAX, offset), 0],
                ..node
            });
        }
    }
}

/// Record the entries of `node` that `fields` names, and its first.
fn record_fields(nodes: &mut Vec<IndexedNode>, node: &Node, path: u64, fields: &[Keep]) {
    let Some(entries) = node.entries() else { return };
    for (position, entry) in entries.iter().enumerate() {
        let keep = entry.key.as_str().and_then(|key| fields.iter().find(|keep| keep.key == key));
        if keep.is_none() && position > 0 {
            continue;
        }
        let Some(key) = key_text(entry) else { continue };
        let child = step(path, PathSegment::Key(&key));
        match keep.map(|keep| keep.value) {
            Some(KeepValue::Whole) => {
                record(nodes, child, entry.key.span(), &entry.value);
                record_whole(nodes, &entry.value, child);
            }
            Some(KeepValue::Fields(inner)) => {
                record(nodes, child, entry.key.span(), &entry.value);
                record_fields(nodes, &entry.value, child, inner);
            }
            // A first entry no field names keeps its spans, like a field kept by span.
            Some(KeepValue::Span) | None => record(nodes, child, entry.key.span(), &entry.value),
        }
    }
}

/// The text an entry is found by: a key that is not a string by the text
/// sigs.k8s.io/yaml gives it, as `Entry::key_is` compares it.
fn key_text(entry: &Entry) -> Option<Cow<'_, str>> {
    match entry.key.as_str() {
        Some(key) => Some(Cow::Borrowed(key)),
        None => entry.key_text().map(Cow::Owned),
    }
}

/// Record every descendant of `node`.
fn record_whole(nodes: &mut Vec<IndexedNode>, node: &Node, path: u64) {
    match &node.value {
        NodeValue::Mapping(entries) => {
            for entry in entries.iter() {
                let Some(text) = key_text(entry) else { continue };
                let child = step(path, PathSegment::Key(&text));
                record(nodes, child, entry.key.span(), &entry.value);
                record_whole(nodes, &entry.value, child);
            }
        }
        NodeValue::Sequence(items) => {
            for (index, item) in items.iter().enumerate() {
                let child = step(path, PathSegment::Index(index));
                record(nodes, child, item.span(), item);
                record_whole(nodes, item, child);
            }
        }
        NodeValue::Scalar(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::{parse_yaml, Limits};
    use PathSegment::{Index, Key};

    const KEEP: &[Keep] =
        &[Keep::whole("kind"), Keep::fields("spec", &[Keep::whole("selector"), Keep::span("containers")])];

    fn root(text: &str) -> Node {
        parse_yaml(text, Limits::default()).documents.remove(0).root.unwrap()
    }

    /// The span a tree cut by [`Node::retain`] gives, walked as
    /// `Resource::span` walks it.
    fn tree_span(node: &Node, path: &[PathSegment<'_>], fallback: Span) -> Span {
        let mut node = node;
        let mut best = fallback;
        for segment in path {
            let next = match segment {
                Key(key) => node.entry(key).map(|entry| {
                    best = entry.key.span();
                    &entry.value
                }),
                Index(index) => node.items().and_then(|items| items.get(*index)),
            };
            match next {
                Some(next) => node = next,
                None => return best,
            }
        }
        node.span()
    }

    #[test]
    fn gives_the_spans_a_cut_tree_gives() {
        let text = "apiVersion: v1\nkind: X\ndata: {a: b}\nspec:\n  replicas: 3\n  selector: {app: db, 1: one, on: x, \"true\": y}\n  containers:\n  - name: c\n  other: [a, {b: c}]\n";
        let whole = root(text);
        let mut cut = whole.clone();
        cut.retain(KEEP);
        let index = SpanIndex::new(&whole, KEEP);
        let fallback = Span::empty(999);
        let paths: &[&[PathSegment<'_>]] = &[
            &[],
            &[Key("apiVersion")],
            &[Key("kind")],
            &[Key("data")],
            &[Key("data"), Key("a")],
            &[Key("spec")],
            &[Key("spec"), Key("replicas")],
            &[Key("spec"), Key("selector")],
            &[Key("spec"), Key("selector"), Key("app")],
            &[Key("spec"), Key("selector"), Key("1")],
            &[Key("spec"), Key("selector"), Key("true")],
            &[Key("spec"), Key("selector"), Key("missing")],
            &[Key("spec"), Key("containers")],
            &[Key("spec"), Key("containers"), Index(0), Key("name")],
            &[Key("spec"), Key("other"), Index(1), Key("b")],
            &[Key("nothing"), Key("deeper")],
        ];
        for path in paths {
            assert_eq!(index.span(whole.span(), path, fallback), tree_span(&cut, path, fallback), "{path:?}");
        }
        // The first of two keys that read `true` is the one found.
        let on = whole.at(&[Key("spec"), Key("selector")]).unwrap().entry("true").unwrap().key.span();
        assert_eq!(index.get(&[Key("spec"), Key("selector"), Key("true")]).unwrap().key, on);
    }

    #[test]
    fn knows_a_mappings_first_key() {
        let whole = root("kind: X\nspec:\n  replicas: 3\n  selector: {}\n");
        let index = SpanIndex::new(&whole, KEEP);
        let spec = index.get(&[Key("spec")]).unwrap();
        assert_eq!(spec.first_key, Some(whole.at(&[Key("spec")]).unwrap().entries().unwrap()[0].key.span().start));
        assert_eq!(index.get(&[Key("spec"), Key("selector")]).unwrap().first_key, None);
        assert_eq!(index.get(&[Key("kind")]).unwrap().first_key, None);
        assert_eq!(index.get(&[Key("spec"), Key("other")]), None);
    }

    #[test]
    fn an_entry_is_24_bytes() {
        assert_eq!(std::mem::size_of::<IndexedNode>(), 24);
    }

    #[test]
    fn a_long_key_or_a_far_first_key_takes_a_second_entry() {
        let long = "k".repeat(70_000);
        let tag = format!("!{}", "t".repeat(70_000));
        // An implicit key is at most 1024 characters: this one is explicit.
        let text = format!("kind: X\nspec:\n  ? {long}\n  : 1\n  selector: &a {tag}\n    app: db\n  replicas: 3\n");
        let whole = root(&text);
        let index = SpanIndex::new(&whole, &[Keep::whole("kind"), Keep::whole("spec")]);
        // The long key's and the selector's, whose tag comes between its
        // start and its first key.
        let wide_ones = index.nodes.iter().filter(|node| node.key_len == WIDE && index.find(wide(node.path)).is_some());
        assert_eq!(wide_ones.count(), 2);
        let spec = whole.at(&[Key("spec")]).unwrap();
        let long_entry = spec.entry(&long).unwrap();
        let found = index.get(&[Key("spec"), Key(&long)]).unwrap();
        assert_eq!((found.key, found.value), (long_entry.key.span(), long_entry.value.span()));
        let selector = spec.entry("selector").unwrap();
        let found = index.get(&[Key("spec"), Key("selector")]).unwrap();
        assert_eq!((found.key, found.value), (selector.key.span(), selector.value.span()));
        assert_eq!(found.first_key, Some(selector.value.entries().unwrap()[0].key.span().start));
        let replicas = spec.entry("replicas").unwrap();
        assert_eq!(index.get(&[Key("spec"), Key("replicas")]).unwrap().key, replicas.key.span());
        assert_eq!(
            index.span(whole.span(), &[Key("spec"), Key(&long), Key("deeper")], Span::empty(0)),
            long_entry.key.span()
        );
    }
}
