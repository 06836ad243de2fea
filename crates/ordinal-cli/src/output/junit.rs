//! `--format junit`: JUnit XML for CI test reports, written by
//! `quick-junit`. One testsuite per file, one testcase per resource (named
//! `kind/namespace/name`); findings at or above `--fail-on` are the
//! testcase's failure, lower ones go to its `system-out`. Findings that
//! belong to no resource (a YAML syntax error) go to a testcase named
//! `(file)`.
//!
//! Every string taken from a manifest (file names, resource names,
//! messages, help) goes through [`escape::display`] first. quick-junit
//! escapes markup but writes a newline into an attribute raw, which an XML
//! parser turns into a space (XML 1.0 §3.3.3), and it drops control
//! characters without a trace; shown visibly (`\n`, `\u{1b}`), they reach
//! the CI's test view as the text output shows them.

use std::collections::HashMap;
use std::fmt::Write as _;

use ordinal_core::{escape, Diagnostic};
use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};

use super::{file_name, location, LintRun};

/// The whole report as one `<testsuites>` document. Resources and
/// findings are grouped by file once, and each finding finds its resource
/// by binary search, so the work is linear in files + resources + findings
/// (16,000 files used to cost files × findings).
pub fn render(run: &LintRun<'_>) -> String {
    let mut report = Report::new("ordinal");
    let mut resources_by_file: Vec<Vec<usize>> = vec![Vec::new(); run.files.len()];
    for (index, resource) in run.resources.iter().enumerate() {
        if let Some(indexes) = resources_by_file.get_mut(resource.file) {
            indexes.push(index);
        }
    }
    let mut diagnostics_by_file: Vec<Vec<&Diagnostic>> = vec![Vec::new(); run.files.len()];
    for diagnostic in &run.report.diagnostics {
        if let Some(findings) = diagnostics_by_file.get_mut(diagnostic.file) {
            findings.push(diagnostic);
        }
    }
    for (file_id, file) in run.files.iter().enumerate() {
        let resource_indexes = &resources_by_file[file_id];
        let mut cases: Vec<(String, Vec<&Diagnostic>)> =
            resource_indexes.iter().map(|&index| (run.resources[index].reference.to_string(), Vec::new())).collect();
        // The first resource of the file with that reference, for findings
        // outside every resource's span.
        let mut by_reference = HashMap::new();
        for (case, &index) in resource_indexes.iter().enumerate() {
            by_reference.entry(&run.resources[index].reference).or_insert(case);
        }
        let mut file_level = Vec::new();
        for &diagnostic in &diagnostics_by_file[file_id] {
            let owner = owning_resource(run, resource_indexes, diagnostic.span.start)
                .or_else(|| diagnostic.resource.as_deref().and_then(|reference| by_reference.get(reference).copied()));
            match owner {
                Some(case) => cases[case].1.push(diagnostic),
                None => file_level.push(diagnostic),
            }
        }
        if !file_level.is_empty() {
            cases.insert(0, ("(file)".to_string(), file_level));
        }
        let file_name = escape::display(&file.name);
        let mut suite = TestSuite::new(file_name.as_ref());
        for (name, findings) in &cases {
            let (failing, other): (Vec<&Diagnostic>, Vec<&Diagnostic>) =
                findings.iter().partition(|diagnostic| diagnostic.severity >= run.fail_on);
            let status = if failing.is_empty() {
                TestCaseStatus::success()
            } else {
                let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
                let summary = match failing.as_slice() {
                    [only] => format!("{}: {}", only.rule, escape::display(&only.message)),
                    _ => format!("{} findings", failing.len()),
                };
                let worst = failing.iter().map(|d| d.severity).max().map_or("error", |severity| severity.as_str());
                status.set_message(summary).set_type(worst).set_description(describe(run, &failing));
                status
            };
            let mut case = TestCase::new(escape::display(name).as_ref(), status);
            case.set_classname(file_name.as_ref());
            if !other.is_empty() {
                case.set_system_out(describe(run, &other));
            }
            suite.add_test_case(case);
        }
        report.add_test_suite(suite);
    }
    // Serialising into memory only fails on an I/O error, which a String
    // cannot have; the fallback still gives CI a well-formed document.
    report.to_string().unwrap_or_else(|error| {
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"ordinal\" tests=\"0\" failures=\"0\" errors=\"1\"><!-- {} --></testsuites>\n",
            escape::display(&error.to_string()).replace("--", "- -")
        )
    })
}

/// The case (position in `resource_indexes`) of the first resource whose
/// document holds byte `offset`. A file's documents follow one another in
/// input order, so their spans are sorted and at most two (one ending where
/// the next starts) can hold the offset.
fn owning_resource(run: &LintRun<'_>, resource_indexes: &[usize], offset: usize) -> Option<usize> {
    let after = resource_indexes.partition_point(|&index| run.resources[index].span.start <= offset);
    (after.saturating_sub(2)..after).find(|&case| {
        let span = run.resources[resource_indexes[case]].span;
        span.start <= offset && offset <= span.end
    })
}

/// `file:line:col: severity[rule]: message`, the template it was rendered
/// from (`from:`, when its document names one) and its help, one finding a
/// paragraph.
fn describe(run: &LintRun<'_>, findings: &[&Diagnostic]) -> String {
    let mut text = String::new();
    for diagnostic in findings {
        let (start, _) = location(run, diagnostic.file, diagnostic.span);
        let _ = writeln!(
            text,
            "{}:{}:{}: {}[{}]: {}",
            escape::display(file_name(run, diagnostic.file)),
            start.line,
            start.column,
            diagnostic.severity,
            diagnostic.rule,
            escape::display(&diagnostic.message)
        );
        if let Some(source) = &diagnostic.source {
            let _ = writeln!(text, "  from: {}", escape::display(source));
        }
        if !diagnostic.help.is_empty() {
            let _ = writeln!(text, "  help: {}", escape::display(&diagnostic.help));
        }
    }
    text
}
