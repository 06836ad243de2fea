//! `ordinal explain` and `nslookup` cut each resource down to what an
//! explanation reads of it as soon as it is typed (`explain::keep_explained`,
//! through `analyze_file_keeping`). The explanation must not change: every
//! explain fixture, rule fixture, regression, hostile case and folder of the
//! real corpus is explained both ways, with and without what-ifs, and the
//! JSON and text renderings compared.

mod support;

use std::path::{Path, PathBuf};

use ordinal_core::explain::{explain_resources, keep_explained};
use ordinal_core::model::Resource;
use ordinal_core::render::{explain_json, explain_text};
use ordinal_core::{analyze_file, analyze_file_keeping, examples, Options, SourceFile};
use support::yaml_files;

/// Each input is the files of one folder (so Services, PDBs and autoscalers
/// link across files, as a user's directory does), or one bundled example.
fn inputs() -> Vec<(String, Vec<SourceFile>)> {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut folders = Vec::new();
    for root in ["tests/fixtures/explain", "tests/fixtures/rules", "tests/fixtures/regressions", "tests/hostile"] {
        let mut paths = Vec::new();
        yaml_files(&repo.join(root), &mut paths);
        let mut by_folder: Vec<(PathBuf, Vec<PathBuf>)> = Vec::new();
        for path in paths {
            let folder = path.parent().unwrap().to_path_buf();
            match by_folder.last_mut() {
                Some((last, files)) if *last == folder => files.push(path),
                _ => by_folder.push((folder, vec![path])),
            }
        }
        folders.extend(by_folder);
    }
    let real = repo.join("../shared/corpus/real");
    for entry in std::fs::read_dir(&real).unwrap() {
        let folder = entry.unwrap().path();
        if folder.is_dir() {
            let mut paths = Vec::new();
            yaml_files(&folder, &mut paths);
            folders.push((folder, paths));
        }
    }
    let mut inputs: Vec<(String, Vec<SourceFile>)> = folders
        .into_iter()
        .map(|(folder, paths)| {
            let files = paths
                .iter()
                .map(|path| {
                    let bytes = std::fs::read(path).unwrap();
                    SourceFile::new(path.display().to_string(), String::from_utf8_lossy(&bytes).into_owned())
                })
                .collect();
            (folder.display().to_string(), files)
        })
        .collect();
    for example in examples::EXAMPLES {
        inputs.push((example.id.to_string(), vec![SourceFile::new(example.id, example.yaml)]));
    }
    inputs.push(("read from the tree".to_string(), vec![SourceFile::new("tree.yaml", READ_FROM_THE_TREE)]));
    inputs
}

/// What an explanation reads from the tree rather than the typed model: a
/// StatefulSet of another API group (not typed), and ill-typed `replicas`
/// and `ordinals.start`, which the schema pass drops from the typed model.
const READ_FROM_THE_TREE: &str = "\
apiVersion: v1
kind: Service
metadata: {name: db}
spec: {clusterIP: None, selector: {app: db}, ports: [{name: pg, port: 5432}]}
---
apiVersion: example.com/v1
kind: StatefulSet
metadata: {name: other-group}
spec:
  serviceName: db
  replicas: 4
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec: {containers: [{name: pg, image: postgres, ports: [{name: pg, containerPort: 5432}]}]}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: quoted}
spec:
  serviceName: db
  replicas: \"3\"
  ordinals: {start: \"5\"}
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec: {containers: [{name: pg, image: postgres}]}
";

fn nodes(resources: &[Resource]) -> usize {
    resources.iter().map(|resource| support::node_count(&resource.root)).sum()
}

#[test]
fn an_explanation_is_the_same_from_resources_cut_to_what_it_reads() {
    let what_ifs = [
        Options::default(),
        Options { replicas: Some(7), scale_to: Some(2), update: true, ..Options::default() },
        Options { scale_to: Some(12), ..Options::default() },
    ];
    let (mut whole_nodes, mut kept_nodes, mut statefulsets) = (0, 0, 0);
    for (name, files) in inputs() {
        for options in &what_ifs {
            let whole: Vec<Resource> =
                files.iter().enumerate().flat_map(|(id, file)| analyze_file(id, file, options).resources).collect();
            let kept: Vec<Resource> = files
                .iter()
                .enumerate()
                .flat_map(|(id, file)| analyze_file_keeping(id, file, options, keep_explained).resources)
                .collect();
            let from_whole = explain_resources(&whole.iter().collect::<Vec<_>>(), options);
            let from_kept = explain_resources(&kept.iter().collect::<Vec<_>>(), options);
            assert_eq!(explain_json::render(&from_whole), explain_json::render(&from_kept), "{name} {options:?}");
            assert_eq!(explain_text::render(&from_whole), explain_text::render(&from_kept), "{name} {options:?}");
            whole_nodes += nodes(&whole);
            kept_nodes += nodes(&kept);
            statefulsets += from_whole.statefulsets.len();
        }
    }
    // The comparison means something only if the cut cut: most of a real
    // manifest is pod templates and metadata, which an explanation reads
    // from the typed model.
    assert!(statefulsets > 300, "only {statefulsets} StatefulSets explained");
    assert!(kept_nodes * 5 < whole_nodes, "the cut kept {kept_nodes} of {whole_nodes} nodes");
}
