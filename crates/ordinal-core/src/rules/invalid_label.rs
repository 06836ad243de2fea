use super::paths::{select, string_entries};
use super::{Context, Reporter, ResourceFacts, Rule};
use crate::model::Resource;
use crate::source::Span;
use crate::validation;

super::declare_rule! {
    /// ## What it flags
    /// Label keys and values, annotation keys and selector requirements the
    /// API server rejects, in `metadata.labels`, `metadata.annotations`, the
    /// pod template's labels and annotations, claim template labels, a
    /// StatefulSet's or PodDisruptionBudget's `spec.selector` (`matchLabels`
    /// and `matchExpressions`) and a Service's `spec.selector`:
    /// - a key must be a qualified name: an optional DNS-1123 subdomain
    ///   prefix (at most 253 characters) and `/`, then a name of at most 63
    ///   characters of `A-Z a-z 0-9 - _ .`, alphanumeric at both ends;
    /// - a value must be empty or at most 63 such characters, alphanumeric at
    ///   both ends;
    /// - a `matchExpressions` operator must be `In`, `NotIn`, `Exists` or
    ///   `DoesNotExist`; `In` and `NotIn` need `values`, the others forbid them.
    ///
    /// ## Why it matters
    /// The whole object is rejected. Values that look harmless (`v1.2/3`,
    /// `my app`, a 64-character commit message) are common in generated
    /// manifests.
    ///
    /// ## Example
    /// ```yaml
    /// metadata:
    ///   labels:
    ///     app: my app           # spaces are not allowed
    /// ```
    ///
    /// ## Fix
    /// Use only letters, digits, `-`, `_` and `.`, start and end with a
    /// letter or digit, and keep values to 63 characters. Put longer text in
    /// an annotation.
    ///
    /// ## Source
    /// apimachinery pkg/apis/meta/v1/validation: `ValidateLabels`,
    /// `ValidateLabelName`, `ValidateLabelSelector` and
    /// `ValidateLabelSelectorRequirement` (StatefulSets use
    /// `AllowInvalidLabelValueInSelector: false`);
    /// pkg/apis/core/validation `ValidateObjectMeta`, `ValidateAnnotations`,
    /// `ValidateService` (`spec.selector`);
    /// pkg/apis/apps/validation `ValidatePodTemplateSpecForStatefulSet`;
    /// pkg/apis/policy/validation `ValidatePodDisruptionBudgetSpec` (on create
    /// `AllowInvalidLabelValueInSelector` is false);
    /// apimachinery `IsQualifiedName`, `IsValidLabelValue`.
    pub struct InvalidLabel {
        id: "invalid-label",
        severity: Error,
        summary: "a label key or value, annotation key or selector requirement is invalid",
    }
}

const STATEFULSET_LABEL_MAPS: &[&str] = &[
    "metadata.labels",
    "spec.selector.matchLabels",
    "spec.template.metadata.labels",
    "spec.volumeClaimTemplates[].metadata.labels",
];
const STATEFULSET_ANNOTATION_MAPS: &[&str] = &["metadata.annotations", "spec.template.metadata.annotations"];
const SERVICE_LABEL_MAPS: &[&str] = &["metadata.labels", "spec.selector"];
const SERVICE_ANNOTATION_MAPS: &[&str] = &["metadata.annotations"];
const PDB_LABEL_MAPS: &[&str] = &["metadata.labels", "spec.selector.matchLabels"];

impl Rule for InvalidLabel {
    fn check_resource(&self, _ctx: &Context<'_>, facts: &ResourceFacts<'_>, report: &mut Reporter<'_>) {
        let resource = facts.resource;
        let (label_maps, annotation_maps) = if resource.as_statefulset().is_some() {
            check_expressions(resource, report);
            (STATEFULSET_LABEL_MAPS, STATEFULSET_ANNOTATION_MAPS)
        } else if resource.as_service().is_some() {
            (SERVICE_LABEL_MAPS, SERVICE_ANNOTATION_MAPS)
        } else if resource.as_pdb().is_some() {
            check_expressions(resource, report);
            (PDB_LABEL_MAPS, SERVICE_ANNOTATION_MAPS)
        } else {
            return;
        };
        for pattern in label_maps {
            for map in select(&resource.root, pattern) {
                for (key, key_span, value, value_span) in string_entries(map.node) {
                    check_key(&key, key_span, "label", &map.path, report);
                    if let Some(value) = value {
                        check_value(&key, value, value_span, &map.path, report);
                    }
                }
            }
        }
        for pattern in annotation_maps {
            for map in select(&resource.root, pattern) {
                for (key, key_span, _, _) in string_entries(map.node) {
                    check_key(&key, key_span, "annotation", &map.path, report);
                }
            }
        }
    }
}

fn check_key(key: &str, span: Span, what: &str, path: &str, report: &mut Reporter<'_>) {
    let problems = validation::qualified_name(key);
    if problems.is_empty() {
        return;
    }
    report.report(span, format!("{what} key `{key}` in `{path}` is not a valid qualified name: {}", problems.join("; "))).help("use an optional DNS subdomain prefix and `/`, then at most 63 letters, digits, `-`, `_` or `.`, starting and ending with a letter or digit");
}

fn check_value(key: &str, value: &str, span: Span, path: &str, report: &mut Reporter<'_>) {
    let problems = validation::label_value(value);
    if problems.is_empty() {
        return;
    }
    report.report(span, format!("label value `{value}` for `{key}` in `{path}` is not valid: {}", problems.join("; "))).help("use at most 63 letters, digits, `-`, `_` or `.`, starting and ending with a letter or digit (or an empty value)"
            );
}

/// `ValidateLabelSelectorRequirement`: known operator, `values` present
/// exactly for `In`/`NotIn`, a qualified-name key and valid label values.
fn check_expressions(resource: &Resource, report: &mut Reporter<'_>) {
    for expression in select(&resource.root, "spec.selector.matchExpressions[]") {
        let node = expression.node;
        let path = &expression.path;
        if let Some(key) = node.get("key").and_then(|key| key.as_str().map(|text| (text, key.span()))) {
            check_key(key.0, key.1, "label", path, report);
        }
        let values = node.get("values").and_then(|values| values.items()).unwrap_or_default();
        for value in values {
            if let Some(text) = value.as_str() {
                check_value(node.get("key").and_then(|k| k.as_str()).unwrap_or(""), text, value.span(), path, report);
            }
        }
        let Some(operator) = node.get("operator") else { continue };
        let Some(operator_text) = operator.as_str() else { continue };
        let problem = match operator_text {
            "In" | "NotIn" if values.is_empty() => {
                Some(format!("operator `{operator_text}` needs a non-empty `values` list"))
            }
            "Exists" | "DoesNotExist" if !values.is_empty() => {
                Some(format!("operator `{operator_text}` must not have `values`"))
            }
            "In" | "NotIn" | "Exists" | "DoesNotExist" => None,
            other => Some(format!("operator `{other}` is not `In`, `NotIn`, `Exists` or `DoesNotExist`")),
        };
        if let Some(problem) = problem {
            // The API server names `values` when they are forbidden, the operator otherwise.
            let forbidden_values = matches!(operator_text, "Exists" | "DoesNotExist");
            let span = node.get("values").filter(|_| forbidden_values).map_or(operator.span(), |values| values.span());
            report
                .report(span, format!("in `{path}`: {problem}"))
                .help("use `In`/`NotIn` with a list of `values`, or `Exists`/`DoesNotExist` without `values`");
        }
    }
}
