use crate::model::LabelMap;

use crate::model::kube::{LabelSelector, PodAffinityTerm};

use super::{support, Context, Reporter, ResourceFacts, Rule};
use crate::parse::PathSegment::{self, Index, Key};
use crate::semantics::{pod, selector};

super::declare_rule! {
    /// ## What it flags
    /// A StatefulSet with more than one replica whose pod template has
    /// neither a `podAntiAffinity` term (required or preferred) nor a
    /// `topologySpreadConstraints` entry whose label selector matches the
    /// StatefulSet's own pods. An anti-affinity term counts only the pods of
    /// the namespaces it names: a non-empty `namespaces` list without the
    /// StatefulSet's namespace (and no `namespaceSelector` that may match it)
    /// keeps its replicas apart from other namespaces' pods, not from each
    /// other. An empty or missing list with no `namespaceSelector` means the
    /// pod's own namespace, and `namespaceSelector: {}` means every namespace.
    /// A term or constraint without `labelSelector` selects no pods, so it
    /// spreads nothing.
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
    /// - pkg/scheduler/framework/types.go `getNamespacesFromPodAffinityTerm`
    ///   (no `namespaces` and a nil `namespaceSelector`: the pod's namespace;
    ///   else the listed ones and those the selector matches) and
    ///   pkg/apis/core/v1/defaults.go `SetDefaults_Namespace` (the
    ///   `kubernetes.io/metadata.name` label a selector can name a namespace by).
    /// - staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/helpers.go
    ///   `LabelSelectorAsSelector` (a nil selector is `labels.Nothing()`),
    ///   which the podtopologyspread plugin applies to each constraint.
    /// - kube-linter check `no-anti-affinity` (`minReplicas: 2`); kube-score
    ///   check `statefulset-has-host-podantiaffinity`.
    pub struct MissingAntiAffinity {
        id: "missing-anti-affinity",
        severity: Warning,
        summary: "nothing spreads the replicas across nodes, so all of them may land on one node",
    }
}

impl Rule for MissingAntiAffinity {
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
        // Each term with the path of the `PodAffinityTerm` in the document.
        let mut terms: Vec<(&PodAffinityTerm, Vec<PathSegment<'_>>)> = Vec::new();
        if let Some(anti) = anti_affinity {
            let base = [Key("spec"), Key("template"), Key("spec"), Key("affinity"), Key("podAntiAffinity")];
            let required = Key("requiredDuringSchedulingIgnoredDuringExecution");
            for (index, term) in anti.required_during_scheduling_ignored_during_execution.iter().flatten().enumerate() {
                terms.push((term, [&base[..], &[required, Index(index)]].concat()));
            }
            let preferred = Key("preferredDuringSchedulingIgnoredDuringExecution");
            for (index, weighted) in
                anti.preferred_during_scheduling_ignored_during_execution.iter().flatten().enumerate()
            {
                let path = [&base[..], &[preferred, Index(index), Key("podAffinityTerm")]].concat();
                terms.push((&weighted.pod_affinity_term, path));
            }
        }
        terms.retain(|(term, _)| selects_own(term.label_selector.as_ref()));
        // A namespace selector on labels the manifests do not show may match: it counts.
        let by_anti_affinity =
            terms.iter().any(|(term, _)| pod::affinity_term_counts_namespace(term, &resource.namespace) != Some(false));
        let by_spread = pod
            .topology_spread_constraints
            .iter()
            .flatten()
            .any(|constraint| selects_own(constraint.label_selector.as_ref()));
        if by_anti_affinity || by_spread {
            return;
        }
        // Constraints that select none of the pods (a missing labelSelector
        // matches none) spread nothing, but the message must not deny them.
        let has_spread = pod.topology_spread_constraints.iter().flatten().next().is_some();
        let name = resource.name.as_deref().unwrap_or("<unnamed>");
        let (span, detail) = if let Some((term, path)) = terms.first() {
            let field = if term.namespace_selector.is_some() { "namespaceSelector" } else { "namespaces" };
            let namespaces = [&path[..], &[Key(field)]].concat();
            (
                resource.key_span(&namespaces).cover(resource.span(&namespaces)),
                format!(
                    "its podAntiAffinity terms that select its pods count only pods of other namespaces, not `{}`",
                    resource.namespace
                ),
            )
        } else if let Some(anti) = anti_affinity {
            let anti_path = [Key("spec"), Key("template"), Key("spec"), Key("affinity"), Key("podAntiAffinity")];
            let has_terms = anti.required_during_scheduling_ignored_during_execution.iter().flatten().next().is_some()
                || anti.preferred_during_scheduling_ignored_during_execution.iter().flatten().next().is_some();
            let detail = if has_terms {
                "its podAntiAffinity terms do not select its own pods"
            } else {
                "its podAntiAffinity has no terms"
            };
            (resource.key_span(&anti_path), detail.to_string())
        } else if has_spread {
            (
                resource.key_span(&[Key("spec"), Key("template"), Key("spec"), Key("topologySpreadConstraints")]),
                "its topologySpreadConstraints do not select its own pods".to_string(),
            )
        } else {
            (
                resource.span(&[Key("spec"), Key("replicas")]),
                "it has no podAntiAffinity or topologySpreadConstraints".to_string(),
            )
        };
        let by_selector = terms.first().is_some_and(|(term, _)| term.namespace_selector.is_some());
        let help = if by_selector {
            format!(
                "make `namespaceSelector` match `{}` (`kubernetes.io/metadata.name: {}`), or remove it and `namespaces` to count the pod's own namespace",
                resource.namespace, resource.namespace
            )
        } else if terms.is_empty() && anti_affinity.is_none() && has_spread {
            format!(
                "give a topology spread constraint a `labelSelector` matching {}, or add a podAntiAffinity term with `topologyKey: kubernetes.io/hostname`",
                support::format_labels(labels)
            )
        } else if terms.is_empty() {
            format!(
                "add a podAntiAffinity term with `topologyKey: kubernetes.io/hostname` and a labelSelector matching {}",
                support::format_labels(labels)
            )
        } else {
            format!(
                "add `{}` to `namespaces`, or remove the list: without `namespaces` and `namespaceSelector` a term counts the pod's own namespace",
                resource.namespace
            )
        };
        report
            .report(span, format!("the {replicas} replicas of StatefulSet `{name}` may all land on one node: {detail}"))
            .help(help);
    }
}

/// A pod affinity term or spread constraint selector counts the pods
/// `labels` describes. A missing selector matches no pods.
fn selects(selector: Option<&LabelSelector>, labels: &LabelMap) -> bool {
    selector.is_some_and(|selector| selector::label_selector_matches(selector, labels))
}
