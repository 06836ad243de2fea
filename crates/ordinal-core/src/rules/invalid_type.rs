use super::{Context, Reporter, ResourceFacts, Rule};
use crate::diagnostic::{Applicability, Fix};
use crate::schema::{SchemaFinding, SchemaFindingKind, TypeFix};

super::declare_rule! {
    /// ## What it flags
    /// A value whose type the field does not accept, judged the way
    /// Kubernetes reads YAML: `replicas: "3"` (a string for an integer), an
    /// env var `value: on` or `value: 8080` and a label `version: 1.0` (a
    /// boolean or number for a string), `args: [--port, 8080]`, an object
    /// where a list is expected, an int32 out of range. Null means "absent"
    /// and is accepted; int-or-string fields (`targetPort`,
    /// `maxUnavailable`) and quantities (`cpu: 0.5`) take strings and
    /// numbers; an integral float such as `3.0` is an integer.
    ///
    /// ## Why it matters
    /// kubectl and the API server turn YAML into JSON with sigs.k8s.io/yaml,
    /// which follows YAML 1.1: a plain `on`, `yes`, `no` or `off` is a
    /// boolean and `0777` is the octal integer 511. Go's JSON decoder then
    /// rejects the object ("cannot unmarshal bool into Go struct field
    /// EnvVar.spec.template.spec.containers.env.value of type string").
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   replicas: "3"      # a string
    ///   template:
    ///     spec:
    ///       containers:
    ///       - name: web
    ///         env:
    ///         - {name: DEBUG, value: on}   # a boolean
    /// ```
    ///
    /// ## Fix
    /// Quote a plain scalar in a string field (`value: "on"`) so it stays
    /// the text it looks like; remove the quotes around a number in an
    /// integer field (`replicas: 3`). Both are offered as safe fixes: the
    /// API server rejects the value as typed, so no accepted object changes.
    ///
    /// ## Source
    /// sigs.k8s.io/yaml `YAMLToJSON` and gopkg.in/yaml.v2 `resolve.go`
    /// (YAML 1.1 scalars); k8s.io/apimachinery `intstr.IntOrString` and
    /// `resource.Quantity` `UnmarshalJSON`; Kubernetes docs "Labels and
    /// Selectors" (label values are strings).
    pub struct InvalidType {
        id: "invalid-type",
        severity: Error,
        summary: "a value of a type the field does not accept",
    }
}

impl Rule for InvalidType {
    fn check_resource(&self, ctx: &Context<'_>, facts: &ResourceFacts<'_>, report: &mut Reporter<'_>) {
        let resource = facts.resource;
        for finding in &resource.schema_findings {
            let SchemaFindingKind::InvalidType { expected, found, fix } = &finding.kind else { continue };
            let text = ctx.file.text.as_str();
            let fix = fix.and_then(|fix| type_fix(text, finding, fix));
            let help = match &fix {
                Some(fix) => format!("{}, so that Kubernetes reads {expected}", fix.message),
                None => format!("write {expected} here"),
            };
            let mut diagnostic =
                report.report(finding.span, format!("`{}` must be {expected}, found {found}", finding.path)).help(help);
            if let Some(fix) = fix {
                diagnostic = diagnostic.fix(fix);
            }
        }
    }
}

/// The edit for a [`TypeFix`], checked against the source text: the span
/// must hold exactly the scalar (a plain one on one line, or one quoted
/// without escapes), with no tag before it.
fn type_fix(text: &str, finding: &SchemaFinding, fix: TypeFix) -> Option<Fix> {
    let written = text.get(finding.span.start..finding.span.end)?;
    let line_before = text.get(..finding.span.start)?.rsplit(['\n', '\r']).next().unwrap_or_default();
    if line_before.split_whitespace().last().is_some_and(|token| token.starts_with('!')) {
        return None;
    }
    match fix {
        TypeFix::Quote => {
            if written.is_empty() || written.contains(['"', '\\', '\n', '\r', '#']) || written.trim() != written {
                return None;
            }
            let quoted = format!("\"{written}\"");
            Some(Fix::replace(Applicability::Safe, format!("quote the value: `{quoted}`"), finding.span, quoted))
        }
        TypeFix::Unquote => {
            let inner = written
                .strip_prefix('"')
                .and_then(|rest| rest.strip_suffix('"'))
                .or_else(|| written.strip_prefix('\'').and_then(|rest| rest.strip_suffix('\'')))?;
            if inner.is_empty() || !inner.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
                return None;
            }
            Some(Fix::replace(Applicability::Safe, format!("remove the quotes: `{inner}`"), finding.span, inner))
        }
    }
}
