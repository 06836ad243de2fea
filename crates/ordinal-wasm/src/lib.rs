//! WebAssembly bindings of `ordinal-core`, shared by the playground
//! (`www/playground`) and the docs embed.
//!
//! Everything here is a thin adapter: it turns the options a page sends as
//! JSON into core options, calls the core, and returns the core's own JSON
//! shapes (the ones `ordinal lint --format json`, `ordinal explain --format
//! json` and `ordinal nslookup --format json` print). The only additions are
//! positions an editor needs: byte offsets (`start`, `end`) and UTF-16
//! offsets (`start_utf16`, `end_utf16`, the JavaScript string indices) on
//! every diagnostic and fix edit.
//!
//! The Rust functions in this module are what the playground calls
//! directly; [`bindings`] (only on `wasm32`) exports them to JavaScript.
//!
//! ```
//! let yaml = "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: wéb}\nspec:\n  serviceName: nginx\n";
//! let report = ordinal_wasm::lint(yaml, &ordinal_wasm::Options::default());
//! let diagnostics = report["diagnostics"].as_array().unwrap();
//! let first = diagnostics.iter().find(|d| d["rule"] == "service-not-found").unwrap();
//! // `é` is two bytes but one UTF-16 unit.
//! assert_eq!(first["start"].as_u64().unwrap(), first["start_utf16"].as_u64().unwrap() + 1);
//! ```

use std::collections::BTreeMap;

use ordinal_core::config::RuleSetting;
use ordinal_core::render::lint_json::{to_json, LintJsonOptions};
use ordinal_core::{LintOptions, Severity, SourceFile};
use serde_json::{json, Value};

#[cfg(target_arch = "wasm32")]
pub mod bindings;
pub mod explain;
pub mod offsets;
mod options;

pub use explain::{explain, nslookup, render_svg};
pub use offsets::Utf16Offsets;
/// The bundled examples (the core's one copy), for the playground's menu.
pub use ordinal_core::examples::{Example, EXAMPLES};

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

    fn file_name(&self) -> &str {
        self.file.as_deref().filter(|name| !name.is_empty()).unwrap_or(DEFAULT_FILE_NAME)
    }
}

/// Lint one manifest (any number of YAML documents). Returns the CLI's JSON
/// shape with byte and UTF-16 offsets and labels added, or `{"error": ...}`
/// when the options are invalid.
pub fn lint(yaml: &str, options: &Options) -> Value {
    let lint_options = match options.lint_options() {
        Ok(lint_options) => lint_options,
        Err(error) => return json!({ "error": error }),
    };
    let files = [SourceFile::new(options.file_name(), yaml)];
    let report = ordinal_core::lint(&files, &lint_options);
    let json_options = LintJsonOptions { byte_offsets: true, labels: true };
    let mut value = serde_json::to_value(to_json(&report, &files, json_options)).unwrap_or(Value::Null);
    let offsets = Utf16Offsets::new(yaml);
    if let Some(diagnostics) = value.get_mut("diagnostics").and_then(Value::as_array_mut) {
        for diagnostic in diagnostics {
            offsets.annotate(diagnostic);
            if let Some(labels) = diagnostic.get_mut("labels").and_then(Value::as_array_mut) {
                labels.iter_mut().for_each(|label| offsets.annotate(label));
            }
            if let Some(edits) = diagnostic.pointer_mut("/fix/edits").and_then(Value::as_array_mut) {
                edits.iter_mut().for_each(|edit| offsets.annotate(edit));
            }
        }
    }
    value
}

/// Apply the fix of the diagnostic of `rule` that starts at byte `start`
/// (as reported by [`lint`]); `None` when there is no such fix any more.
pub fn apply_fix(yaml: &str, options: &Options, rule: &str, start: usize) -> Option<String> {
    let lint_options = options.lint_options().ok()?;
    let files = [SourceFile::new(options.file_name(), yaml)];
    let report = ordinal_core::lint(&files, &lint_options);
    let diagnostic = report.diagnostics.iter().find(|d| d.rule == rule && d.span.start == start)?;
    Some(diagnostic.fix.as_ref()?.apply(yaml))
}

/// Every rule: `[{"id", "severity", "summary", "docs"}]`, docs in Markdown.
#[cfg(feature = "rule-docs")]
pub fn rules() -> Value {
    Value::Array(
        ordinal_core::rules::RULES
            .iter()
            .map(|rule| {
                let meta = rule.meta();
                json!({
                    "id": meta.id,
                    "severity": meta.severity.as_str(),
                    "summary": meta.summary,
                    "docs": meta.docs(),
                })
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const WEB: &str = "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: web\nspec:\n  serviceName: nginx\n";

    #[test]
    fn lint_is_the_cli_shape_plus_offsets() {
        let value = lint(WEB, &Options::default());
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
    }

    #[test]
    fn options_reach_the_core() {
        let options = Options::from_json(r#"{"rules": {"service-not-found": "off"}, "file": "a.yaml"}"#).unwrap();
        assert!(lint(WEB, &options)["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["rule"] != "service-not-found"));
        let options = Options::from_json(r#"{"rules": {"service-not-found": "info"}}"#).unwrap();
        let value = lint(WEB, &options);
        let found = value["diagnostics"].as_array().unwrap().iter().find(|d| d["rule"] == "service-not-found").unwrap();
        assert_eq!(found["severity"], "info");
        assert!(lint(WEB, &Options::from_json(r#"{"rules": {"no-such-rule": "off"}}"#).unwrap())["error"]
            .as_str()
            .unwrap()
            .contains("no-such-rule"));
        assert!(Options::from_json(r#"{"colour": 1}"#).is_err());
        let camel = Options::from_json(r#"{"clusterDomain": "example.org", "scaleTo": 5}"#).unwrap();
        assert_eq!((camel.cluster_domain.as_deref(), camel.scale_to), (Some("example.org"), Some(5)));
        assert_eq!(Options::from_json(r#"{"replicas": 4}"#).unwrap().replicas, Some(4));
        assert_eq!(Options::from_json(r#"{"scaleTo": 5}"#).unwrap().replicas, None);
    }

    #[test]
    fn apply_fix_applies_the_core_fix_or_nothing() {
        let yaml = "a: 1\na: 2\n";
        let value = lint(yaml, &Options::default());
        let with_fix = value["diagnostics"].as_array().unwrap().iter().find(|d| !d["fix"].is_null());
        if let Some(diagnostic) = with_fix {
            let rule = diagnostic["rule"].as_str().unwrap();
            let start = diagnostic["start"].as_u64().unwrap() as usize;
            let fixed = apply_fix(yaml, &Options::default(), rule, start).unwrap();
            assert_ne!(fixed, yaml);
        }
        assert_eq!(apply_fix(WEB, &Options::default(), "service-not-found", 0), None);
    }

    #[test]
    #[cfg(feature = "rule-docs")]
    fn rules_have_docs() {
        let rules = rules();
        let list = rules.as_array().unwrap();
        assert_eq!(list.len(), ordinal_core::rules::RULES.len());
        assert!(list.iter().all(|rule| rule["docs"].as_str().unwrap().contains("## What it flags")));
    }
}
