//! The browser path: lint + explain of a 300-line manifest through the WASM
//! build (`ordinal-wasm` for node) in node.

use std::fs;
use std::path::Path;
use std::process::Command;

use anyhow::{Context, Result};
use serde_json::{json, Value};

use crate::wasm::WasmBuild;

/// The WASM timing, or why there is none.
pub enum Wasm {
    Measured { median_ms: f64, p90_ms: f64, runs: usize, lines: usize, note: String },
    Missing(String),
}

impl Wasm {
    pub fn to_json(&self) -> Value {
        match self {
            Wasm::Measured { median_ms, p90_ms, runs, lines, note } => {
                json!({"median_ms": median_ms, "p90_ms": p90_ms, "runs": runs, "lines": lines, "note": note})
            }
            Wasm::Missing(reason) => json!({"missing": reason}),
        }
    }
}

/// Build the wasm crate for node with wasm-bindgen and time lint + explain
/// of a 300-line manifest, median of 200 runs after warm-up.
pub fn bench(cache: &Path) -> Result<Wasm> {
    let pkg = cache.join("wasm-node");
    WasmBuild {
        package: "ordinal-wasm",
        profile: "release",
        cargo_args: &[],
        bindgen_target: "nodejs",
        out_dir: pkg.clone(),
    }
    .run()?;

    let sample = three_hundred_lines();
    let lines = sample.lines().count();
    fs::write(pkg.join("sample.yaml"), &sample)?;
    let script = pkg.join("bench.cjs");
    fs::write(&script, WASM_SCRIPT)?;
    let out = Command::new("node").arg(&script).current_dir(&pkg).output().context("could not run node")?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    if !out.status.success() {
        return Ok(Wasm::Missing(format!("the node script failed: {}", String::from_utf8_lossy(&out.stderr).trim())));
    }
    let value: Value = serde_json::from_str(stdout.trim()).context("the node script printed no JSON")?;
    Ok(Wasm::Measured {
        median_ms: value["median_ms"].as_f64().unwrap_or(f64::NAN),
        p90_ms: value["p90_ms"].as_f64().unwrap_or(f64::NAN),
        runs: value["runs"].as_u64().unwrap_or(0) as usize,
        lines,
        note: value["calls"].as_str().unwrap_or("").to_string(),
    })
}

/// Times whatever lint/explain functions the wasm package exports.
const WASM_SCRIPT: &str = r#"
const fs = require('fs');
const wasm = require('./ordinal_wasm.js');
const text = fs.readFileSync(__dirname + '/sample.yaml', 'utf8');
const lint = wasm.lint;
const explain = wasm.explain;
if (typeof lint !== 'function') { console.error('no lint export; exports: ' + Object.keys(wasm).join(',')); process.exit(3); }
const call = () => { lint(text, '{}'); if (typeof explain === 'function') explain(text, '{}'); };
for (let i = 0; i < 50; i++) call();
const times = [];
for (let i = 0; i < 200; i++) { const t = process.hrtime.bigint(); call(); times.push(Number(process.hrtime.bigint() - t) / 1e6); }
times.sort((a, b) => a - b);
console.log(JSON.stringify({ median_ms: (times[99] + times[100]) / 2, p90_ms: times[179], runs: times.length,
  calls: typeof explain === 'function' ? 'lint + explain' : 'lint only (no explain export)' }));
"#;

/// A realistic manifest of about 300 lines: a governing Service, a client
/// Service, a PDB and StatefulSets with full pod templates.
fn three_hundred_lines() -> String {
    let mut text = String::new();
    let mut app = 0;
    while text.lines().count() < 290 {
        let name = format!("db{app}");
        text.push_str(&format!(
            "apiVersion: v1\nkind: Service\nmetadata:\n  name: {name}-hs\n  labels:\n    app: {name}\nspec:\n  clusterIP: None\n  \
             ports:\n  - port: 5432\n    name: peer\n  selector:\n    app: {name}\n---\n\
             apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: {name}\nspec:\n  maxUnavailable: 1\n  \
             selector:\n    matchLabels:\n      app: {name}\n---\n\
             apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: {name}\nspec:\n  serviceName: {name}-hs\n  replicas: 3\n  \
             podManagementPolicy: OrderedReady\n  selector:\n    matchLabels:\n      app: {name}\n  template:\n    metadata:\n      \
             labels:\n        app: {name}\n    spec:\n      terminationGracePeriodSeconds: 30\n      containers:\n      - name: db\n        \
             image: postgres:17\n        ports:\n        - containerPort: 5432\n          name: peer\n        env:\n        \
             - name: PGDATA\n          value: /data/pgdata\n        readinessProbe:\n          tcpSocket:\n            port: 5432\n        \
             resources:\n          requests:\n            cpu: 500m\n            memory: 1Gi\n        volumeMounts:\n        \
             - name: data\n          mountPath: /data\n  volumeClaimTemplates:\n  - metadata:\n      name: data\n    spec:\n      \
             accessModes: [ReadWriteOnce]\n      resources:\n        requests:\n          storage: 10Gi\n---\n"
        ));
        app += 1;
    }
    text
}
