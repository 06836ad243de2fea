//! The results as Markdown (`bench/results/<date>-<commit>.md`, and the raw
//! figures beside it as JSON), with the machine they ran on and its load.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use anyhow::Result;
use serde_json::{json, Value};

use super::corpus::Corpus;
use super::measure::Measurement;
use super::relint::Relint;
use super::wasm::Wasm;
use super::Options;
use crate::util::output;

/// Write `<date>-<commit>.md` and `.json` into `out` and print the Markdown;
/// the commit is suffixed `-dirty` when the work tree has changes, and a
/// second run of the same commit on the same day replaces the first.
#[allow(clippy::too_many_arguments)]
pub fn write(
    out: &Path,
    ordinal_version: &str,
    corpora: &[Corpus],
    measurements: &[Measurement],
    wasm: &Wasm,
    relint: &Relint,
    options: &Options,
    load_at_start: &str,
) -> Result<()> {
    let mut machine = machine()?;
    machine["load_at_start"] = json!(load_at_start);
    machine["load_at_end"] = json!(load_average());
    let date = output("date", &["-u", "+%Y-%m-%d"])?.trim().to_string();
    fs::create_dir_all(out)?;
    let markdown = render_markdown(&date, &machine, corpora, measurements, wasm, relint, options);
    let stem = format!("{date}-{}", machine["commit"].as_str().unwrap_or("unknown"));
    let md_path = out.join(format!("{stem}.md"));
    fs::write(&md_path, &markdown)?;
    let raw = json!({
        "date": date,
        "machine": machine,
        "ordinal_version": ordinal_version,
        "corpora": corpora.iter().map(|c| json!({"name": c.name, "apps": c.apps, "files": c.files, "bytes": c.bytes, "documents": c.documents})).collect::<Vec<_>>(),
        "measurements": measurements.iter().map(Measurement::to_json).collect::<Vec<_>>(),
        "wasm": wasm.to_json(),
        "relint": relint.to_json(),
    });
    let json_path = out.join(format!("{stem}.json"));
    fs::write(&json_path, serde_json::to_string_pretty(&raw)? + "\n")?;
    println!("{markdown}");
    eprintln!("wrote {} and {}", md_path.display(), json_path.display());
    Ok(())
}

/// The 1, 5 and 15 minute load averages (`/proc/loadavg`): other work on
/// the machine slows every timed run, and the results should say so.
pub fn load_average() -> String {
    let text = fs::read_to_string("/proc/loadavg").unwrap_or_default();
    let fields: Vec<&str> = text.split_whitespace().take(3).collect();
    if fields.len() == 3 {
        fields.join(" ")
    } else {
        "unknown".into()
    }
}

/// The short commit, with `-dirty` when the work tree has changes.
fn commit() -> Option<String> {
    let commit = output("git", &["rev-parse", "--short", "HEAD"]).ok()?.trim().to_string();
    let dirty = output("git", &["status", "--porcelain", "--untracked-files=no"]).map(|s| !s.trim().is_empty());
    Some(if dirty.unwrap_or(false) { format!("{commit}-dirty") } else { commit })
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
        "commit": commit(),
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
    relint: &Relint,
    options: &Options,
) -> String {
    use std::fmt::Write;
    let mut md = String::new();
    let s = |v: &Value| v.as_str().unwrap_or("?").to_string();
    let _ = writeln!(md, "# Ordinal benchmark, {date}\n");
    let _ = writeln!(
        md,
        "Machine: {} cores, {} GiB memory, {}; {}; {}; node {}. Commit {}. Load average (1, 5, 15 min) {} after the build, {} at the end.\n",
        machine["cores"],
        machine["memory_gib"],
        s(&machine["cpu"]),
        s(&machine["kernel"]),
        s(&machine["rustc"]),
        s(&machine["node"]),
        s(&machine["commit"]),
        s(&machine["load_at_start"]),
        s(&machine["load_at_end"]),
    );
    let _ = writeln!(
        md,
        "Produced by `cargo xtask bench` (xtask/src/bench/). Median wall time of {} runs after one warm-up run ({} runs for peers, each warmed up once on a small file instead); peak RSS is the largest `ru_maxrss` of the runs (from `wait4`); MB/s is input bytes / median time. \
         Peers run on the smallest generated corpus and the real corpus only; nothing is extrapolated.\n",
        options.reps, options.peer_reps
    );

    let _ = writeln!(md, "## Corpora\n\n| corpus | files | documents | size MB |\n|---|---:|---:|---:|");
    for c in corpora {
        let _ = writeln!(md, "| {} | {} | {} | {:.2} |", c.name, c.files, c.documents, mb(c.bytes));
    }

    let _ = writeln!(
        md,
        "\n## Results\n\n| corpus | tool | version | median s | MB/s | peak RSS MB | RSS / input | vs ordinal (all cores) | output checked |\n\
         |---|---|---|---:|---:|---:|---:|---:|---|"
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
            "| {} | {} | {} | {:.3} | {:.1} | {:.1} | {:.2}× | {:.2}× | {} |",
            m.corpus,
            m.tool,
            m.version,
            m.median(),
            m.mb_per_s(),
            m.peak_rss_kb() as f64 / 1024.0,
            m.peak_rss_kb() as f64 * 1024.0 / m.input_bytes.max(1) as f64,
            ratio,
            m.checked,
        );
    }

    // Scaling over the generated corpora.
    let mut per_document: Vec<(String, f64)> = Vec::new();
    let mut memory_per_document: Vec<(String, f64)> = Vec::new();
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
            if let Some(one) = find(&c.name, "ordinal lint (1 core)") {
                per_document.push((c.name.clone(), one.median() * 1e6 / c.documents.max(1) as f64));
                memory_per_document.push((c.name.clone(), one.peak_rss_kb() as f64 / c.documents.max(1) as f64));
            }
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
    // Linear in time and in memory: the same cost per document on every
    // generated corpus (memory includes the process's fixed few MB, which
    // weigh most on the smallest corpus).
    for (what, unit, figures) in [
        ("µs / document (1 core)", "µs", &per_document),
        ("peak RSS KB / document (1 core)", "KB", &memory_per_document),
    ] {
        if figures.len() < 2 {
            continue;
        }
        let low = figures.iter().map(|(_, v)| *v).fold(f64::INFINITY, f64::min);
        let high = figures.iter().map(|(_, v)| *v).fold(0.0, f64::max);
        let spread = high / low - 1.0;
        let shown: Vec<String> = figures.iter().map(|(name, v)| format!("{name} {v:.1}")).collect();
        let _ = writeln!(
            md,
            "| linear: {what} within 15% | {} | {} {unit} ({:.0}% apart) | {} |",
            figures.iter().map(|(name, _)| name.as_str()).collect::<Vec<_>>().join(", "),
            shown.join(" · "),
            spread * 100.0,
            verdict(spread <= 0.15)
        );
    }
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
        let per_document_us = one.median() * 1e6 / c.documents.max(1) as f64;
        let _ =
            writeln!(md, "| µs / document, lint 1 core (for linearity) | {} | {per_document_us:.1} µs | — |", c.name);
        for peer in measurements
            .iter()
            .filter(|m| m.corpus == c.name && !m.tool.starts_with("ordinal") && !m.tool.starts_with("parse"))
        {
            let ratio = peer.median() / all.median();
            // Issue 13 asks for 100× against the fastest peer, monokle; the
            // others keep the older 10× line.
            let wanted = if peer.tool.contains("monokle") { 100.0 } else { 10.0 };
            let _ = writeln!(
                md,
                "| ≥ {wanted}× faster than {} {} | {} | {ratio:.1}× faster | {} |",
                peer.tool,
                peer.version,
                c.name,
                verdict(ratio >= wanted)
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
    match relint {
        Relint::Measured(_) => {
            let ms = |key: &str| relint.ms(key).unwrap_or(f64::NAN);
            let _ = writeln!(
                md,
                "| core re-lint of a 300-line manifest < 5 ms (playground path, native, median; p90 {:.2} ms) | {}-line manifest | {:.2} ms | {} |",
                ms("playground_relint_p90_ms"),
                ms("manifest_lines"),
                ms("playground_relint_ms"),
                verdict(ms("playground_relint_ms") < 5.0)
            );
            let _ = writeln!(
                md,
                "| re-lint of one changed 300-line file in a 200-file workspace < 5 ms (analyze_file + check_local of the changed file, check_linked over all, median; p90 {:.2} ms; every rule over every file, as before the split: {:.2} ms) | {} files, {} lines | {:.2} ms | {} |",
                ms("editor_relint_p90_ms"),
                ms("editor_relint_full_check_ms"),
                ms("workspace_files"),
                ms("workspace_lines"),
                ms("editor_relint_ms"),
                verdict(ms("editor_relint_ms") < 5.0)
            );
        }
        Relint::Missing(reason) => {
            let _ = writeln!(md, "| core re-lint (playground, editor) < 5 ms | — | not measured | {reason} |");
        }
    }
    md
}
