//! The real manifests in ../shared/corpus/real (see its SOURCES.md) must all
//! parse cleanly; their findings are snapshotted per source folder and were
//! reviewed by hand against Kubernetes behaviour.

use std::path::{Path, PathBuf};

use ordinal_core::{lint, LintOptions, SourceFile};

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

#[test]
fn every_real_manifest_parses_without_yaml_syntax_errors() {
    let mut count = 0;
    for folder in folders() {
        let files = files_in(&folder);
        count += files.len();
        let report = lint(&files, &LintOptions::default());
        let syntax: Vec<_> = report.diagnostics.iter().filter(|d| d.rule == "yaml-syntax").collect();
        assert!(syntax.is_empty(), "{}: {syntax:#?}", folder.display());
        assert!(report.summary.resources > 0, "{}: no resources", folder.display());
    }
    assert!(count >= 70, "expected the whole corpus, found {count} files");
}
