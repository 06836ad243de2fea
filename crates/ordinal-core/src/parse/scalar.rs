//! Scalar resolution the way Kubernetes reads YAML.
//!
//! `kubectl` and the API server turn YAML into JSON with sigs.k8s.io/yaml,
//! which uses go-yaml v2 and therefore YAML 1.1 resolution for *plain*
//! (unquoted) scalars: `on`/`off`/`yes`/`no`/`y`/`n` are booleans, `0777` is
//! octal, `0x1F` hex, `1_000` an integer, and a leading-zero decimal such as
//! `08` (not valid octal) falls through to a float. Quoted and block scalars
//! are always strings. Source: gopkg.in/yaml.v2 `resolve.go`.

use serde::Serialize;

/// What a scalar means once resolved.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub enum Resolved {
    /// `null`, `~`, or an empty plain scalar.
    Null,
    /// A YAML 1.1 boolean.
    Bool(bool),
    /// An integer (decimal, octal, hex or binary).
    Int(i64),
    /// An unsigned integer too large for `i64`.
    UInt(u64),
    /// A float, including `.inf` and `.nan`.
    Float(f64),
    /// A string.
    Str,
}

/// Which [`Resolved`] a scalar is, without its value: what a tree stores
/// (one byte), since a value is read again from the text only when asked
/// for (`Scalar::resolved`), and most scalars are strings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ResolvedKind {
    /// [`Resolved::Null`].
    Null,
    /// [`Resolved::Bool`].
    Bool,
    /// [`Resolved::Int`].
    Int,
    /// [`Resolved::UInt`].
    UInt,
    /// [`Resolved::Float`].
    Float,
    /// [`Resolved::Str`].
    Str,
}

impl ResolvedKind {
    /// The JSON type name, as used in messages (`string`, `integer`...).
    pub fn type_name(self) -> &'static str {
        match self {
            ResolvedKind::Null => "null",
            ResolvedKind::Bool => "boolean",
            ResolvedKind::Int | ResolvedKind::UInt => "integer",
            ResolvedKind::Float => "number",
            ResolvedKind::Str => "string",
        }
    }
}

impl Resolved {
    /// Which kind of value this is.
    pub fn kind(&self) -> ResolvedKind {
        match self {
            Resolved::Null => ResolvedKind::Null,
            Resolved::Bool(_) => ResolvedKind::Bool,
            Resolved::Int(_) => ResolvedKind::Int,
            Resolved::UInt(_) => ResolvedKind::UInt,
            Resolved::Float(_) => ResolvedKind::Float,
            Resolved::Str => ResolvedKind::Str,
        }
    }

    /// The JSON type name, as used in messages (`string`, `integer`...).
    pub fn type_name(&self) -> &'static str {
        self.kind().type_name()
    }
}

/// Resolve a plain scalar by YAML 1.1 rules.
pub fn resolve_plain(text: &str) -> Resolved {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Resolved::Null,
        "y" | "Y" | "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => {
            return Resolved::Bool(true)
        }
        "n" | "N" | "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => {
            return Resolved::Bool(false)
        }
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => return Resolved::Float(f64::INFINITY),
        "-.inf" | "-.Inf" | "-.INF" => return Resolved::Float(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return Resolved::Float(f64::NAN),
        _ => {}
    }
    // go-yaml only tries numbers when the first character could start one.
    let first = text.as_bytes()[0];
    if !matches!(first, b'+' | b'-' | b'.' | b'0'..=b'9') {
        return Resolved::Str;
    }
    let plain: std::borrow::Cow<'_, str> =
        if text.contains('_') { text.chars().filter(|c| *c != '_').collect::<String>().into() } else { text.into() };
    if let Some(value) = parse_go_int(&plain) {
        return value;
    }
    if is_yaml_style_float(&plain) {
        if let Ok(value) = plain.parse::<f64>() {
            return Resolved::Float(value);
        }
    }
    Resolved::Str
}

/// Go's `strconv.ParseInt(s, 0, 64)` then `ParseUint(s, 0, 64)`: an optional
/// sign, then `0x`/`0o`/`0b` prefixes or a leading `0` for octal.
fn parse_go_int(text: &str) -> Option<Resolved> {
    let (negative, digits) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    if digits.is_empty() {
        return None;
    }
    let (radix, body) = if let Some(rest) = digits.strip_prefix("0x").or_else(|| digits.strip_prefix("0X")) {
        (16, rest)
    } else if let Some(rest) = digits.strip_prefix("0o").or_else(|| digits.strip_prefix("0O")) {
        (8, rest)
    } else if let Some(rest) = digits.strip_prefix("0b").or_else(|| digits.strip_prefix("0B")) {
        (2, rest)
    } else if digits.len() > 1 && digits.starts_with('0') {
        (8, &digits[1..])
    } else {
        (10, digits)
    };
    if body.is_empty() || !body.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    let magnitude = u64::from_str_radix(body, radix).ok()?;
    if negative {
        if magnitude <= i64::MAX as u64 + 1 {
            return Some(Resolved::Int((magnitude as i128).wrapping_neg() as i64));
        }
        return None;
    }
    match i64::try_from(magnitude) {
        Ok(value) => Some(Resolved::Int(value)),
        Err(_) => Some(Resolved::UInt(magnitude)),
    }
}

/// go-yaml's `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`.
fn is_yaml_style_float(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut i = 0;
    if matches!(bytes.first(), Some(b'+' | b'-')) {
        i += 1;
    }
    let digits = |i: &mut usize| {
        let start = *i;
        while *i < bytes.len() && bytes[*i].is_ascii_digit() {
            *i += 1;
        }
        *i - start
    };
    if bytes.get(i) == Some(&b'.') {
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    } else {
        if digits(&mut i) == 0 {
            return false;
        }
        if bytes.get(i) == Some(&b'.') {
            i += 1;
            digits(&mut i);
        }
    }
    if matches!(bytes.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(bytes.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == bytes.len()
}

/// A float as JSON writes it (`1.5`, `1e21`; `.inf`/`.nan` for what JSON
/// cannot hold), for messages and quantity text. It goes through the float
/// formatter serde_json links anyway, because `{}` on an f64 links core's
/// float printing, about 8 KB of the docs embed's gzipped budget.
pub fn float_text(value: f64) -> String {
    match serde_json::Number::from_f64(value) {
        Some(number) => number.to_string(),
        None if value.is_nan() => ".nan".into(),
        None if value > 0.0 => ".inf".into(),
        None => "-.inf".into(),
    }
}

/// A float mapping key as the API server sees it: sigs.k8s.io/yaml turns
/// YAML into JSON before decoding, and JSON keys are strings, so it formats
/// a float key with `strconv.FormatFloat(key, 'g', -1, 32)` (shortest
/// digits of the float32, `%e` form when the exponent is below -4 or at
/// least 6, Go's `e+06` exponent) and spells infinities and NaN `.inf`,
/// `-.inf` and `.nan`. `1.5` stays `1.5`; `1e6` becomes `1e+06`.
/// Source: sigs.k8s.io/yaml `yaml.go` `convertToJSONableObject`; Go
/// `strconv/ftoa.go` `formatDigits`.
pub fn go_yaml_float_key(value: f64) -> String {
    if value.is_nan() {
        return ".nan".into();
    }
    if value.is_infinite() {
        return if value > 0.0 { ".inf" } else { "-.inf" }.into();
    }
    // Narrowing as Go's FormatFloat(…, 32) does: round to the nearest float32.
    let narrow = value as f32;
    if narrow.is_infinite() {
        return if narrow > 0.0 { ".inf" } else { "-.inf" }.into();
    }
    let negative = narrow.is_sign_negative();
    let mut buffer = zmij::Buffer::new();
    let shortest = buffer.format_finite(narrow.abs());
    // zmij writes `d.ddd`, `0.000ddd` or `d.dddeN`: take the significant
    // digits and where the decimal point falls after the first of them.
    let (mantissa, exponent) = match shortest.split_once('e') {
        Some((mantissa, exponent)) => (mantissa, exponent.parse::<i32>().unwrap_or(0)),
        None => (shortest, 0),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let all: String = whole.chars().chain(fraction.chars()).collect();
    let leading_zeros = all.len() - all.trim_start_matches('0').len();
    let digits = all.trim_start_matches('0').trim_end_matches('0');
    let mut out = String::new();
    if negative {
        out.push('-');
    }
    if digits.is_empty() {
        out.push('0');
        return out;
    }
    // The decimal point sits `point` digits into `digits` (Go's `digs.dp`).
    let point = whole.len() as i32 - leading_zeros as i32 + exponent;
    let count = digits.len() as i32;
    let exp = point - 1;
    if !(-4..6).contains(&exp) {
        let (first, rest) = digits.split_at(1);
        out.push_str(first);
        if !rest.is_empty() {
            out.push('.');
            out.push_str(rest);
        }
        out.push('e');
        out.push(if exp < 0 { '-' } else { '+' });
        let magnitude = exp.unsigned_abs();
        if magnitude < 10 {
            out.push('0');
        }
        out.push_str(&magnitude.to_string());
        return out;
    }
    if point <= 0 {
        out.push_str("0.");
        out.extend(std::iter::repeat_n('0', point.unsigned_abs() as usize));
        out.push_str(digits);
    } else if point >= count {
        out.push_str(digits);
        out.extend(std::iter::repeat_n('0', (point - count) as usize));
    } else {
        let (integer, decimals) = digits.split_at(point as usize);
        out.push_str(integer);
        out.push('.');
        out.push_str(decimals);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_1_1_booleans() {
        for text in ["on", "On", "yes", "Y", "true"] {
            assert_eq!(resolve_plain(text), Resolved::Bool(true), "{text}");
        }
        for text in ["off", "no", "N", "FALSE"] {
            assert_eq!(resolve_plain(text), Resolved::Bool(false), "{text}");
        }
        assert_eq!(resolve_plain("oN"), Resolved::Str);
    }

    #[test]
    fn go_style_integers() {
        assert_eq!(resolve_plain("0777"), Resolved::Int(0o777));
        assert_eq!(resolve_plain("0x1F"), Resolved::Int(31));
        assert_eq!(resolve_plain("1_000"), Resolved::Int(1000));
        assert_eq!(resolve_plain("-3"), Resolved::Int(-3));
        assert_eq!(resolve_plain("+3"), Resolved::Int(3));
        assert_eq!(resolve_plain("0b101"), Resolved::Int(5));
        assert_eq!(resolve_plain("-9223372036854775808"), Resolved::Int(i64::MIN));
        assert_eq!(resolve_plain("18446744073709551615"), Resolved::UInt(u64::MAX));
    }

    #[test]
    fn invalid_octal_falls_back_to_float() {
        assert_eq!(resolve_plain("08"), Resolved::Float(8.0));
        assert_eq!(resolve_plain("1.5"), Resolved::Float(1.5));
        assert_eq!(resolve_plain("1e3"), Resolved::Float(1000.0));
        assert_eq!(resolve_plain("1.2.3"), Resolved::Str);
        assert_eq!(resolve_plain("500m"), Resolved::Str);
        assert_eq!(resolve_plain("-"), Resolved::Str);
    }

    #[test]
    fn nulls() {
        for text in ["", "~", "null", "NULL"] {
            assert_eq!(resolve_plain(text), Resolved::Null);
        }
    }

    #[test]
    fn float_keys_format_as_sigs_k8s_io_yaml_does() {
        // Expected strings from Go: strconv.FormatFloat(v, 'g', -1, 32).
        for (value, go) in [
            (1.5, "1.5"),
            (0.0, "0"),
            (-0.0, "-0"),
            (1.0, "1"),
            (10.0, "10"),
            (100000.0, "100000"),
            (123456.0, "123456"),
            (1e6, "1e+06"),
            (1234567.0, "1.234567e+06"),
            (123456789.0, "1.2345679e+08"),
            (0.1, "0.1"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (0.000123, "0.000123"),
            (-2.5, "-2.5"),
            (4.56789, "4.56789"),
            (1e21, "1e+21"),
            (1.1, "1.1"),
            (1e-10, "1e-10"),
            (f64::INFINITY, ".inf"),
            (f64::NEG_INFINITY, "-.inf"),
            (f64::NAN, ".nan"),
            (1e300, ".inf"),
        ] {
            assert_eq!(go_yaml_float_key(value), go, "{value:e}");
        }
    }
}
