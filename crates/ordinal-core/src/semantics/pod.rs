//! Pod template defaults.

use std::collections::BTreeMap;

use super::selector::requirement_matches;
use crate::model::kube::PodAffinityTerm;

/// The only `restartPolicy` a StatefulSet's pods may have, and the default.
/// Source: `pkg/apis/core/v1/defaults.go` `SetDefaults_PodSpec` (an empty
/// `restartPolicy` becomes `Always`) and `pkg/apis/apps/validation`
/// `ValidateStatefulSetSpec` (only `Always` is supported).
pub const RESTART_POLICY_ALWAYS: &str = "Always";

/// `restartPolicy` after defaulting: an empty or missing value is `Always`.
/// Source: `pkg/apis/core/v1/defaults.go` `SetDefaults_PodSpec`.
pub fn restart_policy(written: Option<&str>) -> &str {
    match written {
        None | Some("") => RESTART_POLICY_ALWAYS,
        Some(policy) => policy,
    }
}

/// The label the API server sets on every Namespace to its name, so a
/// `namespaceSelector` can name namespaces.
/// Source: pkg/apis/core/v1/defaults.go `SetDefaults_Namespace`.
pub const NAMESPACE_NAME_LABEL: &str = "kubernetes.io/metadata.name";

/// Whether a pod (anti-)affinity term counts the pods of `namespace`, the
/// namespace of the pod that carries it: `Some(true)` or `Some(false)`, or
/// `None` when that depends on namespace labels the manifests do not show.
/// `namespaces` empty or null with a null `namespaceSelector` means the
/// pod's own namespace; otherwise the term counts the listed namespaces and
/// those the selector matches, and an empty selector (`{}`) matches them all.
/// Source: pkg/scheduler/framework/types.go `getNamespacesFromPodAffinityTerm`
/// and `newAffinityTerm` (`LabelSelectorAsSelector` of the namespace selector);
/// API reference, `PodAffinityTerm` (`namespaces`, `namespaceSelector`).
pub fn affinity_term_counts_namespace(term: &PodAffinityTerm, namespace: &str) -> Option<bool> {
    let namespaces = term.namespaces.as_deref().unwrap_or_default();
    let Some(selector) = term.namespace_selector.as_ref() else {
        return Some(namespaces.is_empty() || namespaces.iter().any(|listed| listed == namespace));
    };
    if namespaces.iter().any(|listed| listed == namespace) {
        return Some(true);
    }
    // Only the name label of a namespace is known; a requirement on it that
    // fails settles it, any other requirement leaves it open.
    let labels = BTreeMap::from([(NAMESPACE_NAME_LABEL.to_string(), namespace.to_string())]);
    let mut other_keys = false;
    for (key, value) in selector.match_labels.iter().flatten() {
        if key != NAMESPACE_NAME_LABEL {
            other_keys = true;
        } else if value != namespace {
            return Some(false);
        }
    }
    for requirement in selector.match_expressions.iter().flatten() {
        if requirement.key != NAMESPACE_NAME_LABEL {
            other_keys = true;
        } else if !requirement_matches(requirement, &labels) {
            return Some(false);
        }
    }
    if other_keys {
        None
    } else {
        Some(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::kube::{LabelSelector, LabelSelectorRequirement};

    #[test]
    fn empty_and_missing_default_to_always() {
        assert_eq!(restart_policy(None), "Always");
        assert_eq!(restart_policy(Some("")), "Always");
        assert_eq!(restart_policy(Some("Never")), "Never");
    }

    fn term(namespaces: Option<&[&str]>, selector: Option<LabelSelector>) -> PodAffinityTerm {
        PodAffinityTerm {
            namespaces: namespaces.map(|list| list.iter().map(|ns| ns.to_string()).collect()),
            namespace_selector: selector,
            ..PodAffinityTerm::default()
        }
    }

    fn match_labels(pairs: &[(&str, &str)]) -> LabelSelector {
        LabelSelector {
            match_labels: Some(pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()),
            match_expressions: None,
        }
    }

    #[test]
    fn affinity_terms_count_their_namespaces() {
        assert_eq!(affinity_term_counts_namespace(&term(None, None), "db"), Some(true));
        assert_eq!(affinity_term_counts_namespace(&term(Some(&[]), None), "db"), Some(true));
        assert_eq!(affinity_term_counts_namespace(&term(Some(&["web"]), None), "db"), Some(false));
        assert_eq!(affinity_term_counts_namespace(&term(Some(&["web", "db"]), None), "db"), Some(true));
        let all = Some(LabelSelector::default());
        assert_eq!(affinity_term_counts_namespace(&term(Some(&["web"]), all), "db"), Some(true));
        let named = |ns| Some(match_labels(&[(NAMESPACE_NAME_LABEL, ns)]));
        assert_eq!(affinity_term_counts_namespace(&term(None, named("db")), "db"), Some(true));
        assert_eq!(affinity_term_counts_namespace(&term(None, named("web")), "db"), Some(false));
        let team = Some(match_labels(&[("team", "data")]));
        assert_eq!(affinity_term_counts_namespace(&term(None, team), "db"), None);
        let not_in = Some(LabelSelector {
            match_labels: None,
            match_expressions: Some(vec![LabelSelectorRequirement {
                key: NAMESPACE_NAME_LABEL.into(),
                operator: "NotIn".into(),
                values: Some(vec!["db".into()]),
            }]),
        });
        assert_eq!(affinity_term_counts_namespace(&term(None, not_in), "db"), Some(false));
    }
}
