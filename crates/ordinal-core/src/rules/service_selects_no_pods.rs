use super::{support, LinkedFacts, Reporter, Rule, Workspace};
use crate::parse::PathSegment::Key;
use crate::semantics::statefulset::{POD_INDEX_LABEL, POD_NAME_LABEL};

super::declare_rule! {
    /// ## What it flags
    /// A Service with a selector that selects no pod of any workload among
    /// the linted files in its namespace: not the pod template of a
    /// StatefulSet, Deployment, DaemonSet, ReplicaSet, ReplicationController,
    /// Job or CronJob, nor the labels of a bare Pod. The pods of a
    /// StatefulSet also carry the two labels its controller sets on each
    /// pod, `statefulset.kubernetes.io/pod-name: <name>-<ordinal>` and
    /// `apps.kubernetes.io/pod-index: <ordinal>`, so a per-pod Service for
    /// `web-1` of a 3-replica StatefulSet `web` selects a pod and one for
    /// `web-3` does not (an autoscaler's `maxReplicas` counts as replicas).
    /// A Job's pods also carry `job-name` and `batch.kubernetes.io/job-name`
    /// with the Job's name; a selector on a label whose value only the
    /// cluster knows (`pod-template-hash`, `controller-revision-hash`, a
    /// controller UID, a CronJob's Job names) is taken to match.
    ///
    /// The rule stays silent when the files hold no workload at all (linting
    /// a file of Services alone says nothing about their pods), for
    /// `ExternalName` Services and Services without a selector (their
    /// endpoints are written by hand), for the governing Service of a
    /// StatefulSet, which `service-selector-mismatch` checks against that
    /// StatefulSet's pods, and for a Service whose pods run in the namespace
    /// of a StatefulSet that names it in `serviceName` (`service-not-found`
    /// reports that StatefulSet).
    ///
    /// ## Why it matters
    /// The EndpointSlice controller lists the pods the selector matches in
    /// the Service's namespace. With none, the Service has no endpoints:
    /// connections to its virtual IP are refused and its DNS name resolves
    /// to nothing useful (a headless Service's name to no address), usually
    /// because of a label typo, a Service in the wrong namespace, or a
    /// per-pod Service left behind after scaling down.
    ///
    /// ## Example
    /// ```yaml
    /// kind: Service
    /// metadata: {name: web-3}
    /// spec:
    ///   selector: {statefulset.kubernetes.io/pod-name: web-3}
    /// ---
    /// kind: StatefulSet
    /// metadata: {name: web}
    /// spec:
    ///   replicas: 3            # pods web-0, web-1, web-2
    /// ```
    ///
    /// ## Fix
    /// Make the selector a subset of the pod labels of the workload it is
    /// for, move the Service into that workload's namespace, or delete the
    /// leftover Service. If its pods come from something Ordinal does not
    /// read (an operator's custom resource), disable the rule for it with a
    /// suppression comment.
    ///
    /// ## Source
    /// - pkg/controller/endpointslice/endpointslice_controller.go
    ///   (`syncService`: pods are listed in `service.Namespace` with
    ///   `labels.Set(service.Spec.Selector).AsSelectorPreValidated()`).
    /// - pkg/controller/statefulset/stateful_set_utils.go (`updateIdentity`
    ///   sets `statefulset.kubernetes.io/pod-name` and
    ///   `apps.kubernetes.io/pod-index` on each pod; `getPodName` is
    ///   `<set>-<ordinal>`); pkg/registry/batch/job/strategy.go
    ///   `generateSelector` (the Job name labels); see `semantics::workload`.
    /// - kube-linter check `dangling-service` (pkg/templates/danglingservice,
    ///   and issue 179 on StatefulSets' per-pod labels); kube-score check
    ///   `service-targets-pod` (score/service/service.go).
    pub struct ServiceSelectsNoPods {
        id: "service-selects-no-pods",
        severity: Warning,
        summary: "the Service's selector selects no pod of the linted workloads",
    }
}

impl Rule for ServiceSelectsNoPods {
    fn links(&self) -> bool {
        true
    }

    fn check_linked(&self, ctx: &Workspace<'_>, facts: &LinkedFacts<'_>, report: &mut Reporter<'_>) {
        if ctx.topology.workloads == 0 {
            return;
        }
        let Some(dangling) = ctx.topology.dangling_service(facts.index) else { return };
        // `service-selector-mismatch` judges a governing Service against its StatefulSet's pods.
        if dangling.governs.is_some() {
            return;
        }
        let resource = facts.resource;
        let Some(selector) = resource.as_service().and_then(|svc| svc.spec.as_ref()?.selector.as_ref()) else {
            return;
        };
        let name = resource.name.as_deref().unwrap_or("<unnamed>");
        let namespace = &resource.namespace;
        let selector_text = support::format_labels(selector);
        if let Some((sts_index, ordinals)) = &dangling.statefulset {
            let Some(sts) = ctx.resources.get(*sts_index).copied() else { return };
            let sts_name = sts.name.as_deref().unwrap_or("<unnamed>");
            let key = if selector.contains_key(POD_NAME_LABEL) { POD_NAME_LABEL } else { POD_INDEX_LABEL };
            let value = selector.get(key).map(String::as_str).unwrap_or_default();
            let pods = match (ordinals.start, ordinals.end) {
                (_, _) if ordinals.is_empty() => "no pods".to_string(),
                (first, end) if end - first == 1 => format!("only pod `{sts_name}-{first}`"),
                (first, end) => format!("pods `{sts_name}-{first}` to `{sts_name}-{}`", end - 1),
            };
            report
                .report(
                    resource.span(&[Key("spec"), Key("selector"), Key(key)]),
                    format!(
                        "Service `{name}` selects no pod: `{key}: {value}` names no pod of StatefulSet `{sts_name}`, which has {pods}"
                    ),
                )
                .help(format!(
                    "select a pod that exists, raise the replicas of `{sts_name}`, or delete this Service if it was left behind by a scale-down"
                ))
                .label_in(
                    sts.file,
                    sts.key_span(&[Key("spec"), Key("replicas")]),
                    format!("StatefulSet `{sts_name}` has {} replica(s)", ordinals.end - ordinals.start),
                );
            return;
        }
        if let Some(other) = dangling.elsewhere.and_then(|index| ctx.resources.get(index).copied()) {
            // A StatefulSet in another namespace that names this Service: `service-not-found` says so.
            let names_this = other.as_statefulset().and_then(|sts| sts.spec.service_name.as_deref());
            if names_this.is_some_and(|service_name| Some(service_name) == resource.name.as_deref()) {
                return;
            }
            let kind = other.kind.as_deref().unwrap_or("workload");
            let other_name = other.name.as_deref().unwrap_or("<unnamed>");
            report
                .report(
                    resource.span(&[Key("spec"), Key("selector")]),
                    format!(
                        "Service `{name}` selects no pod in namespace `{namespace}`: the pods of {kind} `{other_name}` match its selector but run in namespace `{}`",
                        other.namespace
                    ),
                )
                .help(format!(
                    "a Service selects pods of its own namespace only: put Service `{name}` in namespace `{}` (or the workload in `{namespace}`)",
                    other.namespace
                ))
                .label_in(other.file, other.head_span(), format!("{kind} `{other_name}` in namespace `{}`", other.namespace));
            return;
        }
        report
            .report(
                resource.span(&[Key("spec"), Key("selector")]),
                format!(
                    "Service `{name}` selects no pod: no workload in namespace `{namespace}` among the linted files has pods labelled {selector_text}"
                ),
            )
            .help("make the selector a subset of the pod template labels of the workload the Service is for, or delete the Service; if its pods come from a workload Ordinal does not read, suppress this finding");
    }
}
