use super::{support, LinkedFacts, Reporter, Rule, Workspace};
use crate::diagnostic::{Applicability, Edit, Fix};
use crate::parse::PathSegment::Key;
use crate::semantics::service::{self, cluster_ip_mode, ClusterIpMode, ClusterIpProblem};
use crate::source::Span;

super::declare_rule! {
    /// ## What it flags
    /// A StatefulSet whose governing Service (`spec.serviceName`) is not
    /// headless: its `clusterIP` is unset (so one is allocated) or an
    /// address, it is a NodePort or LoadBalancer Service, or it is an
    /// ExternalName alias. (A combination the API server rejects, such as
    /// `clusterIPs: [None]` without `clusterIP`, is `service-type-conflict`.)
    ///
    /// ## Why it matters
    /// Cluster DNS publishes per-pod records
    /// (`web-0.nginx.default.svc.cluster.local`) only for pods whose
    /// subdomain names a headless Service. A Service with a cluster IP gets
    /// one virtual-IP record instead, so the pods' stable names never
    /// resolve and peers that find each other by ordinal cannot form a
    /// cluster.
    ///
    /// ## Example
    /// ```yaml
    /// kind: Service
    /// metadata: {name: nginx}
    /// spec:                  # no clusterIP: a virtual IP is allocated
    ///   selector: {app: nginx}
    ///   ports: [{name: web, port: 80}]
    /// ```
    ///
    /// ## Fix
    /// Set `clusterIP: None` on a Service of type ClusterIP (offered as a
    /// unsafe fix when `clusterIP` is absent: clients that use the virtual
    /// IP lose it). `clusterIP` is immutable, so an
    /// existing Service must be deleted and recreated. If clients need a
    /// virtual IP too, keep that Service and add a second, headless one for
    /// `serviceName`.
    ///
    /// ## Source
    /// - Kubernetes docs, "DNS for Services and Pods" (pod A/AAAA records
    ///   exist for a hostname and subdomain only with a headless Service of
    ///   that name in the pod's namespace).
    /// - Kubernetes docs, "StatefulSets" (Limitations: "StatefulSets
    ///   currently require a Headless Service to be responsible for the
    ///   network identity of the Pods").
    /// - `semantics::service::cluster_ip_mode` (pkg/registry/core/service/strategy.go
    ///   `NormalizeClusterIPs` and pkg/apis/core/validation `ValidateService`)
    ///   decides what is headless, for lint and explain alike.
    /// - pkg/apis/core/validation/validation.go, `ValidateServiceUpdate`
    ///   (`spec.clusterIP` is immutable) and `ValidateService` (`None` only
    ///   with type ClusterIP).
    pub struct ServiceNotHeadless {
        id: "service-not-headless",
        severity: Error,
        summary: "the governing Service has a cluster IP, so the pods get no per-pod DNS names",
    }
}

impl Rule for ServiceNotHeadless {
    fn links(&self) -> bool {
        true
    }

    fn check_linked(&self, ctx: &Workspace<'_>, facts: &LinkedFacts<'_>, report: &mut Reporter<'_>) {
        let resource = facts.resource;
        if facts.accepted_statefulset().is_none() {
            return;
        }
        let Some(service) = support::governing_service(ctx, facts) else { return };
        let Some(svc) = service.as_service() else { return };
        let spec = svc.spec.as_ref();
        match cluster_ip_mode(spec) {
            ClusterIpMode::Headless => return,
            // A `clusterIP` that is no address is still a Service with a
            // cluster IP in the author's mind; `invalid-value` reports the
            // value and this rule the missing headless mode. Every other
            // rejected combination is `service-type-conflict`'s.
            ClusterIpMode::Rejected(problem) if problem != ClusterIpProblem::NotAnAddress => return,
            ClusterIpMode::Rejected(_) | ClusterIpMode::Virtual(_) | ClusterIpMode::ExternalName => {}
        }
        let service_type = service::service_type(spec);
        let cluster_ip = spec.and_then(|spec| spec.cluster_ip.as_deref()).filter(|ip| !ip.is_empty());
        let svc_name = service.name.as_deref().unwrap_or("<unnamed>");
        let sts_name = resource.name.as_deref().unwrap_or("<unnamed>");
        let (what, help) = match (service_type, cluster_ip) {
            ("ExternalName", _) => (
                "is an ExternalName Service (a DNS alias)".to_string(),
                "govern the StatefulSet with a headless Service (type ClusterIP, clusterIP: None) that selects its pods",
            ),
            ("NodePort" | "LoadBalancer", _) => (
                format!("is of type {service_type}, which always has a cluster IP"),
                "keep this Service for clients and add a headless Service (clusterIP: None) for `serviceName`",
            ),
            (_, Some(ip)) => (
                format!("has `clusterIP: {ip}`"),
                "set `clusterIP: None`; clusterIP is immutable, so delete and recreate the existing Service",
            ),
            (_, None) => (
                "has no `clusterIP`, so one is allocated".to_string(),
                "set `clusterIP: None`; clusterIP is immutable, so delete and recreate the existing Service",
            ),
        };
        let primary = match cluster_ip {
            Some(_) => service.span(&[Key("spec"), Key("clusterIP")]),
            None if service_type != "ClusterIP" => service.span(&[Key("spec"), Key("type")]),
            None => service.span(&[Key("spec"), Key("clusterIP")]),
        };
        let mut fix = None;
        if cluster_ip.is_none() && service_type == "ClusterIP" {
            let text = ctx.files.get(service.file).map(|file| file.text.as_str()).unwrap_or_default();
            // An empty `clusterIP: ''` counts as absent: replace its value
            // rather than add a second `clusterIP` key (found by
            // tests/properties.rs; fixture tests/fixtures/regressions/).
            let edit = match service.value_span(&[Key("spec"), Key("clusterIP")]) {
                Some(existing) if !existing.is_empty() => Some(Edit { span: existing, replacement: "None".into() }),
                // A null value (`clusterIP:`) has an empty span at the end of
                // its key: insert after the colon on that line.
                Some(existing) => text.get(existing.start..).and_then(|rest| {
                    let line = rest.split(['\n', '\r']).next().unwrap_or_default();
                    let colon = existing.start + line.find(':')? + 1;
                    Some(Edit { span: Span::empty(colon), replacement: " None".into() })
                }),
                None => support::insert_first_entry(text, service, &[Key("spec")], "clusterIP: None"),
            };
            if let Some(edit) = edit {
                fix = Some(Fix::new(
                    Applicability::Unsafe,
                    "add `clusterIP: None` (recreate the Service if it already exists)",
                    vec![edit],
                ));
            }
        }
        report
            .report_on(
                service,
                primary,
                format!("Service `{svc_name}` governs StatefulSet `{sts_name}` but is not headless: it {what}"),
            )
            .help(help)
            .label_in(
                resource.file,
                resource.span(&[Key("spec"), Key("serviceName")]),
                format!("StatefulSet `{sts_name}` names it here"),
            )
            .fix_if_any(fix);
    }
}
