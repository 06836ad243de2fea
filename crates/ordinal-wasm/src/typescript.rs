//! The TypeScript declarations of what the bindings return, generated from
//! the wire structs (the core's `render/` and this crate's) and checked
//! current: this test fails when `www/embed/ordinal-types.d.ts` differs from
//! what the structs generate, and rewrites it when run with `UPDATE_TS=1`:
//!
//! ```sh
//! UPDATE_TS=1 cargo test -p ordinal-wasm typescript
//! ```
//!
//! ts-rs is a dev-dependency (and the core's `ts` feature is enabled only by
//! this crate's dev-dependencies), so the WASM builds carry none of it.

use ordinal_core::render::explain_json::{
    DnsRecordJson, ExplainJson, NslookupJson, PodJson, PodRunJson, ServiceJson, StatefulSetJson, StepStatesJson,
};
use ordinal_core::render::lint_json::{
    DiagnosticJson, EditJson, FixJson, LabelJson, LintJson, RangeJson, ResourceJson,
};
use ordinal_core::Summary;
use ts_rs::{Config, TS};

use crate::{ExplainOutput, NslookupOutput, RuleJson};

const PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../www/embed/ordinal-types.d.ts");

const HEADER: &str = "\
// Generated from the Rust wire structs by `UPDATE_TS=1 cargo test -p ordinal-wasm typescript`
// (crates/ordinal-wasm/src/typescript.rs); do not edit. These are the JSON shapes of
// `ordinal lint|explain|nslookup --format json`, plus what the WASM bindings add.
";

fn declarations() -> String {
    // JSON numbers reach JavaScript as `number` (JSON.parse), never `bigint`.
    let config = Config::new().with_large_int("number");
    let declarations = [
        LintJson::decl(&config),
        DiagnosticJson::decl(&config),
        RangeJson::decl(&config),
        ResourceJson::decl(&config),
        FixJson::decl(&config),
        EditJson::decl(&config),
        LabelJson::decl(&config),
        Summary::decl(&config),
        ExplainJson::decl(&config),
        StatefulSetJson::decl(&config),
        ServiceJson::decl(&config),
        PodJson::decl(&config),
        StepStatesJson::decl(&config),
        PodRunJson::decl(&config),
        DnsRecordJson::decl(&config),
        NslookupJson::decl(&config),
        ExplainOutput::decl(&config),
        NslookupOutput::decl(&config),
        RuleJson::decl(&config),
    ];
    let mut text = String::from(HEADER);
    for declaration in declarations {
        text.push('\n');
        text.push_str("export ");
        text.push_str(&declaration);
        text.push('\n');
    }
    text
}

#[test]
fn typescript_declarations_are_current() {
    let generated = declarations();
    if std::env::var_os("UPDATE_TS").is_some() {
        std::fs::write(PATH, &generated).expect("write ordinal-types.d.ts");
        return;
    }
    let committed = std::fs::read_to_string(PATH).unwrap_or_default();
    assert!(
        committed == generated,
        "www/embed/ordinal-types.d.ts is stale: run `UPDATE_TS=1 cargo test -p ordinal-wasm typescript`"
    );
}
