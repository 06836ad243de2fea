//! Bundled examples, the one copy every face uses: the ZooKeeper ensemble
//! that `ordinal explain` shows when given no file (and the playground on
//! start), the nginx example of the Kubernetes docs, and broken variants. The
//! playground's examples menu lists [`EXAMPLES`] in order, and the docs
//! embed's demo page loads `web.yaml` from this directory.

/// One bundled example.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Example {
    /// Stable identifier (used in URLs and on the command line).
    pub id: &'static str,
    /// A one-line title for menus.
    pub title: &'static str,
    /// The manifests.
    pub yaml: &'static str,
}

/// The ZooKeeper ensemble: headless `zookeeper-server` (named ports `server`
/// 2888 and `leader-election` 3888), client Service `zookeeper` (2181), a PDB
/// and a 3-replica StatefulSet `zookeeper`. Lints clean of errors.
pub const ZOOKEEPER: Example =
    Example { id: "zookeeper", title: "ZooKeeper ensemble (Kubernetes docs)", yaml: include_str!("zookeeper.yaml") };

/// The nginx `web` StatefulSet of the Kubernetes tutorial "StatefulSet
/// Basics": a headless Service `nginx` and 2 replicas (the concepts page's
/// 3-replica variant is the test fixture `tests/fixtures/explain/web.yaml`).
pub const WEB: Example = Example { id: "web", title: "nginx web (Kubernetes docs)", yaml: include_str!("web.yaml") };

/// Every bundled example, the default first. Titles of broken examples start
/// with `broken:`, which the playground's browser tests rely on.
pub const EXAMPLES: &[Example] = &[
    ZOOKEEPER,
    WEB,
    Example {
        id: "broken-not-headless",
        title: "broken: Service is not headless",
        yaml: include_str!("broken_not_headless.yaml"),
    },
    Example {
        id: "broken-selector-mismatch",
        title: "broken: Service selector matches no pod",
        yaml: include_str!("broken_selector_mismatch.yaml"),
    },
    Example { id: "broken-typo", title: "broken: typos", yaml: include_str!("broken_typo.yaml") },
];

/// The example with this id.
pub fn find(id: &str) -> Option<&'static Example> {
    EXAMPLES.iter().find(|example| example.id == id)
}

/// The examples as (id, title, yaml) triples.
pub fn list() -> Vec<(&'static str, &'static str, &'static str)> {
    EXAMPLES.iter().map(|example| (example.id, example.title, example.yaml)).collect()
}
