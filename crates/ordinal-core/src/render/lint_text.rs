//! Lint findings as people read them: rustc-style snippets rendered with
//! `annotate-snippets` (feature `text-render`; the CLI's `--format text` and
//! the rule-fixture snapshots use it, the WASM builds leave it out).
//!
//! ```text
//! error[service-not-found]: no Service `nginx` in namespace `default`
//!  --> web.yaml:6:16
//!   |
//! 6 |   serviceName: nginx
//!   |                ^^^^^
//!   |
//!   = help: create a headless Service `nginx` in namespace `default`
//! ```
//!
//! A finding in a document with a `# Source:` comment (`helm template`
//! output) names the template beside its location:
//! ` --> <stdin>:12:3 (from chart/templates/statefulset.yaml)`.
//!
//! Messages, help, labels, fix titles, sources and file names go through
//! [`escape::display`], and the quoted source lines and fix patches through
//! [`escape::display_source`], so a manifest can neither start an output
//! line of its own nor send control characters to the terminal.
//! (annotate-snippets replaces C0 controls in source lines with pictures
//! such as `␛`, but not C1 controls, line separators or anything outside
//! source lines; escaping first gives one rule for everything.)

use std::borrow::Cow;
use std::ops::Range;

use annotate_snippets::{Annotation, AnnotationKind, Group, Level, Patch, Renderer, Snippet};

use crate::escape::{self, display};
use crate::{Diagnostic, Severity, SourceFile, Span};

/// Every diagnostic as a snippet, each followed by a blank line; `files`
/// is what the diagnostics' file ids index, `color` adds ANSI styles.
pub fn render_findings(files: &[SourceFile], diagnostics: &[Diagnostic], color: bool) -> String {
    let renderer = renderer(color);
    let mut out = String::new();
    for diagnostic in diagnostics {
        out.push_str(&render_with(files, diagnostic, &renderer));
        out.push_str("\n\n");
    }
    out
}

/// One diagnostic as a snippet, without a trailing newline.
pub fn render_diagnostic(files: &[SourceFile], diagnostic: &Diagnostic, color: bool) -> String {
    render_with(files, diagnostic, &renderer(color))
}

fn renderer(color: bool) -> Renderer {
    if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    }
}

fn render_with(files: &[SourceFile], diagnostic: &Diagnostic, renderer: &Renderer) -> String {
    let level = match diagnostic.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Info => Level::INFO,
    };
    let file_name = |file: &SourceFile| display(&file.name).into_owned();
    let message = display(&diagnostic.message);
    let mut group = Group::with_title(level.primary_title(message).id(diagnostic.rule));
    if let Some(file) = files.get(diagnostic.file) {
        // The primary snippet also carries the labels that point into the same file.
        let mut annotations = vec![(diagnostic.span, AnnotationKind::Primary, Cow::Borrowed(""))];
        for label in diagnostic.labels.iter().filter(|label| label.file == diagnostic.file) {
            annotations.push((label.span, AnnotationKind::Context, display(&label.message)));
        }
        group = group.element(snippet(file, file_name(file), annotations));
    }
    for label in diagnostic.labels.iter().filter(|label| label.file != diagnostic.file) {
        if let Some(file) = files.get(label.file) {
            let annotation = (label.span, AnnotationKind::Context, display(&label.message));
            group = group.element(snippet(file, file_name(file), vec![annotation]));
        }
    }
    if !diagnostic.help.is_empty() {
        group = group.element(Level::HELP.message(display(&diagnostic.help)));
    }
    let mut report = vec![group];
    if let (Some(fix), Some(file)) = (&diagnostic.fix, files.get(diagnostic.file)) {
        // `--fix` leaves an unsafe fix out unless asked, so say which it is.
        let kind = if fix.is_safe() { "fix available" } else { "unsafe fix available (--unsafe-fixes)" };
        let title = Level::NOTE.secondary_title(format!("{kind}: {}", display(&fix.message)));
        let spans: Vec<Span> = fix.edits.iter().map(|edit| edit.span).collect();
        match excerpt(file, &spans) {
            Some(excerpt) if !fix.edits.is_empty() => {
                let patches: Vec<Patch<'_>> = fix
                    .edits
                    .iter()
                    .map(|edit| {
                        let range = excerpt.relative(edit.span);
                        Patch::new(range, escape::display_source(&edit.replacement).text)
                    })
                    .collect();
                let source =
                    Snippet::source(excerpt.escaped.text.clone()).path(file_name(file)).line_start(excerpt.first_line);
                report.push(Group::with_title(title).element(source.patches(patches)));
            }
            _ => report.push(Group::with_title(title)),
        }
    }
    let rendered = renderer.render(&report);
    match (&diagnostic.source, files.get(diagnostic.file)) {
        (Some(source), Some(_)) => with_source(rendered, &display(source)),
        _ => rendered,
    }
}

/// `rendered` with ` (from <source>)` after the primary location, the line
/// right after the title (`-->`); the title is escaped, so it is one line.
fn with_source(mut rendered: String, source: &str) -> String {
    let Some(title_end) = rendered.find('\n') else { return rendered };
    let line_start = title_end + 1;
    let line_end = rendered[line_start..].find('\n').map_or(rendered.len(), |end| line_start + end);
    if rendered[line_start..line_end].contains("-->") {
        rendered.insert_str(line_end, &format!(" (from {source})"));
    }
    rendered
}

/// A snippet of the lines `annotations` touch, so that rendering a finding
/// in a large file does not re-read the whole file.
fn snippet<'a>(
    file: &'a SourceFile,
    name: String,
    annotations: Vec<(Span, AnnotationKind, Cow<'a, str>)>,
) -> Snippet<'a, Annotation<'a>> {
    let spans: Vec<Span> = annotations.iter().map(|(span, _, _)| *span).collect();
    let Some(excerpt) = excerpt(file, &spans) else {
        return Snippet::source("").path(name);
    };
    let mut ranges = Vec::with_capacity(annotations.len());
    for (span, kind, label) in annotations {
        ranges.push((excerpt.relative(span), kind, label));
    }
    let mut snippet = Snippet::source(excerpt.escaped.text).path(name).line_start(excerpt.first_line);
    for (range, kind, label) in ranges {
        let annotation = kind.span(range);
        snippet = snippet.annotation(if label.is_empty() { annotation } else { annotation.label(label) });
    }
    snippet
}

/// Whole lines of a file around some spans, escaped for display.
struct Excerpt<'a> {
    /// The lines as shown ([`escape::display_source`]) and where the file's
    /// characters moved to in them.
    escaped: escape::Escaped<'a>,
    /// The unescaped lines.
    raw: &'a str,
    /// Byte offset of `raw` in the file.
    offset: usize,
    /// 1-based line number of the first line.
    first_line: usize,
}

impl Excerpt<'_> {
    /// `span` relative to the shown text, clamped into the excerpt and onto
    /// character boundaries.
    fn relative(&self, span: Span) -> Range<usize> {
        let clamp = |offset: usize| {
            let mut relative = offset.saturating_sub(self.offset).min(self.raw.len());
            while !self.raw.is_char_boundary(relative) {
                relative -= 1;
            }
            self.escaped.offset(relative)
        };
        clamp(span.start)..clamp(span.end)
    }
}

fn excerpt<'a>(file: &'a SourceFile, spans: &[Span]) -> Option<Excerpt<'a>> {
    let start = spans.iter().map(|span| span.start).min()?.min(file.text.len());
    let end = spans.iter().map(|span| span.end).max()?.min(file.text.len()).max(start);
    let first_line = file.line_column(start).line;
    let last_line = file.line_column(end).line;
    let offset = file.lines().line_start(first_line).min(file.text.len());
    let last_line_text = file.lines().line_text(&file.text, last_line);
    let last_start = file.lines().line_start(last_line).min(file.text.len());
    let excerpt_end = (last_start + last_line_text.len()).max(end).min(file.text.len());
    let raw = file.text.get(offset..excerpt_end)?;
    Some(Excerpt { escaped: escape::display_source(raw), raw, offset, first_line })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{lint, Options};

    #[test]
    fn the_template_is_named_beside_the_primary_location_only() {
        let text = "---\n# Source: web/templates/sts.yaml\napiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: web}\nspec:\n  serviceName: nginx\n";
        let files = [SourceFile::new("-", text)];
        let report = lint(&files, &Options::default());
        let diagnostic = report.diagnostics.iter().find(|d| d.rule == "service-not-found").expect("a finding");
        let rendered = render_diagnostic(&files, diagnostic, false);
        let lines: Vec<&str> = rendered.lines().collect();
        assert_eq!(lines[1], " --> -:7:16 (from web/templates/sts.yaml)", "{rendered}");
        assert_eq!(rendered.matches("(from ").count(), 1, "{rendered}");
        // Without its file there is no location line to put it on.
        assert!(!render_diagnostic(&[], diagnostic, false).contains("(from "));
    }
}
