//! The rule registry. A rule is a file in this folder: a unit struct whose
//! doc comment is its documentation (declared with [`declare_rule!`]), an
//! `impl Rule`, and one line in [`RULES`].

pub use crate::diagnostic::RuleMeta;
#[cfg(feature = "rule-docs")]
pub mod pages;
pub use change::{ChangeContext, ChangeKind, FieldPath, FieldSegment, PodClaims, ResourceChange};
pub use facts::{LinkedFacts, ResourceFacts};
pub(crate) use linked_fields::{keep_linked_typed, linked_fields};
pub use reporter::{Report, Reporter};

use crate::model::Resource;
use crate::options::Options;
use crate::parse::ParseProblem;
use crate::source::SourceFile;
use crate::topology::Topology;

/// What a rule checking one file or one resource on its own may read: its
/// file and the options, nothing of the other files. The engine runs these
/// hooks file by file while the file's trees are alive (in parallel in the
/// CLI, once per changed file in an editor), so a rule that needs another
/// resource must use [`Rule::check_linked`] instead; the type keeps the two
/// apart.
pub struct Context<'a> {
    /// The file being checked.
    pub file: &'a SourceFile,
    /// Namespace, cluster domain and rule configuration.
    pub options: &'a Options,
}

/// What a rule that relates resources may read: every file and resource and
/// how they are linked.
pub struct Workspace<'a> {
    /// All input files.
    pub files: &'a [SourceFile],
    /// All resources of all files, in input order.
    pub resources: &'a [&'a Resource],
    /// How they relate.
    pub topology: &'a Topology,
    /// Namespace, cluster domain and rule configuration.
    pub options: &'a Options,
}

/// What the parser found in one file, for the parser-level rules.
pub struct FileProblems<'a> {
    /// The file's index.
    pub file: usize,
    /// Syntax errors, duplicate keys and limits hit.
    pub problems: &'a [ParseProblem],
}

/// A check. Implement whichever hook fits; the others stay no-ops. A hook
/// reports through the [`Reporter`] the engine binds to the rule, its
/// configured severity and the file and resource being checked.
pub trait Rule: Declared + Sync + Send {
    /// Check parser output of one file.
    fn check_file(&self, _ctx: &Context<'_>, _file: &FileProblems<'_>, _report: &mut Reporter<'_>) {}

    /// Check one resource on its own, with the facts about it that rules share.
    fn check_resource(&self, _ctx: &Context<'_>, _facts: &ResourceFacts<'_>, _report: &mut Reporter<'_>) {}

    /// Check one resource against the others (its governing Service, the
    /// PodDisruptionBudgets that select its pods, ...).
    fn check_linked(&self, _ctx: &Workspace<'_>, _facts: &LinkedFacts<'_>, _report: &mut Reporter<'_>) {}

    /// Whether the rule has a [`Rule::check_linked`] hook. The engine calls
    /// that hook only for the rules that say so: most have none, and an
    /// editor links the workspace again on every keystroke. `lint`'s tests
    /// run every rule's hook and fail when one that says no reports anything.
    fn links(&self) -> bool {
        false
    }

    /// Check one change between two versions (`ordinal diff`); lint never
    /// calls it, and the rules of `ordinal diff` implement only this.
    fn check_change(&self, _ctx: &ChangeContext<'_>, _change: &ResourceChange<'_>, _report: &mut Reporter<'_>) {}
}

/// A rule's static facts; `declare_rule!` implements it, so a rule file
/// writes only its hooks.
pub trait Declared {
    /// The rule's id, severity and docs.
    fn meta(&self) -> &'static RuleMeta;
}

/// Declare a rule struct whose doc comment doubles as its runtime docs.
/// Scoped to the rules (not `#[macro_export]`, which would put it at the
/// crate root and make every rule depend on `lib.rs`).
macro_rules! declare_rule {
    // `default: off` makes an opt-in rule; any other word fails the build.
    (@enabled) => { true };
    (@enabled off) => { false };
    // `on: change` makes a rule of `ordinal diff`; any other word fails the build.
    (@change) => { false };
    (@change change) => { true };
    (
        $(#[doc = $doc:literal])*
        pub struct $name:ident {
            id: $id:literal,
            severity: $severity:ident,
            summary: $summary:literal
            $(, default: $default:ident)?
            $(, on: $on:ident)? $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        pub struct $name;

        impl $name {
            /// This rule's static facts.
            pub const META: $crate::diagnostic::RuleMeta = $crate::diagnostic::RuleMeta {
                id: $id,
                severity: $crate::diagnostic::Severity::$severity,
                enabled_by_default: $crate::rules::declare_rule!(@enabled $($default)?),
                change: $crate::rules::declare_rule!(@change $($on)?),
                summary: $summary,
                raw_docs: if cfg!(feature = "rule-docs") { concat!($($doc, "\n"),*) } else { "" },
            };
        }

        impl $crate::rules::Declared for $name {
            fn meta(&self) -> &'static $crate::diagnostic::RuleMeta {
                &Self::META
            }
        }
    };
}

pub(crate) use declare_rule;

mod change;
mod linked_fields;
// Change review (`ordinal diff`).
#[cfg(feature = "change-review")]
mod cluster_ip_removal_ignored;
#[cfg(feature = "pod-template-rules")]
mod duplicate_env_var;
mod duplicate_key;
#[cfg(feature = "change-review")]
mod governing_service_removed;
#[cfg(feature = "pod-template-rules")]
mod identical_liveness_readiness;
#[cfg(feature = "pod-template-rules")]
mod image_latest_tag;
#[cfg(feature = "change-review")]
mod immutable_field_changed;
mod minimum_three_replicas;
mod missing_anti_affinity;
mod missing_readiness_probe;
#[cfg(feature = "pod-template-rules")]
mod missing_resources;
mod missing_service_name;
mod name_too_long;
mod partition_out_of_range;
mod partition_with_ordinals_start;
mod pdb_blocks_eviction;
mod pdb_empty_budget;
mod pdb_missing;
mod pdb_selector_mismatch;
#[cfg(feature = "pod-template-rules")]
mod probe_port_not_found;
#[cfg(feature = "pod-template-rules")]
mod probe_port_udp;
mod publish_not_ready_addresses;
#[cfg(feature = "change-review")]
mod publish_not_ready_turned_off;
mod pvc_missing_storage_request;
#[cfg(feature = "change-review")]
mod scale_down_deletes_claims;
mod service_no_named_ports;
mod service_not_found;
mod service_not_headless;
#[cfg(feature = "change-review")]
mod service_port_removed;
#[cfg(feature = "change-review")]
mod service_selector_drops_pods;
mod service_selector_mismatch;
mod service_selects_no_pods;
mod service_target_port_not_found;
#[cfg(feature = "change-review")]
mod statefulset_renamed_or_removed;
mod support;
mod too_many_selectors;
mod volume_claim_not_mounted;
mod volume_claim_retention_delete;
mod volume_claim_template_conflict;
mod yaml_syntax;
// Schema checks and API versions.
mod invalid_type;
mod missing_required_field;
mod removed_api_version;
mod unknown_field;
// API-server validation of a single StatefulSet or Service.
mod duplicate_mount_path;
mod facts;
mod forbidden_active_deadline_seconds;
#[cfg(feature = "pod-template-rules")]
mod invalid_affinity;
mod invalid_cluster_ips;
mod invalid_container_port;
mod invalid_label;
mod invalid_name;
mod invalid_pdb_spec;
#[cfg(feature = "pod-template-rules")]
mod invalid_probe;
#[cfg(feature = "pod-template-rules")]
mod invalid_resources;
mod invalid_restart_policy;
mod invalid_service_address;
mod invalid_service_port;
#[cfg(feature = "pod-template-rules")]
mod invalid_toleration;
#[cfg(feature = "pod-template-rules")]
mod invalid_topology_spread;
mod invalid_value;
mod invalid_volume_claim_template;
mod missing_container_image;
mod node_port_out_of_range;
mod paths;
mod repeats;
mod reporter;
mod selector_template_mismatch;
mod service_name_starts_with_digit;
mod service_type_conflict;
mod session_affinity_config_ignored;
#[cfg(feature = "pod-template-rules")]
mod topology_annotation_mismatch;
mod volume_mount_not_found;

/// Every rule, in the order `ordinal rules` lists them.
pub static RULES: &[&dyn Rule] = &[
    &yaml_syntax::YamlSyntax,
    &duplicate_key::DuplicateKey,
    &removed_api_version::RemovedApiVersion,
    &unknown_field::UnknownField,
    &invalid_type::InvalidType,
    &missing_required_field::MissingRequiredField,
    &service_not_found::ServiceNotFound,
    // API-server validation of a single StatefulSet or Service.
    &invalid_value::InvalidValue,
    &invalid_name::InvalidName,
    &invalid_label::InvalidLabel,
    &selector_template_mismatch::SelectorTemplateMismatch,
    &invalid_restart_policy::InvalidRestartPolicy,
    &forbidden_active_deadline_seconds::ForbiddenActiveDeadlineSeconds,
    &invalid_service_port::InvalidServicePort,
    &invalid_container_port::InvalidContainerPort,
    &service_type_conflict::ServiceTypeConflict,
    &session_affinity_config_ignored::SessionAffinityConfigIgnored,
    &volume_mount_not_found::VolumeMountNotFound,
    &invalid_volume_claim_template::InvalidVolumeClaimTemplate,
    &missing_container_image::MissingContainerImage,
    &duplicate_mount_path::DuplicateMountPath,
    &service_name_starts_with_digit::ServiceNameStartsWithDigit,
    #[cfg(feature = "pod-template-rules")]
    &invalid_resources::InvalidResources,
    &node_port_out_of_range::NodePortOutOfRange,
    &invalid_pdb_spec::InvalidPdbSpec,
    &invalid_service_address::InvalidServiceAddress,
    &invalid_cluster_ips::InvalidClusterIps,
    #[cfg(feature = "pod-template-rules")]
    &invalid_probe::InvalidProbe,
    #[cfg(feature = "pod-template-rules")]
    &invalid_toleration::InvalidToleration,
    #[cfg(feature = "pod-template-rules")]
    &invalid_topology_spread::InvalidTopologySpread,
    #[cfg(feature = "pod-template-rules")]
    &invalid_affinity::InvalidAffinity,
    #[cfg(feature = "pod-template-rules")]
    &topology_annotation_mismatch::TopologyAnnotationMismatch,
    // Topology: the governing Service and the PodDisruptionBudgets.
    &missing_service_name::MissingServiceName,
    &service_not_headless::ServiceNotHeadless,
    &service_selector_mismatch::ServiceSelectorMismatch,
    &service_selects_no_pods::ServiceSelectsNoPods,
    &service_no_named_ports::ServiceNoNamedPorts,
    &service_target_port_not_found::ServiceTargetPortNotFound,
    &publish_not_ready_addresses::PublishNotReadyAddresses,
    &pdb_missing::PdbMissing,
    &pdb_selector_mismatch::PdbSelectorMismatch,
    &pdb_blocks_eviction::PdbBlocksEviction,
    &pdb_empty_budget::PdbEmptyBudget,
    &too_many_selectors::TooManySelectors,
    // Practice: the StatefulSet itself.
    &name_too_long::NameTooLong,
    &pvc_missing_storage_request::PvcMissingStorageRequest,
    &volume_claim_not_mounted::VolumeClaimNotMounted,
    &volume_claim_template_conflict::VolumeClaimTemplateConflict,
    &volume_claim_retention_delete::VolumeClaimRetentionDelete,
    &partition_out_of_range::PartitionOutOfRange,
    &partition_with_ordinals_start::PartitionWithOrdinalsStart,
    &missing_readiness_probe::MissingReadinessProbe,
    #[cfg(feature = "pod-template-rules")]
    &identical_liveness_readiness::IdenticalLivenessReadiness,
    #[cfg(feature = "pod-template-rules")]
    &probe_port_not_found::ProbePortNotFound,
    #[cfg(feature = "pod-template-rules")]
    &probe_port_udp::ProbePortUdp,
    #[cfg(feature = "pod-template-rules")]
    &duplicate_env_var::DuplicateEnvVar,
    &missing_anti_affinity::MissingAntiAffinity,
    #[cfg(feature = "pod-template-rules")]
    &missing_resources::MissingResources,
    #[cfg(feature = "pod-template-rules")]
    &image_latest_tag::ImageLatestTag,
    // Opt-in: off unless configured.
    &minimum_three_replicas::MinimumThreeReplicas,
    // Change review: `ordinal diff` runs these on a change between two versions
    // (feature `change-review`, on by default, off in the docs embed).
    #[cfg(feature = "change-review")]
    &immutable_field_changed::ImmutableFieldChanged,
    #[cfg(feature = "change-review")]
    &scale_down_deletes_claims::ScaleDownDeletesClaims,
    #[cfg(feature = "change-review")]
    &statefulset_renamed_or_removed::StatefulsetRenamedOrRemoved,
    #[cfg(feature = "change-review")]
    &service_port_removed::ServicePortRemoved,
    #[cfg(feature = "change-review")]
    &governing_service_removed::GoverningServiceRemoved,
    #[cfg(feature = "change-review")]
    &service_selector_drops_pods::ServiceSelectorDropsPods,
    #[cfg(feature = "change-review")]
    &publish_not_ready_turned_off::PublishNotReadyTurnedOff,
    #[cfg(feature = "change-review")]
    &cluster_ip_removal_ignored::ClusterIpRemovalIgnored,
];

/// The rule with `id`.
pub fn find(id: &str) -> Option<&'static dyn Rule> {
    RULES.iter().copied().find(|rule| rule.meta().id == id)
}

/// The rules behind the feature `pod-template-rules`, by id, so that a build
/// without them (the docs embed) still accepts a configuration that names one:
/// the setting is kept and has nothing to act on, rather than failing the page.
pub const POD_TEMPLATE_RULE_IDS: &[&str] = &[
    "invalid-affinity",
    "invalid-probe",
    "invalid-topology-spread",
    "invalid-toleration",
    "invalid-resources",
    "topology-annotation-mismatch",
    "probe-port-not-found",
    "probe-port-udp",
    "duplicate-env-var",
    "missing-resources",
    "image-latest-tag",
    "identical-liveness-readiness",
];

/// Whether `id` names a rule of Ordinal, built into this binary or left out
/// of it with its feature.
pub fn is_known(id: &str) -> bool {
    find(id).is_some() || POD_TEMPLATE_RULE_IDS.contains(&id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(feature = "pod-template-rules")]
    #[test]
    fn pod_template_rule_ids_are_registered_rules() {
        for id in POD_TEMPLATE_RULE_IDS {
            assert!(find(id).is_some(), "{id} is not a rule");
        }
        // Every gated module is listed: the registry holds exactly this many more
        // rules with the feature than the list of ungated ones.
        let gated = include_str!("mod.rs").matches("#[cfg(feature = \"pod-template-rules\")]\n    &").count();
        assert_eq!(gated, POD_TEMPLATE_RULE_IDS.len());
    }

    #[test]
    fn ids_are_unique_kebab_case_and_documented() {
        let mut seen = std::collections::HashSet::new();
        for rule in RULES {
            let meta = rule.meta();
            assert!(seen.insert(meta.id), "duplicate id {}", meta.id);
            assert!(
                meta.id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{} is not kebab-case",
                meta.id
            );
            let docs = meta.docs();
            for heading in ["## What it flags", "## Why it matters", "## Example", "## Source"] {
                assert!(docs.contains(heading), "{} docs lack `{heading}`", meta.id);
            }
            assert!(!meta.summary.is_empty());
            assert_eq!(
                meta.docs_url(),
                format!("https://github.com/ordinal-dev/ordinal/blob/main/docs/rules/{}.md", meta.id)
            );
        }
    }
}
