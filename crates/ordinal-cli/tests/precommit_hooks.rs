//! The pre-commit hooks (`.pre-commit-hooks.yaml` at the repository root)
//! without pre-commit or network: the manifest's shape, and the entry script
//! run from a copy of its directory with a fake `cargo` that "builds" the
//! binary under test. `tests/precommit/run.sh` drives the real pre-commit.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;

use ordinal_core::parse::{parse_yaml, Limits};
use serde_json::Value;

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().expect("the repository root")
}

fn hooks() -> Vec<Value> {
    let text = std::fs::read_to_string(repo_root().join(".pre-commit-hooks.yaml")).expect(".pre-commit-hooks.yaml");
    let parsed = parse_yaml(&text, Limits::default());
    assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
    let root = parsed.documents[0].root.as_ref().expect("a document").to_json();
    root.as_array().expect("a list of hooks").clone()
}

#[test]
fn the_hooks_lint_yaml_files_in_one_invocation() {
    let hooks = hooks();
    let ids: Vec<&str> = hooks.iter().filter_map(|hook| hook["id"].as_str()).collect();
    assert_eq!(ids, ["ordinal-lint", "ordinal-fix"]);
    for hook in &hooks {
        assert_eq!(hook["types"], serde_json::json!(["yaml"]), "{hook}");
        assert_eq!(hook["pass_filenames"], true, "{hook}");
        // Cross-file checks need every file in one run.
        assert_eq!(hook["require_serial"], true, "{hook}");
        assert_eq!(hook["language"], "script", "{hook}");
        let entry = hook["entry"].as_str().expect("entry");
        let script = repo_root().join(entry.split_whitespace().next().expect("a program"));
        let mode = std::fs::metadata(&script).expect("the entry script exists").permissions().mode();
        assert!(mode & 0o111 != 0, "{} is executable", script.display());
    }
    assert_eq!(hooks[0]["entry"], ".pre-commit/run-ordinal.sh lint");
    assert_eq!(hooks[1]["entry"], ".pre-commit/run-ordinal.sh lint --fix");
}

#[test]
fn the_entry_builds_once_then_lints_the_files() {
    let dir = tempfile::tempdir().expect("tempdir");
    // The hook repository as pre-commit clones it: the script and the crate path.
    let clone = dir.path().join("clone");
    std::fs::create_dir_all(clone.join(".pre-commit")).expect("mkdir");
    std::fs::create_dir_all(clone.join("crates/ordinal-cli")).expect("mkdir");
    let script = clone.join(".pre-commit/run-ordinal.sh");
    std::fs::copy(repo_root().join(".pre-commit/run-ordinal.sh"), &script).expect("copy");
    let fake_bin = dir.path().join("fake-bin");
    std::fs::create_dir_all(&fake_bin).expect("mkdir");
    let log = dir.path().join("cargo-calls");
    std::fs::write(
        fake_bin.join("cargo"),
        format!(
            "#!/bin/bash\nprintf '%s ' \"$@\" >> '{}'\necho >> '{}'\nwhile [ $# -gt 0 ]; do [ \"$1\" = --root ] && root=$2; shift; done\nmkdir -p \"$root/bin\" && ln -s '{}' \"$root/bin/ordinal\"\n",
            log.display(),
            log.display(),
            env!("CARGO_BIN_EXE_ordinal")
        ),
    )
    .expect("write");
    std::fs::set_permissions(fake_bin.join("cargo"), std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let project = dir.path().join("project");
    std::fs::create_dir_all(&project).expect("mkdir");
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    std::fs::copy(fixtures.join("broken/missing-service.yaml"), project.join("bad.yaml")).expect("copy");
    std::fs::copy(fixtures.join("clean/web.yaml"), project.join("good.yaml")).expect("copy");
    let path = format!("{}:/usr/bin:/bin", fake_bin.display());
    let hook = |file: &str| {
        Command::new(&script)
            .args(["lint", file])
            .current_dir(&project)
            .env("PATH", &path)
            .output()
            .expect("the entry script runs")
    };
    let bad = hook("bad.yaml");
    assert_eq!(bad.status.code(), Some(1), "{}", String::from_utf8_lossy(&bad.stderr));
    assert!(String::from_utf8_lossy(&bad.stdout).contains("service-not-found"));
    let good = hook("good.yaml");
    assert_eq!(good.status.code(), Some(0), "{}", String::from_utf8_lossy(&good.stderr));
    let calls = std::fs::read_to_string(&log).expect("cargo ran");
    let crate_path = clone.join("crates/ordinal-cli");
    let root = clone.join(".pre-commit/build");
    assert_eq!(
        calls.lines().collect::<Vec<_>>(),
        [format!("install --quiet --locked --path {} --root {} ", crate_path.display(), root.display())],
        "one build, then the installed binary"
    );
}
