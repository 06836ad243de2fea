//! `--format junit`: JUnit XML for CI test reports. One testsuite per file,
//! one testcase per resource (named `kind/namespace/name`); findings at or
//! above `--fail-on` are the testcase's failure, lower ones go to its
//! `system-out`. Findings that belong to no resource (a YAML syntax error)
//! go to a testcase named `(file)`.

use std::collections::HashMap;
use std::fmt::Write as _;

// The SVG renderer already escapes for XML 1.0 (control characters included).
use ordinal_core::render::svg::escape;
use ordinal_core::Diagnostic;

use super::{file_name, location, LintRun};

/// The whole report as one `<testsuites>` document. Resources and
/// findings are grouped by file once, and each finding finds its resource
/// by binary search, so the work is linear in files + resources + findings
/// (16,000 files used to cost files × findings).
pub fn render(run: &LintRun<'_>) -> String {
    let mut suites = String::new();
    let (mut total_tests, mut total_failures) = (0, 0);
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
                .or_else(|| diagnostic.resource.as_ref().and_then(|reference| by_reference.get(reference).copied()));
            match owner {
                Some(case) => cases[case].1.push(diagnostic),
                None => file_level.push(diagnostic),
            }
        }
        if !file_level.is_empty() {
            cases.insert(0, ("(file)".to_string(), file_level));
        }
        let failures = cases.iter().filter(|(_, findings)| findings.iter().any(|d| d.severity >= run.fail_on)).count();
        total_tests += cases.len();
        total_failures += failures;
        let _ = writeln!(
            suites,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{failures}\" errors=\"0\" skipped=\"0\">",
            attribute(&file.name),
            cases.len()
        );
        for (name, findings) in &cases {
            let _ =
                write!(suites, "    <testcase name=\"{}\" classname=\"{}\"", attribute(name), attribute(&file.name));
            if findings.is_empty() {
                suites.push_str("/>\n");
                continue;
            }
            suites.push_str(">\n");
            let (failing, other): (Vec<&Diagnostic>, Vec<&Diagnostic>) =
                findings.iter().partition(|diagnostic| diagnostic.severity >= run.fail_on);
            if !failing.is_empty() {
                let summary = match failing.as_slice() {
                    [only] => format!("{}: {}", only.rule, only.message),
                    _ => format!("{} findings", failing.len()),
                };
                let _ = writeln!(
                    suites,
                    "      <failure message=\"{}\" type=\"{}\">{}</failure>",
                    attribute(&summary),
                    failing.iter().map(|d| d.severity).max().map_or("error", |severity| severity.as_str()),
                    escape(&describe(run, &failing))
                );
            }
            if !other.is_empty() {
                let _ = writeln!(suites, "      <system-out>{}</system-out>", escape(&describe(run, &other)));
            }
            suites.push_str("    </testcase>\n");
        }
        suites.push_str("  </testsuite>\n");
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"ordinal\" tests=\"{total_tests}\" failures=\"{total_failures}\" errors=\"0\">\n{suites}</testsuites>\n"
    )
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

/// Escape an attribute value: as text, and also the newline, carriage
/// return and tab, which an XML parser would otherwise turn into spaces
/// (XML 1.0 §3.3.3, attribute-value normalisation).
fn attribute(text: &str) -> String {
    let escaped = escape(text);
    if !escaped.contains(['\n', '\r', '\t']) {
        return escaped;
    }
    escaped.replace('\n', "&#10;").replace('\r', "&#13;").replace('\t', "&#9;")
}

/// `file:line:col: severity[rule]: message` and its help, one finding a paragraph.
fn describe(run: &LintRun<'_>, findings: &[&Diagnostic]) -> String {
    let mut text = String::new();
    for diagnostic in findings {
        let (start, _) = location(run, diagnostic.file, diagnostic.span);
        let _ = writeln!(
            text,
            "{}:{}:{}: {}[{}]: {}",
            file_name(run, diagnostic.file),
            start.line,
            start.column,
            diagnostic.severity,
            diagnostic.rule,
            diagnostic.message
        );
        if !diagnostic.help.is_empty() {
            let _ = writeln!(text, "  help: {}", diagnostic.help);
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_control_characters() {
        assert_eq!(escape("a<b>&\"c'\u{1}\n"), "a&lt;b&gt;&amp;&quot;c&apos;\u{fffd}\n");
    }

    #[test]
    fn attributes_keep_newlines_and_tabs() {
        assert_eq!(attribute("a\nb\r\tc<\u{1}"), "a&#10;b&#13;&#9;c&lt;\u{fffd}");
        assert_eq!(attribute("plain"), "plain");
    }
}
