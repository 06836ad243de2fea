//! Every rule has `tests/fixtures/rules/<id>/{fail,pass}.yaml`: the fail
//! file must produce the rule (snapshotted with exact positions), the pass
//! file must not.

use std::path::{Path, PathBuf};

use ordinal_core::rules::RULES;
use ordinal_core::{lint, Options, SourceFile};

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/rules")
}

/// `line:col-line:col severity rule: message` plus help and fix, one finding a block.
fn render(file: &SourceFile, rule: &str) -> String {
    let report = lint(std::slice::from_ref(file), &Options::default());
    let mut out = String::new();
    for diagnostic in report.diagnostics.iter().filter(|d| d.rule == rule) {
        let start = file.line_column(diagnostic.span.start);
        let end = file.line_column(diagnostic.span.end);
        out.push_str(&format!(
            "{}:{}-{}:{} {} {}: {}\n",
            start.line, start.column, end.line, end.column, diagnostic.severity, diagnostic.rule, diagnostic.message
        ));
        out.push_str(&format!("  help: {}\n", diagnostic.help));
        if let Some(resource) = &diagnostic.resource {
            out.push_str(&format!("  resource: {resource}\n"));
        }
        if let Some(fix) = &diagnostic.fix {
            let fixed = fix.apply(&file.text);
            let changed: Vec<&str> =
                fixed.lines().filter(|line| !file.text.lines().any(|original| original == *line)).collect();
            out.push_str(&format!("  fix: {} -> {:?}\n", fix.message, changed));
        }
    }
    out
}

#[test]
fn every_rule_has_a_failing_and_a_passing_fixture() {
    let mut failures = Vec::new();
    for rule in RULES {
        let id = rule.meta().id;
        let dir = fixtures_dir().join(id);
        for (name, should_fire) in [("fail.yaml", true), ("pass.yaml", false)] {
            let path = dir.join(name);
            let Ok(text) = std::fs::read_to_string(&path) else {
                failures.push(format!("{id}: missing {}", path.display()));
                continue;
            };
            let file = SourceFile::new(format!("{id}/{name}"), text);
            let rendered = render(&file, id);
            if should_fire {
                if rendered.is_empty() {
                    failures.push(format!("{id}: fail.yaml produced no `{id}` finding"));
                }
                insta::assert_snapshot!(format!("{id}"), rendered);
            } else if !rendered.is_empty() {
                failures.push(format!("{id}: pass.yaml produced:\n{rendered}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
