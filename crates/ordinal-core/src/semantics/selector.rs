//! Label selectors, evaluated as apimachinery does: the one place that
//! decides which pods a selector matches (topology, rules and explain ask
//! here).

use crate::model::LabelMap;
use std::ops::Range;

use super::statefulset::{POD_INDEX_LABEL, POD_NAME_LABEL};

use crate::model::kube::{LabelSelector, LabelSelectorRequirement};

/// A Service-style selector (`key: value` equality) matches `labels`.
pub fn map_selector_matches(selector: &LabelMap, labels: &LabelMap) -> bool {
    selector.iter().all(|(key, value)| labels.get(key) == Some(value))
}

/// The ordinals, among `ordinals`, of the pods of StatefulSet `sts_name`
/// that a Service-style `selector` selects. Every such pod carries the
/// template's labels and two the controller sets over them (its name and
/// ordinal, `updateIdentity`), so the answer is all of them, none, or the
/// one a pod-name or pod-index value names: [`map_selector_matches`] on each
/// pod's labels, without building or visiting every pod.
pub fn selected_ordinals(
    selector: &LabelMap,
    sts_name: &str,
    template_labels: &LabelMap,
    ordinals: Range<i64>,
) -> Range<i64> {
    let mut selected = ordinals;
    for (key, value) in selector {
        let only = match key.as_str() {
            // Pod names are `<sts>-<ordinal>` and the ordinal has no `-`.
            POD_NAME_LABEL => match value.rsplit_once('-') {
                Some((name, ordinal)) if name == sts_name => canonical_ordinal(ordinal),
                _ => None,
            },
            POD_INDEX_LABEL => canonical_ordinal(value),
            _ if template_labels.get(key) == Some(value) => continue,
            _ => None,
        };
        match only {
            Some(ordinal) if selected.contains(&ordinal) => selected = ordinal..ordinal + 1,
            _ => return 0..0,
        }
    }
    selected
}

/// The ordinal a label value names, when it is written as Go's
/// `strconv.Itoa` writes one (no sign, no leading zeros).
fn canonical_ordinal(text: &str) -> Option<i64> {
    text.parse().ok().filter(|ordinal: &i64| ordinal.to_string() == text)
}

/// A `LabelSelector` matches `labels`. An empty selector matches everything;
/// an unknown operator matches nothing (the API server would reject it).
/// Source: k8s.io/apimachinery/pkg/apis/meta/v1 `LabelSelectorAsSelector`.
pub fn label_selector_matches(selector: &LabelSelector, labels: &LabelMap) -> bool {
    let equal = selector.match_labels.as_ref().is_none_or(|m| map_selector_matches(m, labels));
    let expressions =
        selector.match_expressions.as_deref().unwrap_or_default().iter().all(|expr| requirement_matches(expr, labels));
    equal && expressions
}

/// One `matchExpressions` requirement matches `labels`; an unknown operator
/// matches nothing. Source: k8s.io/apimachinery/pkg/labels/selector.go
/// `Requirement.Matches`.
pub fn requirement_matches(expr: &LabelSelectorRequirement, labels: &LabelMap) -> bool {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn map(pairs: &[(&str, &str)]) -> LabelMap {
        pairs.iter().map(|(key, value)| (key.to_string(), value.to_string())).collect()
    }

    /// The shortcut gives what matching every pod's own labels gives.
    #[test]
    fn selected_ordinals_match_each_pods_labels() {
        // The template also sets a pod-name label, which the controller overwrites.
        let template = map(&[("app", "web"), ("tier", "db"), (POD_NAME_LABEL, "stale")]);
        let values = ["web", "db", "x", "web-3", "web-03", "db-3", "web-9", "3", "03", "-1", "9"];
        let keys = ["app", "tier", "other", POD_NAME_LABEL, POD_INDEX_LABEL];
        let mut selectors = vec![LabelMap::new()];
        for key in keys {
            for value in values {
                selectors.push(map(&[(key, value)]));
                for value2 in values {
                    for key2 in keys.iter().filter(|key2| **key2 != key) {
                        selectors.push(map(&[(key, value), (key2, value2)]));
                    }
                }
            }
        }
        let ordinals = 2..7;
        for selector in &selectors {
            let expected: Vec<i64> = ordinals
                .clone()
                .filter(|ordinal| {
                    let mut labels = template.clone();
                    labels.insert(POD_NAME_LABEL.into(), format!("web-{ordinal}"));
                    labels.insert(POD_INDEX_LABEL.into(), ordinal.to_string());
                    map_selector_matches(selector, &labels)
                })
                .collect();
            let chosen: Vec<i64> = selected_ordinals(selector, "web", &template, ordinals.clone()).collect();
            assert_eq!(chosen, expected, "{selector:?}");
        }
    }
}
