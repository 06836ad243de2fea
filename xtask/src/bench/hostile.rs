//! `cargo xtask bench-hostile`: time and peak memory of the release CLI on
//! the hostile inputs of the Hardening work (`tests/hostile/README.md`), each
//! beside its input size, written to `bench/results/<date>-hostile.md`.
//!
//! The tests check what each case prints and counts what explain stores
//! (`crates/ordinal-core/tests/explain_bounds.rs`); this measures what they
//! cannot without wall-clock assertions: that time and memory stay a small
//! multiple of the input. Peak RSS comes from `wait4` through
//! `xtask __measure`, as in `cargo xtask bench`.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};

use super::measure::{run_once, Sample};
use crate::util::{output, root, run, target_dir};

/// `cargo xtask bench-hostile`'s arguments.
#[derive(clap::Args)]
pub struct Options {
    /// Runs of each case (the slowest time and the largest RSS are kept)
    #[arg(long, default_value_t = 1)]
    reps: usize,
    /// Where to write <date>-hostile.md [default: bench/results]
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
}

/// One hostile input and the command run on it.
struct Case {
    name: &'static str,
    /// Arguments after `ordinal`; `{}` is replaced by the input path.
    args: &'static [&'static str],
    /// The input, written under `bench/cache/hostile/`.
    input: Input,
    /// The exit codes that count as the clear result.
    exits: &'static [i32],
}

enum Input {
    /// One generated file.
    File(&'static str, fn() -> String),
    /// A directory of `count` generated files.
    Files(&'static str, usize, fn(usize) -> String),
    /// A path that is not a regular file.
    Device(&'static str),
}

const CASES: &[Case] = &[
    Case {
        name: "empty file (baseline)",
        args: &["lint", "{}"],
        input: Input::File("empty.yaml", String::new),
        exits: &[0],
    },
    Case {
        name: "40 StatefulSets × 1,000 replicas under one Service",
        args: &["explain", "--format", "json", "{}"],
        input: Input::File("replicas-40.yaml", || replicas(40, 1000)),
        exits: &[0],
    },
    Case {
        name: "40 StatefulSets × 1,000 replicas, text",
        args: &["explain", "{}"],
        input: Input::File("replicas-40.yaml", || replicas(40, 1000)),
        exits: &[0],
    },
    Case {
        name: "40 StatefulSets × 1,000 replicas, SVG",
        args: &["explain", "--format", "svg", "{}"],
        input: Input::File("replicas-40.yaml", || replicas(40, 1000)),
        exits: &[0],
    },
    Case {
        name: "100 StatefulSets × 1,000 replicas (25 KB)",
        args: &["explain", "--format", "json", "--scale-to", "1000", "--update", "{}"],
        input: Input::File("replicas-100.yaml", || replicas(100, 1000)),
        exits: &[0],
    },
    Case {
        name: "one StatefulSet, --replicas 100000 what-if",
        args: &["explain", "--format", "json", "--replicas", "100000", "--scale-to", "100000", "{}"],
        input: Input::File("replicas-1.yaml", || replicas(1, 3)),
        exits: &[0],
    },
    Case {
        name: "pod name of 65,536 characters, explain text",
        args: &["explain", "{}"],
        input: Input::File("long-name.yaml", long_name),
        exits: &[0],
    },
    Case {
        name: "32,000 tiny apps, explain",
        args: &["explain", "--format", "json", "{}"],
        input: Input::File("apps-32000.yaml", || apps(32_000)),
        exits: &[0],
    },
    Case {
        name: "32,000 tiny apps, lint",
        args: &["lint", "--format", "json", "{}"],
        input: Input::File("apps-32000.yaml", || apps(32_000)),
        exits: &[0, 1],
    },
    Case {
        name: "16,000 tiny StatefulSets, SVG",
        args: &["explain", "--format", "svg", "{}"],
        input: Input::File("apps-16000.yaml", || apps(16_000)),
        exits: &[0],
    },
    Case {
        name: "16,000 files, JUnit",
        args: &["lint", "--format", "junit", "{}"],
        input: Input::Files("files-16000", 16_000, one_app),
        exits: &[0, 1],
    },
    Case {
        name: "16,000 files, JSON",
        args: &["lint", "--format", "json", "{}"],
        input: Input::Files("files-16000", 16_000, one_app),
        exits: &[0, 1],
    },
    Case {
        name: "10,000 Services, StatefulSets and PDBs that all select each other, lint",
        args: &["lint", "--format", "json", "{}"],
        input: Input::File("all-select-all-10000.yaml", || all_select_all(10_000)),
        exits: &[1],
    },
    Case {
        name: "10,000 Services, StatefulSets and PDBs that all select each other, explain",
        args: &["explain", "--format", "json", "{}"],
        input: Input::File("all-select-all-10000.yaml", || all_select_all(10_000)),
        exits: &[0],
    },
    Case {
        name: "2,000 StatefulSets and 2,000 PDBs that look meant for each, lint",
        args: &["lint", "--format", "json", "{}"],
        input: Input::File("near-misses-2000.yaml", || near_misses(2_000)),
        exits: &[1],
    },
    Case {
        name: "50,000 StatefulSets naming missing Services, lint",
        args: &["lint", "--format", "json", "{}"],
        input: Input::File("missing-services-50000.yaml", || missing_services(50_000)),
        exits: &[1],
    },
    Case {
        name: "alias bomb (9 levels of 10)",
        args: &["lint", "--format", "json", "{}"],
        input: Input::File("alias-bomb.yaml", alias_bomb),
        exits: &[1],
    },
    Case {
        name: "1,000,000 nested brackets",
        args: &["lint", "--format", "json", "{}"],
        input: Input::File("deep.yaml", || format!("a: {}{}\n", "[".repeat(1_000_000), "]".repeat(1_000_000))),
        exits: &[1],
    },
    Case {
        name: "one 50 MB file (properties.rs's `fifty_megabytes`)",
        args: &["lint", "--format", "json", "{}"],
        input: Input::File("fifty.yaml", super::corpus::fifty_megabytes),
        exits: &[0, 1],
    },
    Case {
        name: "1,000,000 empty documents",
        args: &["lint", "--format", "json", "{}"],
        input: Input::File("documents.yaml", || "---\n".repeat(1_000_000)),
        exits: &[0],
    },
    Case {
        name: "/dev/zero, default --max-file-size (256 MiB)",
        args: &["lint", "{}"],
        input: Input::Device("/dev/zero"),
        exits: &[2],
    },
    Case {
        name: "/dev/zero, --max-file-size 64K",
        args: &["lint", "--max-file-size", "64K", "{}"],
        input: Input::Device("/dev/zero"),
        exits: &[2],
    },
];

pub fn main(options: &Options) -> Result<()> {
    if options.reps == 0 {
        bail!("--reps must be at least 1");
    }
    run("cargo", &["build", "--release", "-p", "ordinal-cli", "--bin", "ordinal"])?;
    let cli = target_dir().join("release/ordinal");
    let cache = root().join("bench/cache/hostile");
    fs::create_dir_all(&cache)?;
    let mut rows = Vec::new();
    for case in CASES {
        let (path, bytes) = prepare(&cache, &case.input)?;
        let mut command = Command::new(&cli);
        for arg in case.args {
            if *arg == "{}" {
                command.arg(&path);
            } else {
                command.arg(arg);
            }
        }
        let mut worst: Option<Sample> = None;
        for _ in 0..options.reps {
            let sample = run_once(&command, None).with_context(|| format!("running `{}`", case.name))?;
            if !case.exits.contains(&sample.exit) {
                bail!("`{}` exited {} (expected one of {:?})", case.name, sample.exit, case.exits);
            }
            worst = Some(match worst {
                Some(w) => Sample {
                    seconds: w.seconds.max(sample.seconds),
                    max_rss_kb: w.max_rss_kb.max(sample.max_rss_kb),
                    exit: sample.exit,
                },
                None => sample,
            });
        }
        let Some(sample) = worst else { continue };
        eprintln!("   {:>8.3} s {:>8.1} MB  {}", sample.seconds, sample.max_rss_kb as f64 / 1024.0, case.name);
        rows.push((case, bytes, sample));
    }
    let markdown = render(&rows)?;
    let out = options.out.clone().unwrap_or_else(|| root().join("bench/results"));
    fs::create_dir_all(&out)?;
    let date = output("date", &["-u", "+%Y-%m-%d"])?.trim().to_string();
    let path = out.join(format!("{date}-hostile.md"));
    fs::write(&path, &markdown)?;
    println!("{markdown}");
    eprintln!("wrote {}", path.display());
    Ok(())
}

/// Write the case's input (once) and return its path and size in bytes
/// (`None` for a device, which has no size).
fn prepare(cache: &Path, input: &Input) -> Result<(PathBuf, Option<u64>)> {
    match input {
        Input::File(name, make) => {
            let path = cache.join(name);
            if !path.is_file() {
                fs::write(&path, make())?;
            }
            let bytes = fs::metadata(&path)?.len();
            Ok((path, Some(bytes)))
        }
        Input::Files(name, count, make) => {
            let dir = cache.join(name);
            if !dir.join(format!("app-{}.yaml", count - 1)).is_file() {
                fs::create_dir_all(&dir)?;
                for index in 0..*count {
                    fs::write(dir.join(format!("app-{index}.yaml")), make(index))?;
                }
            }
            let mut bytes = 0;
            for entry in fs::read_dir(&dir)? {
                bytes += entry?.metadata()?.len();
            }
            Ok((dir, Some(bytes)))
        }
        Input::Device(path) => Ok((PathBuf::from(path), None)),
    }
}

fn render(rows: &[(&Case, Option<u64>, Sample)]) -> Result<String> {
    let date = output("date", &["-u", "+%Y-%m-%d"])?.trim().to_string();
    let commit = output("git", &["rev-parse", "--short", "HEAD"]).map(|s| s.trim().to_string()).unwrap_or_default();
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    let baseline_kb = rows.first().map_or(0, |(_, _, sample)| sample.max_rss_kb);
    let mut md = String::new();
    let _ = writeln!(md, "# Hostile inputs, {date}\n");
    let _ = writeln!(
        md,
        "`cargo xtask bench-hostile` at {commit}, release CLI, {cores} cores. One run per case unless `--reps`; \
         peak RSS from `wait4`. *Above baseline* subtracts the first row (an empty file: the process itself). \
         The cases are described in `tests/hostile/README.md`.\n"
    );
    md.push_str("| case | command | input | exit | wall s | peak RSS MB | above baseline MB | ÷ input |\n");
    md.push_str("|---|---|---:|---:|---:|---:|---:|---:|\n");
    for (case, bytes, sample) in rows {
        let above_kb = sample.max_rss_kb.saturating_sub(baseline_kb);
        let input = bytes.map_or_else(|| "device".to_string(), human);
        let ratio = match bytes {
            Some(bytes) if *bytes > 0 => format!("{:.1}×", above_kb as f64 * 1024.0 / *bytes as f64),
            _ => "–".to_string(),
        };
        let command = case.args.iter().map(|a| if *a == "{}" { "INPUT" } else { a }).collect::<Vec<_>>().join(" ");
        let _ = writeln!(
            md,
            "| {} | `ordinal {command}` | {input} | {} | {:.3} | {:.1} | {:.1} | {ratio} |",
            case.name,
            sample.exit,
            sample.seconds,
            sample.max_rss_kb as f64 / 1024.0,
            above_kb as f64 / 1024.0
        );
    }
    Ok(md)
}

fn human(bytes: u64) -> String {
    match bytes {
        0..=9_999 => format!("{bytes} B"),
        10_000..=9_999_999 => format!("{:.1} KB", bytes as f64 / 1000.0),
        _ => format!("{:.1} MB", bytes as f64 / 1e6),
    }
}

/// `count` StatefulSets of `pods` replicas under one headless Service (as
/// `tests/hostile/gen-explain.py replicas`).
fn replicas(count: usize, pods: u32) -> String {
    let mut out = String::from(
        "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  clusterIP: None\n  selector: {app: web}\n  ports: [{name: http, port: 80}]\n",
    );
    for index in 0..count {
        let _ = write!(
            out,
            "---\napiVersion: apps/v1\nkind: StatefulSet\nmetadata: {{name: web{index}}}\nspec:\n  serviceName: web\n  replicas: {pods}\n  selector: {{matchLabels: {{app: web}}}}\n  template:\n    metadata: {{labels: {{app: web}}}}\n    spec: {{containers: [{{name: c, image: nginx}}]}}\n"
        );
    }
    out
}

/// One tiny app: a headless Service and a one-pod StatefulSet.
fn one_app(index: usize) -> String {
    format!(
        "---\napiVersion: v1\nkind: Service\nmetadata: {{name: app{index}}}\nspec: {{clusterIP: None, selector: {{app: app{index}}}}}\n---\napiVersion: apps/v1\nkind: StatefulSet\nmetadata: {{name: app{index}}}\nspec:\n  serviceName: app{index}\n  replicas: 1\n  selector: {{matchLabels: {{app: app{index}}}}}\n  template:\n    metadata: {{labels: {{app: app{index}}}}}\n    spec: {{containers: [{{name: c, image: nginx}}]}}\n"
    )
}

/// `count` tiny apps in one stream (as `tests/hostile/gen-explain.py apps`).
fn apps(count: usize) -> String {
    (0..count).map(one_app).collect()
}

/// `count` Services, StatefulSets and PDBs that all select each other (as
/// `crates/ordinal-core/tests/lint_bounds.rs`): every pair would make a
/// link and a finding.
fn all_select_all(count: usize) -> String {
    let mut out = String::new();
    for index in 0..count {
        let _ = writeln!(
            out,
            "--- {{apiVersion: v1, kind: Service, metadata: {{name: svc{index}}}, spec: {{clusterIP: None, selector: {{app: x}}, ports: [{{name: p, port: 80, targetPort: web}}]}}}}\n\
             --- {{apiVersion: apps/v1, kind: StatefulSet, metadata: {{name: s{index}}}, spec: {{serviceName: svc{index}, replicas: 2, selector: {{matchLabels: {{app: x}}}}, template: {{metadata: {{labels: {{app: x}}}}, spec: {{containers: [{{name: c, image: nginx:1}}]}}}}}}}}\n\
             --- {{apiVersion: policy/v1, kind: PodDisruptionBudget, metadata: {{name: p{index}}}, spec: {{maxUnavailable: 0, selector: {{matchLabels: {{app: x}}}}}}}}"
        );
    }
    out
}

/// `count` StatefulSets and as many PDBs that share their label but select
/// none of their pods: each PDB looks meant for every StatefulSet.
fn near_misses(count: usize) -> String {
    let mut out = String::new();
    for index in 0..count {
        let _ = writeln!(
            out,
            "--- {{apiVersion: apps/v1, kind: StatefulSet, metadata: {{name: s{index}}}, spec: {{serviceName: s{index}, replicas: 3, selector: {{matchLabels: {{app: x}}}}, template: {{metadata: {{labels: {{app: x}}}}, spec: {{containers: [{{name: c, image: nginx:1}}]}}}}}}}}\n\
             --- {{apiVersion: policy/v1, kind: PodDisruptionBudget, metadata: {{name: p{index}}}, spec: {{maxUnavailable: 1, selector: {{matchLabels: {{app: x, zone: a}}}}}}}}"
        );
    }
    out
}

/// `count` StatefulSets each naming a Service that is in no namespace:
/// `service-not-found` once scanned every resource for each.
fn missing_services(count: usize) -> String {
    let mut out = String::new();
    for index in 0..count {
        let _ = writeln!(
            out,
            "--- {{apiVersion: apps/v1, kind: StatefulSet, metadata: {{name: s{index}}}, spec: {{serviceName: missing{index}, selector: {{matchLabels: {{app: s{index}}}}}, template: {{metadata: {{labels: {{app: s{index}}}}}, spec: {{containers: [{{name: c, image: nginx:1}}]}}}}}}}}"
        );
    }
    out
}

fn long_name() -> String {
    let name = "a".repeat(65_536);
    format!(
        "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {{name: {name}}}\nspec:\n  serviceName: web\n  replicas: 3\n  selector: {{matchLabels: {{app: web}}}}\n  template:\n    metadata: {{labels: {{app: web}}}}\n    spec: {{containers: [{{name: c, image: nginx}}]}}\n"
    )
}

/// The "billion laughs" shape: each level refers to the one below ten times.
fn alias_bomb() -> String {
    let mut out = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for level in 1..=9 {
        let below = level - 1;
        let refs = vec![format!("*a{below}"); 10].join(", ");
        let _ = writeln!(out, "a{level}: &a{level} [{refs}]");
    }
    out.push_str("kind: ConfigMap\napiVersion: v1\nmetadata: {name: bomb}\n");
    out
}
