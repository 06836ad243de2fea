use super::paths::{select, CONTAINER_LISTS};
use super::repeats::FirstSeen;
use super::{Context, Reporter, ResourceFacts, Rule};

super::declare_rule! {
    /// ## What it flags
    /// Two `volumeMounts` of one container (in a StatefulSet's pod template)
    /// with the same `mountPath`.
    ///
    /// ## Why it matters
    /// The pod is invalid (`volumeMounts[1].mountPath: Invalid value:
    /// "/data": must be unique`). Since Kubernetes 1.34 the API server
    /// rejects the StatefulSet; older servers accept it and every pod
    /// creation fails. It often appears when a chart mounts a claim template
    /// where the image's default volume is already mounted.
    ///
    /// ## Example
    /// ```yaml
    /// volumeMounts:
    /// - name: data
    ///   mountPath: /var/lib/db
    /// - name: cache
    ///   mountPath: /var/lib/db   # the same path again
    /// ```
    ///
    /// ## Fix
    /// Mount each volume at its own path, or use `subPath` to mount parts of
    /// one volume at different paths.
    ///
    /// ## Source
    /// pkg/apis/core/validation `ValidateVolumeMounts` ("must be unique" for
    /// a repeated `mountPath` within a container), reached from
    /// pkg/apis/apps/validation `ValidatePodTemplateSpecForStatefulSet`
    /// (kubernetes/kubernetes PR 131790).
    pub struct DuplicateMountPath {
        id: "duplicate-mount-path",
        severity: Error,
        summary: "two volume mounts of one container share a `mountPath`",
    }
}

impl Rule for DuplicateMountPath {
    fn check_resource(&self, _ctx: &Context<'_>, facts: &ResourceFacts<'_>, report: &mut Reporter<'_>) {
        let resource = facts.resource;
        if resource.as_statefulset().is_none() {
            return;
        }
        for list in CONTAINER_LISTS {
            for container in select(&resource.root, list) {
                let mut mounts = select(container.node, "volumeMounts[].mountPath");
                for path in &mut mounts {
                    path.path = container.path.join(&path.path);
                }
                let mut seen = FirstSeen::new();
                for path in &mounts {
                    let Some(text) = path.str() else { continue };
                    if let Some((first, _)) = seen.repeat_of(text, path) {
                        report
                            .report(
                                path.node.span(),
                                format!(
                                    "`{}` mounts a second volume at `{text}` (`{}` already does)",
                                    path.path, first.path
                                ),
                            )
                            .help("give each mount its own `mountPath`, or use `subPath`")
                            .label(first.node.span(), "first mounted here");
                    }
                }
            }
        }
    }
}
