//! explain → SVG: the picture must stay well-formed XML whatever the input,
//! and user text must never turn into markup (only the renderer's own
//! elements may appear, and every text/attribute must unescape cleanly).
//!
//! Odd first byte: the rest of the input is a name placed (YAML-escaped) in
//! every user-controlled field of a fixed manifest, so arbitrary text
//! reaches the renderer. Even first byte: the rest is the manifest itself.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "common/mod.rs"]
mod common;

use ordinal_core::explain::explain;
use ordinal_core::render::svg;
use ordinal_core::Options;
use ordinal_core::SourceFile;

/// `text` as a YAML double-quoted scalar that round-trips exactly.
fn yaml_quoted(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        if c.is_ascii_alphanumeric() || c == '-' || c == '.' {
            out.push(c);
        } else {
            out.push_str(&format!("\\U{:08x}", c as u32));
        }
    }
    out.push('"');
    out
}

fn manifest(name: &str) -> String {
    let q = yaml_quoted(name);
    format!(
        "apiVersion: v1\nkind: Service\nmetadata: {{name: {q}, namespace: {q}}}\nspec:\n  clusterIP: None\n  \
         selector: {{app: {q}}}\n  ports: [{{name: {q}, port: 80}}]\n---\n\
         apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {{name: {q}, namespace: {q}}}\nspec:\n  serviceName: {q}\n  \
         replicas: 2\n  selector: {{matchLabels: {{app: {q}}}}}\n  template:\n    metadata: {{labels: {{app: {q}}}}}\n    \
         spec: {{subdomain: {q}, hostname: {q}, containers: [{{name: {q}, image: {q}}}]}}\n  \
         volumeClaimTemplates: [{{metadata: {{name: {q}}}}}]\n"
    )
}

fuzz_target!(|data: &[u8]| {
    let (mode, rest) = data.split_first().map_or((0, data), |(m, r)| (*m, r));
    let text = String::from_utf8_lossy(rest);
    // A name longer than a DNS name (253) adds nothing but YAML to parse:
    // 5,000 characters written as \U escapes in every field made a 1 MB
    // manifest that took the whole -timeout to parse.
    let yaml = if mode & 1 == 1 { manifest(&text.chars().take(300).collect::<String>()) } else { text.into_owned() };
    let options = Options { update: mode & 2 != 0, scale_to: (mode & 4 != 0).then_some(5), ..Options::default() };
    let explanation = explain(&[SourceFile::new("fuzz.yaml", yaml)], &options);
    let picture = svg::render(&explanation);

    common::svg_check::check_svg(&picture);
});
