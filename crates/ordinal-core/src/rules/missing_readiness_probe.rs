use super::{support, Context, Reporter, ResourceFacts, Rule};
use crate::parse::PathSegment::{Index, Key};

super::declare_rule! {
    /// ## What it flags
    /// A StatefulSet with more than one replica, `OrderedReady` pod
    /// management (the default) or `RollingUpdate` updates (the default),
    /// where no container (nor sidecar) of the pod template has a
    /// `readinessProbe`.
    ///
    /// ## Why it matters
    /// With `OrderedReady`, the controller creates `web-1` only once `web-0`
    /// is Running and Ready, and a rolling update replaces the next pod only
    /// once the previous one is Running and Ready again. A container without
    /// a readiness probe is Ready as soon as it has started, so "Ready" just
    /// means "Running": the next member starts, or the next member is taken
    /// down for the update, while the previous one is still joining the
    /// cluster or replaying its log. The ordering then protects nothing.
    ///
    /// ## Example
    /// ```yaml
    /// kind: StatefulSet
    /// spec:
    ///   replicas: 3
    ///   template:
    ///     spec:
    ///       containers:
    ///       - name: db          # no readinessProbe
    /// ```
    ///
    /// ## Fix
    /// Add a `readinessProbe` that succeeds only when the member can serve,
    /// e.g. when it has joined the cluster.
    ///
    /// ## Source
    /// - pkg/controller/statefulset/stateful_set_control.go
    ///   (`updateStatefulSet`: with `OrderedReady` it waits for
    ///   `isRunningAndReady` before creating the next pod; rolling updates
    ///   wait for `isHealthy`) and stateful_set_utils.go (`isRunningAndReady`
    ///   uses the pod's Ready condition).
    /// - Kubernetes docs, "Pod Lifecycle" (Container probes: without a
    ///   readiness probe the container is considered ready once started) and
    ///   "StatefulSets" (Deployment and Scaling Guarantees, Rolling Updates).
    pub struct MissingReadinessProbe {
        id: "missing-readiness-probe",
        severity: Warning,
        summary: "no container has a readiness probe, so ordered startup and rolling updates wait for nothing",
    }
}

impl Rule for MissingReadinessProbe {
    fn check_resource(&self, _ctx: &Context<'_>, facts: &ResourceFacts<'_>, report: &mut Reporter<'_>) {
        let resource = facts.resource;
        if facts.accepted_statefulset().is_none() {
            return;
        }
        let Some(effective) = facts.effective() else { return };
        let (ordered, rolling) = (effective.is_ordered_ready(), effective.is_rolling_update());
        if effective.replicas < 2 || !(ordered || rolling) {
            return;
        }
        let containers = facts.containers();
        let main_count = containers.iter().filter(|c| c.list == support::ContainerList::Containers).count();
        if main_count == 0 {
            return;
        }
        let has_probe = containers.iter().any(|template_container| {
            (template_container.list == support::ContainerList::Containers || template_container.is_sidecar())
                && template_container.container.readiness_probe.is_some()
        });
        if has_probe {
            return;
        }
        let name = resource.name.as_deref().unwrap_or("<unnamed>");
        let consequence = match (ordered, rolling) {
            (true, true) => {
                "the next pod starts, and a rolling update moves on, as soon as the previous one is running"
            }
            (true, false) => "the next pod starts as soon as the previous one is running",
            _ => "a rolling update takes down the next pod as soon as the previous one is running",
        };
        let span = if main_count == 1 {
            resource.span(&[Key("spec"), Key("template"), Key("spec"), Key("containers"), Index(0), Key("name")])
        } else {
            resource.key_span(&[Key("spec"), Key("template"), Key("spec"), Key("containers")])
        };
        report.report(span, format!("no container of StatefulSet `{name}` has a readiness probe, so Ready only means running: {consequence}")).help("add a `readinessProbe` that succeeds only when the member can serve (e.g. has joined the cluster)");
    }
}
