use super::paths::select;
use super::{Context, Reporter, ResourceFacts, Rule};

/// kube-apiserver's default `--service-node-port-range`.
const DEFAULT_RANGE: std::ops::RangeInclusive<i64> = 30000..=32767;

super::declare_rule! {
    /// ## What it flags
    /// A `NodePort` or `LoadBalancer` Service port whose `nodePort` is
    /// outside 30000-32767, the API server's default node port range, and
    /// likewise the `healthCheckNodePort` of a `LoadBalancer` with
    /// `externalTrafficPolicy: Local` (it comes from the same allocator).
    ///
    /// ## Why it matters
    /// The Service node port allocator rejects a port outside the cluster's
    /// range: `provided port is not in the valid range. The range of valid
    /// ports is 30000-32767`. The range is a kube-apiserver flag
    /// (`--service-node-port-range`), so some self-managed clusters accept
    /// other ports; managed clusters generally keep the default, which is
    /// why this is a warning rather than an error.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   type: NodePort
    ///   ports:
    ///   - port: 80
    ///     nodePort: 8080   # outside 30000-32767
    /// ```
    ///
    /// ## Fix
    /// Pick a port from 30000 to 32767, or leave `nodePort` out to have one
    /// allocated. If your cluster uses another range, disable this rule in
    /// `.ordinal.yaml`.
    ///
    /// ## Source
    /// pkg/registry/core/service/portallocator (the node port allocator's
    /// "provided port is not in the valid range" error);
    /// pkg/registry/core/service/storage/alloc.go `updateHealthCheckNodePort`
    /// and `allocHealthCheckNodePort` (a requested health check port is
    /// reserved with the same node port allocation operation as the
    /// `nodePort`s) and
    /// `apiservice.NeedsHealthCheck` (`LoadBalancer` with `Local`); kube-apiserver
    /// `--service-node-port-range` (default `30000-32767`), documented in
    /// the Kubernetes docs, "Service" (type NodePort).
    pub struct NodePortOutOfRange {
        id: "node-port-out-of-range",
        severity: Warning,
        summary: "a `nodePort` or `healthCheckNodePort` is outside the default node port range 30000-32767",
    }
}

impl Rule for NodePortOutOfRange {
    fn check_resource(&self, _ctx: &Context<'_>, facts: &ResourceFacts<'_>, report: &mut Reporter<'_>) {
        let resource = facts.resource;
        if resource.as_service().is_none() {
            return;
        }
        // Only these types allocate node ports; on others `nodePort` is
        // `service-type-conflict`'s finding.
        let service_type = select(&resource.root, "spec.type").first().and_then(|t| t.str());
        if !matches!(service_type, Some("NodePort" | "LoadBalancer")) {
            return;
        }
        for node_port in select(&resource.root, "spec.ports[].nodePort") {
            let Some(value) = node_port.int() else { continue };
            // 0 asks for an allocated port; beyond 65535 is `invalid-value`'s.
            if value == 0 || DEFAULT_RANGE.contains(&value) || !(1..=65535).contains(&value) {
                continue;
            }
            report.report(node_port.node.span(), format!("`{}` is {value}, outside the default node port range 30000-32767", node_port.path)).help("pick a port from 30000 to 32767 or leave `nodePort` out to have one allocated (unless the cluster sets another `--service-node-port-range`)");
        }
        // On other Services a `healthCheckNodePort` is forbidden
        // (`service-type-conflict`), so the range only matters here.
        let external_policy = select(&resource.root, "spec.externalTrafficPolicy").first().and_then(|p| p.str());
        if service_type != Some("LoadBalancer") || external_policy != Some("Local") {
            return;
        }
        for health_check in select(&resource.root, "spec.healthCheckNodePort") {
            let Some(value) = health_check.int() else { continue };
            if value == 0 || DEFAULT_RANGE.contains(&value) || !(1..=65535).contains(&value) {
                continue;
            }
            report.report(health_check.node.span(), format!("`spec.healthCheckNodePort` is {value}, outside the default node port range 30000-32767")).help("pick a port from 30000 to 32767 or leave `healthCheckNodePort` out to have one allocated (unless the cluster sets another `--service-node-port-range`)");
        }
    }
}
