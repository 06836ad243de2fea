use super::paths::{replace_scalar, select, CONTAINER_LISTS};
use super::{Context, Reporter, ResourceFacts, Rule};
use crate::diagnostic::Applicability;

super::declare_rule! {
    /// ## What it flags
    /// A container or init container in a StatefulSet's pod template without
    /// an `image`, or with an empty or blank one.
    ///
    /// ## Why it matters
    /// The OpenAPI schema marks `image` optional (so that controllers and
    /// config tools can fill it in), but a pod without one is invalid:
    /// `spec.containers[0].image: Required value`. Since Kubernetes 1.34 the
    /// API server rejects the StatefulSet; older servers accept it and then
    /// fail every pod creation (kubernetes/kubernetes issue 137728). A
    /// templating variable that rendered empty is the usual cause.
    ///
    /// ## Example
    /// ```yaml
    /// containers:
    /// - name: db
    ///   image: ""        # the Helm value was not set
    /// ```
    ///
    /// ## Fix
    /// Set `image` to a pinned image reference, e.g. `postgres:17.2`.
    /// Whitespace around the reference is removed by a safe fix: the API
    /// server rejects the padded value, so no accepted object changes.
    ///
    /// ## Source
    /// pkg/apis/core/validation `validateContainerCommon` (`field.Required`
    /// for an empty `image`, and "must not have leading or trailing
    /// whitespace"), reached from pkg/apis/apps/validation
    /// `ValidatePodTemplateSpecForStatefulSet` (kubernetes/kubernetes PR
    /// 131790).
    pub struct MissingContainerImage {
        id: "missing-container-image",
        severity: Error,
        summary: "a container has no `image`",
    }
}

impl Rule for MissingContainerImage {
    fn check_resource(&self, ctx: &Context<'_>, facts: &ResourceFacts<'_>, report: &mut Reporter<'_>) {
        let resource = facts.resource;
        if resource.as_statefulset().is_none() {
            return;
        }
        for list in CONTAINER_LISTS {
            for container in select(&resource.root, list) {
                let name = container.node.get("name").and_then(|name| name.as_str()).unwrap_or("<unnamed>");
                let name_span = container.node.get("name").map_or(container.node.span(), |name| name.span());
                let help = "set `image` to the image to run, e.g. `nginx:1.27`".to_string();
                let (span, problem, fix) = match container.node.entry("image") {
                    None => (name_span, "has no `image`".to_string(), None),
                    Some(entry) if entry.value.is_null() => (entry.key.span(), "has no `image`".to_string(), None),
                    Some(entry) => match entry.value.as_str() {
                        Some(image) if image.trim().is_empty() => {
                            (entry.value.span(), "has an empty `image`".to_string(), None)
                        }
                        Some(image) if image.trim() != image => (
                            entry.value.span(),
                            format!("has leading or trailing whitespace in `image` `{image}`"),
                            replace_scalar(ctx, &entry.value, image.trim(), Applicability::Safe),
                        ),
                        // Other types are `invalid-type`'s finding.
                        _ => continue,
                    },
                };
                let help = if fix.is_some() { "remove the whitespace around the image reference".into() } else { help };
                report
                    .report(span, format!("container `{name}` (`{}`) {problem}", container.path))
                    .help(help)
                    .fix_if_any(fix);
            }
        }
    }
}
