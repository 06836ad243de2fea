use std::net::IpAddr;

use super::paths::select;
use super::{Context, Reporter, ResourceFacts, Rule};
use crate::parse::PathSegment::Key;
use crate::semantics::service;

super::declare_rule! {
    /// ## What it flags
    /// A Service's `clusterIPs` and `ipFamilies` that the API server rejects
    /// for their shape, beyond each value being an address (`invalid-value`)
    /// and agreeing with `clusterIP` (`service-type-conflict`):
    /// - more than two `clusterIPs`, or two of the same IP family;
    /// - `None` or an empty string after the first value of `clusterIPs`;
    /// - a cluster IP whose family is not the `ipFamilies` entry at the same index;
    /// - more than two `ipFamilies`, or one listed twice.
    ///
    /// ## Why it matters
    /// The Service is rejected, so the StatefulSet it governs gets no DNS
    /// records.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   ipFamilyPolicy: RequireDualStack
    ///   clusterIP: 10.0.0.1
    ///   clusterIPs: [10.0.0.1, 10.0.0.10]   # two IPv4 addresses
    ///   ipFamilies: [IPv6, IPv6]            # IPv6 twice
    /// ```
    ///
    /// ## Fix
    /// List at most one address and one family per IP family, in the same
    /// order, or leave `clusterIPs` and `ipFamilies` out and let the API
    /// server allocate them.
    ///
    /// ## Source
    /// pkg/apis/core/validation/validation.go
    /// `ValidateServiceClusterIPsRelatedFields` (at most two values, `None`
    /// only first and alone, every other value `IsValidIP`, one address per
    /// family, each address of the family `ipFamilies` names at its index)
    /// and `validateIPFamilies` (at most two, no duplicates); cases from
    /// pkg/apis/core/validation/validation_test.go `TestValidateServiceCreate`
    /// ("invalid, IP + NONE", "invalid, same ip family (v4)", "invalid,
    /// families don't match (v4=>v6)", "invalid, service with same ip families").
    pub struct InvalidClusterIps {
        id: "invalid-cluster-ips",
        severity: Error,
        summary: "a Service's clusterIPs or ipFamilies list too many, repeated or mismatched entries",
    }
}

impl Rule for InvalidClusterIps {
    fn check_resource(&self, _ctx: &Context<'_>, facts: &ResourceFacts<'_>, report: &mut Reporter<'_>) {
        let resource = facts.resource;
        let Some(svc) = resource.as_service() else { return };
        // `service-type-conflict` forbids both fields on an ExternalName Service.
        if service::service_type(svc.spec.as_ref()) == "ExternalName" {
            return;
        }
        let cluster_ips = select(&resource.root, "spec.clusterIPs[]");
        let families = select(&resource.root, "spec.ipFamilies[]");
        let mut report = |span, message: String, help: &'static str| {
            report.report(span, message).help(help);
        };
        let list_span = |field| resource.key_span(&[Key("spec"), Key(field)]);
        let headless = cluster_ips.first().and_then(|first| first.str()) == Some(service::CLUSTER_IP_NONE);
        if cluster_ips.len() > 2 {
            report(
                list_span("clusterIPs"),
                "`clusterIPs` may hold at most 2 values".into(),
                "keep one address per IP family",
            );
        }
        if !headless {
            for ip in cluster_ips.iter().skip(1) {
                let Some(text) = ip.str() else { continue };
                if text.is_empty() || text == service::CLUSTER_IP_NONE {
                    report(
                        ip.node.span(),
                        format!("`{}` must be an IP address, not {text:?}", ip.path),
                        "only the first value may be `None`, and only alone; remove it or write an address",
                    );
                }
            }
        }
        let addresses: Vec<Option<IpAddr>> =
            // `to_canonical`: Go's netutils counts an IPv4-mapped IPv6 address as IPv4.
            cluster_ips.iter().map(|ip| ip.str().and_then(|text| text.parse::<IpAddr>().ok()).map(|address| address.to_canonical())).collect();
        if let [Some(first), Some(second)] = addresses.as_slice() {
            if first.is_ipv4() == second.is_ipv4() {
                report(
                    list_span("clusterIPs"),
                    "`clusterIPs` may hold no more than one address of each IP family".into(),
                    "make the second address of the other family (IPv4 and IPv6), or remove it",
                );
            }
        }
        for (ip, (address, family_entry)) in cluster_ips.iter().zip(addresses.iter().zip(&families)) {
            let (Some(address), Some(family)) = (address, family_entry.str()) else { continue };
            let expected = match family {
                "IPv4" => address.is_ipv4(),
                "IPv6" => address.is_ipv6(),
                _ => continue, // `invalid-value` reports an unknown family.
            };
            if !expected {
                report(
                    ip.node.span(),
                    format!("`{}` must be an {family} address, as `{}` says", ip.path, family_entry.path),
                    "list the addresses in the order of `ipFamilies`, or leave `ipFamilies` out",
                );
            }
        }
        if families.len() > 2 {
            report(
                list_span("ipFamilies"),
                "`ipFamilies` may hold at most 2 families".into(),
                "list `IPv4`, `IPv6` or both",
            );
        }
        for (index, family) in families.iter().enumerate() {
            let Some(text) = family.str() else { continue };
            if families[..index].iter().any(|earlier| earlier.str() == Some(text)) {
                report(family.node.span(), format!("`{}` repeats `{text}`", family.path), "list each IP family once");
            }
        }
    }
}
