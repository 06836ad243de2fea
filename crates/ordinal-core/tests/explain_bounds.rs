//! Explain's cost is bounded by its input: hostile inputs (many replicas
//! under one Service, many Services over many StatefulSets, tens of
//! thousands of tiny apps) must give an explanation whose stored names grow
//! at most linearly and never past the run's budgets. These tests count what
//! the `Explanation` holds rather than timing anything, so they are exact on
//! a loaded machine; `tests/hostile/gen-explain.py` writes the same inputs
//! for measuring the CLI's time and peak memory.

use ordinal_core::explain::{
    explain, Explanation, NameList, Plan, MAX_DNS_VALUES, MAX_ENDPOINTS, MAX_PODS, MAX_TOTAL_PODS,
};
use ordinal_core::render::{explain_json, explain_text, svg};
use ordinal_core::{Options, SourceFile};

fn explain_with(yaml: &str, options: &Options) -> Explanation {
    explain(&[SourceFile::new("hostile.yaml", yaml)], options)
}

/// What an explanation stores, in names (pod names, DNS names, record values).
#[derive(Debug, Default)]
struct Stored {
    pods: usize,
    step_names: usize,
    endpoints: usize,
    dns_values: usize,
}

fn stored(explanation: &Explanation) -> Stored {
    let plan_names = |plan: &Plan| -> usize {
        plan.steps
            .iter()
            .map(|step| {
                let dns = step.dns.as_ref().map_or(0, |dns| {
                    dns.resolvable.shown.len() + dns.pending.shown.len() + dns.service_answers.shown.len()
                });
                step.pods.len() + dns
            })
            .sum()
    };
    let mut counts = Stored::default();
    for sts in &explanation.statefulsets {
        counts.pods += sts.pods.len();
        counts.step_names += plan_names(&sts.startup) + plan_names(&sts.scale_down) + plan_names(&sts.rolling_update);
        if let Some(scale) = &sts.scale {
            counts.step_names += plan_names(scale);
        }
    }
    counts.endpoints = explanation.services.iter().map(|svc| svc.endpoints.len()).sum();
    counts.dns_values = explanation.dns.iter().map(|record| record.values.len()).sum();
    counts
}

/// `count` StatefulSets `web<i>` of `replicas` pods each, all governed by
/// (and selected by) one headless Service `web`: the 10 KB input that used
/// to take 2.7 GB.
fn many_replicas_under_one_service(count: usize, replicas: usize) -> String {
    let mut yaml = String::from(
        "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  clusterIP: None\n  selector: {app: web}\n  ports: [{name: http, port: 80}]\n",
    );
    for index in 0..count {
        yaml.push_str(&format!(
            "---\napiVersion: apps/v1\nkind: StatefulSet\nmetadata: {{name: web{index}}}\nspec:\n  serviceName: web\n  replicas: {replicas}\n  selector: {{matchLabels: {{app: web}}}}\n  template:\n    metadata: {{labels: {{app: web}}}}\n    spec: {{containers: [{{name: c, image: nginx}}]}}\n"
        ));
    }
    yaml
}

/// `count` apps, each a headless Service and a StatefulSet of `replicas`
/// pods that it governs and selects, all in one namespace.
fn tiny_apps(count: usize, replicas: usize) -> String {
    let mut yaml = String::new();
    for index in 0..count {
        yaml.push_str(&format!(
            "---\napiVersion: v1\nkind: Service\nmetadata: {{name: app{index}}}\nspec: {{clusterIP: None, selector: {{app: app{index}}}}}\n---\napiVersion: apps/v1\nkind: StatefulSet\nmetadata: {{name: app{index}}}\nspec:\n  serviceName: app{index}\n  replicas: {replicas}\n  selector: {{matchLabels: {{app: app{index}}}}}\n  template:\n    metadata: {{labels: {{app: app{index}}}}}\n    spec: {{containers: [{{name: c, image: nginx}}]}}\n"
        ));
    }
    yaml
}

#[test]
fn startup_dns_is_stored_in_constant_space_per_step() {
    // One StatefulSet of 1000 pods: step k resolves k - 1 names. Stored
    // whole, the lists would hold 1000 · 999 / 2 ≈ 500,000 names.
    let explanation = explain_with(&many_replicas_under_one_service(1, 1000), &Options::default());
    let sts = &explanation.statefulsets[0];
    assert_eq!(sts.pods.len(), 1000);
    let last = sts.startup.steps.last().and_then(|step| step.dns.clone()).expect("dns");
    assert_eq!(last.resolvable.count, 999);
    assert!(last.resolvable.is_summarised());
    assert_eq!(
        last.resolvable.shown,
        vec!["web0-0.web.default.svc.cluster.local", "web0-998.web.default.svc.cluster.local"]
    );
    assert_eq!(last.service_answers.shown, vec!["web0-0", "web0-998"]);
    assert_eq!(last.pending.shown, vec!["web0-999.web.default.svc.cluster.local"]);
    let counts = stored(&explanation);
    // Startup, scale-down and rolling update each name every pod once, and
    // each startup step keeps at most 2 + 2 + NameList::FULL DNS names.
    assert!(counts.step_names <= 3 * 1000 + 1000 * (4 + NameList::FULL), "{counts:?}");
}

#[test]
fn many_replicas_under_one_service_stay_within_the_budgets() {
    let explanation = explain_with(&many_replicas_under_one_service(40, 1000), &Options::default());
    let counts = stored(&explanation);
    assert_eq!(counts.pods, MAX_TOTAL_PODS, "{counts:?}");
    assert!(counts.step_names <= counts.pods * (3 + 4 + NameList::FULL), "{counts:?}");
    assert!(counts.dns_values <= MAX_DNS_VALUES, "{counts:?}");
    assert!(counts.endpoints <= MAX_ENDPOINTS, "{counts:?}");
    // The first ten StatefulSets are listed whole, the rest say why they are not.
    let listed: Vec<usize> = explanation.statefulsets.iter().map(|sts| sts.pods.len()).collect();
    assert_eq!(&listed[..11], &[1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 0]);
    let cut = &explanation.statefulsets[10];
    assert!(cut.notes.iter().any(|note| note.contains("only the first 0 of 1000 pods")), "{:?}", cut.notes);
    // Its pods are unlisted, not unselected: the governing Service still selects them.
    assert!(cut.service.selects_pods && cut.service.reason.is_none(), "{:?}", cut.service);
    assert!(explanation.notes.iter().any(|note| note.contains("10000 in all")), "{:?}", explanation.notes);
    // Every listed pod still has its per-pod name: the governing Service is
    // linked outside the budgets.
    assert!(explanation.statefulsets.iter().flat_map(|sts| &sts.pods).all(|pod| pod.fqdn.is_some()));

    // The renderings grow with what is listed, not with its square, and say what was cut.
    let text = explain_text::render(&explanation);
    // About 650 bytes a pod: its table row, startup and scale-down steps and DNS records.
    assert!(text.len() < 1000 * MAX_TOTAL_PODS, "{} bytes of text", text.len());
    assert!(text.contains("(999 names, summarised)"));
    assert!(text.contains("note: pods are listed only up to 10000"));
    let json = serde_json::to_value(explain_json::to_json(&explanation)).expect("JSON");
    assert_eq!(json["statefulsets"][10]["listed_pods"], 0);
    assert!(json["statefulsets"][0].get("listed_pods").is_none());
    assert!(json["notes"][0].as_str().is_some_and(|note| note.contains("10000")));
    assert!(svg::render(&explanation).len() < 2_000_000);
}

#[test]
fn what_if_replicas_and_scale_to_share_the_budget() {
    // What-if replicas: eleven StatefulSets of 900 and 100 of the twelfth
    // spend the budget, so no scale plan can list a new pod.
    let options = Options { replicas: Some(900), scale_to: Some(1000), ..Options::default() };
    let explanation = explain_with(&many_replicas_under_one_service(12, 3), &options);
    let listed = stored(&explanation).pods;
    let scaled: usize = explanation
        .statefulsets
        .iter()
        .filter_map(|sts| sts.scale.as_ref())
        .flat_map(|plan| &plan.steps)
        .map(|step| step.pods.len())
        .sum();
    assert_eq!(listed, MAX_TOTAL_PODS);
    assert_eq!(explanation.statefulsets[11].pods.len(), 100);
    assert_eq!(scaled, 0, "the what-if pods left no budget for the scale plan");
    let scale = explanation.statefulsets[0].scale.as_ref().expect("scale plan");
    assert!(scale.notes.iter().any(|note| note.contains("only the first 0 of 100 new pods")), "{:?}", scale.notes);

    // With budget left, the scale plan lists its new pods up to MAX_PODS per StatefulSet.
    let options = Options { scale_to: Some(5000), ..Options::default() };
    let explanation = explain_with(&many_replicas_under_one_service(3, 2), &options);
    for sts in &explanation.statefulsets {
        let new_pods: usize = sts.scale.as_ref().expect("scale plan").steps.iter().map(|step| step.pods.len()).sum();
        assert_eq!(new_pods as i64, MAX_PODS - 2);
    }
    let options = Options { scale_to: Some(1000), ..Options::default() };
    let explanation = explain_with(&many_replicas_under_one_service(12, 2), &options);
    let new_pods: Vec<usize> = explanation
        .statefulsets
        .iter()
        .map(|sts| sts.scale.as_ref().expect("scale plan").steps.iter().map(|step| step.pods.len()).sum())
        .collect();
    // 24 listed pods, then 998 new pods each while the budget lasts.
    assert_eq!(new_pods.iter().sum::<usize>() + 24, MAX_TOTAL_PODS);
    assert_eq!(new_pods[9], MAX_TOTAL_PODS - 24 - 9 * 998);
    assert_eq!(new_pods[10], 0);
    let cut = explanation.statefulsets[9].scale.as_ref().expect("scale plan");
    assert!(cut.notes.iter().any(|note| note.contains("new pods are listed")), "{:?}", cut.notes);
}

#[test]
fn many_services_over_many_statefulsets_stay_within_the_budgets() {
    // 300 Services, each selecting every pod of 300 StatefulSets: 90,000
    // (Service, StatefulSet) pairs and as many DNS values per Service port.
    let mut yaml = String::new();
    for index in 0..300 {
        yaml.push_str(&format!(
            "---\napiVersion: v1\nkind: Service\nmetadata: {{name: svc{index}}}\nspec: {{clusterIP: None, selector: {{app: web}}, ports: [{{name: http, port: 80}}]}}\n"
        ));
    }
    for index in 0..300 {
        yaml.push_str(&format!(
            "---\napiVersion: apps/v1\nkind: StatefulSet\nmetadata: {{name: web{index}}}\nspec:\n  serviceName: svc{index}\n  replicas: 2\n  selector: {{matchLabels: {{app: web}}}}\n  template: {{metadata: {{labels: {{app: web}}}}}}\n"
        ));
    }
    let explanation = explain_with(&yaml, &Options::default());
    let counts = stored(&explanation);
    assert_eq!(counts.pods, 600);
    assert!(counts.endpoints <= MAX_ENDPOINTS, "{counts:?}");
    assert!(counts.dns_values <= MAX_DNS_VALUES, "{counts:?}");
    assert!(explanation.notes.iter().any(|note| note.contains("endpoints")), "{:?}", explanation.notes);
    assert!(explanation.notes.iter().any(|note| note.contains("DNS records")), "{:?}", explanation.notes);
    // Each StatefulSet's own governing Service still gives every pod its name.
    for (index, sts) in explanation.statefulsets.iter().enumerate() {
        let names: Vec<_> = sts.pods.iter().map(|pod| pod.fqdn.clone()).collect();
        assert_eq!(
            names,
            vec![
                Some(format!("web{index}-0.svc{index}.default.svc.cluster.local")),
                Some(format!("web{index}-1.svc{index}.default.svc.cluster.local"))
            ]
        );
        assert!(sts.service.selects_pods && sts.service.reason.is_none());
    }
}

#[test]
fn thirty_two_thousand_tiny_apps_grow_linearly() {
    let small = stored(&explain_with(&tiny_apps(2_000, 1), &Options::default()));
    let explanation = explain_with(&tiny_apps(32_000, 1), &Options::default());
    let large = stored(&explanation);
    assert_eq!(explanation.statefulsets.len(), 32_000);
    assert_eq!(small.pods, 2_000);
    assert_eq!(large.pods, MAX_TOTAL_PODS);
    // Each Service selects its own StatefulSet's pod and no other.
    assert_eq!(small.endpoints, 2_000);
    assert_eq!(large.endpoints, MAX_TOTAL_PODS);
    // A pod has an A record under its Service name and one of its own.
    assert_eq!(small.dns_values, 2 * 2_000);
    assert_eq!(large.dns_values, 2 * MAX_TOTAL_PODS);
    assert!(large.step_names <= 5 * large.pods, "{large:?}");
    assert!(explanation.statefulsets[..10_000].iter().all(|sts| sts.pods[0].fqdn.is_some()));
    assert!(explanation.statefulsets[10_000..].iter().all(|sts| sts.pods.is_empty()));
}

#[test]
fn pod_name_and_pod_index_selectors_select_one_pod() {
    // Services that select one pod by the labels the controller sets (a
    // common way to expose each member of a cluster) get exactly that pod.
    let mut yaml = many_replicas_under_one_service(1, 5).replace("name: web0", "name: db");
    yaml.push_str(concat!(
        "---\napiVersion: v1\nkind: Service\nmetadata: {name: by-name}\nspec: {selector: {statefulset.kubernetes.io/pod-name: db-3}}\n",
        "---\napiVersion: v1\nkind: Service\nmetadata: {name: by-index}\nspec: {selector: {apps.kubernetes.io/pod-index: '1', app: web}}\n",
        "---\napiVersion: v1\nkind: Service\nmetadata: {name: both}\nspec: {selector: {apps.kubernetes.io/pod-index: '2', statefulset.kubernetes.io/pod-name: db-2}}\n",
        "---\napiVersion: v1\nkind: Service\nmetadata: {name: conflict}\nspec: {selector: {apps.kubernetes.io/pod-index: '2', statefulset.kubernetes.io/pod-name: db-3}}\n",
        "---\napiVersion: v1\nkind: Service\nmetadata: {name: leading-zero}\nspec: {selector: {apps.kubernetes.io/pod-index: '01'}}\n",
        "---\napiVersion: v1\nkind: Service\nmetadata: {name: other-label}\nspec: {selector: {statefulset.kubernetes.io/pod-name: db-3, app: db}}\n",
        "---\napiVersion: v1\nkind: Service\nmetadata: {name: out-of-range}\nspec: {selector: {statefulset.kubernetes.io/pod-name: db-5}}\n",
        "---\napiVersion: v1\nkind: Service\nmetadata: {name: other-set}\nspec: {selector: {statefulset.kubernetes.io/pod-name: web-3}}\n",
    ));
    let explanation = explain_with(&yaml, &Options::default());
    let endpoints = |name: &str| -> Vec<(usize, usize)> {
        explanation.services.iter().find(|svc| svc.name == name).expect("service").endpoints.clone()
    };
    assert_eq!(endpoints("web").len(), 5);
    assert_eq!(endpoints("by-name"), vec![(0, 3)]);
    assert_eq!(endpoints("by-index"), vec![(0, 1)]);
    assert_eq!(endpoints("both"), vec![(0, 2)]);
    for none in ["conflict", "leading-zero", "other-label", "out-of-range", "other-set"] {
        assert_eq!(endpoints(none), vec![], "{none}");
    }
}

#[test]
fn the_picture_draws_at_most_fifty_statefulsets_and_says_so() {
    // 16,000 tiny StatefulSets fit in a 56 KB share link; a browser lays out
    // every element of an SVG before showing any, so only the first 50 are drawn.
    let mut yaml = String::new();
    for index in 0..16_000 {
        yaml.push_str(&format!("---\nkind: StatefulSet\napiVersion: apps/v1\nmetadata: {{name: s{index}}}\n"));
    }
    let explanation = explain_with(&yaml, &Options::default());
    let picture = svg::render(&explanation);
    assert!(picture.contains("… 15950 more StatefulSets not drawn: the first 50 of 16000 are"));
    assert!(picture.contains("StatefulSet default/s49:") && !picture.contains("StatefulSet default/s50:"));
    assert!(picture.len() < 200_000, "{} bytes", picture.len());
}
