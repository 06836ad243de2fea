use super::paths::{select, Located};
use super::repeats::FirstSeen;
use super::{Context, Reporter, ResourceFacts, Rule};
use crate::validation;

super::declare_rule! {
    /// ## What it flags
    /// Service `spec.ports` entries the API server rejects:
    /// - a port without a `name` when the Service has more than one port;
    /// - a `name` that is not a DNS-1123 label, or that repeats;
    /// - two ports with the same `port` and `protocol` (protocol defaults to `TCP`);
    /// - two ports with the same `nodePort` and `protocol`;
    /// - a string `targetPort` that is not an IANA service name (at most 15
    ///   characters of `a-z`, `0-9` and `-`, with at least one letter and no
    ///   leading, trailing or double hyphen).
    ///
    /// ## Why it matters
    /// The Service is rejected. Port names also become the SRV records of
    /// the governing Service (`_web._tcp.nginx.default.svc`), and a named
    /// `targetPort` must equal a container port's `name`.
    ///
    /// ## Example
    /// ```yaml
    /// ports:
    /// - port: 80            # needs a name: there are two ports
    /// - name: metrics
    ///   port: 9090
    ///   targetPort: Metrics # port names are lowercase
    /// ```
    ///
    /// ## Fix
    /// Name every port when there are several (`http`, `metrics`), keep
    /// names and `port`s unique, and spell named target ports exactly as the
    /// container port's `name`.
    ///
    /// ## Source
    /// pkg/apis/core/validation: `ValidateService` (duplicate `(protocol,
    /// port)` and `(protocol, nodePort)` pairs), `validateServicePort`
    /// (name required when there are several ports, `ValidateDNS1123Label`,
    /// `field.Duplicate` for names), `ValidatePortNumOrName`;
    /// apimachinery `IsValidPortName`.
    pub struct InvalidServicePort {
        id: "invalid-service-port",
        severity: Error,
        summary: "a Service port's name, targetPort or (protocol, port) pair is invalid",
    }
}

impl Rule for InvalidServicePort {
    fn check_resource(&self, _ctx: &Context<'_>, facts: &ResourceFacts<'_>, report: &mut Reporter<'_>) {
        let resource = facts.resource;
        if resource.as_service().is_none() {
            return;
        }
        let ports = select(&resource.root, "spec.ports[]");
        let several = ports.len() > 1;
        let mut names = FirstSeen::new();
        let mut pairs = FirstSeen::new();
        let mut node_ports = FirstSeen::new();
        for port in &ports {
            let field = |key: &str| {
                select(port.node, key).into_iter().next().map(|mut located| {
                    located.path = port.path.join(&located.path);
                    located
                })
            };
            let name = field("name");
            let name_text = name.as_ref().and_then(|name| name.str()).unwrap_or("");
            if name_text.is_empty() && several {
                let span = name.as_ref().map_or(port.node.span(), |name| name.node.span());
                let message =
                    format!("`{}` has no `name`, which is required when a Service has several ports", port.path);
                report.report(span, message).help("name every port, e.g. `name: http`");
            } else if let Some(name) = name.filter(|_| !name_text.is_empty()) {
                let problems = validation::dns1123_label(name_text);
                if !problems.is_empty() {
                    let message =
                        format!("port name `{name_text}` is not a valid DNS-1123 label: {}", problems.join("; "));
                    let help =
                        "use at most 63 lowercase letters, digits and '-', starting and ending with a letter or digit";
                    report.report(name.node.span(), message).help(help);
                } else {
                    duplicate(&mut names, name_text.to_string(), name, "port name", None, report);
                }
            }
            let protocol = field("protocol").and_then(|p| p.str().map(str::to_string)).unwrap_or_else(|| "TCP".into());
            if let Some(number) = field("port").filter(|port| port.int().is_some()) {
                let key = (protocol.clone(), number.int().unwrap_or_default());
                duplicate(&mut pairs, key, number, "port", Some(&protocol), report);
            }
            if let Some(node_port) = field("nodePort").filter(|port| port.int().is_some_and(|value| value != 0)) {
                let key = (protocol.clone(), node_port.int().unwrap_or_default());
                duplicate(&mut node_ports, key, node_port, "nodePort", Some(&protocol), report);
            }
            if let Some(target) = field("targetPort") {
                // An empty targetPort defaults to `port`.
                if let Some(text) = target.str().filter(|text| !text.is_empty()) {
                    let problems = validation::port_name(text);
                    if !problems.is_empty() {
                        let message = format!(
                            "`{}` `{text}` is neither a port number nor a valid port name: {}",
                            target.path,
                            problems.join("; ")
                        );
                        let help = "use a container port number, or the `name` of a container port (at most 15 lowercase letters, digits and single hyphens, with at least one letter)";
                        report.report(target.node.span(), message).help(help);
                    }
                }
            }
        }
    }
}

/// Record `key`; when it was seen before, report this occurrence.
fn duplicate<'a, K: std::hash::Hash + Eq>(
    seen: &mut FirstSeen<K, Located<'a>>,
    key: K,
    located: Located<'a>,
    what: &str,
    protocol: Option<&str>,
    report: &mut Reporter<'_>,
) {
    if let Some((first, located)) = seen.repeat_of(key, located) {
        let shown = located.int().map_or_else(|| located.str().unwrap_or_default().to_string(), |n| n.to_string());
        let protocol = protocol.map_or_else(String::new, |protocol| format!(" ({protocol})"));
        report
            .report(
                located.node.span(),
                format!("duplicate {what} `{shown}`{protocol}: `{}` repeats `{}`", located.path, first.path),
            )
            .help(format!("give each Service port a unique {what}"))
            .label(first.node.span(), "first used here");
    }
}
