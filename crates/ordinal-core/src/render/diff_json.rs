//! The JSON wire shape of `ordinal diff --format json`:
//!
//! ```json
//! {"diagnostics": [...lint's diagnostic shape...],
//!  "changes": [{"kind", "namespace", "name", "change": "added|removed|changed|unchanged",
//!               "fields": ["spec.replicas", ...],
//!               "rollout": [["web-4"], ["web-3"], ...] | null,
//!               "rollout_steps": [{"action": "create|delete|update", "pods", "waits_for"}],
//!               "rollout_notes": [...]}],
//!  "summary": {"old_files", "new_files", "added", "removed", "changed", "unchanged",
//!              "errors", "warnings", "infos"}}
//! ```
//!
//! `rollout` is the pods of each step in order (a changed StatefulSet only);
//! `rollout_steps` says what each step does and waits for, and
//! `rollout_notes` which pods keep the old revision and why.

use serde::Serialize;

use super::lint_json::{diagnostic_json, DiagnosticJson, LintJsonOptions};
use crate::diff::{DiffReport, DiffSummary};
use crate::source::SourceFile;

/// The whole report.
#[derive(Debug, Clone, Serialize)]
pub struct DiffJson<'a> {
    /// Findings in report order.
    pub diagnostics: Vec<DiagnosticJson<'a>>,
    /// Every paired resource.
    pub changes: Vec<ChangeJson<'a>>,
    /// Counts.
    pub summary: DiffSummary,
}

/// One resource's change.
#[derive(Debug, Clone, Serialize)]
pub struct ChangeJson<'a> {
    /// `kind`.
    pub kind: &'a str,
    /// Effective namespace.
    pub namespace: &'a str,
    /// `metadata.name`.
    pub name: &'a str,
    /// `added`, `removed`, `changed` or `unchanged`.
    pub change: &'static str,
    /// Changed field paths.
    pub fields: &'a [String],
    /// The pods of each rollout step, or null.
    pub rollout: Option<Vec<&'a [String]>>,
    /// Each rollout step.
    pub rollout_steps: Vec<StepJson<'a>>,
    /// What the steps do not say (revisions kept, feature gates, claims).
    pub rollout_notes: &'a [String],
}

/// One rollout step.
#[derive(Debug, Clone, Serialize)]
pub struct StepJson<'a> {
    /// `create`, `delete` or `update`.
    pub action: &'static str,
    /// The pods, in the order the controller handles them.
    pub pods: &'a [String],
    /// What the next step waits for.
    pub waits_for: &'a str,
}

/// Build the wire value of `report`, whose file ids index `files`.
pub fn to_json<'a>(report: &'a DiffReport, files: &'a [SourceFile], options: LintJsonOptions) -> DiffJson<'a> {
    DiffJson {
        diagnostics: report.diagnostics.iter().map(|d| diagnostic_json(d, files, options)).collect(),
        changes: report
            .changes
            .iter()
            .map(|change| ChangeJson {
                kind: &change.kind,
                namespace: &change.namespace,
                name: &change.name,
                change: change.change.as_str(),
                fields: &change.fields,
                rollout: change
                    .rollout
                    .as_ref()
                    .map(|plan| plan.steps.iter().map(|step| step.pods.as_slice()).collect()),
                rollout_steps: change
                    .rollout
                    .iter()
                    .flat_map(|plan| &plan.steps)
                    .map(|step| StepJson { action: step.action.verb(), pods: &step.pods, waits_for: &step.waits_for })
                    .collect(),
                rollout_notes: change.rollout.as_ref().map_or(&[][..], |plan| plan.notes.as_slice()),
            })
            .collect(),
        summary: report.summary,
    }
}

/// Render `report` as pretty-printed JSON.
pub fn render(report: &DiffReport, files: &[SourceFile], options: LintJsonOptions) -> String {
    // Serialising plain structs of strings and numbers cannot fail.
    serde_json::to_string_pretty(&to_json(report, files, options)).unwrap_or_default()
}
