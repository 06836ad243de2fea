//! The typed projection of the Kubernetes API that the rules and the
//! explanation read.
//!
//! Field names, optionality and Rust names mirror k8s-openapi (the
//! `apps/v1`, `core/v1`, `policy/v1` and `meta/v1` types of Kubernetes
//! 1.37), so code reads the same as it would against k8s-openapi, but only
//! the fields Ordinal reasons about are kept. Why not k8s-openapi itself:
//! its deserializers for StatefulSet, Service, PDB and PVC cost about 100 KB
//! of gzipped WASM (the docs embed's whole budget is 250 KB) and build every
//! field of a pod template, through an intermediate JSON copy, for every
//! document. k8s-openapi stays the authority: `cargo xtask gen-schema`
//! generates the field table of [`crate::schema`] from it, that table
//! checks every field of the document, and `tests/model_mirror.rs` checks
//! these types against k8s-openapi's own deserializers.

mod apps;
mod core;
mod meta;
mod policy;
mod read;
mod workloads;

pub use self::apps::{
    RollingUpdateStatefulSetStrategy, StatefulSet, StatefulSetOrdinals,
    StatefulSetPersistentVolumeClaimRetentionPolicy, StatefulSetSpec, StatefulSetUpdateStrategy,
};
pub use self::core::{
    Affinity, Container, ContainerPort, EnvVar, PersistentVolumeClaim, PersistentVolumeClaimSpec, PodAffinityTerm,
    PodAntiAffinity, PodSpec, PodTemplateSpec, Probe, ResourceRequirements, Service, ServicePort, ServiceSpec,
    TopologySpreadConstraint, Volume, VolumeDevice, VolumeMount, VolumeResourceRequirements, WeightedPodAffinityTerm,
};
pub use self::meta::{IntOrString, LabelSelector, LabelSelectorRequirement, ObjectMeta, Quantity};
pub use self::policy::{PodDisruptionBudget, PodDisruptionBudgetSpec};
pub use self::read::FromNode;
pub use self::workloads::{
    CrossVersionObjectReference, HorizontalPodAutoscaler, HorizontalPodAutoscalerSpec, JobSpecMeta, JobTemplateMeta,
    PodTemplateMeta, ScaledObject, ScaledObjectSpec, Workload, WorkloadSpec,
};
