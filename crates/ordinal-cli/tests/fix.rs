//! `ordinal lint --fix`, `--diff` and `--unsafe-fixes` end to end, on a
//! file with a BOM, CRLF line ends and comments, where several fixes apply.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use serde_json::Value;

/// A StatefulSet with two safely fixable findings (`replicas: "3"`,
/// `restartPolicy: always`) and a Service with an unsafely fixable one
/// (not headless), in a BOM + CRLF file with comments and odd quoting that
/// no fix may touch.
const MANIFEST: &str = "\u{feff}# web tier\r\napiVersion: apps/v1\r\nkind: StatefulSet\r\nmetadata:\r\n  name: web   # keep this comment\r\nspec:\r\n  serviceName: 'web'\r\n  replicas: \"3\"\r\n  selector:\r\n    matchLabels: {app: web}\r\n  template:\r\n    metadata:\r\n      labels: {app: web}\r\n    spec:\r\n      restartPolicy: always  # a typo\r\n      containers:\r\n        - name: web\r\n          image: \"nginx:1.27\"\r\n          ports: [{name: web, containerPort: 80}]\r\n---\r\napiVersion: v1\r\nkind: Service\r\nmetadata: {name: web}\r\nspec:\r\n    selector:\r\n        app: web\r\n    ports: [{name: web, port: 80}]\r\n";

/// [`MANIFEST`] after the safe fixes: exactly the two values change.
fn safely_fixed() -> String {
    MANIFEST.replace("replicas: \"3\"", "replicas: 3").replace("restartPolicy: always", "restartPolicy: Always")
}

/// [`safely_fixed`] after the unsafe fixes too: `clusterIP: None`, and then
/// `publishNotReadyAddresses: true` for the now working headless Service,
/// each a CRLF line at the Service's own indentation.
fn all_fixed() -> String {
    safely_fixed().replace(
        "spec:\r\n    selector:",
        "spec:\r\n    publishNotReadyAddresses: true\r\n    clusterIP: None\r\n    selector:",
    )
}

#[derive(Debug)]
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn ordinal(dir: &Path, args: &[&str], stdin: Option<&str>) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ordinal"))
        .args(args)
        .current_dir(dir)
        .stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the ordinal binary runs");
    if let Some(text) = stdin {
        child.stdin.take().expect("piped stdin").write_all(text.as_bytes()).expect("stdin is written");
    }
    let output = child.wait_with_output().expect("ordinal finishes");
    Run {
        code: output.status.code().expect("ordinal exits"),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    }
}

fn setup(text: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary directory");
    std::fs::write(dir.path().join("web.yaml"), text).expect("the manifest is written");
    dir
}

fn read(dir: &Path) -> String {
    String::from_utf8(std::fs::read(dir.join("web.yaml")).expect("web.yaml is there")).expect("UTF-8")
}

fn rules_of(json: &str) -> Vec<String> {
    let value: Value = serde_json::from_str(json).unwrap_or_else(|error| panic!("not JSON ({error}): {json}"));
    value["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| d["rule"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn the_lint_json_says_which_fixes_are_safe() {
    let dir = setup(MANIFEST);
    let run = ordinal(dir.path(), &["lint", "web.yaml", "--format", "json"], None);
    let value: Value = serde_json::from_str(&run.stdout).expect("JSON");
    let applicability = |rule: &str| {
        value["diagnostics"].as_array().unwrap().iter().find(|d| d["rule"] == rule).unwrap()["fix"]["applicability"]
            .clone()
    };
    assert_eq!(applicability("invalid-type"), "safe");
    assert_eq!(applicability("invalid-restart-policy"), "safe");
    assert_eq!(applicability("service-not-headless"), "unsafe");
}

#[test]
fn fix_applies_the_safe_fixes_and_changes_nothing_else() {
    let dir = setup(MANIFEST);
    let run = ordinal(dir.path(), &["lint", "--fix", "web.yaml", "--format", "json"], None);
    let fixed = read(dir.path());
    // Byte for byte: the BOM, every CRLF, the comments, the quoting and the
    // indentation outside the two edited values are as they were.
    assert_eq!(fixed, safely_fixed());
    assert!(fixed.starts_with('\u{feff}'));
    assert_eq!(fixed.matches('\n').count(), fixed.matches("\r\n").count());
    // The report is of what remains: the fixed findings are gone, the one
    // with an unsafe fix stays and fails the run.
    let remaining = rules_of(&run.stdout);
    assert!(!remaining.iter().any(|rule| rule == "invalid-type" || rule == "invalid-restart-policy"), "{remaining:?}");
    assert!(remaining.iter().any(|rule| rule == "service-not-headless"), "{remaining:?}");
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains(&format!("Fixed 2 findings ({} remaining)", remaining.len())), "{}", run.stderr);
    // Re-linting the written file agrees with the report.
    let again = ordinal(dir.path(), &["lint", "web.yaml", "--format", "json"], None);
    assert_eq!(rules_of(&again.stdout), remaining);
}

#[test]
fn a_second_fix_changes_nothing() {
    let dir = setup(MANIFEST);
    ordinal(dir.path(), &["lint", "--fix", "--unsafe-fixes", "web.yaml"], None);
    let once = read(dir.path());
    let run = ordinal(dir.path(), &["lint", "--fix", "--unsafe-fixes", "web.yaml"], None);
    assert_eq!(read(dir.path()), once);
    assert!(run.stderr.contains("Fixed 0 findings"), "{}", run.stderr);
}

#[test]
fn unsafe_fixes_only_with_unsafe_fixes() {
    let dir = setup(MANIFEST);
    ordinal(dir.path(), &["lint", "--fix", "web.yaml"], None);
    assert!(!read(dir.path()).contains("clusterIP"));
    let run = ordinal(dir.path(), &["lint", "--fix", "--unsafe-fixes", "web.yaml", "--format", "json"], None);
    assert_eq!(read(dir.path()), all_fixed());
    let remaining = rules_of(&run.stdout);
    assert!(!remaining.iter().any(|rule| rule == "service-not-headless"), "{remaining:?}");
    assert!(run.stderr.contains("Fixed 2 findings"), "{}", run.stderr);
    assert_eq!(run.code, 0, "only warnings remain: {remaining:?}");
}

#[test]
fn unsafe_fixes_alone_is_a_usage_error() {
    let dir = setup(MANIFEST);
    let run = ordinal(dir.path(), &["lint", "--unsafe-fixes", "web.yaml"], None);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(read(dir.path()), MANIFEST);
}

#[test]
fn diff_prints_the_change_and_writes_nothing() {
    let dir = setup(MANIFEST);
    let path = dir.path().join("web.yaml");
    let before = std::fs::metadata(&path).unwrap().modified().unwrap();
    let run = ordinal(dir.path(), &["lint", "--diff", "web.yaml"], None);
    assert_eq!(read(dir.path()), MANIFEST);
    assert_eq!(std::fs::metadata(&path).unwrap().modified().unwrap(), before);
    assert_eq!(run.code, 1, "a diff exits 1");
    assert!(run.stdout.starts_with("--- a/web.yaml\n+++ b/web.yaml\n@@ "), "{}", run.stdout);
    for line in ["-  replicas: \"3\"\r\n", "+  replicas: 3\r\n", "-      restartPolicy: always  # a typo\r\n"] {
        assert!(run.stdout.contains(line), "{line:?} in\n{}", run.stdout);
    }
    assert!(!run.stdout.contains("clusterIP"), "unsafe fixes are not in the diff without --unsafe-fixes");
    assert!(run.stderr.contains("Would fix 2 findings"), "{}", run.stderr);
    let unsafe_run = ordinal(dir.path(), &["lint", "--diff", "--unsafe-fixes", "web.yaml"], None);
    assert!(unsafe_run.stdout.contains("+    clusterIP: None\r\n"), "{}", unsafe_run.stdout);
    assert_eq!(read(dir.path()), MANIFEST);
    // Nothing to fix: no diff, exit 0.
    let clean = setup(&all_fixed());
    let run = ordinal(clean.path(), &["lint", "--diff", "--unsafe-fixes", "web.yaml"], None);
    assert_eq!((run.code, run.stdout.as_str()), (0, ""), "{}", run.stderr);
}

#[test]
fn stdin_is_fixed_to_stdout_with_the_report_on_stderr() {
    let dir = tempfile::tempdir().unwrap();
    let run = ordinal(dir.path(), &["lint", "--fix", "-"], Some(MANIFEST));
    assert_eq!(run.stdout, safely_fixed());
    assert!(run.stderr.contains("service-not-headless"), "{}", run.stderr);
    assert!(!run.stderr.contains("invalid-type"), "{}", run.stderr);
    assert!(run.stderr.contains("Fixed 2 findings"), "{}", run.stderr);
    assert_eq!(run.code, 1);
    // With nothing to fix the text still comes back whole.
    let run = ordinal(dir.path(), &["lint", "--fix", "--unsafe-fixes", "-"], Some(&all_fixed()));
    assert_eq!(run.stdout, all_fixed());
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "stdin mode writes no file");
}

#[test]
fn fixes_reach_across_files_and_keep_permissions() {
    let dir = tempfile::tempdir().unwrap();
    let (sts, svc) = MANIFEST.split_once("---\r\n").unwrap();
    std::fs::write(dir.path().join("sts.yaml"), sts).unwrap();
    std::fs::write(dir.path().join("svc.yaml"), svc).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir.path().join("svc.yaml"), std::fs::Permissions::from_mode(0o640)).unwrap();
    }
    let run = ordinal(dir.path(), &["lint", "--fix", "--unsafe-fixes", "."], None);
    assert!(run.stderr.contains("Fixed 4 findings"), "{}", run.stderr);
    let svc_fixed = std::fs::read_to_string(dir.path().join("svc.yaml")).unwrap();
    assert_eq!(svc_fixed, all_fixed().split_once("---\r\n").unwrap().1);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.path().join("svc.yaml")).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o640);
    }
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|entry| entry.unwrap().file_name()).collect();
    assert_eq!(names.len(), 2, "no temporary file is left behind: {names:?}");
}

#[test]
fn a_file_that_is_not_utf8_is_not_rewritten() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = MANIFEST.as_bytes().to_vec();
    bytes.extend_from_slice(b"# \xff\r\n");
    std::fs::write(dir.path().join("web.yaml"), &bytes).unwrap();
    let run = ordinal(dir.path(), &["lint", "--fix", "web.yaml"], None);
    assert_eq!(std::fs::read(dir.path().join("web.yaml")).unwrap(), bytes);
    assert!(run.stderr.contains("Fixed 0 findings"), "{}", run.stderr);
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_keeps_pointing_at_the_fixed_file() {
    let dir = setup(MANIFEST);
    std::os::unix::fs::symlink("web.yaml", dir.path().join("link.yaml")).unwrap();
    ordinal(dir.path(), &["lint", "--fix", "link.yaml"], None);
    let link = std::fs::symlink_metadata(dir.path().join("link.yaml")).unwrap();
    assert!(link.file_type().is_symlink(), "the link is not replaced by a copy");
    assert_eq!(read(dir.path()), safely_fixed());
}
