//! `cargo xtask test`: everything CI checks, in the order that fails fastest.

use anyhow::{bail, Result};

use crate::util::{ensure_rust_target, run};

pub fn main(args: &[String]) -> Result<()> {
    if !args.is_empty() {
        bail!("`cargo xtask test` takes no arguments");
    }
    run("cargo", &["fmt", "--all", "--", "--check"])?;
    run("cargo", &["clippy", "--workspace", "--all-targets", "--locked", "--", "-D", "warnings"])?;
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
    ensure_rust_target("wasm32-unknown-unknown")?;
    run("cargo", &["build", "-p", "ordinal-core", "--target", "wasm32-unknown-unknown", "--locked"])?;
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
            "wasm32-unknown-unknown",
            "--locked",
            "--",
            "-D",
            "warnings",
        ],
    )?;
    // The playground built (`cargo xtask dist`) and driven in headless Chromium.
    crate::e2e::main(&[])?;
    // The docs embed built (`cargo xtask embed`, which fails over its size
    // budget) and its demo page driven in headless Chromium.
    crate::embed_e2e::main(&[])?;
    Ok(())
}
