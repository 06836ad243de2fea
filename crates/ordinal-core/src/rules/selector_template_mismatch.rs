use crate::model::LabelMap;

use crate::model::kube::LabelSelector;

use super::{Context, Reporter, ResourceFacts, Rule};
use crate::parse::PathSegment::{Index, Key};
use crate::semantics::selector::{label_selector_is_empty, label_selector_matches};

super::declare_rule! {
    /// ## What it flags
    /// A StatefulSet whose `spec.selector` is empty, or does not match the
    /// labels of its own pod template (`spec.template.metadata.labels`),
    /// through `matchLabels` or `matchExpressions`. The finding points at
    /// the selector requirement that fails and labels the template's labels
    /// (or the `metadata` or `template` key that lacks them), the field the
    /// API server names. A missing `selector` or `template` is
    /// `missing-required-field`.
    ///
    /// ## Why it matters
    /// The API server rejects it: `selector` does not match template
    /// `labels`, or "empty selector is invalid for statefulset". The
    /// controller finds its pods by this selector, so a StatefulSet whose
    /// template did not match could never see the pods it creates.
    /// The selector cannot be changed after creation, so the template
    /// labels are usually what needs fixing.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   selector:
    ///     matchLabels: {app: web}
    ///   template:
    ///     metadata:
    ///       labels: {app: nginx}    # `app` must be `web`
    /// ```
    ///
    /// ## Fix
    /// Give the pod template every label the selector requires.
    ///
    /// ## Source
    /// pkg/apis/apps/validation: `ValidateStatefulSetSpec` ("empty selector
    /// is invalid for statefulset") and `ValidatePodTemplateSpecForStatefulSet`
    /// (`selector.Matches(labels.Set(template.Labels))`).
    pub struct SelectorTemplateMismatch {
        id: "selector-template-mismatch",
        severity: Error,
        summary: "the StatefulSet selector is empty or does not match its pod template labels",
    }
}

impl Rule for SelectorTemplateMismatch {
    fn check_resource(&self, _ctx: &Context<'_>, facts: &ResourceFacts<'_>, report: &mut Reporter<'_>) {
        let resource = facts.resource;
        let Some(sts) = resource.as_statefulset() else { return };
        // A missing selector or template is `missing-required-field`'s
        // finding; without a template there are no labels to point at.
        if resource.node(&[Key("spec"), Key("selector")]).is_none()
            || resource.node(&[Key("spec"), Key("template")]).is_none()
        {
            return;
        }
        let selector = &sts.spec.selector;
        let selector_span = resource.span(&[Key("spec"), Key("selector")]);
        if label_selector_is_empty(selector) {
            report
                .report(selector_span, "`spec.selector` is empty, which is invalid for a StatefulSet")
                .help("select the pods by their template labels, e.g. `matchLabels: {app: web}`");
            return;
        }
        // An unknown operator makes the selector itself invalid (`invalid-label`).
        let expressions = selector.match_expressions.as_deref().unwrap_or_default();
        if expressions.iter().any(|e| !matches!(e.operator.as_str(), "In" | "NotIn" | "Exists" | "DoesNotExist")) {
            return;
        }
        let labels = facts.template_labels();
        if label_selector_matches(selector, labels) {
            return;
        }
        let (reason, requirement) = first_failure(selector, labels);
        // Point at the requirement that fails, else at the whole selector.
        let span = match &requirement {
            Requirement::Label(key) => resource.span(&[Key("spec"), Key("selector"), Key("matchLabels"), Key(key)]),
            Requirement::Expression(index) => {
                resource.span(&[Key("spec"), Key("selector"), Key("matchExpressions"), Index(*index)])
            }
            Requirement::Unknown => selector_span,
        };
        let labels_path = [Key("spec"), Key("template"), Key("metadata"), Key("labels")];
        let label_text = if resource.node(&labels_path).is_some() {
            "the pod template's labels"
        } else {
            "the pod template has no labels"
        };
        report.report(span, format!("`spec.selector` does not match the pod template labels: {reason}")).help("add the labels the selector requires to `spec.template.metadata.labels` (the selector cannot be changed after creation)").label(resource.span(&labels_path), label_text);
    }
}

/// The part of a selector that fails.
enum Requirement {
    /// A `matchLabels` key.
    Label(String),
    /// A `matchExpressions` index.
    Expression(usize),
    /// None found (should not happen when the selector does not match).
    Unknown,
}

/// Says which requirement of `selector` the labels fail first.
fn first_failure(selector: &LabelSelector, labels: &LabelMap) -> (String, Requirement) {
    for (key, value) in selector.match_labels.iter().flatten() {
        let requirement = Requirement::Label(key.clone());
        match labels.get(key) {
            None => {
                return (
                    format!("the template has no label `{key}` (the selector requires `{key}: {value}`)"),
                    requirement,
                )
            }
            Some(actual) if actual != value => {
                let reason = format!("label `{key}` is `{actual}` in the template but the selector requires `{value}`");
                return (reason, requirement);
            }
            Some(_) => {}
        }
    }
    for (index, expression) in selector.match_expressions.iter().flatten().enumerate() {
        let single = LabelSelector { match_expressions: Some(vec![expression.clone()]), match_labels: None };
        if !label_selector_matches(&single, labels) {
            let key = &expression.key;
            let values = expression.values.as_deref().unwrap_or_default().join(", ");
            let actual = labels.get(key).map_or("absent".to_string(), |value| format!("`{value}`"));
            let reason = match expression.operator.as_str() {
                "In" => format!("label `{key}` must be one of [{values}] but is {actual}"),
                "NotIn" => format!("label `{key}` must not be one of [{values}] but is {actual}"),
                "Exists" => format!("label `{key}` must exist in the template"),
                _ => format!("label `{key}` must not exist in the template"),
            };
            return (reason, Requirement::Expression(index));
        }
    }
    ("a requirement is not met".into(), Requirement::Unknown)
}
