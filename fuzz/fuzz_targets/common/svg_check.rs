//! The SVG checks shared by the `svg` and `render` targets.

use quick_xml::events::Event;
use quick_xml::{Reader, XmlVersion};

/// Elements the renderer itself writes.
const ALLOWED: &[&str] = &["svg", "style", "title", "g", "rect", "path", "text", "tspan", "line", "desc"];

/// XML 1.0 `Char` (section 2.2).
fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{FFFE}' && c != '\u{FFFF}')
}

/// `picture` is well-formed XML with one `<svg>` root, only the renderer's
/// own elements, only predefined entities and no character XML forbids.
pub fn check_svg(picture: &str) {
    let mut reader = Reader::from_str(picture);
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
}
