//! Ordinal's browser tests: the playground (`tests/playground/`) and the docs
//! embed (`tests/embed/`) driven in Debian's headless Chromium over WebDriver.
//!
//! The suites need a built site, so they run only when [`DIST_ENV`] names it:
//! `cargo xtask e2e` and `cargo xtask embed-e2e` build `www/dist/`, install
//! Chromium and ChromeDriver, and run `cargo test -p ordinal-browser-tests`
//! with it set. A plain `cargo test` lists every browser test as ignored.
//!
//! The library holds what the suites share with each other and with
//! `cargo xtask serve`: the WebDriver client and the static file server.

pub mod static_server;
pub mod webdriver;

use std::path::{Path, PathBuf};

/// The environment variable naming the built `www/dist/` (the embed is its `embed/`).
pub const DIST_ENV: &str = "ORDINAL_BROWSER_DIST";

/// The repository root.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .expect("the browser tests live in tests/browser/ of the repository")
        .to_path_buf()
}
