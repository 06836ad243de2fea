//! The text of `ordinal diff`: the findings as lint prints them, then each
//! added, removed or changed resource with its changed fields and, for a
//! StatefulSet, its rollout step by step. Every manifest string (kinds,
//! names, field paths, pod names) goes through [`display`].
//!
//! ```text
//! StatefulSet default/zk: changed
//!   fields: spec.replicas, spec.template.spec.containers[0].image
//!   rollout:
//!     1. delete zk-4 (then: `zk-4` fully terminated)
//!     2. update zk-3 (then: `zk-3` Running and Ready)
//! ```

use super::lint_text;
use crate::diff::DiffReport;
use crate::escape::display;
use crate::rules::ChangeKind;
use crate::source::SourceFile;

/// The findings, the changes and a summary line.
pub fn render(report: &DiffReport, files: &[SourceFile], color: bool) -> String {
    let mut out = lint_text::render_findings(files, &report.diagnostics, color);
    out.push_str(&render_changes(report));
    out.push_str(&summary_line(report));
    out.push('\n');
    out
}

/// Each resource that is not unchanged, with its fields and rollout.
pub fn render_changes(report: &DiffReport) -> String {
    let mut out = String::new();
    for change in report.changes.iter().filter(|change| change.change != ChangeKind::Unchanged) {
        out.push_str(&format!(
            "{} {}/{}: {}\n",
            display(&change.kind),
            display(&change.namespace),
            display(&change.name),
            change.change.as_str()
        ));
        if !change.fields.is_empty() {
            let fields: Vec<String> = change.fields.iter().map(|field| display(field).into_owned()).collect();
            out.push_str(&format!("  fields: {}\n", fields.join(", ")));
        }
        if let Some(plan) = &change.rollout {
            out.push_str("  rollout:\n");
            for (number, step) in plan.steps.iter().enumerate() {
                let pods: Vec<String> = step.pods.iter().map(|pod| display(pod).into_owned()).collect();
                out.push_str(&format!(
                    "    {}. {} {} (then: {})\n",
                    number + 1,
                    step.action.verb(),
                    pods.join(", "),
                    display(&step.waits_for)
                ));
            }
            for note in &plan.notes {
                out.push_str(&format!("    note: {}\n", display(note)));
            }
        }
        out.push('\n');
    }
    out
}

/// `2 changed, 1 added, 0 removed, 3 unchanged: 1 error, 1 warning, 0 infos`.
pub fn summary_line(report: &DiffReport) -> String {
    let summary = report.summary;
    let plural = |count: usize, noun: &str| if count == 1 { format!("1 {noun}") } else { format!("{count} {noun}s") };
    format!(
        "{} changed, {} added, {} removed, {} unchanged: {}, {}, {}",
        summary.changed,
        summary.added,
        summary.removed,
        summary.unchanged,
        plural(summary.errors, "error"),
        plural(summary.warnings, "warning"),
        plural(summary.infos, "info")
    )
}
