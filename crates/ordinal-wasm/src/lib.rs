//! WebAssembly bindings of `ordinal-core`, shared by the playground
//! (`www/playground`) and the docs embed.
//!
//! Everything here is a thin adapter: it turns the options a page sends as
//! JSON into core options, calls the core, and returns the core's own wire
//! structs (the ones `ordinal lint --format json`, `ordinal explain --format
//! json` and `ordinal nslookup --format json` print). The only additions are
//! positions an editor needs: byte offsets (`start`, `end`) and UTF-16
//! offsets (`start_utf16`, `end_utf16`, the JavaScript string indices) on
//! every diagnostic, label and fix edit, and the explain SVG passed through
//! the one SVG policy ([`svg_policy`]) both pages insert.
//!
//! The Rust functions in this module are what the playground calls
//! directly, reading the typed results; [`bindings`] (only on `wasm32`)
//! serialises the same values for JavaScript and throws on errors. The
//! TypeScript declarations of those values are generated from these structs
//! (`tests/typescript.rs`).
//!
//! ```
//! let yaml = "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: wéb}\nspec:\n  serviceName: nginx\n";
//! let linted = ordinal_wasm::lint(yaml, &ordinal_wasm::Options::default()).unwrap();
//! let report = linted.json();
//! let first = report.diagnostics.iter().find(|d| d.rule == "service-not-found").unwrap();
//! // `é` is two bytes but one UTF-16 unit.
//! assert_eq!(first.range.start, first.range.start_utf16.map(|offset| offset + 1));
//! ```

use std::collections::BTreeMap;

use ordinal_core::config::RuleSetting;
use ordinal_core::render::lint_json::{to_json, LintJson, LintJsonOptions};
use ordinal_core::{LintOptions, LintReport, Severity, SourceFile};
use serde::Serialize;

#[cfg(target_arch = "wasm32")]
pub mod bindings;
pub mod explain;
mod options;
pub mod svg_policy;

pub use explain::{explain, nslookup, render_svg, ExplainOutput, NslookupOutput};
/// The bundled examples (the core's one copy), for the playground's menu.
pub use ordinal_core::examples::{Example, EXAMPLES};
/// The wire structs the results are made of, for the playground to read.
pub use ordinal_core::render;

/// The file name diagnostics carry when the page does not name one.
pub const DEFAULT_FILE_NAME: &str = "manifest.yaml";

/// Options a page passes, as JSON. Every key is optional; both
/// `snake_case` and `camelCase` spellings are accepted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// Namespace of resources that do not set one (`default`).
    pub namespace: Option<String>,
    /// The cluster's DNS domain (`cluster.local`).
    pub cluster_domain: Option<String>,
    /// Explain: as if every StatefulSet's `spec.replicas` were this many
    /// (what-if); absent means the manifest's value.
    pub replicas: Option<i32>,
    /// Explain: also plan a scale to this many pods.
    pub scale_to: Option<i32>,
    /// Explain: show the rolling update plan.
    pub update: bool,
    /// Explain: also render the CLI's text explanation. Off by default
    /// because neither page reads it and it grows with the replicas (24 MB
    /// for one StatefulSet of 100,000).
    pub text: bool,
    /// Rule settings: rule id to `off`, `error`, `warning` or `info`.
    pub rules: BTreeMap<String, String>,
    /// The file name shown in diagnostics.
    pub file: Option<String>,
}

impl Options {
    /// Parse options sent as JSON; an empty string means the defaults.
    pub fn from_json(text: &str) -> Result<Options, String> {
        options::from_json(text)
    }

    /// The core's lint options. Unknown rule ids and settings are errors.
    pub fn lint_options(&self) -> Result<LintOptions, String> {
        let mut options = LintOptions::default();
        if let Some(namespace) = self.namespace.as_deref().filter(|ns| !ns.trim().is_empty()) {
            options.default_namespace = namespace.trim().to_string();
        }
        if let Some(domain) = self.cluster_domain.as_deref().filter(|d| !d.trim().is_empty()) {
            options.cluster_domain = domain.trim().to_string();
        }
        for (id, setting) in &self.rules {
            if ordinal_core::rules::find(id).is_none() {
                return Err(format!("unknown rule `{id}`"));
            }
            let setting = match setting.as_str() {
                "off" => RuleSetting::Off,
                other => RuleSetting::Severity(
                    Severity::parse(other)
                        .ok_or_else(|| format!("rule `{id}`: `{other}` is not off, error, warning or info"))?,
                ),
            };
            options.config.rules.insert(id.clone(), setting);
        }
        Ok(options)
    }

    pub(crate) fn file_name(&self) -> &str {
        self.file.as_deref().filter(|name| !name.is_empty()).unwrap_or(DEFAULT_FILE_NAME)
    }
}

/// One lint run: the manifest and the core's report, which [`Lint::json`]
/// borrows from.
#[derive(Debug, Clone)]
pub struct Lint {
    files: [SourceFile; 1],
    report: LintReport,
}

impl Lint {
    /// The CLI's JSON shape with byte and UTF-16 offsets and labels added.
    pub fn json(&self) -> LintJson<'_> {
        let options = LintJsonOptions { byte_offsets: true, utf16_offsets: true, labels: true };
        to_json(&self.report, &self.files, options)
    }
}

/// Lint one manifest (any number of YAML documents); an error when the
/// options are invalid.
pub fn lint(yaml: &str, options: &Options) -> Result<Lint, String> {
    let lint_options = options.lint_options()?;
    let files = [SourceFile::new(options.file_name(), yaml)];
    let report = ordinal_core::lint(&files, &lint_options);
    Ok(Lint { files, report })
}

/// Apply the fix of the diagnostic of `rule` that starts at byte `start`
/// (as reported by [`lint`]); `None` when there is no such fix any more.
pub fn apply_fix(yaml: &str, options: &Options, rule: &str, start: usize) -> Result<Option<String>, String> {
    let lint_options = options.lint_options()?;
    let files = [SourceFile::new(options.file_name(), yaml)];
    let report = ordinal_core::lint(&files, &lint_options);
    let diagnostic = report.diagnostics.iter().find(|d| d.rule == rule && d.span.start == start);
    Ok(diagnostic.and_then(|diagnostic| Some(diagnostic.fix.as_ref()?.apply(yaml))))
}

/// One rule as `rules()` lists it (fields in alphabetical order, as the
/// shape has always been).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(rename = "Rule"))]
pub struct RuleJson {
    /// The rule's documentation, in Markdown.
    pub docs: String,
    /// Rule id.
    pub id: &'static str,
    /// Default severity.
    #[cfg_attr(test, ts(type = r#""error" | "warning" | "info""#))]
    pub severity: &'static str,
    /// One line.
    pub summary: &'static str,
}

/// Every rule with its Markdown docs.
#[cfg(feature = "rule-docs")]
pub fn rules() -> Vec<RuleJson> {
    ordinal_core::rules::RULES
        .iter()
        .map(|rule| {
            let meta = rule.meta();
            RuleJson { docs: meta.docs(), id: meta.id, severity: meta.severity.as_str(), summary: meta.summary }
        })
        .collect()
}

#[cfg(test)]
mod typescript;

#[cfg(test)]
mod tests {
    use super::*;

    const WEB: &str = "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: web\nspec:\n  serviceName: nginx\n";

    fn value(linted: &Lint) -> serde_json::Value {
        serde_json::to_value(linted.json()).unwrap()
    }

    #[test]
    fn lint_is_the_cli_shape_plus_offsets() {
        let value = value(&lint(WEB, &Options::default()).unwrap());
        let files = [SourceFile::new(DEFAULT_FILE_NAME, WEB)];
        let report = ordinal_core::lint(&files, &LintOptions::default());
        let cli = serde_json::to_value(to_json(&report, &files, LintJsonOptions::default())).unwrap();
        let index =
            value["diagnostics"].as_array().unwrap().iter().position(|d| d["rule"] == "service-not-found").unwrap();
        let diagnostic = &value["diagnostics"][index];
        for (key, expected) in cli["diagnostics"][index].as_object().unwrap() {
            assert_eq!(&diagnostic[key], expected, "key {key}");
        }
        assert_eq!(value["summary"], cli["summary"]);
        let start = WEB.find("nginx").unwrap();
        assert_eq!(diagnostic["start"], start);
        assert_eq!(diagnostic["start_utf16"], start);
        assert_eq!(diagnostic["end_utf16"], start + 5);
        assert!(diagnostic["labels"].is_array());
    }

    #[test]
    fn options_reach_the_core() {
        let options = Options::from_json(r#"{"rules": {"service-not-found": "off"}, "file": "a.yaml"}"#).unwrap();
        let linted = lint(WEB, &options).unwrap();
        assert!(linted.json().diagnostics.iter().all(|d| d.rule != "service-not-found"));
        assert!(linted.json().diagnostics.iter().all(|d| d.file == "a.yaml"));
        let options = Options::from_json(r#"{"rules": {"service-not-found": "info"}}"#).unwrap();
        let linted = lint(WEB, &options).unwrap();
        let found = linted.json().diagnostics.into_iter().find(|d| d.rule == "service-not-found").unwrap();
        assert_eq!(found.severity, "info");
        let unknown = Options::from_json(r#"{"rules": {"no-such-rule": "off"}}"#).unwrap();
        assert!(lint(WEB, &unknown).unwrap_err().contains("no-such-rule"));
        assert!(apply_fix(WEB, &unknown, "service-not-found", 0).unwrap_err().contains("no-such-rule"));
        assert!(Options::from_json(r#"{"colour": 1}"#).is_err());
        let camel = Options::from_json(r#"{"clusterDomain": "example.org", "scaleTo": 5}"#).unwrap();
        assert_eq!((camel.cluster_domain.as_deref(), camel.scale_to), (Some("example.org"), Some(5)));
        assert_eq!(Options::from_json(r#"{"replicas": 4}"#).unwrap().replicas, Some(4));
        assert_eq!(Options::from_json(r#"{"scaleTo": 5}"#).unwrap().replicas, None);
    }

    #[test]
    fn apply_fix_applies_the_core_fix_or_nothing() {
        let yaml = "a: 1\na: 2\n";
        let linted = lint(yaml, &Options::default()).unwrap();
        let report = linted.json();
        let diagnostic = report.diagnostics.iter().find(|d| d.fix.is_some()).expect("duplicate-key has a fix");
        let start = diagnostic.range.start.unwrap();
        let fixed = apply_fix(yaml, &Options::default(), diagnostic.rule, start).unwrap().unwrap();
        assert_ne!(fixed, yaml);
        assert_eq!(apply_fix(WEB, &Options::default(), "service-not-found", 0).unwrap(), None);
    }

    #[test]
    #[cfg(feature = "rule-docs")]
    fn rules_have_docs() {
        let list = rules();
        assert_eq!(list.len(), ordinal_core::rules::RULES.len());
        assert!(list.iter().all(|rule| rule.docs.contains("## What it flags")));
        let keys: Vec<String> = serde_json::to_value(&list[0]).unwrap().as_object().unwrap().keys().cloned().collect();
        assert_eq!(keys, ["docs", "id", "severity", "summary"]);
    }
}
