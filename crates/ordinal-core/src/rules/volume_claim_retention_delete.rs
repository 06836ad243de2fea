use super::{Context, Reporter, ResourceFacts, Rule};
use crate::parse::PathSegment::Key;

super::declare_rule! {
    /// ## What it flags
    /// A StatefulSet with volume claim templates whose
    /// `persistentVolumeClaimRetentionPolicy` sets `whenDeleted: Delete`
    /// or `whenScaled: Delete`.
    ///
    /// ## Why it matters
    /// By default (`Retain`) the claims, and with them the data, outlive
    /// the pods. With `whenDeleted: Delete` deleting the StatefulSet (for
    /// example to change an immutable field, or by a tool that prunes and
    /// recreates it) deletes every claim; with `whenScaled: Delete` scaling
    /// down deletes the claims of the removed ordinals, so scaling back up
    /// starts those members empty. Whether the volume itself goes too
    /// depends on its StorageClass `reclaimPolicy`. This can be intended,
    /// hence advice only.
    ///
    /// ## Example
    /// ```yaml
    /// persistentVolumeClaimRetentionPolicy:
    ///   whenDeleted: Delete
    ///   whenScaled: Retain
    /// ```
    ///
    /// ## Fix
    /// Keep `Retain` for data that must survive, or make sure it is backed up.
    ///
    /// ## Source
    /// - Kubernetes docs, "StatefulSets" (PersistentVolumeClaim retention).
    /// - pkg/controller/statefulset/stateful_set_utils.go
    ///   (`getPersistentVolumeClaimRetentionPolicy` defaults both to
    ///   `Retain`; `updateClaimOwnerRefForSetAndPod` sets the owner
    ///   references through which the garbage collector deletes the claims).
    pub struct VolumeClaimRetentionDelete {
        id: "volume-claim-retention-delete",
        severity: Info,
        summary: "the PVC retention policy deletes the claims, and their data, on delete or scale-down",
    }
}

impl Rule for VolumeClaimRetentionDelete {
    fn check_resource(&self, _ctx: &Context<'_>, facts: &ResourceFacts<'_>, report: &mut Reporter<'_>) {
        let resource = facts.resource;
        let Some(sts) = facts.accepted_statefulset() else { return };
        if sts.spec.volume_claim_templates.as_ref().is_none_or(|templates| templates.is_empty()) {
            return;
        }
        let Some(effective) = facts.effective() else { return };
        let name = resource.name.as_deref().unwrap_or("<unnamed>");
        let cases = [
            (effective.when_deleted, "whenDeleted", "deleting the StatefulSet deletes every claim"),
            (
                effective.when_scaled,
                "whenScaled",
                "scaling down deletes the claims of the removed pods, so they come back empty",
            ),
        ];
        for (value, field, consequence) in cases {
            if value != "Delete" {
                continue;
            }
            report
                .report(
                    resource.span(&[Key("spec"), Key("persistentVolumeClaimRetentionPolicy"), Key(field)]),
                    format!("StatefulSet `{name}` has `{field}: Delete`: {consequence}"),
                )
                .help(format!("use `{field}: Retain` unless losing this data is intended, or back it up"));
        }
    }
}
