//! The timestamp check for `metav1.Time` fields.
//!
//! `metav1.Time.UnmarshalJSON` (apimachinery `pkg/apis/meta/v1/time.go`)
//! parses a string with Go's `time.Parse(time.RFC3339, s)`: `YYYY-MM-DD`,
//! an upper-case `T`, `hh:mm:ss`, optional fractional seconds, then `Z` or
//! `±hh:mm`, every field in range (Go checks the day against the month and
//! leap years, seconds up to 59, offsets below 24 hours). This is that
//! grammar, written out rather than pulled in: a date-time crate would add
//! tens of kilobytes to the docs embed for a yes/no answer.

/// Whether Go's `time.Parse(time.RFC3339, text)` accepts `text`.
pub(crate) fn is_rfc3339(text: &str) -> bool {
    let bytes = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| -> Option<u32> {
        let part = bytes.get(range)?;
        part.iter().all(u8::is_ascii_digit).then(|| part.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0')))
    };
    let separator = |at: usize, expected: u8| bytes.get(at) == Some(&expected);
    let (Some(year), Some(month), Some(day), Some(hour), Some(minute), Some(second)) =
        (digits(0..4), digits(5..7), digits(8..10), digits(11..13), digits(14..16), digits(17..19))
    else {
        return false;
    };
    let shape =
        separator(4, b'-') && separator(7, b'-') && separator(10, b'T') && separator(13, b':') && separator(16, b':');
    if !shape || !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
        return false;
    }
    if hour > 23 || minute > 59 || second > 59 {
        return false;
    }
    let mut rest = &bytes[19..];
    if let Some(fraction) = rest.strip_prefix(b".") {
        let count = fraction.iter().take_while(|b| b.is_ascii_digit()).count();
        if count == 0 {
            return false;
        }
        rest = &fraction[count..];
    }
    match rest {
        b"Z" => true,
        [sign, h1, h2, b':', m1, m2] if (*sign == b'+' || *sign == b'-') => {
            let offset = [*h1, *h2, *m1, *m2];
            offset.iter().all(u8::is_ascii_digit)
                && (h1 - b'0') * 10 + (h2 - b'0') < 24
                && (m1 - b'0') * 10 + (m2 - b'0') < 60
        }
        _ => false,
    }
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::is_rfc3339;

    #[test]
    fn accepts_what_go_accepts() {
        for text in [
            "2024-01-01T00:00:00Z",
            "2024-02-29T23:59:59Z",
            "2000-02-29T12:00:00+05:30",
            "2024-06-30T08:15:00.123456789-07:00",
            "0001-01-01T00:00:00Z",
        ] {
            assert!(is_rfc3339(text), "{text}");
        }
    }

    #[test]
    fn rejects_what_go_rejects() {
        for text in [
            "",
            "yesterday",
            "2024-01-01",
            "2024-01-01 00:00:00Z",
            "2024-01-01t00:00:00Z",
            "2024-01-01T00:00:00z",
            "2024-01-01T00:00:00",
            "2023-02-29T00:00:00Z",
            "1900-02-29T00:00:00Z",
            "2024-04-31T00:00:00Z",
            "2024-13-01T00:00:00Z",
            "2024-01-01T24:00:00Z",
            "2024-01-01T00:60:00Z",
            "2024-01-01T00:00:60Z",
            "2024-01-01T00:00:00.Z",
            "2024-01-01T00:00:00+24:00",
            "2024-01-01T00:00:00+0530",
            "2024-01-01T00:00:00Z trailing",
            "２０２４-01-01T00:00:00Z",
        ] {
            assert!(!is_rfc3339(text), "{text}");
        }
    }
}
