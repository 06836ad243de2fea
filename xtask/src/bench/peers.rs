//! The peer linters, pinned and installed into `bench/cache/` (git-ignored):
//! checkov and kubernetes-validate from PyPI in virtualenvs, and
//! @monokle/validation from npm through `../shared/bench/peers/monokle-lint.mjs`.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};

use crate::util::run;

const CHECKOV_VERSION: &str = "3.3.30";
const KUBERNETES_VALIDATE_VERSION: &str = "1.37.0";
const MONOKLE_VERSION: &str = "0.33.0";
const YAML_JS_VERSION: &str = "2.9.1";

/// A peer linter installed in the cache.
pub struct Peer {
    pub name: String,
    pub version: String,
    program: PathBuf,
    args: Vec<String>,
    env: Vec<(String, String)>,
    /// Pass every YAML file instead of the folder.
    wants_files: bool,
    /// How to tell from a run's output that it did the work.
    report: PeerReport,
}

/// What a peer prints, from which [`Peer::check`] reads what it did.
#[derive(Clone, Copy)]
enum PeerReport {
    /// checkov's JSON report, with a `summary` of resources and parse errors.
    CheckovJson,
    /// `kubernetes-validate --quiet`: one line per failing resource only.
    FailuresOnly,
    /// `monokle-lint.mjs`: `monokle: N files, M resources, ...` on stderr.
    MonokleSummary,
}

impl Peer {
    pub fn command(&self, dir: &Path) -> Result<Command> {
        let mut command = Command::new(&self.program);
        command.args(&self.args);
        for (key, value) in &self.env {
            command.env(key, value);
        }
        if self.wants_files {
            command.args(crate::fuzz::yaml_files(dir));
        } else {
            command.arg(dir);
        }
        Ok(command)
    }

    /// Check that a timed run did the work, from its exit codes and output
    /// (stdout in `stdout`, stderr beside it): a peer that fails to start,
    /// or skips the input, would otherwise look fast. Returns what was
    /// checked, for the results table.
    pub fn check(&self, exits: &[i32], stdout: &Path, files: usize) -> Result<String> {
        // checkov and kubernetes-validate exit 1 when they find something.
        if let Some(bad) = exits.iter().find(|&&exit| exit != 0 && exit != 1) {
            bail!("{} exited with {bad}", self.name);
        }
        let text = fs::read_to_string(stdout).with_context(|| format!("the output of {}", self.name))?;
        let exits = exits.iter().map(i32::to_string).collect::<Vec<_>>().join("/");
        match self.report {
            PeerReport::CheckovJson => {
                let value: serde_json::Value = serde_json::from_str(&text)
                    .with_context(|| format!("{} did not print its JSON report", self.name))?;
                // One framework gives one report object; several give a list.
                let summary = value.get("summary").or_else(|| value.get(0).and_then(|first| first.get("summary")));
                let count = |key: &str| summary.and_then(|s| s.get(key)).and_then(serde_json::Value::as_u64);
                let (Some(resources), Some(errors)) = (count("resource_count"), count("parsing_errors")) else {
                    bail!("{}'s report has no summary", self.name);
                };
                if resources == 0 {
                    bail!("{} checked no resources", self.name);
                }
                Ok(format!("exit {exits}; {resources} resources, {errors} parse errors"))
            }
            PeerReport::FailuresOnly => {
                Ok(format!("exit {exits}; {} failure lines (prints failures only)", text.lines().count()))
            }
            PeerReport::MonokleSummary => {
                let err = fs::read_to_string(super::measure::stderr_path(stdout)).unwrap_or_default();
                let summary = err.lines().find_map(|line| line.strip_prefix("monokle: "));
                let seen = summary.and_then(|s| s.split(' ').next()?.parse::<usize>().ok());
                if seen != Some(files) {
                    bail!("{} read {seen:?} files of {files} (stderr: {})", self.name, err.trim());
                }
                Ok(format!(
                    "exit {exits}; {}",
                    summary.unwrap_or_default().split(", validate").next().unwrap_or_default()
                ))
            }
        }
    }

    pub fn describe(&self, dir: &str) -> String {
        let env: String = self.env.iter().map(|(k, v)| format!("{k}={v} ")).collect();
        let program = self.program.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default();
        let target = if self.wants_files { format!("{dir}/**/*.yaml") } else { dir.to_string() };
        format!("{env}{program} {} {target}", self.args.join(" "))
    }
}

/// Install the pinned peers into the cache (once) and describe how to run them.
pub fn install(cache: &Path, shared: &Path) -> Result<Vec<Peer>> {
    let mut peers = Vec::new();

    let venv = |name: &str, package: &str, version: &str| -> Result<PathBuf> {
        let dir = cache.join(name);
        let stamp = dir.join(".ordinal-pinned");
        let want = format!("{package}=={version}");
        if fs::read_to_string(&stamp).ok().as_deref() != Some(want.as_str()) {
            eprintln!("== installing {want} into {}", dir.display());
            let dir_arg = dir.display().to_string();
            run("python3", &["-m", "venv", &dir_arg])?;
            let pip = dir.join("bin/pip").display().to_string();
            run(&pip, &["install", "--quiet", "--disable-pip-version-check", &want])?;
            fs::write(&stamp, &want)?;
        }
        Ok(dir)
    };

    let checkov = venv("checkov", "checkov", CHECKOV_VERSION)?;
    peers.push(Peer {
        name: "checkov".into(),
        version: CHECKOV_VERSION.into(),
        program: checkov.join("bin/checkov"),
        args: [
            "--framework",
            "kubernetes",
            "--quiet",
            "--compact",
            "--output",
            "json",
            "--skip-download",
            "--directory",
        ]
        .map(String::from)
        .to_vec(),
        env: vec![("BC_SKIP_MAPPING".into(), "TRUE".into())],
        wants_files: false,
        report: PeerReport::CheckovJson,
    });

    let kv = venv("kubernetes-validate", "kubernetes-validate", KUBERNETES_VALIDATE_VERSION)?;
    peers.push(Peer {
        name: "kubernetes-validate".into(),
        version: KUBERNETES_VALIDATE_VERSION.into(),
        program: kv.join("bin/kubernetes-validate"),
        args: vec!["--quiet".into()],
        env: Vec::new(),
        wants_files: true,
        report: PeerReport::FailuresOnly,
    });

    let monokle = cache.join("monokle");
    let stamp = monokle.join(".ordinal-pinned");
    let want = format!("@monokle/validation@{MONOKLE_VERSION} yaml@{YAML_JS_VERSION}");
    if fs::read_to_string(&stamp).ok().as_deref() != Some(want.as_str()) {
        eprintln!("== installing {want} into {}", monokle.display());
        fs::create_dir_all(&monokle)?;
        fs::write(
            monokle.join("package.json"),
            "{\"name\":\"ordinal-bench-monokle\",\"private\":true,\"type\":\"module\"}\n",
        )?;
        let status = Command::new("npm")
            .current_dir(&monokle)
            .args(["install", "--no-audit", "--no-fund", "--save-exact"])
            .arg(format!("@monokle/validation@{MONOKLE_VERSION}"))
            .arg(format!("yaml@{YAML_JS_VERSION}"))
            .status()
            .context("could not run npm")?;
        if !status.success() {
            bail!("npm install of the monokle peer failed with {status}");
        }
        fs::write(&stamp, &want)?;
    }
    // The script imports from node_modules beside it.
    fs::copy(shared.join("bench/peers/monokle-lint.mjs"), monokle.join("monokle-lint.mjs"))
        .context("../shared/bench/peers/monokle-lint.mjs is missing")?;
    peers.push(Peer {
        name: "monokle (@monokle/validation)".into(),
        version: MONOKLE_VERSION.into(),
        program: PathBuf::from("node"),
        args: vec![monokle.join("monokle-lint.mjs").display().to_string()],
        env: vec![("QUIET".into(), "1".into())],
        wants_files: false,
        report: PeerReport::MonokleSummary,
    });
    Ok(peers)
}
