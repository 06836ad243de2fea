//! End-to-end tests of `ordinal diff`: both ways of naming the versions
//! (`OLD NEW` and `--base REF` in a real git repository), the output
//! formats, exit codes, configuration, suppression and escaping.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run_in(dir: &Path, args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_ordinal"))
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .stdin(Stdio::null())
        .output()
        .expect("the ordinal binary runs");
    Run {
        code: output.status.code().expect("ordinal exits"),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    }
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures")
}

fn json(run: &Run) -> Value {
    serde_json::from_str(&run.stdout)
        .unwrap_or_else(|error| panic!("not JSON ({error}):\n{}\n{}", run.stdout, run.stderr))
}

fn rules(report: &Value) -> Vec<String> {
    report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| d["rule"].as_str().unwrap_or("").to_string())
        .collect()
}

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .args(["-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"])
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("git runs");
    assert!(status.success(), "git {args:?}");
}

const STS: &str = "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: web\nspec:\n  serviceName: web\n  replicas: REPLICAS\n  persistentVolumeClaimRetentionPolicy:\n    whenScaled: Delete\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n      - name: web\n        image: IMAGE\n  volumeClaimTemplates:\n  - metadata: {name: data}\n    spec:\n      accessModes: [ReadWriteOnce]\n      resources: {requests: {storage: STORAGE}}\n";

fn sts(replicas: u32, image: &str, storage: &str) -> String {
    STS.replace("REPLICAS", &replicas.to_string()).replace("IMAGE", image).replace("STORAGE", storage)
}

#[test]
fn old_new_json_has_the_documented_shape_and_rollout() {
    let dir = fixtures().join("diff/ordered-scale-down-and-update");
    let run = run_in(&dir, &["diff", "old.yaml", "new.yaml", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report = json(&run);
    let mut keys: Vec<&String> = report.as_object().expect("object").keys().collect();
    keys.sort();
    assert_eq!(keys, ["changes", "diagnostics", "summary"]);
    let change = &report["changes"][0];
    assert_eq!(
        (&change["kind"], &change["name"], &change["change"]),
        (&"StatefulSet".into(), &"zk".into(), &"changed".into())
    );
    assert_eq!(change["fields"], serde_json::json!(["spec.replicas", "spec.template.spec.containers[0].image"]));
    assert_eq!(change["rollout"], serde_json::json!([["zk-4"], ["zk-3"], ["zk-2"], ["zk-1"], ["zk-0"]]));
    assert_eq!(change["rollout_steps"][0]["action"], "delete");
    assert_eq!(change["rollout_steps"][2]["action"], "update");
    assert_eq!(report["summary"]["changed"], 1);
}

#[test]
fn an_immutable_change_fails_and_warnings_fail_only_with_fail_on() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "old.yaml", &sts(3, "nginx:1", "1Gi"));
    write(dir.path(), "new.yaml", &sts(2, "nginx:1", "2Gi"));
    let run = run_in(dir.path(), &["diff", "old.yaml", "new.yaml"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("error[immutable-field-changed]"), "{}", run.stdout);
    assert!(run.stdout.contains("`data-web-2`"), "the deleted claim is named:\n{}", run.stdout);
    write(dir.path(), "new.yaml", &sts(2, "nginx:1", "1024Mi"));
    let run = run_in(dir.path(), &["diff", "old.yaml", "new.yaml", "--format", "json"]);
    assert_eq!(run.code, 0, "a warning alone does not fail by default");
    assert_eq!(rules(&json(&run)), ["scale-down-deletes-claims"]);
    let run = run_in(dir.path(), &["diff", "old.yaml", "new.yaml", "--fail-on", "warning"]);
    assert_eq!(run.code, 1);
}

#[test]
fn configuration_and_the_ignore_annotation_silence_change_rules() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "old.yaml", &sts(3, "nginx:1", "1Gi"));
    write(dir.path(), "new.yaml", &sts(2, "nginx:1", "1Gi"));
    write(dir.path(), ".ordinal.yaml", "rules:\n  scale-down-deletes-claims: error\n");
    let run = run_in(dir.path(), &["diff", "old.yaml", "new.yaml", "--format", "json"]);
    assert_eq!(run.code, 1, "configured as an error");
    assert_eq!(json(&run)["diagnostics"][0]["severity"], "error");
    write(dir.path(), ".ordinal.yaml", "rules:\n  scale-down-deletes-claims: off\n");
    let run = run_in(dir.path(), &["diff", "old.yaml", "new.yaml", "--format", "json"]);
    assert!(rules(&json(&run)).is_empty());
    std::fs::remove_file(dir.path().join(".ordinal.yaml")).expect("rm");
    let annotated = sts(2, "nginx:1", "1Gi")
        .replace("  name: web\n", "  name: web\n  annotations:\n    ordinal.dev/ignore: scale-down-deletes-claims\n");
    write(dir.path(), "new.yaml", &annotated);
    let run = run_in(dir.path(), &["diff", "old.yaml", "new.yaml", "--format", "json"]);
    assert!(rules(&json(&run)).is_empty(), "{}", run.stdout);
}

#[test]
fn sarif_and_github_carry_the_findings() {
    let dir = fixtures().join("rules/cluster-ip-removal-ignored/fail");
    let run = run_in(&dir, &["diff", "old.yaml", "new.yaml", "--format", "sarif"]);
    let sarif = json(&run);
    assert_eq!(sarif["runs"][0]["results"][0]["ruleId"], "cluster-ip-removal-ignored");
    let run = run_in(&dir, &["diff", "old.yaml", "new.yaml", "--format", "github"]);
    assert!(run.stdout.starts_with("::warning file=new.yaml,line=5,"), "{}", run.stdout);
}

#[test]
fn base_reads_the_old_version_from_git() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    git(root, &["init", "-q"]);
    write(root, "k8s/web.yaml", &sts(3, "nginx:1", "1Gi"));
    write(
        root,
        "k8s/gone.yaml",
        &sts(1, "nginx:1", "1Gi").replace("name: web", "name: gone").replace("app: web", "app: gone"),
    );
    write(root, "notes.txt", "not yaml\n");
    git(root, &["add", "."]);
    git(root, &["commit", "-q", "-m", "one"]);
    write(root, "k8s/web.yaml", &sts(2, "nginx:2", "1Gi"));
    std::fs::remove_file(root.join("k8s/gone.yaml")).expect("rm");
    let run = run_in(root, &["diff", "--base", "HEAD", "k8s", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report = json(&run);
    let found = rules(&report);
    assert!(found.contains(&"scale-down-deletes-claims".to_string()), "{found:?}");
    assert!(found.contains(&"statefulset-renamed-or-removed".to_string()), "{found:?}");
    let removed = report["diagnostics"]
        .as_array()
        .expect("array")
        .iter()
        .find(|d| d["rule"] == "statefulset-renamed-or-removed")
        .cloned()
        .expect("found");
    assert_eq!(removed["file"], "HEAD:k8s/gone.yaml", "OLD files are named REF:path");
    let web = report["changes"].as_array().expect("array").iter().find(|c| c["name"] == "web").cloned().expect("web");
    assert_eq!(web["rollout"], serde_json::json!([["web-2"], ["web-1"], ["web-0"]]));
    // From a subdirectory, without paths: the current directory.
    let run = run_in(&root.join("k8s"), &["diff", "--base", "HEAD", "--format", "json"]);
    assert_eq!(json(&run)["summary"]["removed"], 1);
    let run = run_in(root, &["diff", "--base", "no-such-ref", "k8s"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--base no-such-ref: not a commit, branch or tag"), "{}", run.stderr);
}

#[test]
fn base_outside_a_repository_is_a_clear_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let run = run_in(dir.path(), &["diff", "--base", "HEAD"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.starts_with("ordinal: --base needs a git repository"), "{}", run.stderr);
    let run = run_in(dir.path(), &["diff", "only-one.yaml"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("give OLD and NEW"), "{}", run.stderr);
}

#[test]
fn hostile_names_are_escaped_in_text() {
    let dir = tempfile::tempdir().expect("tempdir");
    let hostile = "\"w\\e[2J\\n::error::x\"";
    let old = sts(3, "nginx:1", "1Gi").replace("name: web\n", &format!("name: {hostile}\n"));
    let new = sts(2, "nginx:2", "1Gi").replace("name: web\n", &format!("name: {hostile}\n"));
    write(dir.path(), "old.yaml", &old);
    write(dir.path(), "new.yaml", &new);
    let run = run_in(dir.path(), &["diff", "old.yaml", "new.yaml", "--color", "never"]);
    assert!(run.stdout.contains("StatefulSet default/w\\u{1b}[2J\\n::error::x: changed"), "{}", run.stdout);
    assert!(!run.stdout.contains('\u{1b}'), "no raw escape:\n{}", run.stdout);
    assert!(run.stdout.lines().all(|line| !line.starts_with("::error::")), "{}", run.stdout);
    let run = run_in(dir.path(), &["diff", "old.yaml", "new.yaml", "--format", "github"]);
    assert!(run.stdout.lines().all(|line| !line.starts_with("::error::")), "{}", run.stdout);
}

#[test]
fn the_readme_example_is_the_actual_output() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let readme = std::fs::read_to_string(root.join("README.md")).expect("README.md");
    let command = "$ ordinal diff tests/fixtures/diff/zookeeper-tutorial/old.yaml tests/fixtures/diff/zookeeper-tutorial/new.yaml\n";
    let start = readme.find(command).expect("the README shows the example") + command.len();
    let shown = &readme[start..start + readme[start..].find("```").expect("the block ends")];
    let run = run_in(
        &root,
        &[
            "diff",
            "tests/fixtures/diff/zookeeper-tutorial/old.yaml",
            "tests/fixtures/diff/zookeeper-tutorial/new.yaml",
            "--color",
            "never",
        ],
    );
    assert_eq!(run.code, 1);
    assert_eq!(shown, run.stdout, "README.md's `ordinal diff` example is stale");
}
