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
    });

    let kv = venv("kubernetes-validate", "kubernetes-validate", KUBERNETES_VALIDATE_VERSION)?;
    peers.push(Peer {
        name: "kubernetes-validate".into(),
        version: KUBERNETES_VALIDATE_VERSION.into(),
        program: kv.join("bin/kubernetes-validate"),
        args: vec!["--quiet".into()],
        env: Vec::new(),
        wants_files: true,
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
    });
    Ok(peers)
}
