use super::repeats::FirstSeen;
use super::{Context, Reporter, ResourceFacts, Rule};
use crate::parse::PathSegment::{Index, Key};

super::declare_rule! {
    /// ## What it flags
    /// Two `volumeClaimTemplates` entries with the same name, and a pod
    /// template volume (`spec.template.spec.volumes`) named like a claim
    /// template (unless it is itself a `persistentVolumeClaim` volume, which
    /// only spells out what the claim puts there).
    ///
    /// ## Why it matters
    /// The API server accepts both: it adds one volume per claim template
    /// name to the pod template before validating it, and a same-named pod
    /// template volume gives way to the claim. The controller does the same
    /// for every pod: it keeps one claim per template name, built from the
    /// last template of that name, and replaces a pod volume of that name
    /// with the claim. So an earlier template of the same name is silently
    /// ignored (its size, storage class and access modes never reach a
    /// claim), and the replaced volume (an `emptyDir`, a `configMap`) never
    /// reaches the pod: what is mounted at its path is the claim.
    ///
    /// ## Example
    /// ```yaml
    /// template:
    ///   spec:
    ///     volumes:
    ///     - {name: data, emptyDir: {}}    # replaced by the claim `data`
    /// volumeClaimTemplates:
    /// - metadata: {name: data}
    ///   spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
    /// ```
    ///
    /// ## Fix
    /// Give each claim template and each pod volume its own name, and mount
    /// the one that is meant. Renaming a claim template of a StatefulSet
    /// that exists needs a new StatefulSet (the templates cannot be changed).
    ///
    /// ## Source
    /// - pkg/controller/statefulset/stateful_set_utils.go
    ///   `getPersistentVolumeClaims` (a map keyed by template name, filled in
    ///   template order, so the last one wins) and `updateStorage` ("If pod
    ///   has conflicting local Volumes these are replaced with Volumes that
    ///   conform to the set's templates").
    /// - pkg/apis/apps/validation/validation.go `volumesToAddForTemplates`
    ///   (a map of volumes keyed by claim template name, added to the pod
    ///   template before it is validated; kubernetes/kubernetes PRs 131790
    ///   and 132212), so neither case is rejected.
    pub struct VolumeClaimTemplateConflict {
        id: "volume-claim-template-conflict",
        severity: Warning,
        summary: "a volumeClaimTemplate name repeats, or a pod volume has a claim template's name",
    }
}

impl Rule for VolumeClaimTemplateConflict {
    fn check_resource(&self, _ctx: &Context<'_>, facts: &ResourceFacts<'_>, report: &mut Reporter<'_>) {
        let resource = facts.resource;
        let Some(sts) = facts.accepted_statefulset() else { return };
        let claim_name_span = |index: usize| {
            resource.span(&[Key("spec"), Key("volumeClaimTemplates"), Index(index), Key("metadata"), Key("name")])
        };
        // The last template of a name is the one the controller uses.
        let mut last_of: Vec<(&str, usize)> = Vec::new();
        let mut seen = FirstSeen::new();
        for (index, template) in sts.spec.volume_claim_templates.iter().flatten().enumerate() {
            // An empty or invalid name is `invalid-name`'s finding.
            let Some(name) = template.metadata.name.as_deref().filter(|name| !name.is_empty()) else { continue };
            match last_of.iter_mut().find(|(seen_name, _)| *seen_name == name) {
                Some(entry) => entry.1 = index,
                None => last_of.push((name, index)),
            }
            if let Some((first, _)) = seen.repeat_of(name, index) {
                let first = *first;
                report
                    .report(
                        claim_name_span(first),
                        format!(
                            "volumeClaimTemplate `{name}` is defined again at `spec.volumeClaimTemplates[{index}]`; the controller uses only the last one, so this one is ignored"
                        ),
                    )
                    .help(format!("give each claim template its own name, or remove the copy of `{name}` that is not meant"))
                    .label(claim_name_span(index), "this later template replaces it");
            }
        }
        let volumes = sts.spec.template.spec.as_ref().and_then(|pod| pod.volumes.as_ref());
        for (index, volume) in volumes.into_iter().flatten().enumerate() {
            let Some((name, claim)) = last_of.iter().copied().find(|(name, _)| *name == volume.name) else { continue };
            // A `persistentVolumeClaim` volume of the claim's name spells out
            // what the controller puts there anyway (older examples do this).
            let source =
                [Key("spec"), Key("template"), Key("spec"), Key("volumes"), Index(index), Key("persistentVolumeClaim")];
            if resource.node(&source).is_some() {
                continue;
            }
            report
                .report(
                    resource.span(&[Key("spec"), Key("template"), Key("spec"), Key("volumes"), Index(index), Key("name")]),
                    format!("pod volume `{name}` has the name of a volumeClaimTemplate, so every pod gets the claim instead of this volume"),
                )
                .help(format!("rename this volume (and its mounts) if it is meant, or remove it if the claim `{name}` is"))
                .label(claim_name_span(claim), "the claim template that replaces it");
        }
    }
}
