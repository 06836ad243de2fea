//! The kinds Ordinal reads as typed objects and the API versions that serve
//! them, plus the versions Kubernetes stopped serving.
//!
//! Source: Kubernetes docs, "Deprecated API Migration Guide" (v1.16, v1.22,
//! v1.25 and v1.26 sections), and the served group versions registered in
//! `pkg/apis/apps/v1`, `pkg/apis/core/v1` and `pkg/apis/policy/v1`.

/// A kind Ordinal types (every other kind stays generic).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `apps/v1` StatefulSet.
    StatefulSet,
    /// `v1` Service.
    Service,
    /// `v1` PersistentVolumeClaim.
    PersistentVolumeClaim,
    /// `policy/v1` PodDisruptionBudget.
    PodDisruptionBudget,
}

impl Kind {
    /// Every typed kind.
    pub const ALL: [Kind; 4] =
        [Kind::StatefulSet, Kind::Service, Kind::PersistentVolumeClaim, Kind::PodDisruptionBudget];

    /// The kind named `name` (case-sensitive, as the API server matches `kind`).
    pub fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|kind| kind.name() == name)
    }

    /// The name as written in `kind:`.
    pub fn name(self) -> &'static str {
        match self {
            Kind::StatefulSet => "StatefulSet",
            Kind::Service => "Service",
            Kind::PersistentVolumeClaim => "PersistentVolumeClaim",
            Kind::PodDisruptionBudget => "PodDisruptionBudget",
        }
    }

    /// The API version that serves the kind today.
    pub fn served_version(self) -> &'static str {
        match self {
            Kind::StatefulSet => "apps/v1",
            Kind::Service | Kind::PersistentVolumeClaim => "v1",
            Kind::PodDisruptionBudget => "policy/v1",
        }
    }

    /// Removed versions whose objects Ordinal still reads like the served
    /// one (`removed-api-version` reports them; every other rule still
    /// applies). StatefulSet was `apps/v1beta1` (1.5–1.15) and
    /// `apps/v1beta2` (1.8–1.15); PodDisruptionBudget was `policy/v1beta1`
    /// until 1.25.
    pub fn removed_versions(self) -> &'static [&'static str] {
        match self {
            Kind::StatefulSet => &["apps/v1beta1", "apps/v1beta2"],
            Kind::Service | Kind::PersistentVolumeClaim => &[],
            Kind::PodDisruptionBudget => &["policy/v1beta1"],
        }
    }

    /// Whether an object of this kind in `api_version` is read as typed.
    pub fn reads_version(self, api_version: &str) -> bool {
        api_version == self.served_version() || self.removed_versions().contains(&api_version)
    }
}

/// How a kind Ordinal does not type carries the labels of its pods.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PodSource {
    /// A bare Pod: `metadata.labels`.
    Pod,
    /// `spec.template.metadata.labels`: Deployment, DaemonSet, ReplicaSet
    /// (`apps`, and the removed `extensions` betas), ReplicationController
    /// (core), Job (`batch`), and the two template-holding workloads of
    /// common CRDs, OpenShift's DeploymentConfig and Argo Rollouts' Rollout.
    Template,
    /// A CronJob: `spec.jobTemplate.spec.template.metadata.labels`.
    CronJob,
}

/// The pod source of `kind` in `api_version`, matched by API group so that
/// a custom resource that reuses a name (a `Deployment` of another group)
/// is not read as one. StatefulSets are typed and not listed here.
pub fn pod_source(api_version: Option<&str>, kind: Option<&str>) -> Option<PodSource> {
    let group = api_group(api_version?);
    match (group, kind?) {
        ("", "Pod") => Some(PodSource::Pod),
        ("", "ReplicationController")
        | ("apps" | "extensions", "Deployment" | "DaemonSet" | "ReplicaSet")
        | ("batch", "Job")
        | ("apps.openshift.io", "DeploymentConfig")
        | ("argoproj.io", "Rollout") => Some(PodSource::Template),
        ("batch", "CronJob") => Some(PodSource::CronJob),
        _ => None,
    }
}

/// An object that sets a workload's replica count between bounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AutoscalerKind {
    /// `autoscaling` HorizontalPodAutoscaler (v1, v2 and the removed v2 betas,
    /// which share `scaleTargetRef`, `minReplicas` and `maxReplicas`).
    HorizontalPodAutoscaler,
    /// KEDA's `keda.sh` ScaledObject, which creates and owns an HPA.
    ScaledObject,
}

/// The autoscaler kind of `kind` in `api_version`.
pub fn autoscaler_kind(api_version: Option<&str>, kind: Option<&str>) -> Option<AutoscalerKind> {
    match (api_group(api_version?), kind?) {
        ("autoscaling", "HorizontalPodAutoscaler") => Some(AutoscalerKind::HorizontalPodAutoscaler),
        ("keda.sh", "ScaledObject") => Some(AutoscalerKind::ScaledObject),
        _ => None,
    }
}

/// The group of an `apiVersion` (`apps/v1` is `apps`; the core `v1` is `""`).
pub fn api_group(api_version: &str) -> &str {
    api_version.rsplit_once('/').map_or("", |(group, _)| group)
}

/// An API version Kubernetes no longer serves, for some or all kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Removal {
    /// The removed `apiVersion`.
    pub api_version: &'static str,
    /// The kind this entry is about; `None` for every other kind of that version.
    pub kind: Option<&'static str>,
    /// The release that stopped serving it.
    pub removed_in: &'static str,
    /// The version to move to, when there is one for this kind.
    pub replacement: Option<&'static str>,
}

/// Every removal Ordinal knows, most specific entry of a version first.
pub const REMOVALS: &[Removal] = &[
    removal("apps/v1beta1", None, "1.16", None),
    removal("apps/v1beta2", None, "1.16", None),
    removal("extensions/v1beta1", Some("Ingress"), "1.22", Some("networking.k8s.io/v1")),
    removal("extensions/v1beta1", Some("NetworkPolicy"), "1.16", Some("networking.k8s.io/v1")),
    removal("extensions/v1beta1", None, "1.16", None),
    removal("policy/v1beta1", Some("PodDisruptionBudget"), "1.25", Some("policy/v1")),
    // PodSecurityPolicy was removed without a successor API.
    removal("policy/v1beta1", None, "1.25", None),
    // HorizontalPodAutoscaler is the only kind of these versions.
    removal("autoscaling/v2beta1", None, "1.25", Some("autoscaling/v2")),
    removal("autoscaling/v2beta2", None, "1.26", Some("autoscaling/v2")),
];

/// Workload kinds of the removed `apps` and `extensions` betas, all served by `apps/v1` now.
pub const APPS_WORKLOADS: &[&str] = &["StatefulSet", "Deployment", "DaemonSet", "ReplicaSet"];

/// The removal that applies to `kind` in `api_version`, with the
/// replacement for that kind filled in.
pub fn removal_of(api_version: &str, kind: Option<&str>) -> Option<Removal> {
    let found = REMOVALS
        .iter()
        .find(|removal| removal.api_version == api_version && (removal.kind.is_none() || removal.kind == kind))?;
    let moved_to_apps = matches!(api_version, "apps/v1beta1" | "apps/v1beta2" | "extensions/v1beta1")
        && kind.is_some_and(|kind| APPS_WORKLOADS.contains(&kind));
    let replacement = found.replacement.or(moved_to_apps.then_some("apps/v1"));
    Some(Removal { replacement, ..*found })
}

/// policy/v1 reads an empty PodDisruptionBudget selector as every pod of the
/// namespace; policy/v1beta1 read it as no pods.
/// Source: `pkg/apis/policy/v1beta1/conversion.go` (an empty v1beta1
/// selector is stored as `V1beta1MatchNoneSelector`) and
/// `pkg/controller/disruption/disruption.go` `getPodsForPdb`
/// (`LabelSelectorAsSelector` of an empty selector selects everything).
pub fn pdb_empty_selector_selects_all(api_version: Option<&str>) -> bool {
    api_version != Some("policy/v1beta1")
}

const fn removal(
    api_version: &'static str,
    kind: Option<&'static str>,
    removed_in: &'static str,
    replacement: Option<&'static str>,
) -> Removal {
    Removal { api_version, kind, removed_in, replacement }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_and_read_their_removed_versions() {
        for kind in Kind::ALL {
            assert_eq!(Kind::from_name(kind.name()), Some(kind));
            assert!(kind.reads_version(kind.served_version()));
            for removed in kind.removed_versions() {
                assert!(removal_of(removed, Some(kind.name())).is_some(), "{removed} is in REMOVALS");
            }
        }
        assert!(!Kind::StatefulSet.reads_version("extensions/v1beta1"));
        assert_eq!(Kind::from_name("statefulset"), None);
    }

    #[test]
    fn removals_name_their_replacement_per_kind() {
        let sts = removal_of("apps/v1beta1", Some("StatefulSet")).map(|r| (r.removed_in, r.replacement));
        assert_eq!(sts, Some(("1.16", Some("apps/v1"))));
        let ingress = removal_of("extensions/v1beta1", Some("Ingress")).map(|r| (r.removed_in, r.replacement));
        assert_eq!(ingress, Some(("1.22", Some("networking.k8s.io/v1"))));
        let psp = removal_of("policy/v1beta1", Some("PodSecurityPolicy")).map(|r| r.replacement);
        assert_eq!(psp, Some(None));
        assert_eq!(removal_of("apps/v1", Some("StatefulSet")), None);
        let hpa = |version| removal_of(version, Some("HorizontalPodAutoscaler")).map(|r| (r.removed_in, r.replacement));
        assert_eq!(hpa("autoscaling/v2beta1"), Some(("1.25", Some("autoscaling/v2"))));
        assert_eq!(hpa("autoscaling/v2beta2"), Some(("1.26", Some("autoscaling/v2"))));
        assert_eq!(hpa("autoscaling/v2"), None);
        assert_eq!(hpa("autoscaling/v1"), None);
    }

    #[test]
    fn pod_sources_and_autoscalers_are_matched_by_group() {
        assert_eq!(pod_source(Some("apps/v1"), Some("Deployment")), Some(PodSource::Template));
        assert_eq!(pod_source(Some("v1"), Some("Pod")), Some(PodSource::Pod));
        assert_eq!(pod_source(Some("batch/v1"), Some("CronJob")), Some(PodSource::CronJob));
        assert_eq!(pod_source(Some("example.com/v1"), Some("Deployment")), None);
        assert_eq!(pod_source(Some("apps/v1"), Some("StatefulSet")), None);
        assert_eq!(
            autoscaler_kind(Some("autoscaling/v1"), Some("HorizontalPodAutoscaler")),
            Some(AutoscalerKind::HorizontalPodAutoscaler)
        );
        assert_eq!(autoscaler_kind(Some("keda.sh/v1alpha1"), Some("ScaledObject")), Some(AutoscalerKind::ScaledObject));
        assert_eq!(autoscaler_kind(Some("v1"), Some("ScaledObject")), None);
    }
}
