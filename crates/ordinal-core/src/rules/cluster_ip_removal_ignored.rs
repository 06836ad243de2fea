use super::change::{ChangeContext, ChangeKind, ResourceChange};
use super::{Reporter, Rule};
use crate::parse::PathSegment::Key;
use crate::semantics::service::{cluster_ip_mode, ClusterIpMode};

super::declare_rule! {
    /// ## What it flags
    /// `clusterIP: None` removed from a Service (`ordinal diff`), with no
    /// other cluster IP written and neither version `ExternalName`.
    ///
    /// ## Why it matters
    /// The change reads as "make it a normal ClusterIP Service", but on
    /// update the API server keeps the existing cluster IP when the new
    /// object gives none: the live Service stays headless, and the manifest
    /// now says something the cluster does not do. (On a fresh cluster the
    /// same manifest makes a ClusterIP Service, so the two drift apart.)
    ///
    /// ## Example
    /// ```yaml
    /// # OLD                       # NEW
    /// spec:                       spec:
    ///   clusterIP: None             ports: [{name: peer, port: 2888}]
    ///   ports: [{name: peer, port: 2888}]
    /// ```
    ///
    /// ## Fix
    /// To keep it headless, keep `clusterIP: None`, so the manifest says what
    /// the cluster has. To make it a ClusterIP Service, delete and recreate
    /// it (`kubectl delete service NAME`, then apply).
    ///
    /// ## Source
    /// - kubernetes/kubernetes `pkg/registry/core/service/storage/storage.go`
    ///   `patchAllocatedValues` (on update, an empty `clusterIP` and
    ///   `clusterIPs` take the old values when both versions need a cluster
    ///   IP, i.e. neither is `ExternalName`: `needsClusterIP`).
    /// - `pkg/apis/core/validation/validation.go` `ValidateServiceUpdate` /
    ///   `validateUpgradeDowngradeClusterIPs` (both headless: accepted).
    pub struct ClusterIpRemovalIgnored {
        id: "cluster-ip-removal-ignored",
        severity: Warning,
        summary: "`clusterIP: None` removed from a Service, which stays headless in the cluster",
        on: change,
    }
}

impl Rule for ClusterIpRemovalIgnored {
    fn check_change(&self, _ctx: &ChangeContext<'_>, change: &ResourceChange<'_>, report: &mut Reporter<'_>) {
        if change.kind != ChangeKind::Changed {
            return;
        }
        let (Some(old), Some(new)) = (change.old_resource(), change.new_resource()) else { return };
        let old_spec = old.as_service().and_then(|svc| svc.spec.as_ref());
        let new_spec = new.as_service().and_then(|svc| svc.spec.as_ref());
        if cluster_ip_mode(old_spec) != ClusterIpMode::Headless
            || cluster_ip_mode(new_spec) != ClusterIpMode::Virtual(None)
        {
            return;
        }
        let name = new.name.as_deref().unwrap_or("<unnamed>");
        report
            .report(
                new.span(&[Key("spec"), Key("clusterIP")]),
                format!(
                    "`clusterIP: None` is removed from Service `{name}`, but the live Service stays headless: on update the API server keeps the existing cluster IP when none is given"
                ),
            )
            .label_in(old.file, old.span(&[Key("spec"), Key("clusterIP")]), "removed here")
            .help(format!(
                "keep `clusterIP: None` to keep it headless; to make it a ClusterIP Service, delete and recreate it (`kubectl delete service {name}`, then apply)"
            ));
    }
}
