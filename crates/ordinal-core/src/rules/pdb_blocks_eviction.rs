use crate::model::kube::IntOrString;
use crate::semantics::int_or_percent::{self, Rounding};

use super::{Context, Reporter, ResourceFacts, Rule, RuleMeta};
use crate::parse::PathSegment::Key;

super::declare_rule! {
    /// ## What it flags
    /// A PodDisruptionBudget that selects a StatefulSet's pods and never
    /// allows a single eviction: `maxUnavailable: 0` (or `0%`), or a
    /// `minAvailable` that, for the StatefulSet's `replicas`, is at least
    /// `replicas` (`minAvailable: 3` for 3 replicas, `100%`, or
    /// `minAvailable: 1` for a single replica).
    ///
    /// ## Why it matters
    /// The disruption controller allows `healthy pods - desired healthy`
    /// evictions. With these values that is zero even when every pod is
    /// healthy, so `kubectl drain`, node upgrades and the cluster autoscaler
    /// wait forever on the StatefulSet's nodes until someone deletes the
    /// budget or the pods by hand. kube-linter reports the same as
    /// `pdb-max-unavailable` and `pdb-min-available`.
    ///
    /// Only budgets that select the pods of just this StatefulSet among the
    /// linted files are checked, because the budget's pod count is then the
    /// StatefulSet's `replicas`.
    ///
    /// ## Example
    /// ```yaml
    /// kind: PodDisruptionBudget
    /// spec:
    ///   minAvailable: 3          # the StatefulSet has replicas: 3
    ///   selector: {matchLabels: {app: zk}}
    /// ```
    ///
    /// ## Fix
    /// Use `maxUnavailable: 1`, or a `minAvailable` below `replicas` (for a
    /// quorum of 3, `minAvailable: 2`).
    ///
    /// ## Source
    /// - pkg/controller/disruption/disruption.go (`getExpectedPodCount`:
    ///   percentages are scaled with `GetScaledValueFromIntOrPercent`,
    ///   rounding up; `disruptionsAllowed = currentHealthy - desiredHealthy`).
    /// - API reference, `PodDisruptionBudgetSpec` (policy/v1): "one can
    ///   prevent all voluntary evictions by specifying 0" (`maxUnavailable`)
    ///   and "by specifying 100%" (`minAvailable`).
    /// - Kubernetes docs, "Specifying a Disruption Budget for your Application".
    /// - kube-linter checks `pdb-max-unavailable` and `pdb-min-available`.
    pub struct PdbBlocksEviction {
        id: "pdb-blocks-eviction",
        severity: Warning,
        summary: "a PodDisruptionBudget allows no eviction of the StatefulSet's pods, so node drains hang",
    }
}

impl Rule for PdbBlocksEviction {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_resource(&self, ctx: &Context<'_>, facts: &ResourceFacts<'_>, report: &mut Reporter<'_>) {
        let resource = facts.resource;
        if facts.accepted_statefulset().is_none() {
            return;
        }
        let Some(replicas) = facts.effective().map(|effective| effective.replicas) else { return };
        if replicas < 1 {
            return;
        }
        let Some(links) = facts.links() else { return };
        let sts_name = resource.name.as_deref().unwrap_or("<unnamed>");
        for &pdb_index in &links.pdbs {
            let shared = ctx.topology.statefulsets.iter().filter(|other| other.pdbs.contains(&pdb_index)).count();
            if shared != 1 {
                continue;
            }
            let Some(pdb_resource) = ctx.resources.get(pdb_index) else { continue };
            let Some(spec) = pdb_resource.as_pdb().and_then(|pdb| pdb.spec.as_ref()) else { continue };
            let pdb_name = pdb_resource.name.as_deref().unwrap_or("<unnamed>");
            let (field, value) = match (&spec.max_unavailable, &spec.min_available) {
                (Some(max), _) => ("maxUnavailable", max),
                (None, Some(min)) => ("minAvailable", min),
                (None, None) => continue,
            };
            // The disruption controller rounds both fields up (`getExpectedPodCount`).
            let Some(scaled) = int_or_percent::scaled(value, i64::from(replicas), Rounding::Up) else { continue };
            let blocks = match field {
                "maxUnavailable" => scaled <= 0,
                _ => scaled >= i64::from(replicas),
            };
            if !blocks {
                continue;
            }
            let written = match value {
                IntOrString::Int(number) => number.to_string(),
                IntOrString::String(text) => text.clone(),
            };
            report.report_on(pdb_resource, pdb_resource.span(&[Key("spec"), Key(field)]), format!(
                        "PodDisruptionBudget `{pdb_name}` with `{field}: {written}` allows no eviction of the {replicas} pod(s) of StatefulSet `{sts_name}`, so node drains hang"
                    )).help(if replicas > 1 {
                    "use `maxUnavailable: 1` or a `minAvailable` below `replicas`".to_string()
                } else {
                    "a single replica cannot stay available during a drain: allow its eviction (`maxUnavailable: 1`) or add replicas".to_string()
                }).label_in(resource.file, resource.span(&[Key("spec"), Key("replicas")]), format!("StatefulSet `{sts_name}` has {replicas} replica(s)"));
        }
    }
}
