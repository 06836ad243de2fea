//! Helpers shared by the fuzz targets (each target includes this module with
//! `#[path]`; not every target uses every helper).
#![allow(dead_code)]

pub mod generate;
pub mod svg_check;

use ordinal_core::{LintReport, SourceFile};

/// Every diagnostic of `report` points inside `file`, on character
/// boundaries, at a valid line; every fix edit too.
pub fn check_spans(file: &SourceFile, report: &LintReport) {
    let text = &file.text;
    for diagnostic in &report.diagnostics {
        let span = diagnostic.span;
        assert!(span.start <= span.end && span.end <= text.len(), "span {span:?} outside {} bytes", text.len());
        assert!(
            text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
            "span {span:?} splits a character"
        );
        let position = file.line_column(span.start);
        assert!(position.line >= 1 && position.line <= file.lines().line_count());
        if let Some(fix) = &diagnostic.fix {
            for edit in &fix.edits {
                let span = edit.span;
                assert!(span.start <= span.end && span.end <= text.len(), "fix edit {span:?} outside the text");
                assert!(
                    text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
                    "fix edit {span:?} splits a character"
                );
            }
        }
    }
}

/// Lint and explain `files`, run every renderer on the results and check
/// what they produce.
pub fn render_all(files: &[SourceFile], options: &ordinal_core::Options, color: bool, offsets: bool) {
    use ordinal_core::explain::explain;
    use ordinal_core::render::lint_json::LintJsonOptions;
    use ordinal_core::render::{explain_json, explain_text, lint_json, lint_text, svg};

    let report = ordinal_core::lint(files, options);
    for file in files {
        check_spans(file, &report);
    }
    let _ = lint_text::render_findings(files, &report.diagnostics, color);
    let json_options = LintJsonOptions { byte_offsets: offsets, utf16_offsets: offsets, labels: offsets };
    let json = lint_json::render(&report, files, json_options);
    if let Err(error) = serde_json::from_str::<serde_json::Value>(&json) {
        panic!("lint JSON does not parse: {error}\n{json}");
    }
    let explanation = explain(files, options);
    let _ = explain_text::render(&explanation);
    let json = explain_json::render(&explanation);
    if let Err(error) = serde_json::from_str::<serde_json::Value>(&json) {
        panic!("explain JSON does not parse: {error}\n{json}");
    }
    svg_check::check_svg(&svg::render(&explanation));
}
