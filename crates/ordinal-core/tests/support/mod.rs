//! Helpers the integration tests share; a test file takes them with
//! `mod support;`. Each uses part of them.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use ordinal_core::parse::Node;

/// Every `.yaml` and `.yml` file under `dir`, recursively, appended to `out`
/// in path order (so test names and failures are the same on every
/// machine); nothing when `dir` cannot be read.
pub fn yaml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut paths: Vec<PathBuf> = entries.flatten().map(|entry| entry.path()).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            yaml_files(&path, out);
        } else if path.extension().is_some_and(|ext| ext == "yaml" || ext == "yml") {
            out.push(path);
        }
    }
}

/// How many nodes the tree at `node` holds, keys included.
pub fn node_count(node: &Node) -> usize {
    1 + node.items().into_iter().flatten().map(node_count).sum::<usize>()
        + node
            .entries()
            .into_iter()
            .flatten()
            .map(|entry| node_count(&entry.key) + node_count(&entry.value))
            .sum::<usize>()
}
