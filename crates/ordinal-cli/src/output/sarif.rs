//! `--format sarif`: SARIF 2.1.0 as GitHub code scanning accepts it
//! (`github/codeql-action/upload-sarif`). Every rule is listed in
//! `tool.driver.rules` with its docs; results point at relative paths.
//! A finding in a document rendered from a template (`helm template`'s
//! `# Source:` comment) says so three ways: ` (from <template>)` after the
//! message (what the pull request shows), `properties.source`, and a
//! logical location named by the template.

use std::path::Path;

use ordinal_core::diagnostic::Diagnostic;
use ordinal_core::rules::{RuleMeta, RULES};
use ordinal_core::{Severity, Span};
use serde_json::{json, Value};

use super::{file_name, location, LintRun};

/// Where the tool is documented.
pub const INFORMATION_URI: &str = "https://github.com/ordinal-dev/ordinal";

/// The SARIF log of one run.
pub fn render(run: &LintRun<'_>) -> String {
    let mut text = serde_json::to_string_pretty(&log(run)).unwrap_or_default();
    text.push('\n');
    text
}

/// Write what [`render`] returns into `writer`, without first making it a
/// string.
pub fn write(run: &LintRun<'_>, mut writer: impl std::io::Write) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut writer, &log(run)).map_err(std::io::Error::from)?;
    writer.write_all(b"\n")
}

fn log(run: &LintRun<'_>) -> Value {
    let cwd = std::env::current_dir().ok();
    let rules: Vec<Value> = RULES.iter().map(|rule| rule_descriptor(rule.meta())).collect();
    let results: Vec<Value> =
        run.report.diagnostics.iter().map(|diagnostic| result(run, diagnostic, cwd.as_deref())).collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "ordinal",
                    "version": env!("CARGO_PKG_VERSION"),
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "informationUri": INFORMATION_URI,
                    "rules": rules,
                }
            },
            "originalUriBaseIds": { "%SRCROOT%": { "description": { "text": "the directory ordinal ran in" } } },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    })
}

/// SARIF `level` of a severity.
pub fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn rule_descriptor(meta: &RuleMeta) -> Value {
    let docs = meta.docs();
    let full_description = section(&docs, "## What it flags").unwrap_or_else(|| meta.summary.to_string());
    json!({
        "id": meta.id,
        "name": pascal_case(meta.id),
        "shortDescription": { "text": meta.summary },
        "fullDescription": { "text": full_description },
        "help": { "text": docs, "markdown": docs },
        "helpUri": meta.docs_url(),
        "defaultConfiguration": default_configuration(meta),
        "properties": { "tags": ["kubernetes", "statefulset"] },
    })
}

/// SARIF `reportingConfiguration`: `enabled` is `true` unless written, so
/// it is written only for an opt-in rule.
fn default_configuration(meta: &RuleMeta) -> Value {
    if meta.enabled_by_default {
        json!({ "level": level(meta.severity) })
    } else {
        json!({ "level": level(meta.severity), "enabled": false })
    }
}

fn result(run: &LintRun<'_>, diagnostic: &Diagnostic, cwd: Option<&Path>) -> Value {
    let rule_index = RULES.iter().position(|rule| rule.meta().id == diagnostic.rule);
    let mut message = diagnostic.message.to_string();
    if let Some(source) = &diagnostic.source {
        message.push_str(&format!(" (from {source})"));
    }
    if !diagnostic.help.is_empty() {
        message.push_str("\nhelp: ");
        message.push_str(&diagnostic.help);
    }
    let mut result = json!({
        "ruleId": diagnostic.rule,
        "level": level(diagnostic.severity),
        "message": { "text": message },
        "locations": [physical_location(run, diagnostic.file, diagnostic.span, cwd)],
    });
    if let Some(index) = rule_index {
        result["ruleIndex"] = json!(index);
    }
    if !diagnostic.labels.is_empty() {
        result["relatedLocations"] = diagnostic
            .labels
            .iter()
            .enumerate()
            .map(|(id, label)| {
                let mut related = physical_location(run, label.file, label.span, cwd);
                related["id"] = json!(id);
                related["message"] = json!({ "text": label.message });
                related
            })
            .collect();
    }
    if let Some(fix) = &diagnostic.fix {
        let replacements: Vec<Value> = fix
            .edits
            .iter()
            .map(|edit| {
                json!({
                    "deletedRegion": region(run, diagnostic.file, edit.span),
                    "insertedContent": { "text": edit.replacement },
                })
            })
            .collect();
        result["fixes"] = json!([{
            "description": { "text": fix.message },
            "artifactChanges": [{
                "artifactLocation": artifact_location(file_name(run, diagnostic.file), cwd),
                "replacements": replacements,
            }],
        }]);
    }
    let mut properties = serde_json::Map::new();
    if let Some(resource) = &diagnostic.resource {
        properties.insert("resource".into(), json!(resource.to_string()));
    }
    if let Some(source) = &diagnostic.source {
        properties.insert("source".into(), json!(source));
        // Also the location's logical location (SARIF §3.28.4): piped
        // input's physical location (`<stdin>`) is no file of the
        // repository, the template is.
        result["locations"][0]["logicalLocations"] = json!([{ "fullyQualifiedName": source }]);
    }
    if !properties.is_empty() {
        result["properties"] = Value::Object(properties);
    }
    result
}

fn physical_location(run: &LintRun<'_>, file: usize, span: Span, cwd: Option<&Path>) -> Value {
    json!({
        "physicalLocation": {
            "artifactLocation": artifact_location(file_name(run, file), cwd),
            "region": region(run, file, span),
        }
    })
}

fn region(run: &LintRun<'_>, file: usize, span: Span) -> Value {
    let (start, end) = location(run, file, span);
    json!({
        "startLine": start.line,
        "startColumn": start.column,
        "endLine": end.line,
        "endColumn": end.column,
    })
}

/// A path relative to the checkout (`%SRCROOT%`) when it can be made one,
/// else a `file://` URI; either way percent-encoded.
fn artifact_location(name: &str, cwd: Option<&Path>) -> Value {
    let path = Path::new(name);
    if path.is_absolute() {
        match cwd.and_then(|cwd| path.strip_prefix(cwd).ok()) {
            Some(relative) => json!({ "uri": encode_uri_path(&relative.to_string_lossy()), "uriBaseId": "%SRCROOT%" }),
            None => json!({ "uri": format!("file://{}", encode_uri_path(name)) }),
        }
    } else {
        json!({ "uri": encode_uri_path(name), "uriBaseId": "%SRCROOT%" })
    }
}

/// Percent-encode everything but unreserved characters and `/`.
fn encode_uri_path(path: &str) -> String {
    let mut encoded = String::with_capacity(path.len());
    for byte in path.replace('\\', "/").bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~' | b'/') {
            encoded.push(byte as char);
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

/// The text of a `## Heading` section of rule docs, without the heading.
fn section(docs: &str, heading: &str) -> Option<String> {
    let start = docs.find(heading)? + heading.len();
    let rest = &docs[start..];
    let end = rest.find("\n## ").unwrap_or(rest.len());
    let text = rest[..end].trim();
    (!text.is_empty()).then(|| text.to_string())
}

fn pascal_case(id: &str) -> String {
    id.split('-')
        .map(|word| {
            let mut chars = word.chars();
            chars.next().map(|first| first.to_ascii_uppercase().to_string() + chars.as_str()).unwrap_or_default()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_relative_and_encoded() {
        let cwd = Path::new("/repo");
        assert_eq!(artifact_location("k8s/web app.yaml", Some(cwd))["uri"], "k8s/web%20app.yaml");
        assert_eq!(artifact_location("/repo/k8s/a.yaml", Some(cwd))["uri"], "k8s/a.yaml");
        assert_eq!(artifact_location("/elsewhere/a.yaml", Some(cwd))["uri"], "file:///elsewhere/a.yaml");
        assert_eq!(artifact_location("<stdin>", Some(cwd))["uri"], "%3Cstdin%3E");
    }

    #[test]
    fn sections_and_names() {
        assert_eq!(section("## What it flags\nA thing.\n\n## Why\nx", "## What it flags").as_deref(), Some("A thing."));
        assert_eq!(pascal_case("service-not-found"), "ServiceNotFound");
    }
}
