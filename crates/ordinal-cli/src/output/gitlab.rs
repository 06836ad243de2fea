//! `--format gitlab`: a GitLab Code Quality report, the subset of the Code
//! Climate issue format GitLab reads (`artifacts: reports: codequality:`;
//! <https://docs.gitlab.com/ci/testing/code_quality/#code-quality-report-format>).
//!
//! ```json
//! [{"description": "no Service `nginx` in namespace `default`", "check_name": "service-not-found",
//!   "fingerprint": "…", "severity": "major", "location": {"path": "web.yaml", "lines": {"begin": 7}}}]
//! ```
//!
//! GitLab compares the reports of a merge request's base and head by
//! `fingerprint`: a finding whose fingerprint is in both is unchanged, one
//! only in the head is new. So the fingerprint hashes what identifies the
//! finding (rule, file, resource, message) and not its line, which moves
//! whenever something above it is edited. GitLab shows one issue per
//! fingerprint, so identical findings are numbered apart.

use std::collections::HashMap;
use std::path::Path;

use ordinal_core::diagnostic::Diagnostic;
use ordinal_core::Severity;
use serde_json::{json, Value};

use super::{file_name, location, LintRun};

/// The report: a JSON array, one issue per diagnostic, in report order.
pub fn render(run: &LintRun<'_>) -> String {
    let cwd = std::env::current_dir().ok();
    // Identical findings (same rule, file, resource and message) would share
    // a fingerprint and GitLab would show one of them; the occurrence number
    // among identical ones keeps them apart and is still line-independent.
    let mut seen: HashMap<String, usize> = HashMap::new();
    let issues: Vec<Value> = run
        .report
        .diagnostics
        .iter()
        .map(|diagnostic| {
            let path = relative_path(file_name(run, diagnostic.file), cwd.as_deref());
            let key = identity(diagnostic, &path);
            let occurrence = seen.entry(key.clone()).or_insert(0);
            let fingerprint = fingerprint(&key, *occurrence);
            *occurrence += 1;
            let (start, _) = location(run, diagnostic.file, diagnostic.span);
            json!({
                "description": diagnostic.message,
                "check_name": diagnostic.rule,
                "fingerprint": fingerprint,
                "severity": severity(diagnostic.severity),
                "location": { "path": path, "lines": { "begin": start.line } },
            })
        })
        .collect();
    let mut text = serde_json::to_string_pretty(&issues).unwrap_or_default();
    text.push('\n');
    text
}

/// Code Climate severity (`info`, `minor`, `major`, `critical`, `blocker`).
/// Ordinal has three levels; they take the middle of the scale as the
/// common GitLab formatters do (ESLint's: error major, warning minor),
/// leaving `critical` and `blocker` to tools that know more than a manifest
/// shows.
pub fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "major",
        Severity::Warning => "minor",
        Severity::Info => "info",
    }
}

/// GitLab links `location.path` into the repository, so it must be
/// relative to the checkout: an absolute path under the working directory
/// is made relative, and `\` becomes `/`.
fn relative_path(name: &str, cwd: Option<&Path>) -> String {
    let path = Path::new(name);
    let relative = match cwd.and_then(|cwd| path.strip_prefix(cwd).ok()) {
        Some(relative) if path.is_absolute() => relative.to_string_lossy().into_owned(),
        _ => name.to_string(),
    };
    let relative = relative.replace('\\', "/");
    relative.strip_prefix("./").map(str::to_string).unwrap_or(relative)
}

/// What makes a finding the same finding from one commit to the next.
/// NUL cannot occur in a rule id or path and separates the fields
/// unambiguously.
fn identity(diagnostic: &Diagnostic, path: &str) -> String {
    let resource = diagnostic.resource.as_ref().map(ToString::to_string).unwrap_or_default();
    format!("{}\0{}\0{}\0{}", diagnostic.rule, path, resource, diagnostic.message)
}

/// 64-bit FNV-1a of the identity (and occurrence, after the first), as 16
/// hex digits. Written out rather than taken from `std::hash`, whose output
/// may change between Rust releases: a fingerprint must be the same on every
/// machine and toolchain that ever produced a report for the project.
fn fingerprint(identity: &str, occurrence: usize) -> String {
    let mut input = identity.to_string();
    if occurrence > 0 {
        input.push_str(&format!("\0{occurrence}"));
    }
    format!("{:016x}", fnv1a_64(input.as_bytes()))
}

fn fnv1a_64(bytes: &[u8]) -> u64 {
    const OFFSET_BASIS: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    bytes.iter().fold(OFFSET_BASIS, |hash, &byte| (hash ^ u64::from(byte)).wrapping_mul(PRIME))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a_matches_the_reference_vectors() {
        // From the FNV reference test suite (draft-eastlake-fnv, test_fnv.c).
        assert_eq!(fnv1a_64(b""), 0xcbf29ce484222325);
        assert_eq!(fnv1a_64(b"a"), 0xaf63dc4c8601ec8c);
        assert_eq!(fnv1a_64(b"foobar"), 0x85944171f73967e8);
    }

    #[test]
    fn fingerprints_separate_occurrences_and_fields() {
        assert_ne!(fingerprint("r\0a\0\0m", 0), fingerprint("r\0a\0\0m", 1));
        assert_eq!(fingerprint("r\0a\0\0m", 0).len(), 16);
        assert_ne!(fingerprint("ab\0c\0\0m", 0), fingerprint("a\0bc\0\0m", 0));
    }

    #[test]
    fn paths_are_relative_to_the_checkout() {
        let cwd = Path::new("/repo");
        assert_eq!(relative_path("/repo/k8s/a.yaml", Some(cwd)), "k8s/a.yaml");
        assert_eq!(relative_path("./k8s/a.yaml", Some(cwd)), "k8s/a.yaml");
        assert_eq!(relative_path("k8s\\a.yaml", Some(cwd)), "k8s/a.yaml");
        assert_eq!(relative_path("/elsewhere/a.yaml", Some(cwd)), "/elsewhere/a.yaml");
    }
}
