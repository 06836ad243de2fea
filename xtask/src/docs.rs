//! `cargo xtask docs`: write the rule pages (`docs/rules/`) from the rules'
//! doc comments; `crates/ordinal-core/tests/rule_pages.rs` fails when the
//! committed pages are stale.

use std::fs;

use anyhow::{Context, Result};
use ordinal_core::rules::pages::{self, PAGES_DIR};

use crate::util::root;

pub fn main() -> Result<()> {
    let dir = root().join(PAGES_DIR);
    if dir.exists() {
        // Pages of removed rules go too.
        fs::remove_dir_all(&dir).with_context(|| format!("removing {PAGES_DIR}"))?;
    }
    fs::create_dir_all(&dir).with_context(|| format!("creating {PAGES_DIR}"))?;
    let written = pages::all();
    for (name, contents) in &written {
        fs::write(dir.join(name), contents).with_context(|| format!("writing {PAGES_DIR}/{name}"))?;
    }
    println!("wrote {} pages to {PAGES_DIR}/", written.len());
    Ok(())
}
