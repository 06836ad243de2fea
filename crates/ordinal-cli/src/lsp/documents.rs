//! An editor's changes to an open document. The server asks for full sync
//! (each change is the whole new text), which is what every client sends
//! then; a ranged change is applied all the same, in order, should a client
//! send one.

use lsp_types::TextDocumentContentChangeEvent;
use ordinal_core::SourceFile;

use super::position::{self, Encoding};

/// `text` after `changes`, in order.
pub fn apply(text: String, changes: Vec<TextDocumentContentChangeEvent>, encoding: Encoding) -> String {
    let mut text = text;
    for change in changes {
        match change.range {
            None => text = change.text,
            Some(range) => {
                let file = SourceFile::new("", text);
                let start = position::offset(&file, range.start, encoding);
                let end = position::offset(&file, range.end, encoding).max(start);
                let mut edited = file.text;
                edited.replace_range(start..end, &change.text);
                text = edited;
            }
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use lsp_types::{Position, Range};

    use super::*;

    #[test]
    fn whole_and_ranged_changes_apply_in_order() {
        let whole = TextDocumentContentChangeEvent { range: None, range_length: None, text: "a: é\nb: 2\n".into() };
        // Replace `2` on line 1, then insert after `é` (UTF-16 column 4).
        let ranged = TextDocumentContentChangeEvent {
            range: Some(Range { start: Position::new(1, 3), end: Position::new(1, 4) }),
            range_length: None,
            text: "3".into(),
        };
        let insert = TextDocumentContentChangeEvent {
            range: Some(Range { start: Position::new(0, 4), end: Position::new(0, 4) }),
            range_length: None,
            text: "!".into(),
        };
        assert_eq!(apply("old".into(), vec![whole, ranged, insert], Encoding::Utf16), "a: é!\nb: 3\n");
    }
}
