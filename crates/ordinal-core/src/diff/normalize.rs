//! Each version as the API server would store it, so that only what the
//! cluster would see counts as a change: key order and formatting never
//! do (the tree becomes JSON the way sigs.k8s.io/yaml reads it), nor does
//! writing a default out, nor an empty list or map beside an absent one
//! (apimachinery's `Semantic.DeepEqual` treats nil and empty as equal), nor
//! `10Gi` against `10240Mi` (quantities compare by value).

use serde_json::{Map, Value};

use crate::kinds::Kind;
use crate::model::Resource;
use crate::semantics::{pod, service, statefulset};
use crate::validation::parse_quantity;

/// Metadata the server owns; a manifest copied from `kubectl get -o yaml`
/// carries them, and they never describe a change to apply.
const SERVER_METADATA: &[&str] =
    &["creationTimestamp", "resourceVersion", "uid", "generation", "managedFields", "selfLink"];

/// The annotation client-side apply keeps its last input in.
const LAST_APPLIED: &str = "kubectl.kubernetes.io/last-applied-configuration";

/// `resource` as the API server would store it.
pub fn normalized(resource: &Resource) -> Value {
    let mut value = resource.root.to_json();
    let Value::Object(root) = &mut value else { return value };
    root.remove("status");
    let Some(metadata) = object_at(root, "metadata") else { return value };
    for key in SERVER_METADATA {
        metadata.remove(*key);
    }
    if let Some(Value::Object(annotations)) = metadata.get_mut("annotations") {
        annotations.remove(LAST_APPLIED);
    }
    metadata.insert("namespace".into(), Value::String(resource.namespace.clone()));
    match resource.kind.as_deref() {
        Some(kind) if kind == Kind::StatefulSet.name() => statefulset_defaults(root),
        Some(kind) if kind == Kind::Service.name() => service_defaults(root),
        _ => {}
    }
    canonical(&mut value);
    value
}

/// `SetDefaults_StatefulSet` (`pkg/apis/apps/v1/defaults.go`), with the
/// constants the rest of Ordinal reads from `semantics::statefulset`.
fn statefulset_defaults(root: &mut Map<String, Value>) {
    let Some(spec) = object_at(root, "spec") else { return };
    // `serviceName` is a plain Go string: empty and absent are the same value.
    if spec.get("serviceName").and_then(Value::as_str) == Some("") {
        spec.remove("serviceName");
    }
    default(spec, "replicas", Value::from(statefulset::DEFAULT_REPLICAS));
    default(spec, "podManagementPolicy", Value::from(statefulset::PodManagementPolicy::OrderedReady.as_str()));
    default(spec, "revisionHistoryLimit", Value::from(statefulset::DEFAULT_REVISION_HISTORY_LIMIT));
    default(spec, "minReadySeconds", Value::from(0));
    if let Some(strategy) = object_at(spec, "updateStrategy") {
        default(strategy, "type", Value::from("RollingUpdate"));
        if strategy.get("type").and_then(Value::as_str) == Some("RollingUpdate") {
            if let Some(rolling) = object_at(strategy, "rollingUpdate") {
                default(rolling, "partition", Value::from(0));
                default(rolling, "maxUnavailable", Value::from(statefulset::DEFAULT_MAX_UNAVAILABLE));
            }
        }
    }
    if let Some(retention) = object_at(spec, "persistentVolumeClaimRetentionPolicy") {
        default(retention, "whenDeleted", Value::from(statefulset::DEFAULT_RETENTION));
        default(retention, "whenScaled", Value::from(statefulset::DEFAULT_RETENTION));
    }
    if let Some(Value::Array(templates)) = spec.get_mut("volumeClaimTemplates") {
        for template in templates.iter_mut() {
            if let Value::Object(template) = template {
                // The internal type keeps no TypeMeta of a nested object: the
                // generated conversion copies ObjectMeta and Spec only.
                template.remove("apiVersion");
                template.remove("kind");
                template.remove("status");
                if let Some(spec) = object_at(template, "spec") {
                    default(spec, "volumeMode", Value::from(statefulset::DEFAULT_CLAIM_VOLUME_MODE));
                }
            }
        }
    }
    if let Some(Value::Object(template)) = spec.get_mut("template") {
        pod_template_defaults(template);
    }
}

/// The pod template defaults that `semantics::pod` knows.
fn pod_template_defaults(template: &mut Map<String, Value>) {
    let Some(spec) = object_at(template, "spec") else { return };
    let restart = pod::restart_policy(spec.get("restartPolicy").and_then(Value::as_str)).to_string();
    spec.insert("restartPolicy".into(), Value::from(restart));
    for list in ["containers", "initContainers"] {
        let Some(Value::Array(containers)) = spec.get_mut(list) else { continue };
        for container in containers.iter_mut() {
            let Some(Value::Array(ports)) = container.get_mut("ports") else { continue };
            for port in ports.iter_mut() {
                if let Value::Object(port) = port {
                    default(port, "protocol", Value::from(pod::DEFAULT_PROTOCOL));
                }
            }
        }
    }
}

/// `SetDefaults_Service` (`pkg/apis/core/v1/defaults.go`): type, session
/// affinity, each port's protocol and a target port equal to the port.
fn service_defaults(root: &mut Map<String, Value>) {
    let Some(spec) = object_at(root, "spec") else { return };
    default(spec, "type", Value::from(service::DEFAULT_TYPE));
    default(spec, "sessionAffinity", Value::from(service::DEFAULT_SESSION_AFFINITY));
    if let Some(Value::Array(ports)) = spec.get_mut("ports") {
        for port in ports.iter_mut() {
            if let Value::Object(port) = port {
                default(port, "protocol", Value::from(service::DEFAULT_PROTOCOL));
                if let Some(number) = port.get("port").cloned() {
                    default(port, "targetPort", number);
                }
            }
        }
    }
}

/// The object under `key`, made one when it is absent or not an object
/// (`None` only if the map would not keep it, which it always does).
fn object_at<'m>(map: &'m mut Map<String, Value>, key: &str) -> Option<&'m mut Map<String, Value>> {
    if !map.get(key).is_some_and(Value::is_object) {
        map.insert(key.to_string(), Value::Object(Map::new()));
    }
    map.get_mut(key).and_then(Value::as_object_mut)
}

/// Set `key` to `value` when it is absent, null or an empty string (an
/// unset enum the API server defaults).
fn default(map: &mut Map<String, Value>, key: &str, value: Value) {
    let unset = match map.get(key) {
        None | Some(Value::Null) => true,
        Some(Value::String(text)) => text.is_empty(),
        _ => false,
    };
    if unset {
        map.insert(key.to_string(), value);
    }
}

/// Drop null, empty lists and empty maps (equal to absent for
/// `Semantic.DeepEqual`), and write every quantity under `requests`,
/// `limits` or `capacity` as its value in nano-units.
fn canonical(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, item) in map.iter_mut() {
                if matches!(key.as_str(), "requests" | "limits" | "capacity") {
                    if let Value::Object(quantities) = item {
                        for quantity in quantities.values_mut() {
                            canonical_quantity(quantity);
                        }
                    }
                }
                canonical(item);
            }
            map.retain(|_, item| !is_empty(item));
        }
        Value::Array(items) => items.iter_mut().for_each(canonical),
        _ => {}
    }
}

fn canonical_quantity(quantity: &mut Value) {
    let text = match quantity {
        Value::String(text) => text.clone(),
        Value::Number(number) => number.to_string(),
        _ => return,
    };
    if let Some(nanos) = parse_quantity(&text) {
        *quantity = Value::String(format!("{nanos}n"));
    }
}

fn is_empty(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::Array(items) => items.is_empty(),
        Value::Object(map) => map.is_empty(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{analyze_file, Options, SourceFile};

    fn value(yaml: &str) -> Value {
        let file = SourceFile::new("x.yaml", yaml);
        let analysis = analyze_file(0, &file, &Options::default());
        normalized(&analysis.resources[0])
    }

    #[test]
    fn defaults_empty_values_and_quantities_do_not_count() {
        let written = value(
            "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: a, namespace: default, labels: {}}\nspec:\n  replicas: 1\n  serviceName: ''\n  podManagementPolicy: OrderedReady\n  volumeClaimTemplates:\n  - apiVersion: v1\n    kind: PersistentVolumeClaim\n    metadata: {name: data}\n    spec: {resources: {requests: {storage: 1Gi}}, volumeMode: Filesystem}\n",
        );
        let implied = value(
            "kind: StatefulSet\napiVersion: apps/v1\nmetadata: {name: a}\nspec:\n  volumeClaimTemplates:\n  - metadata: {name: data}\n    spec: {resources: {requests: {storage: 1024Mi}}}\n",
        );
        assert_eq!(written, implied);
    }
}
