//! `policy/v1` PodDisruptionBudget.

use super::meta::{IntOrString, LabelSelector, ObjectMeta};
use super::read::kube_object;

kube_object! {
    /// `policy/v1` PodDisruptionBudget.
    pub struct PodDisruptionBudget {
        metadata: ObjectMeta = "metadata",
        spec: Option<PodDisruptionBudgetSpec> = "spec",
    }
}

kube_object! {
    /// `PodDisruptionBudgetSpec`.
    pub struct PodDisruptionBudgetSpec {
        min_available: Option<IntOrString> = "minAvailable",
        max_unavailable: Option<IntOrString> = "maxUnavailable",
        selector: Option<LabelSelector> = "selector",
        unhealthy_pod_eviction_policy: Option<String> = "unhealthyPodEvictionPolicy",
    }
}
