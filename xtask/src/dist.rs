//! `cargo xtask dist`: build the playground into `www/dist/`, then the docs
//! embed into `www/dist/embed/` (`embed.rs`).
//!
//! On a fresh machine it installs what it needs (`wasm.rs`, `npm.rs`): the
//! wasm32 target, wasm-bindgen-cli at the locked crate version (into
//! `target/tools`), and the npm packages of `www/package-lock.json`.

use std::fs;
use std::io::Write;
use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use base64::Engine as _;

use crate::util::root;
use crate::wasm::size::{self, kb};
use crate::wasm::{self, WasmBuild};

/// The gzipped budget of everything the page loads.
pub const PAGE_BUDGET_GZIP: usize = 1024 * 1024;

/// Cargo profile of the playground (see the root Cargo.toml): smallest code.
/// `opt-level = 3` re-lints about 1.5x faster but costs 145 KB gzipped and,
/// worse, makes the first analysis after load take 350-800 ms instead of
/// about 6 ms (the browser compiles the much larger functions lazily).
const PROFILE: &str = "wasm-release";

/// The files of `www/dist/` the page loads, in load order.
pub const PAGE_FILES: &[&str] =
    &["index.html", "style.css", "editor.js", "ordinal_playground.js", "loader.js", "ordinal_playground_bg.wasm"];

/// The playground's WASM inlined as base64, for `file://` (not in [`PAGE_FILES`]:
/// only a page that cannot fetch the `.wasm` loads it).
const WASM_AS_SCRIPT: &str = "ordinal_playground_bg.wasm.js";

pub fn dist_dir() -> PathBuf {
    root().join("www/dist")
}

/// Sizes of one build, in bytes.
#[derive(Debug, Clone, Copy)]
pub struct Sizes {
    pub wasm_raw: usize,
    pub wasm_opt: usize,
    pub wasm_gzip: usize,
    pub page_gzip: usize,
}

impl Sizes {
    /// One line for reports (the browser tests' timings file).
    pub fn summary(&self) -> String {
        format!(
            "wasm: {} raw, {} after wasm-opt, {} gzipped; whole page {} gzipped",
            kb(self.wasm_raw),
            kb(self.wasm_opt),
            kb(self.wasm_gzip),
            kb(self.page_gzip)
        )
    }
}

/// Build everything and return the playground's sizes.
pub fn build() -> Result<Sizes> {
    let www = root().join("www");
    let dist = dist_dir();
    crate::npm::ensure_packages()?;
    let bindgen = WasmBuild {
        package: "ordinal-playground",
        profile: PROFILE,
        cargo_args: &[],
        bindgen_target: "no-modules",
        out_dir: root().join("target/wasm-bindgen"),
    }
    .run()?;

    // Only the playground's own files are replaced: `www/dist/embed/` belongs to `cargo xtask embed`.
    fs::create_dir_all(&dist)?;
    for file in PAGE_FILES.iter().chain(&[WASM_AS_SCRIPT]) {
        let _ = fs::remove_file(dist.join(file));
    }
    let wasm_raw = size::file_len(&bindgen.wasm())?;
    let dist_wasm = dist.join("ordinal_playground_bg.wasm");
    wasm::optimize(&bindgen.wasm(), &dist_wasm)?;
    fs::copy(bindgen.js(), dist.join("ordinal_playground.js"))?;

    // The editor bridge and CodeMirror, as one classic script.
    let outfile = format!("--outfile={}", dist.join("editor.js").display());
    crate::util::run_path(
        &crate::npm::bin("esbuild"),
        &[
            www.join("editor/bridge.js").as_os_str(),
            "--bundle".as_ref(),
            "--minify".as_ref(),
            "--format=iife".as_ref(),
            "--target=es2020".as_ref(),
            "--legal-comments=none".as_ref(),
            outfile.as_ref(),
        ],
    )?;
    for file in ["index.html", "style.css", "loader.js"] {
        fs::copy(www.join("playground").join(file), dist.join(file)).with_context(|| format!("copying {file}"))?;
    }
    // From file:// browsers refuse to fetch the .wasm; the loader falls back
    // to this script, which carries the same bytes in base64.
    let bytes = fs::read(&dist_wasm)?;
    let mut script = fs::File::create(dist.join(WASM_AS_SCRIPT))?;
    let encoded = base64::engine::general_purpose::STANDARD.encode(&bytes);
    writeln!(script, "window.ORDINAL_WASM_BASE64=\"{encoded}\";")?;

    let wasm_gzip = size::gzip_len(&bytes)?;
    println!(
        "wasm: {} raw (wasm-bindgen output), {} after wasm-opt -Os, {} gzipped",
        kb(wasm_raw),
        kb(bytes.len()),
        kb(wasm_gzip)
    );
    let page_gzip: usize = size::report(&dist, PAGE_FILES)?.iter().map(|file| file.gzip).sum();
    println!("page total: {} gzipped (budget {})", kb(page_gzip), kb(PAGE_BUDGET_GZIP));
    println!("wrote {}", dist.display());
    if page_gzip > PAGE_BUDGET_GZIP {
        bail!("the page is {} gzipped, over the {} budget", kb(page_gzip), kb(PAGE_BUDGET_GZIP));
    }
    // The docs embed goes to www/dist/embed/ (its budget fails `cargo xtask embed` and `embed-e2e`, not this).
    let embed = crate::embed::build()?;
    if let Err(error) = crate::embed::check_budget(embed.total_gzip) {
        eprintln!("warning: {error:#}");
    }
    Ok(Sizes { wasm_raw, wasm_opt: bytes.len(), wasm_gzip, page_gzip })
}
