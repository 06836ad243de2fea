//! The JSON wire shape of a lint report, shared by `ordinal lint --format
//! json` and the playground so that both emit exactly the same thing:
//!
//! ```json
//! {"diagnostics": [{"rule", "severity", "message", "help", "file", "line", "column",
//!                   "end_line", "end_column", "resource": {"kind", "namespace", "name"} | null,
//!                   "source": "<template path>" | null,
//!                   "fix": {"message", "edits": [{"line", "column", "end_line", "end_column",
//!                                                  "replacement"}],
//!                          "applicability": "safe" | "unsafe"} | null}],
//!  "summary": {"files", "resources", "errors", "warnings", "infos"}}
//! ```
//!
//! `source` is the template the finding's document was rendered from, as
//! its `# Source:` comment names it (`helm template … | ordinal lint -`).
//!
//! Lines and columns are 1-based; columns count characters, and the end
//! position is the one just after the last character (exclusive), as in
//! SARIF. [`LintJsonOptions`] can add byte offsets (`start`, `end`),
//! UTF-16 offsets (`start_utf16`, `end_utf16`: JavaScript string indices,
//! which the playground and the embed use) and secondary `labels`, which the
//! listed keys never depend on.
//!
//! ```
//! use ordinal_core::render::lint_json::{render, LintJsonOptions};
//! use ordinal_core::{lint, Options, SourceFile};
//! let files = [SourceFile::new("web.yaml", "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: web}\nspec:\n  serviceName: nginx\n")];
//! let report = lint(&files, &Options::default());
//! let json: serde_json::Value = serde_json::from_str(&render(&report, &files, LintJsonOptions::default())).unwrap();
//! let finding = json["diagnostics"].as_array().unwrap().iter().find(|d| d["rule"] == "service-not-found").unwrap();
//! assert_eq!((&finding["line"], &finding["column"]), (&5.into(), &16.into()));
//! ```

use serde::Serialize;

use crate::diagnostic::{Diagnostic, Edit, Fix, Label, ResourceRef};
use crate::source::{LineColumn, SourceFile, Span};
use crate::{LintReport, Summary};

/// Optional additions to the shape; all off by default.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LintJsonOptions {
    /// Add `start` and `end` byte offsets to every diagnostic, edit and label.
    pub byte_offsets: bool,
    /// Add `start_utf16` and `end_utf16` (UTF-16 code units, the string
    /// indices of JavaScript) to every diagnostic, edit and label.
    pub utf16_offsets: bool,
    /// Add `labels`: the secondary locations of each diagnostic.
    pub labels: bool,
}

/// The whole report.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "LintReport"))]
pub struct LintJson<'a> {
    /// Findings in report order.
    pub diagnostics: Vec<DiagnosticJson<'a>>,
    /// Counts.
    pub summary: Summary,
}

/// One finding.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "Diagnostic"))]
pub struct DiagnosticJson<'a> {
    /// Rule id.
    pub rule: &'a str,
    /// `error`, `warning` or `info`.
    #[cfg_attr(feature = "ts", ts(type = r#""error" | "warning" | "info""#))]
    pub severity: &'static str,
    /// What is wrong.
    pub message: &'a str,
    /// What to do.
    pub help: &'a str,
    /// File name as given to the linter.
    pub file: &'a str,
    /// Start and end position, 1-based.
    #[serde(flatten)]
    pub range: RangeJson,
    /// The resource, when known.
    pub resource: Option<ResourceJson<'a>>,
    /// The template the document was rendered from (its `# Source:`
    /// comment), or null.
    pub source: Option<&'a str>,
    /// A safe fix, when one exists.
    pub fix: Option<FixJson<'a>>,
    /// Secondary locations (only with [`LintJsonOptions::labels`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub labels: Option<Vec<LabelJson<'a>>>,
}

/// A located range: 1-based line and column of both ends, end exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "Range"))]
pub struct RangeJson {
    /// First line.
    pub line: usize,
    /// First column (characters).
    pub column: usize,
    /// Last line.
    pub end_line: usize,
    /// Column just after the last character.
    pub end_column: usize,
    /// Byte offset of the start (only with [`LintJsonOptions::byte_offsets`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub start: Option<usize>,
    /// Byte offset of the end (only with [`LintJsonOptions::byte_offsets`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub end: Option<usize>,
    /// UTF-16 offset of the start (only with [`LintJsonOptions::utf16_offsets`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub start_utf16: Option<usize>,
    /// UTF-16 offset of the end (only with [`LintJsonOptions::utf16_offsets`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub end_utf16: Option<usize>,
}

/// The object a finding concerns.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "ResourceRef"))]
pub struct ResourceJson<'a> {
    /// `kind`.
    pub kind: &'a str,
    /// Effective namespace.
    pub namespace: &'a str,
    /// `metadata.name`, or null.
    pub name: Option<&'a str>,
}

/// A fix.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "Fix"))]
pub struct FixJson<'a> {
    /// What it does.
    pub message: &'a str,
    /// Text edits in the diagnostic's file.
    pub edits: Vec<EditJson<'a>>,
    /// `safe` (applied by `ordinal lint --fix`) or `unsafe` (only with
    /// `--unsafe-fixes`).
    #[cfg_attr(feature = "ts", ts(type = r#""safe" | "unsafe""#))]
    pub applicability: &'static str,
}

/// One text edit.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "Edit"))]
pub struct EditJson<'a> {
    /// The range to replace (empty to insert).
    #[serde(flatten)]
    pub range: RangeJson,
    /// The new text.
    pub replacement: &'a str,
}

/// A secondary location.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "Label"))]
pub struct LabelJson<'a> {
    /// File name.
    pub file: &'a str,
    /// Where.
    #[serde(flatten)]
    pub range: RangeJson,
    /// What is there.
    pub message: &'a str,
}

/// Build the wire value of `report`, whose file ids index `files`.
pub fn to_json<'a>(report: &'a LintReport, files: &'a [SourceFile], options: LintJsonOptions) -> LintJson<'a> {
    LintJson {
        diagnostics: report.diagnostics.iter().map(|d| diagnostic_json(d, files, options)).collect(),
        summary: report.summary,
    }
}

/// Render `report` as pretty-printed JSON (keys in the documented order).
pub fn render(report: &LintReport, files: &[SourceFile], options: LintJsonOptions) -> String {
    // Serialising plain structs of strings and numbers cannot fail.
    serde_json::to_string_pretty(&Streamed { report, files, options }).unwrap_or_default()
}

/// Write what [`render`] returns into `writer`, one diagnostic at a time:
/// a big report (six times its input) is never held whole in memory.
pub fn write(
    writer: impl std::io::Write,
    report: &LintReport,
    files: &[SourceFile],
    options: LintJsonOptions,
) -> std::io::Result<()> {
    serde_json::to_writer_pretty(writer, &Streamed { report, files, options }).map_err(std::io::Error::from)
}

/// [`LintJson`], with each [`DiagnosticJson`] built only as it is written,
/// so that neither the wire values nor the text exist all at once.
struct Streamed<'a> {
    report: &'a LintReport,
    files: &'a [SourceFile],
    options: LintJsonOptions,
}

impl Serialize for Streamed<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        // The same fields, names and order as `LintJson`'s derive.
        let mut report = serializer.serialize_struct("LintJson", 2)?;
        report.serialize_field("diagnostics", &StreamedDiagnostics(self))?;
        report.serialize_field("summary", &self.report.summary)?;
        report.end()
    }
}

struct StreamedDiagnostics<'s, 'a>(&'s Streamed<'a>);

impl Serialize for StreamedDiagnostics<'_, '_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let Streamed { report, files, options } = self.0;
        serializer.collect_seq(report.diagnostics.iter().map(|d| diagnostic_json(d, files, *options)))
    }
}

/// Position of `span` in `file` (a missing file gives line 1, column 1).
pub fn range_json(file: Option<&SourceFile>, span: Span, options: LintJsonOptions) -> RangeJson {
    let (start, end) = match file {
        Some(file) => (file.line_column(span.start), file.line_column(span.end)),
        None => (LineColumn { line: 1, column: 1 }, LineColumn { line: 1, column: 1 }),
    };
    let utf16 = |offset: usize| file.map_or(0, |file| utf16_offset(&file.text, offset));
    RangeJson {
        line: start.line,
        column: start.column,
        end_line: end.line,
        end_column: end.column,
        start: options.byte_offsets.then_some(span.start),
        end: options.byte_offsets.then_some(span.end),
        start_utf16: options.utf16_offsets.then(|| utf16(span.start)),
        end_utf16: options.utf16_offsets.then(|| utf16(span.end)),
    }
}

/// The UTF-16 offset of byte `offset` of `text`; an offset past the end or
/// inside a character is clamped to the character's start.
pub fn utf16_offset(text: &str, offset: usize) -> usize {
    let mut end = offset.min(text.len());
    while end > 0 && !text.is_char_boundary(end) {
        end -= 1;
    }
    let prefix = text.get(..end).unwrap_or_default();
    // Every ASCII byte is one UTF-16 unit; is_ascii is much cheaper than encoding.
    if prefix.is_ascii() {
        end
    } else {
        prefix.encode_utf16().count()
    }
}

/// One diagnostic in the wire shape (also `diff_json`'s).
pub fn diagnostic_json<'a>(
    diagnostic: &'a Diagnostic,
    files: &'a [SourceFile],
    options: LintJsonOptions,
) -> DiagnosticJson<'a> {
    let file = files.get(diagnostic.file);
    DiagnosticJson {
        rule: diagnostic.rule,
        severity: diagnostic.severity.as_str(),
        message: &diagnostic.message,
        help: &diagnostic.help,
        file: file.map_or("", |file| file.name.as_str()),
        range: range_json(file, diagnostic.span, options),
        resource: diagnostic.resource.as_deref().map(resource_json),
        source: diagnostic.source.as_deref(),
        fix: diagnostic.fix.as_ref().map(|fix| fix_json(fix, file, options)),
        labels: options
            .labels
            .then(|| diagnostic.labels.iter().map(|label| label_json(label, files, options)).collect()),
    }
}

fn resource_json(resource: &ResourceRef) -> ResourceJson<'_> {
    ResourceJson { kind: &resource.kind, namespace: &resource.namespace, name: resource.name.as_deref() }
}

fn fix_json<'a>(fix: &'a Fix, file: Option<&SourceFile>, options: LintJsonOptions) -> FixJson<'a> {
    FixJson {
        message: &fix.message,
        edits: fix
            .edits
            .iter()
            .map(|edit: &'a Edit| EditJson {
                range: range_json(file, edit.span, options),
                replacement: &edit.replacement,
            })
            .collect(),
        applicability: fix.applicability.as_str(),
    }
}

fn label_json<'a>(label: &'a Label, files: &'a [SourceFile], options: LintJsonOptions) -> LabelJson<'a> {
    let file = files.get(label.file);
    LabelJson {
        file: file.map_or("", |file| file.name.as_str()),
        range: range_json(file, label.span, options),
        message: &label.message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{lint, Options};

    const WEB: &str = "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: web\nspec:\n  serviceName: nginx\n";

    fn keys(value: &serde_json::Value) -> Vec<&str> {
        value.as_object().map(|object| object.keys().map(String::as_str).collect()).unwrap_or_default()
    }

    fn service_not_found(value: &serde_json::Value) -> &serde_json::Value {
        let diagnostics = value["diagnostics"].as_array().unwrap();
        diagnostics.iter().find(|d| d["rule"] == "service-not-found").expect("a service-not-found finding")
    }

    #[test]
    fn streamed_and_built_reports_are_the_same_text() {
        let files = [SourceFile::new(
            "web.yaml",
            "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: web}\nspec:\n  serviceName: nginx\n",
        )];
        let report = crate::lint(&files, &crate::Options::default());
        for options in
            [LintJsonOptions::default(), LintJsonOptions { byte_offsets: true, utf16_offsets: true, labels: true }]
        {
            let built = serde_json::to_string_pretty(&to_json(&report, &files, options)).unwrap();
            let mut streamed = Vec::new();
            write(&mut streamed, &report, &files, options).unwrap();
            assert_eq!(String::from_utf8(streamed).unwrap(), built);
            assert_eq!(render(&report, &files, options), built);
        }
        let empty = crate::lint(&[], &crate::Options::default());
        let built = serde_json::to_string_pretty(&to_json(&empty, &[], LintJsonOptions::default())).unwrap();
        assert_eq!(render(&empty, &[], LintJsonOptions::default()), built);
    }

    #[test]
    fn default_shape_has_exactly_the_documented_keys() {
        let files = [SourceFile::new("web.yaml", WEB)];
        let report = lint(&files, &Options::default());
        let value = serde_json::to_value(to_json(&report, &files, LintJsonOptions::default())).unwrap();
        let mut top = keys(&value);
        top.sort_unstable();
        assert_eq!(top, ["diagnostics", "summary"]);
        for diagnostic in value["diagnostics"].as_array().unwrap() {
            let mut diagnostic_keys = keys(diagnostic);
            diagnostic_keys.sort_unstable();
            assert_eq!(
                diagnostic_keys,
                [
                    "column",
                    "end_column",
                    "end_line",
                    "file",
                    "fix",
                    "help",
                    "line",
                    "message",
                    "resource",
                    "rule",
                    "severity",
                    "source"
                ]
            );
        }
        let diagnostic = service_not_found(&value);
        assert_eq!(diagnostic["severity"], "error");
        assert_eq!(diagnostic["file"], "web.yaml");
        assert_eq!((diagnostic["line"].as_u64(), diagnostic["column"].as_u64()), (Some(6), Some(16)));
        assert_eq!((diagnostic["end_line"].as_u64(), diagnostic["end_column"].as_u64()), (Some(6), Some(21)));
        assert_eq!(
            diagnostic["resource"],
            serde_json::json!({"kind": "StatefulSet", "namespace": "default", "name": "web"})
        );
        assert!(diagnostic["fix"].is_null());
        assert!(diagnostic["source"].is_null());
        let mut summary_keys = keys(&value["summary"]);
        summary_keys.sort_unstable();
        assert_eq!(summary_keys, ["errors", "files", "infos", "resources", "warnings"]);
        assert_eq!(value["summary"]["resources"], 1);
    }

    #[test]
    fn source_names_the_template_of_each_document() {
        let text =
            format!("---\n# Source: chart/templates/sts.yaml\n{WEB}---\n# Source: chart/templates/bad.yaml\nkey: [\n");
        let files = [SourceFile::new("-", text)];
        let report = lint(&files, &Options::default());
        let value = serde_json::to_value(to_json(&report, &files, LintJsonOptions::default())).unwrap();
        assert_eq!(service_not_found(&value)["source"], "chart/templates/sts.yaml");
        let diagnostics = value["diagnostics"].as_array().unwrap();
        let syntax = diagnostics.iter().find(|d| d["rule"] == "yaml-syntax").expect("a yaml-syntax finding");
        assert_eq!(syntax["source"], "chart/templates/bad.yaml");
    }

    #[test]
    fn options_add_byte_offsets_and_labels() {
        let files = [SourceFile::new("web.yaml", WEB)];
        let report = lint(&files, &Options::default());
        let options = LintJsonOptions { byte_offsets: true, utf16_offsets: true, labels: true };
        let value = serde_json::to_value(to_json(&report, &files, options)).unwrap();
        let diagnostic = service_not_found(&value);
        let start = WEB.find("nginx").unwrap();
        assert_eq!(diagnostic["start"], start);
        assert_eq!(diagnostic["end"], start + "nginx".len());
        assert_eq!((&diagnostic["start_utf16"], &diagnostic["end_utf16"]), (&diagnostic["start"], &diagnostic["end"]));
        assert!(diagnostic["labels"].is_array());
    }

    #[test]
    fn utf16_offsets_count_code_units() {
        let text = "aé😀b";
        assert_eq!(utf16_offset(text, 0), 0);
        assert_eq!(utf16_offset(text, 1), 1);
        assert_eq!(utf16_offset(text, 3), 2);
        // The emoji is 4 bytes and 2 UTF-16 units.
        assert_eq!(utf16_offset(text, 7), 4);
        assert_eq!(utf16_offset(text, 5), 2, "inside a character clamps to its start");
        assert_eq!(utf16_offset(text, 99), 5);
        assert_eq!(utf16_offset("abc", 2), 2);
        let files = [SourceFile::new("w.yaml", WEB.replace("name: web", "name: wéb"))];
        let report = lint(&files, &Options::default());
        let options = LintJsonOptions { byte_offsets: true, utf16_offsets: true, labels: false };
        let value = serde_json::to_value(to_json(&report, &files, options)).unwrap();
        let diagnostic = service_not_found(&value);
        // `é` is two bytes but one UTF-16 unit.
        assert_eq!(diagnostic["start"].as_u64().unwrap(), diagnostic["start_utf16"].as_u64().unwrap() + 1);
    }

    #[test]
    fn fixes_are_located() {
        let fix = Fix::replace(crate::diagnostic::Applicability::Safe, "quote it", Span::new(3, 5), "\"x\"");
        let file = SourceFile::new("a.yaml", "a: on\n");
        let json = serde_json::to_value(fix_json(&fix, Some(&file), LintJsonOptions::default())).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"message": "quote it", "edits": [{"line": 1, "column": 4, "end_line": 1, "end_column": 6, "replacement": "\"x\""}], "applicability": "safe"})
        );
    }
}
