//! What a Service is once the API server has defaulted and validated it.
//!
//! Sources (kubernetes/kubernetes):
//! - `pkg/apis/core/v1/defaults.go` `SetDefaults_Service`: `type`
//!   `ClusterIP`, `sessionAffinity` `None` (and then no
//!   `sessionAffinityConfig`), port `protocol` `TCP`, `targetPort` = `port`
//!   when 0 or empty.
//! - `pkg/registry/core/service/strategy.go` `NormalizeClusterIPs`: on
//!   create, a set `clusterIP` with no `clusterIPs` initialises `clusterIPs`
//!   to `[clusterIP]`; "we don't init singular based on plural because new
//!   client must use both fields".
//! - `pkg/apis/core/validation/validation.go` `ValidateService` (the type
//!   switch forbids a headless NodePort or LoadBalancer, and any cluster IP
//!   on an ExternalName Service), `ValidateServiceClusterIPsRelatedFields`
//!   (`clusterIPs` must be empty when `clusterIP` is not specified, its first
//!   value must match `clusterIP`, `None` must be the first and only value,
//!   every other value an IP) and `isHeadlessService`.

use crate::model::kube::{IntOrString, ServicePort, ServiceSpec};

/// `spec.type` when it is not written (or written empty).
pub const DEFAULT_TYPE: &str = "ClusterIP";
/// `spec.ports[].protocol` when it is not written.
pub const DEFAULT_PROTOCOL: &str = "TCP";
/// `spec.sessionAffinity` when it is not written.
pub const DEFAULT_SESSION_AFFINITY: &str = "None";
/// The `clusterIP` value that asks for a headless Service.
pub const CLUSTER_IP_NONE: &str = "None";

/// `core.AnnotationTopologyMode` (`pkg/apis/core/annotation_key_constants.go`),
/// which turns on Topology Aware Routing.
pub const TOPOLOGY_MODE_ANNOTATION: &str = "service.kubernetes.io/topology-mode";
/// `core.DeprecatedAnnotationTopologyAwareHints`, the older spelling of
/// [`TOPOLOGY_MODE_ANNOTATION`]; `ValidateService` requires the two to agree
/// when both are written.
pub const TOPOLOGY_AWARE_HINTS_ANNOTATION: &str = "service.kubernetes.io/topology-aware-hints";

/// `spec.type` after defaulting (an unknown value is returned as written;
/// `invalid-value` reports it).
pub fn service_type(spec: Option<&ServiceSpec>) -> &str {
    spec.and_then(|spec| spec.type_.as_deref()).filter(|t| !t.is_empty()).unwrap_or(DEFAULT_TYPE)
}

/// `spec.sessionAffinity` after defaulting (an unknown value is returned as
/// written; `invalid-value` reports it).
pub fn session_affinity(spec: Option<&ServiceSpec>) -> &str {
    spec.and_then(|spec| spec.session_affinity.as_deref()).filter(|a| !a.is_empty()).unwrap_or(DEFAULT_SESSION_AFFINITY)
}

/// True when the API server throws `spec.sessionAffinityConfig` away before
/// validating it: `SetDefaults_Service` (`pkg/apis/core/v1/defaults.go`)
/// sets it to nil whenever `sessionAffinity` is `None` after defaulting, so
/// the check in `ValidateService` ("must not be set when session affinity
/// is None") never fires for a manifest sent to the API server.
pub fn drops_session_affinity_config(spec: Option<&ServiceSpec>) -> bool {
    session_affinity(spec) == "None"
}

/// `spec.ports[].protocol` after defaulting.
pub fn protocol(port: &ServicePort) -> &str {
    port.protocol.as_deref().filter(|p| !p.is_empty()).unwrap_or(DEFAULT_PROTOCOL)
}

/// Where a Service port sends traffic on the pods.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetPort<'a> {
    /// A port number.
    Number(i32),
    /// A named container port of the selected pods.
    Name(&'a str),
}

/// `spec.ports[].targetPort` after defaulting: 0, an empty name or no value
/// at all mean `port`.
pub fn target_port(port: &ServicePort) -> TargetPort<'_> {
    match &port.target_port {
        Some(IntOrString::Int(number)) if *number != 0 => TargetPort::Number(*number),
        Some(IntOrString::String(name)) if !name.is_empty() => TargetPort::Name(name),
        _ => TargetPort::Number(port.port),
    }
}

/// `isHeadlessService` on the Service as created: its `clusterIPs` (after
/// `NormalizeClusterIPs` copied a lone `clusterIP` into it) are exactly
/// `["None"]`. Validation uses this, for example to waive `ports`.
pub fn is_headless_service(spec: Option<&ServiceSpec>) -> bool {
    let Some(spec) = spec else { return false };
    match spec.cluster_ips.as_deref() {
        Some([only]) => only == CLUSTER_IP_NONE,
        Some([_, _, ..]) => false,
        Some([]) | None => spec.cluster_ip.as_deref() == Some(CLUSTER_IP_NONE),
    }
}

/// How a Service is addressed, the one verdict lint and explain share.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClusterIpMode<'a> {
    /// No virtual IP: the Service name lists its endpoints and each pod with
    /// a hostname and this subdomain gets its own record.
    Headless,
    /// A virtual IP: the written `clusterIP`, or `None` when the API server allocates one.
    Virtual(Option<&'a str>),
    /// `type: ExternalName`: a DNS alias without cluster IP.
    ExternalName,
    /// The API server rejects the Service, so it never exists.
    Rejected(ClusterIpProblem),
}

/// Why the API server rejects a Service's cluster IP fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClusterIpProblem {
    /// `clusterIPs` without `clusterIP`: on create nothing copies
    /// `clusterIPs[0]` into `clusterIP`, and validation then requires
    /// `clusterIPs` to be empty.
    ClusterIpsWithoutClusterIp,
    /// `clusterIPs[0]` is not `clusterIP`.
    FirstClusterIpMismatch,
    /// `None` with a second value in `clusterIPs`.
    NoneNotAlone,
    /// A `clusterIP` or `clusterIPs` value that is neither `None` (first) nor an IP address.
    NotAnAddress,
    /// A headless `NodePort` or `LoadBalancer` Service (the type is given).
    HeadlessType(HeadlessType),
    /// `clusterIP` or `clusterIPs` on an `ExternalName` Service.
    ExternalNameWithClusterIp,
}

/// A Service type that may not be headless.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeadlessType {
    /// `type: NodePort`.
    NodePort,
    /// `type: LoadBalancer`.
    LoadBalancer,
}

impl HeadlessType {
    /// The type as written.
    pub fn as_str(self) -> &'static str {
        match self {
            HeadlessType::NodePort => "NodePort",
            HeadlessType::LoadBalancer => "LoadBalancer",
        }
    }
}

impl ClusterIpProblem {
    /// The API server's complaint, as a phrase for messages.
    pub fn describe(self) -> String {
        match self {
            ClusterIpProblem::ClusterIpsWithoutClusterIp => {
                "`clusterIPs` must be empty when `clusterIP` is not specified".into()
            }
            ClusterIpProblem::FirstClusterIpMismatch => "the first value of `clusterIPs` must match `clusterIP`".into(),
            ClusterIpProblem::NoneNotAlone => "`None` must be the first and only value of `clusterIPs`".into(),
            ClusterIpProblem::NotAnAddress => "a cluster IP must be `None` or an IP address".into(),
            ClusterIpProblem::HeadlessType(service_type) => {
                format!("a `{}` Service cannot be headless (`clusterIP: None`)", service_type.as_str())
            }
            ClusterIpProblem::ExternalNameWithClusterIp => {
                "an `ExternalName` Service may not set `clusterIP` or `clusterIPs`".into()
            }
        }
    }
}

/// The [`ClusterIpMode`] of a Service, following the API server on create:
/// `NormalizeClusterIPs`, then the checks of `ValidateService` and
/// `ValidateServiceClusterIPsRelatedFields`, the first failing one named.
/// An unknown `type` is read as `ClusterIP` (`invalid-value` reports the type).
pub fn cluster_ip_mode(spec: Option<&ServiceSpec>) -> ClusterIpMode<'_> {
    let cluster_ip = spec.and_then(|spec| spec.cluster_ip.as_deref()).unwrap_or_default();
    let written_ips = spec.and_then(|spec| spec.cluster_ips.as_deref()).unwrap_or_default();
    match service_type(spec) {
        "ExternalName" if !cluster_ip.is_empty() || !written_ips.is_empty() => {
            return ClusterIpMode::Rejected(ClusterIpProblem::ExternalNameWithClusterIp)
        }
        "ExternalName" => return ClusterIpMode::ExternalName,
        _ => {}
    }
    if cluster_ip.is_empty() {
        return match written_ips {
            [] => headless_type_problem(spec).unwrap_or(ClusterIpMode::Virtual(None)),
            [_, ..] => ClusterIpMode::Rejected(ClusterIpProblem::ClusterIpsWithoutClusterIp),
        };
    }
    // `NormalizeClusterIPs`: a lone `clusterIP` becomes `clusterIPs: [clusterIP]`.
    let first = written_ips.first().map_or(cluster_ip, String::as_str);
    let rest = written_ips.get(1..).unwrap_or_default();
    if first != cluster_ip {
        return ClusterIpMode::Rejected(ClusterIpProblem::FirstClusterIpMismatch);
    }
    if first == CLUSTER_IP_NONE && !rest.is_empty() {
        return ClusterIpMode::Rejected(ClusterIpProblem::NoneNotAlone);
    }
    if (first != CLUSTER_IP_NONE && !is_ip_address(first)) || !rest.iter().all(|ip| is_ip_address(ip)) {
        return ClusterIpMode::Rejected(ClusterIpProblem::NotAnAddress);
    }
    if let Some(rejected) = headless_type_problem(spec) {
        return rejected;
    }
    if cluster_ip == CLUSTER_IP_NONE {
        ClusterIpMode::Headless
    } else {
        ClusterIpMode::Virtual(Some(cluster_ip))
    }
}

/// `IsValidIP` (apimachinery `validation/ip.go`), as far as Rust's parser
/// agrees with Go's `netip`: dotted-quad IPv4 or IPv6 text.
pub fn is_ip_address(text: &str) -> bool {
    text.parse::<std::net::IpAddr>().is_ok()
}

/// `IsValidIPForLegacyField` (apimachinery `validation/ip.go`) for
/// `externalIPs`: like [`is_ip_address`], but IPv4 octets may carry leading
/// zeros (`010.0.0.1`, read as decimal), as `netutils.ParseIPSloppy` allows.
pub fn parse_ip_sloppy(text: &str) -> Option<std::net::IpAddr> {
    if let Ok(address) = text.parse::<std::net::IpAddr>() {
        return Some(address);
    }
    let octets: Vec<&str> = text.split('.').collect();
    if octets.len() != 4 || !octets.iter().all(|octet| !octet.is_empty() && octet.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    let mut bytes = [0u8; 4];
    for (byte, octet) in bytes.iter_mut().zip(&octets) {
        *byte = octet.parse().ok()?;
    }
    Some(std::net::IpAddr::from(bytes))
}

/// `ValidateNonSpecialIP` (`pkg/apis/core/validation/validation.go`): the
/// special range `address` is in, as Go's `net.IP` methods define them
/// (IPv4-mapped IPv6 addresses count as IPv4), or `None`.
pub fn special_ip_problem(address: std::net::IpAddr) -> Option<&'static str> {
    use std::net::IpAddr;
    let address = match address {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(IpAddr::V6(v6), IpAddr::V4),
        v4 => v4,
    };
    let (unspecified, loopback, link_local, link_local_multicast) = match address {
        IpAddr::V4(v4) => {
            let [a, b, c, _] = v4.octets();
            (v4.is_unspecified(), a == 127, a == 169 && b == 254, a == 224 && b == 0 && c == 0)
        }
        IpAddr::V6(v6) => {
            let first = v6.segments()[0];
            (v6.is_unspecified(), v6.is_loopback(), first & 0xffc0 == 0xfe80, first & 0xff0f == 0xff02)
        }
    };
    if unspecified {
        Some("unspecified (0.0.0.0, ::)")
    } else if loopback {
        Some("in the loopback range (127.0.0.0/8, ::1/128)")
    } else if link_local {
        Some("in the link-local range (169.254.0.0/16, fe80::/10)")
    } else if link_local_multicast {
        Some("in the link-local multicast range (224.0.0.0/24, ff02::/10)")
    } else {
        None
    }
}

/// `IsValidCIDR` (apimachinery `validation/ip.go`, `netutils.ParseCIDRSloppy`):
/// an address as [`parse_ip_sloppy`] reads it, `/`, and a prefix length of
/// at most 32 (IPv4) or 128 (IPv6) decimal digits.
pub fn is_cidr(text: &str) -> bool {
    let Some((address, length)) = text.split_once('/') else { return false };
    if length.is_empty() || length.len() > 3 || !length.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let Ok(length) = length.parse::<u8>() else { return false };
    match parse_ip_sloppy(address) {
        Some(std::net::IpAddr::V4(_)) => length <= 32,
        Some(std::net::IpAddr::V6(_)) => length <= 128 && address.contains(':'),
        None => false,
    }
}

/// `ValidateService`'s type switch: `NodePort` and `LoadBalancer` may not be headless.
fn headless_type_problem(spec: Option<&ServiceSpec>) -> Option<ClusterIpMode<'static>> {
    let headless_type = match service_type(spec) {
        "NodePort" => HeadlessType::NodePort,
        "LoadBalancer" => HeadlessType::LoadBalancer,
        _ => return None,
    };
    is_headless_service(spec).then_some(ClusterIpMode::Rejected(ClusterIpProblem::HeadlessType(headless_type)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(service_type: Option<&str>, cluster_ip: Option<&str>, cluster_ips: Option<&[&str]>) -> ServiceSpec {
        ServiceSpec {
            type_: service_type.map(Into::into),
            cluster_ip: cluster_ip.map(Into::into),
            cluster_ips: cluster_ips.map(|ips| ips.iter().map(|ip| ip.to_string()).collect()),
            ..ServiceSpec::default()
        }
    }

    fn mode(service_type: Option<&str>, cluster_ip: Option<&str>, cluster_ips: Option<&[&str]>) -> String {
        format!("{:?}", cluster_ip_mode(Some(&spec(service_type, cluster_ip, cluster_ips))))
    }

    #[test]
    fn headless_only_with_cluster_ip_none() {
        assert_eq!(mode(None, Some("None"), None), "Headless");
        assert_eq!(mode(Some("ClusterIP"), Some("None"), Some(&["None"])), "Headless");
        assert_eq!(mode(Some(""), Some("None"), None), "Headless");
    }

    #[test]
    fn cluster_ips_alone_is_rejected_on_create() {
        // NormalizeClusterIPs does not copy clusterIPs[0] into clusterIP, and
        // ValidateServiceClusterIPsRelatedFields then wants clusterIPs empty.
        assert_eq!(mode(None, None, Some(&["None"])), "Rejected(ClusterIpsWithoutClusterIp)");
        assert_eq!(mode(None, Some(""), Some(&["10.0.0.1"])), "Rejected(ClusterIpsWithoutClusterIp)");
        assert!(!matches!(cluster_ip_mode(Some(&spec(None, None, Some(&["None"])))), ClusterIpMode::Headless));
        // isHeadlessService still holds, so validation waives `ports` for it.
        assert!(is_headless_service(Some(&spec(None, None, Some(&["None"])))));
    }

    #[test]
    fn the_two_fields_must_agree() {
        assert_eq!(mode(None, Some("10.0.0.1"), Some(&["None"])), "Rejected(FirstClusterIpMismatch)");
        assert_eq!(mode(None, Some("None"), Some(&["None", "10.0.0.1"])), "Rejected(NoneNotAlone)");
        assert_eq!(mode(None, Some("none"), None), "Rejected(NotAnAddress)");
        assert_eq!(mode(None, Some("10.0.0.1"), Some(&["10.0.0.1", "fd00::1"])), "Virtual(Some(\"10.0.0.1\"))");
    }

    #[test]
    fn type_decides_the_rest() {
        assert_eq!(mode(None, None, None), "Virtual(None)");
        assert_eq!(mode(Some("NodePort"), Some("None"), None), "Rejected(HeadlessType(NodePort))");
        assert_eq!(mode(Some("LoadBalancer"), None, None), "Virtual(None)");
        assert_eq!(mode(Some("ExternalName"), None, None), "ExternalName");
        assert_eq!(mode(Some("ExternalName"), Some("None"), None), "Rejected(ExternalNameWithClusterIp)");
        assert_eq!(mode(Some("clusterIP"), Some("None"), None), "Headless");
    }

    #[test]
    fn external_ips_and_source_ranges_read_as_the_api_server_does() {
        let special = |text: &str| parse_ip_sloppy(text).and_then(special_ip_problem);
        for rejected in [
            "0.0.0.0",
            "::",
            "127.0.0.1",
            "127.9.9.9",
            "::1",
            "169.254.1.1",
            "fe80::1",
            "224.0.0.251",
            "ff02::1",
            "::ffff:127.0.0.1",
        ] {
            assert!(special(rejected).is_some(), "{rejected}");
        }
        for accepted in ["1.2.3.4", "10.0.0.1", "224.0.1.1", "2001:db8::1", "ff05::1"] {
            assert_eq!(special(accepted), None, "{accepted}");
        }
        assert_eq!(parse_ip_sloppy("010.0.0.1"), Some(std::net::IpAddr::from([10, 0, 0, 1])));
        assert_eq!(parse_ip_sloppy("myhost.mydomain"), None);
        for cidr in ["1.2.3.0/24", "5.6.0.0/16", "0.0.0.0/0", "2001:db8::/32", "1.2.3.4/32"] {
            assert!(is_cidr(cidr), "{cidr}");
        }
        for not_cidr in ["1.2.3.4/33", "foo.bar", "1.2.3.4", "", "1.2.3.0/", "2001:db8::/129", "1.2.3.0/+8"] {
            assert!(!is_cidr(not_cidr), "{not_cidr}");
        }
    }

    #[test]
    fn ports_default_as_the_api_server_does() {
        let port = |target_port| ServicePort { port: 80, target_port, ..ServicePort::default() };
        assert_eq!(target_port(&port(None)), TargetPort::Number(80));
        assert_eq!(target_port(&port(Some(IntOrString::Int(0)))), TargetPort::Number(80));
        assert_eq!(target_port(&port(Some(IntOrString::String(String::new())))), TargetPort::Number(80));
        assert_eq!(target_port(&port(Some(IntOrString::String("web".into())))), TargetPort::Name("web"));
        assert_eq!(protocol(&port(None)), "TCP");
    }
}
