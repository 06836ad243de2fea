use super::probe_port_not_found::probe_ports;
use super::support::ContainerList;
use super::{Context, Reporter, ResourceFacts, Rule};
use crate::model::kube::ContainerPort;
use crate::parse::PathSegment::Key;
use crate::semantics::pod::{self, ProbePort};

super::declare_rule! {
    /// ## What it flags
    /// A liveness, readiness or startup probe (`tcpSocket`, `httpGet` or
    /// `grpc`) on a port that the probe's container declares only with
    /// `protocol: UDP`: a named port whose entry is UDP, or a number that
    /// the container lists only as UDP.
    ///
    /// ## Why it matters
    /// All three handlers open a TCP connection. A port declared as UDP
    /// (a DNS or gossip port, say) usually has nothing listening on TCP, so
    /// the probe fails: a readiness or startup probe keeps pod 0 unready,
    /// and with `podManagementPolicy: OrderedReady` no further pod is
    /// created; a liveness probe restarts the container. It is a warning,
    /// not an error, because a process may listen on the same number over
    /// both protocols and declare only one.
    ///
    /// ## Example
    /// ```yaml
    /// containers:
    ///   - name: dns
    ///     ports: [{name: dns, containerPort: 53, protocol: UDP}]
    ///     livenessProbe:
    ///       tcpSocket: {port: dns}     # a TCP connect to a UDP port
    /// ```
    ///
    /// ## Fix
    /// Probe a TCP port of the process (a health or metrics port), use an
    /// `exec` probe, or declare the TCP port too if the process serves both.
    ///
    /// ## Source
    /// pkg/kubelet/prober/prober.go (`tcpSocket` dials `tcp`, `httpGet` and
    /// `grpc` speak over TCP) with pkg/probe/util.go `findPortByName` (the
    /// name resolves whatever the protocol); kube-linter
    /// pkg/templates/livenessport/template_test.go `MatchinPortUDP`.
    pub struct ProbePortUdp {
        id: "probe-port-udp",
        severity: Warning,
        summary: "a probe connects over TCP to a port its container declares only as UDP",
    }
}

impl Rule for ProbePortUdp {
    fn check_resource(&self, _ctx: &Context<'_>, facts: &ResourceFacts<'_>, report: &mut Reporter<'_>) {
        let resource = facts.resource;
        if facts.accepted_statefulset().is_none() {
            return;
        }
        for template_container in facts.containers() {
            // Only containers and sidecars run probes.
            if template_container.list == ContainerList::InitContainers && !template_container.is_sidecar() {
                continue;
            }
            let container = template_container.container;
            let declared = container.ports.as_deref().unwrap_or_default();
            for (probe_key, handler_key, port) in probe_ports(container) {
                let (shown, udp_only) = match port {
                    ProbePort::Name(name) => {
                        let Some(entry) = pod::container_port_named(container, name) else { continue };
                        (name.to_string(), is_udp(entry))
                    }
                    ProbePort::Number(number) => {
                        let mut same = declared.iter().filter(|entry| i64::from(entry.container_port) == number);
                        let first = same.next();
                        (number.to_string(), first.is_some_and(|first| is_udp(first) && same.all(is_udp)))
                    }
                };
                if !udp_only {
                    continue;
                }
                report
                    .report(
                        resource.span(&template_container.path(&[Key(probe_key), Key(handler_key), Key("port")])),
                        format!(
                            "`{probe_key}.{handler_key}` connects over TCP to port `{shown}`, which container `{}` declares only as UDP",
                            container.name
                        ),
                    )
                    .help("probe a TCP port of the process or use an `exec` probe; a probe that never passes keeps pod 0 unready, and with `OrderedReady` no further pod is created");
            }
        }
    }
}

fn is_udp(port: &ContainerPort) -> bool {
    pod::protocol(port.protocol.as_deref()) == "UDP"
}
