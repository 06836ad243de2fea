//! The core's findings as LSP diagnostics: the rule id as `code`, its page
//! as `codeDescription`, the secondary labels as related information, and
//! the help after the message.
//!
//! Messages are shown to people, so every manifest string in them goes
//! through `escape::display` first, as in every other face: a bidi control
//! or a line break in a name cannot reshape what the editor shows.

use std::collections::BTreeMap;

use lsp_types::{
    CodeDescription, Diagnostic as LspDiagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, Location,
    NumberOrString, Url,
};
use ordinal_core::escape::display;
use ordinal_core::{rules, Diagnostic, Severity};

use super::position::{self, Encoding};
use super::workspace::{Checked, Workspace};

/// The `source` of every diagnostic.
pub const SOURCE: &str = "ordinal";

/// One finding in both shapes: the core's (for its fix and resource) and
/// the one published.
#[derive(Debug, Clone)]
pub struct Finding {
    /// As the core reported it.
    pub diagnostic: Diagnostic,
    /// As the client was sent it.
    pub lsp: LspDiagnostic,
}

/// The findings of a check, by file; every Kubernetes file of the check has
/// an entry, empty when it is clean.
pub fn by_file(workspace: &Workspace, checked: &Checked, encoding: Encoding) -> BTreeMap<Url, Vec<Finding>> {
    let mut files: BTreeMap<Url, Vec<Finding>> = checked.uris.iter().map(|uri| (uri.clone(), Vec::new())).collect();
    for diagnostic in &checked.report.diagnostics {
        let Some(uri) = checked.uris.get(diagnostic.file) else { continue };
        let Some(lsp) = convert(workspace, &checked.uris, diagnostic, encoding) else { continue };
        files.entry(uri.clone()).or_default().push(Finding { diagnostic: diagnostic.clone(), lsp });
    }
    files
}

/// `diagnostic` as the protocol has it; `None` when its file is gone.
fn convert(workspace: &Workspace, uris: &[Url], diagnostic: &Diagnostic, encoding: Encoding) -> Option<LspDiagnostic> {
    let file = &workspace.get(uris.get(diagnostic.file)?)?.source;
    let mut message = display(&diagnostic.message).into_owned();
    if !diagnostic.help.is_empty() {
        message.push_str("\nhelp: ");
        message.push_str(&display(&diagnostic.help));
    }
    let related: Vec<DiagnosticRelatedInformation> = diagnostic
        .labels
        .iter()
        .filter_map(|label| {
            let uri = uris.get(label.file)?;
            let source = &workspace.get(uri)?.source;
            Some(DiagnosticRelatedInformation {
                location: Location { uri: uri.clone(), range: position::range(source, label.span, encoding) },
                message: display(&label.message).into_owned(),
            })
        })
        .collect();
    let href = rules::find(diagnostic.rule).and_then(|rule| Url::parse(&rule.meta().docs_url()).ok());
    Some(LspDiagnostic {
        range: position::range(file, diagnostic.span, encoding),
        severity: Some(severity(diagnostic.severity)),
        code: Some(NumberOrString::String(diagnostic.rule.to_string())),
        code_description: href.map(|href| CodeDescription { href }),
        source: Some(SOURCE.to_string()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: None,
    })
}

fn severity(severity: Severity) -> DiagnosticSeverity {
    match severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    }
}
