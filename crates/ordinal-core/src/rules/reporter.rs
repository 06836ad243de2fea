//! How a rule reports: the engine binds a [`Reporter`] to the rule, its
//! configured severity, the file and the resource being checked, so a rule
//! states only what is wrong and where (oxc's `ctx.diagnostic(..)`, ruff's
//! `checker.report_diagnostic(..)`).
//!
//! [`Reporter::report`] returns a [`Report`] builder that is pushed when it
//! is dropped, so a finding can be neither forgotten nor pushed twice. The
//! reporter lives on the stack of the engine's loop: binding it allocates
//! nothing, only a finding does.

use std::borrow::Cow;

use crate::diagnostic::{Diagnostic, Edit, FileId, Fix, Label, RuleMeta, Severity};
use crate::exact;
use crate::model::Resource;
use crate::source::Span;

/// Collects the findings of one rule on one file or resource.
pub struct Reporter<'a> {
    rule: &'static RuleMeta,
    severity: Severity,
    file: FileId,
    resource: Option<&'a Resource>,
    out: &'a mut Vec<Diagnostic>,
}

impl<'a> Reporter<'a> {
    /// A reporter for `rule` at its configured `severity`, about `resource`
    /// (none for the parser-level rules) in `file`.
    pub(crate) fn new(
        rule: &'static RuleMeta,
        severity: Severity,
        file: FileId,
        resource: Option<&'a Resource>,
        out: &'a mut Vec<Diagnostic>,
    ) -> Self {
        Reporter { rule, severity, file, resource, out }
    }

    /// A finding at `span` in the checked file, about the checked resource.
    pub fn report(&mut self, span: Span, message: impl Into<String>) -> Report<'_> {
        let diagnostic = self.diagnostic(self.file, span, message.into(), self.resource);
        Report { diagnostic, labels: Vec::new(), out: self.out }
    }

    /// A finding about `other` (e.g. the Service a StatefulSet names), at
    /// `span` in `other`'s file.
    pub fn report_on(&mut self, other: &Resource, span: Span, message: impl Into<String>) -> Report<'_> {
        let diagnostic = self.diagnostic(other.file, span, message.into(), Some(other));
        Report { diagnostic, labels: Vec::new(), out: self.out }
    }

    fn diagnostic(&self, file: FileId, span: Span, message: String, resource: Option<&Resource>) -> Diagnostic {
        Diagnostic {
            rule: self.rule.id,
            severity: self.severity,
            message: exact::boxed_str(message),
            help: Cow::Borrowed(""),
            file,
            span,
            resource: resource.map(Resource::shared_reference),
            labels: Box::default(),
            fix: None,
            source: resource.and_then(|resource| resource.source.clone()),
        }
    }
}

/// A finding being built; pushed to the rule's output when dropped.
pub struct Report<'r> {
    diagnostic: Diagnostic,
    /// Grown one at a time, so that it becomes the finding's boxed slice
    /// without a copy or spare room.
    labels: Vec<Label>,
    out: &'r mut Vec<Diagnostic>,
}

impl Report<'_> {
    /// What to do about it.
    pub fn help(mut self, help: impl Into<Cow<'static, str>>) -> Self {
        self.diagnostic.help = match help.into() {
            Cow::Owned(help) => Cow::Owned(exact::string(help)),
            borrowed => borrowed,
        };
        self
    }

    /// A secondary location in the finding's own file.
    pub fn label(self, span: Span, message: impl Into<String>) -> Self {
        let file = self.diagnostic.file;
        self.label_in(file, span, message)
    }

    /// A secondary location in `file` (the other side of a cross-file link).
    pub fn label_in(mut self, file: FileId, span: Span, message: impl Into<String>) -> Self {
        // A finding has a label or two: doubling would leave room for four.
        self.labels.reserve_exact(1);
        self.labels.push(Label { file, span, message: exact::boxed_str(message.into()) });
        self
    }

    /// Offer a fix.
    pub fn fix(mut self, fix: Fix) -> Self {
        self.diagnostic.fix = Some(Box::new(exact_fix(fix)));
        self
    }

    /// Offer a fix when there is one.
    pub fn fix_if_any(mut self, fix: Option<Fix>) -> Self {
        if let Some(fix) = fix {
            self.diagnostic.fix = Some(Box::new(exact_fix(fix)));
        }
        self
    }
}

fn exact_fix(fix: Fix) -> Fix {
    let mut edits = Vec::with_capacity(fix.edits.len());
    edits.extend(
        fix.edits.into_iter().map(|edit| Edit { span: edit.span, replacement: exact::string(edit.replacement) }),
    );
    Fix { message: exact::string(fix.message), edits, applicability: fix.applicability }
}

impl Drop for Report<'_> {
    fn drop(&mut self) {
        // The empty diagnostic left behind owns no allocation.
        let placeholder = Diagnostic {
            rule: "",
            severity: Severity::Info,
            message: Box::default(),
            help: Cow::Borrowed(""),
            file: 0,
            span: Span::empty(0),
            resource: None,
            labels: Box::default(),
            fix: None,
            source: None,
        };
        let mut diagnostic = std::mem::replace(&mut self.diagnostic, placeholder);
        // `label_in` reserves one at a time, so this copies nothing.
        diagnostic.labels = exact::slice(std::mem::take(&mut self.labels));
        self.out.push(diagnostic);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const META: RuleMeta = RuleMeta {
        id: "some-rule",
        severity: Severity::Error,
        enabled_by_default: true,
        change: false,
        summary: "",
        raw_docs: "",
    };

    #[test]
    fn a_report_is_pushed_once_with_the_configured_severity_and_file() {
        let mut out = Vec::new();
        let mut reporter = Reporter::new(&META, Severity::Info, 3, None, &mut out);
        reporter.report(Span::new(1, 2), "first").help("do this").label(Span::new(5, 6), "there");
        let second = reporter.report(Span::new(7, 8), "second");
        drop(second);
        assert_eq!(out.len(), 2);
        let first = &out[0];
        assert_eq!((first.rule, first.severity, first.file), ("some-rule", Severity::Info, 3));
        assert_eq!((&*first.message, &*first.help), ("first", "do this"));
        assert_eq!(*first.labels, [Label { file: 3, span: Span::new(5, 6), message: "there".into() }]);
        assert_eq!(&*out[1].message, "second");
    }

    #[test]
    fn what_a_finding_keeps_has_no_spare_room() {
        let roomy = |text: &str| {
            let mut string = String::with_capacity(4 * text.len() + 16);
            string.push_str(text);
            string
        };
        let mut out = Vec::new();
        let mut reporter = Reporter::new(&META, Severity::Info, 0, None, &mut out);
        let fix = Fix::new(
            crate::diagnostic::Applicability::Safe,
            roomy("quote it"),
            vec![Edit { span: Span::new(0, 1), replacement: roomy("'x'") }; 3].into_iter().take(2).collect(),
        );
        reporter
            .report(Span::new(0, 1), roomy("what"))
            .help(roomy("do this"))
            .label(Span::new(2, 3), roomy("here"))
            .label(Span::new(4, 5), roomy("and here"))
            .label(Span::new(6, 7), roomy("and there"))
            .fix(fix);
        let finding = &out[0];
        assert_eq!(&*finding.message, "what");
        assert!(matches!(&finding.help, Cow::Owned(help) if help.capacity() == help.len() && help == "do this"));
        assert_eq!(
            finding.labels.iter().map(|label| &*label.message).collect::<Vec<_>>(),
            ["here", "and here", "and there"]
        );
        let fix = finding.fix.as_deref().unwrap();
        assert_eq!((fix.message.as_str(), fix.message.capacity()), ("quote it", "quote it".len()));
        assert_eq!((fix.edits.len(), fix.edits.capacity()), (2, 2));
        assert!(fix.edits.iter().all(|edit| edit.replacement.capacity() == edit.replacement.len()));
    }
}
