//! Bundled examples: the ZooKeeper ensemble that `ordinal explain` shows
//! when given no file, the nginx example of the Kubernetes docs, and broken
//! variants the playground offers in its examples menu.

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
pub const ZOOKEEPER: Example = Example {
    id: "zookeeper",
    title: "ZooKeeper ensemble (headless Service, client Service, PDB, 3 replicas)",
    yaml: include_str!("zookeeper.yaml"),
};

/// The nginx `web` example of the Kubernetes docs page "StatefulSets".
pub const WEB: Example = Example { id: "web", title: "nginx web (Kubernetes docs)", yaml: include_str!("web.yaml") };

/// Every bundled example, the default first.
pub const EXAMPLES: &[Example] = &[
    ZOOKEEPER,
    WEB,
    Example {
        id: "broken-not-headless",
        title: "Broken: governing Service has a cluster IP",
        yaml: include_str!("broken_not_headless.yaml"),
    },
    Example {
        id: "broken-selector-mismatch",
        title: "Broken: Service selector matches no pod",
        yaml: include_str!("broken_selector_mismatch.yaml"),
    },
    Example { id: "broken-typo", title: "Broken: `servicName` typo", yaml: include_str!("broken_typo.yaml") },
];

/// The example with this id.
pub fn find(id: &str) -> Option<&'static Example> {
    EXAMPLES.iter().find(|example| example.id == id)
}

/// The examples as (id, title, yaml) triples.
pub fn list() -> Vec<(&'static str, &'static str, &'static str)> {
    EXAMPLES.iter().map(|example| (example.id, example.title, example.yaml)).collect()
}
