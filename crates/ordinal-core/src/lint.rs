//! The lint engine: link the analysed files, run every enabled rule, drop
//! what the manifest silences, and order the findings.

use crate::analysis::{analyze_file, FileAnalysis};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Resource;
use crate::options::Options;
use crate::rules::{self, Context, FileProblems, LinkedFacts, Reporter, ResourceFacts, Rule, Workspace};
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
    let local = files
        .iter()
        .zip(analyses)
        .enumerate()
        .flat_map(|(id, (file, analysis))| check_local(id, file, analysis, options));
    check_linked(files, analyses, local.collect(), options)
}

/// The first half of [`check`]: the findings of the rules that read one file
/// on its own (its parser problems, each of its resources by itself). They
/// depend on nothing outside the file, so callers run this per file while its
/// trees are fresh, in parallel, and an editor keeps them for the files that
/// did not change.
pub fn check_local(file_id: usize, file: &SourceFile, analysis: &FileAnalysis, options: &Options) -> Vec<Diagnostic> {
    let ctx = Context { file, options };
    let enabled = enabled_rules(options);
    let mut diagnostics = Vec::new();
    let problems = FileProblems { file: file_id, problems: &analysis.problems };
    for &(rule, severity) in &enabled {
        rule.check_file(&ctx, &problems, &mut Reporter::new(rule.meta(), severity, file_id, None, &mut diagnostics));
    }
    // Resource by resource, so what rules share about one resource is
    // computed once. The findings of any one rule keep the order they had
    // when rules ran one after another, which is all the stable sort in
    // `check_linked` depends on: findings that tie on its key come from the
    // same rule.
    for resource in &analysis.resources {
        let facts = ResourceFacts::new(resource);
        for &(rule, severity) in &enabled {
            let mut reporter = Reporter::new(rule.meta(), severity, resource.file, Some(resource), &mut diagnostics);
            rule.check_resource(&ctx, &facts, &mut reporter);
        }
    }
    fill_sources(&mut diagnostics, |file| (file == file_id).then_some(analysis));
    diagnostics
}

/// Free what [`check_linked`] does not read of a file that [`check_local`]
/// has checked: every field of its trees but those the linking rules, the
/// topology and suppression read (`rules::linked_fields`; spans are kept),
/// of its StatefulSets' pod templates all but the containers' names and
/// ports (`rules::keep_linked_typed`), and its schema findings. The CLI calls it in the parallel step that
/// parses each file, so that only the files being parsed hold whole trees
/// and not every file until the end. The analysis is then good for
/// `check_linked` only.
pub fn keep_linked_fields(analysis: &mut FileAnalysis) {
    for resource in &mut analysis.resources {
        resource.root.retain(rules::linked_fields(resource));
        rules::keep_linked_typed(&mut resource.typed);
        resource.schema_findings = Vec::new();
    }
}

/// The second half of [`check`]: link the resources of every file, run the
/// rules that relate them, and merge their findings with `local` (what
/// [`check_local`] found in every file), dropping what the manifests
/// silence.
pub fn check_linked(
    files: &[SourceFile],
    analyses: &[&FileAnalysis],
    local: Vec<Diagnostic>,
    options: &Options,
) -> LintReport {
    let mut diagnostics = local;
    let linked_from = diagnostics.len();
    let resources: Vec<&Resource> = analyses.iter().flat_map(|analysis| &analysis.resources).collect();
    let topology = Topology::build(&resources);
    let ctx = Workspace { files, resources: &resources, topology: &topology, options };
    let enabled = enabled_rules(options);
    for (index, &resource) in resources.iter().enumerate() {
        let facts = LinkedFacts::new(resource, index, &topology);
        for &(rule, severity) in &enabled {
            let mut reporter = Reporter::new(rule.meta(), severity, resource.file, Some(resource), &mut diagnostics);
            rule.check_linked(&ctx, &facts, &mut reporter);
        }
    }
    fill_sources(&mut diagnostics[linked_from..], |file| analyses.get(file).copied());
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

/// A finding whose resource names no source (a syntax error has no
/// resource) takes the source of the document its span falls in.
fn fill_sources<'a>(diagnostics: &mut [Diagnostic], analysis_of: impl Fn(usize) -> Option<&'a FileAnalysis>) {
    for diagnostic in diagnostics.iter_mut().filter(|diagnostic| diagnostic.source.is_none()) {
        if let Some(origins) =
            analysis_of(diagnostic.file).map(|analysis| &analysis.origins).filter(|origins| !origins.is_empty())
        {
            diagnostic.source = origins.of_problem(diagnostic.span.start).map(str::to_string);
        }
    }
}

/// The rules `options` enable, each at its configured severity.
fn enabled_rules(options: &Options) -> Vec<(&'static dyn Rule, Severity)> {
    rules::RULES.iter().filter_map(|&rule| Some((rule, options.rule_severity(rule.meta())?))).collect()
}

/// Lint `files` together (Services in one file govern StatefulSets in another).
pub fn lint(files: &[SourceFile], options: &Options) -> LintReport {
    let analyses = files.iter().enumerate().map(|(id, file)| analyze_file(id, file, options)).collect();
    check(files, analyses, options)
}
