//! The per-file step both lint and explain start from: parse one file and
//! type its documents. Files are independent here, so callers may analyse
//! them in parallel before linking them.

use std::ops::Range;
use std::sync::Arc;

use crate::model::Resource;
use crate::options::Options;
use crate::parse::{self, DocumentOrigins, ParseProblem};
use crate::source::SourceFile;

/// One file after parsing and typing; independent of every other file, so
/// callers may build these in parallel.
#[derive(Debug, Clone, Default)]
pub struct FileAnalysis {
    /// Everything the parser reported.
    pub problems: Vec<ParseProblem>,
    /// The resources of the file, in document order.
    pub resources: Vec<Resource>,
    /// Each document's `# Source:` comment, for findings without a resource.
    pub origins: DocumentOrigins,
}

/// Parse and type one file.
pub fn analyze_file(file_id: usize, file: &SourceFile, options: &Options) -> FileAnalysis {
    analyze_with_origins(file_id, file, DocumentOrigins::read(&file.text), options, |_| {})
}

/// [`analyze_file`] for a reader that needs only part of each resource:
/// `keep` cuts each one down as soon as it is typed, so that the whole
/// trees of a file are never held together (`explain::keep_explained`).
pub fn analyze_file_keeping(
    file_id: usize,
    file: &SourceFile,
    options: &Options,
    keep: fn(&mut Resource),
) -> FileAnalysis {
    analyze_with_origins(file_id, file, DocumentOrigins::read(&file.text), options, keep)
}

/// [`analyze_file_keeping`] with the file's `# Source:` comments already
/// read.
pub(crate) fn analyze_with_origins(
    file_id: usize,
    file: &SourceFile,
    origins: DocumentOrigins,
    options: &Options,
    keep: fn(&mut Resource),
) -> FileAnalysis {
    let mut alias_budget = options.limits.max_alias_nodes;
    let run = analyze_run(file_id, file, 0..file.text.len(), &origins, options, &mut alias_budget, keep);
    FileAnalysis { problems: run.problems, resources: run.resources, origins }
}

/// One run of whole documents of a file, parsed and typed
/// (`parse::parse_yaml_run`).
pub(crate) struct RunAnalysis {
    /// What the parser reported, in order.
    pub problems: Vec<ParseProblem>,
    /// The resources, numbered by document from 0 at the run's start.
    pub resources: Vec<Resource>,
    /// How many documents the run holds.
    pub documents: usize,
}

/// Parse and type the documents of `file.text[run]`, each resource cut by
/// `keep` once it is typed (`|_| {}` keeps all of it).
pub(crate) fn analyze_run(
    file_id: usize,
    file: &SourceFile,
    run: Range<usize>,
    origins: &DocumentOrigins,
    options: &Options,
    alias_budget: &mut usize,
    keep: fn(&mut Resource),
) -> RunAnalysis {
    let mut document_problems = Vec::new();
    let mut resources = Vec::new();
    let mut documents = 0;
    // Each document is typed as it ends, so no list of a run's documents
    // is ever held beside their resources.
    let mut problems = parse::parse_yaml_run_each(&file.text, run, options.limits, alias_budget, &mut |document| {
        let index = documents;
        documents += 1;
        document_problems.extend(document.problems);
        if let Some(root) = document.root {
            let start = root.span().start;
            if let Some(mut resource) = Resource::from_document(file_id, index, root, &options.namespace) {
                resource.source = origins.at(start).map(Arc::from);
                keep(&mut resource);
                resources.push(resource);
            }
        }
    });
    // The parser's own problems first, then the documents', before the
    // stable sort, as the list was always built.
    problems.append(&mut document_problems);
    crate::order::sort_by_key(&mut problems, |problem| problem.span.start);
    RunAnalysis { problems, resources, documents }
}
