//! `tests/fixtures/diff/<case>/{old,new}.yaml`: what `ordinal diff` says
//! about each pair (findings, changed fields, rollout), snapshotted as the
//! text output. Each case is its own test; a case named `no-change-*` must
//! also give no finding and no change at all.

use std::path::{Path, PathBuf};

use libtest_mimic::{Arguments, Failed, Trial};

use ordinal_core::diff::diff;
use ordinal_core::render::diff_text;
use ordinal_core::rules::ChangeKind;
use ordinal_core::{Options, SourceFile};

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/diff")
}

fn run(case: String) -> Result<(), Failed> {
    let read = |name: &str| -> Result<SourceFile, Failed> {
        let path = fixtures_dir().join(&case).join(name);
        let text = std::fs::read_to_string(&path).map_err(|error| format!("{}: {error}", path.display()))?;
        Ok(SourceFile::new(format!("{case}/{name}"), text))
    };
    let files = [read("old.yaml")?, read("new.yaml")?];
    let report = diff(&files, 1, &Options::default());
    if case.starts_with("no-change") {
        if !report.diagnostics.is_empty() || report.changes.iter().any(|change| change.change != ChangeKind::Unchanged)
        {
            return Err(
                format!("{case}: expected no change, got:\n{}", diff_text::render(&report, &files, false)).into()
            );
        }
        if report.changes.is_empty() {
            return Err(format!("{case}: no resources were paired").into());
        }
    }
    insta::assert_snapshot!(format!("diff-{case}"), diff_text::render(&report, &files, false));
    Ok(())
}

fn main() {
    let mut cases: Vec<String> = std::fs::read_dir(fixtures_dir())
        .map(|entries| {
            entries.filter_map(|entry| Some(entry.ok()?.file_name().to_string_lossy().into_owned())).collect()
        })
        .unwrap_or_default();
    cases.sort();
    let mut trials: Vec<Trial> =
        cases.into_iter().map(|case| Trial::test(case.clone(), move || run(case.clone()))).collect();
    trials.push(Trial::test("the_cases_exist", || {
        if fixtures_dir().join("rolling-partition").is_dir() {
            Ok(())
        } else {
            Err("tests/fixtures/diff is missing".into())
        }
    }));
    libtest_mimic::run(&Arguments::from_args(), trials).exit();
}
