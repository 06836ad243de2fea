//! Ordinal's core: reads Kubernetes YAML with exact positions, understands
//! StatefulSets and the Services that govern them, and reports what is wrong.
//!
//! The pipeline is YAML text → [`parse`] (span-aware documents) →
//! [`model`] (typed resources) → [`topology`] → [`rules`] → diagnostics.
//! The core does no I/O: callers pass text in and get values out.
//!
//! ```
//! use ordinal_core::{lint, Options, SourceFile};
//! let yaml = "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: web}\nspec:\n  serviceName: nginx\n";
//! let report = lint(&[SourceFile::new("web.yaml", yaml)], &Options::default());
//! assert!(report.diagnostics.iter().any(|d| d.rule == "service-not-found"));
//! ```

pub mod config;
pub mod diagnostic;
pub mod escape;
pub mod examples;
pub mod explain;
pub mod model;
pub mod options;
pub mod parse;
pub mod render;
pub mod rules;
pub mod schema;
pub mod semantics;
pub mod source;
pub mod topology;
pub mod validation;

pub use config::Config;
pub use diagnostic::{Diagnostic, Edit, Fix, Severity};
pub use options::Options;
pub use source::{LineColumn, SourceFile, Span};

use model::Resource;
use parse::ParseProblem;
use rules::{Context, FileProblems};
use topology::Topology;

/// One file after parsing and typing; independent of every other file, so
/// callers may build these in parallel.
#[derive(Debug, Clone, Default)]
pub struct FileAnalysis {
    /// Everything the parser reported.
    pub problems: Vec<ParseProblem>,
    /// The resources of the file, in document order.
    pub resources: Vec<Resource>,
}

/// Counts for a lint run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Summary {
    /// Files read.
    pub files: usize,
    /// Resources found.
    pub resources: usize,
    /// Findings at error severity.
    pub errors: usize,
    /// Findings at warning severity.
    pub warnings: usize,
    /// Findings at info severity.
    pub infos: usize,
}

/// The outcome of linting.
#[derive(Debug, Clone, Default)]
pub struct LintReport {
    /// Findings ordered by file, position and rule.
    pub diagnostics: Vec<Diagnostic>,
    /// Counts.
    pub summary: Summary,
}

/// Parse and type one file.
pub fn analyze_file(file_id: usize, file: &SourceFile, options: &Options) -> FileAnalysis {
    let parsed = parse::parse_yaml(&file.text, options.limits);
    let mut problems = parsed.problems;
    let mut resources = Vec::new();
    for (index, document) in parsed.documents.into_iter().enumerate() {
        problems.extend(document.problems);
        if let Some(root) = document.root {
            if let Some(resource) = Resource::from_document(file_id, index, root, &options.namespace) {
                resources.push(resource);
            }
        }
    }
    problems.sort_by_key(|problem| problem.span.start);
    FileAnalysis { problems, resources }
}

/// Link the analysed files and run every enabled rule.
pub fn check(files: &[SourceFile], analyses: Vec<FileAnalysis>, options: &Options) -> LintReport {
    let mut all_problems = Vec::with_capacity(analyses.len());
    let mut resources = Vec::new();
    for analysis in analyses {
        all_problems.push(analysis.problems);
        resources.extend(analysis.resources);
    }
    let topology = Topology::build(&resources);
    let ctx = Context { files, resources: &resources, topology: &topology, options };
    let mut diagnostics = Vec::new();
    for rule in rules::RULES {
        let meta = rule.meta();
        let Some(severity) = options.severity_of(meta.id, meta.severity) else { continue };
        let first_new = diagnostics.len();
        for (file, problems) in all_problems.iter().enumerate() {
            rule.check_file(&ctx, &FileProblems { file, problems }, &mut diagnostics);
        }
        for resource in &resources {
            rule.check_resource(&ctx, resource, &mut diagnostics);
        }
        for diagnostic in &mut diagnostics[first_new..] {
            diagnostic.severity = severity;
        }
    }
    let suppressions = Suppressions::new(files, &resources);
    diagnostics.retain(|diagnostic| !suppressions.silences(diagnostic));
    diagnostics.sort_by(|a, b| {
        (a.file, a.span.start, a.span.end, a.rule, &a.message).cmp(&(
            b.file,
            b.span.start,
            b.span.end,
            b.rule,
            &b.message,
        ))
    });
    diagnostics.dedup();
    let mut summary = Summary { files: files.len(), resources: resources.len(), ..Summary::default() };
    for diagnostic in &diagnostics {
        match diagnostic.severity {
            Severity::Error => summary.errors += 1,
            Severity::Warning => summary.warnings += 1,
            Severity::Info => summary.infos += 1,
        }
    }
    LintReport { diagnostics, summary }
}

/// Lint `files` together (Services in one file govern StatefulSets in another).
pub fn lint(files: &[SourceFile], options: &Options) -> LintReport {
    let analyses = files.iter().enumerate().map(|(id, file)| analyze_file(id, file, options)).collect();
    check(files, analyses, options)
}

/// Annotation on a resource that silences rules for it.
pub const IGNORE_ANNOTATION: &str = "ordinal.dev/ignore";

/// A finding is silenced by an `ordinal.dev/ignore: a,b` annotation on its
/// resource, or by a `# ordinal-ignore: a,b` comment alone on the line
/// before it (`all` silences every rule).
struct Suppressions<'a> {
    files: &'a [SourceFile],
    resources: &'a [Resource],
    /// Per file: does the text mention `ordinal-ignore` at all? Most files
    /// don't, and then no line needs to be looked at.
    has_comments: Vec<bool>,
    any_annotation: bool,
}

impl<'a> Suppressions<'a> {
    fn new(files: &'a [SourceFile], resources: &'a [Resource]) -> Self {
        Suppressions {
            files,
            resources,
            has_comments: files.iter().map(|file| file.text.contains("ordinal-ignore")).collect(),
            any_annotation: resources.iter().any(|r| r.annotation(IGNORE_ANNOTATION).is_some()),
        }
    }

    fn silences(&self, diagnostic: &Diagnostic) -> bool {
        let names_rule = |list: &str| list.split(',').map(str::trim).any(|id| id == diagnostic.rule || id == "all");
        if self.any_annotation {
            // Resources are in (file, position) order, so the owner is the
            // last one starting at or before the finding.
            let position = self
                .resources
                .partition_point(|r| (r.file, r.root.span.start) <= (diagnostic.file, diagnostic.span.start));
            let owner = position
                .checked_sub(1)
                .map(|i| &self.resources[i])
                .filter(|r| r.file == diagnostic.file && diagnostic.span.start <= r.root.span.end);
            if owner.and_then(|r| r.annotation(IGNORE_ANNOTATION)).is_some_and(names_rule) {
                return true;
            }
        }
        if !self.has_comments.get(diagnostic.file).copied().unwrap_or(false) {
            return false;
        }
        let file = &self.files[diagnostic.file];
        let line = file.line_column(diagnostic.span.start).line;
        if line < 2 {
            return false;
        }
        let previous = file.lines.line_text(&file.text, line - 1).trim();
        previous
            .strip_prefix('#')
            .map(str::trim_start)
            .and_then(|comment| comment.strip_prefix("ordinal-ignore:"))
            .is_some_and(names_rule)
    }
}
