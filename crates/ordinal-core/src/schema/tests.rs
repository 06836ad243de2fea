use k8s_openapi::api::apps::v1::StatefulSet;
use k8s_openapi::api::core::v1::{PersistentVolumeClaim, Service};
use k8s_openapi::api::policy::v1::PodDisruptionBudget;

use super::*;
use crate::parse::{parse_yaml, Limits};

/// Validate the first document of `yaml` and describe each finding as
/// `path: what`, in source order.
fn check(yaml: &str) -> (Vec<String>, Value) {
    let parsed = parse_yaml(yaml, Limits::default());
    let root = parsed.documents.into_iter().next().and_then(|document| document.root).expect("a document");
    let kind = root.get("kind").and_then(Node::as_str).unwrap_or_default().to_string();
    let result = validate_and_clean(&kind, &root).expect("a typed kind");
    let findings = result
        .findings
        .iter()
        .map(|finding| {
            let what = match &finding.kind {
                SchemaFindingKind::UnknownField { suggestion: None, .. } => "unknown".to_string(),
                SchemaFindingKind::UnknownField { suggestion: Some(Suggestion::Similar { name, .. }), .. } => {
                    format!("unknown, did you mean {name}")
                }
                SchemaFindingKind::UnknownField { suggestion: Some(Suggestion::Elsewhere(path)), .. } => {
                    format!("unknown, belongs at {path}")
                }
                SchemaFindingKind::InvalidType { expected, found, fix } => {
                    format!(
                        "expected {expected}, found {found}{}",
                        fix.map(|fix| format!(" ({fix:?})")).unwrap_or_default()
                    )
                }
                SchemaFindingKind::MissingRequired { .. } => "missing".to_string(),
            };
            format!("{}: {what}", finding.path)
        })
        .collect();
    (findings, result.cleaned)
}

fn findings(yaml: &str) -> Vec<String> {
    check(yaml).0
}

const STS: &str = "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: web\n";

fn sts(spec: &str) -> String {
    format!("{STS}spec:\n  selector: {{matchLabels: {{app: web}}}}\n  template:\n    metadata: {{labels: {{app: web}}}}\n    spec:\n      containers:\n      - name: web\n        image: nginx\n{spec}")
}

#[test]
fn a_correct_statefulset_has_no_findings() {
    assert_eq!(findings(&sts("  serviceName: web\n  replicas: 3\n")), Vec::<String>::new());
}

#[test]
fn field_lookup_uses_the_sorted_table() {
    for object_type in table::TYPES.iter() {
        assert!(object_type.fields.windows(2).all(|pair| pair[0].0 < pair[1].0), "{} is not sorted", object_type.name);
        // The walker tracks valid required fields in a u64.
        assert!(object_type.required.len() <= 64, "{} has more than 64 required fields", object_type.name);
        for (name, shape) in object_type.fields {
            assert_eq!(object_type.field(name), Some(*shape));
        }
        for name in object_type.required {
            assert!(object_type.field(name).is_some(), "{}.{name}", object_type.name);
        }
    }
    assert_eq!(root_type("StatefulSet").map(|t| t.name), Some("StatefulSet"));
    assert!(root_type("StatefulSet").and_then(|t| t.field("spec")).is_some());
    assert!(root_type("Pod").is_none());
}

#[test]
fn unknown_fields_get_suggestions() {
    assert_eq!(findings(&sts("  serviceNmae: web\n")), ["spec.serviceNmae: unknown, did you mean serviceName"]);
    assert_eq!(findings(&sts("  ServiceName: web\n")), ["spec.ServiceName: unknown, did you mean serviceName"]);
    assert_eq!(findings(&sts("  frobnicate: web\n")), ["spec.frobnicate: unknown"]);
    // A field one level up or down, or in a sibling object.
    let misplaced = format!("{STS}  replicas: 3\nspec:\n  selector: {{}}\n  template: {{}}\n");
    assert_eq!(findings(&misplaced), ["metadata.replicas: unknown, belongs at spec.replicas"]);
    let too_deep = format!(
        "{STS}spec:\n  selector: {{}}\n  template:\n    serviceName: web\n    containers: []\n    labels: {{a: b}}\n"
    );
    assert_eq!(
        findings(&too_deep),
        [
            "spec.template.serviceName: unknown, belongs at spec.serviceName",
            "spec.template.containers: unknown, belongs at spec.template.spec.containers",
            "spec.template.labels: unknown, belongs at spec.template.metadata.labels",
        ]
    );
    let two_up =
        format!("{STS}spec:\n  selector: {{}}\n  template:\n    spec:\n      replicas: 3\n      containers: []\n");
    assert_eq!(findings(&two_up), ["spec.template.spec.replicas: unknown, belongs at spec.replicas"]);
}

#[test]
fn yaml_1_1_scalars_in_string_fields_are_wrong_types() {
    let env = "        env:\n        - {name: A, value: on}\n        - {name: B, value: 8080}\n        - {name: C, value: \"on\"}\n        - {name: D, value: 0777}\n        args: [--port, 8080]\n";
    assert_eq!(
        findings(&sts(env)),
        [
            "spec.template.spec.containers[0].env[0].value: expected a string, found boolean `on` (YAML 1.1 reads a plain `on` as a boolean) (Quote)",
            "spec.template.spec.containers[0].env[1].value: expected a string, found integer `8080` (Quote)",
            "spec.template.spec.containers[0].env[3].value: expected a string, found number `0777` (YAML 1.1 reads a leading zero as octal or a float) (Quote)",
            "spec.template.spec.containers[0].args[1]: expected a string, found integer `8080` (Quote)",
        ]
    );
    let labels = format!("{STS}  labels: {{version: 1.0, enabled: true, name: web}}\n  annotations: {{a: ~}}\nspec: {{selector: {{}}, template: {{}}}}\n");
    assert_eq!(
        findings(&labels),
        [
            "metadata.labels.version: expected a string, found number `1.0` (Quote)",
            "metadata.labels.enabled: expected a string, found boolean `true` (Quote)",
        ]
    );
}

#[test]
fn integers_are_read_like_kubernetes() {
    assert_eq!(
        findings(&sts("  replicas: \"3\"\n")),
        ["spec.replicas: expected an int32 integer, found string \"3\" (Unquote)"]
    );
    // Integral floats become integers in sigs.k8s.io/yaml's JSON.
    assert_eq!(findings(&sts("  replicas: 3.0\n  minReadySeconds: 08\n")), Vec::<String>::new());
    assert_eq!(
        findings(&sts("  replicas: 3.5\n  revisionHistoryLimit: 5000000000\n")),
        [
            "spec.replicas: expected an int32 integer, found number 3.5 (not an integer)",
            "spec.revisionHistoryLimit: expected an int32 integer, found integer 5000000000 (out of int32 range)",
        ]
    );
    assert_eq!(
        findings(&sts("  replicas: \"03\"\n")),
        ["spec.replicas: expected an int32 integer, found string \"03\""]
    );
    assert_eq!(
        findings(&sts("  replicas: true\n")),
        ["spec.replicas: expected an int32 integer, found boolean `true`"]
    );
}

#[test]
fn int_or_string_quantity_and_null() {
    let yaml = sts(concat!(
        "        ports: [{containerPort: 80, name: http}]\n",
        "        resources: {requests: {cpu: 0.5, memory: 1Gi}, limits: {cpu: 2, memory: null}}\n",
        "        readinessProbe: {httpGet: {port: http}, tcpSocket: {port: 8080.0}}\n",
        "  updateStrategy: {rollingUpdate: {maxUnavailable: 50%, partition: ~}}\n",
        "  ordinals:\n",
    ));
    assert_eq!(findings(&yaml), Vec::<String>::new());
    assert_eq!(
        findings(&sts("        resources: {requests: {cpu: yes}}\n        livenessProbe: {httpGet: {port: [80]}}\n")),
        [
            "spec.template.spec.containers[0].resources.requests.cpu: expected a quantity (a string such as `500m` or a number), found boolean `yes` (YAML 1.1 reads a plain `yes` as a boolean)",
            "spec.template.spec.containers[0].livenessProbe.httpGet.port: expected an integer or a string, found array",
        ]
    );
}

#[test]
fn collections_of_the_wrong_shape() {
    assert_eq!(
        findings(&sts(
            "        command: sh -c 'echo hi'\n        env: {A: b}\n  volumeClaimTemplates: {metadata: {name: data}}\n"
        )),
        [
            "spec.template.spec.containers[0].command: expected an array of strings, found string \"sh -c 'echo hi'\"",
            "spec.template.spec.containers[0].env: expected an array of `EnvVar` objects, found object",
            "spec.volumeClaimTemplates: expected an array of `PersistentVolumeClaim` objects, found object",
        ]
    );
}

#[test]
fn missing_required_fields_point_at_the_parent_key() {
    let yaml = format!("{STS}spec:\n  serviceName: web\n  template:\n    spec:\n      containers:\n      - image: nginx\n        env: [{{value: x}}]\n");
    let parsed = parse_yaml(&yaml, Limits::default());
    let root = parsed.documents[0].root.clone().unwrap();
    let result = validate_and_clean("StatefulSet", &root).unwrap();
    let described: Vec<(String, &str)> = result
        .findings
        .iter()
        .map(|finding| (finding.path.clone(), &yaml[finding.span.start..finding.span.end]))
        .collect();
    assert_eq!(
        described,
        [
            ("spec.selector".to_string(), "spec"),
            ("spec.template.spec.containers[0].name".to_string(), "image"),
            ("spec.template.spec.containers[0].env[0].name".to_string(), "value"),
        ]
    );
    // The required fields are filled, so the typed model can be built.
    assert_eq!(result.cleaned["spec"]["selector"], serde_json::json!({}));
    assert_eq!(result.cleaned["spec"]["template"]["spec"]["containers"][0]["name"], "");
    // A `status` copied from `kubectl get` is not checked for required fields.
    assert_eq!(findings(&sts("status: {observedGeneration: 1}\n")), Vec::<String>::new());
    assert_eq!(
        findings(&format!("{STS}spec:\n  selector: {{}}\n  template: {{spec: {{containers: }}}}\n")),
        ["spec.template.spec.containers: missing"]
    );
}

#[test]
fn cleaned_output_deserializes_even_when_everything_is_wrong() {
    let yaml = format!(
        "{STS}  labels: {{a: 1, b: on}}\n  creationTimestamp: yesterday\nspec:\n  replicas: \"3\"\n  selector: [a]\n  template:\n    spec:\n      containers:\n      - name: 7\n        ports: [{{containerPort: x}}, 80, null]\n        env: [{{name: A, value: on}}, ~]\n        resources: {{limits: {{cpu: true}}}}\n      volumes: {{}}\n  volumeClaimTemplates: [{{metadata: {{name: d}}, spec: {{resources: {{requests: {{storage: [1]}}}}}}}}]\n  updateStrategy: {{rollingUpdate: {{maxUnavailable: 1.5}}}}\n"
    );
    let (found, cleaned) = check(&yaml);
    assert!(found.len() >= 10, "{found:#?}");
    let sts: StatefulSet = serde_json::from_value(cleaned).expect("cleaned StatefulSet deserializes");
    let spec = sts.spec;
    assert_eq!(spec.replicas, None);
    let container = &spec.template.spec.as_ref().unwrap().containers[0];
    assert_eq!(container.name, "");
    assert_eq!(container.env.as_ref().unwrap()[0].value, None);
    assert_eq!(container.ports.as_ref().unwrap().len(), 3);
    assert_eq!(sts.metadata.labels.unwrap().len(), 0);

    let service = "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  ports: [{port: \"80\", targetPort: [x]}, {name: b}]\n  clusterIP: None\n  publishNotReadyAddresses: \"true\"\n  selector: {app: [web]}\n";
    let (found, cleaned) = check(service);
    assert_eq!(
        found,
        [
            "spec.ports[0].port: expected an int32 integer, found string \"80\" (Unquote)",
            "spec.ports[0].targetPort: expected an integer or a string, found array",
            "spec.ports[1].port: missing",
            "spec.publishNotReadyAddresses: expected a boolean, found string \"true\" (Unquote)",
            "spec.selector.app: expected a string, found array",
        ]
    );
    let _: Service = serde_json::from_value(cleaned).expect("cleaned Service deserializes");

    let pvc = "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: d}\nspec: {accessModes: ReadWriteOnce, resources: {requests: {storage: 1Gi}}}\n";
    let (found, cleaned) = check(pvc);
    assert_eq!(found, ["spec.accessModes: expected an array of strings, found string \"ReadWriteOnce\""]);
    let _: PersistentVolumeClaim = serde_json::from_value(cleaned).expect("cleaned PVC deserializes");

    let pdb = "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: p}\nspec: {minAvailable: 1.5, selector: {matchExpressions: [{key: a}]}}\nstatus: {conditions: [{type: X}]}\n";
    let (found, cleaned) = check(pdb);
    assert_eq!(
        found,
        [
            "spec.minAvailable: expected an integer or a string, found number 1.5 (not an integer)",
            "spec.selector.matchExpressions[0].operator: missing",
        ]
    );
    let _: PodDisruptionBudget = serde_json::from_value(cleaned).expect("cleaned PDB deserializes");
}

#[test]
fn other_api_groups_and_kinds_are_not_checked() {
    let knative =
        parse_yaml("apiVersion: serving.knative.dev/v1\nkind: Service\nspec: {template: {}}\n", Limits::default());
    let root = knative.documents[0].root.clone().unwrap();
    assert!(validate("Service", &root).is_none());
    assert!(validate("Deployment", &root).is_none());
}

#[test]
fn deep_free_form_values_do_not_overflow() {
    // `fieldsV1` is free-form JSON; nest it as deep as the parser allows.
    let depth = 250;
    let yaml = format!(
        "{STS}  managedFields:\n  - fieldsV1: {}{}\nspec: {{selector: {{}}, template: {{}}}}\n",
        "[".repeat(depth),
        "]".repeat(depth)
    );
    let (found, _) = check(&yaml);
    assert_eq!(found, Vec::<String>::new());
}

/// Random documents that follow the schema most of the way down and put a
/// value of the wrong type in about one field in five: whatever the input,
/// the cleaned value must build the typed model.
mod random_documents {
    use super::*;
    use crate::parse::Entry;

    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            // xorshift64*
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
        }

        fn below(&mut self, bound: u64) -> u64 {
            self.next() % bound
        }
    }

    fn scalar(resolved: Resolved, text: &str, style: ScalarStyle) -> Node {
        Node::new(Span::empty(0), NodeValue::Scalar(Scalar::new(text.to_string().into(), style, resolved)))
    }

    fn key(text: &str) -> Node {
        scalar(Resolved::Str, text, ScalarStyle::Plain)
    }

    fn wrong(rng: &mut Rng) -> Node {
        match rng.below(10) {
            0 => scalar(Resolved::Null, "", ScalarStyle::Plain),
            1 => scalar(Resolved::Bool(true), "on", ScalarStyle::Plain),
            2 => scalar(Resolved::Int(5_000_000_000), "5000000000", ScalarStyle::Plain),
            3 => scalar(Resolved::UInt(u64::MAX), "18446744073709551615", ScalarStyle::Plain),
            4 => scalar(Resolved::Float(1.5), "1.5", ScalarStyle::Plain),
            5 => scalar(Resolved::Float(f64::INFINITY), ".inf", ScalarStyle::Plain),
            6 => scalar(Resolved::Str, "3", ScalarStyle::DoubleQuoted),
            7 => Node::new(
                Span::empty(0),
                NodeValue::Sequence(Box::new([scalar(Resolved::Int(1), "1", ScalarStyle::Plain)])),
            ),
            8 => Node::new(
                Span::empty(0),
                NodeValue::Mapping(Box::new([Entry {
                    key: key("x"),
                    value: scalar(Resolved::Null, "", ScalarStyle::Plain),
                }])),
            ),
            _ => scalar(Resolved::Int(-1), "-1", ScalarStyle::Plain),
        }
    }

    fn generate(rng: &mut Rng, shape: Shape, depth: usize) -> Node {
        if rng.below(5) == 0 {
            return wrong(rng);
        }
        match shape {
            Shape::String => scalar(Resolved::Str, "web", ScalarStyle::Plain),
            Shape::Int32 | Shape::Int64 | Shape::Number => scalar(Resolved::Float(3.0), "3.0", ScalarStyle::Plain),
            Shape::Boolean => scalar(Resolved::Bool(false), "no", ScalarStyle::Plain),
            Shape::IntOrString => scalar(Resolved::Str, "50%", ScalarStyle::Plain),
            Shape::Quantity => scalar(Resolved::Float(0.5), "0.5", ScalarStyle::Plain),
            Shape::Time => scalar(Resolved::Str, "2024-01-01T00:00:00Z", ScalarStyle::Plain),
            Shape::Any => wrong(rng),
            Shape::Array(items) => {
                let count = if depth > 6 { 0 } else { rng.below(3) };
                let items = (0..count).map(|_| generate(rng, *items, depth + 1)).collect();
                Node::new(Span::empty(0), NodeValue::Sequence(items))
            }
            Shape::Map(values) => {
                let entries = (0..rng.below(3))
                    .map(|i| Entry { key: key(&format!("k{i}")), value: generate(rng, *values, depth + 1) })
                    .collect();
                Node::new(Span::empty(0), NodeValue::Mapping(entries))
            }
            Shape::Object(index) => {
                let object_type = object_type(index);
                let mut entries = Vec::new();
                if depth <= 8 {
                    for (name, field_shape) in object_type.fields {
                        if rng.below(3) == 0 {
                            entries.push(Entry { key: key(name), value: generate(rng, *field_shape, depth + 1) });
                        }
                    }
                }
                Node::new(Span::empty(0), NodeValue::Mapping(entries.into_boxed_slice()))
            }
        }
    }

    fn document(rng: &mut Rng, kind: &str, api_version: &str) -> Node {
        let root_type = root_type(kind).unwrap();
        let index = table::TYPES.iter().position(|t| std::ptr::eq(t, root_type)).unwrap() as u16;
        let mut root = generate(&mut Rng(rng.next() | 1), Shape::Object(index), 0);
        if let NodeValue::Mapping(entries) = &mut root.value {
            let mut kept = std::mem::take(entries).into_vec();
            kept.retain(|entry| !matches!(entry.key.as_str(), Some("kind" | "apiVersion")));
            kept.push(Entry { key: key("kind"), value: key(kind) });
            kept.push(Entry { key: key("apiVersion"), value: key(api_version) });
            *entries = kept.into_boxed_slice();
        } else {
            root = Node::new(
                Span::empty(0),
                NodeValue::Mapping(Box::new([
                    Entry { key: key("kind"), value: key(kind) },
                    Entry { key: key("apiVersion"), value: key(api_version) },
                ])),
            );
        }
        root
    }

    #[test]
    fn cleaned_always_deserializes() {
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        let mut findings = 0;
        for _ in 0..300 {
            for (kind, api_version) in [
                ("StatefulSet", "apps/v1"),
                ("Service", "v1"),
                ("PersistentVolumeClaim", "v1"),
                ("PodDisruptionBudget", "policy/v1"),
            ] {
                let root = document(&mut rng, kind, api_version);
                let result = validate_and_clean(kind, &root).unwrap();
                findings += result.findings.len();
                let cleaned = result.cleaned;
                let built = match kind {
                    "StatefulSet" => serde_json::from_value::<StatefulSet>(cleaned.clone()).err(),
                    "Service" => serde_json::from_value::<Service>(cleaned.clone()).err(),
                    "PersistentVolumeClaim" => serde_json::from_value::<PersistentVolumeClaim>(cleaned.clone()).err(),
                    _ => serde_json::from_value::<PodDisruptionBudget>(cleaned.clone()).err(),
                };
                assert!(built.is_none(), "{kind}: {built:?}\n{cleaned:#}");
            }
        }
        // The generator really does produce wrong input.
        assert!(findings > 1000, "{findings}");
    }
}
