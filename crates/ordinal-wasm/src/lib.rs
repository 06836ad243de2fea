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
//! let linted = ordinal_wasm::lint(yaml, &ordinal_wasm::Options::default());
//! let report = linted.json();
//! let first = report.diagnostics.iter().find(|d| d.rule == "service-not-found").unwrap();
//! // `é` is two bytes but one UTF-16 unit.
//! assert_eq!(first.range.start, first.range.start_utf16.map(|offset| offset + 1));
//! ```
//!
//! `diff(old, new, options)` (feature `diff`, on by default, off in the docs
//! embed) returns `ordinal diff --format json`'s shape the same way.

use ordinal_core::render::lint_json::{to_json, LintJson, LintJsonOptions};
use ordinal_core::{LintReport, SourceFile};
use serde::Serialize;

#[cfg(target_arch = "wasm32")]
pub mod bindings;
pub mod explain;
mod options;
pub mod svg_policy;

pub use explain::{explain, nslookup, render_svg, ExplainOutput, NslookupOutput};
/// The bundled examples (the core's one copy), for the playground's menu.
pub use ordinal_core::examples::{Example, EXAMPLES};
/// Settings a page may set, resolved as the CLI resolves its flags.
pub use ordinal_core::options::{DEFAULT_CLUSTER_DOMAIN, DEFAULT_NAMESPACE};
/// The wire structs the results are made of, for the playground to read.
pub use ordinal_core::render;
pub use ordinal_core::Config;

/// The file name diagnostics carry when the page does not name one.
pub const DEFAULT_FILE_NAME: &str = "manifest.yaml";

/// Options a page passes, as JSON. Every key is optional; both
/// `snake_case` and `camelCase` spellings are accepted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// Namespace (`default`), cluster domain (`cluster.local`) and rule
    /// settings (rule id to `off`, `error`, `warning` or `info`, spelled as
    /// in `.ordinal.yaml`), checked when the options are read.
    pub config: Config,
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
    /// The file name shown in diagnostics.
    pub file: Option<String>,
    /// Explain: draw the SVG at this step of the plan shown (0: before it;
    /// absent: when it is done), as `ordinal explain --format svg --at-step`.
    pub step: Option<usize>,
}

impl Options {
    /// Parse options sent as JSON; an empty string means the defaults.
    pub fn from_json(text: &str) -> Result<Options, String> {
        options::from_json(text)
    }

    /// The core's options: the page's settings over the defaults, as the
    /// CLI resolves its flags (a blank namespace or domain means the default).
    pub fn core_options(&self) -> ordinal_core::Options {
        ordinal_core::Options {
            replicas: self.replicas,
            scale_to: self.scale_to,
            update: self.update,
            ..self.config.resolve()
        }
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

/// Lint one manifest (any number of YAML documents).
pub fn lint(yaml: &str, options: &Options) -> Lint {
    let files = [SourceFile::new(options.file_name(), yaml)];
    let report = ordinal_core::lint(&files, &options.core_options());
    Lint { files, report }
}

/// Apply the fix of the diagnostic of `rule` that starts at byte `start`
/// (as reported by [`lint`]); `None` when there is no such fix any more.
pub fn apply_fix(yaml: &str, options: &Options, rule: &str, start: usize) -> Option<String> {
    let files = [SourceFile::new(options.file_name(), yaml)];
    let report = ordinal_core::lint(&files, &options.core_options());
    let diagnostic = report.diagnostics.iter().find(|d| d.rule == rule && d.span.start == start)?;
    Some(ordinal_core::fix::apply_fix(yaml, diagnostic.fix.as_ref()?))
}

/// One change review: OLD and NEW and the core's report, which
/// [`Diff::json`] borrows from.
#[cfg(feature = "diff")]
#[derive(Debug, Clone)]
pub struct Diff {
    files: [SourceFile; 2],
    report: ordinal_core::diff::DiffReport,
}

#[cfg(feature = "diff")]
impl Diff {
    /// `ordinal diff --format json`'s shape with byte and UTF-16 offsets and labels added.
    pub fn json(&self) -> ordinal_core::render::diff_json::DiffJson<'_> {
        let options = LintJsonOptions { byte_offsets: true, utf16_offsets: true, labels: true };
        ordinal_core::render::diff_json::to_json(&self.report, &self.files, options)
    }
}

/// What applying `new` over `old` would do (`ordinal diff`). Findings about
/// what `new` no longer has are in the file named `old.yaml` (or the page's
/// file name with `old:` before it).
#[cfg(feature = "diff")]
pub fn diff(old: &str, new: &str, options: &Options) -> Diff {
    let files =
        [SourceFile::new(format!("old:{}", options.file_name()), old), SourceFile::new(options.file_name(), new)];
    let report = ordinal_core::diff::diff(&files, 1, &options.core_options());
    Diff { files, report }
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
        let value = value(&lint(WEB, &Options::default()));
        let files = [SourceFile::new(DEFAULT_FILE_NAME, WEB)];
        let report = ordinal_core::lint(&files, &ordinal_core::Options::default());
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
        let linted = lint(WEB, &options);
        assert!(linted.json().diagnostics.iter().all(|d| d.rule != "service-not-found"));
        assert!(linted.json().diagnostics.iter().all(|d| d.file == "a.yaml"));
        let options = Options::from_json(r#"{"rules": {"service-not-found": "info"}}"#).unwrap();
        let linted = lint(WEB, &options);
        let found = linted.json().diagnostics.into_iter().find(|d| d.rule == "service-not-found").unwrap();
        assert_eq!(found.severity, "info");
        let unknown = Options::from_json(r#"{"rules": {"no-such-rule": "off"}}"#).unwrap_err();
        assert!(unknown.contains("no-such-rule"), "{unknown}");
        // The same spellings as `.ordinal.yaml`.
        for off in ["off", "false", "disable", "disabled"] {
            let options = Options::from_json(&format!(r#"{{"rules": {{"service-not-found": "{off}"}}}}"#)).unwrap();
            assert!(lint(WEB, &options).json().diagnostics.iter().all(|d| d.rule != "service-not-found"));
        }
        assert!(Options::from_json(r#"{"colour": 1}"#).is_err());
        let camel = Options::from_json(r#"{"clusterDomain": "example.org", "scaleTo": 5}"#).unwrap();
        assert_eq!((camel.config.cluster_domain.as_deref(), camel.scale_to), (Some("example.org"), Some(5)));
        assert_eq!(Options::from_json(r#"{"replicas": 4}"#).unwrap().replicas, Some(4));
        assert_eq!(Options::from_json(r#"{"scaleTo": 5}"#).unwrap().replicas, None);
    }

    #[test]
    fn apply_fix_applies_the_core_fix_or_nothing() {
        let yaml = "a: 1\na: 2\n";
        let linted = lint(yaml, &Options::default());
        let report = linted.json();
        let diagnostic = report.diagnostics.iter().find(|d| d.fix.is_some()).expect("duplicate-key has a fix");
        let start = diagnostic.range.start.unwrap();
        let fixed = apply_fix(yaml, &Options::default(), diagnostic.rule, start).unwrap();
        assert_ne!(fixed, yaml);
        assert_eq!(apply_fix(WEB, &Options::default(), "service-not-found", 0), None);
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

    #[cfg(feature = "diff")]
    #[test]
    fn diff_returns_the_cli_shape_with_offsets() {
        let old = "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: web}\nspec:\n  serviceName: web\n  replicas: 3\n  persistentVolumeClaimRetentionPolicy: {whenScaled: Delete}\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: web, image: nginx}]}\n  volumeClaimTemplates: [{metadata: {name: data}, spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}}]\n";
        let new = old.replace("replicas: 3", "replicas: 2");
        let value = serde_json::to_value(super::diff(old, &new, &Options::default()).json()).expect("serialises");
        assert_eq!(value["diagnostics"][0]["rule"], "scale-down-deletes-claims");
        assert_eq!(value["diagnostics"][0]["file"], "manifest.yaml");
        assert!(value["diagnostics"][0]["start_utf16"].is_number());
        assert_eq!(value["changes"][0]["rollout"], serde_json::json!([["web-2"]]));
    }
}
