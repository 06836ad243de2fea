//! Autoscalers: which workload a HorizontalPodAutoscaler or a KEDA
//! ScaledObject scales, and between which replica counts.

use crate::model::kube::CrossVersionObjectReference;
use crate::model::Autoscaler;

/// `minReplicas` of a HorizontalPodAutoscaler that leaves it out.
/// Source: pkg/apis/autoscaling/v1/defaults.go and v2/defaults.go
/// `SetDefaults_HorizontalPodAutoscaler` (`MinReplicas = 1`).
pub const HPA_DEFAULT_MIN_REPLICAS: i32 = 1;

/// `scaleTargetRef.kind` of a ScaledObject that leaves it out.
/// Source: KEDA docs, "ScaledObject specification" (`scaleTargetRef.kind`:
/// "Optional. Default: Deployment"; `apiVersion` defaults to `apps/v1`).
pub const KEDA_DEFAULT_TARGET_KIND: &str = "Deployment";

/// `minReplicaCount` of a ScaledObject that leaves it out (KEDA scales to zero when idle).
/// Source: KEDA docs, "ScaledObject specification" (`minReplicaCount`: "Optional. Default: 0").
pub const KEDA_DEFAULT_MIN_REPLICA_COUNT: i32 = 0;

/// `maxReplicaCount` of a ScaledObject that leaves it out.
/// Source: kedacore/keda apis/keda/v1alpha1 `GetHPAMaxReplicas` (`defaultHPAMaxReplicas = 100`).
pub const KEDA_DEFAULT_MAX_REPLICA_COUNT: i32 = 100;

/// What an autoscaler scales.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScaleTarget<'a> {
    /// `scaleTargetRef.kind` (defaulted for a ScaledObject).
    pub kind: &'a str,
    /// `scaleTargetRef.name`.
    pub name: &'a str,
}

/// The workload `autoscaler` scales, in the autoscaler's own namespace (the
/// reference has no namespace field). `None` without a name.
pub fn scale_target(autoscaler: &Autoscaler) -> Option<ScaleTarget<'_>> {
    let (reference, default_kind) = match autoscaler {
        Autoscaler::HorizontalPodAutoscaler(hpa) => (hpa.spec.as_ref()?.scale_target_ref.as_ref()?, None),
        Autoscaler::ScaledObject(scaled) => {
            (scaled.spec.as_ref()?.scale_target_ref.as_ref()?, Some(KEDA_DEFAULT_TARGET_KIND))
        }
    };
    let CrossVersionObjectReference { kind, name, .. } = reference;
    let kind = kind.as_deref().filter(|kind| !kind.is_empty()).or(default_kind)?;
    let name = name.as_deref().filter(|name| !name.is_empty())?;
    Some(ScaleTarget { kind, name })
}

/// The fewest replicas the target runs while it runs at all: an HPA's
/// `minReplicas` (default 1); for a ScaledObject, `minReplicaCount` when it
/// is positive, else 1, because at zero KEDA scales the workload to no pods
/// when idle and, when active, hands it to the HPA it creates with
/// `minReplicas: 1`.
/// Source: kedacore/keda apis/keda/v1alpha1/scaledobject_types.go
/// `GetHPAMinReplicas` (`MinReplicaCount` if > 0, else `defaultHPAMinReplicas = 1`).
pub fn min_running_replicas(autoscaler: &Autoscaler) -> i32 {
    match autoscaler {
        Autoscaler::HorizontalPodAutoscaler(hpa) => {
            hpa.spec.as_ref().and_then(|spec| spec.min_replicas).unwrap_or(HPA_DEFAULT_MIN_REPLICAS)
        }
        Autoscaler::ScaledObject(scaled) => {
            let min = scaled.spec.as_ref().and_then(|spec| spec.min_replica_count);
            min.unwrap_or(KEDA_DEFAULT_MIN_REPLICA_COUNT).max(1)
        }
    }
}

/// The most replicas the autoscaler scales the target to: `maxReplicas`
/// (required on an HPA; `None` when missing), `maxReplicaCount` (default 100).
pub fn max_replicas(autoscaler: &Autoscaler) -> Option<i32> {
    match autoscaler {
        Autoscaler::HorizontalPodAutoscaler(hpa) => hpa.spec.as_ref()?.max_replicas,
        Autoscaler::ScaledObject(scaled) => {
            Some(scaled.spec.as_ref().and_then(|spec| spec.max_replica_count).unwrap_or(KEDA_DEFAULT_MAX_REPLICA_COUNT))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::kube::{HorizontalPodAutoscaler, HorizontalPodAutoscalerSpec, ScaledObject, ScaledObjectSpec};

    fn reference(kind: Option<&str>, name: &str) -> Option<CrossVersionObjectReference> {
        Some(CrossVersionObjectReference { api_version: None, kind: kind.map(str::to_string), name: Some(name.into()) })
    }

    #[test]
    fn hpa_defaults_min_to_one() {
        let spec = HorizontalPodAutoscalerSpec {
            scale_target_ref: reference(Some("StatefulSet"), "web"),
            min_replicas: None,
            max_replicas: Some(5),
            metrics: None,
        };
        let hpa = Autoscaler::HorizontalPodAutoscaler(HorizontalPodAutoscaler { spec: Some(spec) });
        assert_eq!(scale_target(&hpa), Some(ScaleTarget { kind: "StatefulSet", name: "web" }));
        assert_eq!(min_running_replicas(&hpa), 1);
        assert_eq!(max_replicas(&hpa), Some(5));
    }

    #[test]
    fn scaled_object_defaults_to_a_deployment_and_runs_at_least_one_pod() {
        let spec = ScaledObjectSpec { scale_target_ref: reference(None, "web"), ..ScaledObjectSpec::default() };
        let scaled = Autoscaler::ScaledObject(ScaledObject { spec: Some(spec) });
        assert_eq!(scale_target(&scaled), Some(ScaleTarget { kind: "Deployment", name: "web" }));
        assert_eq!(min_running_replicas(&scaled), 1);
        assert_eq!(max_replicas(&scaled), Some(100));
        let spec = ScaledObjectSpec {
            scale_target_ref: reference(Some("StatefulSet"), "web"),
            min_replica_count: Some(3),
            max_replica_count: Some(4),
        };
        let scaled = Autoscaler::ScaledObject(ScaledObject { spec: Some(spec) });
        assert_eq!(min_running_replicas(&scaled), 3);
        assert_eq!(max_replicas(&scaled), Some(4));
    }
}
