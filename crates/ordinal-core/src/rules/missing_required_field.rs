use super::{Context, Reporter, ResourceFacts, Rule};
use crate::schema::SchemaFindingKind;

super::declare_rule! {
    /// ## What it flags
    /// An object that lacks a field its Kubernetes schema marks as required
    /// (or sets it to null): a StatefulSet `spec` without `selector` or
    /// `template`, a pod spec without `containers`, a container or an env
    /// var without `name`, a container port without `containerPort`, a
    /// Service port without `port`, a volume mount without `mountPath`.
    /// `status` is not checked: the API server ignores it on create.
    ///
    /// ## Why it matters
    /// The API server rejects the object ("Required value"). `apps/v1`
    /// requires `spec.selector`; the removed `apps/v1beta1` used to default
    /// it from the template labels, so old manifests often lack it.
    ///
    /// ## Example
    /// ```yaml
    /// kind: StatefulSet
    /// spec:              # missing required field `selector`
    ///   serviceName: web
    ///   template: {metadata: {labels: {app: web}}, spec: {containers: [{name: web, image: nginx}]}}
    /// ```
    ///
    /// ## Fix
    /// Add the field; for a StatefulSet selector, copy the template labels
    /// into `spec.selector.matchLabels`.
    ///
    /// ## Source
    /// The `required` lists of the Kubernetes OpenAPI schema (fields without
    /// `omitempty`/`+optional`), as published by k8s-openapi; the matching
    /// checks in pkg/apis/apps/validation `ValidateStatefulSetSpec`
    /// ("spec.selector: Required value") and pkg/apis/core/validation
    /// (`ValidatePodSpec`, `validateContainers`, `validateEnv`,
    /// `ValidateService`).
    pub struct MissingRequiredField {
        id: "missing-required-field",
        severity: Error,
        summary: "an object lacks a field its schema requires",
    }
}

impl Rule for MissingRequiredField {
    fn check_resource(&self, _ctx: &Context<'_>, facts: &ResourceFacts<'_>, report: &mut Reporter<'_>) {
        let resource = facts.resource;
        for finding in &resource.schema_findings {
            let SchemaFindingKind::MissingRequired { field, object, shape } = &finding.kind else { continue };
            let holder = finding.path.strip_suffix(field).map(|path| path.trim_end_matches('.')).unwrap_or_default();
            let message = if holder.is_empty() {
                format!("missing required field `{field}`")
            } else {
                format!("`{holder}` is missing required field `{field}`")
            };
            report.report(finding.span, message).help(format!(
                "add `{field}` ({}); the API server rejects `{object}` objects without it",
                shape.describe()
            ));
        }
    }
}
