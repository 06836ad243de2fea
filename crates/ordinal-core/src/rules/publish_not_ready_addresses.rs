use super::{support, LinkedFacts, Reporter, Rule, Workspace};
use crate::diagnostic::{Applicability, Fix};
use crate::parse::PathSegment::Key;

super::declare_rule! {
    /// ## What it flags
    /// A headless governing Service that selects the StatefulSet's pods but
    /// lacks `publishNotReadyAddresses: true`, for a StatefulSet with several
    /// replicas and `OrderedReady` pod management (the default).
    ///
    /// ## Why it matters
    /// Cluster DNS publishes a pod's record (`web-1.nginx...`) only once the
    /// pod is Ready. Clustered software whose members find each other by DNS
    /// while starting (ZooKeeper, etcd, Cassandra seeds, Elasticsearch,
    /// RabbitMQ...) often becomes Ready only after it has reached its peers,
    /// and with `OrderedReady` the next member is not even created until the
    /// previous one is Ready. A member that must resolve a not-yet-ready
    /// peer, or its own name, waits for a record that will not appear, and
    /// the rollout stalls. `publishNotReadyAddresses: true` publishes the
    /// records as soon as the pods have addresses; the field exists for this
    /// case.
    ///
    /// It is advice (`info`): members that only contact peers that are
    /// already Ready do not need it, and Ordinal cannot tell from the
    /// manifest how the software discovers its peers.
    ///
    /// ## Example
    /// ```yaml
    /// kind: Service
    /// metadata: {name: zk-hs}
    /// spec:
    ///   clusterIP: None        # no publishNotReadyAddresses
    ///   selector: {app: zk}
    /// ```
    ///
    /// ## Fix
    /// Add `publishNotReadyAddresses: true` to the governing Service (offered
    /// as an unsafe fix: from then on the Service's DNS names resolve to
    /// pods that are not Ready, which clients of this Service would reach
    /// too). Keep a separate, normal Service for clients, so that they
    /// only reach Ready members.
    ///
    /// ## Source
    /// - API reference, `ServiceSpec.publishNotReadyAddresses`: "The primary
    ///   use case for setting this field is for a StatefulSet's Headless
    ///   Service to propagate SRV DNS Records for its Pods for the purpose
    ///   of peer discovery."
    /// - Kubernetes DNS specification (kubernetes/dns, docs/specification.md),
    ///   2.4: headless records exist only for ready endpoints.
    /// - pkg/controller/statefulset/stateful_set_control.go (`OrderedReady`
    ///   waits for each pod to be Running and Ready before creating the next).
    pub struct PublishNotReadyAddresses {
        id: "publish-not-ready-addresses",
        severity: Info,
        summary: "peers cannot resolve each other by DNS before they are Ready",
    }
}

impl Rule for PublishNotReadyAddresses {
    fn links(&self) -> bool {
        true
    }

    fn check_linked(&self, ctx: &Workspace<'_>, facts: &LinkedFacts<'_>, report: &mut Reporter<'_>) {
        let resource = facts.resource;
        if facts.accepted_statefulset().is_none() {
            return;
        }
        let Some(effective) = facts.effective() else { return };
        let replicas = effective.replicas;
        if replicas < 2 || !effective.is_ordered_ready() {
            return;
        }
        // Without a headless Service that selects the pods there are no
        // per-pod records at all; `service-not-headless` and
        // `service-selector-mismatch` report that.
        let Some(service) = support::working_governing_service(ctx, facts) else { return };
        let Some(svc) = service.as_service() else { return };
        let Some(spec) = svc.spec.as_ref() else { return };
        if spec.publish_not_ready_addresses == Some(true) {
            return;
        }
        let field_path = [Key("spec"), Key("publishNotReadyAddresses")];
        let svc_name = service.name.as_deref().unwrap_or("<unnamed>");
        let sts_name = resource.name.as_deref().unwrap_or("<unnamed>");
        let text = ctx.files.get(service.file).map(|file| file.text.as_str()).unwrap_or_default();
        let fix = match service.value_span(&field_path) {
            Some(span) => {
                Some(Fix::replace(Applicability::Unsafe, "set `publishNotReadyAddresses: true`", span, "true"))
            }
            None => support::insert_first_entry(text, service, &[Key("spec")], "publishNotReadyAddresses: true")
                .map(|edit| Fix::new(Applicability::Unsafe, "add `publishNotReadyAddresses: true`", vec![edit])),
        };
        report.report_on(service, service.span(&field_path), format!(
                "Service `{svc_name}` publishes DNS records only for Ready pods, so the {replicas} members of StatefulSet `{sts_name}` cannot resolve each other while starting"
            )).help("set `publishNotReadyAddresses: true` if the members discover each other by DNS before they are Ready").label_in(resource.file, resource.span(&[Key("spec"), Key("serviceName")]), format!("StatefulSet `{sts_name}` starts its pods one at a time, each after the previous is Ready")).fix_if_any(fix);
    }
}
