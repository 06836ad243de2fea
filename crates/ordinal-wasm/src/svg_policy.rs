//! The one SVG policy of the playground and the docs embed: both insert the
//! explain SVG into a live page, and both get it from here, already passed
//! through [`sanitize`].
//!
//! The core escapes every name it draws, so this is defence in depth: it
//! re-serialises the SVG from an allow-list of the elements and attributes
//! the core draws with (and a few more plain shapes), so that whatever a bug
//! in the renderer let through, what a page parses contains no script, no
//! event handler, no link, no `foreignObject` and no style that loads
//! anything. Because the output is written here, from parsed names and
//! decoded, re-escaped text, a page's XML parser cannot read it differently
//! from this parser. Input that is not well-formed, or that uses DTDs, CDATA
//! or processing instructions (the core uses none), gives an empty string,
//! which both pages show as "could not be drawn".

use ordinal_core::render::svg::escape;

const SVG_NAMESPACE: &str = "http://www.w3.org/2000/svg";

/// Elements kept; every other element is dropped with everything inside it.
const ELEMENTS: &[&str] = &[
    "svg", "g", "style", "text", "tspan", "rect", "line", "path", "polyline", "polygon", "circle", "title", "desc",
    "marker", "defs",
];

/// Attributes kept on kept elements (no `on*`, no `href`, no `style`).
const ATTRIBUTES: &[&str] = &[
    "xmlns",
    "class",
    "width",
    "height",
    "viewBox",
    "role",
    "aria-label",
    "x",
    "y",
    "x1",
    "y1",
    "x2",
    "y2",
    "dx",
    "dy",
    "rx",
    "ry",
    "cx",
    "cy",
    "r",
    "d",
    "points",
    "transform",
    "text-anchor",
    "dominant-baseline",
    "font-size",
    "font-weight",
    "fill",
    "stroke",
    "stroke-width",
    "stroke-dasharray",
    "opacity",
    "fill-opacity",
    "stroke-opacity",
    "marker-end",
    "markerWidth",
    "markerHeight",
    "refX",
    "refY",
    "orient",
    "id",
    // The core's machine-readable hooks (`render::svg`): plain values,
    // never URLs or code, and inert in a page.
    "data-pod",
    "data-state",
    "data-revision",
    "data-pvc",
    "data-retention",
    "data-service",
    "data-headless",
    "data-pdb",
    "data-dns",
    "data-resolves",
    "data-step",
    "data-plan",
    "data-partition",
];

/// Values that could load or run something wherever an attribute takes a URL.
const ACTIVE_SCHEMES: &[&str] = &["javascript:", "data:", "vbscript:"];

/// CSS that loads or runs something; a `<style>` containing any is emptied.
const ACTIVE_CSS: &[&str] = &["@import", "url(", "expression(", "javascript:", "binding", "behavior"];

/// Deeper nesting than the core ever draws is refused.
const MAX_DEPTH: usize = 64;

/// `svg` re-serialised under the policy; empty when it is not a well-formed
/// SVG document.
pub fn sanitize(svg: &str) -> String {
    sanitize_document(svg).unwrap_or_default()
}

struct Open<'s> {
    name: &'s str,
    /// Whether the element and all its ancestors are kept.
    kept: bool,
    /// For a kept `<style>`: where its text starts in the output.
    style_start: Option<usize>,
}

fn sanitize_document(input: &str) -> Option<String> {
    let mut out = String::with_capacity(input.len());
    let mut stack: Vec<Open<'_>> = Vec::new();
    let mut root_seen = false;
    let mut rest = input;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = &after[after.find("-->")? + 3..];
        } else if rest.starts_with("<?") || rest.starts_with("<!") {
            // DTDs (which can define entities), CDATA and processing instructions.
            return None;
        } else if let Some(after) = rest.strip_prefix("</") {
            let end = after.find('>')?;
            let open = stack.pop()?;
            if after[..end].trim_end() != open.name {
                return None;
            }
            if let Some(start) = open.style_start {
                let css = out[start..].to_ascii_lowercase();
                if ACTIVE_CSS.iter().any(|active| css.contains(active)) {
                    out.truncate(start);
                }
            }
            if open.kept {
                out.push_str("</");
                out.push_str(open.name);
                out.push('>');
            }
            rest = &after[end + 1..];
        } else if let Some(after) = rest.strip_prefix('<') {
            let (tag, remainder) = start_tag(after)?;
            rest = remainder;
            if stack.is_empty() {
                // One root, and it is an SVG element.
                if root_seen || tag.name != "svg" || tag.xmlns != Some(SVG_NAMESPACE) {
                    return None;
                }
                root_seen = true;
            }
            let parent = stack.last();
            // Nothing nests inside a style sheet.
            let kept =
                parent.is_none_or(|parent| parent.kept && parent.name != "style") && ELEMENTS.contains(&tag.name);
            if kept {
                out.push('<');
                out.push_str(tag.name);
                for (name, value) in &tag.attributes {
                    out.push(' ');
                    out.push_str(name);
                    out.push_str("=\"");
                    out.push_str(&escape(value));
                    out.push('"');
                }
                out.push_str(if tag.self_closing { "/>" } else { ">" });
            }
            if !tag.self_closing {
                if stack.len() >= MAX_DEPTH {
                    return None;
                }
                let style_start = (kept && tag.name == "style").then_some(out.len());
                stack.push(Open { name: tag.name, kept, style_start });
            }
        } else {
            let end = rest.find('<').unwrap_or(rest.len());
            let text = decode(&rest[..end])?;
            match stack.last() {
                Some(open) if open.kept => out.push_str(&escape(&text)),
                Some(_) => {}
                // Outside the root only blanks are allowed (the core ends with a newline).
                None if text.trim().is_empty() => out.push_str(&text),
                None => return None,
            }
            rest = &rest[end..];
        }
    }
    (root_seen && stack.is_empty()).then_some(out)
}

struct StartTag<'s> {
    name: &'s str,
    /// The kept attributes, values decoded.
    attributes: Vec<(&'s str, String)>,
    /// The element's own `xmlns`, whether kept or not.
    xmlns: Option<&'s str>,
    self_closing: bool,
}

/// Parse a start tag after its `<`; the rest of the input after its `>`.
fn start_tag(input: &str) -> Option<(StartTag<'_>, &str)> {
    let name_end = input.find(|c: char| c.is_whitespace() || c == '/' || c == '>')?;
    let name = &input[..name_end];
    if name.is_empty() {
        return None;
    }
    let mut tag = StartTag { name, attributes: Vec::new(), xmlns: None, self_closing: false };
    let mut seen: Vec<&str> = Vec::new();
    let mut rest = &input[name_end..];
    loop {
        rest = rest.trim_start();
        if let Some(after) = rest.strip_prefix("/>") {
            tag.self_closing = true;
            return Some((tag, after));
        }
        if let Some(after) = rest.strip_prefix('>') {
            return Some((tag, after));
        }
        let name_end = rest.find(|c: char| c.is_whitespace() || c == '=' || c == '>' || c == '/')?;
        let attribute = &rest[..name_end];
        // XML forbids a repeated attribute; a browser would refuse the document.
        if attribute.is_empty() || seen.contains(&attribute) {
            return None;
        }
        seen.push(attribute);
        rest = rest[name_end..].trim_start().strip_prefix('=')?.trim_start();
        let quote = rest.chars().next().filter(|&c| c == '"' || c == '\'')?;
        let value_end = rest[1..].find(quote)? + 1;
        let raw = &rest[1..value_end];
        if raw.contains('<') {
            return None;
        }
        let value = decode(raw)?;
        rest = &rest[value_end + 1..];
        if attribute == "xmlns" {
            tag.xmlns = Some(if value == SVG_NAMESPACE { SVG_NAMESPACE } else { "" });
            if value != SVG_NAMESPACE {
                continue;
            }
        }
        if ATTRIBUTES.contains(&attribute) && !is_active(&value) {
            tag.attributes.push((attribute, value));
        }
    }
}

/// Whether a value names a scheme that runs or embeds something, however
/// spelt (browsers ignore blanks and control characters in schemes).
fn is_active(value: &str) -> bool {
    let compact: String =
        value.chars().filter(|c| !c.is_whitespace() && !c.is_control()).map(|c| c.to_ascii_lowercase()).collect();
    ACTIVE_SCHEMES.iter().any(|scheme| compact.contains(scheme))
}

/// Decode XML's five entities and character references; `None` for any
/// other `&`, which XML (without a DTD) refuses too.
fn decode(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let end = after.find(';')?;
        let entity = &after[..end];
        let character = match entity {
            "lt" => '<',
            "gt" => '>',
            "amp" => '&',
            "quot" => '"',
            "apos" => '\'',
            _ => {
                let number = entity.strip_prefix('#')?;
                let code = match number.strip_prefix('x') {
                    Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                    None => number.parse().ok()?,
                };
                char::from_u32(code).filter(|&c| c != '\0')?
            }
        };
        out.push(character);
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ordinal_core::explain::explain;
    use ordinal_core::render::svg;
    use ordinal_core::Options;
    use ordinal_core::SourceFile;

    const OPEN: &str = r#"<svg xmlns="http://www.w3.org/2000/svg" width="10">"#;

    fn core_svg(yaml: &str, options: &Options) -> String {
        svg::render(&explain(&[SourceFile::new("t.yaml", yaml)], options))
    }

    #[test]
    fn keeps_the_core_svg_byte_for_byte() {
        let hostile = include_str!("../../../tests/fixtures/explain/hostile.yaml");
        let update = Options { update: true, scale_to: Some(5), ..Options::default() };
        let mut yamls: Vec<&str> = ordinal_core::examples::EXAMPLES.iter().map(|example| example.yaml).collect();
        yamls.push(hostile);
        for yaml in yamls {
            for options in [Options::default(), update.clone()] {
                let drawn = core_svg(yaml, &options);
                assert!(drawn.starts_with("<svg"), "{drawn}");
                assert_eq!(sanitize(&drawn), drawn);
                let explanation = explain(&[SourceFile::new("t.yaml", yaml)], &options);
                for at in [0, 1, 2] {
                    let drawn = svg::render_at(&explanation, Some(at));
                    assert_eq!(sanitize(&drawn), drawn);
                }
            }
        }
    }

    #[test]
    fn drops_scripts_handlers_links_and_foreign_objects() {
        let hostile = format!(
            "{OPEN}<script>alert(1)</script><svg:script xmlns:svg=\"{SVG_NAMESPACE}\">alert(2)</svg:script>\
             <g onload=\"alert(3)\" ONCLICK='alert(4)' class=\"a\"><text x=\"1\" style=\"x\">hi &lt;b&gt; &#x41;</text></g>\
             <a href=\"javascript:alert(5)\"><text>link</text></a>\
             <rect fill=\" java&#x09;script:alert(6)\" stroke=\"DATA:text/html,x\" width=\"2\"/>\
             <foreignObject><div xmlns=\"http://www.w3.org/1999/xhtml\"><img src=\"x\" onerror=\"alert(7)\"/></div></foreignObject>\
             <use href=\"#a\"/><image href=\"x.png\"/><animate attributeName=\"href\" to=\"javascript:alert(8)\"/>\
             <text xmlns=\"http://www.w3.org/1999/xhtml\">t</text>\
             <style>@import url(https://example.org/x.css); .a {{ fill: red }}</style><style>.b {{ fill: blue }}</style>\
             </svg>\n"
        );
        assert_eq!(
            sanitize(&hostile),
            format!(
                "{OPEN}<g class=\"a\"><text x=\"1\">hi &lt;b&gt; A</text></g><rect width=\"2\"/><text>t</text>\
                 <style></style><style>.b {{ fill: blue }}</style></svg>\n"
            )
        );
    }

    #[test]
    fn refuses_what_is_not_plain_well_formed_svg() {
        for input in [
            "<!DOCTYPE svg [<!ENTITY x \"<script>alert(1)</script>\">]><svg xmlns=\"http://www.w3.org/2000/svg\">&x;</svg>",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"><![CDATA[<script>alert(1)</script>]]></svg>",
            "<?xml-stylesheet href=\"x.xsl\"?><svg xmlns=\"http://www.w3.org/2000/svg\"/>",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"><g></svg>",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"><g class=\"a\" class=\"b\"/></svg>",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"><text>&nbsp;</text></svg>",
            "<svg><text>no namespace</text></svg>",
            "<html><script>alert(1)</script></html>",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/><svg xmlns=\"http://www.w3.org/2000/svg\"/>",
            "text <svg xmlns=\"http://www.w3.org/2000/svg\"/>",
            "",
        ] {
            assert_eq!(sanitize(input), "", "{input}");
        }
        let deep = format!("{OPEN}{}{}</svg>", "<g>".repeat(MAX_DEPTH), "</g>".repeat(MAX_DEPTH));
        assert_eq!(sanitize(&deep), "");
        assert_eq!(sanitize(&format!("{OPEN}<!-- a comment --><g/></svg>")), format!("{OPEN}<g/></svg>"));
    }

    #[test]
    fn a_hostile_manifest_reaches_the_page_escaped() {
        let yaml = "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: \"<svg onload=alert(1)>\"\nspec:\n  serviceName: \"<script>alert(2)</script>\"\n";
        let output = crate::explain(yaml, &crate::Options::default());
        assert!(output.svg.starts_with("<svg"), "{}", output.svg);
        assert!(!output.svg.contains("<script") && !output.svg.contains("<svg onload"), "{}", output.svg);
        assert!(output.svg.contains("&lt;script&gt;alert(2)&lt;/script&gt;"), "{}", output.svg);
    }
}
