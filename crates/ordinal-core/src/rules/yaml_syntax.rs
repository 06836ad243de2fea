use super::{Context, FileProblems, Rule, RuleMeta};
use crate::diagnostic::Diagnostic;
use crate::parse::ProblemKind;

crate::declare_rule! {
    /// ## What it flags
    /// Text that is not valid YAML, or YAML that Ordinal refuses to expand:
    /// an alias expansion over the node limit (an "alias bomb"), nesting
    /// deeper than the depth limit, or a file with NUL bytes.
    ///
    /// ## Why it matters
    /// `kubectl apply` rejects the whole file. Ordinal reports the error at
    /// its position and keeps linting the other documents of the file.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   ports: [80   # the flow sequence is never closed
    /// ```
    ///
    /// ## Fix
    /// Correct the syntax at the reported position.
    ///
    /// ## Source
    /// YAML 1.2 specification; sigs.k8s.io/yaml (used by kubectl and the API
    /// server) rejects the same input.
    pub struct YamlSyntax {
        id: "yaml-syntax",
        severity: Error,
        summary: "the file is not valid YAML",
    }
}

impl Rule for YamlSyntax {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_file(&self, _ctx: &Context<'_>, file: &FileProblems<'_>, out: &mut Vec<Diagnostic>) {
        for problem in file.problems {
            let help = match problem.kind {
                ProblemKind::DuplicateKey { .. } => continue,
                ProblemKind::Syntax => "fix the YAML syntax here; the rest of this document was skipped",
                ProblemKind::AliasLimit => "expand the aliases by hand or reduce how often they nest",
                ProblemKind::DepthLimit => "Kubernetes objects are never this deep; check the indentation",
                ProblemKind::NotText => "lint only YAML text files",
            };
            out.push(
                Diagnostic::new(&Self::META, file.file, problem.span, format!("invalid YAML: {}", problem.message))
                    .with_help(help),
            );
        }
    }
}
