use super::invalid_affinity::{field, int_of};
use super::paths::{select, CONTAINER_LISTS};
use super::{Context, Reporter, ResourceFacts, Rule};
use crate::parse::Node;
use crate::semantics::pod;
use crate::validation;

super::declare_rule! {
    /// ## What it flags
    /// A container probe (`livenessProbe`, `readinessProbe`,
    /// `startupProbe`) in a StatefulSet's pod template that the API server
    /// rejects:
    /// - no handler, or more than one of `exec`, `httpGet`, `tcpSocket` and
    ///   `grpc`;
    /// - `exec` without a `command`;
    /// - an `httpGet` or `tcpSocket` port that is not 1 to 65535 or not a
    ///   valid port name, a `grpc` port that is not 1 to 65535, an
    ///   `httpGet.scheme` other than `HTTP` or `HTTPS`, or an HTTP header
    ///   name that is not letters, digits and `-`;
    /// - a negative `initialDelaySeconds`, `timeoutSeconds`,
    ///   `periodSeconds`, `successThreshold` or `failureThreshold`;
    /// - a `successThreshold` other than 1 on a liveness or startup probe;
    /// - `terminationGracePeriodSeconds` on a readiness probe, or not
    ///   greater than 0 on the others;
    /// - any probe on an init container that is not a sidecar
    ///   (`restartPolicy: Always`).
    ///
    /// A `0` in `timeoutSeconds`, `periodSeconds`, `successThreshold` or
    /// `failureThreshold` is accepted: defaulting replaces it (1, 10, 1, 3)
    /// before validation. So are an empty `httpGet.path` (it becomes `/`)
    /// and an empty `scheme` (it becomes `HTTP`).
    ///
    /// ## Why it matters
    /// The API server rejects the whole StatefulSet, so none of its pods is
    /// created or updated.
    ///
    /// ## Example
    /// ```yaml
    /// livenessProbe:
    ///   successThreshold: 3   # a liveness probe must have 1
    ///   httpGet:
    ///     path: /healthz
    ///     port: 8080
    /// ```
    ///
    /// ## Fix
    /// Give each probe exactly one handler with a valid port, keep the
    /// counts at 0 or above, and leave `successThreshold` out of liveness
    /// and startup probes. Move probes of an init container into the main
    /// container, or make the init container a sidecar. Not fixed
    /// automatically: which handler or value was meant is a choice.
    ///
    /// ## Source
    /// pkg/apis/core/validation/validation.go `validateProbe`,
    /// `validateLivenessProbe`, `validateReadinessProbe`,
    /// `validateStartupProbe`, `validateHandler` (`validateExecAction`,
    /// `validateHTTPGetAction`, `validateTCPSocketAction`,
    /// `validateGRPCAction`, `ValidatePortNumOrName`) and
    /// `validateInitContainers`; defaults from pkg/apis/core/v1/defaults.go
    /// `SetDefaults_Probe` and `SetDefaults_HTTPGetAction`.
    pub struct InvalidProbe {
        id: "invalid-probe",
        severity: Error,
        summary: "a container probe is invalid (handlers, ports, thresholds)",
    }
}

const PROBES: [&str; 3] = ["livenessProbe", "readinessProbe", "startupProbe"];
const HANDLERS: [&str; 4] = ["exec", "httpGet", "tcpSocket", "grpc"];
const COUNTS: [&str; 5] =
    ["initialDelaySeconds", "timeoutSeconds", "periodSeconds", "successThreshold", "failureThreshold"];

impl Rule for InvalidProbe {
    fn check_resource(&self, _ctx: &Context<'_>, facts: &ResourceFacts<'_>, report: &mut Reporter<'_>) {
        let resource = facts.resource;
        if resource.as_statefulset().is_none() {
            return;
        }
        for (list, init) in CONTAINER_LISTS.iter().zip([true, false]) {
            for container in select(&resource.root, list) {
                let sidecar = container.node.get("restartPolicy").and_then(Node::as_str) == Some("Always");
                for kind in PROBES {
                    let Some((span, probe)) = field(container.node, kind) else { continue };
                    if probe.is_null() {
                        continue;
                    }
                    if init && !sidecar {
                        report
                            .report(span, format!("`{kind}` may not be set on init container `{}`", container.path))
                            .help("an init container runs to completion before the others start; only a sidecar (`restartPolicy: Always`) may have probes");
                        continue;
                    }
                    check_probe(kind, span, probe, &container.path, report);
                }
            }
        }
    }
}

fn check_probe(kind: &str, span: crate::source::Span, probe: &Node, container: &str, report: &mut Reporter<'_>) {
    let handlers: Vec<(&str, crate::source::Span, &Node)> = HANDLERS
        .iter()
        .filter_map(|name| {
            field(probe, name).filter(|(_, node)| !node.is_null()).map(|(span, node)| (*name, span, node))
        })
        .collect();
    match handlers.split_first() {
        None => {
            report
                .report(span, format!("`{kind}` of `{container}` has no handler"))
                .help("set exactly one of `exec`, `httpGet`, `tcpSocket` or `grpc`");
        }
        Some((first, rest)) => {
            check_handler(kind, first.0, first.2, first.1, report);
            for (name, extra, _) in rest {
                report
                    .report(
                        *extra,
                        format!("`{kind}` may not have more than one handler: `{name}` besides `{}`", first.0),
                    )
                    .help("keep one of `exec`, `httpGet`, `tcpSocket` or `grpc`")
                    .label(first.1, "first handler");
            }
        }
    }
    for name in COUNTS {
        let Some((field_span, node)) = field(probe, name) else { continue };
        let Some(value) = int_of(node) else { continue };
        if value < 0 {
            report
                .report(field_span, format!("`{kind}.{name}: {value}` must be greater than or equal to 0"))
                .help("use 0 or a positive number (0 takes the default)");
        }
    }
    if kind != "readinessProbe" {
        if let Some((field_span, node)) = field(probe, "successThreshold") {
            let effective = pod::probe_field("successThreshold", int_of(node));
            if matches!(effective, Some(value) if value >= 0 && value != 1) {
                report.report(field_span, format!("`{kind}.successThreshold` must be 1")).help(
                    "remove `successThreshold` (it defaults to 1); only a readiness probe may need several successes",
                );
            }
        }
    }
    if let Some((field_span, node)) = field(probe, "terminationGracePeriodSeconds").filter(|(_, node)| !node.is_null())
    {
        if kind == "readinessProbe" {
            report
                .report(field_span, "`terminationGracePeriodSeconds` must not be set on a readiness probe")
                .help("a failing readiness probe never kills the container; remove the field");
        } else if let Some(value) = int_of(node).filter(|value| *value <= 0) {
            report
                .report(field_span, format!("`{kind}.terminationGracePeriodSeconds: {value}` must be greater than 0"))
                .help("use a positive number of seconds, or remove it to use the pod's");
        }
    }
}

fn check_handler(kind: &str, name: &str, handler: &Node, span: crate::source::Span, report: &mut Reporter<'_>) {
    match name {
        "exec" => {
            let empty = handler.get("command").and_then(Node::items).is_none_or(<[Node]>::is_empty);
            if empty {
                let at = field(handler, "command").map_or(span, |(span, _)| span);
                report
                    .report(at, format!("`{kind}.exec` needs a non-empty `command`"))
                    .help("give the command to run as a list, e.g. `command: [\"cat\", \"/tmp/healthy\"]`");
            }
        }
        "httpGet" | "tcpSocket" => {
            if let Some((port_span, port)) = field(handler, "port") {
                if let Some(problem) = port_problem(port, true) {
                    report
                        .report(port_span, format!("`{kind}.{name}.port: {problem}"))
                        .help("use a port number from 1 to 65535 or the name of one of the container's ports");
                }
            }
            if name != "httpGet" {
                return;
            }
            if let Some((scheme_span, scheme)) = field(handler, "scheme") {
                let value = scheme.as_str().unwrap_or_default();
                let values = &validation::HTTP_SCHEME;
                if !value.is_empty() && !values.accepts(value) {
                    let help = values
                        .suggestion(value)
                        .map_or_else(|| format!("use {}", values.describe()), |s| format!("did you mean `{s}`?"));
                    report
                        .report(scheme_span, format!("`{kind}.httpGet.scheme: {value:?}` is not {}", values.describe()))
                        .help(help);
                }
            }
            for header in handler.get("httpHeaders").and_then(Node::items).unwrap_or_default() {
                let Some((name_span, header_name)) = field(header, "name") else { continue };
                let Some(text) = header_name.as_str() else { continue };
                let problems = validation::http_header_name(text);
                if !problems.is_empty() {
                    report
                        .report(name_span, format!("HTTP header name {text:?} is not valid: {}", problems.join("; ")))
                        .help("use letters, digits and `-`, e.g. `X-Probe`");
                }
            }
        }
        "grpc" => {
            if let Some((port_span, port)) = field(handler, "port") {
                if let Some(problem) = port_problem(port, false) {
                    report
                        .report(port_span, format!("`{kind}.grpc.port: {problem}"))
                        .help("use the gRPC server's port number, from 1 to 65535");
                }
            }
        }
        _ => {}
    }
}

/// `ValidatePortNumOrName`: a number must be 1..65535, a string a valid
/// IANA port name (`grpc.port` is a number only). The text completes a
/// message that opened a backquote before the field name.
fn port_problem(port: &Node, names_allowed: bool) -> Option<String> {
    if let Some(number) = int_of(port) {
        let problems = validation::port_number(number);
        return (!problems.is_empty()).then(|| format!("{number}` {}", problems.join("; ")));
    }
    let text = port.as_str().filter(|_| names_allowed)?;
    let problems = validation::port_name(text);
    (!problems.is_empty()).then(|| format!("{text:?}` is not a valid port name: {}", problems.join("; ")))
}
