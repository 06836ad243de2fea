//! Pod template defaults (`restartPolicy`, probe fields), how the kubelet
//! and the EndpointSlice controller resolve a named port, and which
//! namespaces a pod affinity term covers.

use serde_json::Value;

use super::selector::requirement_matches;
use crate::model::kube::{Container, ContainerPort, EnvVar, PodAffinityTerm, PodSpec};

/// The only `restartPolicy` a StatefulSet's pods may have, and the default.
/// Source: `pkg/apis/core/v1/defaults.go` `SetDefaults_PodSpec` (an empty
/// `restartPolicy` becomes `Always`) and `pkg/apis/apps/validation`
/// `ValidateStatefulSetSpec` (only `Always` is supported).
pub const RESTART_POLICY_ALWAYS: &str = "Always";

/// `restartPolicy` after defaulting: an empty or missing value is `Always`.
/// Source: `pkg/apis/core/v1/defaults.go` `SetDefaults_PodSpec`.
pub fn restart_policy(written: Option<&str>) -> &str {
    match written {
        None | Some("") => RESTART_POLICY_ALWAYS,
        Some(policy) => policy,
    }
}

/// A probe's numeric field after defaulting: `SetDefaults_Probe` replaces a
/// zero (or missing) `timeoutSeconds` with 1, `periodSeconds` with 10,
/// `successThreshold` with 1 and `failureThreshold` with 3 before
/// validation, so a written `0` is accepted. `initialDelaySeconds` has no
/// default. `None` for a field name that is not one of the five.
/// Source: `pkg/apis/core/v1/defaults.go` `SetDefaults_Probe`.
pub fn probe_field(field: &str, written: Option<i64>) -> Option<i64> {
    let default = match field {
        "initialDelaySeconds" => 0,
        "timeoutSeconds" => 1,
        "periodSeconds" => 10,
        "successThreshold" => 1,
        "failureThreshold" => 3,
        _ => return None,
    };
    Some(match written {
        None | Some(0) => default,
        Some(value) => value,
    })
}

/// The protocol of a container or Service port when none is written.
/// Source: `pkg/apis/core/v1/defaults.go` `SetDefaults_ContainerPort` and
/// `SetDefaults_ServicePort` (an empty `protocol` becomes `TCP`).
pub const DEFAULT_PROTOCOL: &str = "TCP";

/// A port's `protocol` after defaulting.
pub fn protocol(written: Option<&str>) -> &str {
    match written {
        None | Some("") => DEFAULT_PROTOCOL,
        Some(protocol) => protocol,
    }
}

/// A probe handler's `port` as written: `httpGet.port` and
/// `tcpSocket.port` are `IntOrString`, `grpc.port` a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProbePort<'a> {
    /// `port: 8080`.
    Number(i64),
    /// `port: http`, looked up among the container's port names.
    Name(&'a str),
}

/// The `port` of a probe handler (`httpGet`, `tcpSocket` or `grpc`, kept
/// as JSON by the model); `None` when it is missing or neither a number
/// nor a string (the schema rules report that).
pub fn probe_handler_port(handler: &Value) -> Option<ProbePort<'_>> {
    match handler.get("port")? {
        Value::Number(number) => number.as_i64().map(ProbePort::Number),
        Value::String(name) => Some(ProbePort::Name(name)),
        _ => None,
    }
}

/// The port of `container` named `name`, the one a probe's named port
/// resolves to. Only the probe's own container is searched, whatever the
/// protocol, and a name that is not found fails the probe (there is no
/// fallback to reading the name as a number).
/// Source: `pkg/probe/util.go` `ResolveContainerPort` and `findPortByName`,
/// which `pkg/kubelet/prober/prober.go` calls for `httpGet` and `tcpSocket`.
pub fn container_port_named<'a>(container: &'a Container, name: &str) -> Option<&'a ContainerPort> {
    container.ports.iter().flatten().find(|port| port.name.as_deref() == Some(name))
}

/// The container port a Service's named `targetPort` resolves to on a pod
/// of `pod`: the first port with that name *and* the Service port's
/// protocol, among the containers and then the sidecars (init containers
/// with `restartPolicy: Always`). `None` means the EndpointSlice controller
/// leaves the pod out of that Service port.
/// Source: `pkg/api/v1/pod/util.go` `FindPort`, which
/// `pkg/controller/endpointslice` calls for every Service port and pod.
pub fn service_target_port<'a>(pod: &'a PodSpec, name: &str, service_protocol: &str) -> Option<&'a ContainerPort> {
    let sidecars = pod.init_containers.iter().flatten().filter(|init| init.restart_policy.as_deref() == Some("Always"));
    pod.containers
        .iter()
        .chain(sidecars)
        .flat_map(|container| container.ports.iter().flatten())
        .find(|port| port.name.as_deref() == Some(name) && protocol(port.protocol.as_deref()) == service_protocol)
}

/// Whether a repeat of an env var name, `repeat`, draws the API server's
/// "hides previous definition" warning: it does unless the repeat only
/// extends the earlier value through a `$(NAME)` reference (`PATH` =
/// `$(PATH):/opt/bin`). A `valueFrom` repeat, or one that is exactly
/// `$(NAME)`, always does. Kubernetes keeps the last definition (the
/// container runtime gets the list in order), and a client-side or
/// server-side apply may drop one of the two, as both have the same merge key.
/// Source: `pkg/api/pod/warnings.go` `warningsForPodSpecAndMeta`
/// ("duplicate containers[*].env").
pub fn env_repeat_warned(repeat: &EnvVar) -> bool {
    let reference = format!("$({})", repeat.name);
    let value = repeat.value.as_deref().unwrap_or_default();
    repeat.value_from.is_some() || value == reference || !value.contains(&reference)
}

/// The label the API server sets on every Namespace to its name, so a
/// `namespaceSelector` can name namespaces.
/// Source: pkg/apis/core/v1/defaults.go `SetDefaults_Namespace`.
pub const NAMESPACE_NAME_LABEL: &str = "kubernetes.io/metadata.name";

/// Whether a pod (anti-)affinity term counts the pods of `namespace`, the
/// namespace of the pod that carries it: `Some(true)` or `Some(false)`, or
/// `None` when that depends on namespace labels the manifests do not show.
/// `namespaces` empty or null with a null `namespaceSelector` means the
/// pod's own namespace; otherwise the term counts the listed namespaces and
/// those the selector matches, and an empty selector (`{}`) matches them all.
/// Source: pkg/scheduler/framework/types.go `getNamespacesFromPodAffinityTerm`
/// and `newAffinityTerm` (`LabelSelectorAsSelector` of the namespace selector);
/// API reference, `PodAffinityTerm` (`namespaces`, `namespaceSelector`).
pub fn affinity_term_counts_namespace(term: &PodAffinityTerm, namespace: &str) -> Option<bool> {
    let namespaces = term.namespaces.as_deref().unwrap_or_default();
    let Some(selector) = term.namespace_selector.as_ref() else {
        return Some(namespaces.is_empty() || namespaces.iter().any(|listed| listed == namespace));
    };
    if namespaces.iter().any(|listed| listed == namespace) {
        return Some(true);
    }
    // Only the name label of a namespace is known; a requirement on it that
    // fails settles it, any other requirement leaves it open.
    let labels = crate::model::LabelMap::from_iter([(NAMESPACE_NAME_LABEL.to_string(), namespace.to_string())]);
    let mut other_keys = false;
    for (key, value) in selector.match_labels.iter().flatten() {
        if key != NAMESPACE_NAME_LABEL {
            other_keys = true;
        } else if value != namespace {
            return Some(false);
        }
    }
    for requirement in selector.match_expressions.iter().flatten() {
        if requirement.key != NAMESPACE_NAME_LABEL {
            other_keys = true;
        } else if !requirement_matches(requirement, &labels) {
            return Some(false);
        }
    }
    if other_keys {
        None
    } else {
        Some(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::kube::{LabelSelector, LabelSelectorRequirement};

    #[test]
    fn empty_and_missing_default_to_always() {
        assert_eq!(restart_policy(None), "Always");
        assert_eq!(restart_policy(Some("")), "Always");
        assert_eq!(restart_policy(Some("Never")), "Never");
    }

    #[test]
    fn zero_probe_fields_take_their_defaults() {
        assert_eq!(probe_field("successThreshold", Some(0)), Some(1));
        assert_eq!(probe_field("successThreshold", None), Some(1));
        assert_eq!(probe_field("periodSeconds", Some(0)), Some(10));
        assert_eq!(probe_field("timeoutSeconds", None), Some(1));
        assert_eq!(probe_field("failureThreshold", Some(0)), Some(3));
        assert_eq!(probe_field("initialDelaySeconds", None), Some(0));
        assert_eq!(probe_field("failureThreshold", Some(-1)), Some(-1));
        assert_eq!(probe_field("successThreshold", Some(2)), Some(2));
        assert_eq!(probe_field("exec", Some(2)), None);
    }

    fn container(yaml: &str) -> Container {
        let parsed = crate::parse::parse_yaml(yaml, crate::parse::Limits::default());
        let root = parsed.documents.into_iter().find_map(|document| document.root).unwrap();
        crate::model::kube::FromNode::from_node(&root).unwrap()
    }

    #[test]
    fn probe_names_resolve_in_their_own_container_whatever_the_protocol() {
        let app = container(
            "name: app\nports: [{name: http, containerPort: 8080}, {name: dns, containerPort: 53, protocol: UDP}]",
        );
        assert_eq!(container_port_named(&app, "http").map(|port| port.container_port), Some(8080));
        assert_eq!(container_port_named(&app, "dns").map(|port| port.container_port), Some(53));
        assert!(container_port_named(&app, "metrics").is_none());
        assert!(container_port_named(&container("name: bare"), "http").is_none());
    }

    #[test]
    fn probe_ports_are_numbers_or_names() {
        let handler = serde_json::json!({"port": 8080});
        assert_eq!(probe_handler_port(&handler), Some(ProbePort::Number(8080)));
        let handler = serde_json::json!({"port": "http"});
        assert_eq!(probe_handler_port(&handler), Some(ProbePort::Name("http")));
        assert_eq!(probe_handler_port(&serde_json::json!({"path": "/"})), None);
    }

    #[test]
    fn missing_protocol_is_tcp() {
        assert_eq!(protocol(None), "TCP");
        assert_eq!(protocol(Some("")), "TCP");
        assert_eq!(protocol(Some("UDP")), "UDP");
    }

    #[test]
    fn env_repeats_warn_unless_they_extend_the_earlier_value() {
        let env = |value: Option<&str>, value_from: bool| EnvVar {
            name: "PATH".into(),
            value: value.map(str::to_string),
            value_from: value_from.then(|| serde_json::json!({"fieldRef": {"fieldPath": "metadata.name"}})),
        };
        assert!(!env_repeat_warned(&env(Some("$(PATH):/opt/bin"), false)));
        assert!(env_repeat_warned(&env(Some("$(PATH)"), false)));
        assert!(env_repeat_warned(&env(Some("/opt/bin"), false)));
        assert!(env_repeat_warned(&env(None, false)));
        assert!(env_repeat_warned(&env(Some("$(PATH):/opt/bin"), true)));
    }

    fn term(namespaces: Option<&[&str]>, selector: Option<LabelSelector>) -> PodAffinityTerm {
        PodAffinityTerm {
            namespaces: namespaces.map(|list| list.iter().map(|ns| ns.to_string()).collect()),
            namespace_selector: selector,
            ..PodAffinityTerm::default()
        }
    }

    fn match_labels(pairs: &[(&str, &str)]) -> LabelSelector {
        LabelSelector {
            match_labels: Some(pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()),
            match_expressions: None,
        }
    }

    #[test]
    fn affinity_terms_count_their_namespaces() {
        assert_eq!(affinity_term_counts_namespace(&term(None, None), "db"), Some(true));
        assert_eq!(affinity_term_counts_namespace(&term(Some(&[]), None), "db"), Some(true));
        assert_eq!(affinity_term_counts_namespace(&term(Some(&["web"]), None), "db"), Some(false));
        assert_eq!(affinity_term_counts_namespace(&term(Some(&["web", "db"]), None), "db"), Some(true));
        let all = Some(LabelSelector::default());
        assert_eq!(affinity_term_counts_namespace(&term(Some(&["web"]), all), "db"), Some(true));
        let named = |ns| Some(match_labels(&[(NAMESPACE_NAME_LABEL, ns)]));
        assert_eq!(affinity_term_counts_namespace(&term(None, named("db")), "db"), Some(true));
        assert_eq!(affinity_term_counts_namespace(&term(None, named("web")), "db"), Some(false));
        let team = Some(match_labels(&[("team", "data")]));
        assert_eq!(affinity_term_counts_namespace(&term(None, team), "db"), None);
        let not_in = Some(LabelSelector {
            match_labels: None,
            match_expressions: Some(vec![LabelSelectorRequirement {
                key: NAMESPACE_NAME_LABEL.into(),
                operator: "NotIn".into(),
                values: Some(vec!["db".into()]),
            }]),
        });
        assert_eq!(affinity_term_counts_namespace(&term(None, not_in), "db"), Some(false));
    }
}
