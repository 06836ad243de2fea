//! What the API server and the controllers make of a manifest, each fact
//! written once: lint rules and explain both ask here, so they cannot
//! disagree. Every function cites the kubernetes/kubernetes code it follows
//! (file and function); nothing here knows about diagnostics or rendering.
//!
//! - [`kinds`]: the kinds Ordinal types and the API versions that serve them
//!   or no longer do.
//! - [`service`]: Service defaults and [`service::ClusterIpMode`] (headless,
//!   virtual IP, ExternalName, or rejected).
//! - [`statefulset`]: [`statefulset::Effective`], a StatefulSet after the
//!   API server's defaulting.
//! - [`int_or_percent`]: the one reader of `IntOrString` counts and percentages.
//! - [`pod`]: pod template defaults.
//!
//! Selector evaluation lives in [`crate::topology`], the one place that
//! decides which pods a selector matches.

pub mod int_or_percent;
pub mod kinds;
pub mod pod;
pub mod service;
pub mod statefulset;

/// The namespace of an object that names none.
/// Source: `k8s.io/apimachinery/pkg/apis/meta/v1` `NamespaceDefault`; kubectl
/// and the API server's request scoping fill it in for namespaced objects.
pub const DEFAULT_NAMESPACE: &str = "default";

/// The cluster DNS domain unless the cluster configures another.
/// Source: `cmd/kubeadm/app/apis/kubeadm/v1beta4/defaults.go` `DefaultServiceDNSDomain`, the
/// kubelet's `clusterDomain` in every standard setup.
pub const DEFAULT_CLUSTER_DOMAIN: &str = "cluster.local";
