//! The examples menu: the manifests in `www/playground/examples/`.

/// `(title, manifest)` in menu order; the first is loaded on start.
pub fn all() -> Vec<(&'static str, &'static str)> {
    vec![
        ("ZooKeeper ensemble (Kubernetes docs)", include_str!("../examples/zookeeper.yaml")),
        ("nginx web (Kubernetes docs)", include_str!("../examples/web.yaml")),
        ("broken: Service is not headless", include_str!("../examples/broken-not-headless.yaml")),
        ("broken: selector does not match the pods", include_str!("../examples/broken-selector.yaml")),
        ("broken: typos", include_str!("../examples/broken-typos.yaml")),
    ]
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_example_parses_and_the_broken_ones_are_flagged() {
        for (title, yaml) in super::all() {
            let report = ordinal_wasm::lint(yaml, &ordinal_wasm::Options::default());
            let count = report["diagnostics"].as_array().map_or(0, Vec::len);
            assert!(report["summary"]["resources"].as_u64().unwrap_or(0) >= 2, "{title}: {report}");
            if title.starts_with("broken") {
                assert!(count > 0, "{title} has no diagnostics");
            }
        }
    }
}
