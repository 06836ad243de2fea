//! `apps/v1` StatefulSet.

use super::core::{PersistentVolumeClaim, PodTemplateSpec};
use super::meta::{IntOrString, LabelSelector, ObjectMeta};
use super::read::kube_object;

kube_object! {
    /// `apps/v1` StatefulSet.
    pub struct StatefulSet {
        metadata: ObjectMeta = "metadata",
        spec: StatefulSetSpec = "spec",
    }
}

kube_object! {
    /// `StatefulSetSpec`.
    pub struct StatefulSetSpec {
        replicas: Option<i32> = "replicas",
        selector: LabelSelector = "selector",
        template: PodTemplateSpec = "template",
        service_name: Option<String> = "serviceName",
        pod_management_policy: Option<String> = "podManagementPolicy",
        update_strategy: Option<StatefulSetUpdateStrategy> = "updateStrategy",
        volume_claim_templates: Option<Vec<PersistentVolumeClaim>> = "volumeClaimTemplates",
        min_ready_seconds: Option<i32> = "minReadySeconds",
        ordinals: Option<StatefulSetOrdinals> = "ordinals",
        persistent_volume_claim_retention_policy: Option<StatefulSetPersistentVolumeClaimRetentionPolicy> = "persistentVolumeClaimRetentionPolicy",
    }
}

kube_object! {
    /// `StatefulSetUpdateStrategy`.
    pub struct StatefulSetUpdateStrategy {
        type_: Option<String> = "type",
        rolling_update: Option<RollingUpdateStatefulSetStrategy> = "rollingUpdate",
    }
}

kube_object! {
    /// `RollingUpdateStatefulSetStrategy`.
    pub struct RollingUpdateStatefulSetStrategy {
        partition: Option<i32> = "partition",
        max_unavailable: Option<IntOrString> = "maxUnavailable",
    }
}

kube_object! {
    /// `StatefulSetOrdinals`.
    pub struct StatefulSetOrdinals {
        start: Option<i32> = "start",
    }
}

kube_object! {
    /// `StatefulSetPersistentVolumeClaimRetentionPolicy`.
    pub struct StatefulSetPersistentVolumeClaimRetentionPolicy {
        when_deleted: Option<String> = "whenDeleted",
        when_scaled: Option<String> = "whenScaled",
    }
}
