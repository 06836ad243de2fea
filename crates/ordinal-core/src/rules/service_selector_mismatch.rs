use super::{support, LinkedFacts, Reporter, Rule, Workspace};
use crate::parse::PathSegment::Key;
use crate::semantics::service;

super::declare_rule! {
    /// ## What it flags
    /// A StatefulSet whose governing Service (`spec.serviceName`) has no
    /// selector, or a selector that does not select the StatefulSet's pod
    /// template labels. The finding names the key that differs.
    ///
    /// ## Why it matters
    /// The EndpointSlice controller lists the pods a Service selects, and
    /// cluster DNS builds the per-pod records of a headless Service
    /// (`web-0.nginx.default.svc.cluster.local`) from those endpoints. If
    /// the selector does not match the pods, the Service has no endpoints:
    /// the pods keep their `subdomain`, but none of their names resolve.
    /// A Service without a selector gets no EndpointSlices at all unless
    /// they are written by hand.
    ///
    /// ## Example
    /// ```yaml
    /// kind: Service
    /// metadata: {name: nginx}
    /// spec:
    ///   clusterIP: None
    ///   selector: {app: web}      # the pods are labelled app: nginx
    /// ---
    /// kind: StatefulSet
    /// spec:
    ///   serviceName: nginx
    ///   template:
    ///     metadata: {labels: {app: nginx}}
    /// ```
    ///
    /// ## Fix
    /// Make every `key: value` of the Service selector a label of the pod
    /// template (usually by copying the StatefulSet's `matchLabels`).
    ///
    /// ## Source
    /// - Kubernetes docs, "Service" (Services without selectors: "the
    ///   control plane does not create EndpointSlice objects") and "DNS for
    ///   Services and Pods" (headless Service records come from its endpoints).
    /// - pkg/controller/endpointslice/endpointslice_controller.go
    ///   (`syncService`: a Service with a nil selector gets no EndpointSlices
    ///   from the controller; pods are listed with
    ///   `labels.Set(service.Spec.Selector).AsSelectorPreValidated()`).
    pub struct ServiceSelectorMismatch {
        id: "service-selector-mismatch",
        severity: Error,
        summary: "the governing Service's selector does not select the StatefulSet's pods",
    }
}

impl Rule for ServiceSelectorMismatch {
    fn links(&self) -> bool {
        true
    }

    fn check_linked(&self, ctx: &Workspace<'_>, facts: &LinkedFacts<'_>, report: &mut Reporter<'_>) {
        let resource = facts.resource;
        if facts.accepted_statefulset().is_none() {
            return;
        }
        let Some(service) = support::governing_service(ctx, facts) else { return };
        let Some(svc) = service.as_service() else { return };
        // An ExternalName Service has no endpoints whatever its selector;
        // `service-not-headless` reports it.
        let spec = svc.spec.as_ref();
        if service::service_type(spec) == "ExternalName" {
            return;
        }
        let labels = facts.template_labels();
        let svc_name = service.name.as_deref().unwrap_or("<unnamed>");
        let sts_name = resource.name.as_deref().unwrap_or("<unnamed>");
        let labels_path = [Key("spec"), Key("template"), Key("metadata"), Key("labels")];
        let selector = spec.and_then(|spec| spec.selector.as_ref()).filter(|selector| !selector.is_empty());
        let Some(selector) = selector else {
            report.report_on(service, service.span(&[Key("spec"), Key("selector")]), format!("Service `{svc_name}` governs StatefulSet `{sts_name}` but has no selector, so it has no endpoints and no per-pod DNS records")).help(format!("add `selector` with the pod labels of `{sts_name}` ({})", support::format_labels(labels))).label_in(resource.file, resource.span(&labels_path), "the pod template labels");
            return;
        };
        // Report the first key that differs (BTreeMap order is stable).
        let Some((key, wanted, found)) = selector.iter().find_map(|(key, value)| match labels.get(key) {
            Some(found) if found == value => None,
            found => Some((key, value, found)),
        }) else {
            return;
        };
        let (what, label_span, label_text) = match found {
            Some(found) => (
                format!("`{key}` is `{wanted}` in the Service selector but `{found}` on the pods"),
                resource.span(&[Key("spec"), Key("template"), Key("metadata"), Key("labels"), Key(key)]),
                format!("the pod template has `{key}: {found}`"),
            ),
            None => (
                format!("the pods have no label `{key}`"),
                resource.span(&labels_path),
                format!("the pod template labels lack `{key}`"),
            ),
        };
        report
            .report_on(
                service,
                service.span(&[Key("spec"), Key("selector"), Key(key)]),
                format!("Service `{svc_name}` does not select the pods of StatefulSet `{sts_name}`: {what}"),
            )
            .help(format!("make the Service selector a subset of the pod labels ({})", support::format_labels(labels)))
            .label_in(resource.file, label_span, label_text);
    }
}
