//! Every rule has `tests/fixtures/rules/<id>/{fail,pass}.yaml`: the fail
//! file must produce the rule (snapshotted with exact positions), the pass
//! file must not.
//!
//! Each file is its own test, `<id>::fail` and `<id>::pass` (libtest-mimic,
//! `harness = false`), so every failing fixture is reported, not only the
//! first, and `cargo test -p ordinal-core --test rule_fixtures -- <id>` runs
//! one rule's pair. The tests come from the `RULES` registry rather than
//! from the directory, so a rule without its files fails by name.

use std::path::{Path, PathBuf};

use libtest_mimic::{Arguments, Failed, Trial};

use ordinal_core::config::RuleSetting;
use ordinal_core::render::lint_text;
use ordinal_core::rules::RULES;
use ordinal_core::{lint, Options, SourceFile};

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/rules")
}

/// The rule's findings as `ordinal lint` prints them without colour (source
/// line, carets, secondary labels, help, fix patch), each followed by the
/// resource it names, which the text output leaves out.
/// An opt-in rule runs at its default severity here, as when a
/// configuration names it; every other rule runs as configured by default.
fn render(file: &SourceFile, rule: &str) -> String {
    let files = std::slice::from_ref(file);
    let mut options = Options::default();
    if let Some(meta) = ordinal_core::rules::find(rule).map(|found| found.meta()) {
        if !meta.enabled_by_default {
            options.rules.insert(rule.to_string(), RuleSetting::Severity(meta.severity));
        }
    }
    let report = lint(files, &options);
    let mut out = String::new();
    for diagnostic in report.diagnostics.iter().filter(|d| d.rule == rule) {
        out.push_str(&lint_text::render_diagnostic(files, diagnostic, false));
        out.push('\n');
        if let Some(resource) = &diagnostic.resource {
            out.push_str(&format!("resource: {resource}\n"));
        }
        out.push('\n');
    }
    out
}

/// A change rule's findings on the pair `<case>/old.yaml` → `<case>/new.yaml`,
/// rendered as `render` does.
fn render_change(id: &str, case: &str) -> Result<String, Failed> {
    let files = [read(id, &format!("{case}/old.yaml"))?, read(id, &format!("{case}/new.yaml"))?];
    let report = ordinal_core::diff::diff(&files, 1, &Options::default());
    let mut out = String::new();
    for diagnostic in report.diagnostics.iter().filter(|d| d.rule == id) {
        out.push_str(&lint_text::render_diagnostic(&files, diagnostic, false));
        out.push('\n');
        if let Some(resource) = &diagnostic.resource {
            out.push_str(&format!("resource: {resource}\n"));
        }
        out.push('\n');
    }
    Ok(out)
}

/// A change rule (`ordinal diff`) has `fail/{old,new}.yaml` and
/// `pass/{old,new}.yaml` instead of single files.
fn check_change(id: &'static str, case: &'static str) -> Result<(), Failed> {
    let rendered = render_change(id, case)?;
    match (case, rendered.is_empty()) {
        ("fail", true) => Err(format!("{id}: fail/ produced no `{id}` finding").into()),
        ("fail", false) => {
            insta::assert_snapshot!(id, rendered);
            Ok(())
        }
        (_, true) => Ok(()),
        (_, false) => Err(format!("{id}: pass/ produced:\n{rendered}").into()),
    }
}

fn main() {
    let mut trials = Vec::new();
    for rule in RULES {
        let id = rule.meta().id;
        if rule.meta().change {
            trials.push(Trial::test(format!("{id}::fail"), move || check_change(id, "fail")));
            trials.push(Trial::test(format!("{id}::pass"), move || check_change(id, "pass")));
            continue;
        }
        trials.push(Trial::test(format!("{id}::fail"), move || check_fail(id)));
        trials.push(Trial::test(format!("{id}::pass"), move || check_pass(id)));
    }
    trials.push(Trial::test("every_fixture_directory_is_a_rule", every_fixture_directory_is_a_rule));
    libtest_mimic::run(&Arguments::from_args(), trials).exit();
}

fn read(id: &str, name: &str) -> Result<SourceFile, Failed> {
    let path = fixtures_dir().join(id).join(name);
    let text =
        std::fs::read_to_string(&path).map_err(|error| format!("{id}: cannot read {}: {error}", path.display()))?;
    Ok(SourceFile::new(format!("{id}/{name}"), text))
}

/// The fail file produces the rule, and its output matches the snapshot
/// (insta panics on a difference, which libtest-mimic reports as a failure).
fn check_fail(id: &'static str) -> Result<(), Failed> {
    let file = read(id, "fail.yaml")?;
    let rendered = render(&file, id);
    if rendered.is_empty() {
        return Err(format!("{id}: fail.yaml produced no `{id}` finding").into());
    }
    insta::assert_snapshot!(id, rendered);
    Ok(())
}

/// The pass file's near misses produce nothing from the rule.
fn check_pass(id: &'static str) -> Result<(), Failed> {
    let file = read(id, "pass.yaml")?;
    let rendered = render(&file, id);
    if rendered.is_empty() {
        Ok(())
    } else {
        Err(format!("{id}: pass.yaml produced:\n{rendered}").into())
    }
}

/// A fixture directory whose rule was renamed or removed would otherwise be
/// dead weight that no test reads.
fn every_fixture_directory_is_a_rule() -> Result<(), Failed> {
    let entries = std::fs::read_dir(fixtures_dir()).map_err(|error| format!("cannot list fixtures: {error}"))?;
    let mut strays = Vec::new();
    for entry in entries {
        let name = entry.map_err(|error| error.to_string())?.file_name().to_string_lossy().into_owned();
        if !RULES.iter().any(|rule| rule.meta().id == name) {
            strays.push(name);
        }
    }
    strays.sort();
    if strays.is_empty() {
        Ok(())
    } else {
        Err(format!("fixture directories without a rule: {}", strays.join(", ")).into())
    }
}
