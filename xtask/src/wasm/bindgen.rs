//! wasm-bindgen-cli at exactly the version of the `wasm-bindgen` crate.
//!
//! The CLI and the crate must agree to the patch release, or the generated
//! glue does not match the module. The only pin is the root Cargo.toml's
//! `[workspace.dependencies] wasm-bindgen = "=X"`; xtask reads the version
//! Cargo.lock resolves (`cargo metadata`) and installs that CLI into
//! `target/tools` (not the user's `~/.cargo/bin`). A test fails when the pin
//! is not exact or the lock holds more than one version.

use std::path::PathBuf;
use std::process::Command;

use anyhow::{bail, Result};

use crate::util::{cargo_metadata, root, run};

/// The one `wasm-bindgen` version in Cargo.lock.
pub fn locked_version() -> Result<String> {
    let metadata = cargo_metadata()?;
    let mut versions: Vec<&str> = metadata["packages"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|package| package["name"] == "wasm-bindgen")
        .filter_map(|package| package["version"].as_str())
        .collect();
    versions.dedup();
    match versions[..] {
        [version] => Ok(version.to_string()),
        [] => bail!("Cargo.lock holds no wasm-bindgen"),
        _ => bail!(
            "Cargo.lock holds several wasm-bindgen versions ({}); one CLI cannot match them all",
            versions.join(", ")
        ),
    }
}

/// `target/tools/bin/wasm-bindgen` at [`locked_version`], installed when missing.
pub fn ensure_cli() -> Result<PathBuf> {
    let version = locked_version()?;
    let tools = root().join("target/tools");
    let binary = tools.join("bin/wasm-bindgen");
    let installed = Command::new(&binary).arg("--version").output().ok().filter(|o| o.status.success());
    // `wasm-bindgen 0.2.130`: the whole word, so that 0.2.13 never passes for 0.2.130.
    let matches =
        installed.is_some_and(|o| String::from_utf8_lossy(&o.stdout).split_whitespace().any(|w| w == version));
    if !matches {
        // Without --locked: with it, a pinned dependency of this release is
        // missing from the registry.
        let root_arg = tools.to_string_lossy().into_owned();
        run(
            "cargo",
            &["install", "wasm-bindgen-cli", "--version", &format!("={version}"), "--root", &root_arg, "--force"],
        )?;
    }
    Ok(binary)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cli_installed_is_the_one_locked_and_exactly_pinned_wasm_bindgen() {
        let manifest: toml_edit::DocumentMut =
            std::fs::read_to_string(root().join("Cargo.toml")).unwrap().parse().unwrap();
        let pin = manifest["workspace"]["dependencies"]["wasm-bindgen"].as_str().map(str::to_string);
        let locked = locked_version().unwrap();
        assert_eq!(
            pin,
            Some(format!("={locked}")),
            "[workspace.dependencies] wasm-bindgen must be the exact pin `={locked}` that Cargo.lock resolves"
        );
    }
}
