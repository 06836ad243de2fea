//! `model::kube` mirrors a subset of k8s-openapi and reads it straight from
//! the document tree. For every typed document of the real corpus and the
//! rule fixtures, the schema pass's cleaned JSON must deserialize into the
//! k8s-openapi type, and the tree must read into the same values for every
//! field the rules use.

mod support;

use std::path::Path;

use k8s_openapi::api::apps::v1 as apps;
use k8s_openapi::api::core::v1 as core;
use k8s_openapi::api::policy::v1 as policy;
use ordinal_core::model::kube::{self, FromNode};
use ordinal_core::parse::{parse_yaml, Limits, Node};
use serde_json::Value;
use support::yaml_files;

fn documents() -> Vec<(String, String, Node, Value)> {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    yaml_files(&manifest.join("../../../shared/corpus/real"), &mut files);
    yaml_files(&manifest.join("../../tests/fixtures"), &mut files);
    files.sort();
    assert!(files.len() > 100, "expected the real corpus and the fixtures, found {} files", files.len());
    let mut documents = Vec::new();
    for file in files {
        let Ok(text) = std::fs::read_to_string(&file) else { continue };
        for (index, document) in parse_yaml(&text, Limits::default()).documents.into_iter().enumerate() {
            let Some(root) = document.root else { continue };
            let Some(kind) = root.get("kind").and_then(Node::as_str).map(str::to_string) else { continue };
            let Some(result) = ordinal_core::schema::validate_and_clean(&kind, &root) else { continue };
            let mut cleaned = result.cleaned;
            let api_version = match kind.as_str() {
                "StatefulSet" => "apps/v1",
                "PodDisruptionBudget" => "policy/v1",
                _ => "v1",
            };
            if let Some(object) = cleaned.as_object_mut() {
                object.insert("apiVersion".into(), Value::String(api_version.into()));
            }
            documents.push((format!("{}#{index}", file.display()), kind, root, cleaned));
        }
    }
    documents
}

/// The pairs of a label map, the mirror's `BTreeMap` or the core's `LabelMap`.
fn labels<M>(map: &Option<M>) -> Vec<(String, String)>
where
    for<'m> &'m M: IntoIterator<Item = (&'m String, &'m String)>,
{
    map.iter().flatten().map(|(k, v)| (k.clone(), v.clone())).collect()
}

fn keys<M, V: 'static>(map: &Option<M>) -> Vec<String>
where
    for<'m> &'m M: IntoIterator<Item = (&'m String, &'m V)>,
{
    map.iter().flatten().map(|(k, _)| k.clone()).collect()
}

/// The storage-style requests of a claim or claim template, as text.
macro_rules! requests {
    ($resources:expr) => {
        $resources
            .iter()
            .flat_map(|r| r.requests.iter().flatten())
            .map(|(k, v)| (k.clone(), v.0.clone()))
            .collect::<Vec<_>>()
    };
}

/// What the rules read of a `LabelSelector`.
macro_rules! selector_facts {
    ($selector:expr) => {
        $selector.map(|s| {
            let expressions: Vec<_> = s
                .match_expressions
                .iter()
                .flatten()
                .map(|e| (e.key.clone(), e.operator.clone(), e.values.clone()))
                .collect();
            (labels(&s.match_labels), expressions)
        })
    };
}

/// What the rules read of a StatefulSet spec. The k8s-openapi and the lean
/// types share field names, so one expression reads both.
macro_rules! statefulset_facts {
    ($spec:expr) => {{
        let spec = $spec;
        let pod = spec.template.spec.clone().unwrap_or_default();
        let containers: Vec<_> = pod
            .containers
            .iter()
            .chain(pod.init_containers.iter().flatten())
            .map(|c| {
                let probes = [&c.liveness_probe, &c.readiness_probe, &c.startup_probe].map(|p| {
                    p.as_ref()
                        .map(|p| (p.exec.is_some(), p.http_get.is_some(), p.tcp_socket.is_some(), p.grpc.is_some()))
                });
                (
                    (c.name.clone(), c.image.clone(), c.restart_policy.clone()),
                    c.ports.iter().flatten().map(|p| (p.name.clone(), p.container_port)).collect::<Vec<_>>(),
                    c.volume_mounts
                        .iter()
                        .flatten()
                        .map(|m| (m.name.clone(), m.mount_path.clone()))
                        .collect::<Vec<_>>(),
                    c.volume_devices.iter().flatten().map(|d| d.name.clone()).collect::<Vec<_>>(),
                    c.resources.as_ref().map(|r| (keys(&r.requests), keys(&r.limits))),
                    probes,
                )
            })
            .collect();
        let anti_affinity = pod.affinity.as_ref().and_then(|a| a.pod_anti_affinity.as_ref()).map(|a| {
            let required: Vec<_> = a
                .required_during_scheduling_ignored_during_execution
                .iter()
                .flatten()
                .map(|t| (t.topology_key.clone(), selector_facts!(t.label_selector.as_ref())))
                .collect();
            let preferred: Vec<_> = a
                .preferred_during_scheduling_ignored_during_execution
                .iter()
                .flatten()
                .map(|w| (w.weight, w.pod_affinity_term.topology_key.clone()))
                .collect();
            (required, preferred)
        });
        let spread: Vec<_> = pod
            .topology_spread_constraints
            .iter()
            .flatten()
            .map(|c| (c.topology_key.clone(), c.max_skew, selector_facts!(c.label_selector.as_ref())))
            .collect();
        let claims: Vec<_> = spec
            .volume_claim_templates
            .iter()
            .flatten()
            .map(|c| (c.metadata.name.clone(), requests!(c.spec.as_ref().and_then(|s| s.resources.as_ref()))))
            .collect();
        let strategy = spec.update_strategy.as_ref().map(|s| {
            let rolling = s.rolling_update.as_ref();
            (
                s.type_.clone(),
                rolling.and_then(|r| r.partition),
                format!("{:?}", rolling.and_then(|r| r.max_unavailable.as_ref())),
            )
        });
        (
            (spec.replicas, spec.service_name.clone(), spec.pod_management_policy.clone(), spec.min_ready_seconds),
            (spec.ordinals.as_ref().and_then(|o| o.start), strategy),
            spec.persistent_volume_claim_retention_policy
                .as_ref()
                .map(|p| (p.when_deleted.clone(), p.when_scaled.clone())),
            selector_facts!(Some(&spec.selector)),
            labels(&spec.template.metadata.as_ref().and_then(|m| m.labels.clone())),
            (containers, pod.init_containers.as_ref().map(Vec::len)),
            pod.volumes.iter().flatten().map(|v| v.name.clone()).collect::<Vec<_>>(),
            (anti_affinity, spread),
            claims,
        )
    }};
}

/// What the rules and the explanation read of a Service spec.
macro_rules! service_facts {
    ($spec:expr) => {{
        let spec = $spec;
        let ports: Vec<_> = spec
            .ports
            .iter()
            .flatten()
            .map(|p| (p.name.clone(), p.port, format!("{:?}", p.target_port), p.protocol.clone(), p.node_port))
            .collect();
        (
            (spec.cluster_ip.clone(), spec.cluster_ips.clone(), spec.type_.clone(), spec.external_name.clone()),
            labels(&spec.selector),
            spec.publish_not_ready_addresses,
            ports,
        )
    }};
}

/// What the rules read of a PodDisruptionBudget spec.
macro_rules! pdb_facts {
    ($spec:expr) => {{
        let spec = $spec;
        (
            format!("{:?}", spec.min_available),
            format!("{:?}", spec.max_unavailable),
            spec.unhealthy_pod_eviction_policy.clone(),
            selector_facts!(spec.selector.as_ref()),
        )
    }};
}

#[test]
fn the_lean_model_reads_what_k8s_openapi_reads() {
    let mut compared = 0;
    for (name, kind, root, cleaned) in documents() {
        let built = |ok: bool| assert!(ok, "{name}: the typed forms were not both built");
        match kind.as_str() {
            "StatefulSet" => {
                let (full, lean) =
                    (serde_json::from_value::<apps::StatefulSet>(cleaned), kube::StatefulSet::from_node(&root));
                built(full.is_ok() && lean.is_some());
                let (Ok(full), Some(lean)) = (full, lean) else { continue };
                assert_eq!(statefulset_facts!(&full.spec), statefulset_facts!(&lean.spec), "{name}");
            }
            "Service" => {
                let (full, lean) = (serde_json::from_value::<core::Service>(cleaned), kube::Service::from_node(&root));
                built(full.is_ok() && lean.is_some());
                let (Ok(full), Some(lean)) = (full, lean) else { continue };
                let (f, l) = (full.spec.unwrap_or_default(), lean.spec.unwrap_or_default());
                assert_eq!(service_facts!(&f), service_facts!(&l), "{name}");
            }
            "PodDisruptionBudget" => {
                let (full, lean) = (
                    serde_json::from_value::<policy::PodDisruptionBudget>(cleaned),
                    kube::PodDisruptionBudget::from_node(&root),
                );
                built(full.is_ok() && lean.is_some());
                let (Ok(full), Some(lean)) = (full, lean) else { continue };
                let (f, l) = (full.spec.unwrap_or_default(), lean.spec.unwrap_or_default());
                assert_eq!(pdb_facts!(&f), pdb_facts!(&l), "{name}");
            }
            "PersistentVolumeClaim" => {
                let (full, lean) = (
                    serde_json::from_value::<core::PersistentVolumeClaim>(cleaned),
                    kube::PersistentVolumeClaim::from_node(&root),
                );
                built(full.is_ok() && lean.is_some());
                let (Ok(full), Some(lean)) = (full, lean) else { continue };
                assert_eq!(
                    requests!(full.spec.as_ref().and_then(|s| s.resources.as_ref())),
                    requests!(lean.spec.as_ref().and_then(|s| s.resources.as_ref())),
                    "{name}"
                );
                assert_eq!(full.metadata.name, lean.metadata.name, "{name}");
            }
            _ => continue,
        }
        compared += 1;
    }
    assert!(compared > 100, "only {compared} typed documents compared");
}
