use super::change::{ChangeContext, ChangeKind, ResourceChange};
use super::{Reporter, Rule};
use crate::parse::PathSegment::Key;

super::declare_rule! {
    /// ## What it flags
    /// `publishNotReadyAddresses: true` removed or set to `false` on the
    /// governing Service of a StatefulSet (`ordinal diff`).
    ///
    /// ## Why it matters
    /// Without it, a pod's DNS name exists only while the pod is Ready.
    /// Members that must find each other before any of them is Ready
    /// (ZooKeeper, etcd, Cassandra seeds, Elasticsearch discovery) were
    /// written for names that resolve while starting; after this change a
    /// restarted member may wait for peers whose names do not resolve, and a
    /// rollout can stall.
    ///
    /// ## Example
    /// ```yaml
    /// # OLD                              # NEW
    /// spec:                              spec:
    ///   clusterIP: None                    clusterIP: None
    ///   publishNotReadyAddresses: true
    /// ```
    ///
    /// ## Fix
    /// Keep `publishNotReadyAddresses: true` unless the members no longer
    /// need to resolve each other before they are Ready.
    ///
    /// ## Source
    /// - kubernetes/dns `docs/specification.md` §2.4.1 (records exist for
    ///   ready endpoints) and kubernetes/kubernetes
    ///   `pkg/controller/endpointslice` / `endpointslice/util`
    ///   `podToEndpoint` (`publishNotReadyAddresses` marks every pod ready).
    pub struct PublishNotReadyTurnedOff {
        id: "publish-not-ready-turned-off",
        severity: Warning,
        summary: "`publishNotReadyAddresses` turned off on a StatefulSet's governing Service",
        on: change,
    }
}

impl Rule for PublishNotReadyTurnedOff {
    fn check_change(&self, ctx: &ChangeContext<'_>, change: &ResourceChange<'_>, report: &mut Reporter<'_>) {
        if change.kind != ChangeKind::Changed {
            return;
        }
        let (Some(old), Some((new_index, new))) = (change.old_resource(), change.new) else { return };
        let publishes = |resource: &crate::model::Resource| {
            resource.as_service().and_then(|svc| svc.spec.as_ref()).and_then(|spec| spec.publish_not_ready_addresses)
                == Some(true)
        };
        if !publishes(old) || publishes(new) {
            return;
        }
        let governed: Vec<&str> = ctx
            .new_topology
            .statefulsets
            .iter()
            .filter(|links| links.governing_service == Some(new_index))
            .filter_map(|links| ctx.new.get(links.statefulset)?.name.as_deref())
            .collect();
        let Some(first) = governed.first() else { return };
        let name = new.name.as_deref().unwrap_or("<unnamed>");
        let written = new.node(&[Key("spec"), Key("publishNotReadyAddresses")]).is_some();
        report
            .report(
                new.span(&[Key("spec"), Key("publishNotReadyAddresses")]),
                format!(
                    "`publishNotReadyAddresses` is turned off on Service `{name}`, which governs StatefulSet `{first}`: a pod's DNS name now resolves only once the pod is Ready, so members that find each other while starting stop resolving"
                ),
            )
            .label_in(old.file, old.span(&[Key("spec"), Key("publishNotReadyAddresses")]), "was true")
            .help(if written {
                "keep `publishNotReadyAddresses: true` unless the peers no longer resolve each other before they are Ready"
            } else {
                "write `publishNotReadyAddresses: true` again unless the peers no longer resolve each other before they are Ready"
            });
    }
}
