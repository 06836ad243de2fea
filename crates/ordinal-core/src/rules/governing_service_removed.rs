use super::change::{ChangeContext, ChangeKind, ResourceChange};
use super::{Reporter, Rule};
use crate::options::normalize_domain;
use crate::parse::PathSegment::Key;

super::declare_rule! {
    /// ## What it flags
    /// A Service that OLD has and NEW does not (`ordinal diff`) while a
    /// StatefulSet in NEW, in the same namespace, still names it as its
    /// governing Service (`spec.serviceName`). Removing a Service that no
    /// StatefulSet names is not flagged.
    ///
    /// ## Why it matters
    /// The governing Service is what publishes the StatefulSet's per-pod DNS
    /// names: each pod gets `subdomain: <serviceName>`, and cluster DNS answers
    /// `<pod>.<service>.<namespace>.svc.<zone>` and the SRV records of the
    /// Service's named ports only while that (headless) Service exists. Delete
    /// it and every one of those names, and the SRV records, stop resolving.
    /// Nothing else shows it: the pods keep running and stay Ready, and the
    /// StatefulSet controller never creates (or recreates) the Service, so
    /// peers that find each other by name (ZooKeeper, etcd, Kafka, Cassandra)
    /// lose each other until someone applies the Service again.
    ///
    /// ## Example
    /// ```yaml
    /// # OLD                          # NEW
    /// kind: Service                  # (no Service zk-hs)
    /// metadata:
    ///   name: zk-hs
    /// ---                            ---
    /// kind: StatefulSet              kind: StatefulSet
    /// spec:                          spec:
    ///   serviceName: zk-hs             serviceName: zk-hs
    /// ```
    ///
    /// ## Fix
    /// Keep the Service in the manifests. `spec.serviceName` itself cannot be
    /// changed on an existing StatefulSet, so pointing it at another Service
    /// means deleting the StatefulSet with `--cascade=orphan` (which keeps
    /// the pods and claims) and creating it again with the new name.
    ///
    /// ## Source
    /// - kubernetes/dns `docs/specification.md` §2.4 (records of headless
    ///   Services: `<hostname>.<service>.<ns>.svc.<zone>` A/AAAA records and
    ///   SRV records exist only for the Service's endpoints).
    /// - kubernetes/kubernetes `pkg/controller/statefulset/stateful_set_utils.go`
    ///   `initIdentity` (a pod's `subdomain` is the StatefulSet's
    ///   `serviceName`, set once when the pod is created; the controller
    ///   manages pods, claims and revisions, never the Service).
    /// - `pkg/apis/apps/validation/validation.go` `ValidateStatefulSetUpdate`
    ///   (`serviceName` is not among the spec fields an update may change).
    pub struct GoverningServiceRemoved {
        id: "governing-service-removed",
        severity: Warning,
        summary: "a Service removed while a StatefulSet still names it as its governing Service: the pods' DNS names stop resolving",
        on: change,
    }
}

impl Rule for GoverningServiceRemoved {
    fn check_change(&self, ctx: &ChangeContext<'_>, change: &ResourceChange<'_>, report: &mut Reporter<'_>) {
        if change.kind != ChangeKind::Removed {
            return;
        }
        let Some(old) = change.old_resource() else { return };
        if old.as_service().is_none() {
            return;
        }
        let Some(service) = old.name.as_deref().filter(|name| !name.is_empty()) else { return };
        let namespace = old.namespace.as_str();
        let domain = normalize_domain(&ctx.options.cluster_domain);
        for resource in ctx.new {
            let Some(sts) = resource.as_statefulset() else { continue };
            if resource.namespace != namespace || sts.spec.service_name.as_deref() != Some(service) {
                continue;
            }
            let sts_name = resource.name.as_deref().unwrap_or("<unnamed>");
            let governed_before = ctx.old.iter().any(|candidate| {
                candidate.namespace == namespace
                    && candidate.name.as_deref() == Some(sts_name)
                    && candidate
                        .as_statefulset()
                        .is_some_and(|old_sts| old_sts.spec.service_name.as_deref() == Some(service))
            });
            let relation = if governed_before { "still names it" } else { "names it" };
            report
                .report_on(
                    resource,
                    resource.span(&[Key("spec"), Key("serviceName")]),
                    format!(
                        "Service `{service}` is removed, but StatefulSet `{sts_name}` {relation} as its governing Service: every per-pod name `{sts_name}-<ordinal>.{service}.{namespace}.svc.{domain}` and the Service's SRV records stop resolving, while the pods keep running; the StatefulSet controller does not recreate the Service"
                    ),
                )
                .label_in(old.file, old.span(&[Key("metadata"), Key("name")]), "the removed Service")
                .help(format!(
                    "keep Service `{service}` in the manifests; `serviceName` cannot be changed on a live StatefulSet (only by deleting it with `--cascade=orphan` and creating it again)"
                ));
        }
    }
}
