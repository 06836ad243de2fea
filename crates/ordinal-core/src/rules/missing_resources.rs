use super::{support, Context, Reporter, ResourceFacts, Rule};
use crate::parse::PathSegment::Key;

super::declare_rule! {
    /// ## What it flags
    /// A container (or sidecar) of the pod template without a CPU request,
    /// a memory request or a memory limit. A request that is absent but has
    /// a limit counts as set, because the API server defaults a missing
    /// request to the limit.
    ///
    /// ## Why it matters
    /// Without requests the scheduler places the pod as if it needed
    /// nothing, so members end up on nodes that cannot hold them, and the
    /// pod gets the `BestEffort` QoS class: it is the first evicted when the
    /// node runs short of memory. Without a memory limit one member can
    /// exhaust the node's memory and take its neighbours with it. For a
    /// StatefulSet an eviction means a member leaves the cluster and must
    /// catch up again.
    ///
    /// A CPU limit is not required: it throttles a member even when the
    /// node has idle CPU, which slows recovery after a restart.
    /// kube-linter's `unset-cpu-requirements` is satisfied by a request or a
    /// limit (`requirementsType: any`); kube-score also asks for a CPU limit.
    ///
    /// ## Example
    /// ```yaml
    /// containers:
    /// - name: db
    ///   image: postgres:17
    ///   resources:
    ///     requests: {cpu: 500m}     # no memory request or limit
    /// ```
    ///
    /// ## Fix
    /// Set `resources.requests.cpu`, `resources.requests.memory` and
    /// `resources.limits.memory` from the member's measured use.
    ///
    /// ## Source
    /// - Kubernetes docs, "Resource Management for Pods and Containers"
    ///   (a request defaults to the limit when only the limit is set) and
    ///   "Pod Quality of Service Classes".
    /// - kube-linter checks `unset-cpu-requirements` and
    ///   `unset-memory-requirements` (pkg/builtinchecks/yamls);
    ///   kube-score check `container-resources`.
    pub struct MissingResources {
        id: "missing-resources",
        severity: Warning,
        summary: "a container has no CPU request, memory request or memory limit",
    }
}

impl Rule for MissingResources {
    fn check_resource(&self, _ctx: &Context<'_>, facts: &ResourceFacts<'_>, report: &mut Reporter<'_>) {
        let resource = facts.resource;
        if facts.accepted_statefulset().is_none() {
            return;
        }
        for template_container in facts.containers() {
            if template_container.list == support::ContainerList::InitContainers && !template_container.is_sidecar() {
                continue;
            }
            let container = template_container.container;
            let resources = container.resources.as_ref();
            let has = |kind: &str, resource_name: &str| {
                resources
                    .and_then(|r| if kind == "requests" { r.requests.as_ref() } else { r.limits.as_ref() })
                    .is_some_and(|map| map.contains_key(resource_name))
            };
            let mut missing = Vec::new();
            if !has("requests", "cpu") && !has("limits", "cpu") {
                missing.push("CPU request");
            }
            if !has("requests", "memory") && !has("limits", "memory") {
                missing.push("memory request");
            }
            if !has("limits", "memory") {
                missing.push("memory limit");
            }
            if missing.is_empty() {
                continue;
            }
            let span = if resources.is_some() {
                resource.key_span(&template_container.path(&[Key("resources")]))
            } else {
                resource.span(&template_container.path(&[Key("name")]))
            };
            report.report(span, format!("container `{}` has no {}", container.name, join_words(&missing))).help("set `resources.requests.cpu`, `resources.requests.memory` and `resources.limits.memory` from measured use");
        }
    }
}

/// `a`, `a or b`, `a, b or c`.
fn join_words(words: &[&str]) -> String {
    match words.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        Some((last, _)) => (*last).to_string(),
        None => String::new(),
    }
}
