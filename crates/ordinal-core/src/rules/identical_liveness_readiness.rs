use crate::model::kube::Probe;

use super::{Context, Reporter, ResourceFacts, Rule};
use crate::parse::PathSegment::Key;

super::declare_rule! {
    /// ## What it flags
    /// A container whose `livenessProbe` and `readinessProbe` run the same
    /// check (the same `exec`, `httpGet`, `tcpSocket` or `grpc` handler),
    /// whatever their timings.
    ///
    /// ## Why it matters
    /// Readiness failing should take a pod out of its Services until it
    /// recovers; liveness failing makes the kubelet kill and restart the
    /// container. When both run the same check, a member that is merely
    /// busy (catching up with its peers, compacting, under load) is
    /// restarted instead of being left to recover, which for a StatefulSet
    /// often restarts the recovery from scratch and can cascade through the
    /// whole cluster. kube-score's `pod-probes` check reports the same.
    ///
    /// ## Example
    /// ```yaml
    /// livenessProbe:
    ///   httpGet: {path: /health, port: 8080}
    /// readinessProbe:
    ///   httpGet: {path: /health, port: 8080}    # same check
    /// ```
    ///
    /// ## Fix
    /// Make the liveness probe check only that the process is not stuck
    /// (or drop it), and let the readiness probe check that the member can
    /// serve. Give liveness a higher `failureThreshold` if both must stay.
    ///
    /// ## Source
    /// - Kubernetes docs, "Configure Liveness, Readiness and Startup Probes"
    ///   and "Pod Lifecycle" (Container probes: what each probe's failure does).
    /// - kube-score, score/probes/probes.go (`pod-probes`: "Container has the
    ///   same readiness and liveness probe").
    pub struct IdenticalLivenessReadiness {
        id: "identical-liveness-readiness",
        severity: Warning,
        summary: "a container's liveness and readiness probes run the same check",
    }
}

impl Rule for IdenticalLivenessReadiness {
    fn check_resource(&self, _ctx: &Context<'_>, facts: &ResourceFacts<'_>, report: &mut Reporter<'_>) {
        let resource = facts.resource;
        if facts.accepted_statefulset().is_none() {
            return;
        }
        for template_container in facts.containers() {
            let container = template_container.container;
            let (Some(liveness), Some(readiness)) = (&container.liveness_probe, &container.readiness_probe) else {
                continue;
            };
            if !same_handler(liveness, readiness) {
                continue;
            }
            report.report(resource.key_span(&template_container.path(&[Key("livenessProbe")])), format!(
                        "container `{}` uses the same check for liveness and readiness, so a busy pod is restarted instead of taken out of service",
                        container.name
                    )).help("let liveness detect only a stuck process (or drop it) and readiness check that the member can serve").label(resource.key_span(&template_container.path(&[Key("readinessProbe")])), "the readiness probe runs the same check");
        }
    }
}

/// Both probes have a handler and it is the same one.
fn same_handler(a: &Probe, b: &Probe) -> bool {
    let has_handler = a.exec.is_some() || a.http_get.is_some() || a.tcp_socket.is_some() || a.grpc.is_some();
    has_handler && a.exec == b.exec && a.http_get == b.http_get && a.tcp_socket == b.tcp_socket && a.grpc == b.grpc
}
