use super::{Context, Reporter, ResourceFacts, Rule};
use crate::diagnostic::{Applicability, Fix};
use crate::kinds;
use crate::model::{Autoscaler, Resource};
use crate::parse::{Node, PathSegment::Key};

super::declare_rule! {
    /// ## What it flags
    /// An object in an API version that Kubernetes no longer serves:
    /// `apps/v1beta1` and `apps/v1beta2` (StatefulSet, Deployment,
    /// DaemonSet, ReplicaSet; removed in 1.16), `extensions/v1beta1`
    /// (workloads and NetworkPolicy removed in 1.16, Ingress in 1.22) and
    /// `policy/v1beta1` (PodDisruptionBudget and PodSecurityPolicy, removed
    /// in 1.25), and the HorizontalPodAutoscaler betas `autoscaling/v2beta1`
    /// (removed in 1.25) and `autoscaling/v2beta2` (removed in 1.26), both
    /// served by `autoscaling/v2` since 1.23.
    ///
    /// ## Why it matters
    /// The API server answers "no matches for kind" and creates nothing.
    /// Moving to the served version is not always a rename, because the old
    /// versions had other defaults:
    /// - `apps/v1beta1` (and `extensions/v1beta1`) defaulted a missing
    ///   `spec.selector` from the template labels; `apps/v1` requires it.
    /// - `apps/v1beta1` defaulted a StatefulSet's `updateStrategy` to
    ///   `OnDelete`; `apps/v1` defaults to `RollingUpdate`, so template
    ///   changes roll out to running pods.
    /// - `policy/v1beta1` read an empty PodDisruptionBudget selector (`{}`)
    ///   as matching no pods; `policy/v1` matches every pod in the namespace.
    /// - `autoscaling/v2beta1` wrote metric targets as `targetAverageUtilization`,
    ///   `targetAverageValue` and `targetValue`; `autoscaling/v2` nests them in
    ///   `target: {type, averageUtilization | averageValue | value}`, and
    ///   `metricName` in `metric: {name}`.
    ///   `autoscaling/v2beta2` already had the `autoscaling/v2` shape.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: apps/v1beta1   # use apps/v1 and add spec.selector
    /// kind: StatefulSet
    /// ```
    ///
    /// ## Fix
    /// When nothing else has to change (the selector is written out, or the
    /// version is `apps/v1beta2`), the fix rewrites `apiVersion`. It is
    /// safe: the old version is not served, and it is offered only when the
    /// served one reads the same fields with the same defaults.
    /// Otherwise the help says what to add first.
    ///
    /// ## Source
    /// `kinds::REMOVALS`, from the Kubernetes docs, "Deprecated
    /// API Migration Guide" (v1.16, v1.22, v1.25 and v1.26 sections:
    /// HorizontalPodAutoscaler `autoscaling/v2beta1` in 1.25 and
    /// `autoscaling/v2beta2` in 1.26, "Migrate manifests and API clients to use
    /// the autoscaling/v2 API version, available since v1.23");
    /// pkg/apis/autoscaling/v2beta1 `MetricSpec` (the `target*` fields); pkg/apis/apps/v1beta1/defaults.go
    /// `SetDefaults_StatefulSet` (selector from template labels, `OnDelete`)
    /// as of Kubernetes 1.15; pkg/apis/policy/v1beta1 `PodDisruptionBudgetSpec`
    /// ("An empty selector matches no pods" in v1beta1).
    pub struct RemovedApiVersion {
        id: "removed-api-version",
        severity: Error,
        summary: "an API version Kubernetes no longer serves",
    }
}

impl Rule for RemovedApiVersion {
    fn check_resource(&self, _ctx: &Context<'_>, facts: &ResourceFacts<'_>, report: &mut Reporter<'_>) {
        let resource = facts.resource;
        let Some(api_version) = resource.api_version.as_deref() else { return };
        let Some(removal) = kinds::removal_of(api_version, resource.kind.as_deref()) else { return };
        let removed_in = removal.removed_in;
        let kind = resource.kind.as_deref().unwrap_or("object");
        let span = resource.span(&[Key("apiVersion")]);
        let message = format!("`{api_version}` {kind} is no longer served (removed in Kubernetes {removed_in})");
        let advice = migration(api_version, kind, removal.replacement, resource);
        let fix = advice.replacement.filter(|_| advice.rename_is_enough).map(|replacement| {
            Fix::replace(Applicability::Safe, format!("change `apiVersion` to `{replacement}`"), span, replacement)
        });
        report.report(span, message).help(advice.help).fix_if_any(fix);
    }
}

/// What moving to a served version takes.
struct Migration {
    /// The served version, if there is one.
    replacement: Option<&'static str>,
    /// True when rewriting `apiVersion` is all it takes.
    rename_is_enough: bool,
    help: String,
}

fn migration(api_version: &str, kind: &str, replacement: Option<&'static str>, resource: &Resource) -> Migration {
    let selector = resource.node(&[Key("spec"), Key("selector")]).filter(|node| !node.is_null());
    let update_strategy_set =
        resource.node(&[Key("spec"), Key("updateStrategy"), Key("type")]).is_some_and(|node| !node.is_null());
    let Some(served) = replacement else {
        let help = if kind == "PodSecurityPolicy" {
            "PodSecurityPolicy was removed without a successor API; use Pod Security Admission (namespace labels `pod-security.kubernetes.io/enforce`) or a policy engine".to_string()
        } else {
            format!("move `{kind}` to the API version that serves it today (see the Kubernetes deprecated API migration guide)")
        };
        return Migration { replacement: None, rename_is_enough: false, help };
    };
    let mut notes = Vec::new();
    let rename_is_enough = match kind {
        workload if kinds::APPS_WORKLOADS.contains(&workload) => {
            // apps/v1beta2 already required the selector and had the apps/v1 defaults.
            let old_defaults = api_version != "apps/v1beta2";
            if old_defaults && selector.is_none() {
                notes.push(format!(
                    "`{api_version}` defaulted a missing `spec.selector` from the template labels and `apps/v1` requires it, so first add `spec.selector.matchLabels` with the template labels"
                ));
            }
            if old_defaults && !update_strategy_set && matches!(kind, "StatefulSet" | "DaemonSet") {
                notes.push(format!(
                    "`{api_version}` defaulted `updateStrategy` to `OnDelete` and `apps/v1` defaults to `RollingUpdate`; set `spec.updateStrategy.type: OnDelete` to keep pods from being replaced on template changes"
                ));
            }
            if old_defaults && kind == "Deployment" {
                notes.push(
                    "`apps/v1` changes the Deployment defaults of `revisionHistoryLimit` (10), `progressDeadlineSeconds` (600) and the rolling update `maxSurge`/`maxUnavailable` (25%)".to_string(),
                );
            }
            !old_defaults || selector.is_some()
        }
        "PodDisruptionBudget" => {
            let empty_selector = selector.is_some_and(selects_everything);
            if empty_selector {
                notes.push("`policy/v1beta1` read the empty selector as matching no pods, but in `policy/v1` it matches every pod in the namespace; write the labels of the pods to protect into `spec.selector.matchLabels` first".to_string());
            }
            !empty_selector
        }
        "HorizontalPodAutoscaler" if api_version == "autoscaling/v2beta1" => {
            let metrics = match resource.autoscaler() {
                Some(Autoscaler::HorizontalPodAutoscaler(hpa)) => {
                    hpa.spec.and_then(|spec| spec.metrics).is_some_and(|metrics| !metrics.is_empty())
                }
                _ => false,
            };
            if metrics {
                notes.push("each metric's `targetAverageUtilization`, `targetAverageValue` or `targetValue` moves into `target: {type: Utilization | AverageValue | Value, averageUtilization | averageValue | value}`, and `metricName` and `metricSelector` (Pods, Object and External metrics) into `metric: {name, selector}`".to_string());
            }
            !metrics
        }
        "Ingress" => {
            notes.push("the backend moves to `service.name` and `service.port.number`/`name`, and every path needs a `pathType`".to_string());
            false
        }
        _ => true,
    };
    Migration { replacement: Some(served), rename_is_enough, help: help_text(served, &notes) }
}

fn help_text(replacement: &str, notes: &[String]) -> String {
    if notes.is_empty() {
        format!("use `apiVersion: {replacement}`; nothing else has to change")
    } else {
        format!("use `apiVersion: {replacement}`; {}", notes.join("; "))
    }
}

/// A label selector without any requirement: `{}`, or only empty
/// `matchLabels`/`matchExpressions`.
fn selects_everything(selector: &Node) -> bool {
    let Some(entries) = selector.entries() else { return false };
    entries.iter().all(|entry| {
        entry.value.is_null()
            || entry.value.entries().is_some_and(<[_]>::is_empty)
            || entry.value.items().is_some_and(<[_]>::is_empty)
    })
}
