//! The drawing surface: elements appended as text, the extent tracked as
//! they are, numbers printed to a tenth, and the one XML escape.

use std::fmt::Write;

pub(super) const MARGIN: f64 = 16.0;
pub(super) const CHAR_WIDTH: f64 = 7.3;
/// Width of a 14px bold title glyph relative to a 12px one.
const TITLE_SCALE: f64 = 1.2;
pub(super) const LINE: f64 = 18.0;

#[derive(Default)]
pub(super) struct Canvas {
    body: String,
    pub(super) y: f64,
    pub(super) width: f64,
}

impl Canvas {
    /// A line of text at `x`, below the last one.
    pub(super) fn text(&mut self, x: f64, class: &str, text: &str) {
        self.y += LINE;
        self.text_at(x, self.y, class, text);
    }

    /// Text at a fixed place.
    pub(super) fn text_at(&mut self, x: f64, y: f64, class: &str, text: &str) {
        let _ = writeln!(self.body, r#"<text class="{class}" x="{}" y="{}">{}</text>"#, fmt(x), fmt(y), escape(text));
        // Titles are set at 14px bold, others at 12px: a monospace glyph is
        // about 0.6em wide, so the title needs a wider estimate or it is clipped.
        let width = if class == "title" { text_width(text) * TITLE_SCALE } else { text_width(text) };
        self.extend(x + width);
    }

    /// A rectangle.
    pub(super) fn rect(&mut self, class: &str, x: f64, y: f64, width: f64, height: f64) {
        let _ = writeln!(
            self.body,
            r#"<rect class="{class}" x="{}" y="{}" width="{}" height="{}" rx="4"/>"#,
            fmt(x),
            fmt(y),
            fmt(width),
            fmt(height)
        );
        self.extend(x + width);
    }

    /// An element written by the caller, already escaped.
    pub(super) fn raw(&mut self, element: &str) {
        self.body.push_str(element);
        self.body.push('\n');
    }

    pub(super) fn extend(&mut self, right: f64) {
        self.width = self.width.max(right);
    }

    pub(super) fn finish(self, title: &str, description: &str) -> String {
        let width = (self.width + MARGIN).ceil();
        let height = (self.y + MARGIN).ceil();
        let mut out = String::new();
        let _ = writeln!(
            out,
            r#"<svg xmlns="http://www.w3.org/2000/svg" class="ordinal-explain" width="{w}" height="{h}" viewBox="0 0 {w} {h}" role="img" aria-label="{label}">"#,
            w = fmt(width),
            h = fmt(height),
            label = escape(title)
        );
        let _ = writeln!(out, "<title>{}</title>\n<desc>{}</desc>", escape(title), escape(description));
        out.push_str(super::style::STYLE);
        out.push_str(&self.body);
        out.push_str("</svg>\n");
        out
    }
}

pub(super) fn text_width(text: &str) -> f64 {
    text.chars().count() as f64 * CHAR_WIDTH
}

/// Numbers with at most one decimal, so output is stable across platforms.
pub(super) fn fmt(value: f64) -> String {
    // Formatted from integer tenths: `{:.1}` on an f64 links core's float
    // printing (about 8 KB of the docs embed's gzipped budget) for this one use.
    let tenths = (value * 10.0).round() as i64;
    let (whole, tenth) = (tenths / 10, (tenths % 10).abs());
    match (tenth, tenths < 0 && whole == 0) {
        (0, _) => whole.to_string(),
        (_, true) => format!("-0.{tenth}"),
        _ => format!("{whole}.{tenth}"),
    }
}

/// Escape text for XML content and attribute values; characters XML 1.0
/// does not allow become U+FFFD.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(character),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod number_tests {
    use super::fmt;

    #[test]
    fn coordinates_print_to_a_tenth_as_float_formatting_would() {
        for (value, expected) in [
            (0.0, "0"),
            (16.0, "16"),
            (3.04, "3"),
            (1.25, "1.3"),
            (7.3, "7.3"),
            (1100.06, "1100.1"),
            (-0.3, "-0.3"),
            (-1.5, "-1.5"),
            (-2.0, "-2"),
        ] {
            assert_eq!(fmt(value), expected, "{value}");
            let rounded = (value * 10.0_f64).round() / 10.0;
            let reference =
                if rounded.fract() == 0.0 { format!("{}", rounded as i64) } else { format!("{rounded:.1}") };
            assert_eq!(fmt(value), reference, "{value}");
        }
    }
}
