//! The span-aware document tree.

use super::scalar::{Resolved, ResolvedKind};
use crate::source::Span;

/// How a scalar was written; decides whether YAML 1.1 resolution applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScalarStyle {
    /// Unquoted.
    Plain,
    /// `'single quoted'`.
    SingleQuoted,
    /// `"double quoted"`.
    DoubleQuoted,
    /// `|` block.
    Literal,
    /// `>` block.
    Folded,
}

impl ScalarStyle {
    /// True for the unquoted style, the only one YAML 1.1 resolves.
    pub fn is_plain(self) -> bool {
        self == ScalarStyle::Plain
    }
}

/// A scalar's text: a common field name or value borrowed from
/// [`common_text`](super::common_text::common_text), or an owned copy.
/// Two words where `std::borrow::Cow` takes three (its length and capacity
/// share one word, so it holds at most 4 GiB; the parser refuses larger
/// text, [`MAX_TEXT_BYTES`]), which makes a node 32 bytes instead of 48.
#[cfg(target_pointer_width = "64")]
pub type Text = beef::lean::Cow<'static, str>;
/// A scalar's text (32-bit targets, where `beef`'s two-word form is not
/// built: its three words are 12 bytes there).
#[cfg(not(target_pointer_width = "64"))]
pub type Text = beef::Cow<'static, str>;

/// The longest text the parser reads: a node's span is two `u32`s and a
/// scalar's [`Text`] holds at most `u32::MAX` bytes.
pub const MAX_TEXT_BYTES: usize = u32::MAX as usize;

/// A scalar with its source text, style and the kind of value it resolves
/// to. The value itself is read again from the text when asked for
/// ([`Scalar::resolved`]): storing it took a scalar from 32 to 48 bytes and
/// every node with it (a node is 48 bytes, a mapping entry 96), while only
/// numbers and booleans have a value beyond their kind.
#[derive(Debug, Clone, PartialEq)]
pub struct Scalar {
    /// The scalar's content after unescaping and folding: borrowed from
    /// [`common_text`](super::common_text::common_text) for the field names
    /// and values most manifests repeat, so each costs no allocation.
    pub text: Text,
    /// How it was written.
    pub style: ScalarStyle,
    /// Which kind of value it means to Kubernetes.
    pub kind: ResolvedKind,
}

impl Scalar {
    /// A scalar of `text`, written in `style`, meaning `resolved`, which
    /// must be what `text` resolves to: a value other than null or a string
    /// is `resolve_plain(text)` (the loader resolves a scalar that way or
    /// gives it one of those two kinds).
    pub fn new(text: Text, style: ScalarStyle, resolved: Resolved) -> Scalar {
        Scalar { text, style, kind: resolved.kind() }
    }

    /// What it means to Kubernetes.
    pub fn resolved(&self) -> Resolved {
        match self.kind {
            ResolvedKind::Null => Resolved::Null,
            ResolvedKind::Str => Resolved::Str,
            // The loader gave it this kind because the text resolves to a
            // value of it, so resolving the text again gives that value.
            ResolvedKind::Bool | ResolvedKind::Int | ResolvedKind::UInt | ResolvedKind::Float => {
                super::scalar::resolve_plain(&self.text)
            }
        }
    }

    /// Whether it resolves to a string.
    pub fn is_str(&self) -> bool {
        self.kind == ResolvedKind::Str
    }
}

/// A mapping entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The key node (its span is what diagnostics about the key point at).
    pub key: Node,
    /// The value node.
    pub value: Node,
}

impl Entry {
    /// Whether [`Entry::key_text`] equals `key`; string keys (nearly all)
    /// are compared without allocating, since lookups by key are the
    /// hottest path of the rules.
    pub fn key_is(&self, key: &str) -> bool {
        match &self.key.value {
            NodeValue::Scalar(scalar) if scalar.is_str() => scalar.text == key,
            _ => self.key_text().as_deref() == Some(key),
        }
    }

    /// The key as a JSON object key, the way sigs.k8s.io/yaml stringifies
    /// non-string keys (`on:` becomes `"true"`, `1:` becomes `"1"`).
    pub fn key_text(&self) -> Option<String> {
        match &self.key.value {
            NodeValue::Scalar(scalar) => Some(match scalar.resolved() {
                Resolved::Str => scalar.text.to_string(),
                Resolved::Null => "null".into(),
                Resolved::Bool(value) => value.to_string(),
                Resolved::Int(value) => value.to_string(),
                Resolved::UInt(value) => value.to_string(),
                Resolved::Float(value) => super::scalar::go_yaml_float_key(value),
            }),
            _ => None,
        }
    }
}

/// The content of a node.
#[derive(Debug, Clone, PartialEq)]
pub enum NodeValue {
    /// A scalar (including null and empty values).
    Scalar(Scalar),
    /// A sequence. Boxed slices, not vectors: a tree is built once with
    /// exactly sized children and never grows, and a box is a word less.
    Sequence(Box<[Node]>),
    /// A mapping, in source order (duplicates already reported and dropped).
    Mapping(Box<[Entry]>),
}

/// A node with the byte span it was read from.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// Where the node's text starts and ends, as `u32`s: node vectors are
    /// the largest thing a run holds, and no text the parser reads is
    /// longer ([`MAX_TEXT_BYTES`]).
    start: u32,
    end: u32,
    /// What it holds.
    pub value: NodeValue,
}

/// One step of a path into a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathSegment<'a> {
    /// A mapping key.
    Key(&'a str),
    /// A sequence index.
    Index(usize),
}

impl Node {
    /// A node of `value` read from `span`, which must lie within
    /// [`MAX_TEXT_BYTES`] (offsets past it are clamped there).
    pub fn new(span: Span, value: NodeValue) -> Node {
        Node { start: clamp_offset(span.start), end: clamp_offset(span.end), value }
    }

    /// Where the node's text is.
    pub fn span(&self) -> Span {
        Span { start: self.start as usize, end: self.end as usize }
    }

    /// Report this node as read from `span` (an alias's copy, at the alias).
    pub fn set_span(&mut self, span: Span) {
        self.start = clamp_offset(span.start);
        self.end = clamp_offset(span.end);
    }

    /// The scalar, if this node is one.
    pub fn as_scalar(&self) -> Option<&Scalar> {
        match &self.value {
            NodeValue::Scalar(scalar) => Some(scalar),
            _ => None,
        }
    }

    /// The string content of a scalar that resolves to a string.
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            NodeValue::Scalar(scalar) if scalar.is_str() => Some(&scalar.text),
            _ => None,
        }
    }

    /// True for a null scalar (explicit or empty).
    pub fn is_null(&self) -> bool {
        matches!(&self.value, NodeValue::Scalar(Scalar { kind: ResolvedKind::Null, .. }))
    }

    /// The entries, if this node is a mapping.
    pub fn entries(&self) -> Option<&[Entry]> {
        match &self.value {
            NodeValue::Mapping(entries) => Some(entries),
            _ => None,
        }
    }

    /// The items, if this node is a sequence.
    pub fn items(&self) -> Option<&[Node]> {
        match &self.value {
            NodeValue::Sequence(items) => Some(items),
            _ => None,
        }
    }

    /// The entry for `key`, if this node is a mapping that has it.
    pub fn entry(&self, key: &str) -> Option<&Entry> {
        self.entries()?.iter().find(|entry| entry.key_is(key))
    }

    /// The value for `key`, if this node is a mapping that has it.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|entry| &entry.value)
    }

    /// Follow `path` from this node.
    pub fn at(&self, path: &[PathSegment<'_>]) -> Option<&Node> {
        let mut node = self;
        for segment in path {
            node = match segment {
                PathSegment::Key(key) => node.get(key)?,
                PathSegment::Index(index) => node.items()?.get(*index)?,
            };
        }
        Some(node)
    }

    /// A short name for the node's kind, for messages.
    pub fn type_name(&self) -> &'static str {
        match &self.value {
            NodeValue::Scalar(scalar) => scalar.kind.type_name(),
            NodeValue::Sequence(_) => "array",
            NodeValue::Mapping(_) => "object",
        }
    }

    /// Convert to JSON the way sigs.k8s.io/yaml does.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value;
        match &self.value {
            NodeValue::Scalar(scalar) => match scalar.resolved() {
                Resolved::Null => Value::Null,
                Resolved::Bool(value) => Value::Bool(value),
                Resolved::Int(value) => Value::from(value),
                Resolved::UInt(value) => Value::from(value),
                Resolved::Float(value) => serde_json::Number::from_f64(value).map_or(Value::Null, Value::Number),
                Resolved::Str => Value::String(scalar.text.to_string()),
            },
            NodeValue::Sequence(items) => Value::Array(items.iter().map(Node::to_json).collect()),
            NodeValue::Mapping(entries) => Value::Object(crate::order::json_object(
                entries.iter().filter_map(|entry| Some((entry.key_text()?, entry.value.to_json()))),
            )),
        }
    }
}

fn clamp_offset(offset: usize) -> u32 {
    u32::try_from(offset).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod size_tests {
    use super::*;

    /// Every node of every tree has this size, so it is what a tree costs.
    #[test]
    #[cfg(target_pointer_width = "64")]
    fn a_node_is_32_bytes_and_an_entry_64() {
        assert_eq!(std::mem::size_of::<Text>(), 16);
        assert_eq!(std::mem::size_of::<Scalar>(), 24);
        // The variant tag lives in the scalar style's spare values.
        assert_eq!(std::mem::size_of::<NodeValue>(), 24);
        assert_eq!(std::mem::size_of::<Node>(), 32);
        assert_eq!(std::mem::size_of::<Entry>(), 64);
    }

    #[test]
    fn spans_past_the_text_limit_are_clamped_not_wrapped() {
        let node = Node::new(Span::new(7, MAX_TEXT_BYTES + 10), NodeValue::Sequence(Box::default()));
        assert_eq!(node.span(), Span::new(7, MAX_TEXT_BYTES));
    }
}
