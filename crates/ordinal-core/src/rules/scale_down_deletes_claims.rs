use super::change::{claims_of, name_list, ChangeContext, ChangeKind, PodClaims, ResourceChange};
use super::{Reporter, Rule};
use crate::parse::PathSegment::Key;
use crate::semantics::statefulset::Effective;

super::declare_rule! {
    /// ## What it flags
    /// A change that deletes PersistentVolumeClaims (`ordinal diff`):
    /// - fewer pods (lower `replicas`, or a moved `ordinals.start`) while
    ///   NEW has `persistentVolumeClaimRetentionPolicy.whenScaled: Delete`;
    /// - a StatefulSet removed from the manifests (a pruning `kubectl apply`,
    ///   Helm or Argo CD deletes it) while OLD has `whenDeleted: Delete`.
    ///
    /// Every claim that goes is named.
    ///
    /// ## Why it matters
    /// With `Delete`, the controller makes the claims of each removed pod (or
    /// of the whole set) owned by the pod (or the StatefulSet), and the
    /// garbage collector deletes them after it. The data goes with them
    /// unless the volumes' reclaim policy keeps them; scaling back up starts
    /// those members empty.
    ///
    /// ## Example
    /// ```yaml
    /// # OLD: replicas: 5           # NEW: replicas: 3
    /// persistentVolumeClaimRetentionPolicy:
    ///   whenScaled: Delete         # data-zk-3 and data-zk-4 are deleted
    /// ```
    ///
    /// ## Fix
    /// When the data must survive, write `whenScaled: Retain` in the same
    /// change (the controller reads the policy when it scales down). Before
    /// removing a StatefulSet with `whenDeleted: Delete`, apply
    /// `whenDeleted: Retain` first and let the controller update the claims'
    /// owners, or back the claims up.
    ///
    /// ## Source
    /// - kubernetes/kubernetes `pkg/controller/statefulset/stateful_set_control.go`
    ///   `updateStatefulSet` / `processCondemned` (condemned pods, highest
    ///   ordinal first) and `pkg/controller/statefulset/stateful_pod_control.go`
    ///   `UpdatePodClaimForRetentionPolicy`, `ClaimsMatchRetentionPolicy`.
    /// - `pkg/controller/statefulset/stateful_set_utils.go`
    ///   `updateClaimOwnerRefForSetAndPod` (`whenScaled: Delete` owns a
    ///   condemned pod's claims by the pod, `whenDeleted: Delete` all claims
    ///   by the set) and `getPersistentVolumeClaimName`.
    pub struct ScaleDownDeletesClaims {
        id: "scale-down-deletes-claims",
        severity: Warning,
        summary: "a scale-down with `whenScaled: Delete`, or a removal with `whenDeleted: Delete`, deletes claims and their data",
        on: change,
    }
}

impl Rule for ScaleDownDeletesClaims {
    fn check_change(&self, _ctx: &ChangeContext<'_>, change: &ResourceChange<'_>, report: &mut Reporter<'_>) {
        match change.kind {
            ChangeKind::Changed => scaled(change, report),
            ChangeKind::Removed => removed(change, report),
            ChangeKind::Added | ChangeKind::Unchanged => {}
        }
    }
}

fn scaled(change: &ResourceChange<'_>, report: &mut Reporter<'_>) {
    let Some(new) = change.new_resource() else { return };
    let Some(sts) = new.as_statefulset() else { return };
    let effective = Effective::of(sts);
    if effective.when_scaled != "Delete" {
        return;
    }
    let condemned: Vec<&PodClaims> =
        change.old_pods.iter().rev().filter(|pod| !change.new_pods.iter().any(|kept| kept.pod == pod.pod)).collect();
    let claims = claims_of(&condemned);
    if claims.is_empty() {
        return;
    }
    let name = new.name.as_deref().unwrap_or("<unnamed>");
    let pods: Vec<&str> = condemned.iter().map(|pod| pod.pod.as_str()).collect();
    let field = if change.changed_under(&["spec", "replicas"]) { "replicas" } else { "ordinals" };
    report
        .report(
            new.span(&[Key("spec"), Key(field)]),
            format!(
                "this change removes {} of StatefulSet `{name}`, and `whenScaled: Delete` deletes {} {}, with their data",
                name_list(&pods),
                if claims.len() == 1 { "its claim" } else { "their claims" },
                name_list(&claims)
            ),
        )
        .label(
            new.span(&[Key("spec"), Key("persistentVolumeClaimRetentionPolicy"), Key("whenScaled")]),
            "claims of removed pods are deleted",
        )
        .help("if the data must survive, write `whenScaled: Retain` in this change (the controller reads the policy when it scales down), or back the claims up first");
}

fn removed(change: &ResourceChange<'_>, report: &mut Reporter<'_>) {
    let Some(old) = change.old_resource() else { return };
    let Some(sts) = old.as_statefulset() else { return };
    if Effective::of(sts).when_deleted != "Delete" {
        return;
    }
    let pods: Vec<&PodClaims> = change.old_pods.iter().collect();
    let claims = claims_of(&pods);
    if claims.is_empty() {
        return;
    }
    let name = old.name.as_deref().unwrap_or("<unnamed>");
    report
        .report(
            old.span(&[Key("metadata"), Key("name")]),
            format!(
                "StatefulSet `{name}` is no longer in the manifests; deleting it (a pruning apply, Helm, Argo CD) with `whenDeleted: Delete` deletes every claim, {}, with their data",
                name_list(&claims)
            ),
        )
        .label(
            old.span(&[Key("spec"), Key("persistentVolumeClaimRetentionPolicy"), Key("whenDeleted")]),
            "claims are deleted with the StatefulSet",
        )
        .help("apply `whenDeleted: Retain` first and let the controller update the claims' owners, then remove it; or back the claims up");
}
