use std::collections::BTreeMap;

use crate::model::kube::LabelSelector;

use super::{support, Context, Reporter, ResourceFacts, Rule, RuleMeta};
use crate::parse::PathSegment::Key;
use crate::semantics::selector;

super::declare_rule! {
    /// ## What it flags
    /// A StatefulSet with more than one replica whose pod template has
    /// neither a `podAntiAffinity` term (required or preferred) nor a
    /// `topologySpreadConstraints` entry whose label selector matches the
    /// StatefulSet's own pods.
    ///
    /// ## Why it matters
    /// Without either, the scheduler is free to put every replica on the
    /// same node (it only spreads pods of a Service or StatefulSet by
    /// default as a low-weight score, which resource fit easily outweighs).
    /// One node failure or drain then takes down every member at once, and
    /// a replicated database or quorum loses all its copies together.
    ///
    /// ## Example
    /// ```yaml
    /// kind: StatefulSet
    /// spec:
    ///   replicas: 3
    ///   template:
    ///     metadata: {labels: {app: zk}}
    ///     spec:
    ///       containers: [...]          # no affinity, no topologySpreadConstraints
    /// ```
    ///
    /// ## Fix
    /// Add a `podAntiAffinity` term (preferred, or required if there are
    /// enough nodes) with `topologyKey: kubernetes.io/hostname` and a
    /// `labelSelector` matching the pod labels, or a
    /// `topologySpreadConstraints` entry with such a `labelSelector`.
    ///
    /// ## Source
    /// - Kubernetes docs, "Assigning Pods to Nodes" (Inter-pod affinity and
    ///   anti-affinity) and "Pod Topology Spread Constraints" (the built-in
    ///   default constraints are only a soft `ScheduleAnyway` preference).
    /// - kube-linter check `no-anti-affinity` (`minReplicas: 2`); kube-score
    ///   check `statefulset-has-host-podantiaffinity`.
    pub struct MissingAntiAffinity {
        id: "missing-anti-affinity",
        severity: Warning,
        summary: "nothing spreads the replicas across nodes, so all of them may land on one node",
    }
}

impl Rule for MissingAntiAffinity {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_resource(&self, _ctx: &Context<'_>, facts: &ResourceFacts<'_>, report: &mut Reporter<'_>) {
        let resource = facts.resource;
        let Some(sts) = facts.accepted_statefulset() else { return };
        let Some(replicas) = facts.effective().map(|effective| effective.replicas) else { return };
        if replicas < 2 {
            return;
        }
        let labels = facts.template_labels();
        let Some(pod) = sts.spec.template.spec.as_ref() else { return };
        let selects_own = |selector: Option<&LabelSelector>| selects(selector, labels);
        let anti_affinity = pod.affinity.as_ref().and_then(|affinity| affinity.pod_anti_affinity.as_ref());
        let by_anti_affinity = anti_affinity.is_some_and(|anti| {
            let required = anti
                .required_during_scheduling_ignored_during_execution
                .iter()
                .flatten()
                .any(|term| selects_own(term.label_selector.as_ref()));
            let preferred = anti
                .preferred_during_scheduling_ignored_during_execution
                .iter()
                .flatten()
                .any(|weighted| selects_own(weighted.pod_affinity_term.label_selector.as_ref()));
            required || preferred
        });
        let by_spread = pod
            .topology_spread_constraints
            .iter()
            .flatten()
            .any(|constraint| selects_own(constraint.label_selector.as_ref()));
        if by_anti_affinity || by_spread {
            return;
        }
        let name = resource.name.as_deref().unwrap_or("<unnamed>");
        let (span, detail) = if anti_affinity.is_some() {
            (
                resource.key_span(&[
                    Key("spec"),
                    Key("template"),
                    Key("spec"),
                    Key("affinity"),
                    Key("podAntiAffinity"),
                ]),
                "its podAntiAffinity terms do not select its own pods",
            )
        } else {
            (resource.span(&[Key("spec"), Key("replicas")]), "it has no podAntiAffinity or topologySpreadConstraints")
        };
        report
            .report(span, format!("the {replicas} replicas of StatefulSet `{name}` may all land on one node: {detail}"))
            .help(format!(
                "add a podAntiAffinity term with `topologyKey: kubernetes.io/hostname` and a labelSelector matching {}",
                support::format_labels(labels)
            ));
    }
}

/// A pod affinity term or spread constraint selector counts the pods
/// `labels` describes. A missing selector matches no pods.
fn selects(selector: Option<&LabelSelector>, labels: &BTreeMap<String, String>) -> bool {
    selector.is_some_and(|selector| selector::label_selector_matches(selector, labels))
}
