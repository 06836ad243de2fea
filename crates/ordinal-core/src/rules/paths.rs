//! Field selection for the API-validation rules: they check one field in
//! many places (every container's `imagePullPolicy`, every port's
//! `protocol`) and must point at the exact node, so they select nodes by a
//! path pattern and read the scalar there.

use crate::diagnostic::{Applicability, Fix};
use crate::parse::{Node, NodeValue, Resolved, ScalarStyle};
use crate::rules::Context;
use crate::source::Span;

/// A node found by [`select`], with its concrete path for messages.
#[derive(Debug, Clone)]
pub struct Located<'a> {
    /// E.g. `spec.template.spec.containers[0].name`.
    pub path: Path<'a>,
    /// The node.
    pub node: &'a Node,
}

/// One step of a [`Path`].
#[derive(Debug, Clone)]
enum Step<'a> {
    /// A key, borrowed from the tree.
    Key(&'a str),
    /// A key whose written text differs from the one looked up (`on:`
    /// found as `true`), which the path shows as looked up.
    Owned(String),
    Index(usize),
}

/// The concrete path of a [`Located`] node, kept as its steps and written
/// out only when a message asks for it: the rules select hundreds of
/// thousands of nodes on a large input and report on few of them, and
/// formatting every path up front was a quarter of a lint run.
#[derive(Debug, Clone, Default)]
pub struct Path<'a> {
    steps: Vec<Step<'a>>,
    text: std::cell::OnceCell<String>,
}

impl<'a> Path<'a> {
    /// `self` followed by `rest`, as `format!("{self}.{rest}")` writes it.
    pub fn join(&self, rest: &Path<'a>) -> Path<'a> {
        let mut steps = Vec::with_capacity(self.steps.len() + rest.steps.len());
        steps.extend_from_slice(&self.steps);
        steps.extend_from_slice(&rest.steps);
        Path { steps, text: std::cell::OnceCell::new() }
    }
}

impl std::fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(text) = self.text.get() {
            return f.write_str(text);
        }
        for (index, step) in self.steps.iter().enumerate() {
            match step {
                Step::Key(key) if index == 0 => f.write_str(key)?,
                Step::Owned(key) if index == 0 => f.write_str(key)?,
                Step::Key(key) => {
                    f.write_str(".")?;
                    f.write_str(key)?;
                }
                Step::Owned(key) => {
                    f.write_str(".")?;
                    f.write_str(key)?;
                }
                Step::Index(item) => write!(f, "[{item}]")?,
            }
        }
        Ok(())
    }
}

impl std::ops::Deref for Path<'_> {
    type Target = str;

    fn deref(&self) -> &str {
        self.text.get_or_init(|| self.to_string())
    }
}

impl PartialEq<str> for Path<'_> {
    fn eq(&self, other: &str) -> bool {
        **self == *other
    }
}

impl PartialEq<&str> for Path<'_> {
    fn eq(&self, other: &&str) -> bool {
        **self == **other
    }
}

impl<'a> Located<'a> {
    /// The value of a string scalar.
    pub fn str(&self) -> Option<&'a str> {
        self.node.as_str()
    }

    /// The value of an integer scalar.
    pub fn int(&self) -> Option<i64> {
        match self.node.as_scalar()?.resolved() {
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
    let mut found = Vec::new();
    select_into(root, pattern, None, &mut found);
    found
}

/// A step of the walk in [`select_into`], borrowed from the tree or the
/// pattern.
#[derive(Clone, Copy)]
enum TrailStep<'a, 'p> {
    Key(&'a str),
    /// A key looked up as the pattern spells it, written otherwise.
    LookedUp(&'p str),
    Index(usize),
}

/// The steps walked so far, kept on the call stack (each level's step
/// points at its parent's): most patterns select nothing, so nothing is
/// allocated until a node matches. A list of steps grown per call was a
/// quarter of the selection's cost.
struct Trail<'t, 'a, 'p> {
    step: TrailStep<'a, 'p>,
    parent: Option<&'t Trail<'t, 'a, 'p>>,
}

impl<'a> Trail<'_, 'a, '_> {
    /// The steps from the root to here.
    fn path(&self) -> Path<'a> {
        let mut steps = Vec::new();
        let mut trail = Some(self);
        while let Some(at) = trail {
            steps.push(match at.step {
                TrailStep::Key(key) => Step::Key(key),
                TrailStep::LookedUp(key) => Step::Owned(key.to_string()),
                TrailStep::Index(index) => Step::Index(index),
            });
            trail = at.parent;
        }
        steps.reverse();
        Path { steps, text: std::cell::OnceCell::new() }
    }
}

fn select_into<'a, 'p>(
    node: &'a Node,
    pattern: &'p str,
    parent: Option<&Trail<'_, 'a, 'p>>,
    found: &mut Vec<Located<'a>>,
) {
    let (segment, rest) = match pattern.as_bytes().iter().position(|&byte| byte == b'.') {
        Some(dot) => (&pattern[..dot], Some(&pattern[dot + 1..])),
        None => (pattern, None),
    };
    let (key, expand) = match segment.strip_suffix("[]") {
        Some(key) => (key, true),
        None => (segment, false),
    };
    let Some(entry) = node.entry(key) else { return };
    let child = &entry.value;
    let step = match entry.key.as_str() {
        Some(written) if written == key => TrailStep::Key(written),
        _ => TrailStep::LookedUp(key),
    };
    let here = Trail { step, parent };
    let mut visit = |child: &'a Node, trail: &Trail<'_, 'a, 'p>| match rest {
        Some(rest) => select_into(child, rest, Some(trail), found),
        None => found.push(Located { path: trail.path(), node: child }),
    };
    if expand {
        for (index, item) in child.items().unwrap_or_default().iter().enumerate() {
            visit(item, &Trail { step: TrailStep::Index(index), parent: Some(&here) });
        }
    } else {
        visit(child, &here);
    }
}

/// The string entries of a mapping: `(key, key span, value, value span)`;
/// values that are not strings are left to `invalid-type`.
pub fn string_entries(node: &Node) -> Vec<(String, Span, Option<&str>, Span)> {
    node.entries()
        .unwrap_or_default()
        .iter()
        .filter_map(|entry| Some((entry.key_text()?, entry.key.span(), entry.value.as_str(), entry.value.span())))
        .collect()
}

/// A fix replacing the string scalar `node` with `replacement`, keeping its
/// quoting. `None` when the source text at the node is not the plain or
/// simply quoted form of its value (escapes, block scalars), where a
/// mechanical rewrite could be wrong.
pub fn replace_scalar(ctx: &Context<'_>, node: &Node, replacement: &str, applicability: Applicability) -> Option<Fix> {
    let scalar = node.as_scalar()?;
    let written = ctx.file.text.get(node.span().start..node.span().end)?;
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
    let span = Span::new(node.span().start, node.span().start + expected.len());
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
