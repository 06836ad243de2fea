use super::paths::select;
use super::{Context, Reporter, ResourceFacts, Rule};

super::declare_rule! {
    /// ## What it flags
    /// A StatefulSet whose pod template sets `activeDeadlineSeconds`.
    ///
    /// ## Why it matters
    /// The API server rejects it: "activeDeadlineSeconds in StatefulSet is
    /// not Supported". The field would make the kubelet kill each pod after a
    /// fixed time, which contradicts a StatefulSet's long-running pods.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   template:
    ///     spec:
    ///       activeDeadlineSeconds: 3600   # not allowed in a StatefulSet
    /// ```
    ///
    /// ## Fix
    /// Remove `activeDeadlineSeconds`. For work with a deadline use a Job.
    ///
    /// ## Source
    /// pkg/apis/apps/validation `ValidateStatefulSetSpec`:
    /// `field.Forbidden(fldPath.Child("template", "spec", "activeDeadlineSeconds"), ...)`.
    pub struct ForbiddenActiveDeadlineSeconds {
        id: "forbidden-active-deadline-seconds",
        severity: Error,
        summary: "a StatefulSet pod template sets `activeDeadlineSeconds`",
    }
}

impl Rule for ForbiddenActiveDeadlineSeconds {
    fn check_resource(&self, _ctx: &Context<'_>, facts: &ResourceFacts<'_>, report: &mut Reporter<'_>) {
        let resource = facts.resource;
        if resource.as_statefulset().is_none() {
            return;
        }
        for deadline in select(&resource.root, "spec.template.spec.activeDeadlineSeconds") {
            // `activeDeadlineSeconds: null` is the same as leaving it out.
            if deadline.node.is_null() {
                continue;
            }
            report
                .report(
                    deadline.node.span(),
                    "`activeDeadlineSeconds` is not supported in a StatefulSet's pod template",
                )
                .help("remove `activeDeadlineSeconds`; use a Job for work that must finish by a deadline");
        }
    }
}
