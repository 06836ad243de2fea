use super::{Context, Reporter, ResourceFacts, Rule};
use crate::parse::PathSegment::{Index, Key};

super::declare_rule! {
    /// ## What it flags
    /// A `volumeClaimTemplates` entry whose name no container, init
    /// container or sidecar mounts (`volumeMounts`) or attaches as a block
    /// device (`volumeDevices`).
    ///
    /// ## Why it matters
    /// The controller still creates and binds a PersistentVolumeClaim per
    /// pod (`data-web-0`, `data-web-1`, ...) and adds it to the pod as a
    /// volume, but nothing writes to it. The data the template was meant to
    /// keep goes to the container's own filesystem instead and is lost on
    /// every restart, while the unused disks are paid for. The usual cause
    /// is a typo or a renamed mount.
    ///
    /// ## Example
    /// ```yaml
    /// volumeClaimTemplates:
    /// - metadata: {name: data}
    /// template:
    ///   spec:
    ///     containers:
    ///     - volumeMounts:
    ///       - {name: www, mountPath: /var/lib/db}   # `data` is never mounted
    /// ```
    ///
    /// ## Fix
    /// Mount the claim by its template name in the container that keeps the
    /// data, or remove the template.
    ///
    /// ## Source
    /// - pkg/controller/statefulset/stateful_set_utils.go (`updateStorage`
    ///   adds one volume per template, named after it, with claim
    ///   `<template>-<statefulset>-<ordinal>`).
    /// - Kubernetes docs, "StatefulSets" (Stable Storage) and "Volumes"
    ///   (a volume is visible to a container only through a `volumeMounts`
    ///   entry).
    pub struct VolumeClaimNotMounted {
        id: "volume-claim-not-mounted",
        severity: Warning,
        summary: "a volumeClaimTemplate is mounted by no container",
    }
}

impl Rule for VolumeClaimNotMounted {
    fn check_resource(&self, _ctx: &Context<'_>, facts: &ResourceFacts<'_>, report: &mut Reporter<'_>) {
        let resource = facts.resource;
        let Some(sts) = facts.accepted_statefulset() else { return };
        let containers = facts.containers();
        let used: Vec<&str> = containers
            .iter()
            .flat_map(|template_container| {
                let container = template_container.container;
                let mounts = container.volume_mounts.iter().flatten().map(|mount| mount.name.as_str());
                let devices = container.volume_devices.iter().flatten().map(|device| device.name.as_str());
                mounts.chain(devices)
            })
            .collect();
        let declared: Vec<&str> = sts
            .spec
            .template
            .spec
            .as_ref()
            .and_then(|pod| pod.volumes.as_ref())
            .into_iter()
            .flatten()
            .map(|volume| volume.name.as_str())
            .collect();
        let claims: Vec<&str> = sts
            .spec
            .volume_claim_templates
            .iter()
            .flatten()
            .filter_map(|template| template.metadata.name.as_deref())
            .collect();
        for (index, template) in sts.spec.volume_claim_templates.iter().flatten().enumerate() {
            let Some(claim) = template.metadata.name.as_deref().filter(|name| !name.is_empty()) else { continue };
            if used.contains(&claim) {
                continue;
            }
            // A mount that names neither a volume nor a claim template, and
            // is spelled almost like this claim, is the likely typo.
            let typo = used.iter().copied().find(|name| {
                !declared.contains(name) && !claims.contains(name) && strsim::levenshtein(name, claim) <= 2
            });
            let help = match typo {
                Some(typo) => format!("the mount `{typo}` names no volume: did you mean `{claim}`?"),
                None => format!(
                    "mount `{claim}` in the container that keeps the data (`volumeMounts: [{{name: {claim}, mountPath: ...}}]`), or remove the template"
                ),
            };
            let sts_name = resource.name.as_deref().unwrap_or("<unnamed>");
            report.report(resource.span(&[Key("spec"), Key("volumeClaimTemplates"), Index(index), Key("metadata"), Key("name")]), format!("volumeClaimTemplate `{claim}` of StatefulSet `{sts_name}` is mounted by no container, so its volumes are created but never written")).help(help);
        }
    }
}
