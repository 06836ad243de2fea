//! Schema checks against the field table generated from k8s-openapi.
//! (Placeholder pass-through until the generated table lands.)

use crate::parse::Node;
use crate::source::Span;

/// A schema finding, turned into a diagnostic by its rule.
#[derive(Debug, Clone, PartialEq)]
pub struct SchemaFinding {
    /// Where.
    pub span: Span,
    /// What.
    pub kind: SchemaFindingKind,
}

/// The kinds of schema finding.
#[derive(Debug, Clone, PartialEq)]
pub enum SchemaFindingKind {
    /// A field the schema does not have.
    UnknownField,
}

/// The outcome of validating one document.
#[derive(Debug, Clone)]
pub struct SchemaResult {
    /// Findings in source order.
    pub findings: Vec<SchemaFinding>,
    /// The document as JSON with ill-typed values removed.
    pub cleaned: serde_json::Value,
}

/// Validate `root` as an object of `kind`; `None` for kinds without a schema.
pub fn validate(kind: &str, root: &Node) -> Option<SchemaResult> {
    match kind {
        "StatefulSet" | "Service" | "PersistentVolumeClaim" | "PodDisruptionBudget" => {
            Some(SchemaResult { findings: Vec::new(), cleaned: root.to_json() })
        }
        _ => None,
    }
}
