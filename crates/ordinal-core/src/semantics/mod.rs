//! What the API server and the controllers make of a manifest, each fact
//! written once: lint rules and explain both ask here, so they cannot
//! disagree. Every function cites the kubernetes/kubernetes code it follows
//! (file and function); nothing here knows about diagnostics or rendering.
//!
//! - [`service`]: Service defaults and [`service::ClusterIpMode`] (headless,
//!   virtual IP, ExternalName, or rejected).
//! - [`statefulset`]: [`statefulset::Effective`], a StatefulSet after the
//!   API server's defaulting.
//! - [`int_or_percent`]: the one reader of `IntOrString` counts and percentages.
//! - [`pod`]: pod template defaults.
//! - [`autoscaling`]: what a HorizontalPodAutoscaler or KEDA ScaledObject
//!   scales and its replica bounds.
//! - [`workload`]: the labels controllers add to the pods of each workload kind.
//! - [`selector`]: label selector evaluation, the one place that decides
//!   which pods a selector matches.
//!
//! The kinds Ordinal types live below the model, in [`crate::kinds`], since
//! the schema and the model need them too.

pub mod autoscaling;
pub mod int_or_percent;
pub mod pod;
pub mod selector;
pub mod service;
pub mod statefulset;
pub mod workload;

/// The namespace of an object that names none.
/// Source: `k8s.io/apimachinery/pkg/apis/meta/v1` `NamespaceDefault`; kubectl
/// and the API server's request scoping fill it in for namespaced objects.
pub const DEFAULT_NAMESPACE: &str = "default";

/// The cluster DNS domain unless the cluster configures another.
/// Source: `cmd/kubeadm/app/apis/kubeadm/v1beta4/defaults.go` `DefaultServiceDNSDomain`, the
/// kubelet's `clusterDomain` in every standard setup.
pub const DEFAULT_CLUSTER_DOMAIN: &str = "cluster.local";
