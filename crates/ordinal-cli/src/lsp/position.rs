//! Byte offsets (the core's spans) to and from LSP positions: a 0-based
//! line and a column counted in UTF-16 code units (the protocol's default)
//! or in bytes, when the client offered UTF-8 (`general.positionEncodings`,
//! LSP 3.17).
//!
//! Lines break where the core's `LineIndex` breaks them (`\n`, `\r\n` and a
//! lone `\r`), which is also where the protocol says they break.

use lsp_types::{Position, PositionEncodingKind, Range};
use ordinal_core::{SourceFile, Span};

/// How columns are counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-16 code units: the protocol's default, what every client understands.
    Utf16,
    /// Bytes: what the core's spans already are.
    Utf8,
}

impl Encoding {
    /// UTF-8 when the client lists it among the encodings it accepts, else
    /// the default the protocol mandates.
    pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> Encoding {
        let utf8 = offered.is_some_and(|kinds| kinds.contains(&PositionEncodingKind::UTF8));
        if utf8 {
            Encoding::Utf8
        } else {
            Encoding::Utf16
        }
    }

    /// The name sent back in the server's capabilities.
    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf16 => PositionEncodingKind::UTF16,
            Encoding::Utf8 => PositionEncodingKind::UTF8,
        }
    }
}

/// The position of byte `offset` in `file`. An offset inside a character
/// or past the end is clamped (spans come from a parser that counts
/// characters, and nothing here may panic).
pub fn position(file: &SourceFile, offset: usize, encoding: Encoding) -> Position {
    let text = file.text.as_str();
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let line = file.line_column(offset).line;
    let start = file.lines().line_start(line).min(offset);
    let prefix = &text[start..offset];
    let character = match encoding {
        Encoding::Utf8 => prefix.len(),
        Encoding::Utf16 => prefix.encode_utf16().count(),
    };
    Position { line: to_u32(line - 1), character: to_u32(character) }
}

/// The range of `span` in `file`.
pub fn range(file: &SourceFile, span: Span, encoding: Encoding) -> Range {
    Range { start: position(file, span.start, encoding), end: position(file, span.end, encoding) }
}

/// The byte offset of `position` in `file`: a line past the end is the end
/// of the text, a column past the end of its line the end of that line (as
/// the protocol asks), and a column inside a character the character's start.
pub fn offset(file: &SourceFile, position: Position, encoding: Encoding) -> usize {
    let text = file.text.as_str();
    let line = position.line as usize + 1;
    if line > file.lines().line_count() {
        return text.len();
    }
    let start = file.lines().line_start(line).min(text.len());
    let line_text = file.lines().line_text(text, line);
    let wanted = position.character as usize;
    let mut counted = 0;
    for (index, character) in line_text.char_indices() {
        let width = match encoding {
            Encoding::Utf8 => character.len_utf8(),
            Encoding::Utf16 => character.len_utf16(),
        };
        if counted + width > wanted {
            return start + index;
        }
        counted += width;
    }
    start + line_text.len()
}

fn to_u32(value: usize) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_utf16_units_or_bytes() {
        // `é` is 2 bytes and 1 UTF-16 unit; `𝄞` is 4 bytes and 2 units.
        let file = SourceFile::new("x.yaml", "a: 1\r\nname: é𝄞x\n");
        let x = file.text.find('x').expect("x");
        assert_eq!(position(&file, x, Encoding::Utf16), Position { line: 1, character: 9 });
        assert_eq!(position(&file, x, Encoding::Utf8), Position { line: 1, character: 12 });
        for encoding in [Encoding::Utf16, Encoding::Utf8] {
            assert_eq!(offset(&file, position(&file, x, encoding), encoding), x);
        }
        // Inside `𝄞` (UTF-16: between its two units), the character's start.
        let clef = file.text.find('𝄞').expect("clef");
        assert_eq!(offset(&file, Position { line: 1, character: 8 }, Encoding::Utf16), clef);
        // Past the end of a line: its end, before the line break.
        assert_eq!(offset(&file, Position { line: 0, character: 99 }, Encoding::Utf16), 4);
        assert_eq!(offset(&file, Position { line: 9, character: 0 }, Encoding::Utf16), file.text.len());
        // An offset inside a character is clamped to its start.
        assert_eq!(position(&file, clef + 1, Encoding::Utf8), position(&file, clef, Encoding::Utf8));
    }

    #[test]
    fn utf8_is_used_only_when_offered() {
        assert_eq!(Encoding::negotiate(None), Encoding::Utf16);
        assert_eq!(Encoding::negotiate(Some(&[PositionEncodingKind::UTF16])), Encoding::Utf16);
        let both = [PositionEncodingKind::UTF16, PositionEncodingKind::UTF8];
        assert_eq!(Encoding::negotiate(Some(&both)), Encoding::Utf8);
    }
}
