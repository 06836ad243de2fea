//! `cargo xtask embed`: build the docs embed into `www/dist/embed/` and fail
//! when its WASM + JS exceed [`EMBED_BUDGET_GZIP`] gzipped.
//!
//! The embed is `crates/ordinal-wasm` (no yew) built with wasm-bindgen's
//! `--target web` (an ES module the entry point imports lazily), `wasm-opt
//! -Os`, and `www/embed/ordinal-embed.js` minified by esbuild, with the
//! playground's tools (`wasm.rs`, `npm.rs`).
//!
//! `cargo xtask embed-e2e` builds it and runs its browser tests (`tests/browser/`).

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

use crate::util::{cargo_metadata, locked_version, root, run_path};
use crate::wasm::size::{self, kb};
use crate::wasm::{self, WasmBuild};

/// The gzipped budget of what a page loads for the embed: JS entry, wasm-bindgen glue and WASM.
pub const EMBED_BUDGET_GZIP: usize = 250 * 1024;

/// Files a page loads, in load order; their gzipped sizes count against the budget.
pub const EMBED_FILES: &[&str] = &["ordinal-embed.js", "ordinal_wasm.js", "ordinal_wasm_bg.wasm"];

/// Files copied as they are: declarations and the demo page.
const STATIC_FILES: &[&str] = &["ordinal-embed.d.ts", "ordinal-types.d.ts", "demo.html", "demo.css"];

/// The demo page's manifest: the core's bundled example, the one copy.
const DEMO_EXAMPLE: &str = "crates/ordinal-core/src/examples/web.yaml";

/// Cargo profile (the root Cargo.toml): `wasm-release`'s settings in its own
/// directory, so that the playground's build of `ordinal-wasm` (other features)
/// never overwrites this one.
const PROFILE: &str = "wasm-embed";

/// The cargo features of `ordinal-wasm` the embed is built with: no rule docs.
const CARGO_FEATURES: &[&str] = &["--no-default-features"];

/// `www/dist/embed/`.
pub fn dist_dir() -> PathBuf {
    root().join("www/dist/embed")
}

pub fn main() -> Result<()> {
    let sizes = build()?;
    check_budget(sizes.total_gzip)
}

/// Sizes of one build, in bytes.
#[derive(Debug, Clone, Copy)]
pub struct EmbedSizes {
    /// wasm-bindgen's output, before wasm-opt.
    pub wasm_raw: usize,
    /// After `wasm-opt -Os`.
    pub wasm_opt: usize,
    pub wasm_gzip: usize,
    /// Entry point and glue, minified and gzipped.
    pub js_gzip: usize,
    /// Everything in [`EMBED_FILES`], gzipped.
    pub total_gzip: usize,
}

/// Build `www/dist/embed/` and print the sizes; the caller checks the budget.
pub fn build() -> Result<EmbedSizes> {
    let www = root().join("www");
    let dist = dist_dir();
    crate::npm::ensure_packages()?;
    let bindgen = WasmBuild {
        package: "ordinal-wasm",
        profile: PROFILE,
        cargo_args: CARGO_FEATURES,
        bindgen_target: "web",
        out_dir: root().join("target/wasm-bindgen-embed"),
    }
    .run()?;
    if dist.exists() {
        fs::remove_dir_all(&dist).with_context(|| format!("could not clear {}", dist.display()))?;
    }
    fs::create_dir_all(dist.join("examples"))?;
    let wasm_raw = size::file_len(&bindgen.wasm())?;
    let dist_wasm = dist.join("ordinal_wasm_bg.wasm");
    wasm::optimize(&bindgen.wasm(), &dist_wasm)?;

    // The entry point gets the release version, then both scripts are
    // minified as ES modules without bundling, so that the entry point's
    // `import("./ordinal_wasm.js")` stays lazy.
    let source = fs::read_to_string(www.join("embed/ordinal-embed.js"))?;
    let staged = bindgen.dir.join("ordinal-embed.js");
    fs::write(&staged, source.replace("__ORDINAL_VERSION__", &release_version()?))?;
    minify(&staged, &dist.join("ordinal-embed.js"))?;
    minify(&bindgen.js(), &dist.join("ordinal_wasm.js"))?;
    for file in STATIC_FILES {
        fs::copy(www.join("embed").join(file), dist.join(file)).with_context(|| format!("copying www/embed/{file}"))?;
    }
    fs::copy(root().join(DEMO_EXAMPLE), dist.join("examples/web.yaml"))
        .with_context(|| format!("copying {DEMO_EXAMPLE}"))?;

    let files = size::report(&dist, EMBED_FILES)?;
    let total_gzip = files.iter().map(|file| file.gzip).sum();
    let wasm_gzip = files.iter().filter(|file| file.name.ends_with(".wasm")).map(|file| file.gzip).sum();
    let js_gzip = total_gzip - wasm_gzip;
    let sizes = EmbedSizes { wasm_raw, wasm_opt: size::file_len(&dist_wasm)?, wasm_gzip, js_gzip, total_gzip };
    println!(
        "embed wasm: {} raw (wasm-bindgen output), {} after wasm-opt -Os, {} gzipped",
        kb(sizes.wasm_raw),
        kb(sizes.wasm_opt),
        kb(sizes.wasm_gzip)
    );
    println!(
        "embed total: {} gzipped (JS {} + WASM {}; budget {})",
        kb(sizes.total_gzip),
        kb(sizes.js_gzip),
        kb(sizes.wasm_gzip),
        kb(EMBED_BUDGET_GZIP)
    );
    println!("wrote {} (demo: embed/demo.html under `cargo xtask serve`)", dist.display());
    Ok(sizes)
}

/// Fail when the embed's gzipped size is over [`EMBED_BUDGET_GZIP`].
pub fn check_budget(total_gzip: usize) -> Result<()> {
    if total_gzip > EMBED_BUDGET_GZIP {
        bail!(
            "the embed is {} gzipped (JS + WASM), over its {} budget; see `twiggy top` on target/wasm-bindgen-embed/ordinal_wasm_bg.wasm",
            kb(total_gzip),
            kb(EMBED_BUDGET_GZIP)
        );
    }
    Ok(())
}

fn minify(input: &Path, output: &Path) -> Result<()> {
    let outfile = format!("--outfile={}", output.display());
    run_path(
        &crate::npm::bin("esbuild"),
        &[
            input.as_os_str(),
            "--minify".as_ref(),
            "--format=esm".as_ref(),
            "--target=es2020".as_ref(),
            "--legal-comments=none".as_ref(),
            outfile.as_ref(),
        ],
    )
}

/// The release version the entry point reports: `ordinal-wasm`'s, which is
/// the workspace's (`[workspace.package] version`).
fn release_version() -> Result<String> {
    locked_version(&cargo_metadata()?, "ordinal-wasm").context("cargo metadata lists no ordinal-wasm")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_budget_check_fails_only_above_the_budget() {
        assert!(check_budget(EMBED_BUDGET_GZIP).is_ok());
        assert!(check_budget(EMBED_BUDGET_GZIP + 1).is_err());
    }

    #[test]
    fn the_version_comes_from_the_workspace() {
        let version = release_version().unwrap();
        assert!(version.split('.').count() == 3, "{version}");
    }

    #[test]
    fn every_static_file_exists() {
        for file in STATIC_FILES.iter().chain(["ordinal-embed.js"].iter()) {
            assert!(root().join("www/embed").join(file).is_file(), "www/embed/{file}");
        }
    }
}
