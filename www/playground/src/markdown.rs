//! Just enough Markdown to show rule docs as text: headings, paragraphs,
//! lists, fenced code and inline code. The output is plain data that the
//! page renders as text nodes, so docs can never inject HTML.

/// A block of a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// `#`..`######` heading (level, text).
    Heading(usize, Vec<Inline>),
    /// A paragraph.
    Paragraph(Vec<Inline>),
    /// A bulleted list of items.
    List(Vec<Vec<Inline>>),
    /// A fenced code block (language, text).
    Code(String, String),
}

/// A run of text in a block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inline {
    /// Plain text.
    Text(String),
    /// `` `code` ``.
    Code(String),
}

/// Split `text` into text and inline-code runs.
pub fn inlines(text: &str) -> Vec<Inline> {
    let mut out = Vec::new();
    for (i, part) in text.split('`').enumerate() {
        if part.is_empty() {
            continue;
        }
        if i % 2 == 1 {
            out.push(Inline::Code(part.to_string()));
        } else {
            out.push(Inline::Text(part.to_string()));
        }
    }
    out
}

/// Parse `markdown` into blocks.
pub fn parse(markdown: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut paragraph: Vec<&str> = Vec::new();
    let mut list: Vec<String> = Vec::new();
    let mut code: Option<(String, Vec<&str>)> = None;
    let flush = |blocks: &mut Vec<Block>, paragraph: &mut Vec<&str>, list: &mut Vec<String>| {
        if !paragraph.is_empty() {
            blocks.push(Block::Paragraph(inlines(&paragraph.join(" "))));
            paragraph.clear();
        }
        if !list.is_empty() {
            blocks.push(Block::List(list.iter().map(|item| inlines(item)).collect()));
            list.clear();
        }
    };
    for line in markdown.lines() {
        if let Some((language, lines)) = code.as_mut() {
            if line.trim_start().starts_with("```") {
                blocks.push(Block::Code(std::mem::take(language), lines.join("\n")));
                code = None;
            } else {
                lines.push(line);
            }
            continue;
        }
        let trimmed = line.trim();
        if let Some(language) = trimmed.strip_prefix("```") {
            flush(&mut blocks, &mut paragraph, &mut list);
            code = Some((language.trim().to_string(), Vec::new()));
        } else if trimmed.is_empty() {
            flush(&mut blocks, &mut paragraph, &mut list);
        } else if trimmed.starts_with('#') {
            flush(&mut blocks, &mut paragraph, &mut list);
            let level = trimmed.chars().take_while(|&c| c == '#').count();
            blocks.push(Block::Heading(level.min(6), inlines(trimmed[level..].trim())));
        } else if let Some(item) = trimmed.strip_prefix("- ").or_else(|| trimmed.strip_prefix("* ")) {
            if !paragraph.is_empty() {
                flush(&mut blocks, &mut paragraph, &mut list);
            }
            list.push(item.to_string());
        } else if !list.is_empty() && line.starts_with("  ") {
            if let Some(last) = list.last_mut() {
                last.push(' ');
                last.push_str(trimmed);
            }
        } else {
            if !list.is_empty() {
                flush(&mut blocks, &mut paragraph, &mut list);
            }
            paragraph.push(trimmed);
        }
    }
    if let Some((language, lines)) = code {
        blocks.push(Block::Code(language, lines.join("\n")));
    }
    flush(&mut blocks, &mut paragraph, &mut list);
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_shapes_rule_docs_use() {
        let doc =
            "Flags `x`.\n\n## Why it matters\nIt\nbreaks.\n\n- one `a`\n- two\n  more\n\n```yaml\nkey: <b>\n```\n";
        assert_eq!(
            parse(doc),
            vec![
                Block::Paragraph(vec![
                    Inline::Text("Flags ".into()),
                    Inline::Code("x".into()),
                    Inline::Text(".".into())
                ]),
                Block::Heading(2, vec![Inline::Text("Why it matters".into())]),
                Block::Paragraph(vec![Inline::Text("It breaks.".into())]),
                Block::List(vec![
                    vec![Inline::Text("one ".into()), Inline::Code("a".into())],
                    vec![Inline::Text("two more".into())]
                ]),
                Block::Code("yaml".into(), "key: <b>".into()),
            ]
        );
    }

    #[test]
    fn unterminated_fences_keep_their_text() {
        assert_eq!(parse("```\na"), vec![Block::Code(String::new(), "a".into())]);
    }
}
