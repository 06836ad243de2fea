use super::{Context, Reporter, ResourceFacts, Rule};
use crate::parse::PathSegment::{Index, Key};

super::declare_rule! {
    /// ## What it flags
    /// A `volumeClaimTemplates` entry without `spec.resources.requests.storage`,
    /// or with a zero storage request.
    ///
    /// ## Why it matters
    /// The controller creates one PersistentVolumeClaim per pod from each
    /// template, and PVC validation requires a positive storage request.
    /// Since Kubernetes 1.34 the API server validates the templates when the
    /// StatefulSet is created and rejects it. Older API servers accept the
    /// StatefulSet; then every claim create fails, the pod waits for its
    /// claim, and with `OrderedReady` no later pod starts either: the
    /// StatefulSet sits at zero ready replicas with only a `FailedCreate`
    /// event to say why.
    ///
    /// ## Example
    /// ```yaml
    /// volumeClaimTemplates:
    /// - metadata: {name: data}
    ///   spec:
    ///     accessModes: [ReadWriteOnce]    # no resources.requests.storage
    /// ```
    ///
    /// ## Fix
    /// Add `resources: {requests: {storage: 10Gi}}` (the size the member needs).
    ///
    /// ## Source
    /// - pkg/apis/core/validation/validation.go,
    ///   `ValidatePersistentVolumeClaimSpec` (`resources[storage]`: Required
    ///   value; `ValidatePositiveQuantityValue`).
    /// - pkg/apis/apps/validation/validation.go, `ValidateVolumeClaimTemplates`
    ///   (kubernetes/kubernetes pull request 132212, Kubernetes 1.34; issue
    ///   132211 shows the earlier failure at claim creation).
    /// - pkg/controller/statefulset/stateful_pod_control.go
    ///   (`createPersistentVolumeClaims` creates the claims from
    ///   `getPersistentVolumeClaims`).
    pub struct PvcMissingStorageRequest {
        id: "pvc-missing-storage-request",
        severity: Error,
        summary: "a volumeClaimTemplate has no storage request, so the StatefulSet or its claims are rejected",
    }
}

impl Rule for PvcMissingStorageRequest {
    fn check_resource(&self, _ctx: &Context<'_>, facts: &ResourceFacts<'_>, report: &mut Reporter<'_>) {
        let resource = facts.resource;
        let Some(sts) = facts.accepted_statefulset() else { return };
        let sts_name = resource.name.as_deref().unwrap_or("<unnamed>");
        for (index, template) in sts.spec.volume_claim_templates.iter().flatten().enumerate() {
            let claim = template.metadata.name.as_deref().unwrap_or("<unnamed>");
            let storage = template
                .spec
                .as_ref()
                .and_then(|spec| spec.resources.as_ref())
                .and_then(|resources| resources.requests.as_ref())
                .and_then(|requests| requests.get("storage"));
            let base = [Key("spec"), Key("volumeClaimTemplates"), Index(index), Key("spec")];
            let (span, what) = match storage {
                None => (
                    resource.key_span(&[&base[..], &[Key("resources"), Key("requests"), Key("storage")]].concat()),
                    "has no `resources.requests.storage`",
                ),
                Some(quantity) if is_zero(&quantity.0) => (
                    resource.span(&[&base[..], &[Key("resources"), Key("requests"), Key("storage")]].concat()),
                    "requests zero storage",
                ),
                Some(_) => continue,
            };
            report.report(span, format!(
                        "volumeClaimTemplate `{claim}` {what}: the API server rejects the StatefulSet (since 1.34) or, on older clusters, the claim `{claim}-{sts_name}-0` and the pods never start"
                    )).help("add `resources: {requests: {storage: <size>}}` to the template's spec, e.g. `storage: 10Gi`");
        }
    }
}

/// A quantity whose number is zero (`0`, `0Gi`, `0.0`); anything that does
/// not parse is left to the schema checks.
fn is_zero(quantity: &str) -> bool {
    let number = quantity.trim().trim_end_matches(|c: char| c.is_ascii_alphabetic());
    number.parse::<f64>().is_ok_and(|value| value == 0.0)
}
