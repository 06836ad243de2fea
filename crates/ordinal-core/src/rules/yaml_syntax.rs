use super::{Context, FileProblems, Reporter, Rule};
use crate::parse::ProblemKind;

super::declare_rule! {
    /// ## What it flags
    /// Text that is not valid YAML, or YAML that Ordinal refuses to expand:
    /// an alias expansion over the node limit (an "alias bomb"), nesting
    /// deeper than the depth limit, a file with NUL bytes, or a file of more
    /// than 4 GiB (positions are 32-bit). Also YAML that Ordinal can read
    /// but kubectl refuses: a character YAML does not allow in a stream (a
    /// control character such as ESC or DEL, a C1 control, U+FFFE), and a
    /// sequence or mapping used as a mapping key.
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
    /// YAML 1.2 specification (§5.1 `c-printable` for the allowed
    /// characters); sigs.k8s.io/yaml (used by kubectl and the API server)
    /// rejects the same input: go-yaml's reader fails with "control
    /// characters are not allowed" and its decoder with "invalid map key".
    pub struct YamlSyntax {
        id: "yaml-syntax",
        severity: Error,
        summary: "the file is not valid YAML",
    }
}

impl Rule for YamlSyntax {
    fn check_file(&self, _ctx: &Context<'_>, file: &FileProblems<'_>, report: &mut Reporter<'_>) {
        for problem in file.problems {
            let help = match problem.kind {
                ProblemKind::DuplicateKey { .. } => continue,
                ProblemKind::Syntax => "fix the YAML syntax here; the rest of this document was skipped",
                ProblemKind::AliasLimit => "expand the aliases by hand or reduce how often they nest",
                ProblemKind::DepthLimit => "Kubernetes objects are never this deep; check the indentation",
                ProblemKind::SizeLimit => "split the file into files of under 4 GiB",
                ProblemKind::NotText => "lint only YAML text files",
                ProblemKind::ControlCharacter => {
                    "delete the character, or write it as an escape inside a double-quoted string (`\"\\e\"`, `\"\\u0085\"`)"
                }
                ProblemKind::NonScalarKey => "use a string as the key",
            };
            report.report(problem.span, format!("invalid YAML: {}", problem.message)).help(help);
        }
    }
}
