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

use crate::diagnostic::{Diagnostic, FileId, Fix, Label, RuleMeta, Severity};
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
        Report { diagnostic, out: self.out }
    }

    /// A finding about `other` (e.g. the Service a StatefulSet names), at
    /// `span` in `other`'s file.
    pub fn report_on(&mut self, other: &Resource, span: Span, message: impl Into<String>) -> Report<'_> {
        let diagnostic = self.diagnostic(other.file, span, message.into(), Some(other));
        Report { diagnostic, out: self.out }
    }

    fn diagnostic(&self, file: FileId, span: Span, message: String, resource: Option<&Resource>) -> Diagnostic {
        Diagnostic {
            rule: self.rule.id,
            severity: self.severity,
            message,
            help: Cow::Borrowed(""),
            file,
            span,
            resource: resource.map(Resource::shared_reference),
            labels: Vec::new(),
            fix: None,
            source: resource.and_then(|resource| resource.source.clone()),
        }
    }
}

/// A finding being built; pushed to the rule's output when dropped.
pub struct Report<'r> {
    diagnostic: Diagnostic,
    out: &'r mut Vec<Diagnostic>,
}

impl Report<'_> {
    /// What to do about it.
    pub fn help(mut self, help: impl Into<Cow<'static, str>>) -> Self {
        self.diagnostic.help = help.into();
        self
    }

    /// A secondary location in the finding's own file.
    pub fn label(self, span: Span, message: impl Into<String>) -> Self {
        let file = self.diagnostic.file;
        self.label_in(file, span, message)
    }

    /// A secondary location in `file` (the other side of a cross-file link).
    pub fn label_in(mut self, file: FileId, span: Span, message: impl Into<String>) -> Self {
        self.diagnostic.labels.push(Label { file, span, message: message.into() });
        self
    }

    /// Offer a fix.
    pub fn fix(mut self, fix: Fix) -> Self {
        self.diagnostic.fix = Some(Box::new(fix));
        self
    }

    /// Offer a fix when there is one.
    pub fn fix_if_any(mut self, fix: Option<Fix>) -> Self {
        if let Some(fix) = fix {
            self.diagnostic.fix = Some(Box::new(fix));
        }
        self
    }
}

impl Drop for Report<'_> {
    fn drop(&mut self) {
        // The empty diagnostic left behind owns no allocation.
        let placeholder = Diagnostic {
            rule: "",
            severity: Severity::Info,
            message: String::new(),
            help: Cow::Borrowed(""),
            file: 0,
            span: Span::empty(0),
            resource: None,
            labels: Vec::new(),
            fix: None,
            source: None,
        };
        self.out.push(std::mem::replace(&mut self.diagnostic, placeholder));
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
        assert_eq!((first.message.as_str(), &*first.help), ("first", "do this"));
        assert_eq!(first.labels, vec![Label { file: 3, span: Span::new(5, 6), message: "there".into() }]);
        assert_eq!(out[1].message, "second");
    }
}
