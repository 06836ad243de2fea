//! Properties of `explain` over generated StatefulSets.

use ordinal_core::explain::{explain, is_valid_dns_name};
use ordinal_core::semantics::statefulset;
use ordinal_core::Options;
use ordinal_core::SourceFile;
use proptest::prelude::*;

/// The names are quoted: a plain `on` or `no` would be a YAML 1.1 boolean,
/// not a name (proptest once drew `on` as the Service name).
fn manifest(name: &str, service: &str, replicas: u32, start: u32, parallel: bool) -> String {
    let policy = if parallel { "Parallel" } else { "OrderedReady" };
    format!(
        "apiVersion: v1\nkind: Service\nmetadata: {{name: \"{service}\"}}\nspec:\n  clusterIP: None\n  selector: {{app: x}}\n  ports: [{{name: peer, port: 7000}}]\n---\napiVersion: apps/v1\nkind: StatefulSet\nmetadata: {{name: \"{name}\"}}\nspec:\n  serviceName: \"{service}\"\n  replicas: {replicas}\n  ordinals: {{start: {start}}}\n  podManagementPolicy: {policy}\n  selector: {{matchLabels: {{app: x}}}}\n  template:\n    metadata: {{labels: {{app: x}}}}\n    spec: {{containers: [{{name: c, image: i}}]}}\n"
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn ordinals_names_order_and_dns(
        name in "[a-z][a-z0-9-]{0,70}[a-z0-9]",
        service in "[a-z][a-z0-9-]{0,20}[a-z0-9]",
        replicas in 0u32..40,
        start in 0u32..1000,
        parallel in any::<bool>(),
        domain in prop::sample::select(vec!["cluster.local", "kube.local", "a.b.example"]),
    ) {
        let options = Options { cluster_domain: domain.to_string(), ..Options::default() };
        let explanation = explain(&[SourceFile::new("p.yaml", manifest(&name, &service, replicas, start, parallel))], &options);
        prop_assert_eq!(explanation.statefulsets.len(), 1);
        let sts = &explanation.statefulsets[0];
        // n replicas give ordinals start..start+n.
        let ordinals: Vec<i64> = sts.pods.iter().map(|pod| pod.ordinal).collect();
        prop_assert_eq!(ordinals, (i64::from(start)..i64::from(start) + i64::from(replicas)).collect::<Vec<_>>());
        // Every DNS name is unique and has labels of at most 63 bytes.
        let mut names: Vec<&str> = explanation.dns.iter().map(|record| record.name.as_str()).collect();
        names.extend(sts.pods.iter().filter_map(|pod| pod.fqdn.as_deref()));
        for name in &names {
            prop_assert!(is_valid_dns_name(name), "{}", name);
            prop_assert!(name.split('.').all(|label| label.len() <= 63));
        }
        let mut records: Vec<&str> = explanation.dns.iter().map(|record| record.name.as_str()).collect();
        records.sort();
        let count = records.len();
        records.dedup();
        prop_assert_eq!(records.len(), count, "duplicate DNS names");
        // A pod gets a per-pod name when the controller can create it (its
        // revision label fits) and its name is a valid hostname.
        for pod in &sts.pods {
            let creatable = statefulset::revision_label_fits(&name);
            prop_assert_eq!(pod.fqdn.is_some(), creatable && pod.name.len() <= 63 && is_valid_dns_name(&format!("{}.{}.default.svc.{}", pod.name, service, domain)));
        }
        let startup = sts.startup.pod_lists();
        if replicas == 0 {
            prop_assert!(startup.is_empty());
        } else if parallel {
            // Parallel starts everything in one wave.
            prop_assert_eq!(startup.len(), 1);
            prop_assert_eq!(startup[0].len(), replicas as usize);
        } else {
            // OrderedReady: one pod per step, ordinals strictly increasing.
            prop_assert!(startup.iter().all(|step| step.len() == 1));
            let order: Vec<i64> = startup
                .iter()
                .map(|step| sts.pods.iter().find(|pod| pod.name == step[0]).map(|pod| pod.ordinal).unwrap_or(-1))
                .collect();
            prop_assert!(order.windows(2).all(|pair| pair[0] < pair[1]));
            prop_assert_eq!(order.len(), replicas as usize);
        }
        // Scale-down is the reverse of creation.
        let down: Vec<String> = sts.scale_down.pod_lists().concat();
        let mut up: Vec<String> = startup.concat();
        up.reverse();
        prop_assert_eq!(down, up);
    }

    #[test]
    fn arbitrary_text_never_panics(text in ".{0,300}", name in ".{0,20}", from in ".{0,20}") {
        let explanation = explain(&[SourceFile::new("x.yaml", text)], &Options::default());
        let _ = ordinal_core::render::svg::render(&explanation);
        let _ = ordinal_core::render::explain_text::render(&explanation);
        let _ = ordinal_core::explain::nslookup(&explanation, &name, &from);
    }
}
