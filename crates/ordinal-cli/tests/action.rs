//! The composite GitHub Action (`action.yml` at the repository root), run
//! locally: every `run:` step in order under bash as the runner invokes it,
//! with the environment a runner provides, against the binary this test
//! builds, without network. `uses:` steps (cache, SARIF upload) are checked
//! for the values they would receive.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use ordinal_core::parse::{parse_yaml, Limits};
use serde_json::Value;

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().expect("the repository root")
}

fn action() -> Value {
    let text = std::fs::read_to_string(repo_root().join("action.yml")).expect("action.yml exists");
    let parsed = parse_yaml(&text, Limits::default());
    assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
    assert_eq!(parsed.documents.len(), 1);
    parsed.documents[0].root.as_ref().expect("a document").to_json()
}

/// What the steps of one run produced.
struct ActionRun {
    /// Outputs by step id.
    outputs: BTreeMap<String, BTreeMap<String, String>>,
    /// Stdout of each run step, by step name.
    logs: Vec<(String, String)>,
    /// The step that failed and its exit code, if one did.
    failed: Option<(String, i32)>,
    /// The `with:` of each `uses:` step that would run, expressions resolved.
    uses: Vec<(String, BTreeMap<String, String>)>,
}

impl ActionRun {
    fn log(&self) -> String {
        self.logs.iter().map(|(name, log)| format!("--- {name}\n{log}")).collect()
    }
}

struct Runner {
    workspace: PathBuf,
    temp: PathBuf,
    bin: PathBuf,
    /// First on PATH: a `cargo` that fails, unless a test replaces it.
    fake_bin: PathBuf,
    inputs: BTreeMap<String, String>,
}

impl Runner {
    /// `${{ expression }}`, for the few expressions the action uses.
    fn resolve(&self, text: &str, outputs: &BTreeMap<String, BTreeMap<String, String>>) -> String {
        let mut resolved = String::new();
        let mut rest = text;
        while let Some(start) = rest.find("${{") {
            resolved.push_str(&rest[..start]);
            let end = rest[start..].find("}}").expect("a closed expression") + start;
            resolved.push_str(&self.evaluate(rest[start + 3..end].trim(), outputs));
            rest = &rest[end + 2..];
        }
        resolved.push_str(rest);
        resolved
    }

    fn evaluate(&self, expression: &str, outputs: &BTreeMap<String, BTreeMap<String, String>>) -> String {
        if let Some((left, right)) = expression.split_once(" == ") {
            let literal = right.trim().trim_matches('\'');
            return (self.evaluate(left.trim(), outputs) == literal).to_string();
        }
        let parts: Vec<&str> = expression.split('.').collect();
        match parts.as_slice() {
            ["inputs", name] => self.inputs.get(*name).cloned().unwrap_or_else(|| panic!("no input {name}")),
            ["github", "action_path"] => repo_root().to_string_lossy().into_owned(),
            ["runner", "temp"] => self.temp.to_string_lossy().into_owned(),
            ["steps", id, "outputs", name] => {
                outputs.get(*id).and_then(|step| step.get(*name)).cloned().unwrap_or_default()
            }
            _ => panic!("the test does not know the expression `{expression}`; teach it"),
        }
    }

    fn run(&self, action: &Value) -> ActionRun {
        let mut outputs = BTreeMap::new();
        let mut logs = Vec::new();
        let mut uses = Vec::new();
        let mut path_dirs: Vec<PathBuf> = vec![self.fake_bin.clone(), PathBuf::from("/usr/bin"), PathBuf::from("/bin")];
        let steps = action["runs"]["steps"].as_array().expect("steps");
        for (index, step) in steps.iter().enumerate() {
            let id = step["id"].as_str().map_or_else(|| format!("step{index}"), str::to_string);
            let name = step["name"].as_str().unwrap_or(&id).to_string();
            if let Some(condition) = step["if"].as_str() {
                if self.resolve(condition, &outputs) != "true" {
                    continue;
                }
            }
            if let Some(action_ref) = step["uses"].as_str() {
                let with = step["with"]
                    .as_object()
                    .map(|with| {
                        with.iter()
                            .map(|(key, value)| {
                                (key.clone(), self.resolve(value.as_str().expect("a string"), &outputs))
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                uses.push((action_ref.to_string(), with));
                continue;
            }
            let script = step["run"].as_str().expect("a run or uses step");
            assert!(!script.contains("${{"), "step {name}: inputs reach scripts through env, not expressions");
            assert_eq!(step["shell"], "bash", "step {name}");
            let github_output = self.temp.join(format!("output-{index}"));
            let github_path = self.temp.join(format!("path-{index}"));
            std::fs::write(&github_output, "").expect("GITHUB_OUTPUT");
            std::fs::write(&github_path, "").expect("GITHUB_PATH");
            let script_file = self.temp.join(format!("step-{index}.sh"));
            std::fs::write(&script_file, script).expect("script");
            let mut command = Command::new("bash");
            // What the runner runs for `shell: bash`.
            command
                .args(["--noprofile", "--norc", "-eo", "pipefail"])
                .arg(&script_file)
                .current_dir(&self.workspace)
                .env_clear()
                .env("PATH", std::env::join_paths(&path_dirs).expect("PATH"))
                .env("HOME", &self.temp)
                .env("GITHUB_ACTION_PATH", repo_root())
                .env("GITHUB_WORKSPACE", &self.workspace)
                .env("GITHUB_OUTPUT", &github_output)
                .env("GITHUB_PATH", &github_path)
                .env("RUNNER_TEMP", &self.temp)
                .env("RUNNER_OS", "Linux")
                .env("RUNNER_ARCH", "X64");
            if let Some(env) = step["env"].as_object() {
                for (key, value) in env {
                    command.env(key, self.resolve(value.as_str().expect("an env string"), &outputs));
                }
            }
            let output = command.output().expect("bash runs");
            logs.push((name.clone(), String::from_utf8_lossy(&output.stdout).into_owned()));
            let step_outputs: BTreeMap<String, String> = std::fs::read_to_string(&github_output)
                .expect("GITHUB_OUTPUT")
                .lines()
                .filter_map(|line| line.split_once('='))
                .map(|(key, value)| (key.to_string(), value.to_string()))
                .collect();
            outputs.insert(id, step_outputs);
            for line in std::fs::read_to_string(&github_path).expect("GITHUB_PATH").lines() {
                path_dirs.insert(0, PathBuf::from(line));
            }
            let code = output.status.code().expect("exited");
            if code != 0 {
                logs.push((format!("{name} (stderr)"), String::from_utf8_lossy(&output.stderr).into_owned()));
                return ActionRun { outputs, logs, failed: Some((name, code)), uses };
            }
        }
        ActionRun { outputs, logs, failed: None, uses }
    }
}

/// A workspace with the CLI fixtures and a runner temp directory holding
/// the binary where the install step (and the cache) put it.
fn runner(inputs: &[(&str, &str)]) -> (tempfile::TempDir, Runner) {
    let dir = tempfile::tempdir().expect("tempdir");
    let workspace = dir.path().join("workspace");
    let temp = dir.path().join("runner-temp");
    let bin = temp.join("ordinal/bin");
    std::fs::create_dir_all(&bin).expect("mkdir");
    std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_ordinal"), bin.join("ordinal")).expect("symlink");
    // The binary is where a cache hit puts it, so a build would be a bug.
    let fake_bin = dir.path().join("fake-bin");
    std::fs::create_dir_all(&fake_bin).expect("mkdir");
    write_script(&fake_bin.join("cargo"), "#!/bin/sh\necho 'cargo ran on a cache hit' >&2\nexit 97\n");
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    for sub in ["broken", "clean"] {
        std::fs::create_dir_all(workspace.join(sub)).expect("mkdir");
        for entry in std::fs::read_dir(fixtures.join(sub)).expect("fixtures") {
            let entry = entry.expect("entry");
            std::fs::copy(entry.path(), workspace.join(sub).join(entry.file_name())).expect("copy");
        }
    }
    let action = action();
    let mut values: BTreeMap<String, String> = action["inputs"]
        .as_object()
        .expect("inputs")
        .iter()
        .map(|(name, input)| (name.clone(), input["default"].as_str().unwrap_or("").to_string()))
        .collect();
    for (name, value) in inputs {
        assert!(values.contains_key(*name), "action.yml has no input {name}");
        values.insert(name.to_string(), value.to_string());
    }
    (dir, Runner { workspace, temp, bin, fake_bin, inputs: values })
}

fn write_script(path: &Path, text: &str) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::write(path, text).expect("write");
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
}

#[test]
fn a_cache_miss_installs_from_the_action_checkout() {
    let (_dir, runner) = runner(&[("paths", "clean")]);
    std::fs::remove_file(runner.bin.join("ordinal")).expect("rm");
    let args_file = runner.temp.join("cargo-args");
    // Records its arguments and installs the test's binary where `--root` says.
    write_script(
        &runner.fake_bin.join("cargo"),
        &format!(
            "#!/bin/bash\nprintf '%s\\n' \"$@\" > '{}'\nwhile [ $# -gt 0 ]; do [ \"$1\" = --root ] && root=$2; shift; done\nmkdir -p \"$root/bin\" && ln -s '{}' \"$root/bin/ordinal\"\n",
            args_file.display(),
            env!("CARGO_BIN_EXE_ordinal")
        ),
    );
    let run = runner.run(&action());
    assert!(run.failed.is_none(), "{}", run.log());
    let args: Vec<String> =
        std::fs::read_to_string(&args_file).expect("cargo ran").lines().map(str::to_string).collect();
    let crate_path = repo_root().join("crates/ordinal-cli").to_string_lossy().into_owned();
    let root = runner.bin.parent().expect("root").to_string_lossy().into_owned();
    assert_eq!(args, ["install", "--path", crate_path.as_str(), "--locked", "--root", root.as_str()]);
}

#[test]
fn the_action_declares_its_inputs_and_is_composite() {
    let action = action();
    assert_eq!(action["runs"]["using"], "composite");
    for input in ["paths", "fail-on", "config", "base"] {
        assert!(action["inputs"][input]["description"].as_str().is_some(), "input {input}");
    }
    assert!(action["inputs"]["base"]["description"].as_str().is_some_and(|d| d.contains("not used yet")));
    let uses: Vec<&str> =
        action["runs"]["steps"].as_array().expect("steps").iter().filter_map(|s| s["uses"].as_str()).collect();
    assert!(uses.iter().any(|u| u.starts_with("actions/cache@")), "{uses:?}");
    assert!(uses.iter().any(|u| u.starts_with("github/codeql-action/upload-sarif@")), "{uses:?}");
}

#[test]
fn findings_annotate_upload_sarif_and_fail_the_job() {
    let (_dir, runner) = runner(&[("paths", "broken clean")]);
    let run = runner.run(&action());
    let log = run.log();
    assert_eq!(run.failed.as_ref().map(|(name, code)| (name.as_str(), *code)), Some(("Fail on findings", 1)), "{log}");
    assert!(
        log.contains("::error file=broken/missing-service.yaml,line=7,col=16,"),
        "the github format reaches the log:\n{log}"
    );
    assert_eq!(run.outputs["lint"]["exit-code"], "1");
    let sarif_file = &run.outputs["lint"]["sarif-file"];
    let sarif: Value =
        serde_json::from_str(&std::fs::read_to_string(sarif_file).expect("the SARIF file")).expect("JSON");
    assert_eq!(sarif["version"], "2.1.0");
    assert!(!sarif["runs"][0]["results"].as_array().expect("results").is_empty());
    let (cache, cache_with) = &run.uses[0];
    assert!(cache.starts_with("actions/cache@"));
    assert_eq!(Path::new(&cache_with["path"]), runner.bin.parent().expect("install root"));
    let key = &cache_with["key"];
    assert!(key.starts_with("ordinal-Linux-X64-") && key.len() == "ordinal-Linux-X64-".len() + 33, "{key}");
    let (upload, upload_with) = &run.uses[1];
    assert!(upload.starts_with("github/codeql-action/upload-sarif@"));
    assert_eq!(&upload_with["sarif_file"], sarif_file);
}

#[test]
fn clean_paths_pass_and_the_cache_key_is_stable() {
    let (_dir, runner) = runner(&[("paths", "clean"), ("upload-sarif", "false")]);
    let first = runner.run(&action());
    assert!(first.failed.is_none(), "{}", first.log());
    assert_eq!(first.outputs["lint"]["exit-code"], "0");
    assert!(first.uses.iter().all(|(action, _)| !action.contains("upload-sarif")));
    let again = runner.run(&action());
    assert_eq!(first.outputs["key"]["key"], again.outputs["key"]["key"]);
}

#[test]
fn fail_on_config_and_base_reach_ordinal() {
    // Warnings fail only when asked.
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/warnings/no-pdb.yaml");
    let (_dir, lenient) = runner(&[("paths", "warn.yaml")]);
    std::fs::copy(&fixtures, lenient.workspace.join("warn.yaml")).expect("copy");
    let run = lenient.run(&action());
    assert!(run.failed.is_none(), "{}", run.log());
    assert!(run.log().contains("::warning file=warn.yaml"), "{}", run.log());

    let (_dir, strict) = runner(&[("paths", "warn.yaml"), ("fail-on", "warning"), ("base", "origin/main")]);
    std::fs::copy(&fixtures, strict.workspace.join("warn.yaml")).expect("copy");
    let run = strict.run(&action());
    assert_eq!(run.failed.as_ref().map(|(_, code)| *code), Some(1), "{}", run.log());
    assert!(run.log().contains("input 'base' is reserved"), "{}", run.log());

    // A config that does not exist is a usage error, and the lint step fails at once.
    let (_dir, configured) = runner(&[("paths", "clean"), ("config", "missing.toml")]);
    let run = configured.run(&action());
    assert_eq!(run.failed.as_ref().map(|(name, code)| (name.as_str(), *code)), Some(("Lint", 2)), "{}", run.log());
}
