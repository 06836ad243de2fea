//! `--format junit`: JUnit XML for CI test reports. One testsuite per file,
//! one testcase per resource (named `kind/namespace/name`); findings at or
//! above `--fail-on` are the testcase's failure, lower ones go to its
//! `system-out`. Findings that belong to no resource (a YAML syntax error)
//! go to a testcase named `(file)`.

use std::fmt::Write as _;

// The SVG renderer already escapes for XML 1.0 (control characters included).
use ordinal_core::render::svg::escape;
use ordinal_core::Diagnostic;

use super::{file_name, location, LintRun};

/// The whole report as one `<testsuites>` document.
pub fn render(run: &LintRun<'_>) -> String {
    let mut suites = String::new();
    let (mut total_tests, mut total_failures) = (0, 0);
    for (file_id, file) in run.files.iter().enumerate() {
        let mut cases: Vec<(String, Vec<&Diagnostic>)> = run
            .resources
            .iter()
            .filter(|resource| resource.file == file_id)
            .map(|resource| (resource.reference.to_string(), Vec::new()))
            .collect();
        let resource_indexes: Vec<usize> = run
            .resources
            .iter()
            .enumerate()
            .filter(|(_, resource)| resource.file == file_id)
            .map(|(index, _)| index)
            .collect();
        let mut file_level = Vec::new();
        for diagnostic in run.report.diagnostics.iter().filter(|diagnostic| diagnostic.file == file_id) {
            let owner = resource_indexes.iter().position(|&index| {
                let resource = &run.resources[index];
                resource.span.start <= diagnostic.span.start && diagnostic.span.start <= resource.span.end
            });
            let owner = owner.or_else(|| {
                resource_indexes
                    .iter()
                    .position(|&index| diagnostic.resource.as_ref() == Some(&run.resources[index].reference))
            });
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
            escape(&file.name),
            cases.len()
        );
        for (name, findings) in &cases {
            let _ = write!(suites, "    <testcase name=\"{}\" classname=\"{}\"", escape(name), escape(&file.name));
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
                    escape(&summary),
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
}
