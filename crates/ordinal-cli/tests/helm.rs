//! Helm and Kustomize in the workflow: rendered output piped in names the
//! template of every finding (`# Source:`), in every format; a directory
//! walk skips Helm charts (with one note each) and kustomization files.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run_in(dir: &Path, args: &[&str], stdin: Option<&[u8]>) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ordinal"))
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the ordinal binary runs");
    if let Some(bytes) = stdin {
        child.stdin.take().expect("piped stdin").write_all(bytes).expect("stdin is written");
    }
    let output = child.wait_with_output().expect("ordinal finishes");
    Run {
        code: output.status.code().expect("an exit code"),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    }
}

fn helm_fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/helm")
}

fn chart_fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/helm-chart")
}

fn rendered(name: &str) -> Vec<u8> {
    std::fs::read(helm_fixtures().join(name)).expect("a helm fixture")
}

/// `ordinal lint --format <format> -` with `stdin`.
fn lint_stdin(format: &str, stdin: &[u8]) -> Run {
    run_in(&helm_fixtures(), &["lint", "--color", "never", "--format", format, "-"], Some(stdin))
}

fn json(run: &Run) -> Value {
    serde_json::from_str(&run.stdout).unwrap_or_else(|error| panic!("not JSON ({error}): {}", run.stdout))
}

/// `(rule, line, source)` of every diagnostic.
fn sources(report: &Value) -> Vec<(String, u64, Option<String>)> {
    report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().expect("rule").to_string(),
                d["line"].as_u64().expect("line"),
                d["source"].as_str().map(str::to_string),
            )
        })
        .collect()
}

#[test]
fn every_finding_of_a_rendered_document_names_its_template_in_json() {
    let run = lint_stdin("json", &rendered("rendered-db.yaml"));
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report = json(&run);
    let sources = sources(&report);
    let source_of = |rule: &str| -> Option<String> {
        sources.iter().find(|(r, _, _)| r == rule).unwrap_or_else(|| panic!("no {rule} in {sources:?}")).2.clone()
    };
    let statefulset = Some("db/templates/statefulset.yaml".to_string());
    for rule in ["service-not-found", "missing-anti-affinity", "image-latest-tag"] {
        assert_eq!(source_of(rule), statefulset, "{rule}");
    }
    // Written just before its `---`, after the StatefulSet's content.
    assert_eq!(source_of("pdb-blocks-eviction").as_deref(), Some("db/templates/pdb.yaml"));
    // No resource, reported at the next `---`: still the ConfigMap's template.
    assert_eq!(source_of("yaml-syntax").as_deref(), Some("db/templates/configmap.yaml"));
    // The last document has no comment and names no template, as JSON null.
    let last = report["diagnostics"].as_array().expect("diagnostics").last().expect("a finding");
    assert_eq!(last["rule"], "invalid-value");
    assert!(last["source"].is_null(), "{last}");
    assert!(last.as_object().expect("object").contains_key("source"));
}

#[test]
fn a_real_charts_rendered_output_is_attributed_template_by_template() {
    let run = lint_stdin("json", &rendered("opentelemetry-collector-statefulset.yaml"));
    let report = json(&run);
    let sources = sources(&report);
    assert!(!sources.is_empty(), "{}", run.stdout);
    for (rule, line, source) in &sources {
        // The Service is the first document (lines 9 to 58, after the
        // header comment); the StatefulSet starts at the `---` of line 59.
        let expected = if *line < 59 {
            "opentelemetry-collector/templates/service.yaml"
        } else {
            "opentelemetry-collector/templates/statefulset.yaml"
        };
        assert_eq!(source.as_deref(), Some(expected), "{rule} at line {line}");
    }
    assert!(sources.iter().any(|(rule, _, source)| rule == "service-not-headless"
        && source.as_deref() == Some("opentelemetry-collector/templates/service.yaml")));
}

#[test]
fn text_output_names_the_template_beside_the_location() {
    let run = lint_stdin("text", &rendered("rendered-db.yaml"));
    assert!(run.stdout.contains(" --> <stdin>:26:16 (from db/templates/statefulset.yaml)\n"), "{}", run.stdout);
    assert!(run.stdout.contains(" (from db/templates/configmap.yaml)\n"), "{}", run.stdout);
    // The unattributed document's finding has a bare location.
    let line = run.stdout.lines().find(|line| line.contains("--> <stdin>:67:")).expect("the last finding");
    assert!(!line.contains("(from"), "{line}");
}

#[test]
fn sarif_github_and_junit_carry_the_template() {
    let sarif: Value = json(&lint_stdin("sarif", &rendered("rendered-db.yaml")));
    let results = sarif["runs"][0]["results"].as_array().expect("results");
    let result = results.iter().find(|r| r["ruleId"] == "service-not-found").expect("service-not-found");
    assert_eq!(result["properties"]["source"], "db/templates/statefulset.yaml");
    assert_eq!(result["properties"]["resource"], "StatefulSet/default/db");
    assert_eq!(result["locations"][0]["logicalLocations"][0]["fullyQualifiedName"], "db/templates/statefulset.yaml");
    let message = result["message"]["text"].as_str().expect("text");
    assert!(message.lines().next().expect("a line").ends_with(" (from db/templates/statefulset.yaml)"), "{message}");
    let unattributed = results.iter().find(|r| r["ruleId"] == "invalid-value").expect("invalid-value");
    assert!(
        unattributed["properties"].get("source").is_none()
            && unattributed["locations"][0].get("logicalLocations").is_none()
    );

    let junit = lint_stdin("junit", &rendered("rendered-db.yaml")).stdout;
    assert!(junit.contains("  from: db/templates/statefulset.yaml\n"), "{junit}");

    let github = lint_stdin("github", &rendered("rendered-db.yaml")).stdout;
    let annotation = github.lines().find(|line| line.contains("title=service-not-found::")).expect("an annotation");
    assert!(annotation.ends_with(" (from db/templates/statefulset.yaml)"), "{annotation}");
}

#[test]
fn a_source_is_shown_escaped() {
    let text = "---\n# Source: x/templates/\u{1b}[31mred\u{202e}.yaml\napiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: web}\nspec:\n  serviceName: nginx\n";
    for format in ["text", "github"] {
        let out = lint_stdin(format, text.as_bytes()).stdout;
        assert!(!out.contains('\u{1b}') && !out.contains('\u{202e}'), "{format}: {out}");
        assert!(out.contains("(from x/templates/\\u{1b}[31mred\\u{202e}.yaml)"), "{format}: {out}");
    }
    // JSON carries the exact string.
    let report = json(&lint_stdin("json", text.as_bytes()));
    assert_eq!(report["diagnostics"][0]["source"], "x/templates/\u{1b}[31mred\u{202e}.yaml");
}

#[test]
fn a_directory_walk_skips_a_chart_with_one_note_and_skips_kustomization_files() {
    let run = run_in(&chart_fixture(), &["lint", "--format", "json"], None);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(run.stderr, "note: db is a Helm chart; lint its rendered output: helm template db | ordinal lint -\n");
    let report = json(&run);
    // app.yaml only: not the chart's templates, Chart.yaml or values.yaml, nor kustomization.yaml.
    assert_eq!(report["summary"]["files"], 1);
    assert_eq!(report["summary"]["resources"], 1);
    assert_eq!(report["diagnostics"].as_array().map(Vec::len), Some(0), "{}", run.stdout);

    // Named directly, the chart gets the note too.
    let direct = run_in(&chart_fixture(), &["lint", "db"], None);
    assert!(direct.stderr.starts_with("note: db is a Helm chart;"), "{}", direct.stderr);
    assert!(!direct.stdout.contains("yaml-syntax"), "{}", direct.stdout);

    // So do its files named one by one (as a pre-commit hook passes them),
    // with one note for the chart, while the other files are linted.
    let files = run_in(
        &chart_fixture(),
        &["lint", "--format", "json", "db/templates/statefulset.yaml", "db/values.yaml", "db/Chart.yaml", "app.yaml"],
        None,
    );
    assert_eq!(files.code, 0, "{}", files.stdout);
    assert_eq!(files.stderr, "note: db is a Helm chart; lint its rendered output: helm template db | ordinal lint -\n");
    assert_eq!(json(&files)["summary"]["files"], 1);
    let inside = run_in(&chart_fixture().join("db"), &["lint", "templates/statefulset.yaml"], None);
    assert!(
        inside.stderr.starts_with("note: . is a Helm chart; lint its rendered output: helm template . |"),
        "{}",
        inside.stderr
    );
}

#[test]
fn a_kustomization_named_explicitly_is_no_resources_and_no_error() {
    let run = run_in(&chart_fixture(), &["lint", "--format", "json", "kustomization.yaml", "app.yaml"], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stderr, "");
    let report = json(&run);
    assert_eq!((&report["summary"]["files"], &report["summary"]["resources"]), (&2.into(), &1.into()));
}
