//! Every fix over every rule fixture and regression file, and the real
//! corpus (../shared/corpus/real, linted as one input set): applying all of
//! them (unsafe included) settles before the round limit, leaves no finding
//! that still offers a fix, breaks no YAML or schema (a fix may well reveal
//! other findings: a name that was a number is a name once quoted), and a
//! second run changes nothing.

mod support;

use std::collections::BTreeSet;
use std::path::Path;

use ordinal_core::fix::{fix_files, FixMode, MAX_ROUNDS};
use ordinal_core::{lint, Options, SourceFile};
use support::yaml_files;

/// The findings a botched edit would cause.
const STRUCTURAL: &[&str] =
    &["yaml-syntax", "duplicate-key", "unknown-field", "invalid-type", "missing-required-field"];

fn structural_findings(file: &SourceFile) -> BTreeSet<(&'static str, String)> {
    lint(std::slice::from_ref(file), &Options::default())
        .diagnostics
        .iter()
        .filter(|d| STRUCTURAL.contains(&d.rule))
        .map(|d| (d.rule, d.message.to_string()))
        .collect()
}

#[test]
fn fixing_every_fixture_settles_and_breaks_nothing() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures");
    let mut paths = Vec::new();
    yaml_files(&root.join("rules"), &mut paths);
    yaml_files(&root.join("regressions"), &mut paths);
    paths.sort();
    assert!(paths.len() > 100, "the fixtures are found: {}", paths.len());
    let mut fixed_files = 0;
    for path in &paths {
        let Ok(text) = std::fs::read_to_string(path) else { continue };
        let name = path.display().to_string();
        let original = SourceFile::new(name.clone(), text);
        let outcome = fix_files(std::slice::from_ref(&original), &Options::default(), FixMode::All);
        assert!(outcome.rounds < MAX_ROUNDS, "{name}: still fixing after {} rounds", outcome.rounds);
        let fixed = SourceFile::new(name.clone(), outcome.files[0].text.clone());
        if outcome.fixed() > 0 {
            fixed_files += 1;
        }
        let report = lint(std::slice::from_ref(&fixed), &Options::default());
        let left: Vec<_> = report.diagnostics.iter().filter(|d| d.fix.is_some()).map(|d| d.rule).collect();
        assert!(left.is_empty(), "{name}: fixes still offered after fixing: {left:?}\n{}", fixed.text);
        let before = structural_findings(&original);
        let new: Vec<_> = structural_findings(&fixed).difference(&before).cloned().collect();
        assert!(new.is_empty(), "{name}: fixing added findings {new:?}\n{}", fixed.text);
        let again = fix_files(std::slice::from_ref(&fixed), &Options::default(), FixMode::All);
        assert_eq!(again.fixed(), 0, "{name}: a second run fixed more");
    }
    assert!(fixed_files >= 8, "the fixtures exercise the fixes: {fixed_files} files fixed");
}

#[test]
fn fixing_the_real_corpus_together_settles_and_is_idempotent() {
    let mut paths = Vec::new();
    yaml_files(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/real"), &mut paths);
    paths.sort();
    assert!(!paths.is_empty(), "the corpus is there");
    let files: Vec<SourceFile> = paths
        .iter()
        .filter_map(|path| Some(SourceFile::new(path.display().to_string(), std::fs::read_to_string(path).ok()?)))
        .collect();
    let outcome = fix_files(&files, &Options::default(), FixMode::All);
    assert!(outcome.rounds < MAX_ROUNDS, "still fixing after {} rounds", outcome.rounds);
    assert!(outcome.fixed() > 0, "the corpus has fixable findings");
    let fixed: Vec<SourceFile> = files
        .iter()
        .zip(&outcome.files)
        .map(|(file, fixed)| SourceFile::new(file.name.clone(), fixed.text.clone()))
        .collect();
    let report = lint(&fixed, &Options::default());
    let left: Vec<_> = report.diagnostics.iter().filter(|d| d.fix.is_some()).map(|d| d.rule).collect();
    assert!(left.is_empty(), "fixes still offered after fixing: {left:?}");
    for (file, fixed) in files.iter().zip(&fixed) {
        let before = structural_findings(file);
        let new: Vec<_> = structural_findings(fixed).difference(&before).cloned().collect();
        assert!(new.is_empty(), "{}: fixing added findings {new:?}", file.name);
    }
    assert_eq!(fix_files(&fixed, &Options::default(), FixMode::All).fixed(), 0, "a second run fixed more");
}
