//! `model::kube` mirrors a subset of k8s-openapi and reads it straight from
//! the document tree. For every typed document of the real corpus and the
//! rule fixtures, the schema pass's cleaned JSON must deserialize into the
//! k8s-openapi type, and the tree must read into the same values for every
//! field the rules use.

use std::path::{Path, PathBuf};

use k8s_openapi::api::apps::v1 as apps;
use k8s_openapi::api::core::v1 as core;
use k8s_openapi::api::policy::v1 as policy;
use ordinal_core::model::kube::{self, FromNode};
use ordinal_core::parse::{parse_yaml, Limits, Node};
use serde_json::Value;

fn yaml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            yaml_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            out.push(path);
        }
    }
}

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
            let Some(result) = ordinal_core::schema::validate(&kind, &root) else { continue };
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

fn labels(map: &Option<std::collections::BTreeMap<String, String>>) -> Vec<(String, String)> {
    map.iter().flatten().map(|(k, v)| (k.clone(), v.clone())).collect()
}

fn keys<V>(map: &Option<std::collections::BTreeMap<String, V>>) -> Vec<String> {
    map.iter().flatten().map(|(k, _)| k.clone()).collect()
}

fn requests(resources: &Option<core::VolumeResourceRequirements>) -> Vec<(String, String)> {
    resources.iter().flat_map(|r| r.requests.iter().flatten()).map(|(k, v)| (k.clone(), v.0.clone())).collect()
}

fn lean_requests(resources: &Option<kube::VolumeResourceRequirements>) -> Vec<(String, String)> {
    resources.iter().flat_map(|r| r.requests.iter().flatten()).map(|(k, v)| (k.clone(), v.0.clone())).collect()
}

#[test]
fn the_lean_model_reads_what_k8s_openapi_reads() {
    let mut compared = 0;
    for (name, kind, root, cleaned) in documents() {
        match kind.as_str() {
            "StatefulSet" => {
                let full = serde_json::from_value::<apps::StatefulSet>(cleaned);
                let lean = kube::StatefulSet::from_node(&root);
                let (Ok(full), Some(lean)) = (full, lean) else { panic!("{name}: typed forms not built") };
                let (f, l) = (full.spec, lean.spec);
                assert_eq!(f.replicas, l.replicas, "{name}");
                assert_eq!(f.service_name, l.service_name, "{name}");
                assert_eq!(f.pod_management_policy, l.pod_management_policy, "{name}");
                assert_eq!(f.ordinals.and_then(|o| o.start), l.ordinals.and_then(|o| o.start), "{name}");
                assert_eq!(labels(&f.selector.match_labels), labels(&l.selector.match_labels), "{name}");
                assert_eq!(
                    f.update_strategy.as_ref().and_then(|s| s.rolling_update.as_ref()?.partition),
                    l.update_strategy.as_ref().and_then(|s| s.rolling_update.as_ref()?.partition),
                    "{name}"
                );
                let f_pod = f.template.spec.unwrap_or_default();
                let l_pod = l.template.spec.unwrap_or_default();
                let f_names: Vec<_> = f_pod.containers.iter().map(|c| (c.name.clone(), c.image.clone())).collect();
                let l_names: Vec<_> = l_pod.containers.iter().map(|c| (c.name.clone(), c.image.clone())).collect();
                assert_eq!(f_names, l_names, "{name}");
                let f_probes: Vec<_> = f_pod.containers.iter().map(|c| c.readiness_probe.is_some()).collect();
                let l_probes: Vec<_> = l_pod.containers.iter().map(|c| c.readiness_probe.is_some()).collect();
                assert_eq!(f_probes, l_probes, "{name}");
                let f_claims: Vec<_> =
                    f.volume_claim_templates.iter().flatten().map(|c| c.metadata.name.clone()).collect();
                let l_claims: Vec<_> =
                    l.volume_claim_templates.iter().flatten().map(|c| c.metadata.name.clone()).collect();
                assert_eq!(f_claims, l_claims, "{name}");
                let f_storage: Vec<_> = f
                    .volume_claim_templates
                    .iter()
                    .flatten()
                    .map(|c| requests(&c.spec.clone().and_then(|s| s.resources)))
                    .collect();
                let l_storage: Vec<_> = l
                    .volume_claim_templates
                    .iter()
                    .flatten()
                    .map(|c| lean_requests(&c.spec.clone().and_then(|s| s.resources)))
                    .collect();
                assert_eq!(f_storage, l_storage, "{name}");
                assert_eq!(f.min_ready_seconds, l.min_ready_seconds, "{name}");
                assert_eq!(
                    f.update_strategy.as_ref().and_then(|s| s.type_.clone()),
                    l.update_strategy.as_ref().and_then(|s| s.type_.clone()),
                    "{name}"
                );
                assert_eq!(
                    format!(
                        "{:?}",
                        f.update_strategy.as_ref().and_then(|s| s.rolling_update.as_ref()?.max_unavailable.clone())
                    ),
                    format!(
                        "{:?}",
                        l.update_strategy.as_ref().and_then(|s| s.rolling_update.as_ref()?.max_unavailable.clone())
                    ),
                    "{name}"
                );
                assert_eq!(
                    f.persistent_volume_claim_retention_policy.map(|p| (p.when_deleted, p.when_scaled)),
                    l.persistent_volume_claim_retention_policy.map(|p| (p.when_deleted, p.when_scaled)),
                    "{name}"
                );
                assert_eq!(
                    labels(&f.template.metadata.as_ref().and_then(|m| m.labels.clone())),
                    labels(&l.template.metadata.as_ref().and_then(|m| m.labels.clone())),
                    "{name}"
                );
                let f_expr: Vec<_> = f
                    .selector
                    .match_expressions
                    .iter()
                    .flatten()
                    .map(|e| (e.key.clone(), e.operator.clone(), e.values.clone()))
                    .collect();
                let l_expr: Vec<_> = l
                    .selector
                    .match_expressions
                    .iter()
                    .flatten()
                    .map(|e| (e.key.clone(), e.operator.clone(), e.values.clone()))
                    .collect();
                assert_eq!(f_expr, l_expr, "{name}");
                assert_eq!(
                    f_pod.init_containers.as_ref().map(Vec::len),
                    l_pod.init_containers.as_ref().map(Vec::len),
                    "{name}"
                );
                let f_detail: Vec<_> = f_pod
                    .containers
                    .iter()
                    .chain(f_pod.init_containers.iter().flatten())
                    .map(|c| {
                        (
                            c.restart_policy.clone(),
                            c.ports.iter().flatten().map(|p| (p.name.clone(), p.container_port)).collect::<Vec<_>>(),
                            c.volume_mounts
                                .iter()
                                .flatten()
                                .map(|m| (m.name.clone(), m.mount_path.clone()))
                                .collect::<Vec<_>>(),
                            c.volume_devices.iter().flatten().map(|d| d.name.clone()).collect::<Vec<_>>(),
                            c.resources.as_ref().map(|r| (keys(&r.requests), keys(&r.limits))),
                            [&c.liveness_probe, &c.readiness_probe, &c.startup_probe].map(|p| {
                                p.as_ref().map(|p| {
                                    (p.exec.is_some(), p.http_get.is_some(), p.tcp_socket.is_some(), p.grpc.is_some())
                                })
                            }),
                        )
                    })
                    .collect();
                let l_detail: Vec<_> = l_pod
                    .containers
                    .iter()
                    .chain(l_pod.init_containers.iter().flatten())
                    .map(|c| {
                        (
                            c.restart_policy.clone(),
                            c.ports.iter().flatten().map(|p| (p.name.clone(), p.container_port)).collect::<Vec<_>>(),
                            c.volume_mounts
                                .iter()
                                .flatten()
                                .map(|m| (m.name.clone(), m.mount_path.clone()))
                                .collect::<Vec<_>>(),
                            c.volume_devices.iter().flatten().map(|d| d.name.clone()).collect::<Vec<_>>(),
                            c.resources.as_ref().map(|r| (keys(&r.requests), keys(&r.limits))),
                            [&c.liveness_probe, &c.readiness_probe, &c.startup_probe].map(|p| {
                                p.as_ref().map(|p| {
                                    (p.exec.is_some(), p.http_get.is_some(), p.tcp_socket.is_some(), p.grpc.is_some())
                                })
                            }),
                        )
                    })
                    .collect();
                assert_eq!(f_detail, l_detail, "{name}");
                assert_eq!(
                    f_pod.volumes.iter().flatten().map(|v| v.name.clone()).collect::<Vec<_>>(),
                    l_pod.volumes.iter().flatten().map(|v| v.name.clone()).collect::<Vec<_>>(),
                    "{name}"
                );
                let f_anti = f_pod.affinity.as_ref().and_then(|a| a.pod_anti_affinity.as_ref()).map(|a| {
                    (
                        a.required_during_scheduling_ignored_during_execution
                            .iter()
                            .flatten()
                            .map(|t| {
                                (t.topology_key.clone(), t.label_selector.as_ref().map(|s| labels(&s.match_labels)))
                            })
                            .collect::<Vec<_>>(),
                        a.preferred_during_scheduling_ignored_during_execution
                            .iter()
                            .flatten()
                            .map(|w| (w.weight, w.pod_affinity_term.topology_key.clone()))
                            .collect::<Vec<_>>(),
                    )
                });
                let l_anti = l_pod.affinity.as_ref().and_then(|a| a.pod_anti_affinity.as_ref()).map(|a| {
                    (
                        a.required_during_scheduling_ignored_during_execution
                            .iter()
                            .flatten()
                            .map(|t| {
                                (t.topology_key.clone(), t.label_selector.as_ref().map(|s| labels(&s.match_labels)))
                            })
                            .collect::<Vec<_>>(),
                        a.preferred_during_scheduling_ignored_during_execution
                            .iter()
                            .flatten()
                            .map(|w| (w.weight, w.pod_affinity_term.topology_key.clone()))
                            .collect::<Vec<_>>(),
                    )
                });
                assert_eq!(f_anti, l_anti, "{name}");
                assert_eq!(
                    f_pod
                        .topology_spread_constraints
                        .iter()
                        .flatten()
                        .map(|c| (c.topology_key.clone(), c.max_skew))
                        .collect::<Vec<_>>(),
                    l_pod
                        .topology_spread_constraints
                        .iter()
                        .flatten()
                        .map(|c| (c.topology_key.clone(), c.max_skew))
                        .collect::<Vec<_>>(),
                    "{name}"
                );
            }
            "Service" => {
                let full = serde_json::from_value::<core::Service>(cleaned);
                let lean = kube::Service::from_node(&root);
                let (Ok(full), Some(lean)) = (full, lean) else { panic!("{name}: typed forms not built") };
                let (f, l) = (full.spec.unwrap_or_default(), lean.spec.unwrap_or_default());
                assert_eq!(f.cluster_ip, l.cluster_ip, "{name}");
                assert_eq!(f.type_, l.type_, "{name}");
                assert_eq!(labels(&f.selector), labels(&l.selector), "{name}");
                assert_eq!(f.publish_not_ready_addresses, l.publish_not_ready_addresses, "{name}");
                let f_ports: Vec<_> = f
                    .ports
                    .iter()
                    .flatten()
                    .map(|p| (p.name.clone(), p.port, format!("{:?}", p.target_port), p.protocol.clone(), p.node_port))
                    .collect();
                let l_ports: Vec<_> = l
                    .ports
                    .iter()
                    .flatten()
                    .map(|p| (p.name.clone(), p.port, format!("{:?}", p.target_port), p.protocol.clone(), p.node_port))
                    .collect();
                assert_eq!(f.cluster_ips, l.cluster_ips, "{name}");
                assert_eq!(f.external_name, l.external_name, "{name}");
                assert_eq!(f_ports, l_ports, "{name}");
            }
            "PodDisruptionBudget" => {
                let full = serde_json::from_value::<policy::PodDisruptionBudget>(cleaned);
                let lean = kube::PodDisruptionBudget::from_node(&root);
                let (Ok(full), Some(lean)) = (full, lean) else { panic!("{name}: typed forms not built") };
                let (f, l) = (full.spec.unwrap_or_default(), lean.spec.unwrap_or_default());
                assert_eq!(format!("{:?}", f.min_available), format!("{:?}", l.min_available), "{name}");
                assert_eq!(format!("{:?}", f.max_unavailable), format!("{:?}", l.max_unavailable), "{name}");
                assert_eq!(f.unhealthy_pod_eviction_policy, l.unhealthy_pod_eviction_policy, "{name}");
                assert_eq!(
                    f.selector.as_ref().map(|s| labels(&s.match_labels)),
                    l.selector.as_ref().map(|s| labels(&s.match_labels)),
                    "{name}"
                );
            }
            "PersistentVolumeClaim" => {
                let full = serde_json::from_value::<core::PersistentVolumeClaim>(cleaned);
                let lean = kube::PersistentVolumeClaim::from_node(&root);
                let (Ok(full), Some(lean)) = (full, lean) else { panic!("{name}: typed forms not built") };
                assert_eq!(
                    requests(&full.spec.and_then(|s| s.resources)),
                    lean_requests(&lean.spec.and_then(|s| s.resources)),
                    "{name}"
                );
            }
            _ => continue,
        }
        compared += 1;
    }
    assert!(compared > 100, "only {compared} typed documents compared");
}
