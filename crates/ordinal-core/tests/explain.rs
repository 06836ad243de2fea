//! `explain`: identity, order plans, DNS records, and the docs' DNS table.

use ordinal_core::examples;
use ordinal_core::explain::{
    explain, Explanation, PodManagementPolicy, RecordType, StatefulSetExplanation, StepAction, UpdateStrategy,
};
use ordinal_core::{lint, Options, Severity, SourceFile};

fn explain_with(yaml: &str, options: &Options) -> Explanation {
    explain(&[SourceFile::new("test.yaml", yaml)], options)
}

fn explain_yaml(yaml: &str) -> Explanation {
    explain_with(yaml, &Options::default())
}

fn only(explanation: &Explanation) -> &StatefulSetExplanation {
    assert_eq!(explanation.statefulsets.len(), 1, "{explanation:#?}");
    &explanation.statefulsets[0]
}

fn steps(plan: &ordinal_core::explain::Plan) -> Vec<Vec<String>> {
    plan.pod_lists()
}

fn lists(expected: &[&[&str]]) -> Vec<Vec<String>> {
    expected.iter().map(|step| step.iter().map(|name| name.to_string()).collect()).collect()
}

/// A headless Service `svc` and a StatefulSet `sts` with `extra` spec lines.
fn set(sts: &str, svc: &str, namespace: &str, extra: &str) -> String {
    format!(
        "apiVersion: v1\nkind: Service\nmetadata: {{name: {svc}, namespace: {namespace}}}\nspec:\n  clusterIP: None\n  selector: {{app: {sts}}}\n  ports:\n  - {{name: web, port: 80}}\n---\napiVersion: apps/v1\nkind: StatefulSet\nmetadata: {{name: {sts}, namespace: {namespace}}}\nspec:\n  serviceName: {svc}\n  selector: {{matchLabels: {{app: {sts}}}}}\n  template:\n    metadata: {{labels: {{app: {sts}}}}}\n    spec: {{containers: [{{name: c, image: nginx:1}}]}}\n{extra}"
    )
}

// Kubernetes docs, "StatefulSets", Stable Network ID: the table of cluster
// domain, Service, StatefulSet, StatefulSet domain, pod DNS and hostname.
#[test]
fn docs_stable_network_id_table() {
    let rows = [
        (
            "cluster.local",
            "default",
            "nginx",
            "web",
            "nginx.default.svc.cluster.local",
            "nginx.default.svc.cluster.local",
        ),
        ("cluster.local", "foo", "nginx", "web", "nginx.foo.svc.cluster.local", "nginx.foo.svc.cluster.local"),
        ("kube.local", "foo", "nginx", "web", "nginx.foo.svc.kube.local", "nginx.foo.svc.kube.local"),
    ];
    for (domain, namespace, service, name, statefulset_domain, pod_suffix) in rows {
        let options = Options { cluster_domain: domain.into(), ..Options::default() };
        let explanation = explain_with(&set(name, service, namespace, "  replicas: 4\n"), &options);
        let sts = only(&explanation);
        assert_eq!(explanation.services[0].fqdn, statefulset_domain);
        assert_eq!(sts.namespace, namespace);
        assert_eq!(sts.service.name.as_deref(), Some(service));
        for (n, pod) in sts.pods.iter().enumerate() {
            // Pod DNS `web-{0..N-1}.nginx.<ns>.svc.<domain>`, hostname `web-{0..N-1}`.
            assert_eq!(pod.fqdn.as_deref(), Some(format!("web-{n}.{pod_suffix}").as_str()));
            assert_eq!(pod.hostname, format!("web-{n}"));
        }
        assert_eq!(sts.pods.len(), 4);
    }
}

#[test]
fn identity_labels_pvcs_and_retention() {
    let extra = "  replicas: 2\n  persistentVolumeClaimRetentionPolicy: {whenDeleted: Delete}\n  volumeClaimTemplates:\n  - metadata: {name: www}\n  - metadata: {name: logs}\n";
    let explanation = explain_yaml(&set("web", "nginx", "default", extra));
    let sts = only(&explanation);
    let pod = &sts.pods[1];
    assert_eq!(pod.name, "web-1");
    assert_eq!(pod.subdomain.as_deref(), Some("nginx"));
    assert_eq!(pod.pvcs, vec!["www-web-1", "logs-web-1"]);
    assert_eq!(pod.label("statefulset.kubernetes.io/pod-name").as_deref(), Some("web-1"));
    assert_eq!(pod.label("apps.kubernetes.io/pod-index").as_deref(), Some("1"));
    assert_eq!(pod.label("app").as_deref(), Some("web"));
    assert_eq!(pod.labels().len(), 3);
    assert_eq!(sts.retention.when_deleted, "Delete");
    assert_eq!(sts.retention.when_scaled, "Retain");
    assert!(sts.scale_down.notes.iter().any(|note| note.contains("whenScaled: Retain")));
}

#[test]
fn replicas_default_to_one() {
    let explanation = explain_yaml(&set("web", "nginx", "default", ""));
    let sts = only(&explanation);
    assert_eq!(sts.replicas, 1);
    assert_eq!(steps(&sts.startup), lists(&[&["web-0"]]));
    assert!(sts.notes.iter().any(|note| note.contains("defaults to 1")));
}

#[test]
fn ordered_ready_startup_scale_and_update() {
    let explanation = explain_with(
        &set("web", "nginx", "default", "  replicas: 3\n  minReadySeconds: 10\n"),
        &Options { scale_to: Some(5), ..Options::default() },
    );
    let sts = only(&explanation);
    assert_eq!(sts.pod_management_policy, PodManagementPolicy::OrderedReady);
    assert_eq!(steps(&sts.startup), lists(&[&["web-0"], &["web-1"], &["web-2"]]));
    assert!(sts.startup.steps.iter().all(|step| step.action == StepAction::Create));
    assert_eq!(sts.startup.steps[1].waits_for, "`web-1` Running and Ready, then available for 10s (minReadySeconds)");
    let scale = sts.scale.as_ref().expect("scale plan");
    assert_eq!(steps(scale), lists(&[&["web-3"], &["web-4"]]));
    assert_eq!(steps(&sts.scale_down), lists(&[&["web-2"], &["web-1"], &["web-0"]]));
    assert!(sts.scale_down.steps.iter().all(|step| step.action == StepAction::Delete));
    assert_eq!(steps(&sts.rolling_update), lists(&[&["web-2"], &["web-1"], &["web-0"]]));
    assert!(sts.rolling_update.steps.iter().all(|step| step.action == StepAction::Update));
}

#[test]
fn parallel_is_one_wave_for_scaling_but_not_for_updates() {
    let explanation = explain_with(
        &set("web", "nginx", "default", "  replicas: 3\n  podManagementPolicy: Parallel\n"),
        &Options { scale_to: Some(1), ..Options::default() },
    );
    let sts = only(&explanation);
    assert_eq!(steps(&sts.startup), lists(&[&["web-0", "web-1", "web-2"]]));
    assert_eq!(steps(&sts.scale_down), lists(&[&["web-2", "web-1", "web-0"]]));
    assert_eq!(steps(sts.scale.as_ref().expect("scale")), lists(&[&["web-2", "web-1"]]));
    // "This option only affects the behavior for scaling operations."
    assert_eq!(steps(&sts.rolling_update), lists(&[&["web-2"], &["web-1"], &["web-0"]]));
}

#[test]
fn ordered_ready_scale_down_to_a_smaller_size() {
    let explanation = explain_with(
        &set("web", "nginx", "default", "  replicas: 5\n"),
        &Options { scale_to: Some(3), ..Options::default() },
    );
    let scale = only(&explanation).scale.clone().expect("scale");
    assert_eq!(steps(&scale), lists(&[&["web-4"], &["web-3"]]));
    assert_eq!(scale.steps[1].waits_for, "`web-3` fully terminated (and every remaining pod Running and Ready)");
}

#[test]
fn partition_keeps_low_ordinals() {
    let extra = "  replicas: 5\n  updateStrategy: {type: RollingUpdate, rollingUpdate: {partition: 3}}\n";
    let explanation = explain_yaml(&set("web", "nginx", "default", extra));
    let sts = only(&explanation);
    assert_eq!(sts.update_strategy, UpdateStrategy::RollingUpdate { partition: 3, max_unavailable: 1 });
    assert_eq!(steps(&sts.rolling_update), lists(&[&["web-4"], &["web-3"]]));
    assert!(sts.rolling_update.notes.iter().any(|note| note.contains("`web-0`, `web-1`, `web-2` keep")));
}

#[test]
fn partition_at_or_above_replicas_updates_nothing() {
    let extra = "  replicas: 3\n  updateStrategy: {rollingUpdate: {partition: 3}}\n";
    let explanation = explain_yaml(&set("web", "nginx", "default", extra));
    let sts = only(&explanation);
    assert!(sts.rolling_update.steps.is_empty());
    assert!(sts.rolling_update.notes.iter().any(|note| note.contains("no pod is updated")));
}

// The update loop compares partition with the replica index (ordinal - start):
// start 2, replicas 9 (ordinals 2..10), partition 5 → 10, 9, 8, 7 updated; 2..6 kept.
#[test]
fn partition_is_compared_with_the_index_not_the_ordinal() {
    let extra = "  replicas: 9\n  ordinals: {start: 2}\n  updateStrategy: {rollingUpdate: {partition: 5}}\n";
    let explanation = explain_yaml(&set("web", "nginx", "default", extra));
    let sts = only(&explanation);
    let ordinals: Vec<i64> = sts.pods.iter().map(|pod| pod.ordinal).collect();
    assert_eq!(ordinals, (2..=10).collect::<Vec<_>>());
    assert_eq!(steps(&sts.startup).first(), Some(&vec!["web-2".to_string()]));
    assert_eq!(steps(&sts.rolling_update), lists(&[&["web-10"], &["web-9"], &["web-8"], &["web-7"]]));
    let note = sts.rolling_update.notes.join("\n");
    assert!(note.contains("`web-2`, `web-3`, `web-4`, `web-5`, `web-6` keep"), "{note}");
    assert_eq!(sts.pods[5].index, 5);
    assert_eq!(sts.pods[5].name, "web-7");
}

#[test]
fn max_unavailable_waves() {
    let extra = "  replicas: 5\n  updateStrategy: {rollingUpdate: {maxUnavailable: 2}}\n";
    let explanation = explain_yaml(&set("web", "nginx", "default", extra));
    let sts = only(&explanation);
    assert_eq!(steps(&sts.rolling_update), lists(&[&["web-4", "web-3"], &["web-2", "web-1"], &["web-0"]]));
    assert!(sts.rolling_update.steps[0].waits_for.contains("`web-3`, `web-4`"), "{:?}", sts.rolling_update.steps[0]);
    assert!(sts.rolling_update.notes.iter().any(|note| note.contains("MaxUnavailableStatefulSet")));
}

#[test]
fn max_unavailable_with_partition() {
    let extra = "  replicas: 6\n  updateStrategy: {rollingUpdate: {maxUnavailable: 3, partition: 2}}\n";
    let explanation = explain_yaml(&set("web", "nginx", "default", extra));
    assert_eq!(steps(&only(&explanation).rolling_update), lists(&[&["web-5", "web-4", "web-3"], &["web-2"]]));
}

// getStatefulSetMaxUnavailable: a percentage of replicas rounded down, at least 1.
#[test]
fn max_unavailable_percentages_round_down_but_never_below_one() {
    for (percent, expected) in [("50%", 2), ("10%", 1), ("100%", 5), ("1%", 1)] {
        let extra = format!("  replicas: 5\n  updateStrategy: {{rollingUpdate: {{maxUnavailable: \"{percent}\"}}}}\n");
        let explanation = explain_yaml(&set("web", "nginx", "default", &extra));
        assert_eq!(
            only(&explanation).update_strategy,
            UpdateStrategy::RollingUpdate { partition: 0, max_unavailable: expected },
            "{percent}"
        );
    }
}

#[test]
fn on_delete_has_no_automatic_update() {
    let extra = "  replicas: 3\n  updateStrategy: {type: OnDelete}\n";
    let explanation = explain_yaml(&set("web", "nginx", "default", extra));
    let sts = only(&explanation);
    assert_eq!(sts.update_strategy, UpdateStrategy::OnDelete);
    assert!(sts.rolling_update.steps.is_empty());
    assert!(sts.rolling_update.notes[0].contains("each pod you delete is recreated at the new revision"));
    assert_eq!(steps(&sts.startup).len(), 3);
}

#[test]
fn zero_replicas_have_no_steps() {
    let explanation = explain_yaml(&set("web", "nginx", "default", "  replicas: 0\n"));
    let sts = only(&explanation);
    assert!(sts.pods.is_empty());
    assert!(sts.startup.steps.is_empty());
    assert!(sts.scale_down.steps.is_empty());
}

fn record<'a>(explanation: &'a Explanation, name: &str) -> &'a ordinal_core::explain::DnsRecord {
    explanation
        .dns
        .iter()
        .find(|record| record.name == name)
        .unwrap_or_else(|| panic!("no record {name}: {:#?}", explanation.dns))
}

#[test]
fn records_of_every_service_kind() {
    let yaml = r#"
apiVersion: v1
kind: Service
metadata: {name: api}
spec:
  clusterIP: 10.0.0.7
  selector: {app: db}
  ports:
  - {name: http, port: 80, targetPort: 8080}
  - {port: 81}
---
apiVersion: v1
kind: Service
metadata: {name: api6}
spec:
  clusterIP: "fd00::7"
  ports: [{name: grpc, port: 9000, protocol: UDP}]
---
apiVersion: v1
kind: Service
metadata: {name: auto}
spec:
  ports: [{port: 80}]
---
apiVersion: v1
kind: Service
metadata: {name: ext}
spec: {type: ExternalName, externalName: db.example.com}
---
apiVersion: v1
kind: Service
metadata: {name: db}
spec:
  clusterIP: None
  selector: {app: db}
  ports:
  - {name: pg, port: 5432, targetPort: postgres}
  - {port: 9187}
---
apiVersion: v1
kind: Service
metadata: {name: manual}
spec: {clusterIP: None}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  serviceName: db
  replicas: 2
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec:
      containers:
      - name: pg
        image: postgres:16
        ports: [{name: postgres, containerPort: 5433}]
"#;
    let explanation = explain_yaml(yaml);
    // §2.3: cluster IP → A to the IP, SRV per named port to the Service name.
    let api = record(&explanation, "api.default.svc.cluster.local");
    assert_eq!((api.record_type, api.values.clone()), (RecordType::A, vec!["10.0.0.7".to_string()]));
    let http = record(&explanation, "_http._tcp.api.default.svc.cluster.local");
    assert_eq!(http.values, vec!["80 api.default.svc.cluster.local"]);
    assert!(!explanation.dns.iter().any(|r| r.name.contains("_81")), "unnamed ports have no SRV");
    assert_eq!(record(&explanation, "api6.default.svc.cluster.local").record_type, RecordType::Aaaa);
    assert_eq!(
        record(&explanation, "_grpc._udp.api6.default.svc.cluster.local").values,
        vec!["9000 api6.default.svc.cluster.local"]
    );
    assert_eq!(record(&explanation, "auto.default.svc.cluster.local").values, vec!["<cluster IP>"]);
    // §2.5: ExternalName → CNAME.
    let ext = record(&explanation, "ext.default.svc.cluster.local");
    assert_eq!((ext.record_type, ext.values.clone()), (RecordType::Cname, vec!["db.example.com".to_string()]));
    // §2.4: headless → A list of ready endpoints, per-pod A, SRV per named port to per-pod names
    // (with the endpoint port, resolved from the named container port).
    assert_eq!(record(&explanation, "db.default.svc.cluster.local").values, vec!["<db-0 IP>", "<db-1 IP>"]);
    assert_eq!(record(&explanation, "db-1.db.default.svc.cluster.local").values, vec!["<db-1 IP>"]);
    assert_eq!(
        record(&explanation, "_pg._tcp.db.default.svc.cluster.local").values,
        vec!["5433 db-0.db.default.svc.cluster.local", "5433 db-1.db.default.svc.cluster.local"]
    );
    // A headless Service without selector has no records we can know of.
    assert!(!explanation.dns.iter().any(|r| r.name.starts_with("manual.")));
    assert_eq!(explanation.dns.len(), 10, "{:#?}", explanation.dns);
}

#[test]
fn not_ready_pods_are_missing_from_dns_at_each_startup_step() {
    let explanation = explain_yaml(&set("web", "nginx", "default", "  replicas: 3\n"));
    let sts = only(&explanation);
    let dns: Vec<_> = sts.startup.steps.iter().map(|step| step.dns.clone().expect("dns")).collect();
    assert_eq!(dns[0].resolvable.shown, Vec::<String>::new());
    assert_eq!(dns[0].pending.shown, vec!["web-0.nginx.default.svc.cluster.local"]);
    assert_eq!(dns[0].service_answers.shown, Vec::<String>::new());
    assert_eq!(dns[0].service_name.as_deref(), Some("nginx.default.svc.cluster.local"));
    assert_eq!(
        dns[2].resolvable.shown,
        vec!["web-0.nginx.default.svc.cluster.local", "web-1.nginx.default.svc.cluster.local"]
    );
    assert_eq!(dns[2].pending.shown, vec!["web-2.nginx.default.svc.cluster.local"]);
    assert_eq!(dns[2].service_answers.shown, vec!["web-0", "web-1"]);
}

#[test]
fn publish_not_ready_addresses_resolves_starting_pods_at_each_step() {
    let yaml = set("web", "nginx", "default", "  replicas: 3\n")
        .replace("  clusterIP: None\n", "  clusterIP: None\n  publishNotReadyAddresses: true\n");
    let explanation = explain_yaml(&yaml);
    let sts = only(&explanation);
    assert!(sts.service.publish_not_ready_addresses);
    for (number, step) in sts.startup.steps.iter().enumerate() {
        let dns = step.dns.clone().expect("dns");
        assert!(dns.pending.is_empty());
        assert_eq!(dns.resolvable.count, number + 1);
        assert_eq!(dns.resolvable.shown.last(), Some(&format!("web-{number}.nginx.default.svc.cluster.local")));
        assert_eq!(dns.service_answers.count, number + 1);
    }
}

#[test]
fn parallel_startup_dns_has_every_pod_pending() {
    let explanation = explain_yaml(&set("web", "nginx", "default", "  replicas: 2\n  podManagementPolicy: Parallel\n"));
    let dns = only(&explanation).startup.steps[0].dns.clone().expect("dns");
    assert!(dns.resolvable.is_empty());
    assert_eq!(dns.pending.count, 2);
}

#[test]
fn broken_inputs_still_get_pods_and_order_with_a_reason() {
    let cases = [
        (examples::find("broken-not-headless").expect("example").yaml, "has a cluster IP"),
        (examples::find("broken-selector-mismatch").expect("example").yaml, "does not match the pod template labels"),
        (examples::find("broken-typo").expect("example").yaml, "`serviceName` is not set"),
        (
            "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: web}\nspec: {serviceName: nope, replicas: 2}\n",
            "no Service `nope` in namespace `default`",
        ),
    ];
    for (yaml, reason) in cases {
        let explanation = explain_yaml(yaml);
        let sts = only(&explanation);
        assert!(!sts.pods.is_empty());
        assert!(sts.pods.iter().all(|pod| pod.fqdn.is_none()));
        let actual = sts.service.reason.clone().unwrap_or_default();
        assert!(actual.contains(reason), "{actual:?} should contain {reason:?}");
        assert_eq!(sts.startup.steps.len(), sts.pods.len());
    }
}

#[test]
fn wrongly_typed_fields_do_not_hide_the_pods() {
    let yaml = "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: web}\nspec:\n  replicas: \"2\"\n  serviceName: [oops]\n  template: 7\n";
    let explanation = explain_yaml(yaml);
    let sts = only(&explanation);
    assert_eq!(sts.pods.len(), 2);
    assert_eq!(sts.service.name, None);
}

#[test]
fn garbage_never_panics() {
    for yaml in [
        "",
        "---\n---\n",
        "kind: StatefulSet",
        "kind: StatefulSet\nspec: {replicas: -4, ordinals: {start: -1}}",
        "[1, 2",
        "kind: Service\nspec: 5",
        "kind: StatefulSet\nmetadata: {name: x}\nspec: {replicas: 2147483647}",
    ] {
        let explanation = explain_yaml(yaml);
        for sts in &explanation.statefulsets {
            assert!(sts.pods.len() as i64 <= ordinal_core::explain::MAX_PODS);
        }
    }
}

#[test]
fn huge_replica_counts_are_cut() {
    let explanation = explain_yaml(&set("web", "nginx", "default", "  replicas: 100000\n"));
    let sts = only(&explanation);
    assert_eq!(sts.pods.len(), 1000);
    assert!(sts.notes.iter().any(|note| note.contains("only the first 1000")));
}

fn with_replicas(replicas: Option<i32>, scale_to: Option<i32>) -> Options {
    Options { replicas, scale_to, ..Options::default() }
}

fn dns_names(explanation: &Explanation) -> Vec<&str> {
    explanation.dns.iter().map(|record| record.name.as_str()).collect()
}

#[test]
fn replicas_override_changes_pods_plans_and_dns() {
    let yaml = set(
        "web",
        "nginx",
        "default",
        "  replicas: 2
",
    );
    let explanation = explain_with(&yaml, &with_replicas(Some(5), None));
    let sts = only(&explanation);
    assert_eq!(sts.replicas, 5);
    let pods: Vec<&str> = sts.pods.iter().map(|pod| pod.name.as_str()).collect();
    assert_eq!(pods, ["web-0", "web-1", "web-2", "web-3", "web-4"]);
    assert_eq!(sts.pods[4].fqdn.as_deref(), Some("web-4.nginx.default.svc.cluster.local"));
    assert_eq!(steps(&sts.startup), lists(&[&["web-0"], &["web-1"], &["web-2"], &["web-3"], &["web-4"]]));
    assert_eq!(steps(&sts.scale_down), lists(&[&["web-4"], &["web-3"], &["web-2"], &["web-1"], &["web-0"]]));
    assert_eq!(steps(&sts.rolling_update), lists(&[&["web-4"], &["web-3"], &["web-2"], &["web-1"], &["web-0"]]));
    assert!(
        sts.notes.iter().any(|note| note == "explained as if `replicas` were 5 (the manifest says 2)"),
        "{:?}",
        sts.notes
    );
    record(&explanation, "web-4.nginx.default.svc.cluster.local");
    let service = record(&explanation, "nginx.default.svc.cluster.local");
    assert_eq!(service.values.len(), 5, "{service:?}");

    // Fewer than the manifest: the names beyond the override are gone.
    let fewer = explain_with(&yaml, &with_replicas(Some(1), None));
    assert_eq!(steps(&only(&fewer).startup), lists(&[&["web-0"]]));
    assert!(!dns_names(&fewer).contains(&"web-1.nginx.default.svc.cluster.local"), "{:?}", dns_names(&fewer));
    assert!(dns_names(&fewer).contains(&"web-0.nginx.default.svc.cluster.local"));
}

#[test]
fn replicas_override_is_the_start_of_the_scale_plan() {
    let yaml = set(
        "web",
        "nginx",
        "default",
        "  replicas: 2
",
    );
    let up = explain_with(&yaml, &with_replicas(Some(4), Some(6)));
    let scale = only(&up).scale.clone().expect("scale plan");
    assert_eq!(scale.title, "scale from 4 to 6");
    assert_eq!(steps(&scale), lists(&[&["web-4"], &["web-5"]]));
    let down = explain_with(&yaml, &with_replicas(Some(4), Some(1)));
    let scale = only(&down).scale.clone().expect("scale plan");
    assert_eq!(scale.title, "scale from 4 to 1");
    assert_eq!(steps(&scale), lists(&[&["web-3"], &["web-2"], &["web-1"]]));
}

#[test]
fn replicas_override_none_keeps_the_manifest() {
    let yaml = set(
        "web",
        "nginx",
        "default",
        "  replicas: 3
",
    );
    let default = explain_with(&yaml, &Options::default());
    let none = explain_with(&yaml, &with_replicas(None, None));
    assert_eq!(default, none);
    assert_eq!(only(&none).replicas, 3);
    assert!(!only(&none).notes.iter().any(|note| note.contains("explained as if")));
    // An unset `replicas` still defaults to 1, and the override replaces the default too.
    let unset = set("web", "nginx", "default", "");
    assert_eq!(only(&explain_with(&unset, &with_replicas(None, None))).replicas, 1);
    let overridden = explain_with(&unset, &with_replicas(Some(3), None));
    assert_eq!(only(&overridden).replicas, 3);
    assert!(!only(&overridden).notes.iter().any(|note| note.contains("defaults to 1")));
}

#[test]
fn replicas_override_is_clamped_like_the_manifest() {
    let yaml = set(
        "web",
        "nginx",
        "default",
        "  replicas: 3
",
    );
    let negative = explain_with(&yaml, &with_replicas(Some(-4), Some(2)));
    let sts = only(&negative);
    assert_eq!(sts.replicas, 0);
    assert!(sts.pods.is_empty());
    assert!(sts.notes.iter().any(|note| note.contains("negative")), "{:?}", sts.notes);
    assert_eq!(steps(sts.scale.as_ref().expect("scale")), lists(&[&["web-0"], &["web-1"]]));
    let huge = explain_with(&yaml, &with_replicas(Some(i32::MAX), None));
    let sts = only(&huge);
    assert_eq!(sts.replicas, i64::from(i32::MAX));
    assert_eq!(sts.pods.len(), 1000);
    assert!(sts.notes.iter().any(|note| note.contains("only the first 1000")));
}

#[test]
fn zookeeper_example_lints_clean_of_errors() {
    let report = lint(&[SourceFile::new("zookeeper.yaml", examples::ZOOKEEPER.yaml)], &Options::default());
    let errors: Vec<_> = report.diagnostics.iter().filter(|d| d.severity == Severity::Error).collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn zookeeper_example_explained() {
    let explanation = explain_yaml(examples::ZOOKEEPER.yaml);
    let sts = only(&explanation);
    assert_eq!(sts.name, "zookeeper");
    assert!(sts.service.found && sts.service.headless);
    assert_eq!(
        record(&explanation, "_leader-election._tcp.zookeeper-server.default.svc.cluster.local").values[0],
        "3888 zookeeper-0.zookeeper-server.default.svc.cluster.local"
    );
    assert_eq!(record(&explanation, "_server._tcp.zookeeper-server.default.svc.cluster.local").values.len(), 3);
    assert_eq!(
        record(&explanation, "_client._tcp.zookeeper.default.svc.cluster.local").values,
        vec!["2181 zookeeper.default.svc.cluster.local"]
    );
}

#[test]
fn broken_examples_lint_with_the_expected_rule() {
    for (id, rule) in [
        ("broken-not-headless", "service-not-headless"),
        ("broken-selector-mismatch", "service-selector-mismatch"),
        ("broken-typo", "missing-service-name"),
    ] {
        let example = examples::find(id).expect("example");
        let report = lint(&[SourceFile::new("x.yaml", example.yaml)], &Options::default());
        assert!(report.diagnostics.iter().any(|d| d.rule == rule), "{id}: {:#?}", report.diagnostics);
    }
    assert_eq!(examples::list().len(), examples::EXAMPLES.len());
    assert_eq!(examples::EXAMPLES[0].id, "zookeeper");
}

#[test]
fn custom_namespace_and_domain_options() {
    let yaml = "apiVersion: v1\nkind: Service\nmetadata: {name: nginx}\nspec: {clusterIP: None, selector: {app: web}}\n---\napiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: web}\nspec: {serviceName: nginx, selector: {matchLabels: {app: web}}, template: {metadata: {labels: {app: web}}}}\n";
    let options = Options { namespace: "prod".into(), cluster_domain: "Example.Org.".into(), ..Options::default() };
    let explanation = explain_with(yaml, &options);
    assert_eq!(only(&explanation).pods[0].fqdn.as_deref(), Some("web-0.nginx.prod.svc.example.org"));
}
