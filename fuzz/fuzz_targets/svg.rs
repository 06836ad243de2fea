//! explain → SVG: the picture must stay well-formed XML whatever the input,
//! and user text must never turn into markup (only the renderer's own
//! elements may appear, and every text/attribute must unescape cleanly).
//!
//! Odd first byte: the rest of the input is a name placed (YAML-escaped) in
//! every user-controlled field of a fixed manifest, so arbitrary text
//! reaches the renderer. Even first byte: the rest is the manifest itself.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ordinal_core::explain::explain;
use ordinal_core::Options;
use ordinal_core::render::svg;
use ordinal_core::SourceFile;
use quick_xml::events::Event;
use quick_xml::{Reader, XmlVersion};

/// Elements the renderer itself writes.
const ALLOWED: &[&str] = &["svg", "style", "title", "g", "rect", "path", "text", "tspan", "line", "desc"];

/// XML 1.0 `Char` (section 2.2).
fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{FFFE}' && c != '\u{FFFF}')
}

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
    let options =
        Options { update: mode & 2 != 0, scale_to: (mode & 4 != 0).then_some(5), ..Options::default() };
    let explanation = explain(&[SourceFile::new("fuzz.yaml", yaml)], &options);
    let picture = svg::render(&explanation);

    let mut reader = Reader::from_str(&picture);
    reader.config_mut().check_end_names = true;
    let mut depth = 0usize;
    let mut roots = 0usize;
    loop {
        let event = reader
            .read_event()
            .unwrap_or_else(|e| panic!("not well-formed at {}: {e}\n{picture}", reader.buffer_position()));
        let opens = matches!(event, Event::Start(_));
        match event {
            Event::Start(element) | Event::Empty(element) => {
                let qname = element.name();
                let name: &str = qname.as_ref();
                assert!(ALLOWED.contains(&name), "unexpected element <{name}>\n{picture}");
                if depth == 0 {
                    roots += 1;
                    assert_eq!(name, "svg");
                }
                for attribute in element.attributes() {
                    let attribute = attribute.unwrap_or_else(|e| panic!("bad attribute: {e}\n{picture}"));
                    let value = attribute
                        .normalized_value(XmlVersion::Implicit1_0)
                        .unwrap_or_else(|e| panic!("bad attribute value: {e}\n{picture}"));
                    assert!(value.chars().all(xml_char), "a character XML forbids in {value:?}\n{picture}");
                }
                if opens {
                    depth += 1;
                }
            }
            Event::End(_) => depth -= 1,
            Event::Text(text) => {
                let content = text.xml10_content();
                assert!(content.chars().all(xml_char), "a character XML forbids in text {content:?}\n{picture}");
            }
            Event::GeneralRef(reference) => {
                let name = reference.into_inner();
                assert!(
                    matches!(name.as_ref(), "amp" | "lt" | "gt" | "quot" | "apos") || name.starts_with('#'),
                    "undefined entity &{name};\n{picture}"
                );
            }
            Event::Eof => break,
            Event::DocType(_) | Event::PI(_) => panic!("unexpected declaration\n{picture}"),
            _ => {}
        }
    }
    assert_eq!(depth, 0, "unclosed elements\n{picture}");
    assert_eq!(roots, 1, "not one root element\n{picture}");
});
