//! End-to-end tests of the `ordinal` binary: every output format, exit
//! codes, inputs (files, directories, stdin), configuration, suppression,
//! determinism and the real-world corpus.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use ordinal_core::rules::RULES;
use serde_json::Value;

/// What one run of the binary did.
#[derive(Debug)]
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Run `ordinal args...` in `dir`, feeding `stdin` when given.
fn run_in(dir: &Path, args: &[&str], stdin: Option<&[u8]>) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_ordinal"));
    command
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().expect("the ordinal binary runs");
    if let Some(bytes) = stdin {
        child.stdin.take().expect("piped stdin").write_all(bytes).expect("stdin is written");
    }
    let output = child.wait_with_output().expect("ordinal finishes");
    Run {
        code: output.status.code().unwrap_or_else(|| panic!("ordinal {args:?} was killed by a signal")),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    }
}

/// Run in the fixtures directory.
fn ordinal(args: &[&str]) -> Run {
    run_in(&fixtures(), args, None)
}

/// Run with `--format json` appended and parse stdout.
fn lint_json_in(dir: &Path, args: &[&str], stdin: Option<&[u8]>) -> (Value, Run) {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    let run = run_in(dir, &all, stdin);
    let value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|error| panic!("stdout of {all:?} is not JSON ({error}):\n{}\n{}", run.stdout, run.stderr));
    (value, run)
}

fn diagnostics(report: &Value) -> &Vec<Value> {
    report["diagnostics"].as_array().expect("diagnostics is an array")
}

fn rules_found(report: &Value) -> BTreeSet<String> {
    diagnostics(report).iter().filter_map(|d| d["rule"].as_str()).map(str::to_string).collect()
}

fn find_rule<'a>(report: &'a Value, rule: &str) -> &'a Value {
    diagnostics(report)
        .iter()
        .find(|diagnostic| diagnostic["rule"] == rule)
        .unwrap_or_else(|| panic!("no `{rule}` finding in {report:#}"))
}

fn sorted_keys(value: &Value) -> Vec<&str> {
    let mut keys: Vec<&str> = value.as_object().expect("an object").keys().map(String::as_str).collect();
    keys.sort_unstable();
    keys
}

/// Whether anything in `report` is at or above `threshold` (error > warning > info).
fn has_at_or_above(report: &Value, threshold: &str) -> bool {
    let rank = |severity: &str| match severity {
        "error" => 3,
        "warning" => 2,
        "info" => 1,
        other => panic!("unknown severity {other}"),
    };
    diagnostics(report).iter().any(|d| rank(d["severity"].as_str().expect("severity")) >= rank(threshold))
}

fn write(dir: &Path, relative: &str, contents: impl AsRef<[u8]>) {
    let path = dir.join(relative);
    std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
    std::fs::write(path, contents).expect("write");
}

fn fixture_text(relative: &str) -> String {
    std::fs::read_to_string(fixtures().join(relative)).expect("fixture exists")
}

// ---------------------------------------------------------------- text

#[test]
fn text_output_of_a_missing_service() {
    let run = ordinal(&["lint", "--color", "never", "broken/missing-service.yaml"]);
    assert_eq!(run.code, 1, "{run:?}");
    insta::assert_snapshot!("text_missing_service", run.stdout);
}

#[test]
fn text_output_with_labels_fixes_and_several_findings() {
    let run = ordinal(&["lint", "--color", "never", "broken/not-headless.yaml"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(run.stdout.contains("fix available"), "{}", run.stdout);
    insta::assert_snapshot!("text_not_headless", run.stdout);
}

#[test]
fn text_output_of_clean_manifests_ends_with_a_summary() {
    let run = ordinal(&["lint", "--color", "never", "clean"]);
    assert_eq!(run.code, 0, "{run:?}");
    let last = run.stdout.lines().last().expect("a summary line");
    assert!(last.ends_with("in 1 file (3 resources)"), "{last}");
    assert!(!run.stdout.contains("error["), "{}", run.stdout);
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let always = ordinal(&["lint", "--color", "always", "broken/missing-service.yaml"]);
    assert!(always.stdout.contains("\u{1b}["), "--color always gives ANSI colour");
    let never = ordinal(&["lint", "--color", "never", "broken/missing-service.yaml"]);
    assert!(!never.stdout.contains('\u{1b}'));
    // The test pipes stdout, so `auto` must not colour.
    let auto = ordinal(&["lint", "broken/missing-service.yaml"]);
    assert!(!auto.stdout.contains('\u{1b}'));
    assert_eq!(auto.stdout, never.stdout);
}

#[test]
fn an_explicit_colour_flag_overrides_no_color() {
    let output = Command::new(env!("CARGO_BIN_EXE_ordinal"))
        .args(["lint", "--color", "always", "broken/missing-service.yaml"])
        .current_dir(fixtures())
        .env("NO_COLOR", "1")
        .output()
        .expect("ordinal runs");
    assert!(String::from_utf8_lossy(&output.stdout).contains("\u{1b}["));
}

// ---------------------------------------------------------------- json

#[test]
fn json_has_the_documented_shape_and_exact_positions() {
    let (report, run) = lint_json_in(&fixtures(), &["lint", "broken/missing-service.yaml"], None);
    assert_eq!(run.code, 1);
    assert_eq!(sorted_keys(&report), ["diagnostics", "summary"]);
    for diagnostic in diagnostics(&report) {
        assert_eq!(
            sorted_keys(diagnostic),
            [
                "column",
                "end_column",
                "end_line",
                "file",
                "fix",
                "help",
                "line",
                "message",
                "resource",
                "rule",
                "severity",
                "source"
            ]
        );
    }
    let finding = find_rule(&report, "service-not-found");
    assert_eq!(finding["severity"], "error");
    assert_eq!(finding["file"], "broken/missing-service.yaml");
    assert_eq!(
        [&finding["line"], &finding["column"], &finding["end_line"], &finding["end_column"]],
        [7, 16, 7, 21].map(Value::from).each_ref()
    );
    assert_eq!(finding["message"], "no Service `nginx` in namespace `default`");
    assert_eq!(finding["resource"], serde_json::json!({"kind": "StatefulSet", "namespace": "default", "name": "db"}));
    assert!(finding["fix"].is_null());
    let summary = &report["summary"];
    assert_eq!(sorted_keys(summary), ["errors", "files", "infos", "resources", "warnings"]);
    assert_eq!((summary["files"].as_u64(), summary["resources"].as_u64()), (Some(1), Some(1)));
    for (key, severity) in [("errors", "error"), ("warnings", "warning"), ("infos", "info")] {
        let count = diagnostics(&report).iter().filter(|d| d["severity"] == severity).count();
        assert_eq!(summary[key].as_u64(), Some(count as u64), "{key}");
    }
}

#[test]
fn json_fixes_carry_located_edits() {
    let (report, _) = lint_json_in(&fixtures(), &["lint", "broken/not-headless.yaml"], None);
    let duplicate = find_rule(&report, "duplicate-key");
    assert_eq!((&duplicate["line"], &duplicate["column"]), (&Value::from(21), &Value::from(3)));
    let fix = &duplicate["fix"];
    assert!(fix["message"].as_str().is_some_and(|m| !m.is_empty()), "{fix}");
    let edit = &fix["edits"][0];
    assert_eq!(sorted_keys(edit), ["column", "end_column", "end_line", "line", "replacement"]);
    assert_eq!(edit["line"], 20, "the fix removes the first `replicas`: {edit}");
}

// ---------------------------------------------------------------- sarif

/// Check the properties SARIF 2.1.0 requires and GitHub code scanning reads.
fn check_sarif(log: &Value) -> Result<(), String> {
    let require = |ok: bool, what: &str| if ok { Ok(()) } else { Err(what.to_string()) };
    let non_empty = |value: &Value| value.as_str().is_some_and(|text| !text.is_empty());
    let level_ok = |value: &Value| matches!(value.as_str(), Some("none" | "note" | "warning" | "error"));
    require(log["version"] == "2.1.0", "version must be 2.1.0")?;
    require(log["$schema"].as_str().is_some_and(|s| s.contains("sarif-2.1.0")), "$schema")?;
    let runs = log["runs"].as_array().ok_or("runs must be an array")?;
    require(!runs.is_empty(), "at least one run")?;
    for run in runs {
        let driver = &run["tool"]["driver"];
        require(non_empty(&driver["name"]), "tool.driver.name")?;
        require(non_empty(&driver["version"]), "tool.driver.version")?;
        require(driver["informationUri"].as_str().is_some_and(|uri| uri.starts_with("https://")), "informationUri")?;
        let rules = driver["rules"].as_array().ok_or("tool.driver.rules must be an array")?;
        let mut ids = Vec::new();
        for rule in rules {
            require(non_empty(&rule["id"]), "rule.id")?;
            require(non_empty(&rule["shortDescription"]["text"]), "rule.shortDescription.text")?;
            require(non_empty(&rule["fullDescription"]["text"]), "rule.fullDescription.text")?;
            require(non_empty(&rule["help"]["text"]), "rule.help.text")?;
            let page = format!("/docs/rules/{}.md", rule["id"].as_str().unwrap_or_default());
            require(
                rule["helpUri"].as_str().is_some_and(|uri| uri.starts_with("https://") && uri.ends_with(&page)),
                "rule.helpUri links the rule's page",
            )?;
            require(level_ok(&rule["defaultConfiguration"]["level"]), "rule.defaultConfiguration.level")?;
            ids.push(rule["id"].as_str().unwrap_or_default());
        }
        let results = run["results"].as_array().ok_or("results must be an array")?;
        for result in results {
            let rule_id = result["ruleId"].as_str().ok_or("result.ruleId")?;
            let index = ids.iter().position(|id| *id == rule_id).ok_or(format!("ruleId {rule_id} not in rules"))?;
            require(result["ruleIndex"].as_u64() == Some(index as u64), "result.ruleIndex matches the rule")?;
            require(level_ok(&result["level"]), "result.level")?;
            require(non_empty(&result["message"]["text"]), "result.message.text")?;
            let locations = result["locations"].as_array().ok_or("result.locations")?;
            require(!locations.is_empty(), "at least one location")?;
            for location in locations {
                let physical = &location["physicalLocation"];
                let uri = physical["artifactLocation"]["uri"].as_str().ok_or("artifactLocation.uri")?;
                require(!uri.starts_with('/') && !uri.contains(' ') && !uri.contains('\\'), "relative, encoded uri")?;
                let region = &physical["region"];
                let number = |key: &str| region[key].as_u64().filter(|n| *n >= 1).ok_or(format!("region.{key} >= 1"));
                let (start_line, end_line) = (number("startLine")?, number("endLine")?);
                number("startColumn")?;
                number("endColumn")?;
                require(end_line >= start_line, "endLine >= startLine")?;
            }
        }
    }
    Ok(())
}

#[test]
fn sarif_is_valid_and_points_at_relative_paths() {
    let run = ordinal(&["lint", "--format", "sarif", "broken", "clean"]);
    assert_eq!(run.code, 1);
    let log: Value = serde_json::from_str(&run.stdout).expect("SARIF is JSON");
    check_sarif(&log).expect("valid SARIF");
    let driver = &log["runs"][0]["tool"]["driver"];
    assert_eq!(driver["name"], "ordinal");
    assert_eq!(driver["rules"].as_array().map(Vec::len), Some(RULES.len()), "every rule is described");
    let results = log["runs"][0]["results"].as_array().expect("results");
    let missing = results.iter().find(|r| r["ruleId"] == "service-not-found").expect("service-not-found result");
    assert_eq!(missing["level"], "error");
    let location = &missing["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uri"], "broken/missing-service.yaml");
    assert_eq!(
        location["region"],
        serde_json::json!({"startLine": 7, "startColumn": 16, "endLine": 7, "endColumn": 21})
    );
    let duplicate = results.iter().find(|r| r["ruleId"] == "duplicate-key").expect("duplicate-key result");
    let replacement = &duplicate["fixes"][0]["artifactChanges"][0]["replacements"][0];
    assert_eq!(replacement["deletedRegion"]["startLine"], 20, "{duplicate:#}");
}

#[test]
fn sarif_checker_rejects_broken_logs() {
    let run = ordinal(&["lint", "--format", "sarif", "broken/missing-service.yaml"]);
    let log: Value = serde_json::from_str(&run.stdout).expect("SARIF is JSON");
    check_sarif(&log).expect("valid SARIF");
    let mut without_rule_id = log.clone();
    without_rule_id["runs"][0]["results"][0].as_object_mut().expect("a result").remove("ruleId");
    assert!(check_sarif(&without_rule_id).is_err());
    let mut absolute = log.clone();
    absolute["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] = "/x".into();
    assert!(check_sarif(&absolute).is_err());
    let mut bad_level = log;
    bad_level["runs"][0]["tool"]["driver"]["rules"][0]["defaultConfiguration"]["level"] = "info".into();
    assert!(check_sarif(&bad_level).is_err());
}

// ---------------------------------------------------------------- github

#[test]
fn github_workflow_commands() {
    let run = ordinal(&["lint", "--format", "github", "broken"]);
    assert_eq!(run.code, 1);
    assert!(run.stdout.lines().any(|line| line
        == "::error file=broken/missing-service.yaml,line=7,col=16,endLine=7,endColumn=21,title=service-not-found::no Service `nginx` in namespace `default`"),
        "{}", run.stdout);
    for line in run.stdout.lines() {
        assert!(
            ["::error file=", "::warning file=", "::notice file="].iter().any(|prefix| line.starts_with(prefix)),
            "{line}"
        );
    }
    let (report, _) = lint_json_in(&fixtures(), &["lint", "broken"], None);
    assert_eq!(run.stdout.lines().count(), diagnostics(&report).len());
}

#[test]
fn github_properties_are_escaped() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "a,b:c.yaml", fixture_text("broken/missing-service.yaml"));
    let run = run_in(dir.path(), &["lint", "--format", "github", "a,b:c.yaml"], None);
    assert!(run.stdout.starts_with("::error file=a%2Cb%3Ac.yaml,line=7,"), "{}", run.stdout);
}

// ---------------------------------------------------------------- junit

/// A testsuite: its name and its testcases (name, failure text).
type Suite = (String, Vec<(String, Option<String>)>);

/// The suites of a JUnit XML report; panics when it is not well-formed.
fn parse_junit(xml: &str) -> Vec<Suite> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut suites: Vec<Suite> = Vec::new();
    let mut in_failure = false;
    let attribute = |element: &quick_xml::events::BytesStart<'_>, name: &str| -> String {
        element
            .try_get_attribute(name)
            .expect("attributes parse")
            .map(|a| a.normalized_value(quick_xml::XmlVersion::Implicit1_0).expect("attribute unescapes").into_owned())
            .unwrap_or_default()
    };
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(element) | Event::Empty(element) if element.name().as_ref() == "testsuite" => {
                suites.push((attribute(&element, "name"), Vec::new()));
            }
            Event::Start(element) | Event::Empty(element) if element.name().as_ref() == "testcase" => {
                let suite = suites.last_mut().expect("testcase inside a testsuite");
                suite.1.push((attribute(&element, "name"), None));
            }
            Event::Start(element) if element.name().as_ref() == "failure" => {
                in_failure = true;
                let case = suites.last_mut().and_then(|s| s.1.last_mut()).expect("failure inside a testcase");
                case.1 = Some(String::new());
            }
            Event::End(element) if element.name().as_ref() == "failure" => in_failure = false,
            Event::Text(text) if in_failure => {
                let case = suites.last_mut().and_then(|s| s.1.last_mut()).expect("a testcase");
                case.1.get_or_insert_with(String::new).push_str(&text.xml10_content());
            }
            Event::GeneralRef(reference) if in_failure => {
                let case = suites.last_mut().and_then(|s| s.1.last_mut()).expect("a testcase");
                let name = reference.xml10_content();
                let character = match name.as_ref() {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    "quot" => "\"",
                    "apos" => "'",
                    other => panic!("unexpected entity {other}"),
                };
                case.1.get_or_insert_with(String::new).push_str(character);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    suites
}

#[test]
fn junit_has_a_suite_per_file_and_a_case_per_resource() {
    let run = ordinal(&["lint", "--format", "junit", "broken", "clean"]);
    assert_eq!(run.code, 1);
    assert!(run.stdout.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
    let suites = parse_junit(&run.stdout);
    let names: Vec<&str> = suites.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(
        names,
        ["broken/missing-service.yaml", "broken/not-headless.yaml", "broken/syntax.yaml", "clean/web.yaml"]
    );
    let missing = &suites[0].1;
    assert_eq!(missing.len(), 1);
    assert_eq!(missing[0].0, "StatefulSet/default/db");
    let failure = missing[0].1.as_deref().expect("db fails");
    assert!(failure.contains("service-not-found") && failure.contains("`nginx`"), "{failure}");
    let headless: Vec<&str> = suites[1].1.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(headless, ["Service/default/cache", "StatefulSet/default/cache"]);
    let syntax = &suites[2].1;
    assert!(
        syntax
            .iter()
            .any(|(name, failure)| name == "(file)"
                && failure.as_deref().is_some_and(|text| text.contains("yaml-syntax"))),
        "{syntax:?}"
    );
    let clean: Vec<&str> = suites[3].1.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(clean, ["Service/default/web", "StatefulSet/default/web", "PodDisruptionBudget/default/web"]);
    assert!(suites[3].1.iter().all(|(_, failure)| failure.is_none()), "{:?}", suites[3]);
}

// ---------------------------------------------------------------- exit codes

#[test]
fn exit_codes_follow_fail_on() {
    let (report, run) = lint_json_in(&fixtures(), &["lint", "warnings/no-pdb.yaml"], None);
    assert!(!has_at_or_above(&report, "error"), "the fixture has no errors: {report:#}");
    assert!(has_at_or_above(&report, "warning"), "the fixture has a warning: {report:#}");
    assert_eq!(run.code, 0, "warnings alone do not fail by default");
    for threshold in ["error", "warning", "info"] {
        let run = ordinal(&["lint", "--fail-on", threshold, "warnings/no-pdb.yaml"]);
        let expected = i32::from(has_at_or_above(&report, threshold));
        assert_eq!(run.code, expected, "--fail-on {threshold}");
    }
    assert_eq!(ordinal(&["lint", "clean"]).code, 0);
    assert_eq!(ordinal(&["lint", "broken/missing-service.yaml"]).code, 1);
}

#[test]
fn a_missing_file_is_exit_two_with_one_line() {
    let run = ordinal(&["lint", "clean", "does-not-exist.yaml"]);
    assert_eq!(run.code, 2);
    assert_eq!(run.stdout, "");
    assert_eq!(run.stderr, "ordinal: does-not-exist.yaml: no such file or directory\n");
}

#[test]
fn usage_errors_are_exit_two() {
    assert_eq!(ordinal(&["lint", "--format", "yaml", "clean"]).code, 2);
    assert_eq!(ordinal(&["lint", "--fail-on", "never", "clean"]).code, 2);
    assert_eq!(ordinal(&["lint", "--jobs", "0", "clean"]).code, 2);
    assert_eq!(ordinal(&["frobnicate"]).code, 2);
    assert_eq!(ordinal(&[]).code, 2);
}

// ---------------------------------------------------------------- rules

#[test]
fn rules_lists_every_rule_and_prints_docs() {
    let run = ordinal(&["rules"]);
    assert_eq!(run.code, 0);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), RULES.len());
    for (line, rule) in lines.iter().zip(RULES) {
        let meta = rule.meta();
        let columns: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(columns.first(), Some(&meta.id), "{line}");
        assert_eq!(columns.get(1), Some(&meta.severity.as_str()), "{line}");
        let opt_in = if meta.enabled_by_default { "" } else { " (off by default)" };
        assert!(line.ends_with(&format!("{}{opt_in}", meta.summary)), "{line}");
    }
    let docs = ordinal(&["rules", "service-not-found"]);
    assert_eq!(docs.code, 0);
    assert!(docs.stdout.starts_with("# service-not-found (error)"), "{}", docs.stdout);
    assert!(docs.stdout.contains("## What it flags") && docs.stdout.contains("## Source"));
    let unknown = ordinal(&["rules", "no-such-rule"]);
    assert_eq!(unknown.code, 2);
    assert_eq!(unknown.stderr.lines().count(), 1, "{}", unknown.stderr);
    assert!(unknown.stderr.contains("no-such-rule"));
}

// ---------------------------------------------------------------- inputs

#[test]
fn stdin_is_read_with_a_dash() {
    let text = fixture_text("broken/missing-service.yaml");
    let (report, run) = lint_json_in(&fixtures(), &["lint", "-"], Some(text.as_bytes()));
    assert_eq!(run.code, 1);
    let finding = find_rule(&report, "service-not-found");
    assert_eq!(finding["file"], "<stdin>");
    assert_eq!(finding["line"], 7);
    // Stdin is linted together with files: the Service it names is in another input.
    let service = "apiVersion: v1\nkind: Service\nmetadata:\n  name: nginx\nspec:\n  clusterIP: None\n  selector:\n    app: db\n  ports:\n    - name: pg\n      port: 5432\n";
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "svc.yaml", service);
    let (together, _) = lint_json_in(dir.path(), &["lint", "-", "svc.yaml"], Some(text.as_bytes()));
    assert!(!rules_found(&together).contains("service-not-found"), "{together:#}");
    assert_eq!(together["summary"]["files"], 2);
}

#[test]
fn directories_are_walked_honouring_gitignore() {
    let dir = tempfile::tempdir().expect("tempdir");
    let broken = fixture_text("broken/missing-service.yaml");
    write(dir.path(), "a.yaml", &broken);
    write(dir.path(), "sub/b.yml", &broken);
    write(dir.path(), "sub/deeper/c.YAML", &broken);
    write(dir.path(), "ignored/d.yaml", &broken);
    write(dir.path(), "sub/e.generated.yaml", &broken);
    write(dir.path(), ".gitignore", "ignored/\n*.generated.yaml\n");
    write(dir.path(), "notes.txt", "not: [yaml");
    write(dir.path(), "README.md", "# not yaml");

    let files_of = |report: &Value| -> BTreeSet<String> {
        diagnostics(report).iter().filter_map(|d| d["file"].as_str()).map(str::to_string).collect()
    };
    let expected: BTreeSet<String> =
        ["a.yaml", "sub/b.yml", "sub/deeper/c.YAML"].into_iter().map(str::to_string).collect();

    // No path means the current directory.
    let (implicit, run) = lint_json_in(dir.path(), &["lint"], None);
    assert_eq!(run.code, 1);
    assert_eq!(implicit["summary"]["files"], 3, "{implicit:#}");
    assert_eq!(files_of(&implicit), expected);
    let (explicit, _) = lint_json_in(dir.path(), &["lint", "."], None);
    assert_eq!(explicit, implicit);
    let (subdirectory, _) = lint_json_in(dir.path(), &["lint", "sub"], None);
    assert_eq!(subdirectory["summary"]["files"], 2);
    // A file named on the command line is linted even when ignored.
    let (named, _) = lint_json_in(dir.path(), &["lint", "ignored/d.yaml"], None);
    assert_eq!(named["summary"]["files"], 1);
    // Naming a file twice (directly and through its directory) lints it once.
    let (twice, _) = lint_json_in(dir.path(), &["lint", "a.yaml", ".", "./a.yaml"], None);
    assert_eq!(twice["summary"]["files"], 3);
}

#[test]
fn an_empty_directory_lints_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (report, run) = lint_json_in(dir.path(), &["lint"], None);
    assert_eq!(run.code, 0);
    assert_eq!(report["summary"]["files"], 0);
    assert_eq!(run.stderr, "ordinal: no YAML files found\n");
}

#[test]
fn non_utf8_input_is_a_located_syntax_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "latin1.yaml", b"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: caf\xe9\n".as_slice());
    let (report, run) = lint_json_in(dir.path(), &["lint", "latin1.yaml"], None);
    assert_eq!(run.code, 1, "{run:?}");
    let finding = find_rule(&report, "yaml-syntax");
    assert_eq!((&finding["line"], &finding["column"]), (&Value::from(4), &Value::from(12)));
    assert!(finding["message"].as_str().is_some_and(|m| m.contains("UTF-8")), "{finding}");
    let text = run_in(dir.path(), &["lint", "--color", "never", "latin1.yaml"], None);
    assert!(text.stdout.contains("latin1.yaml:4:12"), "{}", text.stdout);
    // Binary junk does not crash either.
    write(dir.path(), "junk.yaml", (0..=255u8).cycle().take(4096).collect::<Vec<u8>>());
    let junk = run_in(dir.path(), &["lint", "junk.yaml"], None);
    assert_eq!(junk.code, 1, "{junk:?}");
    let sarif = run_in(dir.path(), &["lint", "--format", "junit", "junk.yaml"], None);
    parse_junit(&sarif.stdout);
}

// ---------------------------------------------------------------- config

#[test]
fn config_is_discovered_upwards_and_flags_override_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let nested = dir.path().join("team/app");
    write(&nested, "db.yaml", fixture_text("broken/missing-service.yaml"));

    let (baseline, run) = lint_json_in(&nested, &["lint", "db.yaml"], None);
    assert_eq!(run.code, 1);
    assert_eq!(find_rule(&baseline, "service-not-found")["severity"], "error");

    write(dir.path(), ".ordinal.yaml", "rules:\n  service-not-found: off\n");
    let (disabled, _) = lint_json_in(&nested, &["lint", "db.yaml"], None);
    assert!(!rules_found(&disabled).contains("service-not-found"), "{disabled:#}");

    write(dir.path(), ".ordinal.yaml", "namespace: prod\nfail-on: warning\nrules:\n  service-not-found: warning\n");
    let (downgraded, run) = lint_json_in(&nested, &["lint", "db.yaml"], None);
    let finding = find_rule(&downgraded, "service-not-found");
    assert_eq!(finding["severity"], "warning");
    assert_eq!(finding["resource"]["namespace"], "prod");
    assert_eq!(finding["message"], "no Service `nginx` in namespace `prod`");
    assert_eq!(run.code, 1, "config fail-on: warning");
    let (overridden, run) =
        lint_json_in(&nested, &["lint", "--fail-on", "error", "--namespace", "team", "db.yaml"], None);
    assert_eq!(run.code, i32::from(has_at_or_above(&overridden, "error")), "--fail-on overrides the config");
    assert_eq!(find_rule(&overridden, "service-not-found")["resource"]["namespace"], "team");

    // An explicit --config wins over discovery.
    write(dir.path(), "strict.yaml", "rules:\n  service-not-found: info\n");
    let (explicit, _) = lint_json_in(&nested, &["lint", "--config", "../../strict.yaml", "db.yaml"], None);
    assert_eq!(find_rule(&explicit, "service-not-found")["severity"], "info");
}

#[test]
fn an_opt_in_rule_is_listed_off_and_the_config_turns_it_on() {
    let dir = tempfile::tempdir().expect("tempdir");
    let listed = run_in(dir.path(), &["rules"], None);
    let line = listed.stdout.lines().find(|line| line.starts_with("minimum-three-replicas ")).unwrap_or_default();
    assert!(line.ends_with("(off by default)"), "{}", listed.stdout);
    assert!(!listed.stdout.lines().any(|line| line.starts_with("pdb-missing ") && line.contains("off by default")));
    write(dir.path(), "etcd.yaml", fixture_text("../../../../tests/fixtures/rules/minimum-three-replicas/fail.yaml"));
    let (report, _) = lint_json_in(dir.path(), &["lint", "etcd.yaml"], None);
    assert!(!rules_found(&report).contains("minimum-three-replicas"), "{report:#}");
    write(dir.path(), ".ordinal.yaml", "rules:\n  minimum-three-replicas: warning\n");
    let (report, run) = lint_json_in(dir.path(), &["lint", "etcd.yaml"], None);
    assert_eq!(find_rule(&report, "minimum-three-replicas")["severity"], "warning", "{run:?}");
}

#[test]
fn bad_config_is_exit_two_with_one_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "db.yaml", fixture_text("broken/missing-service.yaml"));
    write(dir.path(), ".ordinal.yaml", "rules:\n  no-such-rule: off\n");
    let run = run_in(dir.path(), &["lint", "db.yaml"], None);
    assert_eq!(run.code, 2);
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    assert!(run.stderr.contains(".ordinal.yaml") && run.stderr.contains("no-such-rule"), "{}", run.stderr);
    let missing = run_in(dir.path(), &["lint", "--config", "nope.yaml", "db.yaml"], None);
    assert_eq!(missing.code, 2);
    assert_eq!(missing.stderr, "ordinal: config nope.yaml: no such file or directory\n");
}

// ---------------------------------------------------------------- suppression

#[test]
fn findings_are_suppressed_by_annotation_and_comment() {
    let dir = tempfile::tempdir().expect("tempdir");
    let original = fixture_text("broken/missing-service.yaml");
    let annotated = original.replace(
        "metadata:\n  name: db\n",
        "metadata:\n  name: db\n  annotations:\n    ordinal.dev/ignore: missing-resources, service-not-found\n",
    );
    let commented =
        original.replace("  serviceName: nginx\n", "  # ordinal-ignore: service-not-found\n  serviceName: nginx\n");
    let other_rule =
        original.replace("  serviceName: nginx\n", "  # ordinal-ignore: pdb-missing\n  serviceName: nginx\n");
    assert_ne!(annotated, original);
    assert_ne!(commented, original);
    write(dir.path(), "original.yaml", &original);
    write(dir.path(), "annotated.yaml", &annotated);
    write(dir.path(), "commented.yaml", &commented);
    write(dir.path(), "other-rule.yaml", &other_rule);
    for (file, suppressed) in
        [("original.yaml", false), ("annotated.yaml", true), ("commented.yaml", true), ("other-rule.yaml", false)]
    {
        let (report, _) = lint_json_in(dir.path(), &["lint", file], None);
        assert_eq!(!rules_found(&report).contains("service-not-found"), suppressed, "{file}: {report:#}");
    }
}

// ---------------------------------------------------------------- determinism

#[test]
fn output_is_deterministic_across_runs_and_thread_counts() {
    let dir = tempfile::tempdir().expect("tempdir");
    let sources = ["broken/missing-service.yaml", "broken/not-headless.yaml", "clean/web.yaml", "broken/syntax.yaml"];
    // Written in reverse name order so that creation order does not happen to match.
    for index in (0..60).rev() {
        let source = sources[index % sources.len()];
        write(dir.path(), &format!("dir{}/file-{index:02}.yaml", index % 3), fixture_text(source));
    }
    // `dir0-extra/…` sorts after `dir0/…`: paths compare component by component.
    write(dir.path(), "dir0-extra/file.yaml", fixture_text("broken/missing-service.yaml"));
    let first = run_in(dir.path(), &["lint", "--format", "json", "--jobs", "2"], None);
    let names: Vec<String> = serde_json::from_str::<Value>(&first.stdout).expect("JSON")["diagnostics"]
        .as_array()
        .expect("array")
        .iter()
        .map(|d| d["file"].as_str().expect("file").to_string())
        .collect();
    let mut sorted = names.clone();
    sorted.sort_by(|a, b| Path::new(a).cmp(Path::new(b)));
    assert_eq!(names, sorted, "diagnostics are ordered by file");
    let first_extra = names.iter().position(|name| name.starts_with("dir0-extra/")).expect("dir0-extra is linted");
    assert!(names[..first_extra].iter().any(|name| name.starts_with("dir0/")));
    assert!(!names[first_extra..].iter().any(|name| name.starts_with("dir0/")));
    for args in [&["lint", "--format", "json", "--jobs", "2"][..], &["lint", "--format", "json", "--jobs", "1"][..]] {
        let again = run_in(dir.path(), args, None);
        assert_eq!(again.stdout, first.stdout, "{args:?}");
    }
    for format in ["text", "sarif", "github", "junit", "gitlab"] {
        let one = run_in(dir.path(), &["lint", "--format", format, "--jobs", "1"], None);
        let many = run_in(dir.path(), &["lint", "--format", format], None);
        assert_eq!(one.stdout, many.stdout, "{format}");
    }
}

// ---------------------------------------------------------------- corpus

fn yaml_files_under(dir: &Path, found: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|error| panic!("reading {}: {error}", dir.display()))
        .map(|entry| entry.expect("a directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            yaml_files_under(&path, found);
        } else if path.extension().is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml")) {
            found.push(path);
        }
    }
}

#[test]
fn every_real_manifest_lints_without_crash_or_syntax_error() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/real");
    assert!(
        corpus.is_dir(),
        "the real-manifest corpus is missing: expected {} (CI places shared/ beside the repository)",
        corpus.display()
    );
    let mut files = Vec::new();
    yaml_files_under(&corpus, &mut files);
    assert!(files.len() >= 10, "only {} YAML files under {}", files.len(), corpus.display());
    let arguments: Vec<String> = files.iter().map(|path| path.to_string_lossy().into_owned()).collect();
    let mut args: Vec<&str> = vec!["lint", "--format", "json"];
    args.extend(arguments.iter().map(String::as_str));
    let run = run_in(&corpus, &args, None);
    if run.code != 0 && run.code != 1 {
        // Find the file that breaks it, for a useful message.
        for file in &arguments {
            let single = run_in(&corpus, &["lint", file], None);
            assert!(single.code == 0 || single.code == 1, "{file}: exit {}: {}", single.code, single.stderr);
        }
        panic!("linting the corpus exited {}: {}", run.code, run.stderr);
    }
    let report: Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(report["summary"]["files"].as_u64(), Some(files.len() as u64));
    let syntax: Vec<String> = diagnostics(&report)
        .iter()
        .filter(|d| d["rule"] == "yaml-syntax")
        .map(|d| format!("{}:{}:{}: {}", d["file"], d["line"], d["column"], d["message"]))
        .collect();
    assert!(syntax.is_empty(), "yaml-syntax errors in the corpus:\n{}", syntax.join("\n"));
    for format in ["text", "sarif", "github", "junit", "gitlab"] {
        let mut args: Vec<&str> = vec!["lint", "--color", "never", "--format", format];
        args.extend(arguments.iter().map(String::as_str));
        let rendered = run_in(&corpus, &args, None);
        assert!(rendered.code == 0 || rendered.code == 1, "{format}: {}", rendered.stderr);
    }
}
