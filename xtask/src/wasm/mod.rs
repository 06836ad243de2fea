//! The one WebAssembly build, used by `dist` (the playground), `embed` (the
//! docs embed) and `bench` (the node timing): the `wasm32-unknown-unknown`
//! target installed, `cargo build` with a profile and features, wasm-bindgen
//! at the locked version ([`bindgen`]), wasm-opt, and the size report ([`size`]).

pub mod bindgen;
pub mod size;

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::util::{ensure_rust_target, run_path, target_dir};

/// The target every WASM build is for.
pub const TARGET: &str = "wasm32-unknown-unknown";

/// wasm-opt must be told which features rustc's wasm32 target emits.
const WASM_OPT_FEATURES: &[&str] = &[
    "--enable-bulk-memory",
    "--enable-bulk-memory-opt",
    "--enable-mutable-globals",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-reference-types",
    "--enable-multivalue",
];

/// One crate built to WASM and passed through wasm-bindgen.
pub struct WasmBuild<'a> {
    /// The cargo package, e.g. `ordinal-playground`.
    pub package: &'a str,
    /// The cargo profile (see the root Cargo.toml), e.g. `wasm-release`.
    pub profile: &'a str,
    /// Further `cargo build` arguments, e.g. `--no-default-features`.
    pub cargo_args: &'a [&'a str],
    /// wasm-bindgen's `--target`: `no-modules`, `web` or `nodejs`.
    pub bindgen_target: &'a str,
    /// Where wasm-bindgen writes; emptied first.
    pub out_dir: PathBuf,
}

/// What wasm-bindgen wrote: `<stem>.js` and `<stem>_bg.wasm` in `dir`.
pub struct Bindgen {
    pub dir: PathBuf,
    stem: String,
}

impl Bindgen {
    /// The JS glue.
    pub fn js(&self) -> PathBuf {
        self.dir.join(format!("{}.js", self.stem))
    }

    /// The module, before wasm-opt.
    pub fn wasm(&self) -> PathBuf {
        self.dir.join(format!("{}_bg.wasm", self.stem))
    }
}

impl WasmBuild<'_> {
    /// Install what the build needs, build, and run wasm-bindgen.
    pub fn run(&self) -> Result<Bindgen> {
        ensure_rust_target(TARGET)?;
        let wasm_bindgen = bindgen::ensure_cli()?;
        let mut cargo =
            vec!["build", "--locked", "-p", self.package, "--lib", "--target", TARGET, "--profile", self.profile];
        cargo.extend_from_slice(self.cargo_args);
        let shown = cargo.join(" ");
        eprintln!("$ cargo {shown}  (CARGO_ENCODED_RUSTFLAGS: path remapping)");
        let status = std::process::Command::new("cargo")
            .args(&cargo)
            .env("CARGO_ENCODED_RUSTFLAGS", remapped_paths())
            .current_dir(crate::util::root())
            .status()
            .context("could not start cargo")?;
        if !status.success() {
            anyhow::bail!("`cargo {shown}` failed with {status}");
        }
        let stem = self.package.replace('-', "_");
        let wasm = target_dir().join(TARGET).join(self.profile).join(format!("{stem}.wasm"));
        if self.out_dir.exists() {
            fs::remove_dir_all(&self.out_dir).with_context(|| format!("could not clear {}", self.out_dir.display()))?;
        }
        run_path(
            &wasm_bindgen,
            &[
                "--target".as_ref(),
                self.bindgen_target.as_ref(),
                "--no-typescript".as_ref(),
                "--out-dir".as_ref(),
                self.out_dir.as_os_str(),
                wasm.as_os_str(),
            ],
        )?;
        Ok(Bindgen { dir: self.out_dir.clone(), stem })
    }
}

/// `RUSTFLAGS` for the WASM builds: the paths of dependency sources that
/// panic locations embed, written relative to the registry and the
/// workspace. The module then has the same bytes on every machine whatever
/// its `CARGO_HOME` or checkout directory (the embed's size budget is
/// checked to the tenth of a KB), and shorter strings.
fn remapped_paths() -> String {
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo")))
        .unwrap_or_else(|| PathBuf::from(".cargo"));
    let mut flags = vec![
        format!("--remap-path-prefix={}=", cargo_home.join("registry").join("src").display()),
        format!("--remap-path-prefix={}=", crate::util::root().display()),
    ];
    // Whatever the caller set still applies (cargo reads only one of the two).
    if let Ok(extra) = std::env::var("CARGO_ENCODED_RUSTFLAGS") {
        flags.extend(extra.split('\u{1f}').filter(|flag| !flag.is_empty()).map(str::to_string));
    } else if let Ok(extra) = std::env::var("RUSTFLAGS") {
        flags.extend(extra.split_whitespace().map(str::to_string));
    }
    // One flag per field, so that a path with spaces stays one argument.
    flags.join("\u{1f}")
}

/// `wasm-opt -Os --converge` from npm's binaryen (`npm::ensure_packages`
/// first): Debian's older wasm-opt corrupts these modules. `--converge`
/// repeats the passes while they still shrink the module (about 0.5 KB
/// gzipped of the embed, for a few seconds of build). `-Os` rather than
/// `-Oz`: measured on the embed, its module gzips 0.2 KB smaller.
///
/// Two facts about rustc's wasm32 modules let wasm-opt do more (about 2 KB
/// gzipped of the embed): the module defines its memory (wasm-bindgen exports
/// it, nothing imports it), so it starts zeroed and zero bytes of the data
/// segments need not be stored (`--zero-filled-memory`); and the linker puts
/// the 1 MiB stack first, growing down from 1 MiB, with the static data after
/// it, so the low 1 KB is touched only by a stack already about to overflow,
/// and wasm-opt may fold constant offsets into loads and stores
/// (`--low-memory-unused`).
pub fn optimize(input: &Path, output: &Path) -> Result<()> {
    let mut args: Vec<&std::ffi::OsStr> =
        ["-Os", "--converge", "--zero-filled-memory", "--low-memory-unused", "--strip-debug", "--strip-producers"]
            .map(std::ffi::OsStr::new)
            .to_vec();
    args.extend(WASM_OPT_FEATURES.iter().map(std::ffi::OsStr::new));
    args.extend(["-o".as_ref(), output.as_os_str(), input.as_os_str()]);
    run_path(&crate::npm::bin("wasm-opt"), &args)
}
