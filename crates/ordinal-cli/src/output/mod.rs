//! Renderers of a lint run. JSON lives in the core
//! (`ordinal_core::render::lint_json`) because the playground emits it too.

pub mod github;
pub mod gitlab;
pub mod junit;
pub mod sarif;
pub mod text;

use std::io::Write as _;
use std::sync::Arc;

use clap::ValueEnum;
use ordinal_core::diagnostic::ResourceRef;
use ordinal_core::render::lint_json::{self, LintJsonOptions};
use ordinal_core::{LineColumn, LintReport, Severity, SourceFile, Span};

/// `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Human-readable snippets with the offending lines underlined.
    Text,
    /// One JSON object (the same shape as the playground).
    Json,
    /// SARIF 2.1.0, for GitHub code scanning.
    Sarif,
    /// GitHub Actions workflow commands (annotations on pull requests).
    Github,
    /// JUnit XML: one testsuite per file, one testcase per resource.
    Junit,
    /// GitLab Code Quality JSON (`artifacts: reports: codequality:`).
    Gitlab,
}

/// Everything a renderer may need about one lint run.
pub struct LintRun<'a> {
    /// Input files; diagnostic file ids index this.
    pub files: &'a [SourceFile],
    /// The findings.
    pub report: &'a LintReport,
    /// Every resource found, in input order.
    pub resources: &'a [ResourceEntry],
    /// The `--fail-on` threshold: findings at or above it fail (JUnit).
    pub fail_on: Severity,
}

/// A resource, for renderers that list resources (JUnit).
#[derive(Debug, Clone)]
pub struct ResourceEntry {
    /// Index into [`LintRun::files`].
    pub file: usize,
    /// Kind, namespace and name: the resource's own, which its findings
    /// share (`Resource::shared_reference`).
    pub reference: Arc<ResourceRef>,
    /// The resource's whole document.
    pub span: Span,
}

/// Render `run` in `format`; `color` only affects the text format.
pub fn render(format: Format, run: &LintRun<'_>, color: bool) -> String {
    match format {
        Format::Text => text::render(run, color),
        Format::Json => {
            let mut json = lint_json::render(run.report, run.files, LintJsonOptions::default());
            json.push('\n');
            json
        }
        Format::Sarif => sarif::render(run),
        Format::Github => github::render(run),
        Format::Junit => junit::render(run),
        Format::Gitlab => gitlab::render(run),
    }
}

/// Write `run` in `format` into `writer` (buffered here): the JSON report
/// goes out one diagnostic at a time and JUnit one testsuite at a time
/// instead of as one string, which for a big input is several times the
/// input's size.
pub fn write(format: Format, run: &LintRun<'_>, color: bool, writer: impl std::io::Write) -> std::io::Result<()> {
    let mut writer = std::io::BufWriter::with_capacity(64 * 1024, writer);
    match format {
        Format::Json => {
            lint_json::write(&mut writer, run.report, run.files, LintJsonOptions::default())?;
            writer.write_all(b"\n")?;
        }
        Format::Sarif => sarif::write(run, &mut writer)?,
        Format::Junit => junit::write(run, &mut writer)?,
        _ => writer.write_all(render(format, run, color).as_bytes())?,
    }
    writer.flush()
}

/// Start and end (exclusive) of `span` in file `file_id`.
pub fn location(run: &LintRun<'_>, file_id: usize, span: Span) -> (LineColumn, LineColumn) {
    match run.files.get(file_id) {
        Some(file) => (file.line_column(span.start), file.line_column(span.end)),
        None => (LineColumn { line: 1, column: 1 }, LineColumn { line: 1, column: 1 }),
    }
}

/// The name of file `file_id`.
pub fn file_name<'a>(run: &LintRun<'a>, file_id: usize) -> &'a str {
    run.files.get(file_id).map_or("", |file| file.name.as_str())
}
