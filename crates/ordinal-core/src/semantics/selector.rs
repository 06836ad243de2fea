//! Label selectors, evaluated as apimachinery does: the one place that
//! decides which pods a selector matches (topology, rules and explain ask
//! here).

use std::collections::BTreeMap;

use crate::model::kube::{LabelSelector, LabelSelectorRequirement};

/// A Service-style selector (`key: value` equality) matches `labels`.
pub fn map_selector_matches(selector: &BTreeMap<String, String>, labels: &BTreeMap<String, String>) -> bool {
    selector.iter().all(|(key, value)| labels.get(key) == Some(value))
}

/// A `LabelSelector` matches `labels`. An empty selector matches everything;
/// an unknown operator matches nothing (the API server would reject it).
/// Source: k8s.io/apimachinery/pkg/apis/meta/v1 `LabelSelectorAsSelector`.
pub fn label_selector_matches(selector: &LabelSelector, labels: &BTreeMap<String, String>) -> bool {
    let equal = selector.match_labels.as_ref().is_none_or(|m| map_selector_matches(m, labels));
    let expressions =
        selector.match_expressions.as_deref().unwrap_or_default().iter().all(|expr| requirement_matches(expr, labels));
    equal && expressions
}

/// One `matchExpressions` requirement matches `labels`; an unknown operator
/// matches nothing. Source: k8s.io/apimachinery/pkg/labels/selector.go
/// `Requirement.Matches`.
pub fn requirement_matches(expr: &LabelSelectorRequirement, labels: &BTreeMap<String, String>) -> bool {
    let value = labels.get(&expr.key);
    let values = expr.values.as_deref().unwrap_or_default();
    match expr.operator.as_str() {
        "In" => value.is_some_and(|v| values.contains(v)),
        "NotIn" => value.is_none_or(|v| !values.contains(v)),
        "Exists" => value.is_some(),
        "DoesNotExist" => value.is_none(),
        _ => false,
    }
}

/// True when `selector` has neither labels nor expressions.
pub fn label_selector_is_empty(selector: &LabelSelector) -> bool {
    selector.match_labels.as_ref().is_none_or(|m| m.is_empty())
        && selector.match_expressions.as_ref().is_none_or(|e| e.is_empty())
}
