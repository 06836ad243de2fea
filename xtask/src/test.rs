//! `cargo xtask test`: everything CI checks, in the order that fails fastest.

use anyhow::Result;

use crate::util::{ensure_rust_target, run};
use crate::wasm::TARGET;

pub fn main() -> Result<()> {
    run("cargo", &["fmt", "--all", "--", "--check"])?;
    run("cargo", &["clippy", "--workspace", "--all-targets", "--locked", "--", "-D", "warnings"])?;
    // The browser suites are part of the workspace but list as ignored here:
    // they need the built site, and run below.
    run("cargo", &["test", "--workspace", "--locked"])?;
    // Too slow unoptimised, so the 50 MB input test runs in a release build.
    run(
        "cargo",
        &[
            "test",
            "--release",
            "--locked",
            "-p",
            "ordinal-core",
            "--test",
            "properties",
            "--",
            "--include-ignored",
            "--exact",
            "a_fifty_megabyte_file_lints_in_bounded_memory",
        ],
    )?;
    // The core must stay free of I/O and native-only dependencies.
    ensure_rust_target(TARGET)?;
    run("cargo", &["build", "-p", "ordinal-core", "--target", TARGET, "--locked"])?;
    // The browser crates, checked for the browser (their app code only exists on wasm32).
    run(
        "cargo",
        &[
            "clippy",
            "-p",
            "ordinal-wasm",
            "-p",
            "ordinal-playground",
            "--target",
            TARGET,
            "--locked",
            "--",
            "-D",
            "warnings",
        ],
    )?;
    // The playground built (`cargo xtask dist`) and driven in headless Chromium.
    crate::browser_tests::playground(false, None)?;
    // The docs embed built (`cargo xtask embed`), driven in headless Chromium,
    // and held to its size budget.
    crate::browser_tests::embed(false, None)?;
    // Neovim's built-in LSP client against `ordinal lsp`.
    crate::nvim_e2e::main()?;
    // Every fuzz target briefly on the committed seeds (nightly and
    // cargo-fuzz are installed on first use), so a crash the seeds or a
    // short run can reach fails CI.
    crate::fuzz::brief()?;
    // The pre-commit hooks driven by the real pre-commit from PyPI: it
    // builds the CLI as a user's first commit would. The script skips, with
    // the reason, when python3 cannot make a virtualenv.
    run("bash", &["tests/precommit/run.sh"])?;
    Ok(())
}
