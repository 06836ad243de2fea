use super::{Context, Reporter, ResourceFacts, Rule};
use crate::parse::PathSegment::Key;

super::declare_rule! {
    /// ## What it flags
    /// A StatefulSet without `spec.serviceName` (or with an empty one).
    ///
    /// ## Why it matters
    /// The controller sets each pod's `hostname` to the pod name and its
    /// `subdomain` to `spec.serviceName`. The cluster DNS publishes
    /// `web-0.nginx.default.svc.cluster.local` only for a pod whose
    /// subdomain names a headless Service in its namespace. Without
    /// `serviceName` (optional since Kubernetes 1.33) the pods still get
    /// stable names and volumes, but no per-pod DNS names, so peers cannot
    /// address one another by ordinal.
    ///
    /// ## Example
    /// ```yaml
    /// kind: StatefulSet
    /// metadata: {name: web}
    /// spec:
    ///   replicas: 3          # no serviceName: web-0, web-1, web-2 have no DNS names
    /// ```
    ///
    /// ## Fix
    /// Create a headless Service (`clusterIP: None`) that selects the pods
    /// and set `spec.serviceName` to its name. If the pods never need to
    /// reach each other by name, disable this rule for the StatefulSet with
    /// the annotation `ordinal.dev/ignore: missing-service-name`.
    ///
    /// ## Source
    /// - pkg/controller/statefulset/stateful_set_utils.go, `initIdentity`:
    ///   `pod.Spec.Hostname = pod.Name`, `pod.Spec.Subdomain = set.Spec.ServiceName`.
    /// - Kubernetes docs, "DNS for Services and Pods" (A/AAAA records for a
    ///   pod's hostname and subdomain require a headless Service named like
    ///   the subdomain in the same namespace).
    /// - Kubernetes docs, "StatefulSets" (Stable Network ID).
    /// - kubernetes/kubernetes pull request 130233 (1.33) marked
    ///   `serviceName` optional and validated it as a DNS-1123 label.
    pub struct MissingServiceName {
        id: "missing-service-name",
        severity: Warning,
        summary: "StatefulSet has no `serviceName`, so its pods get no per-pod DNS names",
    }
}

impl Rule for MissingServiceName {
    fn check_resource(&self, _ctx: &Context<'_>, facts: &ResourceFacts<'_>, report: &mut Reporter<'_>) {
        let resource = facts.resource;
        let Some(sts) = facts.accepted_statefulset() else { return };
        if sts.spec.service_name.as_deref().is_some_and(|name| !name.is_empty()) {
            return;
        }
        let name = resource.name.as_deref().unwrap_or("<unnamed>");
        report
            .report(
                resource.span(&[Key("spec"), Key("serviceName")]),
                format!("StatefulSet `{name}` has no `serviceName`, so its pods get no per-pod DNS names"),
            )
            .help(
                "create a headless Service (clusterIP: None) selecting the pods and set `spec.serviceName` to its name",
            );
    }
}
