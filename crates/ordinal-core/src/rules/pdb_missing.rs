use super::{support, LinkedFacts, Reporter, Rule, Workspace};
use crate::parse::PathSegment::Key;

super::declare_rule! {
    /// ## What it flags
    /// A StatefulSet with more than one replica whose pods no
    /// PodDisruptionBudget in its namespace (among the linted files) selects.
    /// When a PDB that looks meant for it misses the pods,
    /// `pdb-selector-mismatch` reports that instead. A PDB that sets
    /// neither `minAvailable` nor `maxUnavailable` counts as selecting the
    /// pods (the disruption controller then allows no eviction at all), and
    /// `pdb-empty-budget` reports it.
    ///
    /// ## Why it matters
    /// Node drains, cluster upgrades and the cluster autoscaler evict pods
    /// through the Eviction API, which only holds back when a PDB says so.
    /// Without one, a drain of two nodes can take down two members of a
    /// three-member quorum at once. A StatefulSet is usually the workload
    /// that suffers most from this: members rejoin slowly and quorum loss
    /// means an outage.
    ///
    /// kube-score's `statefulset-has-poddisruptionbudget` check reports the
    /// same. Ordinal skips StatefulSets with fewer than two replicas: a
    /// budget for a single pod can only either allow its eviction or block
    /// every drain (see `pdb-blocks-eviction`).
    ///
    /// ## Example
    /// ```yaml
    /// kind: StatefulSet
    /// metadata: {name: zk}
    /// spec:
    ///   replicas: 3      # no PodDisruptionBudget selects app: zk
    /// ```
    ///
    /// ## Fix
    /// Add a `policy/v1` PodDisruptionBudget whose selector matches the pod
    /// template labels, usually with `maxUnavailable: 1`.
    ///
    /// ## Source
    /// - Kubernetes docs, "Disruptions" and "Specifying a Disruption Budget
    ///   for your Application".
    /// - kube-score, score/disruptionbudget/disruptionbudget.go
    ///   (`statefulset-has-poddisruptionbudget`).
    pub struct PdbMissing {
        id: "pdb-missing",
        severity: Warning,
        summary: "no PodDisruptionBudget selects the pods of a StatefulSet with several replicas",
    }
}

impl Rule for PdbMissing {
    fn links(&self) -> bool {
        true
    }

    fn check_linked(&self, ctx: &Workspace<'_>, facts: &LinkedFacts<'_>, report: &mut Reporter<'_>) {
        let resource = facts.resource;
        if facts.accepted_statefulset().is_none() {
            return;
        }
        let Some(replicas) = facts.effective().map(|effective| effective.replicas) else { return };
        if replicas < 2 {
            return;
        }
        let Some(links) = facts.links() else { return };
        // A limit that cut its PDBs short may have left out the one that selects it.
        if !links.pdbs.is_empty() || links.cut.pdbs_partial() || !support::near_miss_pdbs(ctx, facts).is_empty() {
            return;
        }
        let name = resource.name.as_deref().unwrap_or("<unnamed>");
        let labels = facts.template_labels();
        report.report(resource.span(&[Key("metadata"), Key("name")]), format!(
                    "no PodDisruptionBudget in namespace `{}` selects the pods of StatefulSet `{name}` ({replicas} replicas)",
                    resource.namespace
                )).help(format!(
                "add a policy/v1 PodDisruptionBudget with `maxUnavailable: 1` and a selector matching {}",
                support::format_labels(labels)
            ));
    }
}
