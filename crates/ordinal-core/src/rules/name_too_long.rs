use super::{Context, Reporter, ResourceFacts, Rule};
use crate::parse::PathSegment::Key;

use crate::semantics::statefulset::{
    REVISION_HASH_MAX_LENGTH as HASH_MAX, REVISION_LABEL_SAFE_NAME_LENGTH as NAME_MAX,
};
use crate::validation::LABEL_VALUE_MAX_LENGTH as LABEL_VALUE_MAX;

super::declare_rule! {
    /// ## What it flags
    /// A StatefulSet whose name is longer than 52 characters (and at most
    /// 63, the longest name the API server accepts).
    ///
    /// ## Why it matters
    /// The controller labels every pod with `controller-revision-hash`, whose
    /// value is the name of the current ControllerRevision:
    /// `<statefulset name>-<hash>`. The hash is the 32-bit FNV hash of the
    /// pod template written in decimal and re-encoded character for
    /// character, so it has up to 10 characters (10 for about 77% of
    /// templates). A label value may have at most 63 characters, so
    /// 63 − 1 − 10 = 52 is the longest name that always works. With a longer
    /// name the API server accepts the StatefulSet, but every pod create
    /// fails label validation, and a lucky short hash fails at the next
    /// template change: a 53-character name fails for about 77% of
    /// templates, 54 for about 98%, 55 and more for over 99.7%.
    ///
    /// ## Example
    /// ```yaml
    /// metadata:
    ///   name: payments-ledger-reconciliation-postgres-primary-replica   # 56 characters
    /// ```
    ///
    /// ## Fix
    /// Shorten the name to 52 characters or fewer. The name is immutable,
    /// so an existing StatefulSet must be recreated (its claims, named
    /// `<template>-<name>-<ordinal>`, then belong to the old name).
    ///
    /// ## Source
    /// - pkg/controller/history/controller_history.go (`ControllerRevisionName`
    ///   = `prefix-hash`; `HashControllerRevision` = `rand.SafeEncodeString(fmt.Sprint(hf.Sum32()))`).
    /// - pkg/controller/statefulset/stateful_set_utils.go (`setPodRevision`
    ///   puts the revision name in the `controller-revision-hash` label,
    ///   `apps.StatefulSetRevisionLabel`).
    /// - k8s.io/apimachinery/pkg/util/validation (`IsValidLabelValue`: at
    ///   most 63 characters); pkg/apis/apps/validation (`ValidateStatefulSetName`
    ///   only requires a DNS-1123 label).
    pub struct NameTooLong {
        id: "name-too-long",
        severity: Error,
        summary: "a StatefulSet name over 52 characters makes the pods' revision label too long",
    }
}

impl Rule for NameTooLong {
    fn check_resource(&self, _ctx: &Context<'_>, facts: &ResourceFacts<'_>, report: &mut Reporter<'_>) {
        let resource = facts.resource;
        if facts.accepted_statefulset().is_none() {
            return;
        }
        let Some(name) = resource.name.as_deref() else { return };
        let length = name.chars().count();
        // Longer names are not DNS-1123 labels; `invalid-value` reports those.
        if length <= NAME_MAX || length > LABEL_VALUE_MAX {
            return;
        }
        report.report(resource.span(&[Key("metadata"), Key("name")]), format!(
                    "StatefulSet name `{name}` has {length} characters, so the pods' `controller-revision-hash` label `{name}-<hash>` can reach {} characters, over the limit of {LABEL_VALUE_MAX}",
                    length + 1 + HASH_MAX
                )).help(format!(
                "shorten the name to {NAME_MAX} characters or fewer ({LABEL_VALUE_MAX} minus `-` minus a 10-character hash)"
            ));
    }
}
