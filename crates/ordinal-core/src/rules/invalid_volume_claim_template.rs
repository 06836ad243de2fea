use super::paths::select;
use super::{Context, Reporter, ResourceFacts, Rule};

super::declare_rule! {
    /// ## What it flags
    /// A `spec.volumeClaimTemplates` entry without `spec.accessModes`, or
    /// that combines `ReadWriteOncePod` with another access mode.
    ///
    /// ## Why it matters
    /// Each claim template becomes a PersistentVolumeClaim per pod
    /// (`data-web-0`), and a claim without an access mode is invalid. Since
    /// Kubernetes 1.34 the API server validates the templates when the
    /// StatefulSet is created; before that the StatefulSet was accepted and
    /// every pod failed with `failed to create PVC data-web-0: ...
    /// spec.accessModes: Required value: at least 1 access mode is required`.
    /// (A missing `storage` request is `pvc-missing-storage-request`.)
    ///
    /// ## Example
    /// ```yaml
    /// volumeClaimTemplates:
    /// - metadata: {name: data}
    ///   spec:                      # no accessModes
    ///     resources: {requests: {storage: 1Gi}}
    /// ```
    ///
    /// ## Fix
    /// Add `accessModes: ["ReadWriteOnce"]` (one node mounts each pod's own
    /// volume, the usual choice for a StatefulSet), or `ReadWriteOncePod`
    /// alone.
    ///
    /// ## Source
    /// pkg/apis/core/validation `ValidatePersistentVolumeClaimSpec` ("at
    /// least 1 access mode is required", "may not use ReadWriteOncePod with
    /// other access modes"), reached from pkg/apis/apps/validation
    /// `ValidateStatefulSetSpec` through `ValidateVolumeClaimTemplates`
    /// (kubernetes/kubernetes PR 132212; issue 132211 shows the older
    /// failure at pod creation).
    pub struct InvalidVolumeClaimTemplate {
        id: "invalid-volume-claim-template",
        severity: Error,
        summary: "a volume claim template has no access mode or mixes `ReadWriteOncePod` with others",
    }
}

impl Rule for InvalidVolumeClaimTemplate {
    fn check_resource(&self, _ctx: &Context<'_>, facts: &ResourceFacts<'_>, report: &mut Reporter<'_>) {
        let resource = facts.resource;
        if resource.as_statefulset().is_none() {
            return;
        }
        for template in select(&resource.root, "spec.volumeClaimTemplates[]") {
            let name = template.node.get("metadata").and_then(|m| m.get("name")).and_then(|n| n.as_str()).unwrap_or("");
            let modes_node = template.node.get("spec").and_then(|spec| spec.get("accessModes"));
            let modes: Vec<&str> =
                modes_node.and_then(|m| m.items()).unwrap_or_default().iter().filter_map(|m| m.as_str()).collect();
            if modes_node.and_then(|m| m.items()).is_none_or(|items| items.is_empty()) {
                // Ill-typed values are `invalid-type`'s finding.
                if modes_node.is_some_and(|node| !node.is_null() && node.items().is_none()) {
                    continue;
                }
                let span = match (modes_node, template.node.entry("spec")) {
                    (Some(node), _) => node.span(),
                    (None, Some(spec)) => spec.key.span(),
                    (None, None) => template.node.span(),
                };
                report
                    .report(
                        span,
                        format!("volume claim template `{name}` has no `accessModes`; at least one is required"),
                    )
                    .help("add `accessModes: [\"ReadWriteOnce\"]` under its `spec`");
            } else if modes.contains(&"ReadWriteOncePod") && modes.len() > 1 {
                if let Some(node) = modes_node {
                    report
                        .report(
                            node.span(),
                            format!(
                                "volume claim template `{name}` combines `ReadWriteOncePod` with other access modes"
                            ),
                        )
                        .help("use `ReadWriteOncePod` alone, or drop it");
                }
            }
        }
    }
}
