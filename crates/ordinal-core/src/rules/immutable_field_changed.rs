use super::change::{default_text, written, ChangeContext, ChangeKind, ResourceChange};
use super::{Reporter, Rule};
use crate::kinds::Kind;
use crate::parse::PathSegment::Key;
use crate::semantics::service::{cluster_ip_mode, ClusterIpMode};
use crate::semantics::statefulset::UPDATABLE_SPEC_FIELDS;

super::declare_rule! {
    /// ## What it flags
    /// A change the API server rejects on update (`ordinal diff`):
    /// - on a StatefulSet, any `spec` field other than `replicas`,
    ///   `ordinals`, `template`, `updateStrategy`,
    ///   `persistentVolumeClaimRetentionPolicy` and `minReadySeconds`:
    ///   `serviceName`, `selector`, `podManagementPolicy`,
    ///   `revisionHistoryLimit` and `volumeClaimTemplates` (a storage size
    ///   included). Defaults written out or left out, key order and
    ///   `10Gi` against `10240Mi` are no change.
    /// - on a Service, a cluster IP that changes: `clusterIP: None` added to
    ///   a Service that has a cluster IP, a written IP changed, or a headless
    ///   Service given an IP. Neither side being `ExternalName` waives it,
    ///   as the API server does.
    ///
    /// ## Why it matters
    /// `kubectl apply`, `helm upgrade` and Argo CD fail at deploy time with
    /// "Forbidden: updates to statefulset spec for fields other than
    /// 'replicas', 'ordinals', 'template', 'updateStrategy',
    /// 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are
    /// forbidden", or `spec.clusterIPs[0]: Invalid value: may not change
    /// once set`, often half-way through a release.
    ///
    /// ## Example
    /// ```yaml
    /// # OLD                          # NEW
    /// volumeClaimTemplates:          volumeClaimTemplates:
    /// - metadata: {name: data}       - metadata: {name: data}
    ///   spec:                          spec:
    ///     resources:                     resources:
    ///       requests: {storage: 10Gi}      requests: {storage: 20Gi}
    /// ```
    ///
    /// ## Fix
    /// For a StatefulSet: `kubectl delete statefulset NAME --cascade=orphan`,
    /// then apply; the pods and claims stay and the new StatefulSet adopts
    /// them when its selector still matches their labels. To grow storage,
    /// also resize each existing claim (`kubectl patch pvc ...`), which
    /// works where the StorageClass sets `allowVolumeExpansion: true`; the
    /// template only shapes claims created later. For a Service: delete it
    /// and create it again. No automatic fix: both take a person's decision.
    ///
    /// ## Source
    /// - kubernetes/kubernetes `pkg/apis/apps/validation/validation.go`
    ///   `ValidateStatefulSetUpdate` (copies the six updatable fields from the
    ///   old object, then requires `apiequality.Semantic.DeepEqual` of the rest).
    /// - `pkg/apis/core/validation/validation.go` `ValidateServiceUpdate` and
    ///   `validateUpgradeDowngradeClusterIPs` ("may not change once set"; both
    ///   headless, or either `ExternalName`, is allowed).
    pub struct ImmutableFieldChanged {
        id: "immutable-field-changed",
        severity: Error,
        summary: "a change the API server forbids on update (a StatefulSet's immutable spec fields, a Service's cluster IP)",
        on: change,
    }
}

impl Rule for ImmutableFieldChanged {
    fn check_change(&self, _ctx: &ChangeContext<'_>, change: &ResourceChange<'_>, report: &mut Reporter<'_>) {
        if change.kind != ChangeKind::Changed {
            return;
        }
        let (Some(old), Some(new)) = (change.old_resource(), change.new_resource()) else { return };
        let name = new.name.as_deref().unwrap_or("<unnamed>");
        match new.kind.as_deref() {
            Some(kind) if kind == Kind::StatefulSet.name() => {
                for field in &change.fields {
                    let Some(top) = field.key(1).filter(|_| field.key(0) == Some("spec")) else { continue };
                    if UPDATABLE_SPEC_FIELDS.contains(&top) {
                        continue;
                    }
                    let shown = |resource, value: Option<&serde_json::Value>| {
                        written(resource, field).map(|text| format!("`{text}`")).or_else(|| default_text(value?, field))
                    };
                    let values = match (shown(old, change.old_value.as_ref()), shown(new, change.new_value.as_ref())) {
                        (Some(before), Some(after)) => format!(" (from {before} to {after})"),
                        (Some(before), None) => format!(" ({before} removed)"),
                        (None, Some(after)) => format!(" (now {after})"),
                        (None, None) => String::new(),
                    };
                    let help = if top == "volumeClaimTemplates" {
                        // The claims that exist before and after the change.
                        let claims: Vec<String> = change
                            .old_pods
                            .iter()
                            .filter(|pod| change.new_pods.iter().any(|kept| kept.pod == pod.pod))
                            .flat_map(|pod| pod.claims.iter().cloned())
                            .collect();
                        format!(
                            "the template only shapes claims created later: resize the existing claims{} with `kubectl patch pvc` (where the StorageClass has `allowVolumeExpansion: true`), then `kubectl delete statefulset {name} --cascade=orphan` and apply, which keeps the pods and claims",
                            if claims.is_empty() { String::new() } else { format!(" ({})", super::change::name_list(&claims)) }
                        )
                    } else {
                        format!(
                            "keep the old value, or `kubectl delete statefulset {name} --cascade=orphan` and apply: the pods and claims stay, and the new StatefulSet adopts the pods its selector matches"
                        )
                    };
                    report
                        .report(
                            new.span(&field.segments()),
                            format!("`{field}` of StatefulSet `{name}` cannot be changed{values}: the API server forbids updates to a StatefulSet's spec other than replicas, ordinals, template, updateStrategy, persistentVolumeClaimRetentionPolicy and minReadySeconds"),
                        )
                        .help(help);
                }
            }
            Some(kind) if kind == Kind::Service.name() => {
                let old_spec = old.as_service().and_then(|svc| svc.spec.as_ref());
                let new_spec = new.as_service().and_then(|svc| svc.spec.as_ref());
                let rejected = match (cluster_ip_mode(old_spec), cluster_ip_mode(new_spec)) {
                    (ClusterIpMode::Virtual(_), ClusterIpMode::Headless) => {
                        Some("`clusterIP: None` is added, but the Service has a cluster IP".to_string())
                    }
                    (ClusterIpMode::Headless, ClusterIpMode::Virtual(Some(ip))) => {
                        Some(format!("the headless Service is given cluster IP `{ip}`"))
                    }
                    (ClusterIpMode::Virtual(Some(before)), ClusterIpMode::Virtual(Some(after))) if before != after => {
                        Some(format!("the cluster IP changes from `{before}` to `{after}`"))
                    }
                    _ => None,
                };
                if let Some(what) = rejected {
                    report
                        .report(
                            new.span(&[Key("spec"), Key("clusterIP")]),
                            format!("Service `{name}`: {what}; the API server rejects the update (`spec.clusterIPs[0]`: may not change once set)"),
                        )
                        .help(format!(
                            "delete the Service and create it again (`kubectl delete service {name}`, then apply); its clients lose it in between"
                        ));
                }
            }
            _ => {}
        }
    }
}
