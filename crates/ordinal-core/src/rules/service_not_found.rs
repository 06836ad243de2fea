use super::{LinkedFacts, Reporter, Rule, Workspace};
use crate::parse::PathSegment::Key;

super::declare_rule! {
    /// ## What it flags
    /// A StatefulSet whose `spec.serviceName` names no Service in the same
    /// namespace among the linted files.
    ///
    /// ## Why it matters
    /// The governing Service gives each pod its DNS name
    /// (`web-0.nginx.default.svc.cluster.local`). The API server accepts a
    /// StatefulSet whose Service does not exist, but until that Service is
    /// created no per-pod name resolves, and peers that find each other by
    /// name never form a cluster.
    ///
    /// ## Example
    /// ```yaml
    /// kind: StatefulSet
    /// metadata: {name: web}
    /// spec:
    ///   serviceName: nginx   # no Service `nginx` in this namespace
    /// ```
    ///
    /// ## Fix
    /// Lint the Service together with the StatefulSet, create a headless
    /// Service with this name in the same namespace, or correct the name.
    /// If the Service is managed elsewhere, disable this rule in
    /// `.ordinal.yaml`.
    ///
    /// ## Source
    /// Kubernetes docs, "StatefulSets" (Limitations: "StatefulSets currently
    /// require a Headless Service to be responsible for the network identity
    /// of the Pods. You are responsible for creating this Service.").
    pub struct ServiceNotFound {
        id: "service-not-found",
        severity: Error,
        summary: "`serviceName` names no Service in the same namespace",
    }
}

/// How many of the namespaces that have a Service of the name the help lists.
const MAX_NAMESPACES_LISTED: usize = 5;

impl Rule for ServiceNotFound {
    fn links(&self) -> bool {
        true
    }

    fn check_linked(&self, ctx: &Workspace<'_>, facts: &LinkedFacts<'_>, report: &mut Reporter<'_>) {
        let resource = facts.resource;
        let Some(sts) = resource.as_statefulset() else { return };
        let Some(service_name) = sts.spec.service_name.as_deref() else { return };
        if service_name.is_empty() || ctx.topology.service(&resource.namespace, service_name).is_some() {
            return;
        }
        let elsewhere = ctx.topology.services_named_elsewhere(service_name);
        let help = if elsewhere.is_empty() {
            format!(
                "create a headless Service `{service_name}` (clusterIP: None) in namespace `{}` or fix the name",
                resource.namespace
            )
        } else {
            // Listed up to a few: every StatefulSet that names the Service
            // gets this help, so listing them all grew as the product.
            let namespaces: Vec<&str> = elsewhere
                .iter()
                .take(MAX_NAMESPACES_LISTED)
                .filter_map(|&index| Some(ctx.resources.get(index)?.namespace.as_str()))
                .collect();
            let more = elsewhere.len().saturating_sub(MAX_NAMESPACES_LISTED);
            let more = if more > 0 { format!("` and {more} more") } else { "`".to_string() };
            format!(
                "a Service `{service_name}` exists in namespace `{}{more}, but the governing Service must be in `{}`",
                namespaces.join("`, `"),
                resource.namespace
            )
        };
        report
            .report(
                resource.span(&[Key("spec"), Key("serviceName")]),
                format!("no Service `{service_name}` in namespace `{}`", resource.namespace),
            )
            .help(help);
    }
}
