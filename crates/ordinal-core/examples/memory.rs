//! Where a lint run's memory goes: a counting allocator around the core's
//! pipeline on one corpus, live heap after each stage, on one thread.
//!
//! usage: memory PATH...   prints one JSON object (bytes)
//!
//! `input` is the text read; `sources` adds the line indexes; `analyses`
//! the parsed trees, typed models and schema findings of every file;
//! `trees` is the part of that the document trees hold (measured by
//! dropping them), `typed` the typed models and `schema_findings` the
//! schema walker's findings (the same way); `peak` is the high-water mark
//! of the whole run. `cli_peak` is the high-water mark of the CLI's way,
//! measured first: each file analysed, checked on its own and cut down to
//! what linking reads in turn (`check_alone`, run by run), then linked;
//! `kept_analyses` is what the cut-down analyses hold before linking, and
//! `local_findings` what the findings of the per-file rules hold.

use std::alloc::{GlobalAlloc, Layout};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use ordinal_core::model::Typed;
use ordinal_core::parse::{Node, NodeValue};
use ordinal_core::{
    analyze_file, check, check_alone, check_linked, FileAnalysis, Options, SourceFile, Span, RUN_BYTES,
};

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

// SAFETY: forwards to mimalloc (the CLI's allocator) and only counts.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
        PEAK.fetch_max(live, Ordering::Relaxed);
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        unsafe { mimalloc::MiMalloc.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { mimalloc::MiMalloc.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if new_size > layout.size() {
            let live = LIVE.fetch_add(new_size - layout.size(), Ordering::Relaxed) + new_size - layout.size();
            PEAK.fetch_max(live, Ordering::Relaxed);
        } else {
            LIVE.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
        }
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        unsafe { mimalloc::MiMalloc.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn collect(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_dir() {
        let Ok(entries) = std::fs::read_dir(path) else { return };
        let mut children: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
        children.sort();
        for child in children {
            collect(&child, out);
        }
    } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
        out.push(path.to_path_buf());
    }
}

fn live() -> usize {
    LIVE.load(Ordering::Relaxed)
}

fn main() {
    let mut paths = Vec::new();
    for arg in std::env::args_os().skip(1) {
        collect(Path::new(&arg), &mut paths);
    }
    let options = Options::default();
    let start = live();
    let texts: Vec<(String, String)> = paths
        .iter()
        .filter_map(|path| Some((path.display().to_string(), std::fs::read_to_string(path).ok()?)))
        .collect();
    let input: usize = texts.iter().map(|(_, text)| text.len()).sum();
    let files: Vec<SourceFile> = texts.into_iter().map(|(name, text)| SourceFile::new(name, text)).collect();
    let sources = live() - start;

    PEAK.store(live(), Ordering::Relaxed);
    let before_cli = live();
    let mut local = Vec::new();
    let mut kept = Vec::new();
    for (id, file) in files.iter().enumerate() {
        let (analysis, findings) =
            check_alone(id, file, &options, RUN_BYTES, |runs, check| runs.iter().map(check).collect());
        local.extend(findings);
        kept.push(analysis);
    }
    // The local findings' share, measured on a copy.
    let before_copy = live();
    let copy = local.clone();
    let local_findings = live() - before_copy;
    drop(copy);
    let kept_analyses = live() - before_cli - local_findings;
    let cli_report = check_linked(&files, &kept.iter().collect::<Vec<_>>(), local, &options);
    let cli_peak = PEAK.load(Ordering::Relaxed) - start;
    drop(cli_report);
    drop(kept);
    PEAK.store(live(), Ordering::Relaxed);
    let allocations_before = ALLOCATIONS.load(Ordering::Relaxed);
    let analyses: Vec<FileAnalysis> =
        files.iter().enumerate().map(|(id, file)| analyze_file(id, file, &options)).collect();
    let analysis_allocations = ALLOCATIONS.load(Ordering::Relaxed) - allocations_before;
    let after_analyses = live();
    let resources: usize = analyses.iter().map(|analysis| analysis.resources.len()).sum();

    // The trees' share: the same analyses without their trees. The copy
    // is not part of a lint run, so the peak is counted around it.
    let peak_before_copy = PEAK.load(Ordering::Relaxed);
    let mut without_trees = analyses.clone();
    let with_copy = live();
    for resource in without_trees.iter_mut().flat_map(|analysis| &mut analysis.resources) {
        resource.root = Node::new(Span::default(), NodeValue::Mapping(Box::default()));
    }
    let trees = with_copy - live();
    let before_typed = live();
    for resource in without_trees.iter_mut().flat_map(|analysis| &mut analysis.resources) {
        resource.typed = Typed::Other;
    }
    let typed = before_typed - live();
    let before_findings = live();
    for resource in without_trees.iter_mut().flat_map(|analysis| &mut analysis.resources) {
        resource.schema_findings = Vec::new();
    }
    let schema_findings = before_findings - live();
    drop(without_trees);
    PEAK.store(live(), Ordering::Relaxed);

    let report = check(&files, analyses, &options);
    let peak = PEAK.load(Ordering::Relaxed).max(peak_before_copy) - start;
    println!(
        "{{\"files\": {}, \"input\": {input}, \"resources\": {resources}, \"sources\": {sources}, \
         \"analyses\": {}, \"trees\": {trees}, \"typed\": {typed}, \"schema_findings\": {schema_findings}, \"analysis_allocations\": {analysis_allocations}, \
         \"findings\": {}, \"peak\": {peak}, \"kept_analyses\": {kept_analyses}, \"local_findings\": {local_findings}, \"cli_peak\": {cli_peak}}}",
        files.len(),
        after_analyses - start - sources,
        report.diagnostics.len()
    );
}
