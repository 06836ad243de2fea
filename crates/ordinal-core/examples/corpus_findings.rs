//! Print every finding for each folder of a corpus, one folder at a time
//! (sources reuse object names, so folders must not be linted together).
//!
//! `cargo run -p ordinal-core --example corpus_findings -- ../shared/corpus/real [rule-id...]`

use std::path::{Path, PathBuf};

use ordinal_core::{lint, Options, SourceFile};

fn main() {
    let mut args = std::env::args().skip(1);
    let root = PathBuf::from(args.next().unwrap_or_else(|| "../shared/corpus/real".into()));
    let only: Vec<String> = args.collect();
    let mut folders: Vec<PathBuf> = match std::fs::read_dir(&root) {
        Ok(entries) => entries.filter_map(Result::ok).map(|e| e.path()).filter(|p| p.is_dir()).collect(),
        Err(error) => {
            eprintln!("{}: {error}", root.display());
            std::process::exit(2);
        }
    };
    folders.sort();
    for folder in folders {
        let files = yaml_files(&folder);
        let report = lint(&files, &Options::default());
        println!("== {}", folder.file_name().unwrap_or_default().to_string_lossy());
        for diagnostic in &report.diagnostics {
            if !only.is_empty() && !only.iter().any(|id| id == diagnostic.rule) {
                continue;
            }
            let file = &files[diagnostic.file];
            let at = file.line_column(diagnostic.span.start);
            println!(
                "{}:{}:{} {} {}: {}",
                file.name, at.line, at.column, diagnostic.severity, diagnostic.rule, diagnostic.message
            );
        }
    }
}

fn yaml_files(folder: &Path) -> Vec<SourceFile> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(folder)
        .map(|entries| entries.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    paths.retain(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml"));
    paths.sort();
    paths
        .into_iter()
        .filter_map(|p| {
            let text = std::fs::read_to_string(&p).ok()?;
            Some(SourceFile::new(p.file_name()?.to_string_lossy().into_owned(), text))
        })
        .collect()
}
