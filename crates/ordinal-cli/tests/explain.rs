//! End-to-end tests of `ordinal explain` and `ordinal nslookup`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn ordinal(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ordinal"))
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run ordinal");
    if let Some(text) = stdin {
        child.stdin.take().expect("stdin").write_all(text.as_bytes()).expect("write stdin");
    }
    drop(child.stdin.take());
    child.wait_with_output().expect("wait")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn corpus_dirs() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/real");
    assert!(dir.is_dir(), "the shared corpus is missing at {}", dir.display());
    let mut dirs: Vec<PathBuf> =
        std::fs::read_dir(dir).expect("corpus").filter_map(|e| Some(e.ok()?.path())).filter(|p| p.is_dir()).collect();
    dirs.sort();
    dirs
}

#[test]
fn explain_without_paths_shows_the_zookeeper_example() {
    let output = ordinal(&["explain"], None);
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    let text = stdout(&output);
    assert!(text.starts_with("StatefulSet default/zookeeper: 3 replica(s) from ordinal 0, OrderedReady"), "{text}");
    assert!(text.contains("_leader-election._tcp.zookeeper-server.default.svc.cluster.local"));
    assert!(!text.contains("update: rolling update"), "the update plan is shown only with --update");
    assert!(!text.contains('\u{1b}'), "no colour codes");
}

#[test]
fn explain_flags() {
    let output = ordinal(
        &["explain", "--update", "--scale-to", "5", "--namespace", "prod", "--cluster-domain", "kube.local"],
        None,
    );
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    assert!(text.contains("update: rolling update after a pod template change"));
    assert!(text.contains("scale: scale from 3 to 5"));
    assert!(text.contains("zookeeper-4.zookeeper-server.prod.svc.kube.local"));
    let bad = ordinal(&["explain", "--scale-to", "-1"], None);
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn explain_replicas_what_if() {
    let output = ordinal(&["explain", "--replicas", "5", "--scale-to", "6"], None);
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    let text = stdout(&output);
    assert!(text.starts_with("StatefulSet default/zookeeper: 5 replica(s) from ordinal 0"), "{text}");
    assert!(text.contains("scale: scale from 5 to 6"), "{text}");
    assert!(text.contains("zookeeper-4.zookeeper-server.default.svc.cluster.local"), "{text}");
    assert!(text.contains("explained as if `replicas` were 5 (the manifest says 3)"), "{text}");
    let fewer = stdout(&ordinal(&["explain", "--replicas", "1", "--format", "json"], None));
    let value: serde_json::Value = serde_json::from_str(&fewer).expect("json");
    assert_eq!(value["statefulsets"][0]["replicas"], 1);
    assert_eq!(value["statefulsets"][0]["startup"], serde_json::json!([["zookeeper-0"]]));
    assert!(!fewer.contains("zookeeper-1.zookeeper-server"), "{fewer}");
    let bad = ordinal(&["explain", "--replicas", "-1"], None);
    assert_eq!(bad.status.code(), Some(2));
    // nslookup follows the same what-if: zookeeper-4 exists only with 5 replicas.
    let lookup = ["nslookup", "zookeeper-4.zookeeper-server", "--from", "zookeeper-0"];
    assert_eq!(ordinal(&lookup, None).status.code(), Some(1));
    let found = ordinal(&[&lookup[..], &["--replicas", "5"]].concat(), None);
    assert_eq!(found.status.code(), Some(0), "{}", stdout(&found));
}

#[test]
fn explain_json_from_stdin() {
    let yaml =
        "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: web}\nspec: {serviceName: nginx, replicas: 2}\n";
    let output = ordinal(&["explain", "-", "--format", "json"], Some(yaml));
    assert_eq!(output.status.code(), Some(0));
    let value: serde_json::Value = serde_json::from_str(&stdout(&output)).expect("json");
    let sts = &value["statefulsets"][0];
    assert_eq!(sts["name"], "web");
    assert_eq!(sts["replicas"], 2);
    assert_eq!(sts["pod_management_policy"], "OrderedReady");
    assert_eq!(sts["service"], serde_json::json!({"name": "nginx", "headless": false, "found": false}));
    assert_eq!(
        sts["pods"][1],
        serde_json::json!({"ordinal": 1, "name": "web-1", "hostname": "web-1", "fqdn": null, "pvcs": []})
    );
    assert_eq!(sts["startup"], serde_json::json!([["web-0"], ["web-1"]]));
    assert_eq!(sts["scale_down"], serde_json::json!([["web-1"], ["web-0"]]));
    assert_eq!(sts["rolling_update"], serde_json::json!([["web-1"], ["web-0"]]));
    assert_eq!(value["dns"], serde_json::json!([]));
}

#[test]
fn explain_svg_is_xml() {
    let output = ordinal(&["explain", "--format", "svg", "--update"], None);
    assert_eq!(output.status.code(), Some(0));
    let svg = stdout(&output);
    let mut reader = quick_xml::Reader::from_str(&svg);
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(_) => {}
            Err(error) => panic!("{error}"),
        }
    }
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
}

#[test]
fn explain_svg_at_a_step() {
    // The bundled ZooKeeper example: 3 pods, OrderedReady, so the startup has 3 steps.
    let output = ordinal(&["explain", "--format", "svg", "--at-step", "2"], None);
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    let svg = stdout(&output);
    assert!(svg.contains(r#"data-pod="zookeeper-0" data-state="ready""#), "{svg}");
    assert!(svg.contains(r#"data-pod="zookeeper-1" data-state="pending""#), "{svg}");
    assert!(svg.contains(r#"data-pod="zookeeper-2" data-state="absent""#), "{svg}");
    assert!(svg.contains(r#"data-plan="startup" data-step="2""#));
    let before = stdout(&ordinal(&["explain", "--format", "svg", "--at-step", "0"], None));
    assert!(before.contains(r#"data-pod="zookeeper-0" data-state="absent""#));
    let update = stdout(&ordinal(&["explain", "--format", "svg", "--update", "--at-step", "1"], None));
    assert!(update.contains(r#"data-pod="zookeeper-2" data-state="pending" data-revision="updated""#), "{update}");
    assert!(update.contains(r#"data-pod="zookeeper-1" data-state="ready" data-revision="current""#));

    let out_of_range = ordinal(&["explain", "--format", "svg", "--at-step", "4"], None);
    assert_eq!(out_of_range.status.code(), Some(2));
    let error = String::from_utf8_lossy(&out_of_range.stderr);
    assert!(
        error.contains("--at-step 4 is out of range: the plan shown has 3 step(s), so N is 0 (before it) to 3"),
        "{error}"
    );
    let not_svg = ordinal(&["explain", "--at-step", "1"], None);
    assert_eq!(not_svg.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&not_svg.stderr).contains("--at-step needs --format svg"));
}

#[test]
fn nslookup_answers_and_explains() {
    let output = ordinal(&["nslookup", "zookeeper-1.zookeeper-server", "--from", "zookeeper-0"], None);
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    assert!(
        text.contains("answer: zookeeper-1.zookeeper-server.default.svc.cluster.local A <zookeeper-1 IP>"),
        "{text}"
    );

    let output =
        ordinal(&["nslookup", "zookeeper-7.zookeeper-server", "--from", "zookeeper-0", "--format", "json"], None);
    assert_eq!(output.status.code(), Some(1), "nothing answers: exit 1 like nslookup");
    let value: serde_json::Value = serde_json::from_str(&stdout(&output)).expect("json");
    assert_eq!(value["query"], "zookeeper-7.zookeeper-server");
    assert_eq!(value["from"], "zookeeper-0");
    assert_eq!(value["answer"], serde_json::Value::Null);
    assert_eq!(value["tried"].as_array().map(Vec::len), Some(4));
    assert!(value["reason"].as_str().unwrap_or_default().contains("no pod `zookeeper-7`"));
}

#[test]
fn nslookup_with_files_and_a_missing_path() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/explain/update.yaml");
    let path = dir.to_string_lossy().into_owned();
    let output = ordinal(&["nslookup", "db-7.db", "--from", "prod/db-2", &path], None);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    let missing = ordinal(&["nslookup", "x", "--from", "y", "/definitely/not/here.yaml"], None);
    assert_eq!(missing.status.code(), Some(2));
}

/// Every folder of the real corpus explains in every format, and each pod's
/// own per-pod name (or its StatefulSet's Service) can be looked up from it.
#[test]
fn corpus_explains_and_resolves() {
    for dir in corpus_dirs() {
        let path = dir.to_string_lossy().into_owned();
        for format in ["text", "json", "svg"] {
            let output = ordinal(&["explain", &path, "--format", format, "--update", "--scale-to", "4"], None);
            assert_eq!(output.status.code(), Some(0), "{path} {format}: {}", String::from_utf8_lossy(&output.stderr));
            assert!(!output.stdout.is_empty());
        }
        let output = ordinal(&["explain", &path, "--format", "json"], None);
        let value: serde_json::Value = serde_json::from_str(&stdout(&output)).expect("json");
        for sts in value["statefulsets"].as_array().into_iter().flatten() {
            let Some(pod) = sts["pods"][0]["name"].as_str() else { continue };
            let from = format!("{}/{pod}", sts["namespace"].as_str().unwrap_or("default"));
            let name =
                sts["pods"][0]["fqdn"].as_str().map(|fqdn| format!("{fqdn}.")).unwrap_or_else(|| pod.to_string());
            let output = ordinal(&["nslookup", &name, "--from", &from, &path, "--format", "json"], None);
            let code = output.status.code();
            assert!(code == Some(0) || code == Some(1), "{path}: nslookup {name} from {from}: {code:?}");
            let result: serde_json::Value = serde_json::from_str(&stdout(&output)).expect("json");
            if sts["pods"][0]["fqdn"].is_string() {
                assert_eq!(code, Some(0), "{path}: {name} should resolve: {result}");
            }
        }
    }
}

/// `ordinal explain` and `ordinal nslookup` read `.ordinal.yaml` as `ordinal lint` does
/// (found upwards from the current directory, or `--config`), and their flags win over it.
#[test]
fn explain_and_nslookup_honour_the_config_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let nested = dir.path().join("a/b");
    std::fs::create_dir_all(&nested).expect("nested dir");
    std::fs::write(dir.path().join(".ordinal.yaml"), "namespace: prod\ncluster-domain: Kube.Example.\n")
        .expect("config");
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_ordinal")).args(args).current_dir(&nested).output().expect("run ordinal")
    };
    let explained = run(&["explain"]);
    assert_eq!(explained.status.code(), Some(0), "{}", String::from_utf8_lossy(&explained.stderr));
    let text = stdout(&explained);
    assert!(text.contains("zookeeper-0.zookeeper-server.prod.svc.kube.example"), "{text}");
    assert!(!text.contains("cluster.local"), "{text}");
    let flagged = stdout(&run(&["explain", "--namespace", "qa", "--cluster-domain", "c.test"]));
    assert!(flagged.contains("zookeeper-0.zookeeper-server.qa.svc.c.test"), "{flagged}");

    let lookup = run(&["nslookup", "zookeeper-1.zookeeper-server", "--from", "zookeeper-0", "--format", "json"]);
    assert_eq!(lookup.status.code(), Some(0), "{}", String::from_utf8_lossy(&lookup.stderr));
    let answer: serde_json::Value = serde_json::from_slice(&lookup.stdout).expect("json");
    assert_eq!(answer["answer"]["name"], "zookeeper-1.zookeeper-server.prod.svc.kube.example");

    std::fs::write(dir.path().join("other.yaml"), "namespace: staging\n").expect("other config");
    let explicit = stdout(&run(&["explain", "--config", "../../other.yaml"]));
    assert!(explicit.contains("zookeeper-0.zookeeper-server.staging.svc.cluster.local"), "{explicit}");

    std::fs::write(dir.path().join(".ordinal.yaml"), "namespace: [not, a, string]\n").expect("bad config");
    let bad = run(&["nslookup", "zookeeper-1.zookeeper-server", "--from", "zookeeper-0"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains(".ordinal.yaml"));
}
