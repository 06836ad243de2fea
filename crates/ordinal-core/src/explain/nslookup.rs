//! What `nslookup NAME` run inside a pod does.
//!
//! Sources: the kubelet writes the pod's `resolv.conf` with
//! `search <ns>.svc.<domain> svc.<domain> <domain>` and `options ndots:5`
//! (kubernetes/kubernetes `pkg/kubelet/network/dns/dns.go`, Kubernetes docs
//! "DNS for Services and Pods"; the node's own search domains follow and are
//! not modelled). The resolver (glibc `res_search`, resolv.conf(5)) sends a
//! name ending in `.` as is; a name with at least `ndots` dots is tried as is
//! first and then with each search domain; any other name is tried with each
//! search domain first and as is last. It moves on after NXDOMAIN and stops
//! at the first answer.

use super::{dns::pod_address, DnsRecord, Explanation, RecordType, ServiceInfo, ServiceKind};

/// The `ndots` option the kubelet writes.
pub const NDOTS: usize = 5;

/// The outcome of one lookup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Nslookup {
    /// The name as asked.
    pub query: String,
    /// The pod it was asked from, as given.
    pub from: String,
    /// The namespace of that pod, when it was found.
    pub from_namespace: Option<String>,
    /// The pod's search list.
    pub search: Vec<String>,
    /// The names sent, in order, with what each got.
    pub tried: Vec<Attempt>,
    /// The record that answered.
    pub answer: Option<DnsRecord>,
    /// Why it answered, or why nothing did.
    pub reason: String,
}

/// One query the resolver sends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attempt {
    /// The fully qualified name sent (no trailing dot).
    pub name: String,
    /// What came back.
    pub outcome: AttemptOutcome,
}

/// What one query got.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AttemptOutcome {
    /// A record.
    Answer,
    /// No such name in the cluster zone, and why.
    NxDomain(String),
    /// The name is outside the cluster domain: the cluster DNS forwards it
    /// upstream, which Ordinal cannot see (normally NXDOMAIN for made-up names).
    Upstream,
    /// Not sent, because an earlier name answered.
    NotSent,
}

/// Resolve `query` as the pod `from` (`pod` or `<ns>/pod`) would, once every
/// pod is Running and Ready.
pub fn nslookup(explanation: &Explanation, query: &str, from: &str) -> Nslookup {
    let domain = explanation.cluster_domain.as_str();
    let (from_ns, from_pod) = match from.split_once('/') {
        Some((ns, pod)) => (Some(ns), pod),
        None => (None, from),
    };
    let found = explanation
        .statefulsets
        .iter()
        .filter(|sts| from_ns.is_none_or(|ns| ns == sts.namespace))
        .find(|sts| sts.pods.iter().any(|pod| pod.name == from_pod));
    let mut result = Nslookup {
        query: query.to_string(),
        from: from.to_string(),
        from_namespace: None,
        search: Vec::new(),
        tried: Vec::new(),
        answer: None,
        reason: String::new(),
    };
    let Some(sts) = found else {
        let known: Vec<String> = explanation
            .statefulsets
            .iter()
            .flat_map(|sts| sts.pods.iter().take(3).map(move |pod| format!("{}/{}", sts.namespace, pod.name)))
            .take(6)
            .collect();
        result.reason = if known.is_empty() {
            format!("no pod `{from}`: the inputs have no StatefulSet pods to ask from")
        } else {
            format!("no pod `{from}` among the StatefulSet pods in the inputs (for example `{}`)", known.join("`, `"))
        };
        return result;
    };
    let namespace = sts.namespace.to_ascii_lowercase();
    result.from_namespace = Some(sts.namespace.clone());
    result.search = vec![format!("{namespace}.svc.{domain}"), format!("svc.{domain}"), domain.to_string()];
    let trimmed = query.trim();
    let name = trimmed.to_ascii_lowercase();
    if name.trim_end_matches('.').is_empty() {
        result.reason = "empty name".into();
        return result;
    }
    let absolute = name.ends_with('.');
    let bare = name.trim_end_matches('.').to_string();
    let dots = bare.matches('.').count();
    let candidates: Vec<String> = if absolute {
        vec![bare.clone()]
    } else {
        let expanded = result.search.iter().map(|suffix| format!("{bare}.{suffix}"));
        if dots >= NDOTS {
            std::iter::once(bare.clone()).chain(expanded).collect()
        } else {
            expanded.chain(std::iter::once(bare.clone())).collect()
        }
    };
    let how = if absolute {
        format!("`{trimmed}` ends with a dot, so it is sent as is")
    } else if dots >= NDOTS {
        format!("`{trimmed}` has {dots} dots (at least ndots:{NDOTS}), so it is tried as is first, then with each search domain")
    } else {
        format!("`{trimmed}` has {dots} dot(s) (fewer than ndots:{NDOTS}), so each search domain is tried first and the name as is last")
    };
    let mut best: Option<(u8, String)> = None;
    let mut upstream: Option<String> = None;
    for candidate in candidates {
        if result.answer.is_some() {
            result.tried.push(Attempt { name: candidate, outcome: AttemptOutcome::NotSent });
            continue;
        }
        match lookup(explanation, &candidate) {
            Lookup::Found(record) => {
                let mut reason = format!("{how}; `{candidate}` answers with {}", record.record_type.as_str());
                if let Some(note) = readiness_note(explanation, &record) {
                    reason.push_str("; ");
                    reason.push_str(&note);
                }
                result.reason = reason;
                result.answer = Some(record);
                result.tried.push(Attempt { name: candidate, outcome: AttemptOutcome::Answer });
            }
            Lookup::Missing(score, why) => {
                if best.as_ref().is_none_or(|(best_score, _)| score > *best_score) {
                    best = Some((score, why.clone()));
                }
                result.tried.push(Attempt { name: candidate, outcome: AttemptOutcome::NxDomain(why) });
            }
            Lookup::Upstream => {
                upstream.get_or_insert_with(|| candidate.clone());
                result.tried.push(Attempt { name: candidate, outcome: AttemptOutcome::Upstream });
            }
        }
    }
    if result.answer.is_none() {
        result.reason = match (best, upstream) {
            (Some((score, why)), _) if score >= 2 => format!("{how}; no name answers: {why}"),
            (_, Some(outside)) => format!(
                "{how}; no Service or pod in the inputs has this name, and `{outside}` is outside the cluster domain `{domain}`, so the upstream resolvers decide (normally NXDOMAIN)"
            ),
            (Some((_, why)), None) => format!("{how}; no name answers: {why}"),
            (None, None) => format!("{how}; nothing answers"),
        };
    }
    result
}

enum Lookup {
    Found(DnsRecord),
    /// How specific the explanation is (higher = closer to a real name), and the explanation.
    Missing(u8, String),
    Upstream,
}

fn lookup(explanation: &Explanation, name: &str) -> Lookup {
    let domain = explanation.cluster_domain.as_str();
    if let Some(record) = explanation.dns.iter().find(|record| record.name.eq_ignore_ascii_case(name)) {
        return Lookup::Found(record.clone());
    }
    let in_zone = name == domain || name.ends_with(&format!(".{domain}"));
    if !in_zone {
        return Lookup::Upstream;
    }
    let svc_suffix = format!(".svc.{domain}");
    let Some(prefix) = name.strip_suffix(&svc_suffix) else {
        return Lookup::Missing(
            0,
            format!("`{name}` is in the cluster domain but not under `svc.{domain}`, where Service names live"),
        );
    };
    let labels: Vec<&str> = prefix.split('.').collect();
    match labels.as_slice() {
        [namespace] => {
            Lookup::Missing(1, format!("`{namespace}` would be a namespace; a namespace name alone has no records"))
        }
        [service, namespace] => missing_service(explanation, service, namespace),
        [port, proto, service, namespace] if port.starts_with('_') && proto.starts_with('_') => {
            match find_service(explanation, service, namespace) {
                Some(svc) => Lookup::Missing(
                    3,
                    format!(
                        "Service `{}` has no named port `{}` with protocol `{}`",
                        svc.name,
                        port.trim_start_matches('_'),
                        proto.trim_start_matches('_')
                    ),
                ),
                None => missing_service(explanation, service, namespace),
            }
        }
        [host, service, namespace] => missing_pod(explanation, host, service, namespace),
        _ => Lookup::Missing(
            1,
            format!("`{name}` has too many labels before `svc.{domain}` to be a Service or pod name"),
        ),
    }
}

fn find_service<'a>(explanation: &'a Explanation, service: &str, namespace: &str) -> Option<&'a ServiceInfo> {
    explanation
        .services
        .iter()
        .find(|svc| svc.name.eq_ignore_ascii_case(service) && svc.namespace.eq_ignore_ascii_case(namespace))
}

fn missing_service(explanation: &Explanation, service: &str, namespace: &str) -> Lookup {
    if let Some(svc) = find_service(explanation, service, namespace) {
        return match &svc.kind {
            ServiceKind::Headless => Lookup::Missing(
                3,
                format!("headless Service `{}` has no ready endpoints (its selector matches no pod in the inputs), so its name is NXDOMAIN", svc.name),
            ),
            ServiceKind::ExternalName { .. } => {
                Lookup::Missing(3, format!("ExternalName Service `{}` has no `externalName`", svc.name))
            }
            ServiceKind::ClusterIp { .. } => Lookup::Missing(3, format!("Service `{}` has no usable name", svc.name)),
            ServiceKind::Rejected { reason } => Lookup::Missing(
                3,
                format!("the API server rejects Service `{}` ({reason}), so its name does not exist", svc.name),
            ),
        };
    }
    let pod = explanation
        .statefulsets
        .iter()
        .filter(|sts| sts.namespace.eq_ignore_ascii_case(namespace))
        .flat_map(|sts| sts.pods.iter())
        .find(|pod| pod.hostname.eq_ignore_ascii_case(service));
    if let Some(pod) = pod {
        let hint = match (&pod.fqdn, &pod.subdomain) {
            (Some(_), Some(subdomain)) => format!("its DNS name is `{}.{subdomain}`", pod.hostname),
            _ => "it has no per-pod DNS name".to_string(),
        };
        return Lookup::Missing(
            3,
            format!("`{service}` is a pod, not a Service, so `{service}.{namespace}.svc` does not exist; {hint}"),
        );
    }
    let elsewhere: Vec<&str> = explanation
        .services
        .iter()
        .filter(|svc| svc.name.eq_ignore_ascii_case(service))
        .map(|svc| svc.namespace.as_str())
        .collect();
    if elsewhere.is_empty() {
        Lookup::Missing(1, format!("no Service `{service}` in namespace `{namespace}`"))
    } else {
        Lookup::Missing(
            2,
            format!(
                "no Service `{service}` in namespace `{namespace}` (there is one in `{}`; use `{service}.{}`)",
                elsewhere.join("`, `"),
                elsewhere.first().copied().unwrap_or_default()
            ),
        )
    }
}

fn missing_pod(explanation: &Explanation, host: &str, service: &str, namespace: &str) -> Lookup {
    let Some(svc) = find_service(explanation, service, namespace) else {
        return match missing_service(explanation, service, namespace) {
            Lookup::Missing(score, why) => Lookup::Missing(score, why),
            other => other,
        };
    };
    let short = format!("{host}.{}", svc.name);
    match &svc.kind {
        ServiceKind::ClusterIp { .. } => {
            return Lookup::Missing(
                4,
                format!(
                    "`{}` has a cluster IP, so `{short}` does not exist: per-pod names exist only under a headless Service (`clusterIP: None`)",
                    svc.name
                ),
            )
        }
        ServiceKind::ExternalName { .. } => {
            return Lookup::Missing(4, format!("`{}` is an ExternalName Service, so `{short}` does not exist", svc.name))
        }
        ServiceKind::Rejected { reason } => {
            return Lookup::Missing(
                4,
                format!("the API server rejects Service `{}` ({reason}), so `{short}` does not exist", svc.name),
            )
        }
        ServiceKind::Headless => {}
    }
    let pod = explanation
        .statefulsets
        .iter()
        .filter(|sts| sts.namespace.eq_ignore_ascii_case(namespace))
        .flat_map(|sts| sts.pods.iter().map(move |pod| (sts, pod)))
        .find(|(_, pod)| pod.hostname.eq_ignore_ascii_case(host));
    let Some((sts, pod)) = pod else {
        let sets: Vec<String> = explanation
            .statefulsets
            .iter()
            .filter(|sts| {
                sts.namespace.eq_ignore_ascii_case(namespace) && sts.service.name.as_deref() == Some(svc.name.as_str())
            })
            .filter_map(|sts| {
                let first = sts.pods.first()?;
                let last = sts.pods.last()?;
                Some(format!("`{}` has pods `{}` to `{}`", sts.name, first.name, last.name))
            })
            .collect();
        let mut why = format!("no pod `{host}` in namespace `{namespace}`");
        if !sets.is_empty() {
            why.push_str(&format!(" ({})", sets.join("; ")));
        }
        return Lookup::Missing(4, why);
    };
    let why = if pod.subdomain.as_deref() != Some(svc.name.as_str()) {
        format!(
            "pod `{}` has subdomain `{}`, not `{}` (StatefulSet `{}` sets `serviceName`)",
            pod.name,
            pod.subdomain.as_deref().unwrap_or("<none>"),
            svc.name,
            sts.name
        )
    } else {
        format!("the selector of Service `{}` does not select pod `{}`, so it is not an endpoint", svc.name, pod.name)
    };
    Lookup::Missing(4, why)
}

/// Headless answers list only ready pods unless the Service publishes not-ready addresses.
fn readiness_note(explanation: &Explanation, record: &DnsRecord) -> Option<String> {
    let svc = explanation.services.iter().find(|svc| format!("{}/{}", svc.namespace, svc.name) == record.service)?;
    if svc.kind != ServiceKind::Headless || record.record_type == RecordType::Cname {
        return None;
    }
    let single_pod = match record.values.as_slice() {
        [value] if record.record_type == RecordType::A && record.name != svc.fqdn => {
            value.strip_prefix('<').and_then(|rest| rest.strip_suffix(" IP>")).map(str::to_string)
        }
        _ => None,
    };
    if svc.publish_not_ready_addresses {
        Some("the Service publishes not-ready addresses, so this answers as soon as the pods have IPs".into())
    } else if let Some(pod) = single_pod.filter(|pod| record.values.first() == Some(&pod_address(pod))) {
        Some(format!("this exists only while `{pod}` is Ready"))
    } else {
        Some("only Ready pods are listed".into())
    }
}
