use super::paths::select;
use super::{Context, Reporter, ResourceFacts, Rule};
use crate::validation;

super::declare_rule! {
    /// ## What it flags
    /// A Service whose `metadata.name` starts with a digit (`1web`,
    /// `3scale-api`): a valid DNS-1123 label, but not a DNS-1035 label.
    ///
    /// ## Why it matters
    /// For most of Kubernetes' history a Service name had to be a DNS-1035
    /// label, starting with a letter, because it also becomes environment
    /// variable names (`WEB_SERVICE_HOST`). KEP-5311 relaxed this to a
    /// DNS-1123 label behind the `RelaxedServiceNameValidation` feature
    /// gate, now beta and on by default; API servers older than that, or
    /// with the gate off, reject the Service with `must start with an
    /// alphabetic character`. A manifest meant to work across clusters
    /// should still start Service names with a letter.
    ///
    /// ## Example
    /// ```yaml
    /// kind: Service
    /// metadata:
    ///   name: 1web     # rejected by older API servers
    /// ```
    ///
    /// ## Fix
    /// Start the name with a letter (`web-1`), and update the StatefulSet's
    /// `serviceName` and any clients that use the DNS name.
    ///
    /// ## Source
    /// pkg/apis/core/validation `ValidateService`: `ValidateServiceName`
    /// (`NameIsDNS1035Label`), or `NameIsDNSLabel` for new Services when
    /// `RelaxedServiceNameValidation` is enabled (KEP-5311;
    /// kubernetes/kubernetes PRs 132339 and 136389).
    pub struct ServiceNameStartsWithDigit {
        id: "service-name-starts-with-digit",
        severity: Warning,
        summary: "a Service name starts with a digit, which older API servers reject",
    }
}

impl Rule for ServiceNameStartsWithDigit {
    fn check_resource(&self, _ctx: &Context<'_>, facts: &ResourceFacts<'_>, report: &mut Reporter<'_>) {
        let resource = facts.resource;
        if resource.as_service().is_none() {
            return;
        }
        for name in select(&resource.root, "metadata.name") {
            let Some(text) = name.str() else { continue };
            // Names that are not even DNS-1123 labels are `invalid-name`'s.
            if validation::dns1123_label(text).is_empty() && !validation::dns1035_label(text).is_empty() {
                report.report(name.node.span(), format!("Service name `{text}` starts with a digit, which API servers without `RelaxedServiceNameValidation` reject")).help("start the name with a letter so that it is a DNS-1035 label on every cluster");
            }
        }
    }
}
