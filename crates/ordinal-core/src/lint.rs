//! The lint engine: link the analysed files, run every enabled rule, drop
//! what the manifest silences, and order the findings.

use crate::analysis::{analyze_file, FileAnalysis};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Resource;
use crate::options::Options;
use crate::rules::{self, Context, FileProblems, Reporter, ResourceFacts, Rule};
use crate::source::SourceFile;
use crate::suppression::Suppressions;
use crate::topology::Topology;

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

/// Link the analysed files and run every enabled rule.
pub fn check(files: &[SourceFile], analyses: Vec<FileAnalysis>, options: &Options) -> LintReport {
    check_borrowed(files, &analyses.iter().collect::<Vec<_>>(), options)
}

/// [`check`] over analyses the caller keeps (an editor's, between edits):
/// nothing of them is copied. Each resource's `file` must be its file's
/// position in `files` and `analyses`, as [`analyze_file`] sets it.
pub fn check_borrowed(files: &[SourceFile], analyses: &[&FileAnalysis], options: &Options) -> LintReport {
    let resources: Vec<&Resource> = analyses.iter().flat_map(|analysis| &analysis.resources).collect();
    let topology = Topology::build(&resources);
    let ctx = Context { files, resources: &resources, topology: &topology, options };
    let enabled: Vec<(&dyn Rule, Severity)> =
        rules::RULES.iter().filter_map(|&rule| Some((rule, options.rule_severity(rule.meta())?))).collect();
    let mut diagnostics = Vec::new();
    for (file, analysis) in analyses.iter().enumerate() {
        let problems = FileProblems { file, problems: &analysis.problems };
        for &(rule, severity) in &enabled {
            rule.check_file(&ctx, &problems, &mut Reporter::new(rule.meta(), severity, file, None, &mut diagnostics));
        }
    }
    // Resource by resource, so what rules share about one resource is
    // computed once. The findings of any one rule keep the order they had
    // when rules ran one after another, which is all the stable sort below
    // depends on: findings that tie on its key come from the same rule.
    for (index, &resource) in resources.iter().enumerate() {
        let facts = ResourceFacts::new(resource, index, &topology);
        for &(rule, severity) in &enabled {
            let mut reporter = Reporter::new(rule.meta(), severity, resource.file, Some(resource), &mut diagnostics);
            rule.check_resource(&ctx, &facts, &mut reporter);
        }
    }
    // A finding about no resource (a syntax error) takes the source of the
    // document its span falls in.
    for diagnostic in diagnostics.iter_mut().filter(|diagnostic| diagnostic.source.is_none()) {
        if let Some(origins) =
            analyses.get(diagnostic.file).map(|analysis| &analysis.origins).filter(|origins| !origins.is_empty())
        {
            diagnostic.source = origins.of_problem(diagnostic.span.start).map(str::to_string);
        }
    }
    let suppressions = Suppressions::new(files, &resources);
    diagnostics.retain(|diagnostic| !suppressions.silences(diagnostic));
    crate::diagnostic::sort_and_dedup(&mut diagnostics);
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
