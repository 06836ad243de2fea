//! Timing a command: wall time of each run and its peak RSS, measured by a
//! fresh `xtask __measure` process around it.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use anyhow::{bail, Context, Result};
use serde_json::{json, Value};

use super::corpus::Corpus;

/// One timed run of a command.
#[derive(Debug, Clone, Copy)]
pub struct Sample {
    pub seconds: f64,
    pub max_rss_kb: u64,
    pub exit: i32,
}

/// All runs of one command on one corpus.
pub struct Measurement {
    pub corpus: String,
    pub tool: String,
    pub version: String,
    pub command: String,
    pub input_bytes: u64,
    pub samples: Vec<Sample>,
    /// What was checked of the output (exit codes, files or resources seen).
    pub checked: String,
}

impl Measurement {
    /// No samples yet, of `tool` on `corpus`.
    pub fn new(corpus: &Corpus, tool: &str, version: &str, command: String) -> Measurement {
        Measurement {
            corpus: corpus.name.clone(),
            tool: tool.into(),
            version: version.into(),
            command,
            input_bytes: corpus.bytes,
            samples: Vec::new(),
            checked: String::new(),
        }
    }

    pub fn median(&self) -> f64 {
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

    pub fn peak_rss_kb(&self) -> u64 {
        self.samples.iter().map(|s| s.max_rss_kb).max().unwrap_or(0)
    }

    pub fn mb_per_s(&self) -> f64 {
        self.input_bytes as f64 / 1e6 / self.median()
    }

    pub fn to_json(&self) -> Value {
        json!({
            "corpus": self.corpus,
            "tool": self.tool,
            "version": self.version,
            "command": self.command,
            "input_bytes": self.input_bytes,
            "median_seconds": self.median(),
            "mb_per_second": self.mb_per_s(),
            "peak_rss_kb": self.peak_rss_kb(),
            "checked": self.checked,
            "samples": self.samples.iter().map(|s| json!({"seconds": s.seconds, "max_rss_kb": s.max_rss_kb, "exit": s.exit})).collect::<Vec<_>>(),
        })
    }
}

/// Run `command` `reps` times, after one untimed warm-up (page cache) when
/// `warm_up`, stdout to `stdout` and stderr beside it with the extension
/// `err` (or both discarded), and time each run.
pub fn time(command: &Command, reps: usize, warm_up: bool, stdout: Option<&Path>) -> Result<Vec<Sample>> {
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

/// Where [`time`] and [`run_once`] put the stderr of a run whose stdout
/// goes to `stdout`.
pub fn stderr_path(stdout: &Path) -> PathBuf {
    stdout.with_extension("err")
}

/// Run `command` through `xtask __measure` and read its peak RSS.
///
/// Linux carries the RSS high-water mark of the image a process replaces
/// across `exec` (`signal->maxrss`), and a child spawned straight from this
/// process starts from this process's image, which holds the corpora and the
/// parsed reports of earlier runs: a 6 MB parser would report the bench's
/// own 100 MB. A fresh, small `xtask __measure` process spawns the command
/// instead and reports that child's `wait4` figures.
pub fn run_once(command: &Command, stdout: Option<&Path>) -> Result<Sample> {
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
    let (out, err) = match stdout {
        Some(path) => (Stdio::from(fs::File::create(path)?), Stdio::from(fs::File::create(stderr_path(path))?)),
        None => (Stdio::null(), Stdio::null()),
    };
    let start = Instant::now();
    let status = wrapper.stdin(Stdio::null()).stdout(out).stderr(err).status()?;
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

/// `xtask __measure REPORT -- PROGRAM ARGS...`'s arguments.
#[derive(clap::Args)]
pub struct MeasureArgs {
    /// Where to write `<peak RSS in KB> <exit code>`
    report: PathBuf,
    /// The program and its arguments
    #[arg(last = true, required = true)]
    command: Vec<String>,
}

/// `xtask __measure REPORT -- PROGRAM ARGS...`: run the program with this
/// process's stdio and environment, wait for it with `wait4`, and write its
/// peak RSS in KB and its exit code to REPORT.
pub fn main(args: &MeasureArgs) -> Result<()> {
    let [program, rest @ ..] = &args.command[..] else { bail!("usage: xtask __measure REPORT -- PROGRAM ARGS...") };
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
    fs::write(&args.report, format!("{} {exit}\n", usage.ru_maxrss))?;
    Ok(())
}

/// The JSON report must parse and must have seen every file of the corpus;
/// returns what was checked.
pub fn check_lint_output(path: &Path, m: &Measurement, corpus: &Corpus) -> Result<String> {
    if let Some(bad) = m.samples.iter().find(|s| s.exit != 0 && s.exit != 1) {
        bail!("`{}` exited with {} on {}", m.command, bad.exit, corpus.name);
    }
    let text = fs::read_to_string(path)?;
    let value: Value = serde_json::from_str(&text).with_context(|| format!("`{}` did not print JSON", m.command))?;
    let count = |key: &str| value.pointer(&format!("/summary/{key}")).and_then(Value::as_u64);
    let (Some(files), Some(resources)) = (count("files"), count("resources")) else {
        bail!("`{}` printed a report without a summary", m.command);
    };
    if files as usize != corpus.files {
        bail!("ordinal linted {files} files of {} in {} (is the folder git-ignored?)", corpus.files, corpus.name);
    }
    let exits = m.samples.iter().map(|s| s.exit.to_string()).collect::<Vec<_>>().join("/");
    Ok(format!("exit {exits}; {files} files, {resources} resources"))
}
