//! The real manifests in ../shared/corpus/real (see its SOURCES.md) must all
//! parse cleanly; their findings are snapshotted per source folder and were
//! reviewed by hand against Kubernetes behaviour.

use std::path::{Path, PathBuf};

use ordinal_core::{lint, Options, SourceFile};

fn corpus_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/real");
    assert!(dir.is_dir(), "the shared corpus is missing at {}; it lives beside the repository", dir.display());
    dir
}

fn folders() -> Vec<PathBuf> {
    let mut folders: Vec<PathBuf> =
        std::fs::read_dir(corpus_dir()).unwrap().map(|e| e.unwrap().path()).filter(|p| p.is_dir()).collect();
    folders.sort();
    folders
}

fn files_in(folder: &Path) -> Vec<SourceFile> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            SourceFile::new(name, std::fs::read_to_string(&p).unwrap())
        })
        .collect()
}

/// Groups of files linted together: a folder, unless two of its files define
/// the same object (SOURCES.md: several sources reuse names such as Service
/// `nginx` / StatefulSet `web`), in which case each file stands alone.
fn lint_groups(folder: &Path) -> Vec<Vec<SourceFile>> {
    let files = files_in(folder);
    let mut seen = std::collections::HashSet::new();
    let mut collides = false;
    for (index, file) in files.iter().enumerate() {
        let analysis = ordinal_core::analyze_file(index, file, &Options::default());
        for resource in analysis.resources {
            collides |= !seen.insert((resource.kind, resource.namespace, resource.name));
        }
    }
    if collides {
        files.into_iter().map(|file| vec![file]).collect()
    } else {
        vec![files]
    }
}

/// One line per finding: `file:line:col-line:col severity rule: message`.
fn findings(files: &[SourceFile]) -> String {
    let report = lint(files, &Options::default());
    let mut out = String::new();
    for diagnostic in &report.diagnostics {
        let file = &files[diagnostic.file];
        let start = file.line_column(diagnostic.span.start);
        let end = file.line_column(diagnostic.span.end);
        out.push_str(&format!(
            "{}:{}:{}-{}:{} {} {}: {}\n",
            file.name,
            start.line,
            start.column,
            end.line,
            end.column,
            diagnostic.severity,
            diagnostic.rule,
            diagnostic.message
        ));
    }
    out
}

#[test]
fn findings_on_the_real_corpus_are_stable() {
    for folder in folders() {
        let name = folder.file_name().unwrap().to_string_lossy().into_owned();
        let rendered: String = lint_groups(&folder).iter().map(|group| findings(group)).collect();
        insta::assert_snapshot!(format!("corpus-{name}"), rendered);
    }
}

#[test]
fn every_real_manifest_parses_without_yaml_syntax_errors() {
    let mut count = 0;
    for folder in folders() {
        let files = files_in(&folder);
        count += files.len();
        let report = lint(&files, &Options::default());
        let syntax: Vec<_> = report.diagnostics.iter().filter(|d| d.rule == "yaml-syntax").collect();
        assert!(syntax.is_empty(), "{}: {syntax:#?}", folder.display());
        assert!(report.summary.resources > 0, "{}: no resources", folder.display());
    }
    assert!(count >= 70, "expected the whole corpus, found {count} files");
}
