use super::change::{ChangeContext, ChangeKind, ResourceChange};
use super::{Reporter, Rule};
use crate::options::normalize_domain;
use crate::parse::PathSegment::{Index, Key};
use crate::semantics::service::protocol;

super::declare_rule! {
    /// ## What it flags
    /// A Service port that OLD has and NEW does not (`ordinal diff`): removed
    /// (no port with its name, or for an unnamed port its number), or renamed
    /// (the same number and protocol under another name).
    ///
    /// ## Why it matters
    /// Cluster DNS publishes an SRV record
    /// `_<port name>._<protocol>.<service>.<namespace>.svc.<zone>` for each
    /// named port (and for a headless Service one per pod behind it): a
    /// renamed port loses its SRV records, so clients that discover peers or
    /// brokers through SRV (Kafka, Cassandra, MongoDB's `mongodb+srv`, Consul)
    /// stop finding them. A removed port of a ClusterIP Service is no longer
    /// proxied at all.
    ///
    /// ## Example
    /// ```yaml
    /// # OLD                       # NEW
    /// ports:                      ports:
    /// - name: client              - name: zk-client
    ///   port: 2181                  port: 2181
    /// ```
    ///
    /// ## Fix
    /// Keep the old name (add the new one beside it while clients move), or
    /// make sure no client looks the old SRV name up.
    ///
    /// ## Source
    /// - kubernetes/dns `docs/specification.md` §2.3.2 and §2.4.2 (SRV
    ///   records of ClusterIP and headless Services, named ports only).
    /// - kubernetes/kubernetes `pkg/apis/core/validation/validation.go`
    ///   `validateServicePort` (a name is required when there are several
    ///   ports, so an unnamed port is the only one).
    pub struct ServicePortRemoved {
        id: "service-port-removed",
        severity: Warning,
        summary: "a Service port removed or renamed: its SRV records, and for a ClusterIP Service its proxying, go",
        on: change,
    }
}

impl Rule for ServicePortRemoved {
    fn check_change(&self, ctx: &ChangeContext<'_>, change: &ResourceChange<'_>, report: &mut Reporter<'_>) {
        if change.kind != ChangeKind::Changed {
            return;
        }
        let (Some(old), Some(new)) = (change.old_resource(), change.new_resource()) else { return };
        let ports_of = |resource: &crate::model::Resource| {
            resource.as_service().and_then(|svc| svc.spec.as_ref()).and_then(|spec| spec.ports.clone())
        };
        let old_ports = ports_of(old).unwrap_or_default();
        let new_ports = ports_of(new).unwrap_or_default();
        let name = new.name.as_deref().unwrap_or("<unnamed>");
        let domain = normalize_domain(&ctx.options.cluster_domain);
        for (old_index, port) in old_ports.iter().enumerate() {
            let port_name = port.name.as_deref().filter(|text| !text.is_empty());
            let kept = new_ports.iter().any(|candidate| match port_name {
                Some(wanted) => candidate.name.as_deref() == Some(wanted),
                None => candidate.port == port.port && protocol(candidate) == protocol(port),
            });
            if kept {
                continue;
            }
            let srv = |port_name: &str| {
                format!("_{port_name}._{}.{name}.{}.svc.{domain}", protocol(port).to_ascii_lowercase(), new.namespace)
            };
            let old_label = old.span(&[Key("spec"), Key("ports"), Index(old_index)]);
            let renamed = new_ports
                .iter()
                .position(|candidate| candidate.port == port.port && protocol(candidate) == protocol(port));
            let described = match port_name {
                Some(port_name) => format!("`{port_name}` ({}/{})", port.port, protocol(port)),
                None => format!("{}/{}", port.port, protocol(port)),
            };
            let srv_note = port_name.map(|port_name| format!(": the SRV record `{}` goes away", srv(port_name)));
            match renamed {
                Some(new_index) => {
                    let now = new_ports[new_index].name.as_deref().unwrap_or_default();
                    report
                        .report(
                            new.span(&[Key("spec"), Key("ports"), Index(new_index), Key("name")]),
                            format!(
                                "port {described} of Service `{name}` is renamed to `{now}`{}",
                                srv_note.unwrap_or_default()
                            ),
                        )
                        .label_in(old.file, old_label, "the old port")
                        .help("keep the old name (or add the new port beside the old one) until no client looks the old SRV name up");
                }
                None => {
                    report
                        .report(
                            new.key_span(&[Key("spec"), Key("ports")]),
                            format!(
                                "port {described} of Service `{name}` is removed{}",
                                srv_note.unwrap_or_else(|| ": clients of that port lose it".into())
                            ),
                        )
                        .label_in(old.file, old_label, "the removed port")
                        .help("keep the port until no client uses it");
                }
            }
        }
    }
}
