//! Silencing findings from the manifest itself: an annotation on the
//! resource or a comment on the line before.

use crate::diagnostic::Diagnostic;
use crate::model::Resource;
use crate::source::SourceFile;

/// Annotation on a resource that silences rules for it.
pub const IGNORE_ANNOTATION: &str = "ordinal.dev/ignore";

/// A finding is silenced by an `ordinal.dev/ignore: a,b` annotation on its
/// resource, or by a `# ordinal-ignore: a,b` comment alone on the line
/// before it (`all` silences every rule).
pub(crate) struct Suppressions<'a> {
    files: &'a [SourceFile],
    resources: &'a [&'a Resource],
    /// Per file: does the text mention `ordinal-ignore` at all? Most files
    /// don't, and then no line needs to be looked at.
    has_comments: Vec<bool>,
    any_annotation: bool,
}

impl<'a> Suppressions<'a> {
    pub(crate) fn new(files: &'a [SourceFile], resources: &'a [&'a Resource]) -> Self {
        Suppressions {
            files,
            resources,
            has_comments: files.iter().map(|file| file.text.contains("ordinal-ignore")).collect(),
            any_annotation: resources.iter().any(|r| r.annotation(IGNORE_ANNOTATION).is_some()),
        }
    }

    pub(crate) fn silences(&self, diagnostic: &Diagnostic) -> bool {
        let names_rule = |list: &str| list.split(',').map(str::trim).any(|id| id == diagnostic.rule || id == "all");
        if self.any_annotation {
            // Resources are in (file, position) order, so the owner is the
            // last one starting at or before the finding.
            let position = self
                .resources
                .partition_point(|r| (r.file, r.root.span().start) <= (diagnostic.file, diagnostic.span.start));
            let owner = position
                .checked_sub(1)
                .map(|i| &self.resources[i])
                .filter(|r| r.file == diagnostic.file && diagnostic.span.start <= r.root.span().end);
            if owner.and_then(|r| r.annotation(IGNORE_ANNOTATION)).is_some_and(names_rule) {
                return true;
            }
        }
        if !self.has_comments.get(diagnostic.file).copied().unwrap_or(false) {
            return false;
        }
        let file = &self.files[diagnostic.file];
        let line = file.line_column(diagnostic.span.start).line;
        if line < 2 {
            return false;
        }
        let previous = file.lines().line_text(&file.text, line - 1).trim();
        previous
            .strip_prefix('#')
            .map(str::trim_start)
            .and_then(|comment| comment.strip_prefix("ordinal-ignore:"))
            .is_some_and(names_rule)
    }
}
