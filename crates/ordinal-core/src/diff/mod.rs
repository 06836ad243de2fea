//! Change review (`ordinal diff`): what applying NEW over OLD would do.
//!
//! Resources of the two versions are paired by kind, namespace (after
//! defaulting from [`Options::namespace`]) and name; each pair is compared
//! as the API server would store it ([`normalized`]), so that reformatting,
//! reordering keys and writing out a default are no change. Every rule's
//! `check_change` hook then looks at each change (the rules of `ordinal
//! diff` live in `rules/` beside lint's, in the one registry, so `ordinal
//! rules ID`, the rule pages, `.ordinal.yaml` and `ordinal.dev/ignore`
//! treat them alike), and each changed StatefulSet gets its rollout from
//! the explain model ([`crate::explain::change_rollout`]).
//!
//! Findings are located in NEW, or in OLD for what NEW no longer has.

mod fields;
mod normalize;

use std::collections::HashMap;

pub use fields::changed_fields;
pub use normalize::normalized;

use crate::analysis::analyze_file;
use crate::diagnostic::{Diagnostic, FileId, Severity};
use crate::explain::{self, Plan, StatefulSetExplanation};
use crate::kinds::Kind;
use crate::model::Resource;
use crate::options::Options;
use crate::rules::{self, ChangeContext, ChangeKind, FileProblems, PodClaims, Reporter, ResourceChange, Rule};
use crate::source::{SourceFile, Span};
use crate::suppression::Suppressions;
use crate::topology::Topology;

/// The rule whose findings mean the API server rejects the update.
const IMMUTABLE_FIELD_CHANGED: &str = "immutable-field-changed";

/// One resource's change, for the report.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// `kind` as written.
    pub kind: String,
    /// The effective namespace.
    pub namespace: String,
    /// `metadata.name`.
    pub name: String,
    /// Added, removed, changed or unchanged.
    pub change: ChangeKind,
    /// The changed field paths (`spec.replicas`), sorted; empty unless changed.
    pub fields: Vec<String>,
    /// The file and span of the version shown: NEW's, or OLD's when removed.
    pub file: FileId,
    /// The resource's `kind` line in that file.
    pub span: Span,
    /// For a changed StatefulSet, what the controller does to its pods.
    pub rollout: Option<Plan>,
}

/// Counts for a diff run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct DiffSummary {
    /// OLD's files.
    pub old_files: usize,
    /// NEW's files.
    pub new_files: usize,
    /// Resources only in NEW.
    pub added: usize,
    /// Resources only in OLD.
    pub removed: usize,
    /// Resources in both that differ.
    pub changed: usize,
    /// Resources in both that do not.
    pub unchanged: usize,
    /// Findings at error severity.
    pub errors: usize,
    /// Findings at warning severity.
    pub warnings: usize,
    /// Findings at info severity.
    pub infos: usize,
}

/// The outcome of `ordinal diff`.
#[derive(Debug, Clone, Default)]
pub struct DiffReport {
    /// Findings ordered by file, position and rule.
    pub diagnostics: Vec<Diagnostic>,
    /// Every paired resource: NEW's order, then what only OLD has.
    pub changes: Vec<Change>,
    /// Counts.
    pub summary: DiffSummary,
}

/// Compare OLD, `files[..old_files]`, with NEW, the rest of `files`; file
/// ids in the report index `files`.
pub fn diff(files: &[SourceFile], old_files: usize, options: &Options) -> DiffReport {
    let old_files = old_files.min(files.len());
    let mut problems = Vec::with_capacity(files.len());
    let mut old = Vec::new();
    let mut new = Vec::new();
    for (id, file) in files.iter().enumerate() {
        let analysis = analyze_file(id, file, options);
        problems.push(analysis.problems);
        if id < old_files {
            old.extend(analysis.resources);
        } else {
            new.extend(analysis.resources);
        }
    }
    let old_refs: Vec<&Resource> = old.iter().collect();
    let old_topology = Topology::build(&old_refs);
    let new_refs: Vec<&Resource> = new.iter().collect();
    let new_topology = Topology::build(&new_refs);
    // What-if replicas are explain's; a diff is about the manifests as written.
    let explain_options = Options { replicas: None, scale_to: None, ..options.clone() };
    let old_explained = explain::explain_resources(&old_refs, &explain_options);
    let new_explained = explain::explain_resources(&new_refs, &explain_options);
    let old_sets = by_name(&old_explained.statefulsets);
    let new_sets = by_name(&new_explained.statefulsets);

    let pairs = pair(&old, &new);
    let mut changes: Vec<ResourceChange<'_>> = pairs
        .iter()
        .map(|&(old_index, new_index)| {
            let old_resource = old_index.map(|index| (index, &old[index]));
            let new_resource = new_index.map(|index| (index, &new[index]));
            let old_value = old_resource.map(|(_, resource)| normalized(resource));
            let new_value = new_resource.map(|(_, resource)| normalized(resource));
            let (kind, fields) = match (&old_value, &new_value) {
                (Some(before), Some(after)) => {
                    let fields = changed_fields(before, after);
                    (if fields.is_empty() { ChangeKind::Unchanged } else { ChangeKind::Changed }, fields)
                }
                (Some(_), None) => (ChangeKind::Removed, Vec::new()),
                _ => (ChangeKind::Added, Vec::new()),
            };
            // Only a change's rules read the values, and the rename search a
            // removed StatefulSet's: the rest, compared, are dropped here.
            let removed_statefulset =
                kind == ChangeKind::Removed && old_resource.is_some_and(|(_, resource)| is_statefulset(resource));
            let old_value = old_value.filter(|_| kind == ChangeKind::Changed || removed_statefulset);
            let new_value = new_value.filter(|_| kind == ChangeKind::Changed);
            let pods = |resource: Option<(usize, &Resource)>, sets: &HashMap<(&str, &str), &StatefulSetExplanation>| {
                resource
                    .filter(|(_, resource)| is_statefulset(resource))
                    .and_then(|(_, resource)| sets.get(&(resource.namespace.as_str(), resource.name.as_deref()?)))
                    .map(|sts| pod_claims(sts))
                    .unwrap_or_default()
            };
            ResourceChange {
                kind,
                old: old_resource,
                new: new_resource,
                old_pods: pods(old_resource, &old_sets),
                new_pods: pods(new_resource, &new_sets),
                old_value,
                new_value,
                fields,
                renamed_to: None,
            }
        })
        .collect();
    link_renames(&mut changes);

    let ctx = ChangeContext {
        files,
        old: &old,
        new: &new,
        old_topology: &old_topology,
        new_topology: &new_topology,
        options,
    };
    let enabled: Vec<(&dyn Rule, Severity)> =
        rules::RULES.iter().filter_map(|&rule| Some((rule, options.rule_severity(rule.meta())?))).collect();
    let mut diagnostics = Vec::new();
    // A file that does not parse would otherwise look like resources
    // removed or added: its syntax errors are reported as lint reports them.
    for (file, (source, problems)) in files.iter().zip(&problems).enumerate() {
        let file_ctx = rules::Context { file: source, options };
        let problems = FileProblems { file, problems };
        for &(rule, severity) in &enabled {
            let mut reporter = Reporter::new(rule.meta(), severity, file, None, &mut diagnostics);
            rule.check_file(&file_ctx, &problems, &mut reporter);
        }
    }
    for change in &changes {
        let Some(located) = change.new_resource().or(change.old_resource()) else { continue };
        for &(rule, severity) in &enabled {
            let mut reporter = Reporter::new(rule.meta(), severity, located.file, Some(located), &mut diagnostics);
            rule.check_change(&ctx, change, &mut reporter);
        }
    }
    let all: Vec<&Resource> = old.iter().chain(&new).collect();
    let suppressions = Suppressions::new(files, &all);
    diagnostics.retain(|diagnostic| !suppressions.silences(diagnostic));
    crate::diagnostic::sort_and_dedup(&mut diagnostics);

    let mut summary = DiffSummary { old_files, new_files: files.len() - old_files, ..DiffSummary::default() };
    for diagnostic in &diagnostics {
        match diagnostic.severity {
            Severity::Error => summary.errors += 1,
            Severity::Warning => summary.warnings += 1,
            Severity::Info => summary.infos += 1,
        }
    }
    let mut report_changes = Vec::with_capacity(changes.len());
    for change in &changes {
        let Some(located) = change.new_resource().or(change.old_resource()) else { continue };
        match change.kind {
            ChangeKind::Added => summary.added += 1,
            ChangeKind::Removed => summary.removed += 1,
            ChangeKind::Changed => summary.changed += 1,
            ChangeKind::Unchanged => summary.unchanged += 1,
        }
        let rollout = (change.kind == ChangeKind::Changed && is_statefulset(located))
            .then(|| {
                let key = (located.namespace.as_str(), located.name.as_deref()?);
                let before = old_sets.get(&key)?;
                let after = new_sets.get(&key)?;
                let mut plan = explain::change_rollout(before, after, change.changed_under(&["spec", "template"]));
                let rejected = diagnostics.iter().any(|diagnostic| {
                    diagnostic.rule == IMMUTABLE_FIELD_CHANGED
                        && diagnostic.resource.as_deref().is_some_and(|found| *found == located.reference())
                });
                if rejected {
                    plan.notes.insert(
                        0,
                        "the API server rejects this change as it stands (immutable-field-changed): nothing rolls out until it is accepted; the steps are what happens then".into(),
                    );
                }
                Some(plan)
            })
            .flatten();
        report_changes.push(Change {
            kind: located.kind.as_deref().unwrap_or_default().to_string(),
            namespace: located.namespace.clone(),
            name: located.name.clone().unwrap_or_default(),
            change: change.kind,
            fields: change.fields.iter().map(ToString::to_string).collect(),
            file: located.file,
            span: located.head_span(),
            rollout,
        });
    }
    DiffReport { diagnostics, changes: report_changes, summary }
}

fn is_statefulset(resource: &Resource) -> bool {
    resource.kind.as_deref() == Some(Kind::StatefulSet.name())
}

/// Pair resources by kind, namespace and name: NEW's order, then OLD's
/// resources that NEW lacks. A resource without a kind or a name cannot be
/// applied and pairs with nothing; of two with the same key in one version
/// the first counts, as the topology keeps the first.
fn pair(old: &[Resource], new: &[Resource]) -> Vec<(Option<usize>, Option<usize>)> {
    let key = |resource: &Resource| -> Option<(String, String, String)> {
        Some((resource.kind.as_deref()?.to_string(), resource.namespace.clone(), resource.name.clone()?))
    };
    let mut old_by_key = HashMap::new();
    for (index, resource) in old.iter().enumerate() {
        if let Some(key) = key(resource) {
            old_by_key.entry(key).or_insert(index);
        }
    }
    let mut seen = HashMap::new();
    let mut pairs = Vec::new();
    let mut matched = vec![false; old.len()];
    for (index, resource) in new.iter().enumerate() {
        let Some(key) = key(resource) else { continue };
        if seen.insert(key.clone(), index).is_some() {
            continue;
        }
        let old_index = old_by_key.get(&key).copied();
        if let Some(old_index) = old_index {
            matched[old_index] = true;
        }
        pairs.push((old_index, Some(index)));
    }
    let mut removed: Vec<usize> = old_by_key.values().copied().filter(|&index| !matched[index]).collect();
    crate::order::sort(&mut removed);
    pairs.extend(removed.into_iter().map(|index| (Some(index), None)));
    pairs
}

/// For each removed StatefulSet, the added one in the same namespace with
/// the same selector or governing Service: a rename, to the cluster a
/// deletion and a creation.
fn link_renames(changes: &mut [ResourceChange<'_>]) {
    let spec_field = |value: Option<&serde_json::Value>, field: &str| {
        value.and_then(|value| value.get("spec")).and_then(|spec| spec.get(field)).cloned()
    };
    // The added StatefulSets by namespace and normalised selector, and by
    // namespace and serviceName, each with its first position: one
    // normalisation each, where trying every added one for every removed
    // one normalised N² of them (2,000 renamed: 4.4 s). A value is keyed by
    // its JSON text, which equal values share: objects are `BTreeMap`s and
    // numbers keep their kind.
    let mut added = Vec::new();
    let mut by_selector: HashMap<(&str, String), usize> = HashMap::new();
    let mut by_service: HashMap<(&str, String), usize> = HashMap::new();
    for change in changes.iter().filter(|change| change.kind == ChangeKind::Added) {
        let Some((index, candidate)) = change.new.filter(|(_, resource)| is_statefulset(resource)) else { continue };
        let value = normalized(candidate);
        let namespace = candidate.namespace.as_str();
        if let Some(selector) = spec_field(Some(&value), "selector") {
            by_selector.entry((namespace, selector.to_string())).or_insert(added.len());
        }
        if let Some(service) = spec_field(Some(&value), "serviceName") {
            by_service.entry((namespace, service.to_string())).or_insert(added.len());
        }
        added.push(index);
    }
    for change in changes.iter_mut().filter(|change| change.kind == ChangeKind::Removed) {
        let Some((_, old)) = change.old.filter(|(_, resource)| is_statefulset(resource)) else { continue };
        let namespace = old.namespace.as_str();
        let old_value = change.old_value.as_ref();
        let first = |index: &HashMap<(&str, String), usize>, field: &str| {
            spec_field(old_value, field).and_then(|wanted| index.get(&(namespace, wanted.to_string())).copied())
        };
        let position = match (first(&by_selector, "selector"), first(&by_service, "serviceName")) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        change.renamed_to = position.map(|position| added[position]);
    }
}

fn by_name(sets: &[StatefulSetExplanation]) -> HashMap<(&str, &str), &StatefulSetExplanation> {
    let mut map = HashMap::new();
    for sts in sets {
        map.entry((sts.namespace.as_str(), sts.name.as_str())).or_insert(sts);
    }
    map
}

fn pod_claims(sts: &StatefulSetExplanation) -> Vec<PodClaims> {
    sts.pods
        .iter()
        .map(|pod| PodClaims { pod: pod.name.clone(), ordinal: pod.ordinal, claims: pod.pvcs.clone() })
        .collect()
}
