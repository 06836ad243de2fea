//! What a rule of `ordinal diff` is given: one resource's change between
//! the OLD and the NEW version, with what the diff engine worked out about
//! it (the changed field paths, each version after the API server's
//! defaulting, the pods and claims of a StatefulSet). Defined here rather
//! than in `diff/`, so that the rules never depend on the engine that runs
//! them.

use serde_json::Value;

use crate::model::Resource;
use crate::options::Options;
use crate::parse::PathSegment;
use crate::source::SourceFile;
use crate::topology::Topology;

/// How a resource differs between the two versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChangeKind {
    /// Only in NEW.
    Added,
    /// Only in OLD.
    Removed,
    /// In both, with a difference the API server would store.
    Changed,
    /// In both, the same after defaulting (formatting and key order never count).
    Unchanged,
}

impl ChangeKind {
    /// `added`, `removed`, `changed` or `unchanged`, as in the JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Changed => "changed",
            ChangeKind::Unchanged => "unchanged",
        }
    }
}

/// One step of a [`FieldPath`].
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FieldSegment {
    /// A mapping key.
    Key(String),
    /// A sequence index.
    Index(usize),
}

/// A field of a resource, e.g. `spec.template.spec.containers[0].image`.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FieldPath(pub Vec<FieldSegment>);

impl FieldPath {
    /// The path as the tree's [`PathSegment`]s, to find its span.
    pub fn segments(&self) -> Vec<PathSegment<'_>> {
        self.0
            .iter()
            .map(|segment| match segment {
                FieldSegment::Key(key) => PathSegment::Key(key),
                FieldSegment::Index(index) => PathSegment::Index(*index),
            })
            .collect()
    }

    /// The first key, e.g. `spec`.
    pub fn key(&self, depth: usize) -> Option<&str> {
        match self.0.get(depth) {
            Some(FieldSegment::Key(key)) => Some(key),
            _ => None,
        }
    }

    /// Whether the path starts with the keys `prefix`.
    pub fn starts_with(&self, prefix: &[&str]) -> bool {
        prefix.iter().enumerate().all(|(depth, key)| self.key(depth) == Some(key))
    }
}

impl std::fmt::Display for FieldPath {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (position, segment) in self.0.iter().enumerate() {
            match segment {
                FieldSegment::Index(index) => write!(f, "[{index}]")?,
                FieldSegment::Key(key)
                    if !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') =>
                {
                    if position > 0 {
                        f.write_str(".")?;
                    }
                    f.write_str(key)?;
                }
                // `metadata.labels["app.kubernetes.io/name"]`: a key with a
                // dot or a slash cannot be written as a dotted step.
                FieldSegment::Key(key) => write!(f, "[{}]", Value::String(key.clone()))?,
            }
        }
        Ok(())
    }
}

/// A StatefulSet pod and the claims of its volume claim templates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PodClaims {
    /// `<statefulset>-<ordinal>`.
    pub pod: String,
    /// The pod's ordinal.
    pub ordinal: i64,
    /// `<template>-<statefulset>-<ordinal>` for each claim template.
    pub claims: Vec<String>,
}

/// Everything a change rule may read.
pub struct ChangeContext<'a> {
    /// OLD's files, then NEW's; file ids index this.
    pub files: &'a [SourceFile],
    /// OLD's resources.
    pub old: &'a [Resource],
    /// NEW's resources.
    pub new: &'a [Resource],
    /// How OLD's resources relate (indices into `old`).
    pub old_topology: &'a Topology,
    /// How NEW's resources relate (indices into `new`).
    pub new_topology: &'a Topology,
    /// Namespace, cluster domain and rule configuration.
    pub options: &'a Options,
}

/// One resource, matched between the versions by kind, namespace and name.
#[derive(Debug, Clone)]
pub struct ResourceChange<'a> {
    /// Added, removed, changed or unchanged.
    pub kind: ChangeKind,
    /// The OLD version and its index in [`ChangeContext::old`].
    pub old: Option<(usize, &'a Resource)>,
    /// The NEW version and its index in [`ChangeContext::new`].
    pub new: Option<(usize, &'a Resource)>,
    /// The OLD version as the API server would store it (defaults filled in,
    /// empty values dropped, quantities canonical): kept for a changed
    /// resource and a removed StatefulSet only, the others' having been
    /// compared and dropped (they were most of a big diff's memory).
    pub old_value: Option<Value>,
    /// The NEW version, likewise, kept for a changed resource only.
    pub new_value: Option<Value>,
    /// The fields that differ between the two values, sorted.
    pub fields: Vec<FieldPath>,
    /// A StatefulSet's pods and claims in OLD (empty for other kinds).
    pub old_pods: Vec<PodClaims>,
    /// A StatefulSet's pods and claims in NEW.
    pub new_pods: Vec<PodClaims>,
    /// For a removed StatefulSet: the StatefulSet only in NEW that looks like
    /// its rename (same namespace and selector, or same governing Service),
    /// as an index into [`ChangeContext::new`].
    pub renamed_to: Option<usize>,
}

impl ResourceChange<'_> {
    /// The NEW version's resource.
    pub fn new_resource(&self) -> Option<&Resource> {
        self.new.map(|(_, resource)| resource)
    }

    /// The OLD version's resource.
    pub fn old_resource(&self) -> Option<&Resource> {
        self.old.map(|(_, resource)| resource)
    }

    /// Whether a field at or under `prefix` changed.
    pub fn changed_under(&self, prefix: &[&str]) -> bool {
        self.fields.iter().any(|field| field.starts_with(prefix))
    }
}

/// At most this many names are listed in one message; the rest are counted.
#[cfg(feature = "change-review")]
const LISTED_NAMES: usize = 6;

/// `` `a`, `b` and 3 more `` (names from the manifest, escaped by the renderers).
#[cfg(feature = "change-review")]
pub(crate) fn name_list<S: AsRef<str>>(names: &[S]) -> String {
    let shown: Vec<String> = names.iter().take(LISTED_NAMES).map(|name| format!("`{}`", name.as_ref())).collect();
    let mut text = shown.join(", ");
    if names.len() > LISTED_NAMES {
        text.push_str(&format!(" and {} more", names.len() - LISTED_NAMES));
    }
    text
}

/// The text of the scalar at `path` in `resource`, as written.
#[cfg(feature = "change-review")]
pub(crate) fn written(resource: &Resource, path: &FieldPath) -> Option<String> {
    let node = resource.node(&path.segments())?;
    node.as_scalar().map(|scalar| scalar.text.to_string())
}

/// The claims of `pods`, in their order.
#[cfg(feature = "change-review")]
pub(crate) fn claims_of(pods: &[&PodClaims]) -> Vec<String> {
    pods.iter().flat_map(|pod| pod.claims.iter().cloned()).collect()
}

/// A scalar of a normalised version that the manifest does not write, for
/// messages: `` `OrderedReady` (the default) ``.
#[cfg(feature = "change-review")]
pub(crate) fn default_text(value: &Value, path: &FieldPath) -> Option<String> {
    let mut node = value;
    for segment in &path.0 {
        node = match segment {
            FieldSegment::Key(key) => node.get(key)?,
            FieldSegment::Index(index) => node.get(*index)?,
        };
    }
    let text = match node {
        Value::String(text) => text.clone(),
        Value::Number(number) => number.to_string(),
        Value::Bool(flag) => flag.to_string(),
        _ => return None,
    };
    Some(format!("`{text}` (the default)"))
}
