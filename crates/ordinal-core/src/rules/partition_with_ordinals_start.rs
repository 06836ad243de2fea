use super::{support, Context, Reporter, ResourceFacts, Rule};
use crate::parse::PathSegment::Key;

super::declare_rule! {
    /// ## What it flags
    /// A StatefulSet with `spec.ordinals.start` above 0 and a
    /// `rollingUpdate.partition` between 1 and `replicas - 1`.
    ///
    /// ## Why it matters
    /// The API documents the partition as an ordinal ("all pods from ordinal
    /// Replicas-1 to Partition are updated"), but the controller compares it
    /// with the pod's index in the set, `ordinal - ordinals.start`. With
    /// `ordinals.start: 2`, `replicas: 9` (ordinals 2..10) and
    /// `partition: 5`, a rolling update replaces ordinals 7..10 and keeps
    /// 2..6 on the old revision, not 5..10 and 2..4 as the documentation
    /// suggests. A canary or staged rollout then runs on other pods than
    /// intended. This is kubernetes/kubernetes issue 128529; the finding
    /// says which ordinals are really kept.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   replicas: 9
    ///   ordinals: {start: 2}
    ///   updateStrategy:
    ///     rollingUpdate: {partition: 5}   # updates 7..10, keeps 2..6
    /// ```
    ///
    /// ## Fix
    /// To keep the ordinals below `N` on the old revision, set
    /// `partition: N - ordinals.start`.
    ///
    /// ## Source
    /// - pkg/controller/statefulset/stateful_set_control.go
    ///   (`updateStatefulSet`: `replicas[ord - getStartOrdinal(set)]`, then
    ///   pods at index `target >= partition` are updated).
    /// - pkg/controller/statefulset/stateful_set_utils.go
    ///   (`newVersionedStatefulSetPod`: `ordinal < getStartOrdinal(set) + partition`
    ///   keeps the current revision).
    /// - kubernetes/kubernetes issue 128529, "Inconsistency of Partitions in
    ///   StatefulSets with StartOrdinal Feature".
    pub struct PartitionWithOrdinalsStart {
        id: "partition-with-ordinals-start",
        severity: Warning,
        summary: "with `ordinals.start`, `partition` counts from the first ordinal, not from ordinal 0",
    }
}

impl Rule for PartitionWithOrdinalsStart {
    fn check_resource(&self, _ctx: &Context<'_>, facts: &ResourceFacts<'_>, report: &mut Reporter<'_>) {
        let resource = facts.resource;
        if facts.accepted_statefulset().is_none() {
            return;
        }
        let Some(effective) = facts.effective() else { return };
        if !effective.is_rolling_update() {
            return;
        }
        let (start, replicas, partition) = (effective.start, effective.replicas, effective.partition);
        // partition >= replicas is `partition-out-of-range`; 0 updates everything.
        if start <= 0 || partition <= 0 || partition >= replicas {
            return;
        }
        let (start, replicas, partition) = (i64::from(start), i64::from(replicas), i64::from(partition));
        let last = start + replicas - 1;
        let first_updated = start + partition;
        let kept = range(start, first_updated - 1);
        let updated = range(first_updated, last);
        let name = resource.name.as_deref().unwrap_or("<unnamed>");
        let documented = if partition <= start {
            format!("the API documentation suggests updating all of {}", range(start, last))
        } else {
            format!(
                "the API documentation suggests updating {} and keeping {}",
                range(partition, last),
                range(start, partition - 1)
            )
        };
        report.report(resource.span(support::PARTITION_PATH), format!(
                    "with `ordinals.start: {start}` the controller compares `partition: {partition}` with ordinal - {start}: a rolling update of StatefulSet `{name}` updates ordinals {updated} and keeps {kept} on the old revision ({documented})"
                )).help(format!(
                "to keep the ordinals below N on the old revision set `partition: N - {start}` (kubernetes/kubernetes issue 128529)"
            )).label(resource.span(&[Key("spec"), Key("ordinals"), Key("start")]), "the first ordinal");
    }
}

/// `a..b`, or `a` when the range has one ordinal.
fn range(first: i64, last: i64) -> String {
    if first == last {
        first.to_string()
    } else {
        format!("{first}..{last}")
    }
}
