//! `cargo xtask e2e` and `cargo xtask embed-e2e`: build the site, install
//! Debian's Chromium and ChromeDriver, and run the suites of the
//! `ordinal-browser-tests` crate (`tests/browser/`) on it.
//!
//! The suites start ChromeDriver and serve the site themselves (some cases
//! need a site of their own); they run only when `ORDINAL_BROWSER_DIST` names
//! the built `www/dist/`, which is what this sets.

use std::path::Path;
use std::process::Command;

use anyhow::{bail, ensure, Context, Result};
use ordinal_browser_tests::DIST_ENV;

use crate::dist::{self, Sizes};

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// The playground's suite on `www/dist/` (built first unless `no_build`).
pub fn playground(no_build: bool, filter: Option<&str>) -> Result<()> {
    let sizes = if no_build { None } else { Some(dist::build()?) };
    ensure!(dist::dist_dir().join("index.html").exists(), "www/dist/ is not built (run without --no-build)");
    run_suite("playground", filter, sizes.as_ref())
}

/// The embed's suite on `www/dist/embed/`; its size budget is checked after
/// the browser tests, so that a run reports both.
pub fn embed(no_build: bool, filter: Option<&str>) -> Result<()> {
    let sizes = if no_build { None } else { Some(crate::embed::build()?) };
    let tests = run_suite("embed", filter, None);
    let Some(sizes) = sizes else { return tests };
    let budget = crate::embed::check_budget(sizes.total_gzip);
    if budget.is_ok() {
        println!("embed size budget ... ok");
    }
    let failures: Vec<String> = [tests.err(), budget.err()].into_iter().flatten().map(|e| format!("{e:#}")).collect();
    if !failures.is_empty() {
        bail!("{}", failures.join("\n"));
    }
    Ok(())
}

/// `cargo test -p ordinal-browser-tests --test SUITE` with the site named.
fn run_suite(suite: &str, filter: Option<&str>, sizes: Option<&Sizes>) -> Result<()> {
    ensure_chromium()?;
    let mut command = Command::new("cargo");
    command
        .current_dir(crate::util::root())
        .args(["test", "--locked", "-p", "ordinal-browser-tests", "--test", suite, "--"])
        .args(filter)
        .env(DIST_ENV, dist::dist_dir());
    if let Some(sizes) = sizes {
        command.env("ORDINAL_BROWSER_SIZES", sizes.summary());
    }
    eprintln!("$ {command:?}");
    let status = command.status().context("could not start cargo")?;
    if !status.success() {
        bail!("the {suite} browser tests failed ({status}); screenshots in tests/artifacts/{suite}/");
    }
    Ok(())
}

/// Install Debian's `chromium` and `chromium-driver` when either is missing.
fn ensure_chromium() -> Result<()> {
    if Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists() {
        return Ok(());
    }
    eprintln!("installing Debian's chromium and chromium-driver (apt-get)");
    crate::util::apt_install(&["chromium", "chromium-driver"])?;
    if !Path::new(CHROMIUM).exists() || !Path::new(CHROMEDRIVER).exists() {
        bail!("apt-get succeeded but {CHROMIUM} or {CHROMEDRIVER} is still missing");
    }
    Ok(())
}
