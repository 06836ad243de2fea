//! A StatefulSet as the API server stores it: every field the controller
//! reads, with the defaults filled in.
//!
//! Source: `pkg/apis/apps/v1/defaults.go` `SetDefaults_StatefulSet`
//! (`podManagementPolicy` `OrderedReady`, `updateStrategy.type`
//! `RollingUpdate`, `partition` 0, `maxUnavailable` 1, PVC retention
//! `Retain`/`Retain`, `replicas` 1; an empty string counts as unset), the
//! `StatefulSetOrdinals.Start` zero value, and
//! `pkg/controller/statefulset/stateful_set_utils.go`
//! `getStatefulSetMaxUnavailable`.

use super::int_or_percent::{self, Rounding};
use super::selector;
use crate::model::kube::{IntOrString, StatefulSet};

/// `spec.replicas` when it is not written.
pub const DEFAULT_REPLICAS: i32 = 1;

/// Label the controller sets to the pod's name.
/// Source: `k8s.io/api/apps/v1` `StatefulSetPodNameLabel`, set in `updateIdentity`.
pub const POD_NAME_LABEL: &str = "statefulset.kubernetes.io/pod-name";

/// Label the controller sets to the pod's ordinal (PodIndexLabel feature gate, on by default since 1.28).
/// Source: `k8s.io/api/apps/v1` `PodIndexLabel`, set in `updateIdentity`.
pub const POD_INDEX_LABEL: &str = "apps.kubernetes.io/pod-index";
/// `spec.updateStrategy.rollingUpdate.maxUnavailable` when it is not written.
pub const DEFAULT_MAX_UNAVAILABLE: i64 = 1;
/// Both PVC retention policies when they are not written.
pub const DEFAULT_RETENTION: &str = "Retain";
/// `spec.revisionHistoryLimit` when it is not written (`SetDefaults_StatefulSet`).
pub const DEFAULT_REVISION_HISTORY_LIMIT: i64 = 10;
/// A claim template's `spec.volumeMode` when it is not written: the generated
/// `SetObjectDefaults_StatefulSet` runs `SetDefaults_PersistentVolumeClaimSpec`
/// (`pkg/apis/core/v1/defaults.go`) on every volume claim template.
pub const DEFAULT_CLAIM_VOLUME_MODE: &str = "Filesystem";

/// The fields of a StatefulSet's `spec` that an update may change; every
/// other field is forbidden to change. Source:
/// `pkg/apis/apps/validation/validation.go` `ValidateStatefulSetUpdate`
/// (it copies these from the old object and requires the rest of the spec
/// to be `apiequality.Semantic.DeepEqual`).
pub const UPDATABLE_SPEC_FIELDS: &[&str] =
    &["replicas", "ordinals", "template", "updateStrategy", "persistentVolumeClaimRetentionPolicy", "minReadySeconds"];

/// `spec.podManagementPolicy`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PodManagementPolicy {
    /// One pod at a time, each waiting for its predecessors (the default).
    OrderedReady,
    /// All at once.
    Parallel,
}

impl PodManagementPolicy {
    /// The name as written in manifests.
    pub fn as_str(self) -> &'static str {
        match self {
            PodManagementPolicy::OrderedReady => "OrderedReady",
            PodManagementPolicy::Parallel => "Parallel",
        }
    }
}

/// `spec.updateStrategy.type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UpdateStrategyType {
    /// The controller replaces pods from the highest ordinal down (the default).
    RollingUpdate,
    /// Pods change only when someone deletes them.
    OnDelete,
}

/// The StatefulSet after defaulting. A value outside a field's enum (which
/// the API server rejects and `invalid-value` reports) is read as that
/// field's default and kept in `unknown_*` so that explain can say so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Effective<'a> {
    /// `spec.replicas` (default 1; a negative value is kept as written).
    pub replicas: i32,
    /// Whether `spec.replicas` was written.
    pub replicas_written: bool,
    /// `spec.podManagementPolicy`.
    pub pod_management_policy: PodManagementPolicy,
    /// A `podManagementPolicy` outside the enum, as written.
    pub unknown_pod_management_policy: Option<&'a str>,
    /// `spec.updateStrategy.type`.
    pub update_strategy: UpdateStrategyType,
    /// `spec.updateStrategy.rollingUpdate.partition` (default 0).
    pub partition: i32,
    /// `spec.updateStrategy.rollingUpdate.maxUnavailable` as written; see [`Effective::max_unavailable_pods`].
    pub max_unavailable: Option<&'a IntOrString>,
    /// `spec.ordinals.start` (default 0).
    pub start: i32,
    /// `spec.persistentVolumeClaimRetentionPolicy.whenDeleted` (default `Retain`).
    pub when_deleted: &'a str,
    /// `spec.persistentVolumeClaimRetentionPolicy.whenScaled` (default `Retain`).
    pub when_scaled: &'a str,
}

impl<'a> Effective<'a> {
    /// Apply the defaults to `sts`.
    pub fn of(sts: &'a StatefulSet) -> Effective<'a> {
        let spec = &sts.spec;
        let written = |value: Option<&'a String>| value.map(String::as_str).filter(|text| !text.is_empty());
        let (pod_management_policy, unknown_pod_management_policy) = match written(spec.pod_management_policy.as_ref())
        {
            None | Some("OrderedReady") => (PodManagementPolicy::OrderedReady, None),
            Some("Parallel") => (PodManagementPolicy::Parallel, None),
            Some(other) => (PodManagementPolicy::OrderedReady, Some(other)),
        };
        let strategy = spec.update_strategy.as_ref();
        let update_strategy = match written(strategy.and_then(|s| s.type_.as_ref())) {
            Some("OnDelete") => UpdateStrategyType::OnDelete,
            _ => UpdateStrategyType::RollingUpdate,
        };
        let rolling = strategy.and_then(|s| s.rolling_update.as_ref());
        let retention = spec.persistent_volume_claim_retention_policy.as_ref();
        Effective {
            replicas: spec.replicas.unwrap_or(DEFAULT_REPLICAS),
            replicas_written: spec.replicas.is_some(),
            pod_management_policy,
            unknown_pod_management_policy,
            update_strategy,
            partition: rolling.and_then(|r| r.partition).unwrap_or(0),
            max_unavailable: rolling.and_then(|r| r.max_unavailable.as_ref()),
            start: spec.ordinals.as_ref().and_then(|o| o.start).unwrap_or(0),
            when_deleted: written(retention.and_then(|r| r.when_deleted.as_ref())).unwrap_or(DEFAULT_RETENTION),
            when_scaled: written(retention.and_then(|r| r.when_scaled.as_ref())).unwrap_or(DEFAULT_RETENTION),
        }
    }

    /// `podManagementPolicy` is `OrderedReady`.
    pub fn is_ordered_ready(&self) -> bool {
        self.pod_management_policy == PodManagementPolicy::OrderedReady
    }

    /// `updateStrategy.type` is `RollingUpdate`.
    pub fn is_rolling_update(&self) -> bool {
        self.update_strategy == UpdateStrategyType::RollingUpdate
    }

    /// `getStatefulSetMaxUnavailable`: `maxUnavailable` (default 1) as a pod
    /// count for `replicas`, a percentage rounded down, never below 1.
    /// `Err(text)` for a string the controller cannot read (it then reports
    /// an error and updates nothing).
    pub fn max_unavailable_pods(&self, replicas: i64) -> Result<i64, &'a str> {
        let Some(value) = self.max_unavailable else { return Ok(DEFAULT_MAX_UNAVAILABLE) };
        match int_or_percent::scaled(value, replicas, Rounding::Down) {
            Some(count) => Ok(count.max(1)),
            None => Err(match value {
                IntOrString::String(text) => text,
                IntOrString::Int(_) => "",
            }),
        }
    }
}

/// The longest revision hash: a `uint32` in decimal, re-encoded character
/// for character (`pkg/controller/history/controller_history.go`
/// `ControllerRevisionName` with `HashControllerRevision`).
pub const REVISION_HASH_MAX_LENGTH: usize = 10;

/// The longest StatefulSet name whose pods always pass validation: every
/// pod gets the label `controller-revision-hash: <name>-<hash>`
/// (`stateful_set_utils.go` `newVersionedStatefulSetPod`) and a label value
/// has at most 63 characters (apimachinery `LabelValueMaxLength`), so 63 - 1 - 10.
pub const REVISION_LABEL_SAFE_NAME_LENGTH: usize =
    crate::validation::LABEL_VALUE_MAX_LENGTH - 1 - REVISION_HASH_MAX_LENGTH;

/// Whether the controller can create the pods of a StatefulSet named `name`
/// whatever its template hashes to (see [`REVISION_LABEL_SAFE_NAME_LENGTH`]).
pub fn revision_label_fits(name: &str) -> bool {
    name.chars().count() <= REVISION_LABEL_SAFE_NAME_LENGTH
}

/// Whether the API server accepts `sts` as far as its pods' existence goes:
/// `replicas` not negative, and a non-empty selector that matches the
/// template labels. Source: `pkg/apis/apps/validation/validation.go`
/// `ValidateStatefulSetSpec` (`ValidateNonnegativeField` for replicas,
/// "empty selector is invalid for statefulset", "`selector` does not match
/// template `labels`").
pub fn is_accepted(sts: &StatefulSet) -> bool {
    let no_labels = crate::model::LabelMap::new();
    let labels = sts.spec.template.metadata.as_ref().and_then(|m| m.labels.as_ref()).unwrap_or(&no_labels);
    let selector = &sts.spec.selector;
    Effective::of(sts).replicas >= 0
        && !selector::label_selector_is_empty(selector)
        && selector::label_selector_matches(selector, labels)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::kube::{RollingUpdateStatefulSetStrategy, StatefulSetUpdateStrategy};

    fn with_strategy(type_: Option<&str>, max_unavailable: Option<IntOrString>) -> StatefulSet {
        let mut sts = StatefulSet::default();
        sts.spec.update_strategy = Some(StatefulSetUpdateStrategy {
            type_: type_.map(Into::into),
            rolling_update: Some(RollingUpdateStatefulSetStrategy { partition: None, max_unavailable }),
        });
        sts
    }

    #[test]
    fn defaults_match_set_defaults_stateful_set() {
        let sts = StatefulSet::default();
        let effective = Effective::of(&sts);
        assert_eq!(effective.replicas, 1);
        assert!(effective.is_ordered_ready() && effective.is_rolling_update());
        assert_eq!((effective.partition, effective.start), (0, 0));
        assert_eq!((effective.when_deleted, effective.when_scaled), ("Retain", "Retain"));
        assert_eq!(effective.max_unavailable_pods(3), Ok(1));
    }

    #[test]
    fn empty_strings_are_unset_and_unknown_values_read_as_the_default() {
        let mut sts = StatefulSet::default();
        sts.spec.pod_management_policy = Some(String::new());
        assert_eq!(Effective::of(&sts).unknown_pod_management_policy, None);
        sts.spec.pod_management_policy = Some("parallel".into());
        let effective = Effective::of(&sts);
        assert_eq!(
            (effective.pod_management_policy, effective.unknown_pod_management_policy),
            (PodManagementPolicy::OrderedReady, Some("parallel"))
        );
        assert!(Effective::of(&with_strategy(Some(""), None)).is_rolling_update());
        assert!(!Effective::of(&with_strategy(Some("OnDelete"), None)).is_rolling_update());
    }

    #[test]
    fn max_unavailable_rounds_down_but_never_below_one() {
        let pods = |text: &str, replicas| {
            let sts = with_strategy(None, Some(IntOrString::String(text.into())));
            Effective::of(&sts).max_unavailable_pods(replicas).map_err(str::to_string)
        };
        assert_eq!(pods("50%", 5), Ok(2));
        assert_eq!(pods("10%", 5), Ok(1));
        assert_eq!(pods("half", 5), Err("half".to_string()));
    }
}
