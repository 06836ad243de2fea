use crate::model::LabelMap;

use crate::model::kube::LabelSelector;

use super::{support, LinkedFacts, Reporter, Rule, Workspace};
use crate::model::Resource;
use crate::parse::PathSegment::{Index, Key};
use crate::semantics::selector;
use crate::source::Span;

super::declare_rule! {
    /// ## What it flags
    /// A PodDisruptionBudget in the StatefulSet's namespace that looks meant
    /// for it (its selector shares a `key: value` with the pod template
    /// labels, or its name is the StatefulSet's name or starts with it and a
    /// dash) but whose selector does not match the pod labels. The finding
    /// names the requirement that fails. At most 8 such PDBs are reported
    /// per StatefulSet, the first in input order, so that many PDBs near
    /// many StatefulSets cannot make a finding per pair.
    ///
    /// ## Why it matters
    /// The disruption controller counts only the pods the selector matches.
    /// A budget that matches none protects nothing: drains and autoscaler
    /// scale-downs evict the StatefulSet's pods as if there were no budget,
    /// while the manifest suggests they are protected. This is a warning
    /// rather than an error because the budget itself is valid and the pods
    /// still run.
    ///
    /// ## Example
    /// ```yaml
    /// kind: PodDisruptionBudget
    /// metadata: {name: zk-pdb}
    /// spec:
    ///   maxUnavailable: 1
    ///   selector:
    ///     matchLabels: {app: zk, tier: db}   # the pods have app: zk only
    /// ```
    ///
    /// ## Fix
    /// Make every requirement of the PDB selector hold for the pod template
    /// labels, usually by copying the StatefulSet's `spec.selector`.
    ///
    /// ## Source
    /// - pkg/controller/disruption/disruption.go (`getPodsForPdb` lists pods
    ///   with `metav1.LabelSelectorAsSelector(pdb.Spec.Selector)`).
    /// - Kubernetes docs, "Specifying a Disruption Budget for your
    ///   Application" (the selector must match the controller's pods; an
    ///   empty selector matches every pod in the namespace in policy/v1 and
    ///   none in policy/v1beta1).
    pub struct PdbSelectorMismatch {
        id: "pdb-selector-mismatch",
        severity: Warning,
        summary: "a PodDisruptionBudget meant for the StatefulSet does not select its pods",
    }
}

impl Rule for PdbSelectorMismatch {
    fn links(&self) -> bool {
        true
    }

    fn check_linked(&self, ctx: &Workspace<'_>, facts: &LinkedFacts<'_>, report: &mut Reporter<'_>) {
        let resource = facts.resource;
        if facts.accepted_statefulset().is_none() {
            return;
        }
        let labels = facts.template_labels();
        let sts_name = resource.name.as_deref().unwrap_or("<unnamed>");
        for pdb_resource in support::near_miss_pdbs(ctx, facts) {
            let Some(pdb) = pdb_resource.as_pdb() else { continue };
            let pdb_name = pdb_resource.name.as_deref().unwrap_or("<unnamed>");
            let selector = pdb.spec.as_ref().and_then(|spec| spec.selector.as_ref());
            let (span, why) = explain_mismatch(pdb_resource, selector, labels);
            report
                .report_on(
                    pdb_resource,
                    span,
                    format!(
                        "PodDisruptionBudget `{pdb_name}` does not select the pods of StatefulSet `{sts_name}`: {why}"
                    ),
                )
                .help(format!(
                    "make the PDB selector match the pod labels ({}), e.g. copy the StatefulSet's `spec.selector`",
                    support::format_labels(labels)
                ))
                .label_in(
                    resource.file,
                    resource.span(&[Key("spec"), Key("template"), Key("metadata"), Key("labels")]),
                    format!("the pod template labels of `{sts_name}`"),
                );
        }
    }
}

/// Where the selector fails and why, in words.
fn explain_mismatch(pdb: &Resource, selector: Option<&LabelSelector>, labels: &LabelMap) -> (Span, String) {
    let selector_path = [Key("spec"), Key("selector")];
    let Some(selector) = selector else {
        return (pdb.span(&selector_path), "it has no selector, so it selects no pods".into());
    };
    if selector::label_selector_is_empty(selector) {
        return (pdb.span(&selector_path), "its selector is empty, which selects no pods under policy/v1beta1".into());
    }
    for (key, wanted) in selector.match_labels.iter().flatten() {
        let path = [Key("spec"), Key("selector"), Key("matchLabels"), Key(key)];
        match labels.get(key) {
            Some(found) if found == wanted => {}
            Some(found) => {
                return (pdb.span(&path), format!("`{key}` is `{wanted}` in the selector but `{found}` on the pods"))
            }
            None => return (pdb.span(&path), format!("the pods have no label `{key}`")),
        }
    }
    for (index, expr) in selector.match_expressions.iter().flatten().enumerate() {
        let single = LabelSelector { match_expressions: Some(vec![expr.clone()]), match_labels: None };
        if !selector::label_selector_matches(&single, labels) {
            let values = expr.values.as_deref().unwrap_or_default().join(", ");
            let found = labels.get(&expr.key).map_or("no such label".to_string(), |value| format!("`{value}`"));
            return (
                pdb.span(&[Key("spec"), Key("selector"), Key("matchExpressions"), Index(index)]),
                format!("`{} {} [{values}]` fails; the pods have {found}", expr.key, expr.operator),
            );
        }
    }
    (pdb.span(&selector_path), "its selector does not match the pod labels".into())
}
