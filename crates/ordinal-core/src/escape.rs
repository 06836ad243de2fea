//! Visible escapes for manifest text shown to people: terminals, CI logs and
//! anything else that reads output line by line.
//!
//! A manifest chooses names, label values and file contents, and the human
//! readable outputs (lint text, explain text, nslookup text, GitHub
//! annotations) print them. Printed raw, a newline would let the manifest
//! start an output line of its own (`::error file=…::` or `::add-mask::` is
//! a GitHub Actions workflow command), ESC, CSI (U+009B) and friends would
//! drive the terminal, and bidi controls would reorder what the reader sees
//! (Trojan Source, CVE-2021-42574). Every such character is written as a
//! visible escape instead: `\n`, `\r`, `\t`, or `\u{1b}` for the rest.
//!
//! This is applied where text is written for people, never to the data
//! model: JSON and SARIF carry the exact strings (JSON escapes control
//! characters itself) and XML writers have their own escaping.
//!
//! A backslash is not escaped: Kubernetes names cannot contain one, and
//! doubling every backslash in help text and regular expressions would make
//! the common case harder to read for an ambiguity no attacker gains from.

use std::borrow::Cow;
use std::fmt::Write as _;

/// Whether `character` must not be written raw to a terminal or a log.
///
/// That is: C0 controls (line breaks and tab included), DEL, C1 controls
/// (U+0080–U+009F, including NEL), the Unicode line and paragraph
/// separators (U+2028, U+2029, which some viewers break lines at), the bidi
/// embedding, override, isolate and mark controls (U+061C, U+200E, U+200F,
/// U+202A–U+202E, U+2066–U+2069) and the noncharacters (U+FDD0–U+FDEF and
/// the last two code points of every plane, U+FFFE and U+FFFF among them).
pub fn is_unsafe(character: char) -> bool {
    let code = character as u32;
    code < 0x20
        || (0x7f..=0x9f).contains(&code)
        || matches!(code, 0x061c | 0x200e | 0x200f | 0x2028..=0x202e | 0x2066..=0x2069 | 0xfdd0..=0xfdef)
        || code & 0xfffe == 0xfffe
}

/// `text` as one line: every [unsafe](is_unsafe) character, line breaks
/// included, written as a visible escape. Borrowed when nothing needs it.
pub fn display(text: &str) -> Cow<'_, str> {
    display_keeping(text, |_, _| false).text
}

/// Source text shown line by line (a lint snippet): like [`display`], but
/// `\n`, `\r\n` and `\t` stay as they are, because the snippet renderer
/// lays out lines itself and every line it prints starts with its own
/// gutter. Offsets into `text` map to offsets into the result with
/// [`Escaped::offset`].
pub fn display_source(text: &str) -> Escaped<'_> {
    display_keeping(text, |character, next| match character {
        '\n' | '\t' => true,
        '\r' => next == Some('\n'),
        _ => false,
    })
}

/// Escaped text and where its characters moved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Escaped<'a> {
    /// The escaped text.
    pub text: Cow<'a, str>,
    /// For each escaped character: its end offset in the original text and
    /// how many bytes longer the result is from there on.
    shifts: Vec<(usize, usize)>,
}

impl Escaped<'_> {
    /// The offset in the escaped text of byte `offset` of the original; an
    /// offset at an escaped character maps to the start of its escape, so a
    /// span over the character covers the whole escape.
    pub fn offset(&self, offset: usize) -> usize {
        let passed = self.shifts.partition_point(|&(end, _)| end <= offset);
        let shift = passed.checked_sub(1).map_or(0, |index| self.shifts[index].1);
        offset + shift
    }
}

/// Write the visible form of one unsafe character.
fn push_escape(out: &mut String, character: char) {
    match character {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        other => {
            let _ = write!(out, "\\u{{{:x}}}", other as u32);
        }
    }
}

fn display_keeping(text: &str, keep: impl Fn(char, Option<char>) -> bool) -> Escaped<'_> {
    // Almost all text is safe; check without allocating first.
    if !text.chars().any(is_unsafe) {
        return Escaped { text: Cow::Borrowed(text), shifts: Vec::new() };
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut shifts = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((offset, character)) = chars.next() {
        let next = chars.peek().map(|&(_, next)| next);
        if is_unsafe(character) && !keep(character, next) {
            push_escape(&mut out, character);
            let end = offset + character.len_utf8();
            shifts.push((end, out.len() - end));
        } else {
            out.push(character);
        }
    }
    Escaped { text: Cow::Owned(out), shifts }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safe_text_is_borrowed() {
        assert!(matches!(display("web-0.nginx `é` 日本 \\d"), Cow::Borrowed(_)));
    }

    #[test]
    fn controls_become_visible() {
        assert_eq!(display("a\n::error::x"), "a\\n::error::x");
        assert_eq!(display("\r\t\u{1b}[31m\u{7}\u{7f}"), "\\r\\t\\u{1b}[31m\\u{7}\\u{7f}");
        assert_eq!(
            display("\u{85}\u{9b}\u{2028}\u{202e}\u{2066}\u{fffe}\u{ffff}\u{1fffe}"),
            "\\u{85}\\u{9b}\\u{2028}\\u{202e}\\u{2066}\\u{fffe}\\u{ffff}\\u{1fffe}"
        );
    }

    #[test]
    fn every_c0_and_c1_character_is_unsafe_and_printable_text_is_not() {
        for code in (0..0x20).chain(0x7f..0xa0) {
            let character = char::from_u32(code).expect("a scalar value");
            assert!(is_unsafe(character), "U+{code:04X}");
            assert!(!display(&character.to_string()).chars().any(is_unsafe));
        }
        for character in [' ', '~', '\u{a0}', '\u{2027}', '\u{202f}', '\u{fffd}', '\u{feff}', '\u{10000}'] {
            assert!(!is_unsafe(character), "{character:?}");
        }
    }

    #[test]
    fn source_keeps_its_lines_and_maps_offsets() {
        let text = "a: \"\u{1b}\"\r\nb:\tc\rd\n";
        let escaped = display_source(text);
        assert_eq!(escaped.text, "a: \"\\u{1b}\"\r\nb:\tc\\rd\n");
        // `"` before ESC stays put, ESC maps to the start of its escape,
        // everything after moves by the length of the escapes before it.
        assert_eq!(escaped.offset(3), 3);
        assert_eq!(escaped.offset(4), 4);
        assert_eq!(escaped.offset(5), 10);
        let d = text.find('d').expect("d");
        assert_eq!(&escaped.text[escaped.offset(d)..escaped.offset(d) + 1], "d");
    }
}
