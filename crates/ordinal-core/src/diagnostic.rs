//! The one diagnostic type every rule produces, and the static facts
//! ([`RuleMeta`]) a diagnostic is made from. Nothing here knows the rule
//! registry.

use std::borrow::Cow;
use std::sync::Arc;

use serde::Serialize;

use crate::source::Span;

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Advice.
    Info,
    /// It will misbehave or is risky.
    Warning,
    /// The API server would reject it, or it cannot work.
    Error,
}

impl Severity {
    /// Lowercase name, as in JSON output and config files.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    /// Parse `error`, `warning` or `info`.
    pub fn parse(text: &str) -> Option<Severity> {
        match text {
            "error" => Some(Severity::Error),
            "warning" | "warn" => Some(Severity::Warning),
            "info" => Some(Severity::Info),
            _ => None,
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Static facts about a rule.
#[derive(Debug)]
pub struct RuleMeta {
    /// Kebab-case id.
    pub id: &'static str,
    /// Default severity.
    pub severity: Severity,
    /// Whether the rule runs when the configuration does not name it. An
    /// opt-in rule (`false`) encodes a policy not every cluster shares and
    /// runs only when `.ordinal.yaml` (or the options) give it a severity.
    pub enabled_by_default: bool,
    /// Whether `ordinal diff` runs it on a change between two versions
    /// (its `check_change` hook) rather than `ordinal lint` on one version.
    pub change: bool,
    /// One line: what it flags.
    pub summary: &'static str,
    /// The rule's doc comment, as Markdown (one leading space per line).
    pub raw_docs: &'static str,
}

impl RuleMeta {
    /// The documentation as Markdown.
    pub fn docs(&self) -> String {
        let mut docs = String::new();
        for line in self.raw_docs.lines() {
            docs.push_str(line.strip_prefix(' ').unwrap_or(line));
            docs.push('\n');
        }
        docs
    }

    /// The default severity as people read it: `warning`, or
    /// `warning, off by default` for an opt-in rule.
    pub fn default_setting(&self) -> String {
        if self.enabled_by_default {
            self.severity.as_str().to_string()
        } else {
            format!("{}, off by default", self.severity.as_str())
        }
    }

    /// The rule's page (`docs/rules/<id>.md`, written by `cargo xtask
    /// docs`), for every face to link (SARIF `helpUri`, `ordinal rules ID`);
    /// kept here rather than in each diagnostic, so the JSON output does not
    /// change.
    pub fn docs_url(&self) -> String {
        format!("{RULE_DOCS_BASE_URL}{}.md", self.id)
    }
}

/// Where the rule pages (`cargo xtask docs`) are published: the repository's
/// `docs/rules/` folder; a rule's page is this followed by `<id>.md`.
pub const RULE_DOCS_BASE_URL: &str = "https://github.com/ordinal-dev/ordinal/blob/main/docs/rules/";

/// Index of a file in the list given to the linter.
pub type FileId = usize;

/// The Kubernetes object a finding is about.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct ResourceRef {
    /// `kind`, e.g. `StatefulSet`.
    pub kind: String,
    /// The effective namespace.
    pub namespace: String,
    /// `metadata.name`, when present.
    pub name: Option<String>,
}

impl std::fmt::Display for ResourceRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}/{}", self.kind, self.namespace, self.name.as_deref().unwrap_or("<unnamed>"))
    }
}

/// Replace the bytes of `span` with `replacement`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Edit {
    /// The bytes to replace (empty to insert).
    pub span: Span,
    /// The new text.
    pub replacement: String,
}

/// Whether a fix may be applied without a person reviewing it, as ruff
/// splits them: a safe fix keeps what the manifest means (or turns a
/// manifest the API server rejects into the one the author evidently
/// meant); an unsafe one can change how an accepted object behaves, or
/// guesses at intent. `ordinal lint --fix` applies safe fixes only unless
/// `--unsafe-fixes` is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    /// Applied by `--fix`.
    Safe,
    /// Applied only with `--unsafe-fixes`.
    Unsafe,
}

impl Applicability {
    /// `safe` or `unsafe`, as in the JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
        }
    }
}

/// A mechanical change that resolves a finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fix {
    /// What the fix does, e.g. "quote the value".
    pub message: String,
    /// Non-overlapping edits in one file.
    pub edits: Vec<Edit>,
    /// Whether `--fix` may apply it without `--unsafe-fixes`.
    pub applicability: Applicability,
}

impl Fix {
    /// A fix made of one replacement.
    pub fn replace(
        applicability: Applicability,
        message: impl Into<String>,
        span: Span,
        replacement: impl Into<String>,
    ) -> Fix {
        Fix::new(applicability, message, vec![Edit { span, replacement: replacement.into() }])
    }

    /// A fix made of `edits`.
    pub fn new(applicability: Applicability, message: impl Into<String>, edits: Vec<Edit>) -> Fix {
        Fix { message: message.into(), edits, applicability }
    }

    /// Whether `--fix` applies it without `--unsafe-fixes`.
    pub fn is_safe(&self) -> bool {
        self.applicability == Applicability::Safe
    }

    /// The bytes the edits touch, from the first edit's start to the last
    /// one's end; `None` without edits.
    pub fn range(&self) -> Option<Span> {
        let start = self.edits.iter().map(|edit| edit.span.start).min()?;
        let end = self.edits.iter().map(|edit| edit.span.end).max()?;
        Some(Span::new(start, end))
    }

    /// Apply the fix to `text`. Edits that fall outside the text or off a
    /// character boundary are skipped rather than allowed to panic.
    pub fn apply(&self, text: &str) -> String {
        apply_edits(text, &self.edits)
    }
}

/// Replace the spans of `edits` in `text`, last first so earlier offsets
/// stay valid. Edits that fall outside the text or off a character boundary
/// are skipped rather than allowed to panic; the edits must not overlap.
pub fn apply_edits<'e>(text: &str, edits: impl IntoIterator<Item = &'e Edit>) -> String {
    let mut edits: Vec<&Edit> = edits.into_iter().collect();
    crate::order::sort_by_key(&mut edits, |edit| std::cmp::Reverse((edit.span.start, edit.span.end)));
    let mut result = text.to_string();
    for edit in edits {
        let Span { start, end } = edit.span;
        if start <= end && end <= result.len() && result.is_char_boundary(start) && result.is_char_boundary(end) {
            result.replace_range(start..end, &edit.replacement);
        }
    }
    result
}

/// A secondary location: the other side of the problem.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Label {
    /// The file the label points into.
    pub file: FileId,
    /// Where.
    pub span: Span,
    /// What is there.
    pub message: Box<str>,
}

/// One finding. Rules make them through [`crate::rules::Reporter`], which
/// fills in the rule, its configured severity, the file and the resource.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Kebab-case rule id.
    pub rule: &'static str,
    /// Severity after configuration.
    pub severity: Severity,
    /// What is wrong, with manifest names in backticks (a `Box<str>`, not
    /// a `String`: a big report keeps hundreds of thousands, and each is
    /// allocated at its length).
    pub message: Box<str>,
    /// What to do about it.
    pub help: Cow<'static, str>,
    /// The file it is in.
    pub file: FileId,
    /// The primary location.
    pub span: Span,
    /// The object it concerns, when known; shared by every finding about
    /// that object (`Resource::shared_reference`).
    pub resource: Option<Arc<ResourceRef>>,
    /// Secondary locations.
    pub labels: Box<[Label]>,
    /// A fix, safe or unsafe, when one exists (boxed: most findings have
    /// none, and a finding is then 48 bytes smaller).
    pub fix: Option<Box<Fix>>,
    /// The template the finding's document was rendered from (its
    /// `# Source:` comment, as `helm template` writes), when it names one;
    /// shared with the resource and every other finding from that document.
    pub source: Option<Arc<str>>,
}

impl Diagnostic {
    /// Point what this finding says of file `from` at file `to` instead (its
    /// own location and its labels'), for a caller that numbers files
    /// differently from the analysis that found it (an editor's cache).
    pub fn renumber_file(&mut self, from: FileId, to: FileId) {
        if self.file == from {
            self.file = to;
        }
        for label in self.labels.iter_mut().filter(|label| label.file == from) {
            label.file = to;
        }
    }
}

/// Put findings in the order every output shows them (file, position, rule,
/// message), whatever order rules and threads produced them in, and drop
/// exact repeats. Lint and change review both end with it.
pub fn sort_and_dedup(diagnostics: &mut Vec<Diagnostic>) {
    crate::order::sort_by(diagnostics, |a, b| {
        (a.file, a.span.start, a.span.end, a.rule, &a.message).cmp(&(
            b.file,
            b.span.start,
            b.span.end,
            b.rule,
            &b.message,
        ))
    });
    diagnostics.dedup();
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A big report holds hundreds of thousands of findings, so their size
    /// is a large part of a run's memory (it was 272 bytes, and each finding
    /// copied its resource's three names).
    #[test]
    #[cfg(target_pointer_width = "64")]
    fn a_finding_is_136_bytes() {
        assert_eq!(std::mem::size_of::<Diagnostic>(), 136);
    }

    #[test]
    fn findings_about_one_resource_share_its_reference() {
        let text = "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\nspec:\n  serviceName: nope\n";
        let report = crate::lint(&[crate::SourceFile::new("a.yaml", text)], &crate::Options::default());
        let about_db: Vec<_> = report.diagnostics.iter().filter_map(|d| d.resource.as_ref()).collect();
        assert!(about_db.len() >= 2, "{:?}", report.diagnostics);
        assert!(about_db.windows(2).all(|pair| Arc::ptr_eq(pair[0], pair[1])));
        assert_eq!(about_db[0].to_string(), "StatefulSet/default/db");
    }
}
