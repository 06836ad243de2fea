//! Small helpers for running commands from the repository root.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};
use serde_json::Value;

/// The repository root (the parent of `xtask/`).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask lives in the repository root").to_path_buf()
}

/// The cargo target directory (honours a relative or absolute `CARGO_TARGET_DIR`).
pub fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from) {
        Some(dir) if dir.is_absolute() => dir,
        Some(dir) => root().join(dir),
        None => root().join("target"),
    }
}

/// Run `program args...` in the repository root, echoing it; fail on a non-zero exit.
pub fn run(program: &str, args: &[&str]) -> Result<()> {
    let args: Vec<&OsStr> = args.iter().map(OsStr::new).collect();
    run_path(Path::new(program), &args)
}

/// [`run`] for a program given by path, with arguments that may be paths.
pub fn run_path(program: &Path, args: &[&OsStr]) -> Result<()> {
    let shown = args.iter().map(|a| a.to_string_lossy()).collect::<Vec<_>>().join(" ");
    eprintln!("$ {} {shown}", program.display());
    let status = Command::new(program)
        .args(args)
        .current_dir(root())
        .status()
        .with_context(|| format!("could not start `{}`", program.display()))?;
    if !status.success() {
        bail!("`{} {shown}` failed with {status}", program.display());
    }
    Ok(())
}

/// Run a command and capture its standard output.
pub fn output(program: &str, args: &[&str]) -> Result<String> {
    let output = Command::new(program)
        .args(args)
        .current_dir(root())
        .output()
        .with_context(|| format!("could not start `{program}`"))?;
    if !output.status.success() {
        bail!("`{program} {}` failed: {}", args.join(" "), String::from_utf8_lossy(&output.stderr));
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// `cargo metadata` of the workspace, every locked package included.
pub fn cargo_metadata() -> Result<Value> {
    let text = output("cargo", &["metadata", "--format-version", "1", "--locked"])?;
    serde_json::from_str(&text).context("cargo metadata printed no JSON")
}

/// The locked version of `package` (the first, if Cargo.lock holds several).
pub fn locked_version(metadata: &Value, package: &str) -> Option<String> {
    metadata["packages"].as_array()?.iter().find(|p| p["name"] == package)?["version"].as_str().map(str::to_string)
}

/// Make sure a rustup target is installed (a fresh machine has only the host).
pub fn ensure_rust_target(target: &str) -> Result<()> {
    let installed = output("rustup", &["target", "list", "--installed"])?;
    if !installed.lines().any(|line| line.trim() == target) {
        run("rustup", &["target", "add", target])?;
    }
    Ok(())
}

/// Install Debian packages with apt-get (through `sudo -n` when not root),
/// for the tasks that need a program from Debian (Chromium, Neovim).
pub fn apt_install(packages: &[&str]) -> Result<()> {
    let is_root = Command::new("id").arg("-u").output().is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0");
    let apt = |args: &[&str]| -> Result<()> {
        let mut command = if is_root {
            Command::new("apt-get")
        } else {
            let mut sudo = Command::new("sudo");
            sudo.args(["-n", "apt-get"]);
            sudo
        };
        let status = command.args(args).env("DEBIAN_FRONTEND", "noninteractive").status().with_context(|| {
            format!("could not run apt-get (a Debian machine is needed to install {})", packages.join(", "))
        })?;
        if !status.success() {
            bail!("`apt-get {}` failed with {status}", args.join(" "));
        }
        Ok(())
    };
    apt(&["update"])?;
    let mut install = vec!["install", "-y", "--no-install-recommends"];
    install.extend_from_slice(packages);
    apt(&install)
}
