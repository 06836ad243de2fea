//! `cargo xtask embed`: build the docs embed into `www/dist/embed/` and fail
//! when its WASM + JS exceed [`EMBED_BUDGET_GZIP`] gzipped.
//!
//! The embed is `crates/ordinal-wasm` (no yew) built with wasm-bindgen's
//! `--target web` (an ES module the entry point imports lazily), `wasm-opt
//! -Oz`, and `www/embed/ordinal-embed.js` minified by esbuild. Tools are the
//! playground's (see `dist.rs`): wasm-bindgen-cli pinned to the crate's
//! version and npm binaryen's `wasm-opt`.
//!
//! `cargo xtask embed-e2e` builds it and runs its browser tests (`embed_e2e.rs`).

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

use crate::dist::{ensure_npm_packages, ensure_wasm_bindgen, gzip_len, kb, run_path, target_dir, WASM_FEATURES};
use crate::util::{ensure_rust_target, root, run};

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
const FEATURES: &[&str] = &["--no-default-features"];

/// `www/dist/embed/`.
pub fn dist_dir() -> PathBuf {
    root().join("www/dist/embed")
}

pub fn main(args: &[String]) -> Result<()> {
    if !args.is_empty() {
        bail!("`cargo xtask embed` takes no arguments");
    }
    let sizes = build()?;
    check_budget(sizes.total_gzip)
}

/// Sizes of one build, in bytes.
#[derive(Debug, Clone, Copy)]
pub struct EmbedSizes {
    /// wasm-bindgen's output, before wasm-opt.
    pub wasm_raw: usize,
    /// After `wasm-opt -Oz`.
    pub wasm_opt: usize,
    pub wasm_gzip: usize,
    /// Entry point and glue, minified and gzipped.
    pub js_gzip: usize,
    /// Everything in [`EMBED_FILES`], gzipped.
    pub total_gzip: usize,
}

/// Build `www/dist/embed/` and print the sizes; the caller checks the budget.
pub fn build() -> Result<EmbedSizes> {
    let root = root();
    let www = root.join("www");
    let dist = dist_dir();
    ensure_rust_target("wasm32-unknown-unknown")?;
    let wasm_bindgen = ensure_wasm_bindgen()?;
    ensure_npm_packages(&www)?;

    let mut cargo_args = vec![
        "build",
        "--locked",
        "-p",
        "ordinal-wasm",
        "--lib",
        "--target",
        "wasm32-unknown-unknown",
        "--profile",
        PROFILE,
    ];
    cargo_args.extend_from_slice(FEATURES);
    run("cargo", &cargo_args)?;
    let wasm = target_dir()?.join("wasm32-unknown-unknown").join(PROFILE).join("ordinal_wasm.wasm");

    if dist.exists() {
        fs::remove_dir_all(&dist).with_context(|| format!("could not clear {}", dist.display()))?;
    }
    fs::create_dir_all(dist.join("examples"))?;
    let bindgen_out = root.join("target/wasm-bindgen-embed");
    if bindgen_out.exists() {
        fs::remove_dir_all(&bindgen_out)?;
    }
    run_path(
        &wasm_bindgen,
        &[
            "--target".as_ref(),
            "web".as_ref(),
            "--no-typescript".as_ref(),
            "--out-dir".as_ref(),
            bindgen_out.as_os_str(),
            wasm.as_os_str(),
        ],
    )?;
    let bindgen_wasm = bindgen_out.join("ordinal_wasm_bg.wasm");
    let wasm_raw = file_len(&bindgen_wasm)?;
    let dist_wasm = dist.join("ordinal_wasm_bg.wasm");
    let mut opt_args: Vec<&std::ffi::OsStr> =
        vec!["-Oz".as_ref(), "--strip-debug".as_ref(), "--strip-producers".as_ref()];
    opt_args.extend(WASM_FEATURES.iter().map(std::ffi::OsStr::new));
    opt_args.extend(["-o".as_ref(), dist_wasm.as_os_str(), bindgen_wasm.as_os_str()]);
    run_path(&www.join("node_modules/.bin/wasm-opt"), &opt_args)?;

    // The entry point gets the release version, then both scripts are
    // minified as ES modules without bundling, so that the entry point's
    // `import("./ordinal_wasm.js")` stays lazy.
    let source = fs::read_to_string(www.join("embed/ordinal-embed.js"))?;
    let staged = bindgen_out.join("ordinal-embed.js");
    fs::write(&staged, source.replace("__ORDINAL_VERSION__", &workspace_version()?))?;
    minify(&www, &staged, &dist.join("ordinal-embed.js"))?;
    minify(&www, &bindgen_out.join("ordinal_wasm.js"), &dist.join("ordinal_wasm.js"))?;
    for file in STATIC_FILES {
        fs::copy(www.join("embed").join(file), dist.join(file)).with_context(|| format!("copying www/embed/{file}"))?;
    }
    fs::copy(root.join(DEMO_EXAMPLE), dist.join("examples/web.yaml"))
        .with_context(|| format!("copying {DEMO_EXAMPLE}"))?;

    let mut total_gzip = 0;
    let mut js_gzip = 0;
    let mut wasm_gzip = 0;
    for file in EMBED_FILES {
        let data = fs::read(dist.join(file))?;
        let gz = gzip_len(&data)?;
        total_gzip += gz;
        if file.ends_with(".wasm") {
            wasm_gzip = gz;
        } else {
            js_gzip += gz;
        }
        println!("  {file:<24} {:>10} raw {:>10} gzipped", kb(data.len()), kb(gz));
    }
    let sizes = EmbedSizes { wasm_raw, wasm_opt: file_len(&dist_wasm)?, wasm_gzip, js_gzip, total_gzip };
    println!(
        "embed wasm: {} raw (wasm-bindgen output), {} after wasm-opt -Oz, {} gzipped",
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

fn minify(www: &Path, input: &Path, output: &Path) -> Result<()> {
    let outfile = format!("--outfile={}", output.display());
    run_path(
        &www.join("node_modules/.bin/esbuild"),
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

fn file_len(path: &Path) -> Result<usize> {
    Ok(fs::metadata(path).with_context(|| format!("missing {}", path.display()))?.len() as usize)
}

/// `[workspace.package] version` of the root Cargo.toml.
fn workspace_version() -> Result<String> {
    let manifest = fs::read_to_string(root().join("Cargo.toml"))?;
    let section = manifest.split("[workspace.package]").nth(1).context("no [workspace.package] in Cargo.toml")?;
    section
        .lines()
        .take_while(|line| !line.starts_with('['))
        .find_map(|line| line.strip_prefix("version = \"").and_then(|rest| rest.strip_suffix('"')))
        .map(str::to_string)
        .context("no version in [workspace.package]")
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
        let version = workspace_version().unwrap();
        assert!(version.split('.').count() == 3, "{version}");
    }

    #[test]
    fn every_static_file_exists() {
        for file in STATIC_FILES.iter().chain(["ordinal-embed.js"].iter()) {
            assert!(root().join("www/embed").join(file).is_file(), "www/embed/{file}");
        }
    }
}
