use super::paths::{is_non_empty, select};
use super::{Context, Reporter, ResourceFacts, Rule};
use crate::model::Resource;
use crate::parse::PathSegment::Key;
use crate::semantics::service::{self, cluster_ip_mode, ClusterIpMode, ClusterIpProblem};
use crate::source::Span;
use crate::validation;

super::declare_rule! {
    /// ## What it flags
    /// Service fields that contradict its `type` (default `ClusterIP`) or its
    /// headless mode (`clusterIP: None`):
    /// - `clusterIP: None` with `type: NodePort` or `LoadBalancer`;
    /// - `clusterIPs` that disagree with `clusterIP`: written without
    ///   `clusterIP` (on create the API server does not fill `clusterIP` in
    ///   from `clusterIPs`, so `clusterIPs: [None]` alone is rejected, not
    ///   headless), a first value other than `clusterIP`, or `None` beside
    ///   another value;
    /// - a `nodePort` with `type: ClusterIP`;
    /// - `type: ExternalName` without a valid `externalName` (a DNS-1123
    ///   subdomain, optionally ending in `.`), or with `clusterIP`,
    ///   `clusterIPs`, `ipFamilies` or `ipFamilyPolicy`;
    /// - no `ports` on a Service that is neither headless nor `ExternalName`;
    /// - `externalTrafficPolicy` on a Service that is not externally
    ///   reachable (`ClusterIP` without `externalIPs`, or `ExternalName`);
    /// - `allocateLoadBalancerNodePorts`, `loadBalancerClass` or
    ///   `loadBalancerSourceRanges` on a Service that is not a `LoadBalancer`;
    /// - `healthCheckNodePort` without `type: LoadBalancer` and
    ///   `externalTrafficPolicy: Local`.
    ///
    /// (`sessionAffinityConfig` beside `sessionAffinity: None` is not
    /// rejected: defaulting drops it; see `session-affinity-config-ignored`.)
    ///
    /// ## Why it matters
    /// The API server rejects the Service. A StatefulSet's governing Service
    /// must be headless `ClusterIP`, so `clusterIP: None` together with
    /// `type: NodePort` is a frequent mix-up of two Services in one.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   type: NodePort
    ///   clusterIP: None   # a headless Service has no node ports
    /// ```
    ///
    /// ## Fix
    /// Split the roles: a headless `ClusterIP` Service for the StatefulSet's
    /// pod DNS names, and a separate `NodePort` or `LoadBalancer` Service for
    /// outside traffic. Remove fields that only apply to other types.
    ///
    /// ## Source
    /// pkg/registry/core/service/strategy.go `NormalizeClusterIPs` (on
    /// create only a lone `clusterIP` is copied into `clusterIPs`);
    /// pkg/apis/core/validation `ValidateServiceClusterIPsRelatedFields`
    /// (`clusterIPs` must be empty when `clusterIP` is not specified, its
    /// first value must match, `None` first and only), `isHeadlessService`,
    /// `ValidateService` (type switch, ports
    /// required, `nodePort` forbidden for `ClusterIP`,
    /// `allocateLoadBalancerNodePorts`, source ranges),
    /// `validateLoadBalancerClassField`, `validateServiceExternalTrafficPolicy`
    /// (`apiservice.ExternallyAccessible`, `NeedsHealthCheck`).
    pub struct ServiceTypeConflict {
        id: "service-type-conflict",
        severity: Error,
        summary: "a Service field contradicts its `type` or headless mode",
    }
}

impl Rule for ServiceTypeConflict {
    fn check_resource(&self, _ctx: &Context<'_>, facts: &ResourceFacts<'_>, report: &mut Reporter<'_>) {
        let resource = facts.resource;
        let Some(svc) = resource.as_service() else { return };
        let spec = svc.spec.as_ref();
        let root = &resource.root;
        let text = |path: &str| select(root, path).first().and_then(|located| located.str().map(str::to_string));
        let set = |path: &str| select(root, path).first().is_some_and(|located| is_non_empty(located.node));
        let service_type = service::service_type(spec);
        if !validation::SERVICE_TYPE.accepts(service_type) {
            return; // `invalid-value` reports the type.
        }
        if let ClusterIpMode::Rejected(problem) = cluster_ip_mode(spec) {
            if let Some(help) = cluster_ip_help(problem) {
                let span = match problem {
                    ClusterIpProblem::HeadlessType(_) if set("spec.clusterIP") => span_of(resource, "spec.clusterIP"),
                    // `ValidateServiceClusterIPsRelatedFields` names `clusterIPs[0]`.
                    ClusterIpProblem::FirstClusterIpMismatch => select(root, "spec.clusterIPs[]")
                        .first()
                        .map_or_else(|| span_of(resource, "spec.clusterIPs"), |first| first.node.span()),
                    _ => span_of(resource, "spec.clusterIPs"),
                };
                report.report(span, problem.describe()).help(help);
            }
        }
        if service_type == "ExternalName" {
            for field in ["clusterIP", "clusterIPs", "ipFamilies", "ipFamilyPolicy"] {
                // An empty `clusterIP` is not copied into `clusterIPs`
                // (`NormalizeClusterIPs`), and only `clusterIPs` is checked.
                let empty_cluster_ip = field == "clusterIP" && text("spec.clusterIP").as_deref() == Some("");
                if set(&format!("spec.{field}")) && !empty_cluster_ip {
                    report
                        .report(
                            span_of(resource, &format!("spec.{field}")),
                            format!("`{field}` may not be set for an `ExternalName` Service"),
                        )
                        .help("remove it: an ExternalName Service is only a DNS CNAME");
                }
            }
            let external_name = text("spec.externalName").unwrap_or_default();
            let cname = external_name.strip_suffix('.').unwrap_or(&external_name);
            if cname.is_empty() {
                report
                    .report(
                        span_of(resource, "spec.externalName"),
                        "an `ExternalName` Service needs `spec.externalName`",
                    )
                    .help("set `externalName` to the DNS name to alias, e.g. `db.example.com`");
            } else if let problems @ [_, ..] = validation::dns1123_subdomain(cname).as_slice() {
                report
                    .report(
                        span_of(resource, "spec.externalName"),
                        format!(
                            "`externalName` `{external_name}` is not a valid DNS-1123 subdomain: {}",
                            problems.join("; ")
                        ),
                    )
                    .help("use a lowercase DNS name such as `db.example.com`");
            }
        }
        if !set("spec.ports") && !service::is_headless_service(spec) && service_type != "ExternalName" {
            report
                .report(
                    span_of(resource, "spec.ports"),
                    "a Service that is not headless needs at least one entry in `spec.ports`",
                )
                .help("add the ports to expose, or set `clusterIP: None` for a headless Service");
        }
        if service_type == "ClusterIP" {
            for node_port in select(root, "spec.ports[].nodePort") {
                if node_port.int().is_some_and(|value| value != 0) {
                    report
                        .report(
                            node_port.node.span(),
                            format!("`{}` may not be used when `type` is `ClusterIP`", node_port.path),
                        )
                        .help("remove `nodePort`, or set `type: NodePort`");
                }
            }
        }
        let externally_accessible = matches!(service_type, "NodePort" | "LoadBalancer")
            || (service_type == "ClusterIP" && set("spec.externalIPs"));
        if set("spec.externalTrafficPolicy") && !externally_accessible {
            report.report(span_of(resource, "spec.externalTrafficPolicy"), "`externalTrafficPolicy` may only be set for externally reachable Services (`NodePort`, `LoadBalancer`, or with `externalIPs`)").help("remove `externalTrafficPolicy` (`internalTrafficPolicy` governs traffic from inside the cluster)");
        }
        if service_type != "LoadBalancer" {
            for field in ["allocateLoadBalancerNodePorts", "loadBalancerClass", "loadBalancerSourceRanges"] {
                if set(&format!("spec.{field}")) {
                    report
                        .report(
                            span_of(resource, &format!("spec.{field}")),
                            format!("`{field}` may only be used when `type` is `LoadBalancer`"),
                        )
                        .help("remove it, or set `type: LoadBalancer`");
                }
            }
        }
        let health_check = select(root, "spec.healthCheckNodePort").first().and_then(|port| port.int()).unwrap_or(0);
        let needs_health_check =
            service_type == "LoadBalancer" && text("spec.externalTrafficPolicy").as_deref() == Some("Local");
        if health_check != 0 && !needs_health_check {
            report.report(span_of(resource, "spec.healthCheckNodePort"), "`healthCheckNodePort` may only be set on a `LoadBalancer` Service with `externalTrafficPolicy: Local`"
                    ).help("remove `healthCheckNodePort`");
        }
    }
}

/// What to do about a rejected cluster IP combination this rule reports;
/// `None` for the ones reported elsewhere (`invalid-value` reports a value
/// that is no address, the `ExternalName` check below each field).
fn cluster_ip_help(problem: ClusterIpProblem) -> Option<&'static str> {
    Some(match problem {
        ClusterIpProblem::HeadlessType(_) => {
            "use a separate headless ClusterIP Service for the StatefulSet, or remove `clusterIP: None`"
        }
        ClusterIpProblem::ClusterIpsWithoutClusterIp => {
            "set `clusterIP` to the first value of `clusterIPs` (`clusterIP: None` for a headless Service): the API server does not copy it from `clusterIPs`"
        }
        ClusterIpProblem::FirstClusterIpMismatch => {
            "make the first value of `clusterIPs` the same as `clusterIP`, or remove `clusterIPs`"
        }
        ClusterIpProblem::NoneNotAlone => "a headless Service has no address: write `clusterIPs: [None]`",
        ClusterIpProblem::NotAnAddress | ClusterIpProblem::ExternalNameWithClusterIp => return None,
    })
}

/// The value at a dotted path, or the deepest key on the way to it.
fn span_of(resource: &Resource, path: &str) -> Span {
    let segments: Vec<_> = path.split('.').map(Key).collect();
    resource.span(&segments)
}
