//! The characters YAML allows in a stream.
//!
//! YAML 1.2 §5.1 (`c-printable`, the same set as YAML 1.1 §5.1): tab, LF,
//! CR, NEL (U+0085), U+0020–U+007E, U+00A0–U+D7FF, U+E000–U+FFFD and
//! U+10000–U+10FFFF. Everything else (the other C0 controls, DEL, the other
//! C1 controls, U+FFFE and U+FFFF; surrogates cannot occur in a `str`) must
//! not appear, not even inside a quoted scalar, where it has to be written
//! as an escape (`"\e"`). go-yaml, behind sigs.k8s.io/yaml and so kubectl
//! and the API server, checks the same set in its reader (`yaml_parser_update_buffer`
//! in reader.go) and fails with "control characters are not allowed".

/// Byte offset and value of the first character YAML does not allow.
///
/// One pass over the bytes: each 32-byte block is tested with branch-free
/// comparisons (which the compiler vectorizes), and only a block holding a
/// control byte or a lead byte of U+0080–U+009F (`0xC2`) or U+FFFE/U+FFFF
/// (`0xEF`) is looked at character by character.
pub(super) fn first_non_printable(text: &str) -> Option<(usize, char)> {
    const BLOCK: usize = 32;
    let bytes = text.as_bytes();
    let mut block_start = 0;
    while block_start < bytes.len() {
        let block_end = (block_start + BLOCK).min(bytes.len());
        let suspicious = bytes[block_start..block_end].iter().fold(false, |any, &byte| any | is_suspicious(byte));
        if suspicious {
            // A character may start in an earlier block (a lead byte just
            // before the boundary), so step back to the character start.
            let mut start = block_start;
            while !text.is_char_boundary(start) {
                start -= 1;
            }
            let end = (block_end + 3).min(bytes.len());
            let mut end = end;
            while !text.is_char_boundary(end) {
                end += 1;
            }
            let found = text[start..end].char_indices().find(|&(_, character)| !is_printable(character));
            if let Some((offset, character)) = found {
                return Some((start + offset, character));
            }
        }
        block_start = block_end;
    }
    None
}

/// Whether YAML allows `character` in a stream (`c-printable`).
pub(super) fn is_printable(character: char) -> bool {
    matches!(character as u32,
        0x09 | 0x0a | 0x0d | 0x20..=0x7e | 0x85 | 0xa0..=0xd7ff | 0xe000..=0xfffd | 0x10000..=0x10ffff)
}

/// Whether `byte` may be (the first byte of) a character YAML does not
/// allow; written with `&` and `|` so that it has no branches.
fn is_suspicious(byte: u8) -> bool {
    let control = (byte < 0x20) & (byte != b'\t') & (byte != b'\n') & (byte != b'\r');
    control | (byte == 0x7f) | (byte == 0xc2) | (byte == 0xef)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_yaml_printable_set() {
        for code in (0..0x20).chain(0x7f..0xa0) {
            let character = char::from_u32(code).expect("a scalar value");
            let allowed = matches!(code, 0x09 | 0x0a | 0x0d | 0x85);
            assert_eq!(is_printable(character), allowed, "U+{code:04X}");
        }
        for character in ['\u{fffe}', '\u{ffff}'] {
            assert!(!is_printable(character));
        }
        for character in [' ', '~', '\u{a0}', '\u{d7ff}', '\u{e000}', '\u{feff}', '\u{fffd}', '\u{10000}', '\u{10ffff}']
        {
            assert!(is_printable(character), "{character:?}");
        }
    }

    #[test]
    fn finds_the_first_rejected_character_in_any_block_position() {
        assert_eq!(first_non_printable("a: 1\r\n\tb: \"é°©\u{85}\u{feff}\"\n"), None);
        for padding in 0..70 {
            for bad in ['\u{1b}', '\u{7}', '\u{7f}', '\u{9b}', '\u{80}', '\u{fffe}', '\u{ffff}'] {
                let text = format!("{}é{bad}x\u{1b}", "a".repeat(padding));
                assert_eq!(first_non_printable(&text), Some((padding + 2, bad)), "{padding} {bad:?}");
            }
        }
        // `0xC2`/`0xEF` lead bytes of allowed characters on a block boundary.
        let text = format!("{}©\u{ff5e}", "a".repeat(31));
        assert_eq!(first_non_printable(&text), None);
    }
}
