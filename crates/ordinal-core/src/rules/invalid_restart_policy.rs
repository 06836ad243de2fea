use super::paths::{replace_scalar, select};
use super::{Context, Reporter, ResourceFacts, Rule};
use crate::diagnostic::Applicability;
use crate::semantics::pod;

super::declare_rule! {
    /// ## What it flags
    /// A StatefulSet whose pod template sets `restartPolicy` to anything
    /// other than `Always` (`OnFailure`, `Never`, or a misspelling).
    ///
    /// ## Why it matters
    /// The API server rejects it with `Unsupported value: "Never":
    /// supported values: "Always"`. A StatefulSet keeps its pods running
    /// for ever; a pod that may finish belongs in a Job.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   template:
    ///     spec:
    ///       restartPolicy: OnFailure   # only `Always` is allowed
    /// ```
    ///
    /// ## Fix
    /// Remove `restartPolicy` (it defaults to `Always`) or set it to
    /// `Always`. For run-to-completion work use a Job. A case slip
    /// (`always`) is fixed safely: the API server rejects it as written.
    ///
    /// ## Source
    /// pkg/apis/apps/validation `ValidateStatefulSetSpec`:
    /// `spec.Template.Spec.RestartPolicy != api.RestartPolicyAlways` gives
    /// `field.NotSupported(... []string{"Always"})`.
    pub struct InvalidRestartPolicy {
        id: "invalid-restart-policy",
        severity: Error,
        summary: "a StatefulSet pod template's `restartPolicy` is not `Always`",
    }
}

impl Rule for InvalidRestartPolicy {
    fn check_resource(&self, ctx: &Context<'_>, facts: &ResourceFacts<'_>, report: &mut Reporter<'_>) {
        let resource = facts.resource;
        if resource.as_statefulset().is_none() {
            return;
        }
        for policy in select(&resource.root, "spec.template.spec.restartPolicy") {
            let Some(value) = policy.str() else { continue };
            // An empty value is defaulted to `Always` before validation.
            if pod::restart_policy(Some(value)) == pod::RESTART_POLICY_ALWAYS {
                continue;
            }
            let help = if value.eq_ignore_ascii_case("always") {
                "did you mean `Always`?".to_string()
            } else {
                "remove `restartPolicy` (it defaults to `Always`); use a Job for pods that run to completion"
                    .to_string()
            };
            // Only a case slip is fixed mechanically; `Never` or `OnFailure`
            // says the workload may not belong in a StatefulSet at all.
            let fix = value
                .eq_ignore_ascii_case("always")
                .then(|| replace_scalar(ctx, policy.node, "Always", Applicability::Safe));
            report
                .report(
                    policy.node.span(),
                    format!("a StatefulSet's pods must have `restartPolicy: Always`, not `{value}`"),
                )
                .help(help)
                .fix_if_any(fix.flatten());
        }
    }
}
