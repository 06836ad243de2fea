//! What the cursor is on: the resource around an offset, and the fields
//! hover, definition and inlay hints care about (a StatefulSet's name and
//! `spec.serviceName`, a Service's name), read through the tree's accessors.

use ordinal_core::model::Resource;
use ordinal_core::parse::Node;
use ordinal_core::{FileAnalysis, Span};

/// Whether `offset` is in `span` (its end included, where a cursor sits
/// after the last character of a name).
pub fn contains(span: Span, offset: usize) -> bool {
    span.start <= offset && offset <= span.end
}

/// The resource whose document holds `offset`.
pub fn resource_at(analysis: &FileAnalysis, offset: usize) -> Option<&Resource> {
    analysis.resources.iter().find(|resource| contains(resource.root.span(), offset))
}

/// Whether the resource is of `kind`.
pub fn is_kind(resource: &Resource, kind: &str) -> bool {
    resource.kind.as_deref() == Some(kind)
}

/// A `key: value` field of a mapping: the span from the key through the
/// value, and the value.
pub struct Field<'a> {
    /// Key through value.
    pub span: Span,
    /// The value.
    pub value: &'a Node,
}

/// The field `key` of `section` (`metadata` or `spec`) of the resource.
pub fn field<'a>(resource: &'a Resource, section: &str, key: &str) -> Option<Field<'a>> {
    let entry = resource.root.get(section)?.entry(key)?;
    Some(Field { span: entry.key.span().cover(entry.value.span()), value: &entry.value })
}

/// `metadata.name`.
pub fn name_field(resource: &Resource) -> Option<Field<'_>> {
    field(resource, "metadata", "name")
}

/// `spec.serviceName` of a StatefulSet.
pub fn service_name_field(resource: &Resource) -> Option<Field<'_>> {
    field(resource, "spec", "serviceName")
}
