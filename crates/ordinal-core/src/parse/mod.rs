//! YAML text → span-aware documents.
//!
//! Parsing never fails as a whole: it returns every document it could build
//! and a list of problems (syntax errors, duplicate keys, limits hit), each
//! with a byte span. saphyr-parser supplies the events; see ARCHITECTURE.md
//! for why it was chosen.

mod common_text;
mod loader;
pub mod node;
mod origin;
mod printable;
mod retain;
pub mod scalar;
mod span_index;

pub use loader::Limits;
pub use node::{Entry, Node, NodeValue, PathSegment, Scalar, ScalarStyle, Text};
pub use origin::DocumentOrigins;
pub use retain::{Keep, KeepValue};
pub use scalar::{Resolved, ResolvedKind};
pub use span_index::{IndexedSpans, SpanIndex};

use std::ops::Range;

use crate::source::Span;

/// What went wrong while reading YAML.
#[derive(Debug, Clone, PartialEq)]
pub enum ProblemKind {
    /// The text is not valid YAML.
    Syntax,
    /// A mapping repeats a key; `first` is the earlier occurrence.
    DuplicateKey {
        /// Span of the first occurrence of the key.
        first: Span,
    },
    /// Alias expansion would copy more nodes than allowed.
    AliasLimit,
    /// Nesting is deeper than allowed.
    DepthLimit,
    /// The text is longer than the parser reads ([`node::MAX_TEXT_BYTES`]).
    SizeLimit,
    /// The file is not text (invalid UTF-8 or NUL bytes).
    NotText,
    /// A character YAML does not allow in a stream (a control character,
    /// U+FFFE, U+FFFF). Parsing goes on, but go-yaml, and so kubectl,
    /// rejects the document.
    ControlCharacter,
    /// A sequence or mapping used as a mapping key. YAML allows it, but
    /// go-yaml cannot build such a map ("invalid map key"), so kubectl
    /// rejects the document.
    NonScalarKey,
}

/// A located problem found while parsing.
#[derive(Debug, Clone, PartialEq)]
pub struct ParseProblem {
    /// What kind of problem.
    pub kind: ProblemKind,
    /// Where it is.
    pub span: Span,
    /// A short description from the parser.
    pub message: String,
}

/// One YAML document of a stream.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// From the document's first token to its last.
    pub span: Span,
    /// The root node; `None` for an empty document.
    pub root: Option<Node>,
    /// Problems local to this document (duplicate keys).
    pub problems: Vec<ParseProblem>,
}

/// The result of parsing one file.
#[derive(Debug, Clone, Default)]
pub struct ParsedFile {
    /// Documents in source order.
    pub documents: Vec<Document>,
    /// Problems that ended a document or the file.
    pub problems: Vec<ParseProblem>,
}

/// Parse a YAML stream. Byte spans are relative to the start of `text`,
/// including a leading byte-order mark if there is one.
pub fn parse_yaml(text: &str, limits: Limits) -> ParsedFile {
    let mut alias_budget = limits.max_alias_nodes;
    parse_yaml_run(text, 0..text.len(), limits, &mut alias_budget)
}

/// Where a big file can be parsed in runs of whole documents, each of at
/// least `min_bytes` but the last (see [`parse_yaml_run`]).
pub(crate) fn document_runs(text: &str, min_bytes: usize) -> Vec<Range<usize>> {
    loader::document_runs(text, min_bytes)
}

/// Parse the documents of `text[run]`, a run from [`document_runs`], with
/// spans relative to the start of `text`, and alias expansion drawn from
/// `alias_budget`. A file parsed run by run gives the documents it gives in
/// one piece as long as no run has a problem (a syntax error is reported,
/// and recovered from, differently at a run's end, and a file reports only
/// its first control character) and the runs stay within the alias budget
/// of one file together.
pub(crate) fn parse_yaml_run(text: &str, run: Range<usize>, limits: Limits, alias_budget: &mut usize) -> ParsedFile {
    let mut documents = Vec::new();
    let problems = parse_yaml_run_each(text, run, limits, alias_budget, &mut |document| documents.push(document));
    ParsedFile { documents, problems }
}

/// A text longer than [`node::MAX_TEXT_BYTES`] is refused whole: a node's
/// span is two `u32`s.
fn too_large(text: &str) -> Option<ParseProblem> {
    too_large_at(text.len(), node::MAX_TEXT_BYTES)
}

fn too_large_at(len: usize, limit: usize) -> Option<ParseProblem> {
    (len > limit).then(|| ParseProblem {
        kind: ProblemKind::SizeLimit,
        span: Span::empty(0),
        message: format!("the file is {len} bytes, more than the {limit} Ordinal reads"),
    })
}

/// [`parse_yaml_run`], handing each document to `each` as it ends instead
/// of collecting them, and returning the problems that are not a
/// document's own.
pub(crate) fn parse_yaml_run_each(
    text: &str,
    run: Range<usize>,
    limits: Limits,
    alias_budget: &mut usize,
    each: &mut dyn FnMut(Document),
) -> Vec<ParseProblem> {
    if let Some(problem) = too_large(text) {
        return vec![problem];
    }
    let base = run.start;
    let text = &text[..run.end];
    // One pass finds the first character YAML does not allow; only a file
    // with one is searched further, for the NUL that marks a binary file.
    let non_printable =
        printable::first_non_printable(&text[base..]).map(|(offset, character)| (base + offset, character));
    if let Some((first, _)) = non_printable {
        if let Some(position) = text[first..].find('\0').map(|offset| first + offset) {
            return vec![ParseProblem {
                kind: ProblemKind::NotText,
                span: Span::new(position, position + 1),
                message: "the file contains a NUL byte; it is not YAML text".into(),
            }];
        }
    }
    let mut problems = loader::load_documents(text, base, limits, alias_budget, each);
    // Reported once per file, at the first such character: the reader
    // needs one to see why the file is refused, not one per byte of a
    // pasted escape sequence. saphyr-parser reads past it, so the rest of
    // the file is still linted.
    if let Some((position, character)) = non_printable {
        problems.push(ParseProblem {
            kind: ProblemKind::ControlCharacter,
            span: Span::new(position, position + character.len_utf8()),
            message: format!(
                "the character U+{:04X} is not allowed (YAML 1.2 §5.1); kubectl rejects this document (go-yaml: \"control characters are not allowed\")",
                character as u32
            ),
        });
    }
    problems
}

#[cfg(test)]
mod tests;
