use super::change::{claims_of, name_list, ChangeContext, ChangeKind, PodClaims, ResourceChange};
use super::{Reporter, Rule};
use crate::parse::PathSegment::Key;
use crate::semantics::statefulset::Effective;

super::declare_rule! {
    /// ## What it flags
    /// A StatefulSet that OLD has and NEW does not (`ordinal diff`): removed,
    /// or renamed, which NEW shows as another StatefulSet in the same
    /// namespace with the same selector or governing Service. It names the
    /// pods that are deleted and the claims left behind.
    ///
    /// ## Why it matters
    /// A StatefulSet's name is part of every identity it gives: pods are
    /// `<name>-<ordinal>`, their DNS names follow, and each claim is
    /// `<template>-<name>-<ordinal>`. To the cluster a rename is a deletion
    /// and a creation: the old pods are deleted, the new ones start under new
    /// names with new, empty claims, and the old claims stay behind (with
    /// the default `whenDeleted: Retain`), holding the data nobody mounts.
    ///
    /// ## Example
    /// ```yaml
    /// # OLD                   # NEW
    /// metadata:               metadata:
    ///   name: zk                name: zookeeper
    /// ```
    ///
    /// ## Fix
    /// Keep the name. If the rename is wanted, move the data yourself (or
    /// pre-create claims named `<template>-<new name>-<ordinal>` bound to the
    /// old volumes), then delete the old claims.
    ///
    /// ## Source
    /// - kubernetes/kubernetes `pkg/controller/statefulset/stateful_set_utils.go`
    ///   `getPodName`, `getPersistentVolumeClaimName` (the identities) and
    ///   `updateClaimOwnerRefForSetAndPod` (`whenDeleted: Retain` leaves the
    ///   claims without an owner, so the garbage collector keeps them).
    /// - `pkg/controller/statefulset/stateful_pod_control.go`
    ///   `createPersistentVolumeClaims` (a new pod's claims are created when
    ///   missing, empty).
    pub struct StatefulsetRenamedOrRemoved {
        id: "statefulset-renamed-or-removed",
        severity: Warning,
        summary: "a StatefulSet removed or renamed: its pods are deleted and its claims left behind",
        on: change,
    }
}

impl Rule for StatefulsetRenamedOrRemoved {
    fn check_change(&self, ctx: &ChangeContext<'_>, change: &ResourceChange<'_>, report: &mut Reporter<'_>) {
        if change.kind != ChangeKind::Removed {
            return;
        }
        let Some(old) = change.old_resource() else { return };
        let Some(sts) = old.as_statefulset() else { return };
        let name = old.name.as_deref().unwrap_or("<unnamed>");
        let pods: Vec<&str> = change.old_pods.iter().map(|pod| pod.pod.as_str()).collect();
        let all: Vec<&PodClaims> = change.old_pods.iter().collect();
        let claims = claims_of(&all);
        let claims_fate = if claims.is_empty() {
            String::new()
        } else if Effective::of(sts).when_deleted == "Delete" {
            format!("; its claims {} are deleted with it (`whenDeleted: Delete`)", name_list(&claims))
        } else {
            format!("; its claims {} are left behind, holding the data", name_list(&claims))
        };
        match change.renamed_to.and_then(|index| ctx.new.get(index)) {
            Some(renamed) => {
                let new_name = renamed.name.as_deref().unwrap_or("<unnamed>");
                report
                    .report_on(
                        renamed,
                        renamed.span(&[Key("metadata"), Key("name")]),
                        format!(
                            "StatefulSet `{name}` is renamed to `{new_name}`: to the cluster that deletes {} and starts `{new_name}`'s pods under new names and DNS names with new, empty claims{claims_fate}",
                            name_list(&pods)
                        ),
                    )
                    .label_in(old.file, old.span(&[Key("metadata"), Key("name")]), "the old name")
                    .help(format!(
                        "keep the name `{name}`; if the rename is wanted, move the data to claims named after `{new_name}` first"
                    ));
            }
            None => {
                report
                    .report(
                        old.span(&[Key("metadata"), Key("name")]),
                        format!(
                            "StatefulSet `{name}` is no longer in the manifests: deleting it deletes {}{claims_fate}",
                            if pods.is_empty() { "it".to_string() } else { name_list(&pods) }
                        ),
                    )
                    .help("keep it in the manifests, or delete its claims once the data is no longer needed");
            }
        }
    }
}
