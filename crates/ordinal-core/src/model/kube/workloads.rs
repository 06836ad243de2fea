//! The little Ordinal reads of the kinds it does not type: the pod labels of
//! other workloads (Deployment, DaemonSet, ReplicaSet, ReplicationController,
//! Job, CronJob, Pod) and the replica bounds of autoscalers
//! (`autoscaling` HorizontalPodAutoscaler, KEDA `keda.sh` ScaledObject).
//!
//! These kinds have no schema table and no `Typed` variant, so nothing here
//! is ever a finding: a field of the wrong type reads as absent.

use serde_json::Value;

use super::meta::ObjectMeta;
use super::read::kube_object;

kube_object! {
    /// A pod template, only as far as its labels (`PodTemplateSpec.metadata`).
    pub struct PodTemplateMeta {
        metadata: Option<ObjectMeta> = "metadata",
    }
}

kube_object! {
    /// The spec of a workload that holds a pod template: `DeploymentSpec`,
    /// `DaemonSetSpec`, `ReplicaSetSpec`, `ReplicationControllerSpec`,
    /// `JobSpec` (`template`) and `CronJobSpec` (`jobTemplate`).
    pub struct WorkloadSpec {
        template: Option<PodTemplateMeta> = "template",
        job_template: Option<JobTemplateMeta> = "jobTemplate",
        manual_selector: Option<bool> = "manualSelector",
    }
}

kube_object! {
    /// `JobTemplateSpec` of a CronJob.
    pub struct JobTemplateMeta {
        spec: Option<JobSpecMeta> = "spec",
    }
}

kube_object! {
    /// `JobSpec`, only as far as its pod template.
    pub struct JobSpecMeta {
        template: Option<PodTemplateMeta> = "template",
    }
}

kube_object! {
    /// A workload (or bare Pod) read only for its pod labels.
    pub struct Workload {
        metadata: Option<ObjectMeta> = "metadata",
        spec: Option<WorkloadSpec> = "spec",
    }
}

kube_object! {
    /// `autoscaling/v1` and `autoscaling/v2` `HorizontalPodAutoscaler`.
    pub struct HorizontalPodAutoscaler {
        spec: Option<HorizontalPodAutoscalerSpec> = "spec",
    }
}

kube_object! {
    /// `HorizontalPodAutoscalerSpec` (the first three fields are the same in v1
    /// and v2; `metrics` is v2 and its betas, kept as JSON).
    pub struct HorizontalPodAutoscalerSpec {
        scale_target_ref: Option<CrossVersionObjectReference> = "scaleTargetRef",
        min_replicas: Option<i32> = "minReplicas",
        max_replicas: Option<i32> = "maxReplicas",
        metrics: Option<Vec<Value>> = "metrics",
    }
}

kube_object! {
    /// `CrossVersionObjectReference` (and KEDA's `ScaleTarget`, which has the same fields).
    pub struct CrossVersionObjectReference {
        api_version: Option<String> = "apiVersion",
        kind: Option<String> = "kind",
        name: Option<String> = "name",
    }
}

kube_object! {
    /// KEDA `keda.sh/v1alpha1` `ScaledObject`.
    pub struct ScaledObject {
        spec: Option<ScaledObjectSpec> = "spec",
    }
}

kube_object! {
    /// KEDA `ScaledObjectSpec`.
    pub struct ScaledObjectSpec {
        scale_target_ref: Option<CrossVersionObjectReference> = "scaleTargetRef",
        min_replica_count: Option<i32> = "minReplicaCount",
        max_replica_count: Option<i32> = "maxReplicaCount",
    }
}
