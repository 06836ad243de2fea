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

/// The whole report as one `<testsuites>` document, as a string.
pub fn render(run: &LintRun<'_>) -> String {
    let mut out = Vec::new();
    // Writing into memory cannot fail.
    let _ = write(run, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// Write the report into `out` one testsuite at a time, so that only one
/// file's suite is built at once: a report of 16,000 files held every
/// suite, case and description until the end. quick-junit writes a whole
/// `Report`, with the totals on its root element, so the totals are
/// counted first (from the cases, without building them), and each suite
/// is written as a one-suite report whose root lines are left out; a test
/// checks that the result is byte for byte the one-`Report` document.
pub fn write(run: &LintRun<'_>, out: &mut impl std::io::Write) -> std::io::Result<()> {
    let by_file = ByFile::new(run);
    let mut totals = Report::new(REPORT_NAME);
    for file_id in 0..run.files.len() {
        for (_, findings) in by_file.cases(run, file_id) {
            totals.tests += 1;
            totals.failures += usize::from(findings.iter().any(|diagnostic| diagnostic.severity >= run.fail_on));
        }
    }
    let frame = serialize(&totals);
    let (head, tail) = frame.split_at(frame.find(ROOT_END).unwrap_or(frame.len()));
    out.write_all(head.as_bytes())?;
    for file_id in 0..run.files.len() {
        let mut one = Report::new(REPORT_NAME);
        one.add_test_suite(by_file.suite(run, file_id));
        let document = serialize(&one);
        out.write_all(suite_lines(&document).as_bytes())?;
    }
    out.write_all(tail.as_bytes())
}

/// The root element's name attribute.
const REPORT_NAME: &str = "ordinal";

/// The root element's end tag, on a line of its own.
const ROOT_END: &str = "</testsuites>";

/// `report` as quick-junit writes it. Serialising into memory only fails on
/// an I/O error, which a `Vec` cannot have; the fallback still gives CI a
/// well-formed document.
fn serialize(report: &Report) -> String {
    report.to_string().unwrap_or_else(|error| {
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"ordinal\" tests=\"0\" failures=\"0\" errors=\"1\"><!-- {} -->\n</testsuites>\n",
            escape::display(&error.to_string()).replace("--", "- -")
        )
    })
}

/// The lines of a one-suite document between its root's start line and its
/// end tag: the suite, indented as it is inside the whole report.
fn suite_lines(document: &str) -> &str {
    let after_root_start =
        document.find("<testsuites").and_then(|start| document[start..].find('\n').map(|end| start + end + 1));
    let root_end = document.rfind(ROOT_END);
    match (after_root_start, root_end) {
        (Some(start), Some(end)) if start <= end => &document[start..end],
        _ => "",
    }
}

/// Resources and findings grouped by file once; each finding finds its
/// resource by binary search, so the work is linear in files + resources +
/// findings (16,000 files used to cost files × findings).
struct ByFile<'r> {
    resources: Vec<Vec<usize>>,
    diagnostics: Vec<Vec<&'r Diagnostic>>,
}

impl<'r> ByFile<'r> {
    fn new(run: &LintRun<'r>) -> Self {
        let mut resources: Vec<Vec<usize>> = vec![Vec::new(); run.files.len()];
        for (index, resource) in run.resources.iter().enumerate() {
            if let Some(indexes) = resources.get_mut(resource.file) {
                indexes.push(index);
            }
        }
        let mut diagnostics: Vec<Vec<&Diagnostic>> = vec![Vec::new(); run.files.len()];
        for diagnostic in &run.report.diagnostics {
            if let Some(findings) = diagnostics.get_mut(diagnostic.file) {
                findings.push(diagnostic);
            }
        }
        ByFile { resources, diagnostics }
    }

    /// The testcases of file `file_id`: one per resource (named
    /// `kind/namespace/name`) with its findings, after a `(file)` case for
    /// the findings outside every resource, when there are any.
    fn cases(&self, run: &LintRun<'_>, file_id: usize) -> Vec<(String, Vec<&'r Diagnostic>)> {
        let resource_indexes = &self.resources[file_id];
        let mut cases: Vec<(String, Vec<&Diagnostic>)> =
            resource_indexes.iter().map(|&index| (run.resources[index].reference.to_string(), Vec::new())).collect();
        // The first resource of the file with that reference, for findings
        // outside every resource's span.
        let mut by_reference = HashMap::new();
        for (case, &index) in resource_indexes.iter().enumerate() {
            by_reference.entry(&*run.resources[index].reference).or_insert(case);
        }
        let mut file_level = Vec::new();
        for &diagnostic in &self.diagnostics[file_id] {
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
        cases
    }

    /// The testsuite of file `file_id`.
    fn suite(&self, run: &LintRun<'_>, file_id: usize) -> TestSuite {
        let file_name = escape::display(&run.files[file_id].name);
        let mut suite = TestSuite::new(file_name.as_ref());
        for (name, findings) in &self.cases(run, file_id) {
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
        suite
    }
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

#[cfg(test)]
mod tests {
    use ordinal_core::{lint, Options, Severity, SourceFile};

    use super::*;
    use crate::output::ResourceEntry;

    /// Files with findings inside and outside resources, at and below
    /// `--fail-on`, a clean file and an empty one.
    fn files() -> Vec<SourceFile> {
        vec![
            SourceFile::new("broken.yaml", ordinal_core::examples::find("broken-typo").unwrap().yaml),
            SourceFile::new("zookeeper.yaml", ordinal_core::examples::ZOOKEEPER.yaml),
            SourceFile::new("syntax.yaml", "a: [\nkind: Service\n"),
            SourceFile::new("empty.yaml", ""),
            SourceFile::new("web.yaml", ordinal_core::examples::WEB.yaml),
        ]
    }

    #[test]
    fn the_streamed_report_is_the_one_report_document() {
        let files = files();
        let options = Options::default();
        let report = lint(&files, &options);
        let resources: Vec<ResourceEntry> = files
            .iter()
            .enumerate()
            .flat_map(|(id, file)| ordinal_core::analyze_file(id, file, &options).resources)
            .map(|resource| ResourceEntry {
                file: resource.file,
                reference: resource.shared_reference(),
                span: resource.root.span(),
            })
            .collect();
        for fail_on in [Severity::Error, Severity::Warning, Severity::Info] {
            let run = LintRun { files: &files, report: &report, resources: &resources, fail_on };
            let by_file = ByFile::new(&run);
            let mut whole = Report::new(REPORT_NAME);
            whole.add_test_suites((0..files.len()).map(|file_id| by_file.suite(&run, file_id)));
            let expected = whole.to_string().unwrap();
            assert!(expected.matches("<testsuite ").count() == files.len(), "{expected}");
            assert!(expected.contains("<failure"), "{expected}");
            assert_eq!(render(&run), expected);
        }
    }

    #[test]
    fn no_files_is_an_empty_report() {
        let report = lint(&[], &Options::default());
        let run = LintRun { files: &[], report: &report, resources: &[], fail_on: Severity::Error };
        assert_eq!(render(&run), Report::new(REPORT_NAME).to_string().unwrap());
    }
}
