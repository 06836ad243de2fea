use crate::model::kube::IntOrString;
use crate::model::{Autoscaler, Resource};
use crate::semantics::autoscaling;
use crate::semantics::int_or_percent::{self, Rounding};

use super::{LinkedFacts, Reporter, Rule, Workspace};
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
    /// A budget of `maxUnavailable: 0` or `0%`, or `minAvailable: 100%`,
    /// allows no eviction whatever the pod count, so it is reported even when
    /// it selects no StatefulSet of the linted files. Other values are
    /// checked only on budgets that select the pods of just one StatefulSet
    /// among the linted files, because the budget's pod count is then that
    /// StatefulSet's `replicas`. When `replicas` is unset and a
    /// HorizontalPodAutoscaler (`autoscaling/v1` or `v2`) or a KEDA
    /// ScaledObject (`keda.sh/v1alpha1`) in the same namespace scales the
    /// StatefulSet (`scaleTargetRef` kind `StatefulSet` and its name), the
    /// count is the fewest pods the autoscaler runs it with: `minReplicas`
    /// (default 1), or `minReplicaCount` when positive (default 0, and a
    /// ScaledObject that scales to zero runs at least one pod when active).
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
    /// - pkg/apis/autoscaling/v2/defaults.go `SetDefaults_HorizontalPodAutoscaler`
    ///   (`minReplicas` defaults to 1); KEDA docs, "ScaledObject specification"
    ///   (`scaleTargetRef.kind` defaults to `Deployment`, `minReplicaCount` to 0)
    ///   and keda apis/keda/v1alpha1 `GetHPAMinReplicas` (the HPA KEDA creates
    ///   has `minReplicas` 1 when `minReplicaCount` is 0).
    pub struct PdbBlocksEviction {
        id: "pdb-blocks-eviction",
        severity: Warning,
        summary: "a PodDisruptionBudget allows no eviction of the pods it selects, so node drains hang",
    }
}

impl Rule for PdbBlocksEviction {
    fn links(&self) -> bool {
        true
    }

    fn check_linked(&self, ctx: &Workspace<'_>, facts: &LinkedFacts<'_>, report: &mut Reporter<'_>) {
        let resource = facts.resource;
        if resource.as_pdb().is_some() && !ctx.topology.pdb_is_claimed(facts.index) {
            check_unclaimed_budget(resource, report);
            return;
        }
        if facts.accepted_statefulset().is_none() {
            return;
        }
        let Some(effective) = facts.effective() else { return };
        let sts_name = resource.name.as_deref().unwrap_or("<unnamed>");
        // An autoscaler owns the count only when `replicas` is left to it.
        let autoscaler = (!effective.replicas_written)
            .then(|| ctx.topology.statefulset_autoscaler(&resource.namespace, sts_name))
            .flatten()
            .and_then(|index| ctx.resources.get(index).copied())
            .and_then(|scaler| Some((scaler, scaler.autoscaler()?)));
        let replicas = match &autoscaler {
            Some((_, scaler)) => autoscaling::min_running_replicas(scaler),
            None => effective.replicas,
        };
        if replicas < 1 {
            return;
        }
        let Some(links) = facts.links() else { return };
        for &pdb_index in &links.pdbs {
            let shared = ctx.topology.statefulsets_selected_by_pdb(pdb_index);
            if shared != 1 {
                continue;
            }
            let Some(pdb_resource) = ctx.resources.get(pdb_index).copied() else { continue };
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
            let finding = report.report_on(pdb_resource, pdb_resource.span(&[Key("spec"), Key(field)]), match &autoscaler {
                None => format!("PodDisruptionBudget `{pdb_name}` with `{field}: {written}` allows no eviction of the {replicas} pod(s) of StatefulSet `{sts_name}`, so node drains hang"),
                Some(_) => format!("PodDisruptionBudget `{pdb_name}` with `{field}: {written}` allows no eviction while StatefulSet `{sts_name}` runs its autoscaled minimum of {replicas} pod(s), so node drains hang"),
            }).help(match (&autoscaler, replicas > 1) {
                (None, true) => "use `maxUnavailable: 1` or a `minAvailable` below `replicas`".to_string(),
                (None, false) => "a single replica cannot stay available during a drain: allow its eviction (`maxUnavailable: 1`) or add replicas".to_string(),
                (Some(_), true) => "use `maxUnavailable: 1` or a `minAvailable` below the autoscaler's minimum".to_string(),
                (Some(_), false) => "a single replica cannot stay available during a drain: allow its eviction (`maxUnavailable: 1`) or raise the autoscaler's minimum".to_string(),
            });
            match &autoscaler {
                Some((scaler, kind)) => {
                    let (field, what) = (kind.min_field(), kind.kind_name());
                    let scaler_name = scaler.name.as_deref().unwrap_or("<unnamed>");
                    let label = match kind {
                        Autoscaler::HorizontalPodAutoscaler(_) => format!("{what} `{scaler_name}` scales StatefulSet `{sts_name}` down to {replicas} pod(s)"),
                        Autoscaler::ScaledObject(_) => format!("{what} `{scaler_name}` runs StatefulSet `{sts_name}` with at least {replicas} pod(s) while active"),
                    };
                    finding.label_in(scaler.file, min_span(scaler, field), label);
                }
                None => {
                    finding.label_in(
                        resource.file,
                        resource.span(&[Key("spec"), Key("replicas")]),
                        format!("StatefulSet `{sts_name}` has {replicas} replica(s)"),
                    );
                }
            }
        }
    }
}

/// A budget that selects no StatefulSet of the inputs: only the values that
/// block every eviction whatever the pod count (`maxUnavailable` 0 or 0%,
/// `minAvailable` 100%) are known to.
fn check_unclaimed_budget(pdb: &Resource, report: &mut Reporter<'_>) {
    let Some(spec) = pdb.as_pdb().and_then(|pdb| pdb.spec.as_ref()) else { return };
    let (field, value) = match (&spec.max_unavailable, &spec.min_available) {
        (Some(max), _) => ("maxUnavailable", max),
        (None, Some(min)) => ("minAvailable", min),
        (None, None) => return,
    };
    // Scaled for one pod and for many: a value that blocks both blocks every count.
    let blocks_for = |count: i64| {
        int_or_percent::scaled(value, count, Rounding::Up).is_some_and(|scaled| {
            if field == "maxUnavailable" {
                scaled <= 0
            } else {
                scaled >= count
            }
        })
    };
    let always = match value {
        IntOrString::Int(0) => field == "maxUnavailable",
        IntOrString::Int(_) => false,
        IntOrString::String(_) => blocks_for(1) && blocks_for(1_000_000),
    };
    if !always {
        return;
    }
    let written = match value {
        IntOrString::Int(number) => number.to_string(),
        IntOrString::String(text) => text.clone(),
    };
    let pdb_name = pdb.name.as_deref().unwrap_or("<unnamed>");
    report
        .report(
            pdb.span(&[Key("spec"), Key(field)]),
            format!("PodDisruptionBudget `{pdb_name}` with `{field}: {written}` allows no eviction of any pod it selects, so node drains hang"),
        )
        .help("use `maxUnavailable: 1`, or a `minAvailable` below the number of pods it selects");
}

/// The autoscaler's minimum field, key through value; its `scaleTargetRef` when the minimum is left to the default.
fn min_span(scaler: &Resource, field: &str) -> crate::source::Span {
    match scaler.value_span(&[Key("spec"), Key(field)]) {
        Some(_) => scaler.key_span(&[Key("spec"), Key(field)]).cover(scaler.span(&[Key("spec"), Key(field)])),
        None => scaler.key_span(&[Key("spec"), Key(Autoscaler::SCALE_TARGET_REF)]),
    }
}
