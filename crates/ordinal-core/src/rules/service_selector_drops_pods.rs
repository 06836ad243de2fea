use crate::model::LabelMap;

use super::change::{ChangeContext, ChangeKind, ResourceChange};
use super::{Reporter, Rule};
use crate::model::Resource;
use crate::parse::PathSegment::Key;
use crate::semantics::selector::map_selector_matches;
use crate::topology::pod_template_labels;

super::declare_rule! {
    /// ## What it flags
    /// A Service that selected a StatefulSet's pods in OLD and selects none of
    /// them in NEW (`ordinal diff`), because its `selector` changed or
    /// because the pod template's labels did.
    ///
    /// ## Why it matters
    /// The EndpointSlice controller lists a Service's pods by its selector.
    /// When it stops matching, the Service has no endpoints: its name stops
    /// resolving (headless) or stops answering (ClusterIP), and for a
    /// governing Service the pods' own DNS names go too, so peers that find
    /// each other by name lose each other mid-rollout.
    ///
    /// ## Example
    /// ```yaml
    /// # OLD                       # NEW
    /// selector:                   selector:
    ///   app: zk                     app.kubernetes.io/name: zookeeper
    /// # while the pods keep the label app: zk
    /// ```
    ///
    /// ## Fix
    /// Keep a selector that matches the pods' labels (add labels to the pod
    /// template first, roll them out, then narrow the selector).
    ///
    /// ## Source
    /// - kubernetes/kubernetes `pkg/controller/endpointslice` (pods listed by
    ///   `labels.Set(service.Spec.Selector).AsSelectorPreValidated()`).
    /// - kubernetes/dns `docs/specification.md` §2.4 (records exist only for
    ///   a headless Service's endpoints).
    pub struct ServiceSelectorDropsPods {
        id: "service-selector-drops-pods",
        severity: Warning,
        summary: "a change makes a Service stop selecting the StatefulSet pods it selected",
        on: change,
    }
}

impl Rule for ServiceSelectorDropsPods {
    fn check_change(&self, ctx: &ChangeContext<'_>, change: &ResourceChange<'_>, report: &mut Reporter<'_>) {
        if change.kind != ChangeKind::Changed {
            return;
        }
        let Some(new) = change.new_resource() else { return };
        if new.as_service().is_some() {
            if change.changed_under(&["spec", "selector"]) {
                service_changed(ctx, change, report);
            }
        } else if new.as_statefulset().is_some() && change.changed_under(&["spec", "template", "metadata", "labels"]) {
            labels_changed(ctx, change, report);
        }
    }
}

fn selector(resource: &Resource) -> LabelMap {
    resource.as_service().and_then(|svc| svc.spec.as_ref()).and_then(|spec| spec.selector.clone()).unwrap_or_default()
}

/// Whether a Service selector selects a pod with `labels`; an empty
/// selector selects nothing (the Service then has manual endpoints).
fn selects(selector: &LabelMap, labels: &LabelMap) -> bool {
    !selector.is_empty() && map_selector_matches(selector, labels)
}

fn old_version<'a>(ctx: &ChangeContext<'a>, resource: &Resource) -> Option<&'a Resource> {
    let name = resource.name.as_deref()?;
    ctx.old.iter().find(|old| {
        old.kind == resource.kind && old.namespace == resource.namespace && old.name.as_deref() == Some(name)
    })
}

fn service_changed(ctx: &ChangeContext<'_>, change: &ResourceChange<'_>, report: &mut Reporter<'_>) {
    let (Some(old), Some(new)) = (change.old_resource(), change.new_resource()) else { return };
    let (before, after) = (selector(old), selector(new));
    let name = new.name.as_deref().unwrap_or("<unnamed>");
    for sts in ctx.new.iter().filter(|sts| sts.as_statefulset().is_some() && sts.namespace == new.namespace) {
        let labels = pod_template_labels(sts);
        let old_labels = old_version(ctx, sts).map_or_else(|| labels.clone(), pod_template_labels);
        if !selects(&before, &old_labels) || selects(&after, &labels) {
            continue;
        }
        let sts_name = sts.name.as_deref().unwrap_or("<unnamed>");
        report
            .report(
                new.span(&[Key("spec"), Key("selector")]),
                format!("the new selector of Service `{name}` no longer selects the pods of StatefulSet `{sts_name}`, which the old one did: the Service loses those endpoints"),
            )
            .label_in(sts.file, sts.span(&[Key("spec"), Key("template"), Key("metadata"), Key("labels")]), "the pods' labels")
            .help("keep a selector that matches the pod template's labels");
    }
}

fn labels_changed(ctx: &ChangeContext<'_>, change: &ResourceChange<'_>, report: &mut Reporter<'_>) {
    let (Some(old), Some(new)) = (change.old_resource(), change.new_resource()) else { return };
    let (before, after) = (pod_template_labels(old), pod_template_labels(new));
    let sts_name = new.name.as_deref().unwrap_or("<unnamed>");
    for svc in ctx.new.iter().filter(|svc| svc.as_service().is_some() && svc.namespace == new.namespace) {
        let now = selector(svc);
        // A Service whose selector changed too is reported on the Service.
        let Some(old_svc) = old_version(ctx, svc) else { continue };
        let then = selector(old_svc);
        if then != now || !selects(&then, &before) || selects(&now, &after) {
            continue;
        }
        let name = svc.name.as_deref().unwrap_or("<unnamed>");
        report
            .report(
                new.span(&[Key("spec"), Key("template"), Key("metadata"), Key("labels")]),
                format!("the new pod labels of StatefulSet `{sts_name}` no longer match the selector of Service `{name}`: the Service loses those endpoints as pods are replaced"),
            )
            .label_in(svc.file, svc.span(&[Key("spec"), Key("selector")]), "the Service's selector")
            .help("keep the labels the Service selects on the pod template");
    }
}
