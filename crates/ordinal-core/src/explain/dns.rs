//! The DNS records of every Service once all pods are Running and Ready.
//!
//! Source: kubernetes/dns `docs/specification.md` (schema 1.1.0):
//! §2.3 a Service with a cluster IP has `<svc>.<ns>.svc.<zone>` A/AAAA to the
//! cluster IP and, per named port, `_<port>._<proto>.<svc>.<ns>.svc.<zone>` SRV
//! to the Service name; §2.4 a headless Service's name lists the ready
//! endpoints, each ready endpoint with a hostname has
//! `<hostname>.<svc>.<ns>.svc.<zone>`, and each named port has one SRV per
//! such endpoint; §2.5 an ExternalName Service is a CNAME. Unnamed ports have
//! no SRV record. SRV ports of headless Services are the endpoint ports
//! (CoreDNS `plugin/kubernetes`, which serves them from EndpointSlices).

use super::{Budget, DnsRecord, RecordType, ServiceInfo, ServiceKind, StatefulSetExplanation, MAX_DNS_VALUES};

/// How a pod's address is shown: DNS returns the pod IP, which only exists at run time.
pub(super) fn pod_address(pod_name: &str) -> String {
    format!("<{pod_name} IP>")
}

/// Records of every Service, grouped by Service in input order, up to the
/// run's budget of [`MAX_DNS_VALUES`]: the first record that does not fit
/// and every one after it are left out, with a note.
pub(super) fn records(
    statefulsets: &[StatefulSetExplanation],
    services: &[ServiceInfo],
    budget: &mut Budget,
) -> Vec<DnsRecord> {
    let mut records = Vec::new();
    let mut values_left = budget.dns_values;
    for svc in services {
        if !service_records(statefulsets, svc, &mut values_left, &mut records) {
            budget.note(format!(
                "DNS records are listed only up to {MAX_DNS_VALUES} values in all; the records after the first {} are left out",
                records.len()
            ));
            break;
        }
    }
    budget.dns_values = values_left;
    records
}

/// Append the records of one Service to `records` while they fit in
/// `values_left`; false when one did not fit. Each record's size is known
/// before its values are built, so a cut record costs nothing.
fn service_records(
    statefulsets: &[StatefulSetExplanation],
    svc: &ServiceInfo,
    values_left: &mut usize,
    records: &mut Vec<DnsRecord>,
) -> bool {
    let service = format!("{}/{}", svc.namespace, svc.name);
    if !super::is_valid_dns_name(&svc.fqdn) {
        return true;
    }
    let mut fits = |count: usize| {
        let fit = count <= *values_left;
        if fit {
            *values_left -= count;
        }
        fit
    };
    let record = |name: String, record_type: RecordType, values: Vec<String>| DnsRecord {
        name,
        record_type,
        values,
        service: service.clone(),
    };
    match &svc.kind {
        ServiceKind::ClusterIp { ip } => {
            let value = ip.clone().unwrap_or_else(|| "<cluster IP>".into());
            let record_type = if value.contains(':') { RecordType::Aaaa } else { RecordType::A };
            if !fits(1) {
                return false;
            }
            records.push(record(svc.fqdn.clone(), record_type, vec![value]));
            for port in &svc.ports {
                let Some(port_name) = &port.name else { continue };
                if !fits(1) {
                    return false;
                }
                records.push(record(
                    srv_name(port_name, &port.protocol, &svc.fqdn),
                    RecordType::Srv,
                    vec![format!("{} {}", port.port, svc.fqdn)],
                ));
            }
        }
        ServiceKind::ExternalName { target } => {
            if let Some(target) = target {
                if !fits(1) {
                    return false;
                }
                records.push(record(
                    svc.fqdn.clone(),
                    RecordType::Cname,
                    vec![target.trim_end_matches('.').to_string()],
                ));
            }
        }
        // A Service the API server rejects never exists.
        ServiceKind::Rejected { .. } => {}
        ServiceKind::Headless => {
            let pods: Vec<&super::PodIdentity> =
                svc.endpoints.iter().filter_map(|(sts, pod)| statefulsets.get(*sts)?.pods.get(*pod)).collect();
            if pods.is_empty() {
                return true;
            }
            if !fits(pods.len()) {
                return false;
            }
            records.push(record(
                svc.fqdn.clone(),
                RecordType::A,
                pods.iter().map(|pod| pod_address(&pod.name)).collect(),
            ));
            let named: Vec<(&super::PodIdentity, String)> = pods
                .iter()
                // A pod explain gives no name (e.g. one the controller cannot
                // create) has no record either.
                .filter(|pod| pod.subdomain.as_deref() == Some(svc.name.as_str()) && pod.fqdn.is_some())
                .map(|pod| (*pod, format!("{}.{}", pod.hostname.to_ascii_lowercase(), svc.fqdn)))
                .filter(|(_, fqdn)| super::is_valid_dns_name(fqdn))
                .collect();
            for (pod, fqdn) in &named {
                if !fits(1) {
                    return false;
                }
                records.push(record(fqdn.clone(), RecordType::A, vec![pod_address(&pod.name)]));
            }
            for port in &svc.ports {
                let Some(port_name) = &port.name else { continue };
                if named.is_empty() {
                    continue;
                }
                if !fits(named.len()) {
                    return false;
                }
                records.push(record(
                    srv_name(port_name, &port.protocol, &svc.fqdn),
                    RecordType::Srv,
                    named.iter().map(|(_, fqdn)| format!("{} {fqdn}", port.endpoint_port)).collect(),
                ));
            }
        }
    }
    true
}

fn srv_name(port: &str, protocol: &str, service_fqdn: &str) -> String {
    format!("_{}._{protocol}.{service_fqdn}", port.to_ascii_lowercase())
}
