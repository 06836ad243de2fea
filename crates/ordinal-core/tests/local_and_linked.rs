//! Linting in two halves, as an editor does between edits (each file's own
//! findings kept from when it was analysed on its own, with file id 0, and
//! only the linking rules run again), gives exactly what one `lint` gives:
//! on every rule fixture and on each folder of the real corpus. So does the
//! CLI's way, which frees each file's trees but for the fields the linking
//! rules read (`keep_linked_fields`) before linking.

mod support;

use std::path::{Path, PathBuf};

use ordinal_core::{
    analyze_file, check, check_alone, check_linked, check_local, keep_linked_fields, lint, Diagnostic, FileAnalysis,
    Options, SourceFile,
};
use support::yaml_files;

fn read(paths: &[PathBuf]) -> Vec<SourceFile> {
    paths
        .iter()
        .map(|path| SourceFile::new(path.display().to_string(), std::fs::read_to_string(path).unwrap()))
        .collect()
}

/// How many nodes the trees of an analysis hold; a kept span stands for an
/// entry's key and value.
fn nodes(analysis: &FileAnalysis) -> usize {
    analysis.resources.iter().map(|resource| support::node_count(&resource.root) + 2 * resource.kept_spans()).sum()
}

/// Nodes before and after [`keep_linked_fields`], summed over the calls.
#[derive(Default)]
struct Kept {
    before: usize,
    after: usize,
}

/// What an editor does: analyse and check every file alone as file 0, then
/// number the files and link them. With `kept`, as the CLI does, each file's
/// trees are cut down to what linking reads once its own rules have run.
fn in_halves(files: &[SourceFile], options: &Options, mut kept: Option<&mut Kept>) -> Vec<Diagnostic> {
    let mut analyses = Vec::new();
    let mut local = Vec::new();
    for (id, file) in files.iter().enumerate() {
        let mut analysis = analyze_file(0, file, options);
        let mut findings = check_local(0, file, &analysis, options);
        if let Some(kept) = kept.as_deref_mut() {
            kept.before += nodes(&analysis);
            keep_linked_fields(&mut analysis);
            kept.after += nodes(&analysis);
        }
        for resource in &mut analysis.resources {
            resource.file = id;
        }
        for finding in &mut findings {
            finding.renumber_file(0, id);
        }
        analyses.push(analysis);
        local.extend(findings);
    }
    check_linked(files, &analyses.iter().collect::<Vec<_>>(), local, options).diagnostics
}

/// Every file in one piece, all rules over whole trees: what the other ways
/// must give.
fn in_one_piece(files: &[SourceFile], options: &Options) -> Vec<Diagnostic> {
    let analyses = files.iter().enumerate().map(|(id, file)| analyze_file(id, file, options)).collect();
    check(files, analyses, options).diagnostics
}

fn assert_same(files: &[SourceFile], what: &str, kept: &mut Kept) -> usize {
    let options = Options::default();
    let whole = in_one_piece(files, &options);
    assert_eq!(lint(files, &options).diagnostics, whole, "{what}, through lint");
    assert_eq!(in_halves(files, &options, None), whole, "{what}, as an editor links");
    assert_eq!(in_halves(files, &options, Some(kept)), whole, "{what}, as the CLI links (trees cut down)");
    whole.len()
}

#[test]
fn every_rule_fixture_gives_the_same_findings_in_halves() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/rules");
    let mut findings = 0;
    let mut cases = 0;
    let mut kept = Kept::default();
    for rule in std::fs::read_dir(&root).unwrap() {
        let rule = rule.unwrap().path();
        for case in ["fail.yaml", "pass.yaml"] {
            // Change-review rules have fail/old.yaml and fail/new.yaml
            // instead, which lint never links.
            let path = rule.join(case);
            if !path.is_file() {
                continue;
            }
            cases += 1;
            findings += assert_same(&read(std::slice::from_ref(&path)), &path.display().to_string(), &mut kept);
        }
    }
    assert!(cases > 100 && findings > 100, "{cases} cases, {findings} findings");
    // The fixtures are mostly what linking reads; 74% of their nodes stay.
    assert!(kept.after * 10 < kept.before * 9, "{} of {} nodes kept", kept.after, kept.before);
}

#[test]
fn every_real_corpus_folder_gives_the_same_findings_in_halves() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/real");
    let mut folders: Vec<PathBuf> =
        std::fs::read_dir(&root).unwrap().map(|entry| entry.unwrap().path()).filter(|path| path.is_dir()).collect();
    folders.sort();
    let mut findings = 0;
    let mut kept = Kept::default();
    for folder in &folders {
        let mut paths = Vec::new();
        yaml_files(folder, &mut paths);
        findings += assert_same(&read(&paths), &folder.display().to_string(), &mut kept);
    }
    assert!(folders.len() > 5 && findings > 50, "{} folders, {findings} findings", folders.len());
    // Pod templates and metadata are most of a real manifest, and linking
    // reads little of them; 42% of the nodes stay.
    assert!(kept.after * 2 < kept.before, "{} of {} nodes kept", kept.after, kept.before);
}

/// Every fixture and real manifest as the documents of one file.
fn one_big_file(keep: impl Fn(&SourceFile) -> bool) -> String {
    let mut paths = Vec::new();
    yaml_files(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/rules"), &mut paths);
    yaml_files(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/real"), &mut paths);
    let mut text = String::new();
    for file in read(&paths).iter().filter(|file| keep(file)) {
        text.push_str("---\n");
        text.push_str(&file.text);
        if !file.text.ends_with('\n') {
            text.push('\n');
        }
    }
    text
}

/// Small runs, so that the corpus makes many of them.
const RUN_BYTES: usize = 16 << 10;

/// `check_alone` on one file, counting the runs it checks.
fn checked_alone(file: &SourceFile, options: &Options) -> (FileAnalysis, Vec<Diagnostic>, usize) {
    let runs = std::cell::Cell::new(0);
    let (analysis, local) = check_alone(0, file, options, RUN_BYTES, |parts, check| {
        runs.set(parts.len());
        parts.iter().map(check).collect()
    });
    (analysis, local, runs.get())
}

#[test]
fn a_big_file_checked_run_by_run_gives_what_one_piece_gives() {
    let options = Options::default();
    // Only documents that parse cleanly, or any run's problem sends the
    // whole file back to one piece.
    let clean = one_big_file(|file| analyze_file(0, file, &options).problems.is_empty());
    let file = SourceFile::new("big.yaml", clean);
    let (analysis, local, runs) = checked_alone(&file, &options);
    assert!(runs >= 8, "{runs} runs of {} bytes", file.text.len());
    let mut whole = analyze_file(0, &file, &options);
    assert_eq!(local, check_local(0, &file, &whole, &options));
    keep_linked_fields(&mut whole);
    assert_eq!(format!("{:?}", analysis.resources), format!("{:?}", whole.resources));
    assert!(analysis.resources.len() > 200, "{} resources", analysis.resources.len());
    let files = [file];
    assert_eq!(lint(&files, &options).diagnostics, in_one_piece(&files, &options));
}

#[test]
fn a_big_file_with_a_broken_document_is_checked_in_one_piece() {
    let options = Options::default();
    let text = one_big_file(|_| true);
    let file = SourceFile::new("big.yaml", text);
    let (analysis, local, runs) = checked_alone(&file, &options);
    assert!(runs >= 8, "{runs} runs");
    let whole = analyze_file(0, &file, &options);
    assert!(!whole.problems.is_empty());
    assert_eq!(analysis.problems, whole.problems);
    assert_eq!(local, check_local(0, &file, &whole, &options));
    let files = [file];
    assert_eq!(lint(&files, &options).diagnostics, in_one_piece(&files, &options));
}
