use super::{LinkedFacts, Reporter, Rule, Workspace};
use crate::model::kube::IntOrString;
use crate::parse::PathSegment::{Index, Key};
use crate::semantics::pod;
use crate::semantics::service::{cluster_ip_mode, ClusterIpMode};

super::declare_rule! {
    /// ## What it flags
    /// A Service port whose `targetPort` is a *name* that the pods of a
    /// StatefulSet it selects do not declare with the Service port's
    /// protocol: no `ports[].name` of a container (or of a sidecar, an init
    /// container with `restartPolicy: Always`) is that name with that
    /// `protocol` (both default to `TCP`). Only StatefulSets among the
    /// linted files that the Service selects are checked; a numeric
    /// `targetPort` is not, since it needs no declaration. At most 8
    /// findings are made per StatefulSet (and of at most the first 32
    /// Services that select it, `too-many-selectors`), so that many Services
    /// of many ports over many StatefulSets cannot make their product.
    ///
    /// ## Why it matters
    /// The EndpointSlice controller resolves the name on each pod; where it
    /// finds none it leaves the pod out of that port, so the port of the
    /// Service has no endpoints on these pods: connections to it are refused
    /// or time out, and a headless Service publishes no SRV record of that
    /// port for them.
    ///
    /// ## Example
    /// ```yaml
    /// kind: Service
    /// spec:
    ///   ports: [{name: client, port: 2181, targetPort: client}]
    /// ---
    /// kind: StatefulSet
    /// # ... containers: [{ports: [{name: zk-client, containerPort: 2181}]}]
    /// ```
    ///
    /// ## Fix
    /// Use a `ports[].name` the pods declare, with the same `protocol`, or
    /// give the container port that name.
    ///
    /// ## Source
    /// pkg/api/v1/pod/util.go `FindPort` (a string `targetPort` matches a
    /// container port whose `Name` and `Protocol` both equal the Service
    /// port's, in `containers` and then in restartable init containers),
    /// called by pkg/controller/endpointslice for every Service port and
    /// pod; protocol defaults from pkg/apis/core/v1/defaults.go.
    pub struct ServiceTargetPortNotFound {
        id: "service-target-port-not-found",
        severity: Error,
        summary: "a Service's named targetPort is not a port of the StatefulSet pods it selects",
    }
}

/// At most this many findings are made from one StatefulSet.
const MAX_FINDINGS_PER_STATEFULSET: usize = 8;

impl Rule for ServiceTargetPortNotFound {
    fn links(&self) -> bool {
        true
    }

    // Checked from the StatefulSet, over the Services that select it, so the
    // work follows the topology's links instead of every Service times every
    // StatefulSet; the finding is on the Service.
    fn check_linked(&self, ctx: &Workspace<'_>, facts: &LinkedFacts<'_>, report: &mut Reporter<'_>) {
        let Some(sts) = facts.accepted_statefulset() else { return };
        let Some(pod_spec) = sts.spec.template.spec.as_ref() else { return };
        let Some(links) = facts.links() else { return };
        let sts_name = facts.resource.name.as_deref().unwrap_or("<unnamed>");
        let mut found = 0;
        for &index in &links.selecting_services {
            let Some(service) = ctx.resources.get(index).copied() else { continue };
            let Some(spec) = service.as_service().and_then(|svc| svc.spec.as_ref()) else { continue };
            if matches!(cluster_ip_mode(Some(spec)), ClusterIpMode::ExternalName) {
                continue;
            }
            for (port_index, port) in spec.ports.iter().flatten().enumerate() {
                if found == MAX_FINDINGS_PER_STATEFULSET {
                    return;
                }
                let Some(IntOrString::String(name)) = &port.target_port else { continue };
                // A name without a letter is rejected by the API server
                // (`invalid-service-port` reports it).
                if !name.chars().any(|c| c.is_ascii_alphabetic()) {
                    continue;
                }
                let protocol = pod::protocol(port.protocol.as_deref());
                if pod::service_target_port(pod_spec, name, protocol).is_some() {
                    continue;
                }
                let other_protocol = pod_spec
                    .containers
                    .iter()
                    .flat_map(|container| container.ports.iter().flatten())
                    .find(|declared| declared.name.as_deref() == Some(name.as_str()))
                    .map(|declared| pod::protocol(declared.protocol.as_deref()));
                let help = match other_protocol {
                    Some(declared) => format!(
                        "the pods declare `{name}` as {declared}, not {protocol}: set the same `protocol` on both ports"
                    ),
                    None => format!(
                        "use a `ports[].name` of StatefulSet `{sts_name}`'s containers, or name its container port `{name}`"
                    ),
                };
                found += 1;
                report
                    .report_on(
                        service,
                        service.span(&[Key("spec"), Key("ports"), Index(port_index), Key("targetPort")]),
                        format!(
                            "`targetPort: {name}` ({protocol}) is not a port of the pods of StatefulSet `{sts_name}`, so this Service port has no endpoints on them"
                        ),
                    )
                    .help(help)
                    .label_in(
                        facts.resource.file,
                        facts.resource.key_span(&[Key("spec"), Key("template"), Key("spec"), Key("containers")]),
                        format!("no container of StatefulSet `{sts_name}` has a {protocol} port named `{name}`"),
                    );
            }
        }
    }
}
