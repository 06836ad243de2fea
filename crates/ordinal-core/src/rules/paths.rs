//! Field selection for the API-validation rules: they check one field in
//! many places (every container's `imagePullPolicy`, every port's
//! `protocol`) and must point at the exact node, so they select nodes by a
//! path pattern and read the scalar there.

use crate::diagnostic::{Applicability, Fix};
use crate::model::Resource;
use crate::parse::{Node, NodeValue, Resolved, ScalarStyle};
use crate::rules::Context;
use crate::source::Span;

/// A node found by [`select`], with its concrete path for messages.
#[derive(Debug, Clone)]
pub struct Located<'a> {
    /// E.g. `spec.template.spec.containers[0].name`.
    pub path: String,
    /// The node.
    pub node: &'a Node,
}

impl<'a> Located<'a> {
    /// The value of a string scalar.
    pub fn str(&self) -> Option<&'a str> {
        self.node.as_str()
    }

    /// The value of an integer scalar.
    pub fn int(&self) -> Option<i64> {
        match self.node.as_scalar()?.resolved {
            Resolved::Int(value) => Some(value),
            Resolved::UInt(value) => Some(i64::try_from(value).unwrap_or(i64::MAX)),
            _ => None,
        }
    }
}

/// The pod template's container lists, in the order the API server checks
/// them (init containers first).
pub const CONTAINER_LISTS: [&str; 2] = ["spec.template.spec.initContainers[]", "spec.template.spec.containers[]"];

/// Every node at `pattern`: dot-separated keys, where `key[]` expands every
/// item of the sequence at `key`. Missing fields and nodes of another shape
/// select nothing.
pub fn select<'a>(root: &'a Node, pattern: &str) -> Vec<Located<'a>> {
    let mut current = vec![Located { path: String::new(), node: root }];
    for segment in pattern.split('.') {
        let (key, expand) = match segment.strip_suffix("[]") {
            Some(key) => (key, true),
            None => (segment, false),
        };
        let mut next = Vec::new();
        for located in current {
            let Some(child) = located.node.get(key) else { continue };
            let path = if located.path.is_empty() { key.to_string() } else { format!("{}.{key}", located.path) };
            if !expand {
                next.push(Located { path, node: child });
                continue;
            }
            for (index, item) in child.items().unwrap_or_default().iter().enumerate() {
                next.push(Located { path: format!("{path}[{index}]"), node: item });
            }
        }
        current = next;
    }
    current
}

/// The string entries of a mapping: `(key, key span, value, value span)`;
/// values that are not strings are left to `invalid-type`.
pub fn string_entries(node: &Node) -> Vec<(String, Span, Option<&str>, Span)> {
    node.entries()
        .unwrap_or_default()
        .iter()
        .filter_map(|entry| Some((entry.key_text()?, entry.key.span, entry.value.as_str(), entry.value.span)))
        .collect()
}

/// A fix replacing the string scalar `node` with `replacement`, keeping its
/// quoting. `None` when the source text at the node is not the plain or
/// simply quoted form of its value (escapes, block scalars), where a
/// mechanical rewrite could be wrong.
pub fn replace_scalar(
    ctx: &Context<'_>,
    resource: &Resource,
    node: &Node,
    replacement: &str,
    applicability: Applicability,
) -> Option<Fix> {
    let scalar = node.as_scalar()?;
    let written = ctx.files.get(resource.file)?.text.get(node.span.start..node.span.end)?;
    let (open, close) = match scalar.style {
        ScalarStyle::Plain => ("", ""),
        ScalarStyle::SingleQuoted => ("'", "'"),
        ScalarStyle::DoubleQuoted => ("\"", "\""),
        ScalarStyle::Literal | ScalarStyle::Folded => return None,
    };
    let expected = format!("{open}{}{close}", scalar.text);
    // The parser's span of a quoted scalar may run on over trailing blanks
    // and a comment; replace only the scalar itself.
    let rest = written.strip_prefix(expected.as_str())?;
    let rest = rest.trim_start();
    if !(rest.is_empty() || (!scalar.style.is_plain() && rest.starts_with('#'))) {
        return None;
    }
    let span = Span::new(node.span.start, node.span.start + expected.len());
    Some(Fix::replace(
        applicability,
        format!("replace with `{replacement}`"),
        span,
        format!("{open}{replacement}{close}"),
    ))
}

/// True when the node is a non-empty sequence or mapping, or a scalar.
pub fn is_non_empty(node: &Node) -> bool {
    match &node.value {
        NodeValue::Sequence(items) => !items.is_empty(),
        NodeValue::Mapping(entries) => !entries.is_empty(),
        NodeValue::Scalar(_) => !node.is_null(),
    }
}
