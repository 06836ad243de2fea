//! The lint engine: link the analysed files, run every enabled rule, drop
//! what the manifest silences, and order the findings.

use std::ops::Range;
use std::sync::Arc;

use crate::analysis::{analyze_run, analyze_with_origins, FileAnalysis, RunAnalysis};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Resource;
use crate::options::Options;
use crate::parse::{self, DocumentOrigins, ParseProblem};
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
/// position in `files` and `analyses`, as [`analyze_file`](crate::analysis::analyze_file) sets it.
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
    let mut local = check_local_of(file_id, file, &analysis.problems, &analysis.resources, &analysis.origins, options);
    // A whole file's findings are kept (to the end of a run, or by the
    // language server while the file is open), and the room the list grew
    // by doubling came to a third of the resources of 16,000 small files.
    local.shrink_to_fit();
    local
}

/// [`check_local`] of a file's problems and resources, or of one run of its
/// documents.
fn check_local_of(
    file_id: usize,
    file: &SourceFile,
    problems: &[ParseProblem],
    resources: &[Resource],
    origins: &DocumentOrigins,
    options: &Options,
) -> Vec<Diagnostic> {
    let ctx = Context { file, options };
    let enabled = enabled_rules(options);
    let mut diagnostics = Vec::new();
    let problems = FileProblems { file: file_id, problems };
    for &(rule, severity) in &enabled {
        rule.check_file(&ctx, &problems, &mut Reporter::new(rule.meta(), severity, file_id, None, &mut diagnostics));
    }
    // Resource by resource, so what rules share about one resource is
    // computed once. The findings of any one rule keep the order they had
    // when rules ran one after another, which is all the stable sort in
    // `check_linked` depends on: findings that tie on its key come from the
    // same rule.
    for resource in resources {
        let facts = ResourceFacts::new(resource);
        for &(rule, severity) in &enabled {
            let mut reporter = Reporter::new(rule.meta(), severity, resource.file, Some(resource), &mut diagnostics);
            rule.check_resource(&ctx, &facts, &mut reporter);
        }
    }
    fill_sources(&mut diagnostics, |file| (file == file_id).then_some(origins));
    diagnostics
}

/// The run size [`check_alone`] is given by [`lint`] and the CLI: big enough
/// that a run's overhead (a parser, its first allocations) does not count,
/// small enough that a big file splits into runs for every core.
pub const RUN_BYTES: usize = 1 << 20;

/// A run of whole documents of a file, which [`check_alone`] hands to its
/// `map` to check.
pub struct DocumentRun(Range<usize>);

/// One run of a file's documents after [`check_alone`]'s per-run step.
pub struct CheckedRun {
    range: Range<usize>,
    run: RunAnalysis,
    local: Vec<Diagnostic>,
    alias_nodes: usize,
}

/// The per-file step of a lint run, as [`lint`] and the CLI take it:
/// analyse the file, run its own rules ([`check_local`]) and free what
/// linking does not read ([`keep_linked_fields`]). A file of many documents
/// goes in runs of at least `run_bytes` (`parse::document_runs`), so that
/// only one run's whole trees are alive at a time, and `map` may check the
/// runs in parallel (the CLI does), returning them in order. The result is
/// what one piece gives, which is what is done instead when a run has a
/// parse problem, the runs together expand more aliases than one file may,
/// or `map` does not return every run in order.
pub fn check_alone<M>(
    file_id: usize,
    file: &SourceFile,
    options: &Options,
    run_bytes: usize,
    map: M,
) -> (FileAnalysis, Vec<Diagnostic>)
where
    M: FnOnce(&[DocumentRun], &(dyn Fn(&DocumentRun) -> CheckedRun + Sync)) -> Vec<CheckedRun>,
{
    let runs: Vec<DocumentRun> = parse::document_runs(&file.text, run_bytes).into_iter().map(DocumentRun).collect();
    let origins = DocumentOrigins::read(&file.text);
    let max_alias_nodes = options.limits.max_alias_nodes;
    if runs.len() > 1 {
        let check_run = |DocumentRun(range): &DocumentRun| {
            let mut alias_budget = max_alias_nodes;
            let mut run = analyze_run(file_id, file, range.clone(), &origins, options, &mut alias_budget, |_| {});
            let local = check_local_of(file_id, file, &run.problems, &run.resources, &origins, options);
            run.resources.iter_mut().for_each(keep_linked);
            // The loader never spends more than the budget it is given.
            CheckedRun { range: range.clone(), run, local, alias_nodes: max_alias_nodes - alias_budget }
        };
        let checked = map(&runs, &check_run);
        let in_order =
            checked.len() == runs.len() && checked.iter().zip(&runs).all(|(c, DocumentRun(r))| c.range == *r);
        let clean = checked.iter().all(|checked| checked.run.problems.is_empty());
        let alias_nodes: usize = checked.iter().map(|checked| checked.alias_nodes).sum();
        if in_order && clean && alias_nodes <= max_alias_nodes {
            // Sized once: grown by doubling, the lists of a file of many
            // small resources briefly took half as much again.
            let mut resources = Vec::with_capacity(checked.iter().map(|checked| checked.run.resources.len()).sum());
            let mut local = Vec::with_capacity(checked.iter().map(|checked| checked.local.len()).sum());
            let mut documents = 0;
            for mut checked in checked {
                for resource in &mut checked.run.resources {
                    resource.document += documents;
                }
                documents += checked.run.documents;
                resources.append(&mut checked.run.resources);
                local.append(&mut checked.local);
            }
            return (FileAnalysis { problems: Vec::new(), resources, origins }, local);
        }
    }
    let mut analysis = analyze_with_origins(file_id, file, origins, options, |_| {});
    let local = check_local(file_id, file, &analysis, options);
    keep_linked_fields(&mut analysis);
    (analysis, local)
}

/// Free what [`check_linked`] does not read of a file that [`check_local`]
/// has checked: every field of its trees but those the linking rules, the
/// topology and suppression read (`rules::linked_fields`; spans are kept),
/// of its StatefulSets' pod templates all but the containers' names and
/// ports (`rules::keep_linked_typed`), its schema findings, and the room
/// left in its list of resources.
/// [`check_alone`] does it to each file as soon as its own rules have run,
/// so that only the files being checked hold whole trees, not every file
/// until the end. The analysis is then good for `check_linked` only.
pub fn keep_linked_fields(analysis: &mut FileAnalysis) {
    analysis.resources.iter_mut().for_each(keep_linked);
    analysis.resources.shrink_to_fit();
}

fn keep_linked(resource: &mut Resource) {
    let fields = rules::linked_fields(resource);
    resource.keep_linked(fields, crate::suppression::IGNORE_ANNOTATION);
    rules::keep_linked_typed(&mut resource.typed);
    resource.schema_findings = Vec::new();
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
    let enabled: Vec<_> = enabled_rules(options).into_iter().filter(|(rule, _)| rule.links()).collect();
    for (index, &resource) in resources.iter().enumerate() {
        let facts = LinkedFacts::new(resource, index, &topology);
        for &(rule, severity) in &enabled {
            let mut reporter = Reporter::new(rule.meta(), severity, resource.file, Some(resource), &mut diagnostics);
            rule.check_linked(&ctx, &facts, &mut reporter);
        }
    }
    fill_sources(&mut diagnostics[linked_from..], |file| analyses.get(file).map(|analysis| &analysis.origins));
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
fn fill_sources<'a>(diagnostics: &mut [Diagnostic], origins_of: impl Fn(usize) -> Option<&'a DocumentOrigins>) {
    for diagnostic in diagnostics.iter_mut().filter(|diagnostic| diagnostic.source.is_none()) {
        if let Some(origins) = origins_of(diagnostic.file).filter(|origins| !origins.is_empty()) {
            diagnostic.source = origins.of_problem(diagnostic.span.start).map(Arc::from);
        }
    }
}

/// The rules `options` enable, each at its configured severity.
fn enabled_rules(options: &Options) -> Vec<(&'static dyn Rule, Severity)> {
    rules::RULES.iter().filter_map(|&rule| Some((rule, options.rule_severity(rule.meta())?))).collect()
}

/// Lint `files` together (Services in one file govern StatefulSets in another).
///
/// With the feature `lint-in-runs` (on by default), each file is checked on
/// its own and cut down before the next is read ([`check_alone`], run by
/// run), so at most one run's whole trees are alive.
#[cfg(feature = "lint-in-runs")]
pub fn lint(files: &[SourceFile], options: &Options) -> LintReport {
    let mut analyses = Vec::with_capacity(files.len());
    let mut local = Vec::new();
    for (id, file) in files.iter().enumerate() {
        let (analysis, findings) =
            check_alone(id, file, options, RUN_BYTES, |runs, check| runs.iter().map(check).collect());
        analyses.push(analysis);
        local.extend(findings);
    }
    check_linked(files, &analyses.iter().collect::<Vec<_>>(), local, options)
}

/// Lint `files` together: every file analysed whole, then checked.
#[cfg(not(feature = "lint-in-runs"))]
pub fn lint(files: &[SourceFile], options: &Options) -> LintReport {
    let analyses =
        files.iter().enumerate().map(|(id, file)| crate::analysis::analyze_file(id, file, options)).collect();
    check(files, analyses, options)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::analyze_file;

    fn yaml_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else { return };
        for path in entries.flatten().map(|entry| entry.path()) {
            if path.is_dir() {
                yaml_files(&path, out);
            } else if path.extension().is_some_and(|ext| ext == "yaml" || ext == "yml") {
                out.push(path);
            }
        }
    }

    /// `check_linked` calls only the rules whose `links` says they have a
    /// linking hook, so one that forgot to say so would go silent: every
    /// rule's hook is run here, over every fixture and each real corpus
    /// folder linked together, and only those may report.
    #[test]
    fn only_rules_that_say_they_link_report_from_check_linked() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut groups: Vec<Vec<std::path::PathBuf>> = Vec::new();
        let mut fixtures = Vec::new();
        yaml_files(&root.join("../../tests/fixtures/rules"), &mut fixtures);
        groups.extend(fixtures.into_iter().map(|path| vec![path]));
        for folder in std::fs::read_dir(root.join("../../../shared/corpus/real")).unwrap().flatten() {
            let mut paths = Vec::new();
            yaml_files(&folder.path(), &mut paths);
            groups.push(paths);
        }
        let options = Options::default();
        let mut reported_by_linking = 0;
        for paths in &groups {
            let files: Vec<SourceFile> = paths
                .iter()
                .map(|path| SourceFile::new(path.display().to_string(), std::fs::read_to_string(path).unwrap()))
                .collect();
            let analyses: Vec<FileAnalysis> =
                files.iter().enumerate().map(|(id, file)| analyze_file(id, file, &options)).collect();
            let resources: Vec<&Resource> = analyses.iter().flat_map(|analysis| &analysis.resources).collect();
            let topology = Topology::build(&resources);
            let ctx = Workspace { files: &files, resources: &resources, topology: &topology, options: &options };
            for (index, &resource) in resources.iter().enumerate() {
                let facts = LinkedFacts::new(resource, index, &topology);
                for &rule in rules::RULES {
                    let mut found = Vec::new();
                    rule.check_linked(
                        &ctx,
                        &facts,
                        &mut Reporter::new(rule.meta(), Severity::Error, resource.file, Some(resource), &mut found),
                    );
                    assert!(
                        rule.links() || found.is_empty(),
                        "{} reports from check_linked but does not say it links",
                        rule.meta().id
                    );
                    reported_by_linking += found.len();
                }
            }
        }
        assert!(
            groups.len() > 100 && reported_by_linking > 100,
            "{} groups, {reported_by_linking} findings",
            groups.len()
        );
    }
}
