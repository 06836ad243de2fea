use super::{Context, Reporter, ResourceFacts, Rule};
use crate::model::kube::IntOrString;
use crate::parse::PathSegment::Key;
use crate::semantics::int_or_percent::{self, CountProblem};
use crate::validation;

super::declare_rule! {
    /// ## What it flags
    /// A PodDisruptionBudget `spec` the API server rejects:
    /// - both `minAvailable` and `maxUnavailable` set;
    /// - a negative `minAvailable` or `maxUnavailable`;
    /// - a string value that is not a whole percentage (`^[0-9]+%$`: not
    ///   `1.5%`, `+5%`, ` 10%`, `"2"` or `half`), or a percentage above 100%;
    /// - an `unhealthyPodEvictionPolicy` other than `IfHealthyBudget` or
    ///   `AlwaysAllow`.
    ///
    /// `0`, `0%` and integers above 100 are accepted.
    ///
    /// ## Why it matters
    /// The budget is rejected, so the pods it was meant to protect have no
    /// disruption budget at all: a node drain may evict all of them at once.
    ///
    /// ## Example
    /// ```yaml
    /// kind: PodDisruptionBudget
    /// spec:
    ///   minAvailable: 2
    ///   maxUnavailable: 1     # only one of the two may be set
    /// ```
    ///
    /// ## Fix
    /// Set one of `minAvailable` and `maxUnavailable`, as an integer of at
    /// least 0 or a whole percentage from `0%` to `100%`.
    ///
    /// ## Source
    /// pkg/apis/policy/validation/validation.go `ValidatePodDisruptionBudgetSpec`
    /// ("minAvailable and maxUnavailable cannot be both set",
    /// `supportedUnhealthyPodEvictionPolicies`), which applies
    /// pkg/apis/apps/validation/validation.go `ValidatePositiveIntOrPercent`
    /// (`ValidateNonnegativeField` for integers, apimachinery `IsValidPercent`
    /// for strings) and `IsNotMoreThan100Percent` to both fields; cases from
    /// pkg/apis/policy/validation/validation_test.go
    /// `TestValidateMinAvailablePodDisruptionBudgetSpec` and
    /// `TestValidateMinAvailablePodAndMaxUnavailableDisruptionBudgetSpec`.
    pub struct InvalidPdbSpec {
        id: "invalid-pdb-spec",
        severity: Error,
        summary: "a PodDisruptionBudget's minAvailable, maxUnavailable or unhealthyPodEvictionPolicy is invalid",
    }
}

impl Rule for InvalidPdbSpec {
    fn check_resource(&self, _ctx: &Context<'_>, facts: &ResourceFacts<'_>, report: &mut Reporter<'_>) {
        let resource = facts.resource;
        let Some(spec) = resource.as_pdb().and_then(|pdb| pdb.spec.as_ref()) else { return };
        if spec.min_available.is_some() && spec.max_unavailable.is_some() {
            report
                .report(
                    resource.key_span(&[Key("spec"), Key("maxUnavailable")]),
                    "`minAvailable` and `maxUnavailable` cannot both be set",
                )
                .help("keep only one of them")
                .label_in(
                    resource.file,
                    resource.key_span(&[Key("spec"), Key("minAvailable")]),
                    "`minAvailable` is set here",
                );
        }
        for (field, value) in [("minAvailable", &spec.min_available), ("maxUnavailable", &spec.max_unavailable)] {
            let Some(value) = value else { continue };
            let Some(problem) = int_or_percent::non_negative_count_or_percent_problem(value) else { continue };
            let shown = match value {
                IntOrString::Int(number) => number.to_string(),
                IntOrString::String(text) => format!("{text:?}"),
            };
            let why = match problem {
                CountProblem::Negative => "must be greater than or equal to 0",
                CountProblem::NotAPercent => "must be an integer or a whole percentage such as `50%`",
                CountProblem::MoreThan100Percent => "must not be greater than 100%",
            };
            report
                .report(resource.span(&[Key("spec"), Key(field)]), format!("`{field}: {shown}` {why}"))
                .help("use an integer of at least 0 or a percentage from `0%` to `100%` written as digits and `%`");
        }
        if let Some(policy) = spec.unhealthy_pod_eviction_policy.as_deref() {
            let values = &validation::UNHEALTHY_POD_EVICTION_POLICY;
            if !values.accepts(policy) {
                let help = match values.suggestion(policy) {
                    Some(suggestion) => format!("did you mean `{suggestion}`?"),
                    None => format!("use {} (or leave it out for `IfHealthyBudget`)", values.describe()),
                };
                report
                    .report(
                        resource.span(&[Key("spec"), Key("unhealthyPodEvictionPolicy")]),
                        format!("`unhealthyPodEvictionPolicy: {policy:?}` is not {}", values.describe()),
                    )
                    .help(help);
            }
        }
    }
}
