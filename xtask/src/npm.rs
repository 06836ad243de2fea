//! The npm packages of `www/package-lock.json`: CodeMirror (bundled into the
//! playground), esbuild, and binaryen's `wasm-opt`.

use std::fs;
use std::path::PathBuf;
use std::process::Command;

use anyhow::{bail, Context, Result};

use crate::util::root;

/// `npm ci` in `www/` unless `node_modules` already matches the lock file.
pub fn ensure_packages() -> Result<()> {
    let www = root().join("www");
    let lock = fs::read(www.join("package-lock.json")).context("www/package-lock.json is missing")?;
    let stamp = www.join("node_modules/.ordinal-lock-stamp");
    if fs::read(&stamp).ok().as_deref() == Some(lock.as_slice()) && bin("wasm-opt").exists() && bin("esbuild").exists()
    {
        return Ok(());
    }
    eprintln!("$ npm ci (in www/)");
    let status = Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund"])
        .current_dir(&www)
        .status()
        .context("could not start `npm`; install Node.js 20 or newer")?;
    if !status.success() {
        bail!("`npm ci` failed with {status}");
    }
    fs::write(&stamp, &lock)?;
    Ok(())
}

/// A program of `www/node_modules/.bin/`.
pub fn bin(name: &str) -> PathBuf {
    root().join("www/node_modules/.bin").join(name)
}
