//! Text, JSON and SVG renderings of `explain`, snapshotted per fixture in
//! tests/fixtures/explain/, and the SVG parsed as XML.

use std::path::PathBuf;

use ordinal_core::examples;
use ordinal_core::explain::{explain, nslookup, Explanation};
use ordinal_core::render::{explain_json, explain_text, svg};
use ordinal_core::Options;
use ordinal_core::SourceFile;
use quick_xml::events::Event;

fn fixture(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/explain").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

fn explained(yaml: &str, options: &Options) -> Explanation {
    explain(&[SourceFile::new("fixture.yaml", yaml)], options)
}

fn cases() -> Vec<(&'static str, String, Options)> {
    let update = Options { update: true, ..Options::default() };
    vec![
        ("zookeeper", examples::ZOOKEEPER.yaml.to_string(), Options::default()),
        ("web", fixture("web.yaml"), Options { scale_to: Some(5), update: true, ..Options::default() }),
        ("hostile", fixture("hostile.yaml"), update.clone()),
        ("update", fixture("update.yaml"), Options { scale_to: Some(4), ..update }),
        (
            "not_headless",
            examples::find("broken-not-headless").map(|e| e.yaml).unwrap_or_default().to_string(),
            Options::default(),
        ),
    ]
}

#[test]
fn snapshots() {
    for (name, yaml, options) in cases() {
        let explanation = explained(&yaml, &options);
        insta::assert_snapshot!(format!("{name}_text"), explain_text::render(&explanation));
        insta::assert_snapshot!(format!("{name}_json"), explain_json::render(&explanation));
        insta::assert_snapshot!(format!("{name}_svg"), svg::render(&explanation));
    }
}

#[test]
fn rendering_is_deterministic() {
    for (_, yaml, options) in cases() {
        let first = explained(&yaml, &options);
        let second = explained(&yaml, &options);
        assert_eq!(svg::render(&first), svg::render(&second));
        assert_eq!(explain_json::render(&first), explain_json::render(&second));
    }
}

/// Parse `document` as XML; return the element names and the decoded text.
fn parse_svg(document: &str) -> (Vec<String>, String) {
    let mut reader = quick_xml::Reader::from_str(document);
    reader.config_mut().check_end_names = true;
    let mut elements = Vec::new();
    let mut text = String::new();
    let mut depth = 0usize;
    loop {
        match reader.read_event() {
            Ok(Event::Eof) => break,
            Ok(Event::Start(start)) => {
                depth += 1;
                elements.push(AsRef::<str>::as_ref(&start.name()).to_string());
                for attribute in start.attributes() {
                    attribute.expect("well-formed attribute");
                }
            }
            Ok(Event::Empty(empty)) => {
                elements.push(AsRef::<str>::as_ref(&empty.name()).to_string());
                for attribute in empty.attributes() {
                    attribute.expect("well-formed attribute");
                }
            }
            Ok(Event::End(_)) => depth -= 1,
            Ok(Event::Text(content)) => text.push_str(&content.xml10_content()),
            Ok(Event::GeneralRef(reference)) => {
                let entity: String = reference.to_string();
                text.push_str(match entity.as_str() {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    "quot" => "\"",
                    "apos" => "'",
                    other => panic!("undefined entity &{other};"),
                });
            }
            Ok(_) => {}
            Err(error) => panic!("not well-formed at {}: {error}\n{document}", reader.buffer_position()),
        }
    }
    assert_eq!(depth, 0, "unclosed elements");
    (elements, text)
}

#[test]
fn svg_is_well_formed_xml() {
    for (name, yaml, options) in cases() {
        let document = svg::render(&explained(&yaml, &options));
        let (elements, _) = parse_svg(&document);
        assert_eq!(elements.first().map(String::as_str), Some("svg"), "{name}");
        assert!(elements
            .iter()
            .all(|element| ["svg", "style", "text", "g", "title", "desc", "rect", "path"].contains(&element.as_str())));
        assert!(document.contains("prefers-color-scheme: dark"));
    }
}

#[test]
fn svg_escapes_hostile_names() {
    let document = svg::render(&explained(&fixture("hostile.yaml"), &Options { update: true, ..Options::default() }));
    let (elements, text) = parse_svg(&document);
    assert!(!elements.iter().any(|element| element.eq_ignore_ascii_case("script")));
    assert!(text.contains("x<y>&\"z'-0"), "{text}");
    assert!(text.contains("<script>alert('x')</script>"), "{text}");
    assert!(!document.contains("<script"));
    assert!(document.contains("&lt;script&gt;"));
    // Control characters XML cannot carry are replaced, not emitted.
    let control = "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: \"a\\u0001b\"}\nspec: {replicas: 1}\n";
    let (_, text) = parse_svg(&svg::render(&explained(control, &Options::default())));
    assert!(text.contains("a\u{FFFD}b-0"), "{text}");
}

#[test]
fn json_has_exactly_the_documented_shape() {
    let explanation = explained(examples::ZOOKEEPER.yaml, &Options::default());
    let value = serde_json::to_value(explain_json::to_json(&explanation)).expect("JSON");
    let keys = |value: &serde_json::Value| -> Vec<String> {
        let mut keys: Vec<String> = value.as_object().expect("object").keys().cloned().collect();
        keys.sort();
        keys
    };
    assert_eq!(keys(&value), ["dns", "statefulsets"]);
    let sts = &value["statefulsets"][0];
    assert_eq!(
        keys(sts),
        [
            "name",
            "namespace",
            "pod_management_policy",
            "pods",
            "replicas",
            "rolling_update",
            "scale_down",
            "service",
            "startup",
            "step_states"
        ]
    );
    assert_eq!(keys(&sts["service"]), ["found", "headless", "name"]);
    assert_eq!(keys(&sts["pods"][0]), ["fqdn", "hostname", "name", "ordinal", "pvcs"]);
    assert_eq!(keys(&value["dns"][0]), ["name", "type", "values"]);
    assert_eq!(sts["startup"], serde_json::json!([["zookeeper-0"], ["zookeeper-1"], ["zookeeper-2"]]));
    assert_eq!(sts["scale_down"], serde_json::json!([["zookeeper-2"], ["zookeeper-1"], ["zookeeper-0"]]));
    // fqdn is null when no per-pod name exists.
    let broken = explained(examples::find("broken-typo").map(|e| e.yaml).unwrap_or_default(), &Options::default());
    let value = serde_json::to_value(explain_json::to_json(&broken)).expect("JSON");
    assert_eq!(value["statefulsets"][0]["pods"][0]["fqdn"], serde_json::Value::Null);
    assert_eq!(
        value["statefulsets"][0]["service"],
        serde_json::json!({"name": null, "headless": false, "found": false})
    );
}

#[test]
fn nslookup_renderings() {
    let explanation = explained(examples::ZOOKEEPER.yaml, &Options::default());
    let answered = nslookup(&explanation, "zookeeper-1.zookeeper-server", "zookeeper-0");
    insta::assert_snapshot!("nslookup_answered_text", explain_text::render_nslookup(&answered));
    insta::assert_snapshot!("nslookup_answered_json", explain_json::render_nslookup(&answered));
    let missing = nslookup(&explanation, "zookeeper-7.zookeeper-server", "zookeeper-0");
    insta::assert_snapshot!("nslookup_missing_text", explain_text::render_nslookup(&missing));
    let value = serde_json::to_value(explain_json::nslookup_json(&missing)).expect("JSON");
    assert_eq!(value["answer"], serde_json::Value::Null);
    assert_eq!(value["tried"].as_array().map(Vec::len), Some(4));
    let mut keys: Vec<&String> = value.as_object().expect("object").keys().collect();
    keys.sort();
    assert_eq!(keys, ["answer", "from", "query", "reason", "tried"]);
}

#[test]
fn large_sets_stay_a_small_picture() {
    let yaml = "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {clusterIP: None, selector: {app: x}}\n---\napiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: big}\nspec:\n  serviceName: s\n  replicas: 500\n  selector: {matchLabels: {app: x}}\n  template: {metadata: {labels: {app: x}}}\n";
    let document = svg::render(&explained(yaml, &Options::default()));
    parse_svg(&document);
    assert!(document.contains("500 steps; 24 drawn"), "OrderedReady: 500 steps, 24 drawn");
    assert!(document.contains("… and 488 more"), "the Service's A record lists 500 pods, 12 drawn");
    assert!(document.len() < 60_000, "{} bytes", document.len());
    let parallel = yaml.replace("  replicas: 500\n", "  replicas: 500\n  podManagementPolicy: Parallel\n");
    let document = svg::render(&explained(&parallel, &Options::default()));
    assert!(document.contains("… 492 more"), "one Parallel box with 8 pods drawn");
}

/// The JSON is written as a stream; it is the pretty-printed wire value
/// (`to_json`, what the WASM API and its TypeScript types give), with and
/// without budget notes.
#[test]
fn streamed_json_is_the_rendered_json() {
    let mut cases = cases();
    // Twelve StatefulSets of 1,000 pods pass the run's pod budget, which
    // leaves a note.
    let over_budget: String = (0..12)
        .map(|n| {
            format!(
                "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: s{n}\nspec:\n  replicas: 1000\n  \
                 serviceName: svc\n  selector:\n    matchLabels: {{app: a}}\n  template:\n    metadata:\n      \
                 labels: {{app: a}}\n    spec:\n      containers:\n      - name: c\n        image: i\n---\n"
            )
        })
        .collect();
    cases.push(("over_budget", over_budget, Options::default()));
    let mut with_notes = 0;
    for (name, yaml, options) in cases {
        let explanation = explained(&yaml, &options);
        with_notes += usize::from(!explanation.notes.is_empty());
        let mut streamed = Vec::new();
        explain_json::write(&mut streamed, &explanation).expect("writing to a Vec");
        let built = serde_json::to_string_pretty(&explain_json::to_json(&explanation)).expect("plain data") + "\n";
        assert_eq!(String::from_utf8(streamed).expect("UTF-8"), built, "{name}");
    }
    assert!(with_notes > 0, "no case has budget notes");
}
