//! `nslookup`: the pod's search list and ndots:5 applied, which name answers, or why none does.

use ordinal_core::examples;
use ordinal_core::explain::{explain, nslookup, AttemptOutcome, Nslookup, RecordType};
use ordinal_core::Options;
use ordinal_core::SourceFile;

const OTHER_NAMESPACE: &str = "
apiVersion: v1
kind: Service
metadata: {name: kafka, namespace: other}
spec: {ports: [{name: broker, port: 9092}]}
";

fn lookup_in(yaml: &str, name: &str, from: &str) -> Nslookup {
    let files = [SourceFile::new("a.yaml", yaml), SourceFile::new("b.yaml", OTHER_NAMESPACE)];
    nslookup(&explain(&files, &Options::default()), name, from)
}

fn lookup(name: &str, from: &str) -> Nslookup {
    lookup_in(examples::ZOOKEEPER.yaml, name, from)
}

fn sent(result: &Nslookup) -> Vec<&str> {
    result
        .tried
        .iter()
        .filter(|attempt| attempt.outcome != AttemptOutcome::NotSent)
        .map(|attempt| attempt.name.as_str())
        .collect()
}

#[test]
fn short_pod_name_answers_from_the_first_search_domain() {
    let result = lookup("zookeeper-1.zookeeper-server", "zookeeper-0");
    assert_eq!(result.search, vec!["default.svc.cluster.local", "svc.cluster.local", "cluster.local"]);
    assert_eq!(sent(&result), vec!["zookeeper-1.zookeeper-server.default.svc.cluster.local"]);
    let answer = result.answer.expect("answer");
    assert_eq!(answer.record_type, RecordType::A);
    assert_eq!(answer.values, vec!["<zookeeper-1 IP>"]);
    assert!(result.reason.contains("fewer than ndots:5"), "{}", result.reason);
    assert!(result.reason.contains("only while `zookeeper-1` is Ready"), "{}", result.reason);
}

#[test]
fn short_service_name() {
    let result = lookup("zookeeper", "zookeeper-2");
    let answer = result.answer.expect("answer");
    assert_eq!(answer.name, "zookeeper.default.svc.cluster.local");
    assert_eq!(answer.values, vec!["<cluster IP>"]);
}

#[test]
fn srv_name() {
    let result = lookup("_leader-election._tcp.zookeeper-server", "zookeeper-0");
    let answer = result.answer.expect("answer");
    assert_eq!(answer.record_type, RecordType::Srv);
    assert_eq!(answer.values.len(), 3);
}

#[test]
fn fqdn_with_trailing_dot_is_sent_once() {
    let result = lookup("zookeeper-2.zookeeper-server.default.svc.cluster.local.", "zookeeper-0");
    assert_eq!(sent(&result), vec!["zookeeper-2.zookeeper-server.default.svc.cluster.local"]);
    assert!(result.answer.is_some());
    assert!(result.reason.contains("ends with a dot"));

    let missing = lookup("zookeeper.svc.cluster.local.", "zookeeper-0");
    assert_eq!(sent(&missing), vec!["zookeeper.svc.cluster.local"]);
    assert!(missing.answer.is_none());
}

#[test]
fn five_dots_are_tried_as_is_first() {
    // 5 dots: at least ndots, so the name itself goes first and answers.
    let result = lookup("zookeeper-2.zookeeper-server.default.svc.cluster.local", "zookeeper-0");
    assert_eq!(sent(&result), vec!["zookeeper-2.zookeeper-server.default.svc.cluster.local"]);
    assert!(result.reason.contains("at least ndots:5"), "{}", result.reason);
    // 4 dots: the search list first, so three useless queries precede the answer.
    let result = lookup("zookeeper.default.svc.cluster.local", "zookeeper-0");
    assert_eq!(
        sent(&result),
        vec![
            "zookeeper.default.svc.cluster.local.default.svc.cluster.local",
            "zookeeper.default.svc.cluster.local.svc.cluster.local",
            "zookeeper.default.svc.cluster.local.cluster.local",
            "zookeeper.default.svc.cluster.local",
        ]
    );
    assert!(result.answer.is_some());
}

#[test]
fn cross_namespace_names() {
    let result = lookup("kafka.other", "zookeeper-0");
    assert_eq!(sent(&result), vec!["kafka.other.default.svc.cluster.local", "kafka.other.svc.cluster.local"]);
    assert_eq!(result.answer.expect("answer").name, "kafka.other.svc.cluster.local");

    let result = lookup("kafka", "zookeeper-0");
    assert!(result.answer.is_none());
    assert!(
        result
            .reason
            .contains("no Service `kafka` in namespace `default` (there is one in `other`; use `kafka.other`)"),
        "{}",
        result.reason
    );
}

#[test]
fn per_pod_name_under_a_cluster_ip_service_does_not_exist() {
    let yaml = examples::find("broken-not-headless").expect("example").yaml;
    let result = lookup_in(yaml, "zookeeper-1.zookeeper-server", "zookeeper-0");
    assert!(result.answer.is_none());
    assert!(
        result.reason.contains("`zookeeper-server` has a cluster IP, so `zookeeper-1.zookeeper-server` does not exist"),
        "{}",
        result.reason
    );
    assert_eq!(sent(&result).len(), 4);
    assert_eq!(result.tried.last().map(|a| a.outcome.clone()), Some(AttemptOutcome::Upstream));
}

#[test]
fn pod_that_does_not_exist() {
    let result = lookup("zookeeper-5.zookeeper-server", "zookeeper-0");
    assert!(result.answer.is_none());
    assert!(result.reason.contains("no pod `zookeeper-5` in namespace `default`"), "{}", result.reason);
    assert!(result.reason.contains("`zookeeper` has pods `zookeeper-0` to `zookeeper-2`"), "{}", result.reason);
}

#[test]
fn selector_mismatch_is_explained() {
    let yaml = examples::find("broken-selector-mismatch").expect("example").yaml;
    let result = lookup_in(yaml, "zookeeper-0.zookeeper-server", "zookeeper-1");
    assert!(result.answer.is_none());
    assert!(result.reason.contains("does not select pod `zookeeper-0`"), "{}", result.reason);
}

#[test]
fn asking_from_a_pod_that_does_not_exist() {
    let result = lookup("zookeeper", "zookeeper-9");
    assert!(result.tried.is_empty());
    assert!(result.answer.is_none());
    assert!(result.reason.starts_with("no pod `zookeeper-9`"), "{}", result.reason);
    let result = lookup("zookeeper", "other/zookeeper-0");
    assert!(result.answer.is_none());
    let result = lookup("zookeeper", "default/zookeeper-0");
    assert!(result.answer.is_some());
}

#[test]
fn names_outside_the_cluster_go_upstream() {
    let result = lookup("example.com", "zookeeper-0");
    assert!(result.answer.is_none());
    assert_eq!(sent(&result).last(), Some(&"example.com"));
    assert!(result.reason.contains("outside the cluster domain"), "{}", result.reason);
}

#[test]
fn lookups_are_case_insensitive() {
    let result = lookup("ZooKeeper-1.ZooKeeper-Server", "zookeeper-0");
    assert!(result.answer.is_some());
}

#[test]
fn odd_queries_never_panic() {
    for name in ["", ".", "..", "a..b", "_x._tcp", "a.b.c.d.e.f.g.h", "\u{0}", "é.zookeeper-server"] {
        let _ = lookup(name, "zookeeper-0");
    }
}

#[test]
fn a_bare_pod_name_is_not_a_service() {
    let result = lookup("zookeeper-0", "zookeeper-1");
    assert!(result.answer.is_none());
    assert!(
        result.reason.contains("`zookeeper-0` is a pod, not a Service")
            && result.reason.contains("`zookeeper-0.zookeeper-server`"),
        "{}",
        result.reason
    );
}
