use super::*;

fn parse(text: &str) -> ParsedFile {
    parse_yaml(text, Limits::default())
}

fn slice(text: &str, span: Span) -> &str {
    &text[span.start..span.end]
}

#[test]
fn spans_cover_keys_and_values() {
    let text = "a: 1\nb:\n  c: \"x\"\n  d: [1, 2]\n";
    let file = parse(text);
    assert!(file.problems.is_empty(), "{:?}", file.problems);
    let root = file.documents[0].root.as_ref().unwrap();
    let b = root.entry("b").unwrap();
    assert_eq!(slice(text, b.key.span()), "b");
    assert_eq!(slice(text, root.get("a").unwrap().span()), "1");
    let c = b.value.get("c").unwrap();
    assert_eq!(slice(text, c.span()), "\"x\"");
    assert_eq!(slice(text, b.value.get("d").unwrap().span()), "[1, 2]");
    assert_eq!(slice(text, b.value.span()), "c: \"x\"\n  d: [1, 2]");
}

#[test]
fn multi_document_with_bom_crlf_and_comments() {
    let text = "\u{feff}# head\r\na: é\r\n---\r\nb: on # yes\r\n";
    let file = parse(text);
    assert!(file.problems.is_empty(), "{:?}", file.problems);
    assert_eq!(file.documents.len(), 2);
    let first = file.documents[0].root.as_ref().unwrap();
    assert_eq!(slice(text, first.get("a").unwrap().span()), "é");
    let second = file.documents[1].root.as_ref().unwrap();
    let b = second.get("b").unwrap();
    assert_eq!(slice(text, b.span()), "on");
    assert_eq!(b.as_scalar().unwrap().resolved(), Resolved::Bool(true));
}

#[test]
fn quoted_scalars_stay_strings() {
    let file = parse("a: 'on'\nb: \"3\"\nc: 3\n");
    let root = file.documents[0].root.as_ref().unwrap();
    assert_eq!(root.get("a").unwrap().as_str(), Some("on"));
    assert_eq!(root.get("b").unwrap().as_str(), Some("3"));
    assert_eq!(root.get("c").unwrap().as_scalar().unwrap().resolved(), Resolved::Int(3));
}

#[test]
fn duplicate_keys_are_reported_and_the_last_wins() {
    let text = "a: 1\nb: 2\na: 3\n";
    let file = parse(text);
    let document = &file.documents[0];
    assert_eq!(document.problems.len(), 1);
    let problem = &document.problems[0];
    assert_eq!(problem.span, Span::new(10, 11));
    assert_eq!(problem.kind, ProblemKind::DuplicateKey { first: Span::new(0, 1) });
    let root = document.root.as_ref().unwrap();
    assert_eq!(root.get("a").unwrap().as_scalar().unwrap().resolved(), Resolved::Int(3));
    assert_eq!(root.entries().unwrap().len(), 2);
}

#[test]
fn syntax_error_skips_to_the_next_document() {
    let text = "a: 1\n---\nb: [1\nc: 2\n---\nd: 4\n";
    let file = parse(text);
    assert_eq!(file.problems.len(), 1);
    assert_eq!(file.problems[0].kind, ProblemKind::Syntax);
    let roots: Vec<_> = file.documents.iter().filter_map(|d| d.root.as_ref()).collect();
    assert_eq!(roots.len(), 2);
    assert!(roots[0].get("a").is_some());
    assert!(roots[1].get("d").is_some());
}

#[test]
fn a_document_left_open_at_the_next_marker_does_not_take_that_document_with_it() {
    // The scanner reports the unclosed `[` where the `---` line starts.
    let text = "a: [open\n---\nb: 2\n";
    let file = parse(text);
    assert_eq!(file.problems.len(), 1);
    assert_eq!(file.problems[0].span.start, text.find("---").unwrap());
    let roots: Vec<_> = file.documents.iter().filter_map(|d| d.root.as_ref()).collect();
    assert_eq!(roots.len(), 1);
    assert!(roots[0].get("b").is_some());
}

#[test]
fn alias_bomb_is_bounded() {
    let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for level in 1..12 {
        let previous = level - 1;
        let items = vec![format!("*a{previous}"); 10].join(", ");
        text.push_str(&format!("a{level}: &a{level} [{items}]\n"));
    }
    let file = parse(&text);
    assert!(file.problems.iter().any(|p| p.kind == ProblemKind::AliasLimit), "{:?}", file.problems);
}

#[test]
fn deep_nesting_is_bounded() {
    let text = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let file = parse(&text);
    assert!(!file.problems.is_empty());
    let text = "a:\n".to_string() + &(1..2000).map(|i| format!("{}a:\n", "  ".repeat(i))).collect::<String>();
    let file = parse(&text);
    assert!(file.problems.iter().any(|p| p.kind == ProblemKind::DepthLimit), "{:?}", file.problems);
}

#[test]
fn merge_keys_apply() {
    let file = parse("base: &b {p: 1, q: 2}\nm:\n  <<: *b\n  q: 3\n");
    let root = file.documents[0].root.as_ref().unwrap();
    let m = root.get("m").unwrap();
    assert_eq!(m.get("p").unwrap().as_scalar().unwrap().resolved(), Resolved::Int(1));
    assert_eq!(m.get("q").unwrap().as_scalar().unwrap().resolved(), Resolved::Int(3));
}

#[test]
fn yaml_1_1_keys_are_stringified_like_sigs_k8s_io_yaml() {
    // `y` and `on` are booleans in YAML 1.1, so as keys they become "true".
    let file = parse("y: 1\non: 2\n");
    let root = file.documents[0].root.as_ref().unwrap();
    assert_eq!(root.to_json(), serde_json::json!({"true": 2}));
}

#[test]
fn nul_bytes_are_rejected_with_a_location() {
    let file = parse("a: 1\n\0\0");
    assert_eq!(file.problems[0].kind, ProblemKind::NotText);
    assert_eq!(file.problems[0].span.start, 5);
}

#[test]
fn quoted_scalars_may_continue_at_the_parent_indentation_like_libyaml() {
    // Kubernetes' go-yaml accepts these; see vendor/saphyr-parser/ORDINAL-PATCH.md.
    for text in ["a:\n  b: '[\n    x\n  ]'\n", "b: '[\n  x\n]'\n", "a:\n  b: \"[\n  ]\"\n"] {
        let file = parse(text);
        assert!(file.problems.is_empty(), "{text:?}: {:?}", file.problems);
    }
}

#[test]
fn scalar_spans_stop_before_trailing_blanks_and_comments() {
    let text = "a: \"x\"   # say \"hi\"\nb: 'it''s'  # c\nc: plain   # c\nd: [\"q\" , 'r' ]\ne: \"\\\"\" # c\n";
    let file = parse(text);
    assert!(file.problems.is_empty(), "{:?}", file.problems);
    let root = file.documents[0].root.as_ref().unwrap();
    assert_eq!(slice(text, root.get("a").unwrap().span()), "\"x\"");
    assert_eq!(slice(text, root.get("b").unwrap().span()), "'it''s'");
    assert_eq!(slice(text, root.get("c").unwrap().span()), "plain");
    let items = root.get("d").unwrap().items().unwrap();
    assert_eq!(slice(text, items[0].span()), "\"q\"");
    assert_eq!(slice(text, items[1].span()), "'r'");
    assert_eq!(slice(text, root.get("e").unwrap().span()), "\"\\\"\"");
}

#[test]
fn control_characters_are_located_and_the_file_is_still_read() {
    let text = "a: \"x\u{1b}[31m\"\nb: \u{85}ok\u{7f}\n";
    let file = parse(text);
    let problems: Vec<_> = file.problems.iter().filter(|p| p.kind == ProblemKind::ControlCharacter).collect();
    assert_eq!(problems.len(), 1, "{:?}", file.problems);
    assert_eq!(slice(text, problems[0].span), "\u{1b}");
    assert!(problems[0].message.contains("U+001B") && problems[0].message.contains("kubectl rejects"));
    assert!(file.documents[0].root.as_ref().unwrap().get("a").is_some());
    // NEL, tab, CR and a byte-order mark are allowed.
    assert!(parse("\u{feff}a:\t\"\u{85}\"\r\n").problems.is_empty());
    for bad in ['\u{7}', '\u{7f}', '\u{9b}', '\u{fffe}', '\u{ffff}'] {
        let file = parse(&format!("a: x{bad}\n"));
        assert_eq!(file.problems.len(), 1, "{bad:?}: {:?}", file.problems);
        assert_eq!(file.problems[0].span, Span::new(4, 4 + bad.len_utf8()));
    }
}

#[test]
fn nul_after_another_control_character_still_marks_a_binary_file() {
    let file = parse("a: \u{1}\n\0");
    assert_eq!(file.problems.len(), 1);
    assert_eq!(file.problems[0].kind, ProblemKind::NotText);
}

#[test]
fn sequence_and_mapping_keys_are_reported_where_they_are_written() {
    let text = "? [a, b]\n: c\nm:\n  {x: 1}: y\nok: 1\n";
    let file = parse(text);
    let problems = &file.documents[0].problems;
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(problems.iter().all(|p| p.kind == ProblemKind::NonScalarKey && p.message.contains("invalid map key")));
    assert_eq!(slice(text, problems[0].span), "[a, b]");
    assert_eq!(slice(text, problems[1].span), "{x: 1}");
    assert!(problems[0].message.starts_with("a sequence") && problems[1].message.starts_with("a mapping"));
}

#[test]
fn text_past_the_span_limit_is_refused_whole() {
    assert_eq!(super::too_large_at(10, 10), None);
    let problem = super::too_large_at(11, 10).expect("refused");
    assert_eq!(problem.kind, ProblemKind::SizeLimit);
    assert_eq!(problem.span, Span::empty(0));
    assert_eq!(problem.message, "the file is 11 bytes, more than the 10 Ordinal reads");
    // The real limit is the one a node's span can hold.
    assert_eq!(super::node::MAX_TEXT_BYTES, u32::MAX as usize);
}
