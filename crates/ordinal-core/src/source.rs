//! Source text, byte spans and the line index that turns spans into
//! 1-based line:column positions.
//!
//! Spans are byte ranges so that fixes can be applied with plain string
//! slicing; columns are counted in characters (like rustc and most editors'
//! status bars) and are only computed when a diagnostic is rendered.

use serde::Serialize;
use std::sync::OnceLock;

/// A half-open byte range `[start, end)` in one source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize)]
pub struct Span {
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end` (swapped if given in the wrong order).
    pub fn new(start: usize, end: usize) -> Self {
        if end < start {
            Span { start: end, end: start }
        } else {
            Span { start, end }
        }
    }

    /// An empty span at `offset`.
    pub fn empty(offset: usize) -> Self {
        Span { start: offset, end: offset }
    }

    /// The smallest span covering both.
    pub fn cover(self, other: Span) -> Span {
        Span { start: self.start.min(other.start), end: self.end.max(other.end) }
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// True when the span covers no bytes.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
}

/// A 1-based line and column (the column counts characters, not bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct LineColumn {
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

/// Maps byte offsets to line:column and back.
#[derive(Debug, Clone)]
pub struct LineIndex {
    /// Byte offset at which each line starts; always begins with 0.
    /// Four bytes a line rather than eight: a line index is kept for every
    /// open file, and no file the CLI reads comes near 4 GiB.
    line_starts: LineStarts,
    /// Length of the text, so that offsets past the end are clamped.
    len: usize,
}

impl LineIndex {
    /// Index `text`. `\n`, `\r\n` and a lone `\r` all end a line, as in YAML.
    pub fn new(text: &str) -> Self {
        // Every start is at most `text.len()`, so one check on the length
        // decides whether all of them fit in a `u32`.
        let line_starts = match u32::try_from(text.len()) {
            Ok(_) => LineStarts::Narrow(line_starts_of(text, |i| i as u32)),
            Err(_) => LineStarts::Wide(line_starts_of(text, |i| i)),
        };
        LineIndex { line_starts, len: text.len() }
    }

    /// Number of lines (a trailing newline starts one more, empty, line).
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// Byte offset where 1-based `line` starts, clamped to the text.
    pub fn line_start(&self, line: usize) -> usize {
        let index = line.saturating_sub(1).min(self.line_starts.len() - 1);
        self.line_starts.get(index)
    }

    /// The text of 1-based `line`, without its line break.
    pub fn line_text<'t>(&self, text: &'t str, line: usize) -> &'t str {
        let start = self.line_start(line).min(text.len());
        let end = if line < self.line_starts.len() { self.line_starts.get(line) } else { text.len() };
        let slice = text.get(start..end.min(text.len())).unwrap_or("");
        slice.trim_end_matches(['\n', '\r'])
    }

    /// Line and column of a byte offset. Offsets inside a multi-byte
    /// character or past the end are clamped rather than rejected, since
    /// spans from a parser that counts characters are converted through
    /// here and must never panic.
    pub fn line_column(&self, text: &str, offset: usize) -> LineColumn {
        let offset = offset.min(self.len);
        let line_index = self.line_starts.line_of(offset);
        let line_start = self.line_starts.get(line_index);
        let mut end = offset;
        while end > line_start && !text.is_char_boundary(end) {
            end -= 1;
        }
        let column = text.get(line_start..end).map_or(0, |s| s.chars().count()) + 1;
        LineColumn { line: line_index + 1, column }
    }

    /// Byte offset of a 1-based line and a 0-based character column.
    pub fn offset(&self, text: &str, line: usize, char_column: usize) -> usize {
        let start = self.line_start(line).min(text.len());
        let rest = &text[start..];
        match rest.char_indices().nth(char_column) {
            Some((i, _)) => start + i,
            None => text.len(),
        }
    }
}

/// Line start offsets, stored as `u32` while they fit (every realistic
/// file) and as `usize` only for text past 4 GiB, so that no offset is ever
/// truncated.
#[derive(Debug, Clone)]
enum LineStarts {
    Narrow(Vec<u32>),
    Wide(Vec<usize>),
}

/// Offsets at which the lines of `text` start, converted by `store`.
fn line_starts_of<T>(text: &str, store: impl Fn(usize) -> T) -> Vec<T> {
    let bytes = text.as_bytes();
    let mut starts = vec![store(0)];
    if !bytes.contains(&b'\r') {
        // Nearly every file: one comparison a byte, where the loop below
        // makes two.
        for (i, &byte) in bytes.iter().enumerate() {
            if byte == b'\n' {
                starts.push(store(i + 1));
            }
        }
    } else {
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => starts.push(store(i + 1)),
                b'\r' => {
                    if bytes.get(i + 1) == Some(&b'\n') {
                        i += 1;
                    }
                    starts.push(store(i + 1));
                }
                _ => {}
            }
            i += 1;
        }
    }
    // Every file's index is kept to the end of a run.
    starts.shrink_to_fit();
    starts
}

impl LineStarts {
    fn len(&self) -> usize {
        match self {
            LineStarts::Narrow(v) => v.len(),
            LineStarts::Wide(v) => v.len(),
        }
    }

    /// Start of line `index` (0-based); callers keep `index` in range, and
    /// an out-of-range index reads as 0 rather than panicking.
    fn get(&self, index: usize) -> usize {
        match self {
            LineStarts::Narrow(v) => v.get(index).map_or(0, |&s| s as usize),
            LineStarts::Wide(v) => v.get(index).copied().unwrap_or(0),
        }
    }

    /// 0-based index of the line containing `offset`; the first start is 0,
    /// so the partition point is at least 1.
    fn line_of(&self, offset: usize) -> usize {
        let after = match self {
            LineStarts::Narrow(v) => v.partition_point(|&s| s as usize <= offset),
            LineStarts::Wide(v) => v.partition_point(|&s| s <= offset),
        };
        after.saturating_sub(1)
    }
}

/// One input file: a display name and its text.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The name shown in diagnostics (a path, or `<stdin>`).
    pub name: String,
    /// The full text, exactly as read (BOM and CRLF included).
    pub text: String,
    /// Line index of `text`, made at the first line or column asked for.
    /// Lint asks only when it renders its findings (or when a file has a
    /// `# ordinal-ignore:` comment), after the analyses are freed, so the
    /// indexes of a big run (a third of the text's size) are not alive at
    /// its peak, while every file is linked.
    lines: OnceLock<LineIndex>,
}

impl SourceFile {
    /// Wrap `text` read from `name`.
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        SourceFile { name: name.into(), text: text.into(), lines: OnceLock::new() }
    }

    /// The line index of the text.
    pub fn lines(&self) -> &LineIndex {
        self.lines.get_or_init(|| LineIndex::new(&self.text))
    }

    /// Line and column of a byte offset.
    pub fn line_column(&self, offset: usize) -> LineColumn {
        self.lines().line_column(&self.text, offset)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_columns_count_characters_and_handle_crlf() {
        let text = "a: é\r\nb: 1\rc: 2\n";
        let index = LineIndex::new(text);
        assert_eq!(index.line_column(text, 0), LineColumn { line: 1, column: 1 });
        assert_eq!(index.line_column(text, 3), LineColumn { line: 1, column: 4 });
        // 'é' is two bytes; the CR after it sits at column 5.
        assert_eq!(index.line_column(text, 5), LineColumn { line: 1, column: 5 });
        assert_eq!(index.line_column(text, 7), LineColumn { line: 2, column: 1 });
        assert_eq!(index.line_column(text, 12), LineColumn { line: 3, column: 1 });
        assert_eq!(index.line_text(text, 1), "a: é");
        assert_eq!(index.offset(text, 2, 3), 10);
    }

    #[test]
    fn line_starts_are_the_same_with_and_without_carriage_returns() {
        for text in ["", "a", "a\n", "\n\n", "a: 1\nb: é\n  c\n", "x\ny"] {
            let with_cr = format!("{text}\r");
            let lf = line_starts_of(text, |i| i);
            let mut expected = vec![0];
            expected.extend(text.char_indices().filter(|&(_, c)| c == '\n').map(|(i, _)| i + 1));
            assert_eq!(lf, expected, "{text:?}");
            // The same text through the carriage-return path: a trailing
            // lone `\r` adds one line start after it.
            let mut expected_cr = expected.clone();
            expected_cr.push(with_cr.len());
            assert_eq!(line_starts_of(&with_cr, |i| i), expected_cr, "{with_cr:?}");
        }
    }

    #[test]
    fn offsets_inside_a_character_or_past_the_end_are_clamped() {
        let text = "é";
        let index = LineIndex::new(text);
        assert_eq!(index.line_column(text, 1).column, 1);
        assert_eq!(index.line_column(text, 99).column, 2);
    }
}
