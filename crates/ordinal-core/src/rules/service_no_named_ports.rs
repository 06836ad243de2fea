use super::{support, LinkedFacts, Reporter, Rule, Workspace};
use crate::parse::PathSegment::Key;

super::declare_rule! {
    /// ## What it flags
    /// A headless governing Service that selects the StatefulSet's pods but
    /// has no named port: `ports` is absent or empty, or its only port has
    /// no `name`.
    ///
    /// ## Why it matters
    /// Cluster DNS publishes SRV records
    /// (`_web._tcp.nginx.default.svc.cluster.local`, one answer per ready
    /// pod, pointing at `web-0.nginx...`) only for named ports. Clients that
    /// discover peers and ports through SRV lookups (etcd's
    /// `--discovery-srv`, `mongodb+srv://`, many service meshes) find nothing.
    ///
    /// This is advice (`info`), not a warning: the per-pod A/AAAA records
    /// work without port names, and most StatefulSets are reached by those.
    /// A Service with several ports must name all of them anyway, which the
    /// API server enforces, so this rule only ever sees zero or one port.
    ///
    /// ## Example
    /// ```yaml
    /// kind: Service
    /// metadata: {name: cassandra}
    /// spec:
    ///   clusterIP: None
    ///   ports:
    ///   - port: 9042            # no name: no _cql._tcp SRV record
    /// ```
    ///
    /// ## Fix
    /// Name the port after its protocol, e.g. `name: cql`.
    ///
    /// ## Source
    /// - Kubernetes DNS-Based Service Discovery specification
    ///   (kubernetes/dns, docs/specification.md), 2.4.2 "SRV Records" for a
    ///   headless Service: one record per ready endpoint with a hostname and
    ///   named port; "Unnamed ports do not have an SRV record."
    /// - Kubernetes docs, "DNS for Services and Pods" (SRV records are
    ///   created for named ports).
    pub struct ServiceNoNamedPorts {
        id: "service-no-named-ports",
        severity: Info,
        summary: "the headless governing Service has no named port, so there are no SRV records",
    }
}

impl Rule for ServiceNoNamedPorts {
    fn links(&self) -> bool {
        true
    }

    fn check_linked(&self, ctx: &Workspace<'_>, facts: &LinkedFacts<'_>, report: &mut Reporter<'_>) {
        if facts.accepted_statefulset().is_none() {
            return;
        }
        // Without a headless Service that selects the pods there are no
        // per-pod records at all; `service-not-headless` and
        // `service-selector-mismatch` report that.
        let Some(service) = support::working_governing_service(ctx, facts) else { return };
        let Some(svc) = service.as_service() else { return };
        let ports = svc.spec.as_ref().and_then(|spec| spec.ports.as_deref()).unwrap_or_default();
        if ports.iter().any(|port| port.name.as_deref().is_some_and(|name| !name.is_empty())) {
            return;
        }
        let svc_name = service.name.as_deref().unwrap_or("<unnamed>");
        let (span, message, help) = match ports.first() {
            Some(port) => (
                service.span(&[Key("spec"), Key("ports"), crate::parse::PathSegment::Index(0)]),
                format!(
                    "port {} of Service `{svc_name}` has no name, so DNS publishes no SRV records for it",
                    port.port
                ),
                "name the port (e.g. after its protocol) to get `_name._tcp` SRV records",
            ),
            None => (
                service.span(&[Key("spec"), Key("ports")]),
                format!("Service `{svc_name}` has no ports, so DNS publishes no SRV records for it"),
                "list the ports the pods serve, with names, to get `_name._tcp` SRV records",
            ),
        };
        report.report_on(service, span, message).help(help);
    }
}
