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
    /// The key's span; an item's own span.
    key: [u32; 2],
    value: [u32; 2],
    /// Where a mapping's first key starts (where a fix inserts an entry),
    /// [`NO_ENTRY`] for an empty mapping or another value.
    first_key: [u32; 2],
}

const NO_ENTRY: [u32; 2] = [u32::MAX, u32::MAX];

/// A path's hash in the index, from its parent's.
fn step(parent: u64, segment: PathSegment<'_>) -> u64 {
    // A fixed seed: the same on every run and machine, so a report never
    // depends on one. foldhash's quality variant, not SipHash, which took
    // 2% of a lint run's instructions here.
    let mut hasher = foldhash::quality::FixedState::with_seed(0x6f72_6469_6e61_6c21).build_hasher();
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

/// The hash of the empty path, the root's.
const ROOT: u64 = 0;

fn pack(span: Span) -> [u32; 2] {
    [span.start, span.end].map(|offset| u32::try_from(offset).unwrap_or(u32::MAX))
}

fn unpack([start, end]: [u32; 2]) -> Span {
    Span { start: start as usize, end: end as usize }
}

fn first_key(node: &Node) -> [u32; 2] {
    node.entries().and_then(<[_]>::first).map_or(NO_ENTRY, |first| pack(first.key.span()))
}

/// A found node: its key's span, its value's, and its first entry's key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IndexedSpans {
    /// The key's span (for an item, its own span).
    pub key: Span,
    /// The value's span.
    pub value: Span,
    /// A mapping's first key, where an entry is inserted first; `None` for
    /// an empty mapping or a value of another kind.
    pub first_key: Option<Span>,
}

impl SpanIndex {
    /// The spans of what `fields` names of `root` (a mapping), as
    /// [`Node::retain`] would keep them: each kept mapping's first entry
    /// too, by its spans only.
    pub fn new(root: &Node, fields: &[Keep]) -> SpanIndex {
        let mut nodes = Vec::new();
        record_fields(&mut nodes, root, ROOT, fields);
        // Stable, so the first of two keys that read the same (`true` and
        // `"true"`) is the one kept, as `Node::entry` finds the first.
        nodes.sort_by_key(|node: &IndexedNode| node.path);
        nodes.dedup_by_key(|node| node.path);
        SpanIndex { nodes: nodes.into_boxed_slice() }
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
        self.find(hash).map(|node| IndexedSpans {
            key: unpack(node.key),
            value: unpack(node.value),
            first_key: (node.first_key != NO_ENTRY).then(|| unpack(node.first_key)),
        })
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
            if let PathSegment::Key(_) = segment {
                best = unpack(node.key);
            }
            value = unpack(node.value);
        }
        value
    }

    fn find(&self, path: u64) -> Option<&IndexedNode> {
        self.nodes.binary_search_by_key(&path, |node| node.path).ok().map(|found| &self.nodes[found])
    }
}

fn record(nodes: &mut Vec<IndexedNode>, path: u64, key: Span, value: &Node) {
    nodes.push(IndexedNode { path, key: pack(key), value: pack(value.span()), first_key: first_key(value) });
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
        assert_eq!(spec.first_key, Some(whole.at(&[Key("spec")]).unwrap().entries().unwrap()[0].key.span()));
        assert_eq!(index.get(&[Key("spec"), Key("selector")]).unwrap().first_key, None);
        assert_eq!(index.get(&[Key("kind")]).unwrap().first_key, None);
        assert_eq!(index.get(&[Key("spec"), Key("other")]), None);
    }

    #[test]
    fn an_entry_is_32_bytes() {
        assert_eq!(std::mem::size_of::<IndexedNode>(), 32);
    }
}
