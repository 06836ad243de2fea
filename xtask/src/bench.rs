//! `cargo xtask bench`: Ordinal side by side with the YAML parser it uses and
//! with peer linters, on the same corpora, in one run.
//!
//! - corpora: `../shared/bench/gen-corpus.py` at 1k/10k/50k apps (files in
//!   proportion, 50 apps a file) and the real manifests of `../shared/corpus/real/`;
//! - parse-only: `crates/ordinal-core/examples/parse_only.rs` (saphyr-parser
//!   events drained, nothing built), the practical limit;
//! - `ordinal lint --format json`, all cores and one core;
//! - peers pinned below and installed into `bench/cache/` (git-ignored):
//!   checkov and kubernetes-validate from PyPI in virtualenvs,
//!   @monokle/validation from npm through `../shared/bench/peers/monokle-lint.mjs`;
//!   they run on the 1k and the real corpus only (nothing is extrapolated);
//! - the browser path: lint + explain of a 300-line manifest through the
//!   WASM build in node, when `crates/ordinal-wasm` exports them.
//!
//! Each command runs `--reps` times; the median wall time, the largest peak
//! RSS (from `wait4`) and MB/s are written to `bench/results/<date>.md` and
//! `.json`.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use anyhow::{bail, Context, Result};
use serde_json::{json, Value};

use crate::util::{output, root, run};

const CHECKOV_VERSION: &str = "3.3.30";
const KUBERNETES_VALIDATE_VERSION: &str = "1.37.0";
const MONOKLE_VERSION: &str = "0.33.0";
const YAML_JS_VERSION: &str = "2.9.1";

/// Apps per generated file (`--apps 10000 --files 200` as in the issue).
const APPS_PER_FILE: usize = 50;

const USAGE: &str = "\
usage: cargo xtask bench [--sizes 1000,10000,50000] [--reps N] [--peer-reps N] [--no-peers] [--no-wasm]

  --sizes LIST     generated corpus sizes in apps (default 1000,10000,50000)
  --reps N         repetitions of each Ordinal / parse-only command (default 5)
  --peer-reps N    repetitions of each peer command (default 3)
  --no-peers       skip checkov, kubernetes-validate and monokle
  --no-wasm        skip the WASM timing
  --out DIR        where to write <date>.md and <date>.json (default bench/results)
";

struct Options {
    sizes: Vec<usize>,
    reps: usize,
    peer_reps: usize,
    peers: bool,
    wasm: bool,
    out: PathBuf,
}

/// `../shared` beside the repository root, when present.
pub fn shared_dir() -> Option<PathBuf> {
    let dir = root().parent()?.join("shared");
    dir.is_dir().then_some(dir)
}

/// One timed run of a command.
#[derive(Debug, Clone, Copy)]
struct Sample {
    seconds: f64,
    max_rss_kb: u64,
    exit: i32,
}

/// All runs of one command on one corpus.
struct Measurement {
    corpus: String,
    tool: String,
    version: String,
    command: String,
    input_bytes: u64,
    samples: Vec<Sample>,
}

impl Measurement {
    fn median(&self) -> f64 {
        let mut times: Vec<f64> = self.samples.iter().map(|s| s.seconds).collect();
        times.sort_by(f64::total_cmp);
        let n = times.len();
        if n == 0 {
            return f64::NAN;
        }
        if n % 2 == 1 {
            times[n / 2]
        } else {
            (times[n / 2 - 1] + times[n / 2]) / 2.0
        }
    }

    fn peak_rss_kb(&self) -> u64 {
        self.samples.iter().map(|s| s.max_rss_kb).max().unwrap_or(0)
    }

    fn mb_per_s(&self) -> f64 {
        self.input_bytes as f64 / 1e6 / self.median()
    }

    fn to_json(&self) -> Value {
        json!({
            "corpus": self.corpus,
            "tool": self.tool,
            "version": self.version,
            "command": self.command,
            "input_bytes": self.input_bytes,
            "median_seconds": self.median(),
            "mb_per_second": self.mb_per_s(),
            "peak_rss_kb": self.peak_rss_kb(),
            "samples": self.samples.iter().map(|s| json!({"seconds": s.seconds, "max_rss_kb": s.max_rss_kb, "exit": s.exit})).collect::<Vec<_>>(),
        })
    }
}

/// A corpus to measure.
struct Corpus {
    name: String,
    dir: PathBuf,
    apps: Option<usize>,
    files: usize,
    bytes: u64,
    documents: usize,
}

pub fn main(args: &[String]) -> Result<()> {
    let options = parse_args(args)?;
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

    // Build first: a build during a timed run would spoil it.
    run("cargo", &["build", "--release", "-p", "ordinal-cli", "--bin", "ordinal"])?;
    run("cargo", &["build", "--release", "-p", "ordinal-core", "--example", "parse_only"])?;
    let target_dir = target_dir()?;
    let ordinal = target_dir.join("release/ordinal");
    let parse_only = target_dir.join("release/examples/parse_only");
    let ordinal_version = output(ordinal.to_str().unwrap_or("ordinal"), &["--version"])
        .map(|v| v.trim().trim_start_matches("ordinal ").to_string())
        .unwrap_or_else(|_| "unknown".into());
    let saphyr_version = lockfile_version("saphyr-parser").unwrap_or_else(|| "unknown".into());
    let lint_help = output(ordinal.to_str().unwrap_or("ordinal"), &["lint", "--help"]).unwrap_or_default();
    let has_jobs_flag = lint_help.contains("--jobs");

    let peers = if options.peers { install_peers(&cache, &shared)? } else { Vec::new() };
    // One untimed run of each peer on a small file: Python compiles its
    // bytecode and node its modules on first use, which no timed run should
    // pay (and a full warm-up run of checkov costs minutes).
    for peer in &peers {
        let command = peer.command(&root().join("tests/fixtures/bench"))?;
        run_once(&command, None).with_context(|| format!("warming up {}", peer.name))?;
    }

    let mut corpora = Vec::new();
    for &apps in &options.sizes {
        corpora.push(generate(&generator, &cache, apps)?);
    }
    let real_dir = shared.join("corpus/real");
    if real_dir.is_dir() {
        corpora.push(Corpus { name: "real".into(), dir: real_dir, apps: None, files: 0, bytes: 0, documents: 0 });
    }

    let out_dir = cache.join("out");
    fs::create_dir_all(&out_dir)?;
    let mut measurements: Vec<Measurement> = Vec::new();
    for corpus in &mut corpora {
        let dir = corpus.dir.display().to_string();
        // parse-only also counts files, bytes and documents.
        let counted = output(parse_only.to_str().unwrap_or("parse_only"), &[&dir])?;
        let fields: Vec<u64> = counted.split_whitespace().filter_map(|f| f.parse().ok()).collect();
        if let [files, bytes, documents, _events] = fields[..] {
            corpus.files = files as usize;
            corpus.bytes = bytes;
            corpus.documents = documents as usize;
        } else {
            bail!("parse_only printed `{counted}`");
        }
        eprintln!(
            "== corpus {}: {} files, {:.1} MB, {} documents",
            corpus.name,
            corpus.files,
            corpus.bytes as f64 / 1e6,
            corpus.documents
        );
        let meta = |tool: &str, version: &str, command: String| Measurement {
            corpus: corpus.name.clone(),
            tool: tool.into(),
            version: version.into(),
            command,
            input_bytes: corpus.bytes,
            samples: Vec::new(),
        };

        let mut m = meta("parse-only (saphyr-parser)", &saphyr_version, format!("parse_only {dir}"));
        let mut command = Command::new(&parse_only);
        command.arg(&corpus.dir);
        m.samples = time(&command, options.reps, true, None)?;
        measurements.push(m);

        let json_out = out_dir.join(format!("lint-{}.json", corpus.name.replace(' ', "-")));
        let mut m = meta("ordinal lint (all cores)", &ordinal_version, format!("ordinal lint --format json {dir}"));
        let mut command = Command::new(&ordinal);
        command.args(["lint", "--format", "json"]).arg(&corpus.dir);
        m.samples = time(&command, options.reps, true, Some(&json_out))?;
        check_lint_output(&json_out, &m, corpus)?;
        measurements.push(m);

        let mut m = meta(
            "ordinal lint (1 core)",
            &ordinal_version,
            format!(
                "RAYON_NUM_THREADS=1 ordinal lint --format json{} {dir}",
                if has_jobs_flag { " --jobs 1" } else { "" }
            ),
        );
        let mut command = Command::new(&ordinal);
        command.env("RAYON_NUM_THREADS", "1").args(["lint", "--format", "json"]);
        if has_jobs_flag {
            command.args(["--jobs", "1"]);
        }
        command.arg(&corpus.dir);
        m.samples = time(&command, options.reps, true, Some(&json_out))?;
        check_lint_output(&json_out, &m, corpus)?;
        measurements.push(m);

        if corpus.apps.is_none_or(|apps| apps == *options.sizes.iter().min().unwrap_or(&apps)) {
            for peer in &peers {
                let mut m = meta(&peer.name, &peer.version, peer.describe(&dir));
                let command = peer.command(&corpus.dir)?;
                let file_name: String = format!("{}-{}.out", peer.name, corpus.name)
                    .chars()
                    .map(|c| if c.is_ascii_alphanumeric() || c == '.' || c == '-' { c } else { '_' })
                    .collect();
                let out = out_dir.join(file_name);
                m.samples = time(&command, options.peer_reps, false, Some(&out))?;
                measurements.push(m);
            }
        }
    }

    let wasm = if options.wasm {
        wasm_bench(&cache).unwrap_or_else(|e| Wasm::Missing(format!("{e:#}")))
    } else {
        Wasm::Missing("skipped (--no-wasm)".into())
    };

    let machine = machine()?;
    let date = output("date", &["-u", "+%Y-%m-%d"])?.trim().to_string();
    fs::create_dir_all(&options.out)?;
    let markdown = render_markdown(&date, &machine, &corpora, &measurements, &wasm, &options);
    let md_path = options.out.join(format!("{date}.md"));
    fs::write(&md_path, &markdown)?;
    let raw = json!({
        "date": date,
        "machine": machine,
        "ordinal_version": ordinal_version,
        "corpora": corpora.iter().map(|c| json!({"name": c.name, "apps": c.apps, "files": c.files, "bytes": c.bytes, "documents": c.documents})).collect::<Vec<_>>(),
        "measurements": measurements.iter().map(Measurement::to_json).collect::<Vec<_>>(),
        "wasm": wasm.to_json(),
    });
    let json_path = options.out.join(format!("{date}.json"));
    fs::write(&json_path, serde_json::to_string_pretty(&raw)? + "\n")?;
    println!("{markdown}");
    eprintln!("wrote {} and {}", md_path.display(), json_path.display());
    Ok(())
}

fn parse_args(args: &[String]) -> Result<Options> {
    let mut options = Options {
        sizes: vec![1000, 10_000, 50_000],
        reps: 5,
        peer_reps: 3,
        peers: true,
        wasm: true,
        out: root().join("bench/results"),
    };
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        let mut value = |flag: &str| iter.next().with_context(|| format!("{flag} needs a value")).cloned();
        match arg.as_str() {
            "--sizes" => {
                options.sizes = value("--sizes")?
                    .split(',')
                    .map(|s| s.trim().parse().with_context(|| format!("--sizes: `{s}` is not a number")))
                    .collect::<Result<_>>()?;
            }
            "--reps" => options.reps = value("--reps")?.parse().context("--reps")?,
            "--peer-reps" => options.peer_reps = value("--peer-reps")?.parse().context("--peer-reps")?,
            "--no-peers" => options.peers = false,
            "--no-wasm" => options.wasm = false,
            "--out" => options.out = PathBuf::from(value("--out")?),
            "-h" | "--help" => {
                print!("{USAGE}");
                std::process::exit(0);
            }
            other => bail!("unknown argument `{other}`\n{USAGE}"),
        }
    }
    if options.reps == 0 || options.peer_reps == 0 || options.sizes.is_empty() {
        bail!("--reps, --peer-reps and --sizes must not be zero or empty");
    }
    Ok(options)
}

/// The cargo target directory (honours CARGO_TARGET_DIR).
fn target_dir() -> Result<PathBuf> {
    Ok(std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| root().join("target")))
}

/// The version of a package in Cargo.lock.
fn lockfile_version(package: &str) -> Option<String> {
    let lock = fs::read_to_string(root().join("Cargo.lock")).ok()?;
    let needle = format!("name = \"{package}\"\nversion = \"");
    let start = lock.find(&needle)? + needle.len();
    Some(lock[start..].split('"').next()?.to_string())
}

/// Generate (or reuse) the corpus of `apps` apps.
fn generate(generator: &Path, cache: &Path, apps: usize) -> Result<Corpus> {
    let files = (apps / APPS_PER_FILE).max(1);
    let dir = cache.join(format!("corpus/apps-{apps}"));
    let stamp_path = cache.join(format!("corpus/apps-{apps}.stamp"));
    let generator_text = fs::read(generator)?;
    let stamp = format!(
        "--apps {apps} --files {files} generator-bytes {} hash {:016x}",
        generator_text.len(),
        fnv1a(&generator_text)
    );
    if fs::read_to_string(&stamp_path).ok().as_deref() != Some(stamp.as_str()) {
        if dir.exists() {
            fs::remove_dir_all(&dir)?;
        }
        fs::create_dir_all(&dir)?;
        let status = Command::new("python3")
            .arg(generator)
            .arg(&dir)
            .args(["--apps", &apps.to_string(), "--files", &files.to_string()])
            .status()
            .context("could not run python3 (needed for gen-corpus.py)")?;
        if !status.success() {
            bail!("gen-corpus.py failed with {status}");
        }
        fs::write(&stamp_path, &stamp)?;
    }
    Ok(Corpus { name: format!("{}k apps", apps / 1000), dir, apps: Some(apps), files, bytes: 0, documents: 0 })
}

fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf29ce484222325u64, |hash, &b| (hash ^ b as u64).wrapping_mul(0x100000001b3))
}

/// Run `command` `reps` times, after one untimed warm-up (page cache) when
/// `warm_up`, stdout to `stdout` (or discarded), and time each run.
fn time(command: &Command, reps: usize, warm_up: bool, stdout: Option<&Path>) -> Result<Vec<Sample>> {
    let label = format!("{command:?}");
    let mut samples = Vec::with_capacity(reps);
    let first = if warm_up { 0 } else { 1 };
    for rep in first..=reps {
        let sample = run_once(command, stdout).with_context(|| format!("running {label}"))?;
        if sample.exit < 0 || sample.exit > 1 {
            eprintln!("   note: exit {} from {label}", sample.exit);
        }
        if rep > 0 {
            samples.push(sample);
        }
    }
    let median = {
        let mut t: Vec<f64> = samples.iter().map(|s| s.seconds).collect();
        t.sort_by(f64::total_cmp);
        t[t.len() / 2]
    };
    eprintln!("   {median:>8.3} s  {label}");
    Ok(samples)
}

/// Run `command` through `xtask __measure` and read its peak RSS.
///
/// Linux carries the RSS high-water mark of the image a process replaces
/// across `exec` (`signal->maxrss`), and a child spawned straight from this
/// process starts from this process's image, which holds the corpora and the
/// parsed reports of earlier runs: a 6 MB parser would report the bench's
/// own 100 MB. A fresh, small `xtask __measure` process spawns the command
/// instead and reports that child's `wait4` figures.
fn run_once(command: &Command, stdout: Option<&Path>) -> Result<Sample> {
    let report = std::env::temp_dir().join(format!("ordinal-bench-measure-{}", std::process::id()));
    let mut wrapper = Command::new(std::env::current_exe().context("the xtask binary")?);
    wrapper.arg("__measure").arg(&report).arg("--").arg(command.get_program()).args(command.get_args());
    for (key, value) in command.get_envs() {
        match value {
            Some(value) => wrapper.env(key, value),
            None => wrapper.env_remove(key),
        };
    }
    if let Some(dir) = command.get_current_dir() {
        wrapper.current_dir(dir);
    }
    let out = match stdout {
        Some(path) => Stdio::from(fs::File::create(path)?),
        None => Stdio::null(),
    };
    let start = Instant::now();
    let status = wrapper.stdin(Stdio::null()).stdout(out).stderr(Stdio::null()).status()?;
    let seconds = start.elapsed().as_secs_f64();
    if !status.success() {
        bail!("`xtask __measure` failed with {status}");
    }
    let text = fs::read_to_string(&report).context("the measurement report")?;
    let _ = fs::remove_file(&report);
    let mut fields = text.split_whitespace().map(str::parse::<i64>);
    let (Some(Ok(max_rss_kb)), Some(Ok(exit))) = (fields.next(), fields.next()) else {
        bail!("unreadable measurement report `{text}`");
    };
    Ok(Sample { seconds, max_rss_kb: max_rss_kb.max(0) as u64, exit: exit as i32 })
}

/// `xtask __measure REPORT -- PROGRAM ARGS...`: run the program with this
/// process's stdio and environment, wait for it with `wait4`, and write its
/// peak RSS in KB and its exit code to REPORT.
pub fn measure(args: &[String]) -> Result<()> {
    let [report, separator, program, rest @ ..] = args else {
        bail!("usage: xtask __measure REPORT -- PROGRAM ARGS...")
    };
    if separator != "--" {
        bail!("usage: xtask __measure REPORT -- PROGRAM ARGS...");
    }
    let child = Command::new(program).args(rest).spawn().with_context(|| format!("could not start {program}"))?;
    let pid = child.id() as libc::pid_t;
    let mut status: libc::c_int = 0;
    // SAFETY: rusage is plain data; wait4 fills it for the child we spawned
    // and have not waited for yet.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    if waited != pid {
        bail!("wait4 failed: {}", std::io::Error::last_os_error());
    }
    let exit = if libc::WIFEXITED(status) { libc::WEXITSTATUS(status) } else { -libc::WTERMSIG(status) };
    fs::write(report, format!("{} {exit}\n", usage.ru_maxrss))?;
    Ok(())
}

/// The JSON report must parse and must have seen every file of the corpus.
fn check_lint_output(path: &Path, m: &Measurement, corpus: &Corpus) -> Result<()> {
    if let Some(bad) = m.samples.iter().find(|s| s.exit != 0 && s.exit != 1) {
        bail!("`{}` exited with {} on {}", m.command, bad.exit, corpus.name);
    }
    let text = fs::read_to_string(path)?;
    let value: Value = serde_json::from_str(&text).with_context(|| format!("`{}` did not print JSON", m.command))?;
    let files = value.pointer("/summary/files").and_then(Value::as_u64);
    if let Some(files) = files {
        if files as usize != corpus.files {
            bail!("ordinal linted {files} files of {} in {} (is the folder git-ignored?)", corpus.files, corpus.name);
        }
    }
    Ok(())
}

/// A peer linter installed in the cache.
struct Peer {
    name: String,
    version: String,
    program: PathBuf,
    args: Vec<String>,
    env: Vec<(String, String)>,
    /// Pass every YAML file instead of the folder.
    wants_files: bool,
}

impl Peer {
    fn command(&self, dir: &Path) -> Result<Command> {
        let mut command = Command::new(&self.program);
        command.args(&self.args);
        for (key, value) in &self.env {
            command.env(key, value);
        }
        if self.wants_files {
            command.args(crate::fuzz::yaml_files(dir));
        } else {
            command.arg(dir);
        }
        Ok(command)
    }

    fn describe(&self, dir: &str) -> String {
        let env: String = self.env.iter().map(|(k, v)| format!("{k}={v} ")).collect();
        let program = self.program.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default();
        let target = if self.wants_files { format!("{dir}/**/*.yaml") } else { dir.to_string() };
        format!("{env}{program} {} {target}", self.args.join(" "))
    }
}

/// Install the pinned peers into the cache (once) and describe how to run them.
fn install_peers(cache: &Path, shared: &Path) -> Result<Vec<Peer>> {
    let mut peers = Vec::new();

    let venv = |name: &str, package: &str, version: &str| -> Result<PathBuf> {
        let dir = cache.join(name);
        let stamp = dir.join(".ordinal-pinned");
        let want = format!("{package}=={version}");
        if fs::read_to_string(&stamp).ok().as_deref() != Some(want.as_str()) {
            eprintln!("== installing {want} into {}", dir.display());
            let dir_arg = dir.display().to_string();
            run("python3", &["-m", "venv", &dir_arg])?;
            let pip = dir.join("bin/pip").display().to_string();
            run(&pip, &["install", "--quiet", "--disable-pip-version-check", &want])?;
            fs::write(&stamp, &want)?;
        }
        Ok(dir)
    };

    let checkov = venv("checkov", "checkov", CHECKOV_VERSION)?;
    peers.push(Peer {
        name: "checkov".into(),
        version: CHECKOV_VERSION.into(),
        program: checkov.join("bin/checkov"),
        args: [
            "--framework",
            "kubernetes",
            "--quiet",
            "--compact",
            "--output",
            "json",
            "--skip-download",
            "--directory",
        ]
        .map(String::from)
        .to_vec(),
        env: vec![("BC_SKIP_MAPPING".into(), "TRUE".into())],
        wants_files: false,
    });

    let kv = venv("kubernetes-validate", "kubernetes-validate", KUBERNETES_VALIDATE_VERSION)?;
    peers.push(Peer {
        name: "kubernetes-validate".into(),
        version: KUBERNETES_VALIDATE_VERSION.into(),
        program: kv.join("bin/kubernetes-validate"),
        args: vec!["--quiet".into()],
        env: Vec::new(),
        wants_files: true,
    });

    let monokle = cache.join("monokle");
    let stamp = monokle.join(".ordinal-pinned");
    let want = format!("@monokle/validation@{MONOKLE_VERSION} yaml@{YAML_JS_VERSION}");
    if fs::read_to_string(&stamp).ok().as_deref() != Some(want.as_str()) {
        eprintln!("== installing {want} into {}", monokle.display());
        fs::create_dir_all(&monokle)?;
        fs::write(
            monokle.join("package.json"),
            "{\"name\":\"ordinal-bench-monokle\",\"private\":true,\"type\":\"module\"}\n",
        )?;
        let status = Command::new("npm")
            .current_dir(&monokle)
            .args(["install", "--no-audit", "--no-fund", "--save-exact"])
            .arg(format!("@monokle/validation@{MONOKLE_VERSION}"))
            .arg(format!("yaml@{YAML_JS_VERSION}"))
            .status()
            .context("could not run npm")?;
        if !status.success() {
            bail!("npm install of the monokle peer failed with {status}");
        }
        fs::write(&stamp, &want)?;
    }
    // The script imports from node_modules beside it.
    fs::copy(shared.join("bench/peers/monokle-lint.mjs"), monokle.join("monokle-lint.mjs"))
        .context("../shared/bench/peers/monokle-lint.mjs is missing")?;
    peers.push(Peer {
        name: "monokle (@monokle/validation)".into(),
        version: MONOKLE_VERSION.into(),
        program: PathBuf::from("node"),
        args: vec![monokle.join("monokle-lint.mjs").display().to_string()],
        env: vec![("QUIET".into(), "1".into())],
        wants_files: false,
    });
    Ok(peers)
}

/// The WASM timing, or why there is none.
enum Wasm {
    Measured { median_ms: f64, p90_ms: f64, runs: usize, lines: usize, note: String },
    Missing(String),
}

impl Wasm {
    fn to_json(&self) -> Value {
        match self {
            Wasm::Measured { median_ms, p90_ms, runs, lines, note } => {
                json!({"median_ms": median_ms, "p90_ms": p90_ms, "runs": runs, "lines": lines, "note": note})
            }
            Wasm::Missing(reason) => json!({"missing": reason}),
        }
    }
}

/// Build the wasm crate for node with wasm-bindgen and time lint + explain
/// of a 300-line manifest, median of 200 runs after warm-up.
fn wasm_bench(cache: &Path) -> Result<Wasm> {
    let manifest = fs::read_to_string(root().join("crates/ordinal-wasm/Cargo.toml"))?;
    if !manifest.contains("wasm-bindgen") {
        return Ok(Wasm::Missing("crates/ordinal-wasm has no wasm-bindgen exports yet".into()));
    }
    let Some(bindgen_version) = lockfile_version("wasm-bindgen") else {
        return Ok(Wasm::Missing("wasm-bindgen is not in Cargo.lock".into()));
    };
    crate::util::ensure_rust_target("wasm32-unknown-unknown")?;
    let tools = root().join("target/tools");
    let bindgen = tools.join("bin/wasm-bindgen");
    let have =
        Command::new(&bindgen).arg("--version").output().ok().map(|o| String::from_utf8_lossy(&o.stdout).into_owned());
    if !have.is_some_and(|v| v.contains(&bindgen_version)) {
        let root_arg = tools.display().to_string();
        run(
            "cargo",
            &[
                "install",
                "wasm-bindgen-cli",
                "--version",
                &format!("={bindgen_version}"),
                "--locked",
                "--root",
                &root_arg,
            ],
        )?;
    }
    run("cargo", &["build", "--release", "--target", "wasm32-unknown-unknown", "-p", "ordinal-wasm"])?;
    let wasm_file = target_dir()?.join("wasm32-unknown-unknown/release/ordinal_wasm.wasm");
    let pkg = cache.join("wasm-node");
    let bindgen_arg = bindgen.display().to_string();
    run(
        &bindgen_arg,
        &["--target", "nodejs", "--out-dir", &pkg.display().to_string(), &wasm_file.display().to_string()],
    )?;

    let sample = three_hundred_lines();
    let lines = sample.lines().count();
    fs::write(pkg.join("sample.yaml"), &sample)?;
    let script = pkg.join("bench.cjs");
    fs::write(&script, WASM_SCRIPT)?;
    let out = Command::new("node").arg(&script).current_dir(&pkg).output().context("could not run node")?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    if !out.status.success() {
        return Ok(Wasm::Missing(format!("the node script failed: {}", String::from_utf8_lossy(&out.stderr).trim())));
    }
    let value: Value = serde_json::from_str(stdout.trim()).context("the node script printed no JSON")?;
    Ok(Wasm::Measured {
        median_ms: value["median_ms"].as_f64().unwrap_or(f64::NAN),
        p90_ms: value["p90_ms"].as_f64().unwrap_or(f64::NAN),
        runs: value["runs"].as_u64().unwrap_or(0) as usize,
        lines,
        note: value["calls"].as_str().unwrap_or("").to_string(),
    })
}

/// Times whatever lint/explain functions the wasm package exports.
const WASM_SCRIPT: &str = r#"
const fs = require('fs');
const wasm = require('./ordinal_wasm.js');
const text = fs.readFileSync(__dirname + '/sample.yaml', 'utf8');
const lint = wasm.lint;
const explain = wasm.explain;
if (typeof lint !== 'function') { console.error('no lint export; exports: ' + Object.keys(wasm).join(',')); process.exit(3); }
const call = () => { lint(text, '{}'); if (typeof explain === 'function') explain(text, '{}'); };
for (let i = 0; i < 50; i++) call();
const times = [];
for (let i = 0; i < 200; i++) { const t = process.hrtime.bigint(); call(); times.push(Number(process.hrtime.bigint() - t) / 1e6); }
times.sort((a, b) => a - b);
console.log(JSON.stringify({ median_ms: (times[99] + times[100]) / 2, p90_ms: times[179], runs: times.length,
  calls: typeof explain === 'function' ? 'lint + explain' : 'lint only (no explain export)' }));
"#;

/// A realistic manifest of about 300 lines: a governing Service, a client
/// Service, a PDB and StatefulSets with full pod templates.
fn three_hundred_lines() -> String {
    let mut text = String::new();
    let mut app = 0;
    while text.lines().count() < 290 {
        let name = format!("db{app}");
        text.push_str(&format!(
            "apiVersion: v1\nkind: Service\nmetadata:\n  name: {name}-hs\n  labels:\n    app: {name}\nspec:\n  clusterIP: None\n  \
             ports:\n  - port: 5432\n    name: peer\n  selector:\n    app: {name}\n---\n\
             apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: {name}\nspec:\n  maxUnavailable: 1\n  \
             selector:\n    matchLabels:\n      app: {name}\n---\n\
             apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: {name}\nspec:\n  serviceName: {name}-hs\n  replicas: 3\n  \
             podManagementPolicy: OrderedReady\n  selector:\n    matchLabels:\n      app: {name}\n  template:\n    metadata:\n      \
             labels:\n        app: {name}\n    spec:\n      terminationGracePeriodSeconds: 30\n      containers:\n      - name: db\n        \
             image: postgres:17\n        ports:\n        - containerPort: 5432\n          name: peer\n        env:\n        \
             - name: PGDATA\n          value: /data/pgdata\n        readinessProbe:\n          tcpSocket:\n            port: 5432\n        \
             resources:\n          requests:\n            cpu: 500m\n            memory: 1Gi\n        volumeMounts:\n        \
             - name: data\n          mountPath: /data\n  volumeClaimTemplates:\n  - metadata:\n      name: data\n    spec:\n      \
             accessModes: [ReadWriteOnce]\n      resources:\n        requests:\n          storage: 10Gi\n---\n"
        ));
        app += 1;
    }
    text
}

/// Cores, memory, CPU model, kernel and toolchain.
fn machine() -> Result<Value> {
    let cpuinfo = fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let cpu = cpuinfo
        .lines()
        .find_map(|l| l.strip_prefix("model name"))
        .map(|l| l.trim_start_matches([' ', '\t', ':']).to_string());
    let meminfo = fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let mem_kb: u64 = meminfo
        .lines()
        .find_map(|l| l.strip_prefix("MemTotal:"))
        .and_then(|l| l.split_whitespace().next()?.parse().ok())
        .unwrap_or(0);
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    Ok(json!({
        "cores": cores,
        "memory_gib": (mem_kb as f64 / 1024.0 / 1024.0 * 10.0).round() / 10.0,
        "cpu": cpu,
        "kernel": output("uname", &["-sr"]).map(|s| s.trim().to_string()).ok(),
        "rustc": output("rustc", &["--version"]).map(|s| s.trim().to_string()).ok(),
        "python": output("python3", &["--version"]).map(|s| s.trim().to_string()).ok(),
        "node": output("node", &["--version"]).map(|s| s.trim().to_string()).ok(),
        "commit": output("git", &["rev-parse", "--short", "HEAD"]).map(|s| s.trim().to_string()).ok(),
    }))
}

fn mb(bytes: u64) -> f64 {
    bytes as f64 / 1e6
}

fn render_markdown(
    date: &str,
    machine: &Value,
    corpora: &[Corpus],
    measurements: &[Measurement],
    wasm: &Wasm,
    options: &Options,
) -> String {
    use std::fmt::Write;
    let mut md = String::new();
    let s = |v: &Value| v.as_str().unwrap_or("?").to_string();
    let _ = writeln!(md, "# Ordinal benchmark, {date}\n");
    let _ = writeln!(
        md,
        "Machine: {} cores, {} GiB memory, {}; {}; {}; node {}. Commit {} (plus uncommitted changes, if any).\n",
        machine["cores"],
        machine["memory_gib"],
        s(&machine["cpu"]),
        s(&machine["kernel"]),
        s(&machine["rustc"]),
        s(&machine["node"]),
        s(&machine["commit"]),
    );
    let _ = writeln!(
        md,
        "Produced by `cargo xtask bench` (xtask/src/bench.rs). Median wall time of {} runs after one warm-up run ({} runs for peers, each warmed up once on a small file instead); peak RSS is the largest `ru_maxrss` of the runs (from `wait4`); MB/s is input bytes / median time. \
         Peers run on the smallest generated corpus and the real corpus only; nothing is extrapolated.\n",
        options.reps, options.peer_reps
    );

    let _ = writeln!(md, "## Corpora\n\n| corpus | files | documents | size MB |\n|---|---:|---:|---:|");
    for c in corpora {
        let _ = writeln!(md, "| {} | {} | {} | {:.2} |", c.name, c.files, c.documents, mb(c.bytes));
    }

    let _ = writeln!(
        md,
        "\n## Results\n\n| corpus | tool | version | median s | MB/s | peak RSS MB | RSS / input | vs ordinal (all cores) |\n\
         |---|---|---|---:|---:|---:|---:|---:|"
    );
    let ordinal_all: BTreeMap<&str, f64> = measurements
        .iter()
        .filter(|m| m.tool == "ordinal lint (all cores)")
        .map(|m| (m.corpus.as_str(), m.median()))
        .collect();
    for m in measurements {
        let ratio = ordinal_all.get(m.corpus.as_str()).map(|base| m.median() / base).unwrap_or(f64::NAN);
        let _ = writeln!(
            md,
            "| {} | {} | {} | {:.3} | {:.1} | {:.1} | {:.2}× | {:.2}× |",
            m.corpus,
            m.tool,
            m.version,
            m.median(),
            m.mb_per_s(),
            m.peak_rss_kb() as f64 / 1024.0,
            m.peak_rss_kb() as f64 * 1024.0 / m.input_bytes.max(1) as f64,
            ratio
        );
    }

    // Scaling over the generated corpora.
    let generated: Vec<&Corpus> = corpora.iter().filter(|c| c.apps.is_some()).collect();
    if generated.len() > 1 {
        let _ = writeln!(
            md,
            "\n## Scaling\n\nGrowth relative to the smallest corpus; linear means time and memory grow like the input.\n\n\
             | corpus | input × | lint 1 core s | time × | lint all cores s | time × | peak RSS MB | RSS × | µs / document (1 core) |\n\
             |---|---:|---:|---:|---:|---:|---:|---:|---:|"
        );
        let find = |corpus: &str, tool: &str| measurements.iter().find(|m| m.corpus == corpus && m.tool == tool);
        let base = generated[0];
        let (b1, ba) = (find(&base.name, "ordinal lint (1 core)"), find(&base.name, "ordinal lint (all cores)"));
        for c in &generated {
            if let (Some(one), Some(all), Some(b1), Some(ba)) =
                (find(&c.name, "ordinal lint (1 core)"), find(&c.name, "ordinal lint (all cores)"), b1, ba)
            {
                let _ = writeln!(
                    md,
                    "| {} | {:.1} | {:.3} | {:.1} | {:.3} | {:.1} | {:.1} | {:.1} | {:.1} |",
                    c.name,
                    c.bytes as f64 / base.bytes as f64,
                    one.median(),
                    one.median() / b1.median(),
                    all.median(),
                    all.median() / ba.median(),
                    all.peak_rss_kb() as f64 / 1024.0,
                    all.peak_rss_kb() as f64 / ba.peak_rss_kb().max(1) as f64,
                    one.median() * 1e6 / c.documents.max(1) as f64,
                );
            }
        }
    }

    let _ = writeln!(md, "\n## Targets\n\n| target | corpus | measured | verdict |\n|---|---|---:|---|");
    let verdict = |ok: bool| if ok { "met" } else { "MISSED" };
    for c in corpora {
        let find = |tool: &str| measurements.iter().find(|m| m.corpus == c.name && m.tool == tool);
        let (Some(parse), Some(one), Some(all)) =
            (find("parse-only (saphyr-parser)"), find("ordinal lint (1 core)"), find("ordinal lint (all cores)"))
        else {
            continue;
        };
        let r1 = one.median() / parse.median();
        let ra = all.median() / parse.median();
        let _ = writeln!(
            md,
            "| lint ≤ 1.5× parse-only (1 core vs 1 core) | {} | {r1:.2}× | {} |",
            c.name,
            verdict(r1 <= 1.5)
        );
        let _ = writeln!(
            md,
            "| lint ≤ 1.5× parse-only (all cores vs 1 core) | {} | {ra:.2}× | {} |",
            c.name,
            verdict(ra <= 1.5)
        );
        let mem = all.peak_rss_kb().max(one.peak_rss_kb()) as f64 * 1024.0 / c.bytes.max(1) as f64;
        let _ = writeln!(md, "| peak memory ≤ 3× input | {} | {mem:.2}× | {} |", c.name, verdict(mem <= 3.0));
        for peer in measurements
            .iter()
            .filter(|m| m.corpus == c.name && !m.tool.starts_with("ordinal") && !m.tool.starts_with("parse"))
        {
            let ratio = peer.median() / all.median();
            let _ = writeln!(
                md,
                "| ≥ 10× faster than {} {} | {} | {ratio:.1}× faster | {} |",
                peer.tool,
                peer.version,
                c.name,
                verdict(ratio >= 10.0)
            );
        }
    }
    match wasm {
        Wasm::Measured { median_ms, p90_ms, runs, lines, note } => {
            let _ = writeln!(
                md,
                "| WASM re-lint of 300 lines < 5 ms ({note}, node, median of {runs}, p90 {p90_ms:.2} ms) | {lines}-line manifest | {median_ms:.2} ms | {} |",
                verdict(*median_ms < 5.0)
            );
        }
        Wasm::Missing(reason) => {
            let _ = writeln!(md, "| WASM re-lint of 300 lines < 5 ms | — | not measured | {reason} |");
        }
    }
    md
}
