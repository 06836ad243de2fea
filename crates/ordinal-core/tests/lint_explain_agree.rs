//! Lint and explain read the same Kubernetes facts from `semantics/`, so they
//! must agree: explain gives a StatefulSet's pods per-pod DNS names exactly
//! when lint reports no finding saying those names cannot exist. Checked over
//! every fixture and every file of the real corpus, each file on its own.

mod support;

use std::path::Path;

use ordinal_core::diagnostic::Diagnostic;
use ordinal_core::explain::{explain, StatefulSetExplanation};
use ordinal_core::model::Resource;
use ordinal_core::semantics::statefulset;
use ordinal_core::{analyze_file, lint, Options, SourceFile};
use support::yaml_files;

/// Findings that say a StatefulSet's pods get no per-pod DNS name (all
/// errors except `missing-service-name`, a warning because `serviceName` is
/// optional):
/// - `missing-service-name`: no `serviceName`, so no subdomain;
/// - `service-not-found`: the governing Service is not among the inputs;
/// - `service-not-headless`: it has a cluster IP or is an ExternalName alias;
/// - `service-selector-mismatch`: it has no endpoints for these pods;
/// - `name-too-long`: the controller cannot create the pods at all;
/// - `service-type-conflict` on the governing Service: the API server
///   rejects that Service (e.g. `clusterIPs: [None]` without `clusterIP`),
///   so it never exists.
const NO_POD_NAMES: &[&str] = &[
    "missing-service-name",
    "service-not-found",
    "service-not-headless",
    "service-selector-mismatch",
    "name-too-long",
    "service-type-conflict",
];

#[test]
fn explain_names_pods_exactly_when_lint_finds_nothing_against_it() {
    let mut files = Vec::new();
    yaml_files(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures"), &mut files);
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/real");
    assert!(corpus.is_dir(), "the shared corpus is missing at {}", corpus.display());
    yaml_files(&corpus, &mut files);
    let mut compared = 0;
    let mut disagreements = Vec::new();
    for path in &files {
        let file = SourceFile::new(path.display().to_string(), std::fs::read_to_string(path).unwrap());
        let files = std::slice::from_ref(&file);
        let report = lint(files, &Options::default());
        let explanation = explain(files, &Options::default());
        let resources = analyze_file(0, &file, &Options::default()).resources;
        for sts in &explanation.statefulsets {
            let Some(resource) = resources.iter().find(|resource| {
                resource.as_statefulset().is_some()
                    && resource.namespace == sts.namespace
                    && display_name(resource.name.as_deref()) == sts.name
            }) else {
                // A StatefulSet of another API group: explain reads it, lint does not.
                continue;
            };
            // Lint's DNS rules stay quiet about a StatefulSet the API server
            // rejects (other rules report why), while explain still shows
            // the pods its author meant.
            if sts.pods.is_empty() || !resource.as_statefulset().is_some_and(statefulset::is_accepted) {
                continue;
            }
            let about_it: Vec<&Diagnostic> = report.diagnostics.iter().filter(|d| concerns(d, sts, resource)).collect();
            compared += 1;
            let blocking: Vec<&str> =
                about_it.iter().filter(|d| NO_POD_NAMES.contains(&d.rule)).map(|d| d.rule).collect();
            let named = sts.pods.iter().all(|pod| pod.fqdn.is_some());
            let blocked = !blocking.is_empty();
            // Names with a finding against them, or no names and no finding saying why.
            if named == blocked {
                disagreements.push(format!(
                    "{}: StatefulSet `{}`: explain {} per-pod names ({:?}), lint reports {:?}",
                    path.display(),
                    sts.name,
                    if named { "gives" } else { "gives no" },
                    sts.service.reason,
                    blocking
                ));
            }
        }
    }
    assert!(compared > 50, "only {compared} StatefulSets compared; are the fixtures and corpus there?");
    assert!(disagreements.is_empty(), "lint and explain disagree:\n{}", disagreements.join("\n"));
}

/// Whether `diagnostic` is about `sts` (read from `resource`): reported on
/// it, pointing into it (the Service rules label the StatefulSet's
/// `serviceName` or labels), or a `service-type-conflict` on its governing Service.
fn concerns(diagnostic: &Diagnostic, sts: &StatefulSetExplanation, resource: &Resource) -> bool {
    let inside = |file: usize, span: ordinal_core::Span| {
        file == resource.file && resource.root.span().start <= span.start && span.end <= resource.root.span().end
    };
    let reference = diagnostic.resource.as_ref();
    let on_it = reference.is_some_and(|r| {
        r.kind == "StatefulSet" && r.namespace == sts.namespace && display_name(r.name.as_deref()) == sts.name
    });
    let points_into = inside(diagnostic.file, diagnostic.span)
        || diagnostic.labels.iter().any(|label| inside(label.file, label.span));
    let governing = reference.is_some_and(|r| {
        r.kind == "Service" && r.namespace == sts.namespace && r.name.is_some() && r.name == sts.service.name
    });
    on_it || points_into || (diagnostic.rule == "service-type-conflict" && governing)
}

/// A name as explain shows it.
fn display_name(name: Option<&str>) -> &str {
    name.filter(|name| !name.is_empty()).unwrap_or("<unnamed>")
}
