//! Cases from apimachinery's `pkg/util/validation/validation_test.go`.

use super::*;

fn repeat(c: char, n: usize) -> String {
    std::iter::repeat_n(c, n).collect()
}

fn assert_all(check: fn(&str) -> Vec<String>, good: &[&str], bad: &[&str]) {
    for value in good {
        assert!(check(value).is_empty(), "{value:?} should be valid: {:?}", check(value));
    }
    for value in bad {
        assert!(!check(value).is_empty(), "{value:?} should be invalid");
    }
}

const SHARED_BAD: &[&str] = &[
    "", "A", "ABC", "aBc", "A1", "A-1", "1-A", "-", "a-", "-a", "1-", "-1", "_", "a_", "_a", "a_b", "1_", "_1", "1_2",
    " ", "a ", " a", "a b", "1 ", " 1", "1 2",
];

#[test]
fn dns1123_label_cases() {
    let good = ["a", "ab", "abc", "a1", "a-1", "a--1--2--b", "0", "01", "012", "1a", "1-a", "1--a--b--2"];
    let mut bad: Vec<&str> = SHARED_BAD.to_vec();
    bad.extend([".", "a.", ".a", "a.b", "1.", ".1", "1.2"]);
    assert_all(dns1123_label, &good, &bad);
    assert!(dns1123_label(&repeat('a', 63)).is_empty());
    assert_eq!(dns1123_label(&repeat('a', 64)), vec!["must be no more than 63 characters".to_string()]);
}

#[test]
fn dns1123_subdomain_cases() {
    let good = [
        "a",
        "ab",
        "abc",
        "a1",
        "a-1",
        "a--1--2--b",
        "0",
        "01",
        "012",
        "1a",
        "1-a",
        "1--a--b--2",
        "a.a",
        "ab.a",
        "abc.a",
        "a1.a",
        "a-1.a",
        "a--1--2--b.a",
        "a.1",
        "ab.1",
        "0.a",
        "01.a",
        "012.a",
        "1a.a",
        "1-a.a",
        "1--a--b--2",
        "0.1",
        "01.1",
        "012.1",
        "1a.1",
        "1-a.1",
        "1--a--b--2.1",
        "a.b.c.d.e",
        "aa.bb.cc.dd.ee",
        "1.2.3.4.5",
        "11.22.33.44.55",
    ];
    let mut bad: Vec<&str> = SHARED_BAD.to_vec();
    bad.extend([
        ".",
        "a.",
        ".a",
        "a..b",
        "1.",
        ".1",
        "1..2",
        "A.a",
        "aB.a",
        "ab.A",
        "A1.a",
        "a1.A",
        "A.1",
        "aB.1",
        "A1.1",
        "1A.1",
        "0.A",
        "01.A",
        "012.A",
        "1A.a",
        "1a.A",
        "A.B.C.D.E",
        "AA.BB.CC.DD.EE",
        "a.B.c.d.e",
        "aa.bB.cc.dd.ee",
        "a@b",
        "a,b",
        "a;b",
        "a:b",
        "a%b",
        "a?b",
        "a$b",
    ]);
    assert_all(dns1123_subdomain, &good, &bad);
    assert!(dns1123_subdomain(&repeat('a', 253)).is_empty());
    assert!(!dns1123_subdomain(&repeat('a', 254)).is_empty());
}

#[test]
fn dns1035_label_cases() {
    let good = ["a", "ab", "abc", "a1", "a-1", "a--1--2--b"];
    let mut bad: Vec<&str> = SHARED_BAD.to_vec();
    bad.extend(["0", "01", "012", "1a", "1-a", "1--a--b--2", ".", "a.", ".a", "a.b"]);
    assert_all(dns1035_label, &good, &bad);
    assert!(dns1035_label(&repeat('a', 63)).is_empty());
    assert!(!dns1035_label(&repeat('a', 64)).is_empty());
}

#[test]
fn qualified_name_cases() {
    let good = [
        "simple",
        "now-with-dashes",
        "1-starts-with-num",
        "1234",
        "simple/simple",
        "now-with-dashes/simple",
        "now-with-dashes/now-with-dashes",
        "now.with.dots/simple",
        "now-with.dashes-and.dots/simple",
        "1-num.2-num/3-num",
        "1234/5678",
        "1.2.3.4/5678",
        "Uppercase_Is_OK_123",
        "example.com/Uppercase_Is_OK_123",
        "requests.storage-foo",
    ];
    let bad = [
        "nospecialchars%^=@",
        "cantendwithadash-",
        "-cantstartwithadash-",
        "only/one/slash",
        "Example.com/abc",
        "example_com/abc",
        "example.com/",
        "/simple",
        "",
    ];
    assert_all(qualified_name, &good, &bad);
    assert!(qualified_name(&repeat('a', 63)).is_empty());
    assert!(qualified_name(&format!("{}/{}", repeat('a', 253), repeat('b', 63))).is_empty());
    assert!(!qualified_name(&repeat('a', 64)).is_empty());
    assert!(!qualified_name(&format!("{}/abc", repeat('a', 254))).is_empty());
}

#[test]
fn label_value_cases() {
    let good = ["simple", "now-with-dashes", "1-starts-with-num", "end-with-num-1", "1234", ""];
    let bad = [
        "nospecialchars%^=@",
        "Tama-nui-te-rā.is_Māori.sun",
        "\\backslashes\\are\\bad",
        "-starts-with-dash",
        "ends-with-dash-",
        ".starts.with.dot",
        "ends.with.dot.",
    ];
    assert_all(label_value, &good, &bad);
    assert!(label_value(&repeat('a', 63)).is_empty());
    assert!(!label_value(&repeat('a', 64)).is_empty());
}

#[test]
fn port_name_cases() {
    let good = ["telnet", "re-mail-ck", "pop3", "a", "a-1", "1-a", "a-1-b-2-c", "1-a-2-b-3"];
    let bad = ["", "-", "a-", "-a", "1-", "-1", "1", "1-2", "a--b", "A", "Http", "a_b", "telnet ", "a.b"];
    assert_all(port_name, &good, &bad);
    assert!(port_name(&repeat('a', 15)).is_empty());
    assert!(!port_name(&repeat('a', 16)).is_empty());
}

#[test]
fn port_numbers_and_percent() {
    assert!(port_number(1).is_empty() && port_number(65535).is_empty());
    assert!(!port_number(0).is_empty() && !port_number(65536).is_empty() && !port_number(-1).is_empty());
    use crate::semantics::int_or_percent::valid_percent;
    assert!(valid_percent("0%").is_some() && valid_percent("100%").is_some() && valid_percent("25%").is_some());
    assert!([valid_percent("%"), valid_percent("1.5%"), valid_percent("-1%"), valid_percent("25")]
        .iter()
        .all(Option::is_none));
}

#[test]
fn enum_suggestions() {
    assert_eq!(POD_MANAGEMENT_POLICY.suggestion("parallel"), Some("Parallel"));
    assert_eq!(POD_MANAGEMENT_POLICY.suggestion("Paralel"), Some("Parallel"));
    assert_eq!(POD_MANAGEMENT_POLICY.suggestion("Ordered"), None);
    assert_eq!(SERVICE_TYPE.suggestion("clusterip"), Some("ClusterIP"));
    assert_eq!(SERVICE_TYPE.suggestion("Headless"), None);
    assert_eq!(PROTOCOL.suggestion("tcp"), Some("TCP"));
    assert_eq!(PROTOCOL.suggestion("HTTP"), None);
    assert_eq!(IP_FAMILY.suggestion("IPv5"), None);
    assert_eq!(IP_FAMILY.suggestion("ipv6"), Some("IPv6"));
    assert_eq!(ACCESS_MODE.suggestion("ReadWriteOnly"), Some("ReadWriteOnce"));
    assert_eq!(POD_MANAGEMENT_POLICY.describe(), "`OrderedReady` or `Parallel`");
    assert_eq!(PROTOCOL.describe(), "`TCP`, `UDP` or `SCTP`");
}

#[test]
fn quantities() {
    let nano = 1_000_000_000_i128;
    assert_eq!(parse_quantity("1"), Some(nano));
    assert_eq!(parse_quantity("500m"), Some(nano / 2));
    assert_eq!(parse_quantity("0.5"), parse_quantity("500m"));
    assert_eq!(parse_quantity(".5"), parse_quantity("500m"));
    assert_eq!(parse_quantity("1Gi"), parse_quantity("1024Mi"));
    assert_eq!(parse_quantity("1k"), parse_quantity("1e3"));
    assert_eq!(parse_quantity("1E3"), parse_quantity("1000"));
    assert_eq!(parse_quantity("2e-3"), parse_quantity("2m"));
    assert_eq!(parse_quantity("-1"), Some(-nano));
    assert_eq!(parse_quantity("1Ki"), Some(1024 * nano));
    assert!(parse_quantity("1G") > parse_quantity("1Gi").map(|gi| gi / 2));
    for bad in ["", "1GB", "1 core", "1K", "Gi", "1.2.3", "1e", "1Gib", "one", "1mi", "--1"] {
        assert_eq!(parse_quantity(bad), None, "{bad:?} should not parse");
    }
}

#[test]
fn http_header_names_are_letters_digits_and_hyphens() {
    assert!(http_header_name("X-Custom-Header").is_empty());
    assert!(http_header_name("x1").is_empty());
    assert!(!http_header_name("").is_empty());
    assert!(!http_header_name("X Header").is_empty());
    assert!(!http_header_name("X_Header").is_empty());
    assert!(!http_header_name("X:Header").is_empty());
}
