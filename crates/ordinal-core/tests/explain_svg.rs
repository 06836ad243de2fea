//! The SVG picture v2: parsed as XML, snapshotted per case, and read through
//! its data attributes (`data-pod`/`data-state`/`data-revision`,
//! `data-pvc`/`data-retention`, `data-service`/`data-headless`,
//! `data-dns`/`data-resolves`, `data-step`) at several steps.

use std::path::PathBuf;

use ordinal_core::explain::{explain, Explanation};
use ordinal_core::render::svg;
use ordinal_core::Options;
use ordinal_core::SourceFile;
use quick_xml::events::Event;

/// A headless governing Service `db` (named port `peer`, optional extra
/// fields), a client Service `db-client` with a cluster IP, a PDB, and a
/// StatefulSet `db` with one volume claim template and `spec` lines added.
fn manifest(replicas: i64, spec: &str, headless_extra: &str) -> String {
    format!(
        "apiVersion: v1\nkind: Service\nmetadata: {{name: db}}\nspec:\n  clusterIP: None\n  selector: {{app: db}}\n  ports: [{{name: peer, port: 7000}}]\n{headless_extra}---\n\
apiVersion: v1\nkind: Service\nmetadata: {{name: db-client}}\nspec:\n  selector: {{app: db}}\n  ports: [{{name: sql, port: 5432}}]\n---\n\
apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {{name: db-pdb}}\nspec:\n  minAvailable: 2\n  selector: {{matchLabels: {{app: db}}}}\n---\n\
apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {{name: db}}\nspec:\n  serviceName: db\n  replicas: {replicas}\n  selector: {{matchLabels: {{app: db}}}}\n{spec}  template:\n    metadata: {{labels: {{app: db}}}}\n    spec: {{containers: [{{name: c, image: i}}]}}\n  volumeClaimTemplates:\n  - metadata: {{name: data}}\n"
    )
}

fn explained(yaml: &str, options: &Options) -> Explanation {
    explain(&[SourceFile::new("fixture.yaml", yaml)], options)
}

/// An element: its name and attributes (values unescaped).
struct Element {
    name: String,
    attributes: Vec<(String, String)>,
}

impl Element {
    fn get(&self, key: &str) -> Option<&str> {
        self.attributes.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }
}

/// Parse `document` (panicking when it is not well-formed XML) into its elements and text.
fn parse(document: &str) -> (Vec<Element>, String) {
    let mut reader = quick_xml::Reader::from_str(document);
    reader.config_mut().check_end_names = true;
    let mut elements = Vec::new();
    let mut text = String::new();
    let mut depth = 0usize;
    loop {
        let event = reader.read_event();
        let start = match &event {
            Ok(Event::Start(start)) => {
                depth += 1;
                Some(start.clone())
            }
            Ok(Event::Empty(empty)) => Some(empty.clone()),
            _ => None,
        };
        if let Some(start) = start {
            let attributes = start
                .attributes()
                .map(|attribute| {
                    let attribute = attribute.expect("well-formed attribute");
                    let key = AsRef::<str>::as_ref(&attribute.key).to_string();
                    let value = attribute
                        .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                        .expect("known entities")
                        .into_owned();
                    (key, value)
                })
                .collect();
            elements.push(Element { name: AsRef::<str>::as_ref(&start.name()).to_string(), attributes });
        }
        match event {
            Ok(Event::Eof) => break,
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

/// The value of `attribute` on the element whose `key` is `value`.
fn attribute<'e>(elements: &'e [Element], key: &str, value: &str, attribute: &str) -> Option<&'e str> {
    elements.iter().find(|element| element.get(key) == Some(value)).and_then(|element| element.get(attribute))
}

/// `data-state` of every pod, in column order.
fn states(elements: &[Element]) -> Vec<(String, String)> {
    elements
        .iter()
        .filter_map(|element| Some((element.get("data-pod")?.to_string(), element.get("data-state")?.to_string())))
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
}

fn cases() -> Vec<(&'static str, String, Options, Option<usize>)> {
    let update = Options { update: true, ..Options::default() };
    vec![
        ("ordered_ready_step_2", manifest(3, "", ""), Options::default(), Some(2)),
        ("parallel_step_1", manifest(3, "  podManagementPolicy: Parallel\n", ""), Options::default(), Some(1)),
        (
            "partition_ordinals_start_step_1",
            manifest(4, "  ordinals: {start: 5}\n  updateStrategy: {rollingUpdate: {partition: 2}}\n", ""),
            update.clone(),
            Some(1),
        ),
        (
            "max_unavailable_2_step_1",
            manifest(
                5,
                "  podManagementPolicy: Parallel\n  updateStrategy: {rollingUpdate: {maxUnavailable: 2}}\n",
                "",
            ),
            update.clone(),
            Some(1),
        ),
        ("on_delete", manifest(2, "  updateStrategy: {type: OnDelete}\n", ""), update, None),
        (
            "retention_delete_scale_to_1_step_1",
            manifest(3, "  persistentVolumeClaimRetentionPolicy: {whenScaled: Delete}\n", ""),
            Options { scale_to: Some(1), ..Options::default() },
            Some(1),
        ),
        ("retention_retain_scale_to_1", manifest(3, "", ""), Options { scale_to: Some(1), ..Options::default() }, None),
        (
            "publish_not_ready_step_1",
            manifest(2, "", "  publishNotReadyAddresses: true\n"),
            Options::default(),
            Some(1),
        ),
        ("hostile", fixture("hostile.yaml"), Options { update: true, ..Options::default() }, Some(1)),
    ]
}

fn fixture(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/explain").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

#[test]
fn snapshots_are_well_formed_svg() {
    for (name, yaml, options, at) in cases() {
        let document = svg::render_at(&explained(&yaml, &options), at);
        let (elements, _) = parse(&document);
        assert_eq!(elements.first().map(|element| element.name.as_str()), Some("svg"), "{name}");
        assert!(elements.iter().any(|element| element.name == "title") && elements.iter().any(|e| e.name == "desc"));
        assert!(document.contains("prefers-color-scheme: dark"));
        insta::assert_snapshot!(format!("svg_{name}"), document);
    }
}

#[test]
fn ordered_ready_startup_step_by_step() {
    let explanation = explained(&manifest(3, "", ""), &Options::default());
    let at = |step| parse(&svg::render_at(&explanation, Some(step))).0;
    let before = at(0);
    assert_eq!(states(&before), pairs(&[("db-0", "absent"), ("db-1", "absent"), ("db-2", "absent")]));
    // Nothing is Ready: the headless name and its SRV record are NXDOMAIN,
    // the client Service's cluster IP resolves anyway.
    assert_eq!(attribute(&before, "data-dns", "db.default.svc.cluster.local", "data-resolves"), Some("false"));
    assert_eq!(
        attribute(&before, "data-dns", "_peer._tcp.db.default.svc.cluster.local", "data-resolves"),
        Some("false")
    );
    assert_eq!(attribute(&before, "data-dns", "db-client.default.svc.cluster.local", "data-resolves"), Some("true"));
    assert_eq!(attribute(&before, "data-service", "db", "data-headless"), Some("true"));
    assert_eq!(attribute(&before, "data-service", "db-client", "data-headless"), Some("false"));
    assert_eq!(attribute(&before, "data-pdb", "db-pdb", "class"), Some("pdb-box"));

    let second = at(2);
    assert_eq!(states(&second), pairs(&[("db-0", "ready"), ("db-1", "pending"), ("db-2", "absent")]));
    assert_eq!(attribute(&second, "data-dns", "db-0.db.default.svc.cluster.local", "data-resolves"), Some("true"));
    assert_eq!(attribute(&second, "data-dns", "db-1.db.default.svc.cluster.local", "data-resolves"), Some("false"));
    assert_eq!(attribute(&second, "data-dns", "db.default.svc.cluster.local", "data-resolves"), Some("true"));
    assert_eq!(attribute(&second, "data-pvc", "data-db-1", "data-retention"), Some("kept"));
    let selected: Vec<&str> = second
        .iter()
        .filter(|element| element.get("class").is_some_and(|class| class.contains("selected")))
        .map(|element| element.name.as_str())
        .collect();
    assert_eq!(selected, ["rect"], "one step box is marked");
    let markers: Vec<&str> = second
        .iter()
        .filter(|element| element.get("data-plan") == Some("startup"))
        .filter_map(|e| e.get("data-step"))
        .collect();
    assert_eq!(markers, ["1", "2", "3"]);

    let done = parse(&svg::render(&explanation)).0;
    assert_eq!(states(&done), pairs(&[("db-0", "ready"), ("db-1", "ready"), ("db-2", "ready")]));
    assert!(done.iter().all(|element| element.get("data-revision").is_none()), "no revision outside the update view");
}

#[test]
fn parallel_creates_every_pod_in_one_step() {
    let explanation = explained(&manifest(3, "  podManagementPolicy: Parallel\n", ""), &Options::default());
    assert_eq!(svg::shown_steps(&explanation), 1);
    let first = parse(&svg::render_at(&explanation, Some(1))).0;
    assert_eq!(states(&first), pairs(&[("db-0", "pending"), ("db-1", "pending"), ("db-2", "pending")]));
    assert_eq!(attribute(&first, "data-dns", "db-2.db.default.svc.cluster.local", "data-resolves"), Some("false"));
}

#[test]
fn partition_counts_from_ordinals_start_and_keeps_the_lower_pods() {
    let yaml = manifest(4, "  ordinals: {start: 5}\n  updateStrategy: {rollingUpdate: {partition: 2}}\n", "");
    let explanation = explained(&yaml, &Options { update: true, ..Options::default() });
    assert_eq!(svg::shown_steps(&explanation), 2, "db-8 then db-7");
    let revisions = |step| {
        let (elements, _) = parse(&svg::render_at(&explanation, Some(step)));
        elements
            .iter()
            .filter_map(|element| {
                Some(format!(
                    "{} {} {}",
                    element.get("data-pod")?,
                    element.get("data-state")?,
                    element.get("data-revision")?
                ))
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(revisions(0), ["db-5 ready current", "db-6 ready current", "db-7 ready current", "db-8 ready current"]);
    assert_eq!(
        revisions(1),
        ["db-5 ready current", "db-6 ready current", "db-7 ready current", "db-8 pending updated"]
    );
    assert_eq!(
        revisions(2),
        ["db-5 ready current", "db-6 ready current", "db-7 pending updated", "db-8 ready updated"]
    );
    assert_eq!(revisions(3), ["db-5 ready current", "db-6 ready current", "db-7 ready updated", "db-8 ready updated"]);
    let document = svg::render_at(&explanation, Some(1));
    let (elements, text) = parse(&document);
    // The boundary is drawn once, between index 1 (db-6) and index 2 (db-7).
    assert_eq!(elements.iter().filter(|element| element.get("data-partition") == Some("2")).count(), 1);
    assert_eq!(text.matches("kept by partition").count(), 2, "db-5 and db-6");
}

#[test]
fn max_unavailable_replaces_pods_in_waves() {
    let yaml =
        manifest(5, "  podManagementPolicy: Parallel\n  updateStrategy: {rollingUpdate: {maxUnavailable: 2}}\n", "");
    let explanation = explained(&yaml, &Options { update: true, ..Options::default() });
    assert_eq!(svg::shown_steps(&explanation), 3, "waves db-4 db-3, db-2 db-1, db-0");
    let first = parse(&svg::render_at(&explanation, Some(1))).0;
    assert_eq!(
        states(&first),
        pairs(&[("db-0", "ready"), ("db-1", "ready"), ("db-2", "ready"), ("db-3", "pending"), ("db-4", "pending")])
    );
    assert_eq!(attribute(&first, "data-pod", "db-3", "data-revision"), Some("updated"));
    assert_eq!(attribute(&first, "data-pod", "db-2", "data-revision"), Some("current"));
}

#[test]
fn on_delete_has_no_steps_and_every_pod_stays_current() {
    let explanation = explained(
        &manifest(2, "  updateStrategy: {type: OnDelete}\n", ""),
        &Options { update: true, ..Options::default() },
    );
    assert_eq!(svg::shown_steps(&explanation), 0);
    let document = svg::render(&explanation);
    let (elements, text) = parse(&document);
    assert_eq!(attribute(&elements, "data-pod", "db-1", "data-revision"), Some("current"));
    assert!(text.contains("OnDelete: the controller replaces no pod"), "{text}");
}

#[test]
fn scale_down_marks_claims_kept_or_deleted_by_the_retention_policy() {
    let scale = Options { scale_to: Some(1), ..Options::default() };
    let delete = explained(&manifest(3, "  persistentVolumeClaimRetentionPolicy: {whenScaled: Delete}\n", ""), &scale);
    let before = parse(&svg::render_at(&delete, Some(0))).0;
    assert_eq!(attribute(&before, "data-pvc", "data-db-2", "data-retention"), Some("kept"));
    let first = parse(&svg::render_at(&delete, Some(1))).0;
    assert_eq!(states(&first), pairs(&[("db-0", "ready"), ("db-1", "ready"), ("db-2", "absent")]));
    assert_eq!(attribute(&first, "data-pvc", "data-db-2", "data-retention"), Some("deleted"));
    assert_eq!(attribute(&first, "data-pvc", "data-db-1", "data-retention"), Some("kept"));
    let done = parse(&svg::render(&delete)).0;
    assert_eq!(attribute(&done, "data-pvc", "data-db-1", "data-retention"), Some("deleted"));
    assert_eq!(attribute(&done, "data-pvc", "data-db-0", "data-retention"), Some("kept"), "db-0 stays");

    let retain = explained(&manifest(3, "", ""), &scale);
    let done = parse(&svg::render(&retain)).0;
    assert_eq!(attribute(&done, "data-pod", "db-2", "data-state"), Some("absent"));
    assert_eq!(attribute(&done, "data-pvc", "data-db-2", "data-retention"), Some("kept"));
}

#[test]
fn publish_not_ready_addresses_resolves_pending_pods() {
    let explanation = explained(&manifest(2, "", "  publishNotReadyAddresses: true\n"), &Options::default());
    let first = parse(&svg::render_at(&explanation, Some(1))).0;
    assert_eq!(attribute(&first, "data-pod", "db-0", "data-state"), Some("pending"));
    assert_eq!(attribute(&first, "data-dns", "db-0.db.default.svc.cluster.local", "data-resolves"), Some("true"));
    assert_eq!(attribute(&first, "data-dns", "db.default.svc.cluster.local", "data-resolves"), Some("true"));
    assert_eq!(attribute(&first, "data-dns", "db-1.db.default.svc.cluster.local", "data-resolves"), Some("false"));
}

#[test]
fn hostile_names_are_escaped_in_text_and_attributes() {
    let explanation = explained(&fixture("hostile.yaml"), &Options { update: true, ..Options::default() });
    for at in [None, Some(0), Some(1)] {
        let document = svg::render_at(&explanation, at);
        let (elements, text) = parse(&document);
        assert!(!elements.iter().any(|element| element.name.eq_ignore_ascii_case("script")));
        assert!(!document.contains("<script"));
        assert!(text.contains("x<y>&\"z'-0"), "{text}");
        assert!(elements.iter().any(|element| element.get("data-pod") == Some("x<y>&\"z'-0")));
        assert!(elements.iter().any(|element| element.get("data-service") == Some("<script>alert('x')</script>")));
    }
}

#[test]
fn a_thousand_replicas_collapse_to_the_first_and_last_pods() {
    let explanation = explained(&manifest(1000, "", ""), &Options::default());
    assert_eq!(svg::shown_steps(&explanation), 1000);
    let document = svg::render_at(&explanation, Some(600));
    let (elements, text) = parse(&document);
    let pods: Vec<(String, String)> = states(&elements);
    assert_eq!(pods.len(), 10);
    assert_eq!(pods[0], ("db-0".to_string(), "ready".to_string()));
    assert_eq!(pods[9], ("db-999".to_string(), "absent".to_string()));
    assert!(text.contains("… 990 more"), "the column counting the rest");
    let markers: Vec<&str> =
        elements.iter().filter(|e| e.get("data-plan") == Some("startup")).filter_map(|e| e.get("data-step")).collect();
    assert!(markers.contains(&"600") && markers.contains(&"1000"), "{markers:?}");
    assert!(document.len() < 60_000, "{} bytes", document.len());
}

#[test]
fn dns_records_and_nslookup_follow_the_step() {
    use ordinal_core::explain::{nslookup, records_at};
    let explanation = explained(&manifest(3, "", ""), &Options::default());
    assert_eq!(records_at(&explanation, None), explanation.dns);
    let at_two = records_at(&explanation, Some(2));
    let find = |name: &str| at_two.iter().find(|record| record.name == name).map(|record| record.values.clone());
    assert_eq!(find("db.default.svc.cluster.local"), Some(vec!["<db-0 IP>".to_string()]));
    assert_eq!(find("db-0.db.default.svc.cluster.local"), Some(vec!["<db-0 IP>".to_string()]));
    assert_eq!(find("db-1.db.default.svc.cluster.local"), None, "db-1 is pending");
    assert_eq!(
        find("_peer._tcp.db.default.svc.cluster.local"),
        Some(vec!["7000 db-0.db.default.svc.cluster.local".to_string()])
    );
    assert_eq!(find("db-client.default.svc.cluster.local"), Some(vec!["<cluster IP>".to_string()]));
    let stepped = Explanation { dns: at_two, ..explanation.clone() };
    assert!(nslookup(&stepped, "db-1.db", "db-0").answer.is_none());
    assert!(nslookup(&stepped, "db-0.db", "db-0").answer.is_some());
    assert!(records_at(&explanation, Some(0)).iter().all(|record| !record.name.starts_with("db.")));

    let publish = explained(&manifest(2, "", "  publishNotReadyAddresses: true\n"), &Options::default());
    let first = records_at(&publish, Some(1));
    assert!(first.iter().any(|record| record.name == "db-0.db.default.svc.cluster.local"), "published before Ready");
    assert!(!first.iter().any(|record| record.name == "db-1.db.default.svc.cluster.local"), "not created yet");
}

/// The README's picture, `docs/explain-zookeeper.svg`: the bundled ZooKeeper
/// example at step 2 of its startup (`ordinal explain --format svg --at-step 2`).
/// `UPDATE_DOCS=1 cargo test -p ordinal-core --test explain_svg` rewrites it.
#[test]
fn readme_picture_is_current() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/explain-zookeeper.svg");
    let explanation = explained(ordinal_core::examples::ZOOKEEPER.yaml, &Options::default());
    let drawn = svg::render_at(&explanation, Some(2));
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(&path, &drawn).expect("write docs/explain-zookeeper.svg");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == drawn,
        "docs/explain-zookeeper.svg is stale: run `UPDATE_DOCS=1 cargo test -p ordinal-core --test explain_svg`"
    );
}
