use super::{support, Context, Reporter, ResourceFacts, Rule};
use crate::parse::PathSegment::Key;

super::declare_rule! {
    /// ## What it flags
    /// A StatefulSet with the `RollingUpdate` strategy whose
    /// `rollingUpdate.partition` is at least `replicas`.
    ///
    /// ## Why it matters
    /// A rolling update replaces only the pods whose index is at least the
    /// partition. With `partition >= replicas` there is no such pod, so a
    /// change to the pod template is recorded as a new revision and applied
    /// to no pod. Even a pod that is deleted or lost comes back on the old
    /// revision, because pods below the partition are recreated from the
    /// current one. Staging an update this way is a
    /// documented technique, but left in place it silently freezes every
    /// later rollout.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   replicas: 3
    ///   updateStrategy:
    ///     type: RollingUpdate
    ///     rollingUpdate: {partition: 3}   # no pod is ever updated
    /// ```
    ///
    /// ## Fix
    /// Lower the partition below `replicas` (0 updates every pod), or
    /// remove it once the staged update should roll out.
    ///
    /// ## Source
    /// - pkg/controller/statefulset/stateful_set_control.go
    ///   (`updateStatefulSet`: `updateMin := partition`; only
    ///   `replicas[target]` with `target >= updateMin` are deleted for update).
    /// - pkg/controller/statefulset/stateful_set_utils.go
    ///   (`newVersionedStatefulSetPod`: pods below the partition are
    ///   recreated at the current revision).
    /// - Kubernetes docs, "StatefulSets" (Partitioned rolling updates: "If a
    ///   StatefulSet's `.spec.updateStrategy.rollingUpdate.partition` is
    ///   greater than its `.spec.replicas`, updates to its `.spec.template`
    ///   will not be propagated to its Pods").
    pub struct PartitionOutOfRange {
        id: "partition-out-of-range",
        severity: Warning,
        summary: "`partition` is at least `replicas`, so a rolling update changes no pod",
    }
}

impl Rule for PartitionOutOfRange {
    fn check_resource(&self, _ctx: &Context<'_>, facts: &ResourceFacts<'_>, report: &mut Reporter<'_>) {
        let resource = facts.resource;
        if facts.accepted_statefulset().is_none() {
            return;
        }
        let Some(effective) = facts.effective() else { return };
        if !effective.is_rolling_update() {
            return;
        }
        let (partition, replicas) = (effective.partition, effective.replicas);
        if replicas < 1 || partition < replicas {
            return;
        }
        let name = resource.name.as_deref().unwrap_or("<unnamed>");
        report.report(resource.span(support::PARTITION_PATH), format!(
                    "`partition: {partition}` is not below `replicas: {replicas}`, so a rolling update of StatefulSet `{name}` updates no pod"
                )).help(format!(
                "lower the partition below {replicas} (0 updates every pod) once the update should roll out"
            )).label(resource.span(&[Key("spec"), Key("replicas")]), format!("{replicas} replica(s)"));
    }
}
