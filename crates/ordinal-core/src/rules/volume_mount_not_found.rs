use super::paths::{select, CONTAINER_LISTS};
use super::{Context, Reporter, ResourceFacts, Rule};
use crate::parse::PathSegment::Key;

super::declare_rule! {
    /// ## What it flags
    /// A `volumeMounts` entry in a StatefulSet's pod template (containers or
    /// init containers) whose `name` is neither a volume in
    /// `spec.template.spec.volumes` nor a `spec.volumeClaimTemplates` entry.
    ///
    /// ## Why it matters
    /// The StatefulSet controller adds one volume per claim template to each
    /// pod; any other mount must name a pod volume. Since Kubernetes 1.34 the
    /// API server validates the pod template that way and rejects the
    /// StatefulSet; older servers accept it and every pod creation then
    /// fails with `spec.containers[0].volumeMounts[0].name: Not found`.
    /// The usual cause is a claim template renamed without its mounts.
    ///
    /// ## Example
    /// ```yaml
    /// containers:
    /// - name: db
    ///   volumeMounts:
    ///   - name: data        # no volume or claim template `data`
    ///     mountPath: /var/lib/db
    /// volumeClaimTemplates:
    /// - metadata:
    ///     name: datadir
    /// ```
    ///
    /// ## Fix
    /// Use the claim template's or volume's exact name in the mount, or add
    /// the missing volume.
    ///
    /// ## Source
    /// pkg/apis/apps/validation `ValidatePodTemplateSpecForStatefulSet`
    /// validates the template with the claim templates added as volumes
    /// (kubernetes/kubernetes PR 131790); pkg/apis/core/validation
    /// `ValidateVolumeMounts` (`field.NotFound` for a mount whose name is not
    /// a volume).
    pub struct VolumeMountNotFound {
        id: "volume-mount-not-found",
        severity: Error,
        summary: "a volume mount names no pod volume or volume claim template",
    }
}

impl Rule for VolumeMountNotFound {
    fn check_resource(&self, _ctx: &Context<'_>, facts: &ResourceFacts<'_>, report: &mut Reporter<'_>) {
        let resource = facts.resource;
        if resource.as_statefulset().is_none() {
            return;
        }
        let root = &resource.root;
        let mut known: Vec<&str> = select(root, "spec.template.spec.volumes[].name")
            .into_iter()
            .chain(select(root, "spec.volumeClaimTemplates[].metadata.name"))
            .filter_map(|located| located.node.as_str())
            .collect();
        crate::order::sort(&mut known);
        known.dedup();
        for list in CONTAINER_LISTS {
            for mount in select(root, &format!("{list}.volumeMounts[].name")) {
                let Some(name) = mount.node.as_str() else { continue };
                if known.contains(&name) {
                    continue;
                }
                let closest = known
                    .iter()
                    .map(|candidate| (strsim::levenshtein(candidate, name), *candidate))
                    .filter(|(distance, candidate)| {
                        *distance <= 2.max(candidate.len() / 3)
                            || candidate.starts_with(name)
                            || name.starts_with(candidate)
                    })
                    .min();
                let help = match (closest, known.is_empty()) {
                    (Some((_, candidate)), _) => format!("did you mean `{candidate}`?"),
                    (None, true) => "add a volume to `spec.template.spec.volumes` or a `spec.volumeClaimTemplates` entry with this name".into(),
                    (None, false) => format!("use one of `{}`, or add a volume with this name", known.join("`, `")),
                };
                let mut diagnostic = report
                    .report(
                        mount.node.span(),
                        format!("`{}` is `{name}`, which names no volume or volume claim template", mount.path),
                    )
                    .help(help);
                if root.at(&[Key("spec"), Key("volumeClaimTemplates")]).is_some() {
                    let span = resource.key_span(&[Key("spec"), Key("volumeClaimTemplates")]);
                    diagnostic = diagnostic.label(span, "volume claim templates");
                }
            }
        }
    }
}
