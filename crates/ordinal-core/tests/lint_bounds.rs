//! Lint's links and findings are bounded by its input: Services, PDBs and
//! StatefulSets that all select each other must not make a link or a finding
//! per pair (10,000 of each once exhausted 24 GB), and a lookup a rule makes
//! per StatefulSet must not scan every resource. These tests count links and
//! findings rather than timing anything, so they are exact on a loaded
//! machine; `cargo xtask bench-hostile` measures the CLI's time and memory
//! on the same shapes.

use std::collections::BTreeMap;

use ordinal_core::model::Resource;
use ordinal_core::topology::{Topology, MAX_CANDIDATES, MAX_LINKS};
use ordinal_core::{analyze_file, lint, Diagnostic, Options, SourceFile};

fn lint_yaml(yaml: &str) -> Vec<Diagnostic> {
    lint(&[SourceFile::new("hostile.yaml", yaml)], &Options::default()).diagnostics
}

fn count_by_rule(diagnostics: &[Diagnostic]) -> BTreeMap<&str, usize> {
    let mut counts = BTreeMap::new();
    for diagnostic in diagnostics {
        *counts.entry(diagnostic.rule).or_default() += 1;
    }
    counts
}

/// `count` Services, StatefulSets and PDBs that all select each other: every
/// Service names a targetPort no pod declares and every PDB allows no
/// eviction, so each pair would make a finding.
fn all_select_all(count: usize) -> String {
    let mut yaml = String::new();
    for index in 0..count {
        yaml.push_str(&format!(
            "--- {{apiVersion: v1, kind: Service, metadata: {{name: svc{index}}}, spec: {{clusterIP: None, selector: {{app: x}}, ports: [{{name: p, port: 80, targetPort: web}}]}}}}\n\
             --- {{apiVersion: apps/v1, kind: StatefulSet, metadata: {{name: s{index}}}, spec: {{serviceName: svc{index}, replicas: 2, selector: {{matchLabels: {{app: x}}}}, template: {{metadata: {{labels: {{app: x}}}}, spec: {{containers: [{{name: c, image: nginx:1}}]}}}}}}}}\n\
             --- {{apiVersion: policy/v1, kind: PodDisruptionBudget, metadata: {{name: p{index}}}, spec: {{maxUnavailable: 0, selector: {{matchLabels: {{app: x}}}}}}}}\n"
        ));
    }
    yaml
}

fn topology_of(yaml: &str) -> (Vec<Resource>, Topology) {
    let file = SourceFile::new("hostile.yaml", yaml);
    let resources = analyze_file(0, &file, &Options::default()).resources;
    let topology = Topology::build(&resources.iter().collect::<Vec<_>>());
    (resources, topology)
}

#[test]
fn links_of_one_statefulset_stop_at_the_limit() {
    let (_, topology) = topology_of(&all_select_all(MAX_LINKS + 8));
    assert_eq!(topology.statefulsets.len(), MAX_LINKS + 8);
    for links in &topology.statefulsets {
        assert_eq!(links.selecting_services.len(), MAX_LINKS);
        assert_eq!(links.pdbs.len(), MAX_LINKS);
        assert!(links.cut.services && links.cut.pdbs && !links.cut.candidates, "{:?}", links.cut);
        // The first in input order: resource indices ascending from the first Service and PDB.
        assert!(links.selecting_services.windows(2).all(|pair| pair[0] < pair[1]));
        assert_eq!(links.selecting_services[0], 0);
        assert_eq!(links.pdbs[0], 2);
    }
    assert!(topology.pdbs_cut);
}

#[test]
fn up_to_the_limit_every_link_is_kept() {
    let (_, topology) = topology_of(&all_select_all(MAX_LINKS));
    for links in &topology.statefulsets {
        assert_eq!(links.selecting_services.len(), MAX_LINKS);
        assert_eq!(links.pdbs.len(), MAX_LINKS);
        assert!(!links.cut.any());
    }
    assert!(!topology.pdbs_cut);
}

/// Findings grow linearly: twice the resources make about twice the
/// findings, where a finding per pair made four times as many.
#[test]
fn findings_grow_linearly_when_everything_selects_everything() {
    let small = lint_yaml(&all_select_all(200));
    let large = lint_yaml(&all_select_all(400));
    let (small_counts, large_counts) = (count_by_rule(&small), count_by_rule(&large));
    assert!(large.len() <= 2 * small.len() + 64, "{small_counts:?} then {large_counts:?}");
    // Each StatefulSet gets at most 8 target-port findings and says that it was cut.
    assert!(large_counts["service-target-port-not-found"] <= 8 * 400, "{large_counts:?}");
    assert_eq!(large_counts["too-many-selectors"], 400, "{large_counts:?}");
    // Its PDBs were cut, so no StatefulSet is said to have none.
    assert!(!large_counts.contains_key("pdb-missing"), "{large_counts:?}");
    assert!(!large_counts.contains_key("pdb-selector-mismatch"), "{large_counts:?}");
}

/// More Services share a label with the pods than are compared: the
/// StatefulSet is linked in part and says so, and no rule concludes from
/// what it did not compare.
#[test]
fn candidates_past_the_limit_are_not_compared() {
    let mut yaml = String::from(
        "--- {apiVersion: apps/v1, kind: StatefulSet, metadata: {name: db}, spec: {serviceName: db, replicas: 3, selector: {matchLabels: {app: x}}, template: {metadata: {labels: {app: x, tier: db}}, spec: {containers: [{name: c, image: nginx:1}]}}}}\n",
    );
    for index in 0..=MAX_CANDIDATES {
        // Indexed under `app: x`, but `zone` is not a pod label: it selects nothing.
        yaml.push_str(&format!(
            "--- {{apiVersion: v1, kind: Service, metadata: {{name: other{index}}}, spec: {{selector: {{app: x, zone: a}}}}}}\n"
        ));
    }
    yaml.push_str(
        "--- {apiVersion: v1, kind: Service, metadata: {name: db}, spec: {clusterIP: None, selector: {app: x}}}\n",
    );
    let (_, topology) = topology_of(&yaml);
    let links = &topology.statefulsets[0];
    assert!(links.cut.candidates && !links.cut.services, "{:?}", links.cut);
    let found = lint_yaml(&yaml);
    let counts = count_by_rule(&found);
    assert_eq!(counts.get("too-many-selectors"), Some(&1), "{counts:?}");
    assert!(!counts.contains_key("pdb-missing"), "{counts:?}");
}

/// `service-not-found` names the namespaces that have a Service of the name
/// from an index, and lists a few of them, where it listed every one for
/// every StatefulSet.
#[test]
fn service_not_found_lists_a_few_namespaces_that_have_the_service() {
    let mut yaml = String::new();
    for namespace in 0..7 {
        yaml.push_str(&format!(
            "--- {{apiVersion: v1, kind: Service, metadata: {{name: db, namespace: ns{namespace}}}, spec: {{clusterIP: None, selector: {{app: db}}}}}}\n"
        ));
    }
    yaml.push_str("--- {apiVersion: apps/v1, kind: StatefulSet, metadata: {name: db, namespace: prod}, spec: {serviceName: db, selector: {matchLabels: {app: db}}, template: {metadata: {labels: {app: db}}, spec: {containers: [{name: c, image: nginx:1}]}}}}\n");
    let found = lint_yaml(&yaml);
    let finding = found.iter().find(|d| d.rule == "service-not-found").expect("service-not-found");
    assert_eq!(
        finding.help,
        "a Service `db` exists in namespace `ns0`, `ns1`, `ns2`, `ns3`, `ns4` and 2 more, but the governing Service must be in `prod`"
    );
    let (_, topology) = topology_of(&yaml);
    assert_eq!(topology.services_named_elsewhere("db"), &[0, 1, 2, 3, 4, 5, 6]);
    assert!(topology.services_named_elsewhere("web").is_empty());
}

/// Many PDBs that share a label with many StatefulSets but select none of
/// their pods: each StatefulSet names the first few, where every pair made
/// a `pdb-selector-mismatch` (2,000 of each: 4,000,000 findings, 3 GB).
#[test]
fn near_miss_pdbs_are_named_up_to_the_limit() {
    let near_misses = |count: usize| {
        let mut yaml = String::new();
        for index in 0..count {
            yaml.push_str(&format!(
                "--- {{apiVersion: apps/v1, kind: StatefulSet, metadata: {{name: s{index}}}, spec: {{serviceName: s{index}, replicas: 3, selector: {{matchLabels: {{app: x}}}}, template: {{metadata: {{labels: {{app: x}}}}, spec: {{containers: [{{name: c, image: nginx:1}}]}}}}}}}}\n\
                 --- {{apiVersion: policy/v1, kind: PodDisruptionBudget, metadata: {{name: p{index}}}, spec: {{maxUnavailable: 1, selector: {{matchLabels: {{app: x, zone: a}}}}}}}}\n"
            ));
        }
        count_by_rule(&lint_yaml(&yaml)).get("pdb-selector-mismatch").copied().unwrap_or_default()
    };
    assert_eq!(near_misses(3), 3 * 3);
    assert_eq!(near_misses(100), 100 * ordinal_core::topology::MAX_NEAR_MISSES);
}
