use super::{Context, Reporter, ResourceFacts, Rule};
use crate::model::kube::PodDisruptionBudget;
use crate::parse::PathSegment::Key;

super::declare_rule! {
    /// ## What it flags
    /// A PodDisruptionBudget that sets neither `minAvailable`
    /// nor `maxUnavailable`.
    ///
    /// It still counts as a budget for `pdb-missing`, which stays quiet: the
    /// StatefulSet has a budget, just one that blocks drains, and this rule
    /// says so on the budget itself.
    ///
    /// ## Why it matters
    /// The API server accepts it, and it reads like "no limit", but the
    /// disruption controller then computes `expectedPods: 0` and keeps
    /// `status.disruptionsAllowed` at 0: the Eviction API refuses to evict
    /// any healthy pod it selects, so `kubectl drain`, node upgrades and the
    /// cluster autoscaler wait forever on those nodes (only unready pods can
    /// still be evicted). Neither `policy/v1` nor the removed `policy/v1beta1`
    /// defaults either field.
    ///
    /// kube-score's "PodDisruptionBudget has policy" check flags the same
    /// budget (critical).
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: policy/v1
    /// kind: PodDisruptionBudget
    /// spec:
    ///   selector: {matchLabels: {app: zk}}   # and no budget
    /// ```
    ///
    /// ## Fix
    /// Set `maxUnavailable: 1` (or a `minAvailable` below the replica count).
    ///
    /// ## Source
    /// - pkg/controller/disruption/disruption.go `getExpectedPodCount`
    ///   (with both fields nil, `expectedCount` and `desiredHealthy` stay 0)
    ///   and `updatePdbStatus` (`if expectedCount <= 0 ... disruptionsAllowed
    ///   = 0`); pkg/registry/core/pod/storage/eviction.go refuses an
    ///   eviction when `disruptionsAllowed` is 0.
    /// - policy/v1 `PodDisruptionBudgetSpec` (staging/src/k8s.io/api/policy/v1/types.go):
    ///   both fields are optional and mutually exclusive, and no defaulting
    ///   function sets either (pkg/apis/policy/v1beta1/defaults.go defaults
    ///   only PodSecurityPolicy fields).
    /// - kube-score score/poddisruptionbudget_test.go
    ///   `TestDeploymentPodDisruptionBudgetV1NoPolicy`.
    pub struct PdbEmptyBudget {
        id: "pdb-empty-budget",
        severity: Warning,
        summary: "a PodDisruptionBudget sets neither minAvailable nor maxUnavailable, so it refuses every eviction of a healthy pod",
    }
}

fn sets_budget(pdb: &PodDisruptionBudget) -> bool {
    pdb.spec.as_ref().is_some_and(|spec| spec.min_available.is_some() || spec.max_unavailable.is_some())
}

impl Rule for PdbEmptyBudget {
    fn check_resource(&self, _ctx: &Context<'_>, facts: &ResourceFacts<'_>, report: &mut Reporter<'_>) {
        let resource = facts.resource;
        let Some(pdb) = resource.as_pdb() else { return };
        if sets_budget(pdb) {
            return;
        }
        let span = if pdb.spec.is_some() {
            resource.key_span(&[Key("spec")])
        } else {
            resource.span(&[Key("metadata"), Key("name")])
        };
        report
            .report(span, "this PodDisruptionBudget sets neither `minAvailable` nor `maxUnavailable`, so the disruption controller allows no eviction of a healthy pod it selects")
            .help("set `maxUnavailable: 1` so that a drain can evict one member at a time; as it is, `kubectl drain` waits forever on the nodes of those pods");
    }
}
