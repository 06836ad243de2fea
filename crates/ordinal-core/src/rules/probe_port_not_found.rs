use super::support::{ContainerList, TemplateContainer};
use super::{Context, Reporter, ResourceFacts, Rule};
use crate::model::kube::Container;
use crate::parse::PathSegment::{Index, Key};
use crate::semantics::pod::{self, ProbePort};
use crate::semantics::statefulset::PodManagementPolicy;

super::declare_rule! {
    /// ## What it flags
    /// A liveness, readiness or startup probe whose `httpGet.port` or
    /// `tcpSocket.port` is a *name* that no port of the probe's own
    /// container declares (`ports[].name`). A name declared only by another
    /// container of the pod does not count: the kubelet looks in the probe's
    /// container alone.
    ///
    /// A *number* that no container declares is not flagged: `ports` is
    /// informational, the kubelet connects to the number whatever the list
    /// says, and many images listen on ports they do not declare
    /// (kube-linter flags those, see stackrox/kube-linter issue 1086 on why
    /// that is a false positive). `grpc.port` is always a number.
    ///
    /// ## Why it matters
    /// The kubelet cannot turn the name into a port number, so the probe
    /// fails on every attempt without connecting anywhere. A readiness or
    /// startup probe that never passes keeps pod 0 unready, and with the
    /// default `podManagementPolicy: OrderedReady` the controller creates no
    /// further pod: the StatefulSet stays at one unready replica. A failing
    /// liveness (or startup) probe restarts the container until it backs off.
    ///
    /// ## Example
    /// ```yaml
    /// containers:
    ///   - name: db
    ///     ports: [{name: client, containerPort: 5432}]
    ///     readinessProbe:
    ///       tcpSocket: {port: postgres}   # no port of `db` is named postgres
    /// ```
    ///
    /// ## Fix
    /// Use a name from the container's `ports` (or add the port there with
    /// that name), or write the port number.
    ///
    /// ## Source
    /// pkg/probe/util.go `ResolveContainerPort` and `findPortByName` (a
    /// string port is looked up in `container.Ports` by name and fails with
    /// "port %q not found"), called by pkg/kubelet/prober/prober.go for
    /// `httpGet` and `tcpSocket`; the named-port cases of kube-linter's
    /// pkg/templates/livenessport, readinessport and startupport tests
    /// (`tests/fixtures/peers/kube-linter/`).
    pub struct ProbePortNotFound {
        id: "probe-port-not-found",
        severity: Error,
        summary: "a probe's named port is not declared by its container, so the probe can never pass",
    }
}

/// The probe fields, in the order they are reported.
pub(super) const PROBES: [&str; 3] = ["livenessProbe", "readinessProbe", "startupProbe"];

/// The handlers that carry a port.
pub(super) const PORT_HANDLERS: [&str; 3] = ["httpGet", "tcpSocket", "grpc"];

/// Every probe handler of `container` with a port: (probe field, handler
/// field, port).
pub(super) fn probe_ports(container: &Container) -> Vec<(&'static str, &'static str, ProbePort<'_>)> {
    let probes = [&container.liveness_probe, &container.readiness_probe, &container.startup_probe];
    let mut found = Vec::new();
    for (probe_key, probe) in PROBES.into_iter().zip(probes) {
        let Some(probe) = probe else { continue };
        for (handler_key, handler) in PORT_HANDLERS.into_iter().zip([&probe.http_get, &probe.tcp_socket, &probe.grpc]) {
            if let Some(port) = handler.as_ref().and_then(pod::probe_handler_port) {
                found.push((probe_key, handler_key, port));
            }
        }
    }
    found
}

impl Rule for ProbePortNotFound {
    fn check_resource(&self, _ctx: &Context<'_>, facts: &ResourceFacts<'_>, report: &mut Reporter<'_>) {
        let resource = facts.resource;
        if facts.accepted_statefulset().is_none() {
            return;
        }
        let ordered = facts.effective().is_none_or(|e| e.pod_management_policy == PodManagementPolicy::OrderedReady);
        for template_container in facts.containers() {
            // Only containers and sidecars run probes (the API server rejects
            // them on other init containers).
            if template_container.list == ContainerList::InitContainers && !template_container.is_sidecar() {
                continue;
            }
            let container = template_container.container;
            for (probe_key, handler_key, port) in probe_ports(container) {
                let ProbePort::Name(name) = port else { continue };
                if pod::container_port_named(container, name).is_some() {
                    continue;
                }
                let span = resource.span(&template_container.path(&[Key(probe_key), Key(handler_key), Key("port")]));
                let consequence = consequence(probe_key, ordered);
                let mut finding = report
                    .report(
                        span,
                        format!(
                            "`{probe_key}.{handler_key}.port: {name}` names no port of container `{}`, so the probe always fails",
                            container.name
                        ),
                    )
                    .help(format!(
                        "{consequence}; declare `ports: [{{name: {name}, containerPort: <number>}}]` in this container or write the port number"
                    ));
                if let Some((other, index)) = declared_elsewhere(facts.containers(), template_container, name) {
                    finding = finding.label(
                        resource.span(&other.path(&[Key("ports"), Index(index), Key("name")])),
                        format!(
                            "container `{}` declares `{name}`, but the kubelet looks only in the probe's own container",
                            other.container.name
                        ),
                    );
                }
                drop(finding);
            }
        }
    }
}

/// What a probe that never passes does to the StatefulSet.
fn consequence(probe_key: &str, ordered: bool) -> &'static str {
    match (probe_key, ordered) {
        ("livenessProbe", _) => "the kubelet restarts the container after every `failureThreshold` failures, so pod 0 cannot stay Ready",
        (_, true) => "pod 0 never becomes Ready, and with `podManagementPolicy: OrderedReady` the controller creates no further pod",
        (_, false) => "no pod ever becomes Ready, so no Service routes to them and every rolling update stalls",
    }
}

/// Another container of the pod that declares a port named `name`, and
/// that port's index.
fn declared_elsewhere<'c, 'a>(
    all: &'c [TemplateContainer<'a>],
    this: &TemplateContainer<'a>,
    name: &str,
) -> Option<(&'c TemplateContainer<'a>, usize)> {
    all.iter().filter(|other| (other.list, other.index) != (this.list, this.index)).find_map(|other| {
        let ports = other.container.ports.as_deref()?;
        Some((other, ports.iter().position(|port| port.name.as_deref() == Some(name))?))
    })
}
