use super::{Context, FileProblems, Reporter, Rule};
use crate::diagnostic::{Applicability, Edit, Fix};
use crate::parse::ProblemKind;

super::declare_rule! {
    /// ## What it flags
    /// A mapping that has the same key twice.
    ///
    /// ## Why it matters
    /// sigs.k8s.io/yaml keeps only the last value, so the first one is
    /// silently lost on a client-side apply, and the API server's strict
    /// field validation (the default for `kubectl apply` since 1.27)
    /// rejects the object with "duplicate field".
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   replicas: 3
    ///   replicas: 5
    /// ```
    ///
    /// ## Fix
    /// Keep one of the two keys. The fix removes the first entry, when it
    /// is a one-line block entry; it is safe, since the object keeps the
    /// value Kubernetes would apply (the last one).
    ///
    /// ## Source
    /// KEP-2885 (server-side field validation); sigs.k8s.io/yaml `YAMLToJSON`.
    pub struct DuplicateKey {
        id: "duplicate-key",
        severity: Error,
        summary: "a mapping repeats a key",
    }
}

impl Rule for DuplicateKey {
    fn check_file(&self, ctx: &Context<'_>, file: &FileProblems<'_>, report: &mut Reporter<'_>) {
        for problem in file.problems {
            let ProblemKind::DuplicateKey { first } = problem.kind else { continue };
            let mut diagnostic = report
                .report(problem.span, problem.message.clone())
                .help("remove one of the two entries; Kubernetes keeps only the last one")
                .label(first, "first defined here");
            if let Some(fix) = remove_first_entry(&ctx.file.text, first) {
                diagnostic = diagnostic.fix(fix);
            }
        }
    }
}

/// Deleting the earlier entry keeps what Kubernetes would apply today. Only
/// offered when the first key starts its own line in block style and its
/// value ends on that same line, which is the common and safely-editable case.
fn remove_first_entry(text: &str, first: crate::source::Span) -> Option<Fix> {
    let line_start = text[..first.start].rfind('\n').map_or(0, |i| i + 1);
    let before = &text[line_start..first.start];
    if !before.chars().all(|c| c == ' ') {
        return None;
    }
    let line_end = text[first.start..].find('\n').map_or(text.len(), |i| first.start + i + 1);
    let line = &text[first.start..line_end];
    let after_colon = line.split_once(':')?.1.trim();
    // A value that continues on the next lines (a nested block) is not safe to remove line-wise.
    if after_colon.is_empty() || after_colon.starts_with(['|', '>', '[', '{', '&']) {
        return None;
    }
    Some(Fix::new(
        Applicability::Safe,
        "remove the first entry",
        vec![Edit { span: crate::source::Span::new(line_start, line_end), replacement: String::new() }],
    ))
}
