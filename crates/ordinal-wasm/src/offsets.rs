//! Byte offsets (the core's spans) to UTF-16 offsets (JavaScript string
//! indices, which CodeMirror and the DOM use).

use serde_json::Value;

/// Converts byte offsets of one text to UTF-16 code-unit offsets.
#[derive(Debug, Clone)]
pub struct Utf16Offsets<'t> {
    text: &'t str,
    ascii: bool,
}

impl<'t> Utf16Offsets<'t> {
    /// Index `text`.
    pub fn new(text: &'t str) -> Self {
        Utf16Offsets { text, ascii: text.is_ascii() }
    }

    /// The UTF-16 offset of byte `offset`; offsets past the end or inside a
    /// character are clamped to the character's start.
    pub fn utf16(&self, offset: usize) -> usize {
        let mut end = offset.min(self.text.len());
        if self.ascii {
            return end;
        }
        while end > 0 && !self.text.is_char_boundary(end) {
            end -= 1;
        }
        self.text.get(..end).map_or(0, |prefix| prefix.encode_utf16().count())
    }

    /// Add `start_utf16` and `end_utf16` next to an object's byte `start` and `end`.
    pub fn annotate(&self, object: &mut Value) {
        let byte = |key: &str, object: &Value| object.get(key).and_then(Value::as_u64).map(|n| n as usize);
        let (Some(start), Some(end)) = (byte("start", object), byte("end", object)) else { return };
        if let Some(map) = object.as_object_mut() {
            map.insert("start_utf16".into(), self.utf16(start).into());
            map.insert("end_utf16".into(), self.utf16(end).into());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_utf16_units() {
        let text = "aé😀b";
        let offsets = Utf16Offsets::new(text);
        assert_eq!(offsets.utf16(0), 0);
        assert_eq!(offsets.utf16(1), 1);
        assert_eq!(offsets.utf16(3), 2);
        // The emoji is 4 bytes and 2 UTF-16 units.
        assert_eq!(offsets.utf16(7), 4);
        assert_eq!(offsets.utf16(5), 2, "inside a character clamps to its start");
        assert_eq!(offsets.utf16(99), 5);
        assert_eq!(Utf16Offsets::new("abc").utf16(2), 2);
    }
}
