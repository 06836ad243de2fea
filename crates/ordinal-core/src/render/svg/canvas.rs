//! The drawing surface: elements appended as text through one small
//! builder (`open`, `attr`, `num`, `end`), the extent tracked as they are,
//! numbers printed to a tenth, and the one XML escape.
//!
//! Elements are written piece by piece rather than with `write!`: every
//! `format!` of an element is its own formatting code in the docs embed,
//! whose size is budgeted, while these few methods are shared by all.

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
        self.open("text").attr("class", class).num("x", x).num("y", y).push(">").escaped(text).push("</text>\n");
        // Titles are set at 14px bold, others at 12px: a monospace glyph is
        // about 0.6em wide, so the title needs a wider estimate or it is clipped.
        let width = if class == "title" { text_width(text) * TITLE_SCALE } else { text_width(text) };
        self.extend(x + width);
    }

    /// A rectangle.
    pub(super) fn rect(&mut self, class: &str, x: f64, y: f64, width: f64, height: f64) {
        self.open("rect").attr("class", class).num("x", x).num("y", y).num("width", width).num("height", height);
        self.push(r#" rx="4"/>"#).push("\n");
        self.extend(x + width);
    }

    /// Start an element: `<tag`.
    pub(super) fn open(&mut self, tag: &str) -> &mut Self {
        self.body.push('<');
        self.push(tag)
    }

    /// An attribute, its value escaped.
    pub(super) fn attr(&mut self, name: &str, value: &str) -> &mut Self {
        self.name(name).escaped(value).push("\"")
    }

    /// An attribute with a number as its value, to a tenth.
    pub(super) fn num(&mut self, name: &str, value: f64) -> &mut Self {
        self.name(name).number(value).push("\"")
    }

    /// An attribute with an integer as its value.
    pub(super) fn int(&mut self, name: &str, value: i64) -> &mut Self {
        self.name(name);
        push_int(&mut self.body, value);
        self.push("\"")
    }

    /// ` name="`, for a value written piece by piece.
    pub(super) fn name(&mut self, name: &str) -> &mut Self {
        self.body.push(' ');
        self.push(name).push("=\"")
    }

    /// End the start tag of an element with content: `>` and a line break.
    pub(super) fn end(&mut self) {
        self.push(">\n");
    }

    /// Text already escaped (or markup) as it is.
    pub(super) fn push(&mut self, text: &str) -> &mut Self {
        self.body.push_str(text);
        self
    }

    /// Text escaped.
    pub(super) fn escaped(&mut self, text: &str) -> &mut Self {
        escape_into(&mut self.body, text);
        self
    }

    /// A number, to a tenth.
    pub(super) fn number(&mut self, value: f64) -> &mut Self {
        push_number(&mut self.body, value);
        self
    }

    /// `<title>text</title>` and a line break, closing the start tag before it.
    pub(super) fn title_end(&mut self, text: &str) {
        self.push("><title>").escaped(text).push("</title>\n");
    }

    /// An element written by the caller, already escaped.
    pub(super) fn raw(&mut self, element: &str) {
        self.push(element).push("\n");
    }

    pub(super) fn extend(&mut self, right: f64) {
        self.width = self.width.max(right);
    }

    pub(super) fn finish(self, title: &str, description: &str) -> String {
        let width = (self.width + MARGIN).ceil();
        let height = (self.y + MARGIN).ceil();
        let mut out = Canvas::default();
        out.open("svg").attr("xmlns", "http://www.w3.org/2000/svg").attr("class", "ordinal-explain");
        out.num("width", width).num("height", height).name("viewBox").push("0 0 ").number(width).push(" ");
        out.number(height).push("\"").attr("role", "img").attr("aria-label", title).end();
        out.push("<title>").escaped(title).push("</title>\n<desc>").escaped(description).push("</desc>\n");
        out.push(super::style::STYLE).push(&self.body).push("</svg>\n");
        out.body
    }
}

pub(super) fn text_width(text: &str) -> f64 {
    text.chars().count() as f64 * CHAR_WIDTH
}

/// Numbers with at most one decimal, so output is stable across platforms.
#[cfg(test)]
fn fmt(value: f64) -> String {
    let mut out = String::new();
    push_number(&mut out, value);
    out
}

/// `value` to a tenth, without a trailing `.0`.
fn push_number(out: &mut String, value: f64) {
    // Written from integer tenths: `{:.1}` on an f64 links core's float
    // printing (about 8 KB of the docs embed's gzipped budget) for this one use.
    let tenths = (value * 10.0).round() as i64;
    if tenths < 0 {
        out.push('-');
    }
    let magnitude = tenths.unsigned_abs();
    push_digits(out, magnitude / 10);
    if !magnitude.is_multiple_of(10) {
        out.push('.');
        push_digits(out, magnitude % 10);
    }
}

/// An integer in decimal, without `core::fmt`.
pub(super) fn push_int(out: &mut String, value: i64) {
    if value < 0 {
        out.push('-');
    }
    push_digits(out, value.unsigned_abs());
}

fn push_digits(out: &mut String, mut value: u64) {
    let mut digits = [0u8; 20];
    let mut start = digits.len();
    loop {
        start -= 1;
        digits[start] = b'0' + (value % 10) as u8;
        value /= 10;
        if value == 0 {
            break;
        }
    }
    for &digit in &digits[start..] {
        out.push(char::from(digit));
    }
}

/// Escape text for XML content and attribute values; characters XML 1.0
/// does not allow become U+FFFD.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(&mut out, text);
    out
}

fn escape_into(out: &mut String, text: &str) {
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
