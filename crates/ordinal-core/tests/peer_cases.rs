//! Other linters' own test cases, with Ordinal's verdict on each.
//!
//! Every file under `tests/fixtures/peers/<peer>/<check>/` is a case
//! converted from a kube-score or kube-linter test (their objects become a
//! StatefulSet's pod template where they used a Pod or a Deployment). Its
//! header names the peer, the test and commit, the peer's verdict, ours and
//! whether they agree (`# agree: yes|no`; a `no` says why in `# our verdict:`,
//! as peers are sometimes wrong), then what Ordinal must report:
//!
//! ```text
//! # expect: finding probe-port-not-found spec.template.spec.containers[0].livenessProbe.httpGet.port
//! # expect: none probe-port-udp
//! ```
//!
//! A `finding` needs a diagnostic of that rule whose span lies inside the
//! named field (key through value) of some document of the file; the field
//! must exist, and a rule gets exactly as many findings as the header has
//! `finding` lines for it. A `none` needs no diagnostic of that rule. Opt-in rules named
//! in an expectation run at their default severity, as a configuration that
//! enables them would. Each file is its own test (libtest-mimic).

use std::path::{Path, PathBuf};

use libtest_mimic::{Arguments, Failed, Trial};

use ordinal_core::config::RuleSetting;
use ordinal_core::parse::{parse_yaml, Limits, Node};
use ordinal_core::{lint, Options, SourceFile, Span};

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/peers")
}

#[derive(Debug)]
enum Expect {
    Finding { rule: String, path: String },
    None { rule: String },
}

fn header<'t>(text: &'t str, key: &str) -> Vec<&'t str> {
    let prefix = format!("# {key}: ");
    text.lines().filter_map(|line| line.strip_prefix(prefix.as_str())).collect()
}

fn expectations(text: &str) -> Result<Vec<Expect>, String> {
    header(text, "expect")
        .into_iter()
        .map(|line| {
            let mut words = line.split_whitespace();
            match (words.next(), words.next(), words.next(), words.next()) {
                (Some("finding"), Some(rule), Some(path), None) => {
                    Ok(Expect::Finding { rule: rule.to_string(), path: path.to_string() })
                }
                (Some("none"), Some(rule), None, None) => Ok(Expect::None { rule: rule.to_string() }),
                _ => Err(format!("cannot read `# expect: {line}`")),
            }
        })
        .collect()
}

/// The span of the field at `path` (`a.b[0].c`), from its key to the end of
/// its value; `None` when the document has no such field.
fn field_span(root: &Node, path: &str) -> Option<Span> {
    let mut node = root;
    let mut span = root.span();
    for step in path.split(['.', '[']).filter(|step| !step.is_empty()) {
        if let Some(index) = step.strip_suffix(']') {
            let item = node.items()?.get(index.parse::<usize>().ok()?)?;
            span = item.span();
            node = item;
        } else {
            let entry = node.entry(step)?;
            span = Span::new(entry.key.span().start, entry.value.span().end);
            node = &entry.value;
        }
    }
    Some(span)
}

fn check(path: &Path) -> Result<(), Failed> {
    let text = std::fs::read_to_string(path).map_err(|error| format!("{}: {error}", path.display()))?;
    for key in ["peer", "source", "peer verdict", "our verdict", "agree"] {
        if header(&text, key).len() != 1 {
            return Err(format!("the header needs exactly one `# {key}:` line").into());
        }
    }
    if !matches!(header(&text, "agree")[..], ["yes"] | ["no"]) {
        return Err("`# agree:` is yes or no".into());
    }
    let expects = expectations(&text)?;
    if expects.is_empty() {
        return Err("no `# expect:` line".into());
    }
    let mut options = Options::default();
    for expect in &expects {
        let (Expect::Finding { rule, .. } | Expect::None { rule }) = expect;
        let meta = ordinal_core::rules::find(rule).ok_or_else(|| format!("unknown rule `{rule}`"))?.meta();
        if !meta.enabled_by_default {
            options.rules.insert(rule.clone(), RuleSetting::Severity(meta.severity));
        }
    }
    let name = path.strip_prefix(fixtures_dir()).unwrap_or(path).display().to_string();
    let file = SourceFile::new(name, text.clone());
    let report = lint(std::slice::from_ref(&file), &options);
    let roots: Vec<Node> =
        parse_yaml(&text, Limits::default()).documents.into_iter().filter_map(|document| document.root).collect();
    let describe = |rule: &str| {
        let found: Vec<String> = report
            .diagnostics
            .iter()
            .filter(|d| d.rule == rule)
            .map(|d| {
                let at = file.line_column(d.span.start);
                format!("    {}:{} {}", at.line, at.column, d.message)
            })
            .collect();
        format!("{} `{rule}` finding(s)\n{}", found.len(), found.join("\n"))
    };
    let mut failures = Vec::new();
    for expect in &expects {
        match expect {
            Expect::Finding { rule, path } => {
                let fields: Vec<Span> = roots.iter().filter_map(|root| field_span(root, path)).collect();
                if fields.is_empty() {
                    failures.push(format!("no field `{path}` in the manifest"));
                    continue;
                }
                let hit = report.diagnostics.iter().any(|d| {
                    d.rule == *rule && fields.iter().any(|field| d.span.start >= field.start && d.span.end <= field.end)
                });
                if !hit {
                    failures.push(format!("expected `{rule}` on `{path}`, got {}", describe(rule)));
                }
            }
            Expect::None { rule } => {
                if report.diagnostics.iter().any(|d| d.rule == *rule) {
                    failures.push(format!("expected no `{rule}`, got {}", describe(rule)));
                }
            }
        }
    }
    // Every finding of a rule the header expects must be one it names: a
    // header that lists one `finding` of a rule allows no second one.
    let mut rules: Vec<&str> = expects
        .iter()
        .filter_map(|expect| match expect {
            Expect::Finding { rule, .. } => Some(rule.as_str()),
            Expect::None { .. } => None,
        })
        .collect();
    rules.dedup();
    for rule in rules {
        let wanted =
            expects.iter().filter(|expect| matches!(expect, Expect::Finding { rule: r, .. } if r == rule)).count();
        let got = report.diagnostics.iter().filter(|d| d.rule == rule).count();
        if got != wanted {
            failures.push(format!("the header expects {wanted} `{rule}` finding(s), got {}", describe(rule)));
        }
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(failures.join("\n").into())
    }
}

fn cases() -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut dirs = vec![fixtures_dir()];
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|ext| ext == "yaml") {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

fn main() {
    let cases = cases();
    let mut trials: Vec<Trial> = cases
        .iter()
        .map(|path| {
            let name = path.strip_prefix(fixtures_dir()).unwrap_or(path).with_extension("").display().to_string();
            let path = path.clone();
            Trial::test(name, move || check(&path))
        })
        .collect();
    let count = cases.len();
    trials.push(Trial::test("peer_cases_exist", move || {
        if count == 0 {
            Err(format!("no cases under {}", fixtures_dir().display()).into())
        } else {
            Ok(())
        }
    }));
    libtest_mimic::run(&Arguments::from_args(), trials).exit();
}
