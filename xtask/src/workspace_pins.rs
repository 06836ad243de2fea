//! Every version pin lives in the root Cargo.toml's `[workspace.dependencies]`:
//! one place to bump, and no two members on different versions of a crate.
//! Member crates write `name.workspace = true`; a `path` dependency without a
//! version is not a pin.

use toml_edit::{DocumentMut, Item, TableLike};

use crate::util::{cargo_metadata, root};

#[test]
fn no_member_pins_a_version_itself() {
    let metadata = cargo_metadata().unwrap();
    let manifests: Vec<&str> =
        metadata["packages"].as_array().unwrap().iter().filter_map(|p| p["manifest_path"].as_str()).collect();
    let members: Vec<&str> = manifests.into_iter().filter(|path| path.starts_with(root().to_str().unwrap())).collect();
    assert!(members.len() >= 6, "too few workspace members found: {members:?}");
    let mut pins = Vec::new();
    for manifest in members {
        if manifest.contains("/vendor/") {
            continue;
        }
        let document: DocumentMut = std::fs::read_to_string(manifest).unwrap().parse().unwrap();
        for (section, table) in dependency_tables(document.as_table()) {
            for (name, item) in table.iter() {
                if pins_a_version(item) {
                    pins.push(format!("{manifest}: [{section}] {name}"));
                }
            }
        }
    }
    assert!(
        pins.is_empty(),
        "move these pins to [workspace.dependencies] and write `x.workspace = true`:\n{}",
        pins.join("\n")
    );
}

#[test]
fn a_pin_in_a_member_is_found() {
    let document: DocumentMut = r#"
        [dependencies]
        a.workspace = true
        b = { path = "../b" }
        c = "1"
        [target.'cfg(unix)'.dev-dependencies]
        d = { version = "=0.2", default-features = false }
    "#
    .parse()
    .unwrap();
    let found: Vec<String> = dependency_tables(document.as_table())
        .into_iter()
        .flat_map(|(_, table)| {
            table.iter().filter(|(_, item)| pins_a_version(item)).map(|(name, _)| name.to_string()).collect::<Vec<_>>()
        })
        .collect();
    assert_eq!(found, ["c", "d"]);
}

/// `[dependencies]`, `[dev-dependencies]`, `[build-dependencies]`, also under `[target.'cfg(..)']`.
fn dependency_tables(manifest: &dyn TableLike) -> Vec<(String, &dyn TableLike)> {
    const KINDS: [&str; 3] = ["dependencies", "dev-dependencies", "build-dependencies"];
    let mut tables: Vec<(String, &dyn TableLike)> = KINDS
        .iter()
        .filter_map(|kind| manifest.get(kind)?.as_table_like().map(|table| (kind.to_string(), table)))
        .collect();
    if let Some(targets) = manifest.get("target").and_then(Item::as_table_like) {
        for (platform, target) in targets.iter() {
            let Some(target) = target.as_table_like() else { continue };
            for kind in KINDS {
                if let Some(table) = target.get(kind).and_then(Item::as_table_like) {
                    tables.push((format!("target.{platform}.{kind}"), table));
                }
            }
        }
    }
    tables
}

/// A version string, or a table with `version` (a `path` or `workspace` entry without one pins nothing).
fn pins_a_version(item: &Item) -> bool {
    item.is_str() || item.as_table_like().is_some_and(|table| table.contains_key("version"))
}
