//! Builds span-aware document trees from saphyr-parser's event stream.
//!
//! The builder is an explicit stack machine (no recursion), so deeply nested
//! input costs heap, not call stack, and both nesting depth and alias
//! expansion are bounded by [`Limits`]. A syntax error ends the current
//! document; loading resumes at the next `---` line so that one broken
//! document does not hide the others in the file.

use std::collections::HashMap;
use std::ops::Range;

use saphyr_parser::{Event, Parser, ScanError};

use super::node::{Entry, Node, NodeValue, Scalar, ScalarStyle, Text};
use super::scalar::{resolve_plain, Resolved};
use super::{Document, ParseProblem, ProblemKind};
use crate::source::Span;

/// Resource bounds for loading one file.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Deepest allowed nesting of sequences and mappings.
    pub max_depth: usize,
    /// Most nodes that alias expansion may copy in one file.
    pub max_alias_nodes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_depth: 256, max_alias_nodes: 100_000 }
    }
}

/// Load every document of `text` from byte `start` on (0, or a `---` line),
/// with spans relative to the start of `text`, drawing alias expansion from
/// `alias_budget` (one per file, shared by its parts), and hand each to
/// `each` as soon as it ends: a caller that types documents as they come
/// never holds a list of them (a million empty documents were 88 MB of
/// list, twice over while it grew).
pub(super) fn load_documents(
    text: &str,
    start: usize,
    limits: Limits,
    alias_budget: &mut usize,
    each: &mut dyn FnMut(Document),
) -> Vec<ParseProblem> {
    let mut problems = Vec::new();
    let mut base = start;
    // Once for the file, not per recovery pass, which would be quadratic
    // in a file of many broken documents.
    let ascii = text[start..].is_ascii();
    // Each pass loads from `base` until the end or the first error.
    loop {
        let slice = &text[base..];
        let outcome = Loader::new(slice, base, ascii, limits, alias_budget, each).run();
        match outcome {
            Ok(()) => break,
            Err(problem) => {
                let error_at = problem.span.start;
                problems.push(problem);
                match next_document_start(text, error_at) {
                    Some(next) if next > base => base = next,
                    _ => break,
                }
            }
        }
    }
    problems
}

/// Byte offset of the first `---` document marker on a line after `offset`,
/// or of the one `offset` points at: a document left open (an unclosed `[`)
/// is reported at the next marker, and that next document must not be lost.
fn next_document_start(text: &str, offset: usize) -> Option<usize> {
    let mut line_start = text[..offset.min(text.len())].rfind('\n').map_or(0, |i| i + 1);
    if line_start == offset && is_marker_line(&text[line_start..]) {
        return Some(line_start);
    }
    loop {
        let next_newline = text[line_start..].find('\n')?;
        line_start += next_newline + 1;
        if is_marker_line(&text[line_start..]) {
            return Some(line_start);
        }
    }
}

/// Where to cut `text` into runs of whole documents of at least `min_bytes`
/// each (but the last): at `---` lines, where a document starts whatever
/// came before (YAML 1.2 §9.1.4: a marker line ends any scalar or
/// collection left open, and the loader resumes there after an error).
/// One run for a file with a directive (`%TAG` applies to the document
/// after it, across the cut).
pub(super) fn document_runs(text: &str, min_bytes: usize) -> Vec<Range<usize>> {
    let mut runs = Vec::new();
    let mut start = 0;
    // Most files are smaller than one run: no pass over their text.
    if text.len() > min_bytes && !(text.starts_with('%') || text.contains("\n%")) {
        let mut line_start = 0;
        while let Some(newline) = text.get(line_start..).and_then(|rest| rest.find('\n')) {
            line_start += newline + 1;
            if line_start - start >= min_bytes && is_marker_line(&text[line_start..]) {
                runs.push(start..line_start);
                start = line_start;
            }
        }
    }
    runs.push(start..text.len());
    runs
}

/// Whether `line` (text from a line start on) begins with a `---` marker.
fn is_marker_line(line: &str) -> bool {
    line.strip_prefix("---").is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t', '\n', '\r']))
}

/// A collection under construction.
/// `weight` counts the nodes below, so that an alias costs what it copies.
/// Its children wait on the loader's shared `items` / `entries` stacks from
/// index `first` on, and move into a vector of exactly their number when it
/// ends: one allocation per collection, instead of a vector grown by
/// doubling and shrunk again (a tenth of the loader's work).
enum Frame {
    Sequence { start: usize, anchor: usize, weight: usize, first: usize },
    Mapping { start: usize, anchor: usize, weight: usize, first: usize, key: Option<Node> },
}

struct Loader<'t, 'b, 'e> {
    text: &'t str,
    base: usize,
    limits: Limits,
    alias_budget: &'b mut usize,
    /// Cached char-index → byte-offset conversion point; saphyr's marks
    /// count characters and mostly move forward, so walking from the last
    /// conversion is linear overall.
    cursor_chars: usize,
    cursor_bytes: usize,
    /// In ASCII text (nearly every manifest) a character index is a byte
    /// offset, and the cursor walk, a tenth of the loader's work, is skipped.
    ascii: bool,
    /// Where each finished document goes (`load_documents`).
    each: &'e mut dyn FnMut(Document),
    current: Option<Document>,
    stack: Vec<Frame>,
    items: Vec<Node>,
    entries: Vec<Entry>,
    anchors: HashMap<usize, (Node, usize)>,
}

impl<'t, 'b, 'e> Loader<'t, 'b, 'e> {
    fn new(
        text: &'t str,
        base: usize,
        ascii: bool,
        limits: Limits,
        alias_budget: &'b mut usize,
        each: &'e mut dyn FnMut(Document),
    ) -> Self {
        Loader {
            text,
            base,
            limits,
            alias_budget,
            cursor_chars: 0,
            cursor_bytes: 0,
            ascii,
            each,
            current: None,
            stack: Vec::new(),
            items: Vec::new(),
            entries: Vec::new(),
            anchors: HashMap::new(),
        }
    }

    fn run(&mut self) -> Result<(), ParseProblem> {
        let mut parser = Parser::new_from_str(self.text);
        while let Some(next) = parser.next_event() {
            let (event, span) = match next {
                Ok(pair) => pair,
                Err(error) => return Err(self.scan_problem(&error)),
            };
            let start = self.byte_offset(span.start.index());
            let end = self.byte_offset(span.end.index()).max(start);
            let span = Span::new(start, end);
            match event {
                Event::StreamEnd => {
                    if let Some(document) = self.current.take() {
                        (self.each)(document);
                    }
                    break;
                }
                Event::StreamStart | Event::Nothing => {}
                Event::DocumentStart(_) => {
                    self.anchors.clear();
                    self.current = Some(Document { span, root: None, problems: Vec::new() });
                }
                Event::DocumentEnd => {
                    if let Some(mut document) = self.current.take() {
                        document.span = document.span.cover(span);
                        if let Some(root) = &document.root {
                            document.span = document.span.cover(root.span());
                        }
                        (self.each)(document);
                    }
                }
                Event::Scalar(text, style, anchor, tag) => {
                    let tag = tag.map(|tag| tag.suffix.clone());
                    let span = self.trim_scalar_span(span, style);
                    let node = scalar_node(span, &text, style, tag.as_deref());
                    self.finish_node(node, anchor, 1)?;
                }
                Event::Alias(anchor) => {
                    let Some((node, weight)) = self.anchors.get(&anchor) else {
                        return Err(self.problem(span, ProblemKind::Syntax, "unknown alias".into()));
                    };
                    if *weight > *self.alias_budget {
                        return Err(self.problem(
                            span,
                            ProblemKind::AliasLimit,
                            format!(
                                "alias expansion exceeds the limit of {} nodes (an alias bomb?)",
                                self.limits.max_alias_nodes
                            ),
                        ));
                    }
                    *self.alias_budget -= *weight;
                    let (mut node, weight) = (node.clone(), *weight);
                    // The copy is reported where the alias is written.
                    node.set_span(span);
                    self.finish_node(node, 0, weight)?;
                }
                Event::SequenceStart(anchor, _) => {
                    self.check_depth(span)?;
                    let first = self.items.len();
                    self.stack.push(Frame::Sequence { start: span.start, anchor, weight: 0, first });
                }
                Event::MappingStart(anchor, _) => {
                    self.check_depth(span)?;
                    let first = self.entries.len();
                    self.stack.push(Frame::Mapping { start: span.start, anchor, weight: 0, first, key: None });
                }
                Event::SequenceEnd | Event::MappingEnd => {
                    let Some(frame) = self.stack.pop() else { continue };
                    let (node, anchor, weight) = match frame {
                        Frame::Sequence { start, anchor, weight, first } => {
                            // Exactly sized: every tree stays alive until the
                            // cross-file rules have run.
                            let items: Box<[Node]> = self.items.drain(first.min(self.items.len())..).collect();
                            let end = collection_end(start, span, items.iter().map(|n| n.span().end));
                            let weight = weight.saturating_add(1);
                            (Node::new(Span::new(start, end), NodeValue::Sequence(items)), anchor, weight)
                        }
                        Frame::Mapping { start, anchor, weight, first, .. } => {
                            let entries: Vec<Entry> = self.entries.drain(first.min(self.entries.len())..).collect();
                            let end = collection_end(start, span, entries.iter().map(|e| e.value.span().end));
                            let weight = weight.saturating_add(1);
                            let entries = self.finish_mapping(entries);
                            (Node::new(Span::new(start, end), NodeValue::Mapping(entries)), anchor, weight)
                        }
                    };
                    self.finish_node(node, anchor, weight)?;
                }
            }
        }
        Ok(())
    }

    /// Place a completed node into its parent (or as the document root).
    fn finish_node(&mut self, node: Node, anchor: usize, weight: usize) -> Result<(), ParseProblem> {
        if anchor != 0 {
            // Weights of nested aliases add up, so a bomb's anchors grow
            // exponentially here and the budget check trips early.
            self.anchors.insert(anchor, (node.clone(), weight));
        }
        match self.stack.last_mut() {
            Some(Frame::Sequence { weight: total, .. }) => {
                *total = total.saturating_add(weight);
                self.items.push(node);
            }
            Some(Frame::Mapping { key, weight: total, .. }) => match key.take() {
                None => {
                    *total = total.saturating_add(weight);
                    *key = Some(node);
                }
                Some(key_node) => {
                    *total = total.saturating_add(weight);
                    if !matches!(key_node.value, NodeValue::Scalar(_)) {
                        if let Some(document) = self.current.as_mut() {
                            document.problems.push(non_scalar_key(&key_node));
                        }
                    }
                    self.entries.push(Entry { key: key_node, value: node });
                }
            },
            None => {
                if let Some(document) = self.current.as_mut() {
                    document.root = Some(node);
                }
            }
        }
        Ok(())
    }

    /// Apply `<<` merge keys and drop duplicate keys (the last one wins, as
    /// in sigs.k8s.io/yaml), reporting each duplicate.
    fn finish_mapping(&mut self, entries: Vec<Entry>) -> Box<[Entry]> {
        let has_merge = entries.iter().any(is_merge_key);
        // Nearly every mapping has a few distinct string keys: check that
        // without allocating, and keep the entries as they are (exactly
        // sized, so boxing them does not copy).
        if !has_merge && entries.len() <= 32 && !has_duplicate_keys(&entries) {
            return entries.into_boxed_slice();
        }
        let mut seen: HashMap<String, usize> = HashMap::with_capacity(entries.len());
        let mut kept: Vec<Option<Entry>> = Vec::with_capacity(entries.len());
        let mut merged = Vec::new();
        for entry in entries {
            if has_merge && is_merge_key(&entry) {
                match &entry.value.value {
                    NodeValue::Mapping(source) => merged.extend(source.iter().cloned()),
                    NodeValue::Sequence(sources) => {
                        for source in sources {
                            if let Some(source) = source.entries() {
                                merged.extend(source.iter().cloned());
                            }
                        }
                    }
                    NodeValue::Scalar(_) => {}
                }
                continue;
            }
            let Some(key) = entry.key_text() else {
                kept.push(Some(entry));
                continue;
            };
            if let Some(&previous) = seen.get(&key) {
                let first_span = kept[previous].as_ref().map_or(entry.key.span(), |e| e.key.span());
                if let Some(document) = self.current.as_mut() {
                    document.problems.push(ParseProblem {
                        kind: ProblemKind::DuplicateKey { first: first_span },
                        span: entry.key.span(),
                        message: format!("duplicate key `{key}`"),
                    });
                }
                kept[previous] = None;
            }
            seen.insert(key, kept.len());
            kept.push(Some(entry));
        }
        let mut result: Vec<Entry> = kept.into_iter().flatten().collect();
        // Explicit keys win over merged ones; earlier merge sources win over later ones.
        for entry in merged {
            let key = entry.key_text();
            if key.is_some() && !result.iter().any(|e| e.key_text() == key) {
                result.push(entry);
            }
        }
        result.into_boxed_slice()
    }

    fn check_depth(&self, span: Span) -> Result<(), ParseProblem> {
        if self.stack.len() >= self.limits.max_depth {
            return Err(self.problem(
                span,
                ProblemKind::DepthLimit,
                format!("nesting deeper than {} levels", self.limits.max_depth),
            ));
        }
        Ok(())
    }

    fn problem(&self, span: Span, kind: ProblemKind, message: String) -> ParseProblem {
        ParseProblem { kind, span, message }
    }

    fn scan_problem(&mut self, error: &ScanError) -> ParseProblem {
        let offset = self.byte_offset(error.marker().index());
        let end = self.text[offset - self.base..].chars().next().map_or(offset, |c| {
            if c == '\n' || c == '\r' {
                offset
            } else {
                offset + c.len_utf8()
            }
        });
        ParseProblem { kind: ProblemKind::Syntax, span: Span::new(offset, end), message: error.info().to_string() }
    }

    /// saphyr's end mark for a scalar can run past it, over trailing blanks
    /// and a comment (`"x"   # note`); diagnostics must underline only the
    /// scalar, so quoted scalars end at their closing quote and plain ones
    /// lose trailing whitespace.
    fn trim_scalar_span(&self, span: Span, style: saphyr_parser::ScalarStyle) -> Span {
        let local = |offset: usize| offset.saturating_sub(self.base).min(self.text.len());
        let Some(slice) = self.text.get(local(span.start)..local(span.end)) else { return span };
        let end = match style {
            saphyr_parser::ScalarStyle::DoubleQuoted => closing_quote(slice, b'"', true),
            saphyr_parser::ScalarStyle::SingleQuoted => closing_quote(slice, b'\'', false),
            saphyr_parser::ScalarStyle::Plain => Some(slice.trim_end().len()),
            _ => None,
        };
        match end {
            Some(end) if end > 0 => Span::new(span.start, span.start + end),
            _ => span,
        }
    }

    /// Convert a character index in this slice to a byte offset in the file.
    fn byte_offset(&mut self, char_index: usize) -> usize {
        if self.ascii {
            return self.base + char_index.min(self.text.len());
        }
        while self.cursor_chars < char_index {
            match self.text[self.cursor_bytes..].chars().next() {
                Some(c) => {
                    self.cursor_bytes += c.len_utf8();
                    self.cursor_chars += 1;
                }
                None => break,
            }
        }
        while self.cursor_chars > char_index {
            match self.text[..self.cursor_bytes].chars().next_back() {
                Some(c) => {
                    self.cursor_bytes -= c.len_utf8();
                    self.cursor_chars -= 1;
                }
                None => break,
            }
        }
        self.base + self.cursor_bytes
    }
}

/// Length up to and including the quote that closes the scalar opening
/// `slice`: backslash escapes in double quotes, `''` in single quotes.
fn closing_quote(slice: &str, quote: u8, backslash_escapes: bool) -> Option<usize> {
    let bytes = slice.as_bytes();
    if bytes.first() != Some(&quote) {
        return None;
    }
    let mut i = 1;
    while i < bytes.len() {
        let byte = bytes[i];
        if backslash_escapes && byte == b'\\' {
            i += 2;
            continue;
        }
        if byte == quote {
            if !backslash_escapes && bytes.get(i + 1) == Some(&quote) {
                i += 2;
                continue;
            }
            return Some(i + 1);
        }
        i += 1;
    }
    None
}

/// Whether two entries of a small mapping have the same key, compared as
/// sigs.k8s.io/yaml stringifies keys.
fn has_duplicate_keys(entries: &[Entry]) -> bool {
    entries.iter().enumerate().any(|(index, entry)| {
        entries[..index].iter().any(|earlier| match (plain_key(&earlier.key), plain_key(&entry.key)) {
            (Some(a), Some(b)) => a == b,
            _ => earlier.key_text() == entry.key_text() && entry.key_text().is_some(),
        })
    })
}

/// The text of a string key, without allocating.
fn plain_key(key: &Node) -> Option<&str> {
    match &key.value {
        NodeValue::Scalar(scalar) if scalar.is_str() => Some(&scalar.text),
        _ => None,
    }
}

/// The problem of a sequence or mapping used as a mapping key. go-yaml
/// (gopkg.in/yaml.v2 `decoder.mapping`, behind sigs.k8s.io/yaml) decodes
/// into a Go map, which cannot have a slice or map as its key, and fails
/// with "invalid map key".
fn non_scalar_key(key: &Node) -> ParseProblem {
    let what = if matches!(key.value, NodeValue::Sequence(_)) { "a sequence" } else { "a mapping" };
    ParseProblem {
        kind: ProblemKind::NonScalarKey,
        span: key.span(),
        message: format!(
            "{what} is used as a mapping key; kubectl rejects this document (go-yaml: \"invalid map key\")"
        ),
    }
}

fn is_merge_key(entry: &Entry) -> bool {
    matches!(&entry.key.value, NodeValue::Scalar(s) if s.style.is_plain() && s.text == "<<")
}

/// A block collection's end event sits at the next token, possibly lines
/// later, so the node ends at its last child; a flow collection ends at its
/// closing bracket, which the end event covers.
fn collection_end(start: usize, end_event: Span, child_ends: impl Iterator<Item = usize>) -> usize {
    let last_child = child_ends.max().unwrap_or(start);
    if !end_event.is_empty() && end_event.start >= last_child {
        end_event.end
    } else {
        last_child
    }
}

fn scalar_node(span: Span, text: &str, style: saphyr_parser::ScalarStyle, tag: Option<&str>) -> Node {
    let style = match style {
        saphyr_parser::ScalarStyle::Plain => ScalarStyle::Plain,
        saphyr_parser::ScalarStyle::SingleQuoted => ScalarStyle::SingleQuoted,
        saphyr_parser::ScalarStyle::DoubleQuoted => ScalarStyle::DoubleQuoted,
        saphyr_parser::ScalarStyle::Literal => ScalarStyle::Literal,
        saphyr_parser::ScalarStyle::Folded => ScalarStyle::Folded,
    };
    let resolved = match tag {
        Some("str") => Resolved::Str,
        Some("null") => Resolved::Null,
        Some("bool" | "int" | "float") => resolve_plain(text),
        _ if style.is_plain() => resolve_plain(text),
        _ => Resolved::Str,
    };
    // Not saphyr-parser's own string, which has room for 32 bytes: the tree
    // outlives it, so a copy of exactly the scalar's length, or none for a
    // common text.
    let text = match super::common_text::common_text(text) {
        Some(common) => Text::borrowed(common),
        None => Text::owned(text.to_string()),
    };
    Node::new(span, NodeValue::Scalar(Scalar::new(text, style, resolved)))
}
