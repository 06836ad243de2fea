use super::paths::select;
use super::{Context, Reporter, ResourceFacts, Rule};
use crate::parse::PathSegment::Key;
use crate::semantics::service;
use crate::source::Span;

super::declare_rule! {
    /// ## What it flags
    /// Service addresses the API server rejects:
    /// - an `externalIPs` entry that is not an IP address, or is unspecified
    ///   (`0.0.0.0`, `::`), loopback (`127.0.0.0/8`, `::1`), link-local
    ///   (`169.254.0.0/16`, `fe80::/10`) or link-local multicast
    ///   (`224.0.0.0/24`, `ff02::/16`);
    /// - a `loadBalancerSourceRanges` entry that is not a CIDR (blanks around
    ///   it are allowed), or source ranges on a Service whose `type` is not
    ///   `LoadBalancer`;
    /// - the same for the `service.beta.kubernetes.io/load-balancer-source-ranges`
    ///   annotation (comma-separated CIDRs), which is read only when
    ///   `loadBalancerSourceRanges` is empty.
    ///
    /// ## Why it matters
    /// The Service is rejected, and with it every DNS name and endpoint the
    /// workload behind it was meant to get.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   type: LoadBalancer
    ///   externalIPs: [127.0.0.1]                 # loopback
    ///   loadBalancerSourceRanges: [10.0.0.0/33]  # not a CIDR
    /// ```
    ///
    /// ## Fix
    /// Use routable addresses for `externalIPs`, and CIDRs such as
    /// `10.0.0.0/8` for source ranges on `LoadBalancer` Services only.
    ///
    /// ## Source
    /// pkg/apis/core/validation/validation.go `ValidateService` (the
    /// `externalIPs` loop with `ValidateNonSpecialIP`, and the
    /// `LoadBalancerSourceRanges` / `AnnotationLoadBalancerSourceRangesKey`
    /// branch with `IsValidCIDR`); cases from
    /// pkg/apis/core/validation/validation_test.go `TestValidateServiceCreate`
    /// ("invalid publicIPs …", "invalid LoadBalancer source range …").
    pub struct InvalidServiceAddress {
        id: "invalid-service-address",
        severity: Error,
        summary: "a Service's externalIPs or load balancer source ranges are invalid",
    }
}

/// The annotation that predates `spec.loadBalancerSourceRanges`.
const SOURCE_RANGES_ANNOTATION: &str = "service.beta.kubernetes.io/load-balancer-source-ranges";

impl Rule for InvalidServiceAddress {
    fn check_resource(&self, _ctx: &Context<'_>, facts: &ResourceFacts<'_>, report: &mut Reporter<'_>) {
        let resource = facts.resource;
        let Some(svc) = resource.as_service() else { return };
        for ip in select(&resource.root, "spec.externalIPs[]") {
            let Some(text) = ip.str() else { continue };
            let problem = match service::parse_ip_sloppy(text) {
                None => Some("is not an IP address".to_string()),
                Some(address) => service::special_ip_problem(address).map(|range| format!("may not be {range}")),
            };
            if let Some(problem) = problem {
                report
                    .report(ip.node.span(), format!("external IP `{text}` {problem}"))
                    .help("list only addresses that route to a node from outside the cluster");
            }
        }
        let is_load_balancer = service::service_type(svc.spec.as_ref()) == "LoadBalancer";
        let ranges = select(&resource.root, "spec.loadBalancerSourceRanges[]");
        if !ranges.is_empty() {
            if !is_load_balancer {
                not_load_balancer(report, resource.key_span(&[Key("spec"), Key("loadBalancerSourceRanges")]));
            }
            for range in ranges {
                let Some(text) = range.str() else { continue };
                if !service::is_cidr(text.trim()) {
                    not_a_cidr(report, range.node.span(), text);
                }
            }
            return;
        }
        let Some(annotation) = resource.root.at(&[Key("metadata"), Key("annotations"), Key(SOURCE_RANGES_ANNOTATION)])
        else {
            return;
        };
        let Some(text) = annotation.as_str() else { return };
        if !is_load_balancer {
            not_load_balancer(
                report,
                resource.key_span(&[Key("metadata"), Key("annotations"), Key(SOURCE_RANGES_ANNOTATION)]),
            );
        }
        let trimmed = text.trim();
        if !trimmed.is_empty() {
            for part in trimmed.split(',') {
                if !service::is_cidr(part.trim()) {
                    not_a_cidr(report, annotation.span(), part.trim());
                }
            }
        }
    }
}

fn not_load_balancer(report: &mut Reporter<'_>, span: Span) {
    report
        .report(span, "load balancer source ranges may only be used when `type` is `LoadBalancer`")
        .help("remove the source ranges, or make the Service `type: LoadBalancer`");
}

fn not_a_cidr(report: &mut Reporter<'_>, span: Span, text: &str) {
    report
        .report(span, format!("source range `{text}` is not a CIDR"))
        .help("write an address and a prefix length, such as `10.0.0.0/8` or `2001:db8::/32`");
}
