//! `--format text`: the core's snippets ([`ordinal_core::render::lint_text`])
//! and a summary line.
//!
//! ```text
//! error[service-not-found]: no Service `nginx` in namespace `default`
//!  --> web.yaml:6:16
//!   |
//! 6 |   serviceName: nginx
//!   |                ^^^^^
//!   |
//!   = help: create a headless Service `nginx` in namespace `default`
//! ```

use ordinal_core::render::lint_text;

use super::LintRun;

/// Every diagnostic as a snippet, then a summary line.
pub fn render(run: &LintRun<'_>, color: bool) -> String {
    let mut out = render_findings(run, color);
    out.push_str(&summary_line(run));
    out.push('\n');
    out
}

/// Every diagnostic as a snippet, each followed by a blank line.
pub fn render_findings(run: &LintRun<'_>, color: bool) -> String {
    lint_text::render_findings(run.files, &run.report.diagnostics, color)
}

/// `2 errors, 1 warning, 0 infos in 3 files (5 resources)`, or `no problems
/// found in ...` when there is nothing.
pub fn summary_line(run: &LintRun<'_>) -> String {
    let summary = run.report.summary;
    let scope = format!("{} ({})", plural(summary.files, "file"), plural(summary.resources, "resource"));
    if summary.errors + summary.warnings + summary.infos == 0 {
        format!("no problems found in {scope}")
    } else {
        format!(
            "{}, {}, {} in {scope}",
            plural(summary.errors, "error"),
            plural(summary.warnings, "warning"),
            plural(summary.infos, "info")
        )
    }
}

fn plural(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}
