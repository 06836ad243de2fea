//! The keystroke path in the core: `crates/ordinal-core/examples/relint.rs`
//! (re-lint of a 300-line manifest, as the playground does; one changed
//! 300-line file in a 200-file workspace, as an editor does), release build.

use anyhow::{Context, Result};
use serde_json::Value;

use crate::util::{output, run, target_dir};

/// What the example printed, or why it did not run.
pub enum Relint {
    Measured(Value),
    Missing(String),
}

impl Relint {
    pub fn to_json(&self) -> Value {
        match self {
            Relint::Measured(value) => value.clone(),
            Relint::Missing(reason) => serde_json::json!({ "missing": reason }),
        }
    }

    /// A field of the measurement, in ms.
    pub fn ms(&self, key: &str) -> Option<f64> {
        match self {
            Relint::Measured(value) => value.get(key)?.as_f64(),
            Relint::Missing(_) => None,
        }
    }
}

/// Build and run the example (500 timed runs of each path).
pub fn bench() -> Result<Relint> {
    run("cargo", &["build", "--release", "-p", "ordinal-core", "--example", "relint"])?;
    let binary = target_dir().join("release/examples/relint");
    let printed = output(binary.to_str().unwrap_or("relint"), &["500"])?;
    eprintln!("   relint: {}", printed.trim());
    let value: Value = serde_json::from_str(printed.trim()).context("relint did not print JSON")?;
    Ok(Relint::Measured(value))
}
