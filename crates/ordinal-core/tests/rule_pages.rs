//! The committed rule pages (`docs/rules/`) are what `cargo xtask docs`
//! writes from the rules' doc comments now: none stale, none missing, none
//! left over from a removed rule.

use std::collections::BTreeSet;
use std::path::Path;

use ordinal_core::rules::pages::{self, PAGES_DIR};

#[test]
fn rule_pages_are_current() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").join(PAGES_DIR);
    let mut stale = Vec::new();
    let expected = pages::all();
    for (name, contents) in &expected {
        match std::fs::read_to_string(dir.join(name)) {
            Ok(committed) if &committed == contents => {}
            Ok(_) => stale.push(format!("{name} differs")),
            Err(_) => stale.push(format!("{name} is missing")),
        }
    }
    let names: BTreeSet<&str> = expected.iter().map(|(name, _)| name.as_str()).collect();
    for entry in std::fs::read_dir(&dir).expect("docs/rules exists") {
        let name = entry.expect("entry").file_name().to_string_lossy().into_owned();
        if !names.contains(name.as_str()) {
            stale.push(format!("{name} is not a rule page"));
        }
    }
    assert!(stale.is_empty(), "docs/rules is stale ({}); run `cargo xtask docs`", stale.join(", "));
}
