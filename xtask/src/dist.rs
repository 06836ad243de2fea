//! `cargo xtask dist`: build the playground into `www/dist/`.
//!
//! It installs what it needs on a fresh machine: the `wasm32-unknown-unknown`
//! target, `wasm-bindgen-cli` at exactly the version of the `wasm-bindgen`
//! crate (into `target/tools`, not the user's `~/.cargo/bin`), and the npm
//! packages of `www/package-lock.json` (`npm ci`): CodeMirror, esbuild and
//! binaryen's `wasm-opt` (Debian's older `wasm-opt` corrupts these modules).

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};

use crate::util::{ensure_rust_target, root, run};

/// Must equal the `wasm-bindgen` version pinned in the crates (`=0.2.130`).
pub const WASM_BINDGEN_VERSION: &str = "0.2.130";

/// The gzipped budget of everything the page loads.
pub const PAGE_BUDGET_GZIP: usize = 1024 * 1024;

/// Cargo profile of the playground (see the root Cargo.toml): smallest code.
/// `opt-level = 3` re-lints about 1.5x faster but costs 145 KB gzipped and,
/// worse, makes the first analysis after load take 350-800 ms instead of
/// about 6 ms (the browser compiles the much larger functions lazily).
const PROFILE: &str = "wasm-release";

/// wasm-opt must be told which features rustc's wasm32 target emits.
pub(crate) const WASM_FEATURES: &[&str] = &[
    "--enable-bulk-memory",
    "--enable-bulk-memory-opt",
    "--enable-mutable-globals",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-reference-types",
    "--enable-multivalue",
];

/// The files of `www/dist/` the page loads, in load order.
pub const PAGE_FILES: &[&str] =
    &["index.html", "style.css", "editor.js", "ordinal_playground.js", "loader.js", "ordinal_playground_bg.wasm"];

pub fn dist_dir() -> PathBuf {
    root().join("www/dist")
}

pub fn main(args: &[String]) -> Result<()> {
    if !args.is_empty() {
        bail!("`cargo xtask dist` takes no arguments");
    }
    build()?;
    Ok(())
}

/// Sizes of one build, in bytes.
#[derive(Debug, Clone, Copy)]
pub struct Sizes {
    pub wasm_raw: usize,
    pub wasm_opt: usize,
    pub wasm_gzip: usize,
    pub page_gzip: usize,
}

/// Build everything and return the sizes.
pub fn build() -> Result<Sizes> {
    let root = root();
    let www = root.join("www");
    let dist = dist_dir();
    ensure_rust_target("wasm32-unknown-unknown")?;
    let wasm_bindgen = ensure_wasm_bindgen()?;
    ensure_npm_packages(&www)?;

    run(
        "cargo",
        &[
            "build",
            "--locked",
            "-p",
            "ordinal-playground",
            "--lib",
            "--target",
            "wasm32-unknown-unknown",
            "--profile",
            PROFILE,
        ],
    )?;
    let target_dir = target_dir()?;
    let wasm = target_dir.join("wasm32-unknown-unknown").join(PROFILE).join("ordinal_playground.wasm");

    // Only the playground's own files are replaced: `www/dist/embed/` belongs to `cargo xtask embed`.
    fs::create_dir_all(&dist)?;
    for file in PAGE_FILES.iter().chain(&["ordinal_playground_bg.wasm.js"]) {
        let _ = fs::remove_file(dist.join(file));
    }
    let bindgen_out = root.join("target/wasm-bindgen");
    if bindgen_out.exists() {
        fs::remove_dir_all(&bindgen_out)?;
    }
    run_path(
        &wasm_bindgen,
        &[
            "--target".as_ref(),
            "no-modules".as_ref(),
            "--no-typescript".as_ref(),
            "--out-dir".as_ref(),
            bindgen_out.as_os_str(),
            wasm.as_os_str(),
        ],
    )?;
    let bindgen_wasm = bindgen_out.join("ordinal_playground_bg.wasm");
    let wasm_raw = file_len(&bindgen_wasm)?;

    let wasm_opt = www.join("node_modules/.bin/wasm-opt");
    let dist_wasm = dist.join("ordinal_playground_bg.wasm");
    let mut opt_args: Vec<&std::ffi::OsStr> =
        ["-Oz", "--strip-debug", "--strip-producers"].iter().map(std::ffi::OsStr::new).collect();
    opt_args.extend(WASM_FEATURES.iter().map(std::ffi::OsStr::new));
    opt_args.extend([std::ffi::OsStr::new("-o"), dist_wasm.as_os_str(), bindgen_wasm.as_os_str()]);
    run_path(&wasm_opt, &opt_args)?;
    fs::copy(bindgen_out.join("ordinal_playground.js"), dist.join("ordinal_playground.js"))?;

    // The editor bridge and CodeMirror, as one classic script.
    let esbuild = www.join("node_modules/.bin/esbuild");
    let outfile = format!("--outfile={}", dist.join("editor.js").display());
    run_path(
        &esbuild,
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
    let mut script = fs::File::create(dist.join("ordinal_playground_bg.wasm.js"))?;
    writeln!(script, "window.ORDINAL_WASM_BASE64=\"{}\";", base64(&bytes))?;

    let wasm_opt_size = bytes.len();
    let wasm_gzip = gzip_len(&bytes)?;
    println!(
        "wasm: {} raw (wasm-bindgen output), {} after wasm-opt -Oz, {} gzipped",
        kb(wasm_raw),
        kb(wasm_opt_size),
        kb(wasm_gzip)
    );
    let mut page_gzip = 0;
    for file in PAGE_FILES {
        let data = fs::read(dist.join(file))?;
        let gz = gzip_len(&data)?;
        page_gzip += gz;
        println!("  {file:<30} {:>10} raw {:>10} gzipped", kb(data.len()), kb(gz));
    }
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
    Ok(Sizes { wasm_raw, wasm_opt: wasm_opt_size, wasm_gzip, page_gzip })
}

pub(crate) fn kb(bytes: usize) -> String {
    format!("{:.1} KB", bytes as f64 / 1024.0)
}

fn file_len(path: &Path) -> Result<usize> {
    Ok(fs::metadata(path).with_context(|| format!("missing {}", path.display()))?.len() as usize)
}

/// Gzipped size at the highest level, as a static host would serve it.
pub fn gzip_len(data: &[u8]) -> Result<usize> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(data)?;
    Ok(encoder.finish()?.len())
}

fn base64(data: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

pub(crate) fn target_dir() -> Result<PathBuf> {
    if let Some(dir) = std::env::var_os("CARGO_TARGET_DIR") {
        let dir = PathBuf::from(dir);
        return Ok(if dir.is_absolute() { dir } else { root().join(dir) });
    }
    Ok(root().join("target"))
}

pub(crate) fn run_path(program: &Path, args: &[&std::ffi::OsStr]) -> Result<()> {
    eprintln!("$ {} {}", program.display(), args.iter().map(|a| a.to_string_lossy()).collect::<Vec<_>>().join(" "));
    let status = Command::new(program)
        .args(args)
        .current_dir(root())
        .status()
        .with_context(|| format!("could not start `{}`", program.display()))?;
    if !status.success() {
        bail!("`{}` failed with {status}", program.display());
    }
    Ok(())
}

/// `target/tools/bin/wasm-bindgen` at [`WASM_BINDGEN_VERSION`], installed when missing.
pub(crate) fn ensure_wasm_bindgen() -> Result<PathBuf> {
    let tools = root().join("target/tools");
    let binary = tools.join("bin/wasm-bindgen");
    let version = Command::new(&binary).arg("--version").output().ok().filter(|o| o.status.success());
    let installed = version.is_some_and(|o| String::from_utf8_lossy(&o.stdout).contains(WASM_BINDGEN_VERSION));
    if !installed {
        // Without --locked: with it, a pinned dependency of this release is
        // missing from the registry.
        let root_arg = tools.to_string_lossy().into_owned();
        run(
            "cargo",
            &["install", "wasm-bindgen-cli", "--version", WASM_BINDGEN_VERSION, "--root", &root_arg, "--force"],
        )?;
    }
    Ok(binary)
}

/// `npm ci` in `www/` unless `node_modules` already matches the lock file.
pub(crate) fn ensure_npm_packages(www: &Path) -> Result<()> {
    let lock = fs::read(www.join("package-lock.json")).context("www/package-lock.json is missing")?;
    let stamp = www.join("node_modules/.ordinal-lock-stamp");
    if fs::read(&stamp).ok().as_deref() == Some(lock.as_slice())
        && www.join("node_modules/.bin/wasm-opt").exists()
        && www.join("node_modules/.bin/esbuild").exists()
    {
        return Ok(());
    }
    eprintln!("$ npm ci (in www/)");
    let status = Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund"])
        .current_dir(www)
        .status()
        .context("could not start `npm`; install Node.js 20 or newer")?;
    if !status.success() {
        bail!("`npm ci` failed with {status}");
    }
    fs::write(&stamp, &lock)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn base64_matches_the_standard_alphabet_and_padding() {
        assert_eq!(super::base64(b""), "");
        assert_eq!(super::base64(b"f"), "Zg==");
        assert_eq!(super::base64(b"fo"), "Zm8=");
        assert_eq!(super::base64(b"foo"), "Zm9v");
        assert_eq!(super::base64(&[0xff, 0xfe, 0x00, 0x01]), "//4AAQ==");
    }
}
