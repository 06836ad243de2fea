//! `--format github`: GitHub Actions workflow commands, which GitHub turns
//! into annotations on the pull request's changed lines.
//!
//! ```text
//! ::error file=web.yaml,line=6,col=16,endLine=6,endColumn=21,title=service-not-found::no Service `nginx` in namespace `default`
//! ```
//!
//! A finding in a document rendered from a template (`helm template`'s
//! `# Source:` comment) ends its message with ` (from <template>)`: the
//! annotation of piped input names no file of the pull request, so the
//! template is what tells the reader where to look.
//!
//! GitHub shows the message and file name to people, and its log viewer
//! interprets terminal escapes, so both are first made visible with
//! [`display`] (a manifest's newline becomes `\n`), then percent-escaped as
//! the toolkit requires.

use ordinal_core::escape::display;
use ordinal_core::Severity;

use super::{file_name, location, LintRun};

/// One workflow command per diagnostic, in report order.
pub fn render(run: &LintRun<'_>) -> String {
    let mut out = String::new();
    for diagnostic in &run.report.diagnostics {
        let command = match diagnostic.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let (start, end) = location(run, diagnostic.file, diagnostic.span);
        let mut message = display(&diagnostic.message).into_owned();
        if let Some(source) = &diagnostic.source {
            message.push_str(&format!(" (from {})", display(source)));
        }
        out.push_str(&format!(
            "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
            escape_property(&display(file_name(run, diagnostic.file))),
            start.line,
            start.column,
            end.line,
            end.column,
            escape_property(diagnostic.rule),
            escape_data(&message),
        ));
    }
    out
}

/// Escape a command's message, as `@actions/core` does.
pub fn escape_data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escape a command property value: the message escapes plus `:` and `,`.
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_follow_the_actions_toolkit() {
        assert_eq!(escape_data("100% a\r\nb"), "100%25 a%0D%0Ab");
        assert_eq!(escape_property("a,b:c%"), "a%2Cb%3Ac%25");
    }
}
