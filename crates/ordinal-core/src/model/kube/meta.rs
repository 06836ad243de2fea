//! `meta/v1` and the two value types every group shares.

use crate::model::LabelMap;

use super::read::{kube_object, FromNode};
use crate::parse::{Node, Resolved};

kube_object! {
    /// `metav1.ObjectMeta`: the identifying part.
    pub struct ObjectMeta {
        name: Option<String> = "name",
        namespace: Option<String> = "namespace",
        labels: Option<LabelMap> = "labels",
        annotations: Option<LabelMap> = "annotations",
    }
}

kube_object! {
    /// `metav1.LabelSelector`.
    pub struct LabelSelector {
        match_labels: Option<LabelMap> = "matchLabels",
        match_expressions: Option<Vec<LabelSelectorRequirement>> = "matchExpressions",
    }
}

kube_object! {
    /// `metav1.LabelSelectorRequirement`.
    pub struct LabelSelectorRequirement {
        key: String = "key",
        operator: String = "operator",
        values: Option<Vec<String>> = "values",
    }
}

/// `intstr.IntOrString`: JSON numbers are `Int`, strings `String`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IntOrString {
    /// A JSON number, e.g. `maxUnavailable: 1`.
    Int(i32),
    /// A JSON string, e.g. `maxUnavailable: 25%`; `semantics::int_or_percent` reads it.
    String(String),
}

impl FromNode for IntOrString {
    fn from_node(node: &Node) -> Option<Self> {
        let scalar = node.as_scalar()?;
        match scalar.resolved() {
            Resolved::Str => Some(IntOrString::String(scalar.text.to_string())),
            _ => i32::from_node(node).map(IntOrString::Int),
        }
    }
}

/// `resource.Quantity`, kept as written (`1Gi`, `500m`); a number is read
/// as its decimal text, as the API server does.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Quantity(pub String);

impl FromNode for Quantity {
    fn from_node(node: &Node) -> Option<Self> {
        let scalar = node.as_scalar()?;
        let text = match scalar.resolved() {
            Resolved::Str => scalar.text.to_string(),
            Resolved::Int(value) => value.to_string(),
            Resolved::UInt(value) => value.to_string(),
            Resolved::Float(value) if value.is_finite() => crate::parse::scalar::float_text(value),
            Resolved::Float(_) => return None,
            Resolved::Null | Resolved::Bool(_) => return None,
        };
        Some(Quantity(text))
    }
}
