//! `--format gitlab`: the GitLab Code Quality report of the CLI fixtures,
//! and fingerprints that survive edits elsewhere in the file.

use std::path::Path;
use std::process::{Command, Stdio};

use serde_json::Value;

fn fixtures() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures"))
}

/// `ordinal lint --format gitlab args...` in `dir`: exit code and parsed stdout.
fn gitlab(dir: &Path, args: &[&str]) -> (i32, Value) {
    let output = Command::new(env!("CARGO_BIN_EXE_ordinal"))
        .args(["lint", "--format", "gitlab"])
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .output()
        .expect("the ordinal binary runs");
    let stdout = String::from_utf8(output.stdout).expect("UTF-8");
    let report = serde_json::from_str(&stdout)
        .unwrap_or_else(|error| panic!("not JSON ({error}):\n{stdout}\n{}", String::from_utf8_lossy(&output.stderr)));
    (output.status.code().expect("exited"), report)
}

fn issues(report: &Value) -> &Vec<Value> {
    report.as_array().expect("the report is an array")
}

#[test]
fn fixtures_report() {
    let (code, report) = gitlab(fixtures(), &["broken", "warnings", "clean"]);
    assert_eq!(code, 1);
    // The fields GitLab requires, with the types it requires.
    for issue in issues(&report) {
        assert!(issue["description"].as_str().is_some_and(|d| !d.is_empty()), "{issue}");
        assert!(issue["check_name"].as_str().is_some(), "{issue}");
        let fingerprint = issue["fingerprint"].as_str().expect("fingerprint");
        assert!(fingerprint.len() == 16 && fingerprint.bytes().all(|b| b.is_ascii_hexdigit()), "{fingerprint}");
        assert!(
            ["info", "minor", "major", "critical", "blocker"].contains(&issue["severity"].as_str().expect("severity"))
        );
        let path = issue["location"]["path"].as_str().expect("path");
        assert!(!path.starts_with('/') && !path.starts_with("./"), "{path}");
        assert!(issue["location"]["lines"]["begin"].as_u64().is_some_and(|line| line >= 1), "{issue}");
    }
    let mut fingerprints: Vec<&str> = issues(&report).iter().filter_map(|i| i["fingerprint"].as_str()).collect();
    fingerprints.sort_unstable();
    let count = fingerprints.len();
    fingerprints.dedup();
    assert_eq!(fingerprints.len(), count, "fingerprints are unique");
    let json_output = Command::new(env!("CARGO_BIN_EXE_ordinal"))
        .args(["lint", "--format", "json", "broken", "warnings", "clean"])
        .current_dir(fixtures())
        .output()
        .expect("runs");
    let json: Value = serde_json::from_slice(&json_output.stdout).expect("JSON");
    assert_eq!(issues(&report).len(), json["diagnostics"].as_array().expect("diagnostics").len());
    insta::assert_json_snapshot!("gitlab_fixtures", report);
}

#[test]
fn fingerprints_are_stable_across_runs_and_line_moves() {
    let dir = tempfile::tempdir().expect("tempdir");
    let original = std::fs::read_to_string(fixtures().join("broken/not-headless.yaml")).expect("fixture");
    std::fs::write(dir.path().join("app.yaml"), &original).expect("write");
    let (_, first) = gitlab(dir.path(), &["app.yaml"]);
    let (_, again) = gitlab(dir.path(), &["app.yaml"]);
    assert_eq!(first, again);
    assert!(!issues(&first).is_empty());

    std::fs::write(dir.path().join("app.yaml"), format!("# owned by the platform team\n\n{original}")).expect("write");
    let (_, moved) = gitlab(dir.path(), &["app.yaml"]);
    assert_eq!(issues(&moved).len(), issues(&first).len());
    for (before, after) in issues(&first).iter().zip(issues(&moved)) {
        assert_eq!(before["fingerprint"], after["fingerprint"]);
        assert_eq!(
            before["location"]["lines"]["begin"].as_u64().expect("line") + 2,
            after["location"]["lines"]["begin"].as_u64().expect("line")
        );
    }

    // The same finding in another file is another finding (linted on its
    // own: two copies of one resource in a run would also collide).
    std::fs::write(dir.path().join("copy.yaml"), &original).expect("write");
    let (_, copy) = gitlab(dir.path(), &["copy.yaml"]);
    assert_eq!(issues(&copy).len(), issues(&first).len());
    for (app, copy) in issues(&first).iter().zip(issues(&copy)) {
        assert_eq!(app["check_name"], copy["check_name"]);
        assert_ne!(app["fingerprint"], copy["fingerprint"]);
    }
}
