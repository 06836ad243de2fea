//! The API server's own validation tests as the specification.
//!
//! Every file under `tests/fixtures/apiserver/<kind>/` (`service`, `pdb`,
//! `statefulset`, `podtemplate`: pod-spec parts inside a StatefulSet's
//! template) is a case converted
//! from a kubernetes/kubernetes validation unit test (or, where its header
//! says so, derived from the validation function itself). Its header names
//! the Go test, the case, the commit, and what the API server does:
//!
//! ```text
//! # expect: accepted
//! # expect: rejected spec.ports[0].port
//! # expect: rejected spec.clusterIPs[0] | spec.clusterIP
//! ```
//!
//! Each case is linted alone. An accepted case must get no `error`; a
//! rejected one must get an `error` whose span lies on one of the named
//! fields (key through value), or on the nearest enclosing field when the
//! named one is not in the manifest. Cases Ordinal does not yet get right
//! are listed in [`KNOWN_GAPS`]; a listed case that starts passing fails
//! the test too, so the list only shrinks.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use ordinal_core::parse::{parse_yaml, Limits, Node};
use ordinal_core::{lint, Options, Severity, SourceFile, Span};

/// `<kind>/<case-slug>` → why Ordinal does not yet agree with the API server.
// Empty today: every case agrees. A new fixture that shows a gap the same
// change cannot close goes here with its reason, e.g.
// `("service/missing-name", "metadata.name is not checked (ValidateObjectMeta)")`.
const KNOWN_GAPS: &[(&str, &str)] = &[];

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/apiserver")
}

#[derive(Debug)]
enum Expect {
    Accepted,
    /// Alternative field paths, any of which may carry the error.
    Rejected(Vec<String>),
}

fn expectation(text: &str) -> Option<Expect> {
    let line = text.lines().find_map(|line| line.strip_prefix("# expect: "))?;
    if line.trim() == "accepted" {
        return Some(Expect::Accepted);
    }
    let paths = line.strip_prefix("rejected ")?;
    Some(Expect::Rejected(paths.split('|').map(|path| path.trim().to_string()).collect()))
}

/// The span of the field at `path` (`a.b[0].c`, `metadata.annotations[x.io/y]`),
/// from its key to the end of its value; the nearest enclosing field's when
/// the path runs out of the manifest.
fn field_span(root: &Node, path: &str) -> Span {
    let mut node = root;
    let mut span = root.span();
    for step in steps(path) {
        let next = match step.parse::<usize>() {
            Ok(index) => node.items().and_then(|items| items.get(index)).map(|item| (item.span(), item)),
            Err(_) => {
                node.entry(&step).map(|entry| (Span::new(entry.key.span().start, entry.value.span().end), &entry.value))
            }
        };
        let Some((next_span, next_node)) = next else { break };
        span = next_span;
        node = next_node;
    }
    span
}

fn steps(path: &str) -> Vec<String> {
    let mut steps = Vec::new();
    let mut current = String::new();
    let mut chars = path.chars();
    while let Some(c) = chars.next() {
        match c {
            '.' => steps.push(std::mem::take(&mut current)),
            '[' => {
                if !current.is_empty() {
                    steps.push(std::mem::take(&mut current));
                }
                steps.push(chars.by_ref().take_while(|c| *c != ']').collect());
            }
            _ => current.push(c),
        }
    }
    if !current.is_empty() {
        steps.push(current);
    }
    steps.retain(|step| !step.is_empty());
    steps
}

#[derive(Default)]
struct Counts {
    cases: usize,
    accepted: usize,
    rejected: usize,
    passing: usize,
    gaps: usize,
}

#[test]
fn ordinal_agrees_with_the_api_server() {
    let gaps: BTreeMap<&str, &str> = KNOWN_GAPS.iter().copied().collect();
    let mut seen_gaps = Vec::new();
    let mut failures = Vec::new();
    let mut counts: BTreeMap<String, Counts> = BTreeMap::new();
    let mut kinds: Vec<PathBuf> =
        std::fs::read_dir(fixtures_dir()).expect("fixtures").map(|entry| entry.unwrap().path()).collect();
    kinds.sort();
    for kind_dir in kinds {
        let kind = kind_dir.file_name().unwrap().to_string_lossy().to_string();
        let mut files: Vec<PathBuf> =
            std::fs::read_dir(&kind_dir).unwrap().map(|entry| entry.unwrap().path()).collect();
        files.sort();
        for path in files {
            let slug = path.file_stem().unwrap().to_string_lossy().to_string();
            let id = format!("{kind}/{slug}");
            let text = std::fs::read_to_string(&path).unwrap();
            let Some(expect) = expectation(&text) else {
                failures.push(format!("{id}: no `# expect:` line"));
                continue;
            };
            let count = counts.entry(kind.clone()).or_default();
            count.cases += 1;
            let file = SourceFile::new(format!("{id}.yaml"), text.clone());
            let report = lint(std::slice::from_ref(&file), &Options::default());
            let errors: Vec<_> = report.diagnostics.iter().filter(|d| d.severity == Severity::Error).collect();
            let passes = match &expect {
                Expect::Accepted => {
                    count.accepted += 1;
                    errors.is_empty()
                }
                Expect::Rejected(paths) => {
                    count.rejected += 1;
                    let parsed = parse_yaml(&text, Limits::default());
                    let root = parsed.documents.into_iter().find_map(|document| document.root).expect("a document");
                    let spans: Vec<Span> = paths.iter().map(|path| field_span(&root, path)).collect();
                    errors.iter().any(|error| {
                        spans.iter().any(|field| error.span.start >= field.start && error.span.end <= field.end)
                    })
                }
            };
            let describe = || {
                let found: Vec<String> = errors
                    .iter()
                    .map(|error| {
                        let at = file.line_column(error.span.start);
                        format!("    {}:{} {}: {}", at.line, at.column, error.rule, error.message)
                    })
                    .collect();
                format!("{id}: expected {expect:?}, got {} error(s)\n{}", errors.len(), found.join("\n"))
            };
            match (passes, gaps.contains_key(id.as_str())) {
                (true, false) => count.passing += 1,
                (false, true) => {
                    count.gaps += 1;
                    seen_gaps.push(id.clone());
                }
                (true, true) => {
                    seen_gaps.push(id.clone());
                    failures.push(format!("{id}: now passes; remove it from KNOWN_GAPS"));
                }
                (false, false) => failures.push(describe()),
            }
        }
    }
    for id in gaps.keys() {
        if !seen_gaps.iter().any(|seen| seen == id) {
            failures.push(format!("{id}: listed in KNOWN_GAPS but no such fixture"));
        }
    }
    println!("{:<12} {:>5} {:>8} {:>8} {:>7} {:>4}", "kind", "cases", "accepted", "rejected", "passing", "gaps");
    for (kind, count) in &counts {
        println!(
            "{kind:<12} {:>5} {:>8} {:>8} {:>7} {:>4}",
            count.cases, count.accepted, count.rejected, count.passing, count.gaps
        );
    }
    assert!(!counts.is_empty(), "no fixtures under {}", fixtures_dir().display());
    assert!(failures.is_empty(), "{} case(s) disagree with the API server:\n{}", failures.len(), failures.join("\n"));
}
