//! The kinds Ordinal reads as typed objects and the API versions that serve
//! them, plus the versions Kubernetes stopped serving.
//!
//! Source: Kubernetes docs, "Deprecated API Migration Guide" (v1.16, v1.22
//! and v1.25 sections), and the served group versions registered in
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
    }
}
