use super::{Context, Reporter, ResourceFacts, Rule};
use crate::diagnostic::{Applicability, Fix};
use crate::model::Resource;
use crate::parse::NodeValue;
use crate::schema::{SchemaFinding, SchemaFindingKind, Suggestion};

super::declare_rule! {
    /// ## What it flags
    /// A field that the Kubernetes schema of the object does not have: a
    /// typo (`serviceNmae`), the wrong letter case (`ServiceName`), or a
    /// field at the wrong level (`replicas` under `metadata`,
    /// `containers` directly under `spec.template`). Field names come from
    /// the k8s-openapi schemas of StatefulSet, Service, PersistentVolumeClaim
    /// and PodDisruptionBudget.
    ///
    /// ## Why it matters
    /// Since Kubernetes 1.27 server-side field validation is on by default
    /// and `kubectl apply` asks for `Strict`, so the API server rejects the
    /// whole object ("strict decoding error: unknown field"). With
    /// validation off, the field is silently dropped and the setting the
    /// author meant never takes effect.
    ///
    /// ## Example
    /// ```yaml
    /// kind: StatefulSet
    /// metadata:
    ///   name: web
    ///   replicas: 3        # belongs in `spec`
    /// spec:
    ///   serviceNmae: web   # did you mean `serviceName`?
    /// ```
    ///
    /// ## Fix
    /// Correct the name or move the field to where the help points. When
    /// the name differs only in letter case the fix renames the key. The
    /// fix is unsafe: a client that does not ask for strict field
    /// validation (the API server's default is to warn) has the field
    /// dropped today, so the rename makes its value take effect.
    ///
    /// ## Source
    /// KEP-2885 (server-side unknown field validation, GA in 1.27);
    /// k8s.io/apimachinery strict decoding (`runtime/serializer/json`,
    /// sigs.k8s.io/json `UnmarshalStrict`); the field lists are those of the
    /// Kubernetes OpenAPI schema as published by k8s-openapi.
    pub struct UnknownField {
        id: "unknown-field",
        severity: Error,
        summary: "a field the Kubernetes schema does not have",
    }
}

impl Rule for UnknownField {
    fn check_resource(&self, ctx: &Context<'_>, facts: &ResourceFacts<'_>, report: &mut Reporter<'_>) {
        let resource = facts.resource;
        for finding in &resource.schema_findings {
            let SchemaFindingKind::UnknownField { name, object, suggestion } = &finding.kind else { continue };
            let help = match suggestion {
                Some(Suggestion::Similar { name: similar, .. }) => format!("did you mean `{similar}`?"),
                Some(Suggestion::Elsewhere(path)) => {
                    format!("did you mean `{path}`? `{object}` has no field `{name}`")
                }
                None => format!(
                    "remove it or fix the name; `{object}` has no field `{name}` and strict field validation rejects unknown fields"
                ),
            };
            let mut diagnostic = report.report(finding.span, format!("unknown field `{}`", finding.path)).help(help);
            if let Some(fix) = rename_fix(ctx, resource, finding) {
                diagnostic = diagnostic.fix(fix);
            }
        }
    }
}

/// Renaming is offered only when the names differ in letter case alone
/// (`ServiceName` → `serviceName`), the key is written plainly, and the
/// object does not already have the right key (which would duplicate it).
fn rename_fix(ctx: &Context<'_>, resource: &Resource, finding: &SchemaFinding) -> Option<Fix> {
    let SchemaFindingKind::UnknownField {
        name,
        suggestion: Some(Suggestion::Similar { name: correct, case_only: true }),
        ..
    } = &finding.kind
    else {
        return None;
    };
    let text = &ctx.file.text;
    if text.get(finding.span.start..finding.span.end)? != name.as_str() {
        return None;
    }
    let parent_has_correct = parent_keys(resource, finding).any(|key| key == *correct);
    if parent_has_correct {
        return None;
    }
    Some(Fix::replace(Applicability::Unsafe, format!("rename to `{correct}`"), finding.span, *correct))
}

/// The keys of the mapping that holds the finding's key.
fn parent_keys<'r>(resource: &'r Resource, finding: &SchemaFinding) -> impl Iterator<Item = &'r str> {
    let mut stack = vec![&resource.root];
    let mut holder = None;
    while let Some(node) = stack.pop() {
        match &node.value {
            NodeValue::Mapping(entries) => {
                if entries.iter().any(|entry| entry.key.span() == finding.span) {
                    holder = Some(node);
                    break;
                }
                stack.extend(entries.iter().map(|entry| &entry.value));
            }
            NodeValue::Sequence(items) => stack.extend(items.iter()),
            NodeValue::Scalar(_) => {}
        }
    }
    holder.and_then(|node| node.entries()).unwrap_or_default().iter().filter_map(|entry| entry.key.as_str())
}
