//! `cargo xtask fuzz --time SECONDS [--target NAME]...`: run every cargo-fuzz
//! target in `fuzz/` for the given time (libFuzzer with -rss_limit_mb=512
//! -timeout=1, inputs up to 128 KB and, for YAML targets, the YAML
//! dictionary), seeded from the committed seed corpus `fuzz/corpus-seed/`,
//! the real corpus and the test fixtures, then print how many inputs each
//! target executed and how fast.
//!
//! cargo-fuzz is installed on first use into `target/tools` (nightly is used
//! for fuzzing only; the product builds on stable).

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};

use crate::util::root;

/// The pinned cargo-fuzz release.
const CARGO_FUZZ_VERSION: &str = "0.13.1";

/// Seed inputs for the `nslookup` target, which takes names, not YAML.
const NAME_SEEDS: &[&str] = &[
    "web-0.nginx.default.svc.cluster.local",
    "web-0.nginx",
    "nginx.default.svc",
    "_http._tcp.nginx.default.svc.cluster.local",
    "web-12.nginx.prod.svc.cluster.local.",
    "WEB-0.NGINX",
    "a..b",
    "xn--bcher-kva.example",
];

/// Largest input libFuzzer generates (`-max_len`), and largest seed.
const MAX_LEN: usize = 128 * 1024;

/// Targets whose input is not a YAML manifest: no YAML dictionary, no YAML
/// seeds (only their committed `fuzz/corpus-seed/<target>`).
const NOT_YAML: &[&str] = &["nslookup", "share", "lint_structured"];

/// `cargo xtask fuzz`'s arguments.
#[derive(clap::Args)]
pub struct Options {
    /// Run each target this long
    #[arg(long = "time", value_name = "SECONDS", default_value_t = 60)]
    seconds: u64,
    /// Run only these targets (repeatable)
    #[arg(long = "target", value_name = "NAME")]
    only: Vec<String>,
    /// Print the targets and exit
    #[arg(long)]
    list: bool,
}

/// How long `cargo xtask test` runs each target, unless
/// `ORDINAL_FUZZ_SECONDS` says otherwise (`0` skips fuzzing).
const TEST_SECONDS: u64 = 30;

/// `cargo xtask test`'s fuzzing step: every target for [`TEST_SECONDS`]
/// (or `ORDINAL_FUZZ_SECONDS`) on the committed seeds, failing on a crash.
pub fn brief() -> Result<()> {
    let seconds = match std::env::var("ORDINAL_FUZZ_SECONDS") {
        Ok(value) => value.trim().parse().with_context(|| format!("ORDINAL_FUZZ_SECONDS={value:?} is not a number"))?,
        Err(_) => TEST_SECONDS,
    };
    if seconds == 0 {
        eprintln!("== fuzzing skipped (ORDINAL_FUZZ_SECONDS=0)");
        return Ok(());
    }
    main(&Options { seconds, only: Vec::new(), list: false })
}

pub fn main(options: &Options) -> Result<()> {
    let Options { seconds, only, list } = options;
    let (seconds, list) = (*seconds, *list);
    let fuzz_dir = root().join("fuzz");
    let targets = targets(&fuzz_dir)?;
    if list {
        for target in &targets {
            println!("{target}");
        }
        return Ok(());
    }
    for name in only {
        if !targets.contains(name) {
            bail!("no fuzz target `{name}` (targets: {})", targets.join(", "));
        }
    }
    let selected: Vec<&String> = targets.iter().filter(|t| only.is_empty() || only.contains(t)).collect();

    let cargo_fuzz = ensure_cargo_fuzz()?;
    // Build every target once, so that each run fuzzes the same code even
    // while the tree changes. No sanitizer (the code under test is safe
    // Rust; ASan would halve the speed) but debug assertions on, so integer
    // overflow is caught.
    let status = Command::new(&cargo_fuzz)
        .current_dir(&fuzz_dir)
        .env("RUSTUP_TOOLCHAIN", "nightly")
        .args(["fuzz", "build", "--release", "--sanitizer", "none", "--debug-assertions"])
        .status()
        .with_context(|| format!("could not run {}", cargo_fuzz.display()))?;
    if !status.success() {
        bail!("`cargo fuzz build` failed with {status}");
    }
    let binaries = fuzz_dir.join("target").join(host_triple()?).join("release");
    let dict = fuzz_dir.join("dict/yaml.dict");
    let mut results = Vec::new();
    for target in selected {
        let corpus = fuzz_dir.join("corpus").join(target);
        seed(&corpus, target)?;
        let artifacts = fuzz_dir.join("artifacts").join(target);
        fs::create_dir_all(&artifacts)?;
        eprintln!("== fuzzing `{target}` for {seconds} s");
        let mut command = Command::new(binaries.join(target));
        command
            .current_dir(&fuzz_dir)
            .arg(format!("-artifact_prefix={}/", artifacts.display()))
            .arg(format!("-max_total_time={seconds}"))
            .arg("-rss_limit_mb=512")
            .arg("-malloc_limit_mb=512")
            .arg("-timeout=1")
            .arg("-print_final_stats=1")
            .arg(format!("-max_len={MAX_LEN}"));
        if !NOT_YAML.contains(&target.as_str()) {
            command.arg(format!("-dict={}", dict.display()));
        }
        command.arg(&corpus);
        let (output, hung) = run_with_watchdog(command, Duration::from_secs(seconds + WATCHDOG_GRACE_SECONDS))
            .with_context(|| format!("could not run fuzz target {target}"))?;
        let log = String::from_utf8_lossy(&output.stderr);
        let log_path = fuzz_dir.join("artifacts").join(format!("{target}.log"));
        fs::create_dir_all(log_path.parent().unwrap_or(&fuzz_dir))?;
        fs::write(&log_path, log.as_bytes())?;
        let executions = stat(&log, "stat::number_of_executed_units").unwrap_or(0);
        let speed = stat(&log, "stat::average_exec_per_sec").unwrap_or(0);
        let peak = stat(&log, "stat::peak_rss_mb").unwrap_or(0);
        let outcome = if hung {
            // Seen on a starved machine: libFuzzer's SIGALRM timeout handler
            // interrupted malloc and then deadlocked allocating the report,
            // so neither the input nor the statistics were written.
            format!(
                "FAILED (still running {WATCHDOG_GRACE_SECONDS} s past its time limit, killed); log {}",
                log_path.display()
            )
        } else if output.status.success() {
            "ok".to_string()
        } else {
            let artifact = log
                .lines()
                .find_map(|line| line.split("Test unit written to ").nth(1))
                .map(str::trim)
                .unwrap_or("no artifact written")
                .to_string();
            let mut outcome = format!("FAILED ({}) {artifact}; log {}", output.status, log_path.display());
            // A timeout under machine load may not be real: run the input alone.
            if artifact.contains("/timeout-") {
                let again = Command::new(binaries.join(target)).arg(artifact.as_str()).stderr(Stdio::piped()).output();
                let alone = again.ok().and_then(|o| {
                    let text = String::from_utf8_lossy(&o.stderr).into_owned();
                    let ms =
                        text.lines().find_map(|l| l.rsplit(" in ").next()?.strip_suffix(" ms")?.parse::<u64>().ok())?;
                    Some(ms)
                });
                match alone {
                    // libFuzzer stopped this run early, but the input is fast:
                    // the process was starved by other work on the machine.
                    Some(ms) if ms < 500 => {
                        outcome = format!("ok (stopped early: a timeout under load; alone the input takes {ms} ms)")
                    }
                    Some(ms) => outcome.push_str(&format!(" (alone it takes {ms} ms)")),
                    None => {}
                }
            }
            outcome
        };
        results.push((target.clone(), executions, speed, peak, outcome));
    }

    println!("\n| target | executions | exec/s | peak RSS MB | outcome |\n|---|---:|---:|---:|---|");
    let mut total = 0;
    for (target, executions, speed, peak, outcome) in &results {
        total += executions;
        println!("| {target} | {executions} | {speed} | {peak} | {outcome} |");
    }
    println!("| total | {total} | | | |");
    if results.iter().any(|r| !r.4.starts_with("ok")) {
        bail!("a fuzz target failed; reproduce with `cargo +nightly fuzz run -s none TARGET ARTIFACT` in fuzz/");
    }
    Ok(())
}

/// How long a target may run past `-max_total_time` before it is killed.
const WATCHDOG_GRACE_SECONDS: u64 = 120;

/// Run `command` with its stderr captured; kill it when it outlives `limit`
/// (libFuzzer can hang, not only the code under test). Returns the output
/// and whether it was killed.
fn run_with_watchdog(mut command: Command, limit: Duration) -> Result<(Output, bool)> {
    let mut child = command.stdout(Stdio::null()).stderr(Stdio::piped()).spawn()?;
    let mut stderr = child.stderr.take().context("no stderr pipe")?;
    let reader = std::thread::spawn(move || {
        let mut buffer = Vec::new();
        let _ = stderr.read_to_end(&mut buffer);
        buffer
    });
    let start = Instant::now();
    let mut hung = false;
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break status;
        }
        if start.elapsed() > limit {
            hung = true;
            let _ = child.kill();
            break child.wait()?;
        }
        std::thread::sleep(Duration::from_millis(200));
    };
    let stderr = reader.join().unwrap_or_default();
    Ok((Output { status, stdout: Vec::new(), stderr }, hung))
}

/// The host target triple, as cargo-fuzz builds for it.
fn host_triple() -> Result<String> {
    let version = crate::util::output("rustc", &["-vV"])?;
    version
        .lines()
        .find_map(|line| line.strip_prefix("host: "))
        .map(|host| host.trim().to_string())
        .context("rustc -vV printed no host")
}

/// The `[[bin]]` names of fuzz/Cargo.toml.
fn targets(fuzz_dir: &Path) -> Result<Vec<String>> {
    let manifest = fs::read_to_string(fuzz_dir.join("Cargo.toml")).context("fuzz/Cargo.toml is missing")?;
    let mut targets = Vec::new();
    let mut in_bin = false;
    for line in manifest.lines().map(str::trim) {
        if line.starts_with('[') {
            in_bin = line == "[[bin]]";
        } else if in_bin {
            if let Some(value) = line.strip_prefix("name").map(str::trim_start).and_then(|l| l.strip_prefix('=')) {
                targets.push(value.trim().trim_matches('"').to_string());
            }
        }
    }
    Ok(targets)
}

/// Path of cargo-fuzz, installing the pinned version into `target/tools` when missing.
fn ensure_cargo_fuzz() -> Result<PathBuf> {
    let tools = root().join("target/tools");
    let binary = tools.join("bin/cargo-fuzz");
    let current = Command::new(&binary).arg("--version").output().ok().filter(|o| o.status.success());
    if current.is_some_and(|o| String::from_utf8_lossy(&o.stdout).contains(CARGO_FUZZ_VERSION)) {
        return Ok(binary);
    }
    let toolchains = crate::util::output("rustup", &["toolchain", "list"])?;
    if !toolchains.lines().any(|line| line.starts_with("nightly")) {
        crate::util::run("rustup", &["toolchain", "install", "nightly", "--profile", "minimal"])?;
    }
    // cargo-fuzz itself builds on stable (its locked rustix fails on nightly);
    // only the fuzz targets need nightly.
    let root_arg = tools.display().to_string();
    crate::util::run(
        "cargo",
        &["+stable", "install", "cargo-fuzz", "--version", CARGO_FUZZ_VERSION, "--locked", "--root", &root_arg],
    )?;
    Ok(binary)
}

/// Copy the committed seeds of `target` (`fuzz/corpus-seed/<target>`) into
/// `corpus`, and fill a corpus that was empty with the seeds for `target`.
fn seed(corpus: &Path, target: &str) -> Result<()> {
    fs::create_dir_all(corpus)?;
    let was_empty = fs::read_dir(corpus)?.next().is_none();
    let committed = root().join("fuzz/corpus-seed").join(target);
    let mut copied = 0;
    if let Ok(entries) = fs::read_dir(&committed) {
        for entry in entries.flatten() {
            let destination = corpus.join(format!("committed-{}", entry.file_name().to_string_lossy()));
            if entry.path().is_file() && !destination.exists() {
                fs::copy(entry.path(), destination)?;
                copied += 1;
            }
        }
    }
    if copied > 0 {
        eprintln!("copied {copied} seeds from {} into {}", committed.display(), corpus.display());
    }
    if !was_empty {
        return Ok(());
    }
    if target == "nslookup" {
        for (i, name) in NAME_SEEDS.iter().enumerate() {
            fs::write(corpus.join(format!("seed-{i}")), name)?;
        }
        return Ok(());
    }
    if NOT_YAML.contains(&target) {
        return Ok(());
    }
    let mut sources = vec![root().join("tests/fixtures")];
    if let Some(shared) = crate::bench::shared_dir() {
        sources.push(shared.join("corpus/real"));
        sources.push(shared.join("corpus/issue-repros"));
    }
    let mut count = 0;
    for source in sources {
        for file in yaml_files(&source) {
            let text = fs::read(&file)?;
            // Keep seeds within -max_len.
            if text.len() <= MAX_LEN {
                count += 1;
                fs::write(corpus.join(format!("seed-{count:04}.yaml")), text)?;
            }
        }
    }
    eprintln!("seeded {} with {count} files", corpus.display());
    Ok(())
}

/// Every `.yaml`/`.yml` file under `dir`, sorted.
pub fn yaml_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = fs::read_dir(&dir) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// The number after `name:` in libFuzzer's final statistics.
fn stat(log: &str, name: &str) -> Option<u64> {
    log.lines().rev().find_map(|line| line.strip_prefix(name)?.trim_start_matches(':').trim().parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_watchdog_kills_a_command_that_outlives_its_limit() {
        let mut sleeper = Command::new("sleep");
        sleeper.arg("30");
        let started = Instant::now();
        let (output, hung) = run_with_watchdog(sleeper, Duration::from_millis(300)).unwrap();
        assert!(hung && !output.status.success());
        assert!(started.elapsed() < Duration::from_secs(10));
        let mut quick = Command::new("sh");
        quick.args(["-c", "echo done >&2"]);
        let (output, hung) = run_with_watchdog(quick, Duration::from_secs(30)).unwrap();
        assert!(!hung && output.status.success());
        assert_eq!(String::from_utf8_lossy(&output.stderr).trim(), "done");
    }
}
