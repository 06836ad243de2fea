//! `cargo xtask bench`: Ordinal side by side with the YAML parser it uses and
//! with peer linters, on the same corpora, in one run.
//!
//! - corpora (`corpus.rs`): `../shared/bench/gen-corpus.py` at 1k/10k/50k
//!   apps (files in proportion, 50 apps a file) and the real manifests of
//!   `../shared/corpus/real/`;
//! - parse-only: `crates/ordinal-core/examples/parse_only.rs` (saphyr-parser
//!   events drained, nothing built), the practical limit;
//! - `ordinal lint --format json`, all cores and one core;
//! - peers (`peers.rs`), pinned and installed into `bench/cache/`; they run
//!   on the smallest generated and the real corpus only (nothing is extrapolated);
//! - the browser path (`wasm.rs`): lint + explain of a 300-line manifest
//!   through the WASM build in node;
//! - the keystroke path in the core (`relint.rs`): re-lint of a 300-line
//!   manifest, and of one changed file in a 200-file workspace;
//! - one 50 MB multi-document file, for memory.
//!
//! Each command runs `--reps` times (`measure.rs`); the median wall time, the
//! largest peak RSS (from `wait4`) and MB/s are written to
//! `bench/results/<date>-<commit>.md` and `.json` (`report.rs`).

mod corpus;
pub mod hostile;
pub mod measure;
mod peers;
mod relint;
mod report;
mod wasm;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};

use crate::util::{cargo_metadata, locked_version, output, root, run, target_dir};
use corpus::Corpus;
use measure::{check_lint_output, time, Measurement};
use peers::Peer;

/// `cargo xtask bench`'s arguments.
#[derive(clap::Args)]
pub struct Options {
    /// Generated corpus sizes in apps
    #[arg(long, value_delimiter = ',', default_values_t = [1000, 10_000, 50_000])]
    sizes: Vec<usize>,
    /// Repetitions of each Ordinal / parse-only command
    #[arg(long, default_value_t = 5)]
    reps: usize,
    /// Repetitions of each peer command
    #[arg(long, default_value_t = 3)]
    peer_reps: usize,
    /// Skip checkov, kubernetes-validate and monokle
    #[arg(long)]
    no_peers: bool,
    /// Skip the WASM timing
    #[arg(long)]
    no_wasm: bool,
    /// Skip the one 50 MB file
    #[arg(long)]
    no_big_file: bool,
    /// Where to write <date>-<commit>.md and .json [default: bench/results]
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
}

/// `../shared` beside the repository root, when present.
pub fn shared_dir() -> Option<PathBuf> {
    let dir = root().parent()?.join("shared");
    dir.is_dir().then_some(dir)
}

/// The binaries under test and what they report about themselves.
struct Ordinal {
    cli: PathBuf,
    parse_only: PathBuf,
    version: String,
    saphyr_version: String,
    has_jobs_flag: bool,
}

pub fn main(options: &Options) -> Result<()> {
    if options.reps == 0 || options.peer_reps == 0 || options.sizes.is_empty() {
        bail!("--reps, --peer-reps and --sizes must not be zero or empty");
    }
    let shared = shared_dir().with_context(|| {
        format!(
            "the shared material is missing: expected `{}` (the `shared/` folder beside the repository root, \
             holding bench/gen-corpus.py, bench/peers/monokle-lint.mjs and corpus/real/)",
            root().parent().unwrap_or(Path::new("/")).join("shared").display()
        )
    })?;
    let generator = shared.join("bench/gen-corpus.py");
    if !generator.is_file() {
        bail!("`{}` is missing", generator.display());
    }
    let cache = root().join("bench/cache");
    fs::create_dir_all(&cache)?;

    let ordinal = build_ordinal()?;
    // After the build, so the compiler's own load is not counted.
    let load_at_start = report::load_average();
    let peers = if options.no_peers { Vec::new() } else { peers::install(&cache, &shared)? };
    // One untimed run of each peer on a small file: Python compiles its
    // bytecode and node its modules on first use, which no timed run should
    // pay (and a full warm-up run of checkov costs minutes).
    for peer in &peers {
        let command = peer.command(&root().join("tests/fixtures/bench"))?;
        measure::run_once(&command, None).with_context(|| format!("warming up {}", peer.name))?;
    }

    let mut corpora = Vec::new();
    for &apps in &options.sizes {
        corpora.push(corpus::generate(&generator, &cache, apps)?);
    }
    if !options.no_big_file {
        corpora.push(corpus::one_big_file(&cache)?);
    }
    let real_dir = shared.join("corpus/real");
    if real_dir.is_dir() {
        corpora.push(Corpus::real(real_dir));
    }

    let out_dir = cache.join("out");
    fs::create_dir_all(&out_dir)?;
    let mut measurements: Vec<Measurement> = Vec::new();
    let smallest = options.sizes.iter().min().copied();
    for corpus in &mut corpora {
        corpus.count(&ordinal.parse_only)?;
        measurements.extend(measure_ordinal(&ordinal, corpus, options.reps, &out_dir)?);
        // Peers are slow: the smallest generated corpus and the real one only.
        if corpus.peers || corpus.apps == smallest {
            measurements.extend(measure_peers(&peers, corpus, options.peer_reps, &out_dir)?);
        }
    }

    let wasm = if options.no_wasm {
        wasm::Wasm::Missing("skipped (--no-wasm)".into())
    } else {
        wasm::bench(&cache).unwrap_or_else(|e| wasm::Wasm::Missing(format!("{e:#}")))
    };
    let relint = relint::bench().unwrap_or_else(|e| relint::Relint::Missing(format!("{e:#}")));
    let out = options.out.clone().unwrap_or_else(|| root().join("bench/results"));
    report::write(&out, &ordinal.version, &corpora, &measurements, &wasm, &relint, options, &load_at_start)
}

/// Build the CLI and the parse-only baseline first: a build during a timed run would spoil it.
fn build_ordinal() -> Result<Ordinal> {
    run("cargo", &["build", "--release", "-p", "ordinal-cli", "--bin", "ordinal"])?;
    run("cargo", &["build", "--release", "-p", "ordinal-core", "--example", "parse_only"])?;
    let cli = target_dir().join("release/ordinal");
    let parse_only = target_dir().join("release/examples/parse_only");
    let cli_name = cli.to_str().unwrap_or("ordinal");
    let version = output(cli_name, &["--version"])
        .map(|v| v.trim().trim_start_matches("ordinal ").to_string())
        .unwrap_or_else(|_| "unknown".into());
    let saphyr_version = locked_version(&cargo_metadata()?, "saphyr-parser").unwrap_or_else(|| "unknown".into());
    let has_jobs_flag = output(cli_name, &["lint", "--help"]).unwrap_or_default().contains("--jobs");
    Ok(Ordinal { cli, parse_only, version, saphyr_version, has_jobs_flag })
}

/// parse-only, then `ordinal lint` on all cores and on one.
fn measure_ordinal(ordinal: &Ordinal, corpus: &Corpus, reps: usize, out_dir: &Path) -> Result<Vec<Measurement>> {
    let dir = corpus.dir.display().to_string();
    let mut measurements = Vec::new();

    let mut m =
        Measurement::new(corpus, "parse-only (saphyr-parser)", &ordinal.saphyr_version, format!("parse_only {dir}"));
    let mut command = Command::new(&ordinal.parse_only);
    command.arg(&corpus.dir);
    m.samples = time(&command, reps, true, None)?;
    if let Some(bad) = m.samples.iter().find(|s| s.exit != 0) {
        bail!("parse_only exited with {} on {}", bad.exit, corpus.name);
    }
    m.checked = format!("exit {}", m.samples.iter().map(|s| s.exit.to_string()).collect::<Vec<_>>().join("/"));
    measurements.push(m);

    let json_out = out_dir.join(format!("lint-{}.json", corpus.name.replace(' ', "-")));
    let mut m = Measurement::new(
        corpus,
        "ordinal lint (all cores)",
        &ordinal.version,
        format!("ordinal lint --format json {dir}"),
    );
    let mut command = Command::new(&ordinal.cli);
    command.args(["lint", "--format", "json"]).arg(&corpus.dir);
    m.samples = time(&command, reps, true, Some(&json_out))?;
    m.checked = check_lint_output(&json_out, &m, corpus)?;
    measurements.push(m);

    let jobs = if ordinal.has_jobs_flag { " --jobs 1" } else { "" };
    let mut m = Measurement::new(
        corpus,
        "ordinal lint (1 core)",
        &ordinal.version,
        format!("RAYON_NUM_THREADS=1 ordinal lint --format json{jobs} {dir}"),
    );
    let mut command = Command::new(&ordinal.cli);
    command.env("RAYON_NUM_THREADS", "1").args(["lint", "--format", "json"]);
    if ordinal.has_jobs_flag {
        command.args(["--jobs", "1"]);
    }
    command.arg(&corpus.dir);
    m.samples = time(&command, reps, true, Some(&json_out))?;
    m.checked = check_lint_output(&json_out, &m, corpus)?;
    measurements.push(m);
    Ok(measurements)
}

/// Each peer on `corpus`, without a warm-up run (see `main`).
fn measure_peers(peers: &[Peer], corpus: &Corpus, reps: usize, out_dir: &Path) -> Result<Vec<Measurement>> {
    let dir = corpus.dir.display().to_string();
    let mut measurements = Vec::new();
    for peer in peers {
        let mut m = Measurement::new(corpus, &peer.name, &peer.version, peer.describe(&dir));
        let command = peer.command(&corpus.dir)?;
        let file_name: String = format!("{}-{}.out", peer.name, corpus.name)
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() || c == '.' || c == '-' { c } else { '_' })
            .collect();
        let stdout = out_dir.join(file_name);
        m.samples = time(&command, reps, false, Some(&stdout))?;
        let exits: Vec<i32> = m.samples.iter().map(|s| s.exit).collect();
        m.checked = peer
            .check(&exits, &stdout, corpus.files)
            .with_context(|| format!("{} on {} did not do the work", peer.name, corpus.name))?;
        measurements.push(m);
    }
    Ok(measurements)
}
