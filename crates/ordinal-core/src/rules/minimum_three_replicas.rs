use super::{Context, Reporter, ResourceFacts, Rule};
use crate::parse::PathSegment::Key;

/// The smallest replica count whose majority survives the loss of a member.
const QUORUM_MINIMUM: i32 = 3;

super::declare_rule! {
    /// ## What it flags
    /// Off by default. A StatefulSet that runs one or two replicas (after
    /// defaulting: no `replicas` means 1). A StatefulSet scaled to 0 is left
    /// alone, as that is a deliberate stop.
    ///
    /// Enable it for repositories of quorum systems (etcd, ZooKeeper, Kafka
    /// KRaft controllers, Consul, Raft databases) in `.ordinal.yaml`:
    ///
    /// ```yaml
    /// rules:
    ///   minimum-three-replicas: warning
    /// ```
    ///
    /// ## Why it matters
    /// A Raft or Zab ensemble needs a majority to accept writes. With one
    /// member any restart is an outage; with two, the majority is both
    /// members, so losing either stops the cluster: two replicas are no more
    /// available than one. Three tolerate one failure (a node drain, a
    /// rolling update), five tolerate two. Many StatefulSets (a single
    /// Postgres primary, a cache) are fine with one replica, which is why the
    /// rule is opt-in.
    ///
    /// ## Example
    /// ```yaml
    /// kind: StatefulSet
    /// metadata: {name: etcd}
    /// spec:
    ///   replicas: 2      # a majority of 2 is 2: no member may fail
    /// ```
    ///
    /// ## Fix
    /// Run 3 (or 5) replicas, and a PodDisruptionBudget with
    /// `maxUnavailable: 1`.
    ///
    /// ## Source
    /// - `spec.replicas` defaulting: pkg/apis/apps/v1/defaults.go
    ///   `SetDefaults_StatefulSet` (unset means 1).
    /// - etcd docs, "FAQ: What is failure tolerance?" (a cluster of N
    ///   members tolerates (N-1)/2 failures).
    /// - kube-linter pkg/templates/replicas/template_test.go
    ///   (`minimum-three-replicas`, `TestTooFewReplicas`: 1 when unset and 2
    ///   are flagged, 3 is not).
    pub struct MinimumThreeReplicas {
        id: "minimum-three-replicas",
        severity: Warning,
        summary: "a StatefulSet runs fewer than 3 replicas, so its quorum cannot survive losing a member",
        default: off,
    }
}

impl Rule for MinimumThreeReplicas {
    fn check_resource(&self, _ctx: &Context<'_>, facts: &ResourceFacts<'_>, report: &mut Reporter<'_>) {
        let resource = facts.resource;
        if facts.accepted_statefulset().is_none() {
            return;
        }
        let Some(effective) = facts.effective() else { return };
        let replicas = effective.replicas;
        if replicas <= 0 || replicas >= QUORUM_MINIMUM {
            return;
        }
        let (span, written) = if effective.replicas_written {
            (resource.span(&[Key("spec"), Key("replicas")]), format!("runs {replicas} replicas"))
        } else {
            (resource.span(&[Key("metadata"), Key("name")]), "sets no `replicas`, so it runs 1".to_string())
        };
        let name = resource.name.as_deref().unwrap_or("<unnamed>");
        let tolerance = if replicas == 1 {
            "any restart of its only member is an outage"
        } else {
            "a majority of 2 is 2, so losing either member stops the quorum"
        };
        report.report(span, format!("StatefulSet `{name}` {written}: {tolerance}")).help(
            "run at least 3 replicas (3 tolerate one failure, 5 tolerate two); this opt-in rule is for quorum systems",
        );
    }
}
