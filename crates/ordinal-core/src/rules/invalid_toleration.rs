use super::invalid_affinity::{check_qualified_key, field};
use super::paths::select;
use super::{Context, Reporter, ResourceFacts, Rule};
use crate::parse::Node;
use crate::validation;

super::declare_rule! {
    /// ## What it flags
    /// A pod template toleration the API server rejects:
    /// - a `key` that is not a valid label key;
    /// - an empty (or missing) `key` with an operator other than `Exists`;
    /// - an `operator` other than `Equal` or `Exists` (empty means `Equal`);
    /// - a `value` with `operator: Exists`, or a `value` that is not a valid
    ///   label value with `Equal`;
    /// - an `effect` other than `NoSchedule`, `PreferNoSchedule` or
    ///   `NoExecute` (empty matches every effect);
    /// - `tolerationSeconds` with an effect other than `NoExecute`.
    ///
    /// ## Why it matters
    /// The API server rejects the whole StatefulSet, so no pod is created
    /// or updated.
    ///
    /// ## Example
    /// ```yaml
    /// tolerations:
    /// - key: dedicated
    ///   operator: Exists
    ///   value: db               # Exists matches any value: remove it
    ///   effect: NoSchedule
    ///   tolerationSeconds: 60   # only for NoExecute
    /// ```
    ///
    /// ## Fix
    /// Use `operator: Exists` without a value or `Equal` with one, an empty
    /// key only with `Exists` (tolerate every taint), and
    /// `tolerationSeconds` only with `effect: NoExecute`. Not fixed
    /// automatically.
    ///
    /// ## Source
    /// pkg/apis/core/validation/validation.go `ValidateTolerations`
    /// (`ValidateLabelName` for the key, `IsValidLabelValue` for the value)
    /// and `validateTaintEffect`.
    pub struct InvalidToleration {
        id: "invalid-toleration",
        severity: Error,
        summary: "a pod template toleration is invalid",
    }
}

impl Rule for InvalidToleration {
    fn check_resource(&self, _ctx: &Context<'_>, facts: &ResourceFacts<'_>, report: &mut Reporter<'_>) {
        let resource = facts.resource;
        if resource.as_statefulset().is_none() {
            return;
        }
        for toleration in select(&resource.root, "spec.template.spec.tolerations[]") {
            let node = toleration.node;
            if node.entries().is_none() {
                continue;
            }
            let path = &toleration.path;
            let text = |key: &str| node.get(key).and_then(Node::as_str).unwrap_or_default();
            let key = text("key");
            let operator = text("operator");
            let value = text("value");
            let effect = text("effect");
            let operator_span = field(node, "operator").map(|(span, _)| span);
            if let Some((key_span, _)) = field(node, "key").filter(|_| !key.is_empty()) {
                check_qualified_key(key, key_span, "toleration key", path, report);
            }
            if key.is_empty() && operator != "Exists" {
                let span = operator_span.unwrap_or(node.span());
                report
                    .report(
                        span,
                        format!("`{path}` has no `key`, so its operator must be `Exists` (match every taint)"),
                    )
                    .help("set `operator: Exists` to tolerate every taint, or name the taint's `key`");
            }
            if let Some((seconds_span, _)) = field(node, "tolerationSeconds").filter(|(_, n)| !n.is_null()) {
                if effect != "NoExecute" {
                    let span = field(node, "effect").map_or(seconds_span, |(span, _)| span);
                    report
                        .report(span, format!("`{path}` sets `tolerationSeconds`, so its effect must be `NoExecute`"))
                        .help("set `effect: NoExecute`, or remove `tolerationSeconds` (it only limits how long a NoExecute taint is tolerated)")
                        .label(seconds_span, "set here");
                }
            }
            let value_span = field(node, "value").map(|(span, _)| span);
            match operator {
                "" | "Equal" => {
                    let problems = validation::label_value(value);
                    if !problems.is_empty() {
                        report
                            .report(value_span.unwrap_or(node.span()), format!("toleration value {value:?} in `{path}` is not valid: {}", problems.join("; ")))
                            .help("use at most 63 letters, digits, `-`, `_` or `.`, starting and ending with a letter or digit");
                    }
                }
                "Exists" => {
                    if let Some(span) = value_span.filter(|_| !value.is_empty()) {
                        report
                            .report(span, format!("`{path}` has `operator: Exists`, so its `value` must be empty"))
                            .help("remove `value` (Exists matches every value), or use `operator: Equal`");
                    }
                }
                other => {
                    let values = &validation::TOLERATION_OPERATOR;
                    let help = values
                        .suggestion(other)
                        .map_or_else(|| format!("use {}", values.describe()), |s| format!("did you mean `{s}`?"));
                    report
                        .report(
                            operator_span.unwrap_or(node.span()),
                            format!("`operator: {other:?}` in `{path}` is not {}", values.describe()),
                        )
                        .help(help);
                }
            }
            if let Some((effect_span, _)) = field(node, "effect").filter(|_| !effect.is_empty()) {
                let values = &validation::TAINT_EFFECT;
                if !values.accepts(effect) {
                    let help = values.suggestion(effect).map_or_else(
                        || format!("use {} (or leave it empty for every effect)", values.describe()),
                        |s| format!("did you mean `{s}`?"),
                    );
                    report
                        .report(effect_span, format!("`effect: {effect:?}` in `{path}` is not {}", values.describe()))
                        .help(help);
                }
            }
        }
    }
}
