//! Peers' own test cases as fixtures: each file under
//! `tests/fixtures/peers/<peer>/<check>/` is one case converted from
//! kube-linter's or kube-score's tests, with a header naming the peer's test,
//! its commit and verdict, Ordinal's verdict and why, and what Ordinal must
//! report when the file is linted alone:
//!
//! ```text
//! # expect: finding service-selects-no-pods spec.selector
//! # expect: none pdb-blocks-eviction
//! ```
//!
//! A `finding` line asks for one diagnostic of the rule whose span lies on
//! the field (key through value; `a.b[0].c`, `metadata.labels[x.io/y]`) in
//! some document of the file; the number of `finding` lines of a rule is the
//! number of its diagnostics. A `none` line asks for no diagnostic of the
//! rule. This file reads only the check directories listed in [`DIRS`]
//! (`peer_cases.rs` reads the others; the two share the header format).

use std::path::{Path, PathBuf};

use ordinal_core::parse::{parse_yaml, Limits, Node};
use ordinal_core::rules;
use ordinal_core::{lint, Options, SourceFile, Span};

/// The check directories this test reads.
const DIRS: &[&str] = &[
    "kube-linter/dangling-service",
    "kube-linter/pdb-min-available",
    "kube-linter/no-anti-affinity",
    "kube-score/service-targets-pod",
    "kube-score/stable-version",
];

fn peers_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/peers")
}

#[derive(Debug, PartialEq)]
enum Expect {
    Finding { rule: String, path: String },
    None { rule: String },
}

fn expectations(text: &str) -> Result<Vec<Expect>, String> {
    let mut found = Vec::new();
    for line in text.lines().filter_map(|line| line.strip_prefix("# expect: ")) {
        let words: Vec<&str> = line.split_whitespace().collect();
        let expect = match words.as_slice() {
            ["finding", rule, path] => Expect::Finding { rule: rule.to_string(), path: path.to_string() },
            ["none", rule] => Expect::None { rule: rule.to_string() },
            _ => return Err(format!("unreadable expectation `{line}`")),
        };
        let rule = match &expect {
            Expect::Finding { rule, .. } | Expect::None { rule } => rule,
        };
        if rules::find(rule).is_none() {
            return Err(format!("no rule `{rule}`"));
        }
        found.push(expect);
    }
    Ok(found)
}

/// The span of the field at `path`, key through value, or `None` when the
/// path does not reach it (a finding must then be elsewhere, so a missing
/// field cannot pass by covering the whole document).
fn field_span(root: &Node, path: &str) -> Option<Span> {
    let mut node = root;
    let mut span = None;
    for step in steps(path) {
        let (next_span, next_node) = match step.parse::<usize>() {
            Ok(index) => node.items().and_then(|items| items.get(index)).map(|item| (item.span, item))?,
            Err(_) => {
                let entry = node.entry(&step)?;
                (Span::new(entry.key.span.start, entry.value.span.end), &entry.value)
            }
        };
        span = Some(next_span);
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

fn check(path: &Path) -> Result<(), String> {
    let text = std::fs::read_to_string(path).map_err(|error| format!("cannot read: {error}"))?;
    let expects = expectations(&text)?;
    if expects.is_empty() {
        return Err("no `# expect:` line".into());
    }
    let roots: Vec<Node> =
        parse_yaml(&text, Limits::default()).documents.into_iter().filter_map(|document| document.root).collect();
    let file = SourceFile::new(path.display().to_string(), text);
    let report = lint(std::slice::from_ref(&file), &Options::default());
    let of_rule = |rule: &str| report.diagnostics.iter().filter(|d| d.rule == rule).collect::<Vec<_>>();
    let mut problems = Vec::new();
    let mut rules_with_findings: Vec<&str> = Vec::new();
    for expect in &expects {
        match expect {
            Expect::None { rule } => {
                for diagnostic in of_rule(rule) {
                    let at = file.line_column(diagnostic.span.start);
                    problems.push(format!("unexpected {rule} at {at:?}: {}", diagnostic.message));
                }
            }
            Expect::Finding { rule, path } => {
                let spans: Vec<Span> = roots.iter().filter_map(|root| field_span(root, path)).collect();
                if spans.is_empty() {
                    problems.push(format!("`{path}` is in no document"));
                }
                let on_field = of_rule(rule)
                    .iter()
                    .any(|d| spans.iter().any(|field| d.span.start >= field.start && d.span.end <= field.end));
                if !on_field {
                    problems.push(format!("no {rule} on `{path}`"));
                }
                if !rules_with_findings.contains(&rule.as_str()) {
                    rules_with_findings.push(rule);
                }
            }
        }
    }
    for rule in rules_with_findings {
        let wanted = expects.iter().filter(|e| matches!(e, Expect::Finding { rule: r, .. } if r == rule)).count();
        let got = of_rule(rule).len();
        if wanted != got {
            problems.push(format!("{got} {rule} finding(s), the header expects {wanted}"));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("; "))
    }
}

#[test]
fn peer_cases_agree_with_their_headers() {
    let mut cases = 0;
    let mut failures = Vec::new();
    for dir in DIRS {
        let mut files: Vec<PathBuf> = std::fs::read_dir(peers_dir().join(dir))
            .unwrap_or_else(|error| panic!("{dir}: {error}"))
            .map(|entry| entry.expect("directory entry").path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "yaml"))
            .collect();
        files.sort();
        assert!(!files.is_empty(), "{dir} holds no case");
        for path in files {
            cases += 1;
            if let Err(problem) = check(&path) {
                failures.push(format!("{}: {problem}", path.display()));
            }
        }
    }
    assert!(failures.is_empty(), "{} of {cases} peer cases disagree:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn headers_are_read_as_written() {
    let text = "# expect: finding service-selects-no-pods spec.selector\n# expect: none pdb-blocks-eviction\n";
    assert_eq!(
        expectations(text),
        Ok(vec![
            Expect::Finding { rule: "service-selects-no-pods".into(), path: "spec.selector".into() },
            Expect::None { rule: "pdb-blocks-eviction".into() },
        ])
    );
    assert!(expectations("# expect: finding no-such-rule spec").is_err());
    assert!(expectations("# expect: maybe").is_err());
}
