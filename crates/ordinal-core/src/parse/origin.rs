//! Which template a rendered document came from.
//!
//! `helm template` writes `---` and then `# Source: <chart>/templates/<file>`
//! before every document it renders. The YAML parser drops comments, so the
//! comment is read from the text: the document boundaries are the `---`
//! lines the loader also resumes at after a syntax error, and the comment
//! must sit among the comment and blank lines between a boundary and the
//! document's first content line. A `# Source:` line written just before
//! the `---` (after the previous document's content, or in a region of
//! nothing but comments) names the document that follows, when that
//! document names none itself.
//!
//! The lookup is by byte offset, so a finding that has no resource (a
//! syntax error in a broken document) is attributed like every other.

/// The `# Source:` comment of every document region of a file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocumentOrigins {
    /// `(region start, source)` in order of the start, one region per
    /// document; empty when the text holds no `# Source:` at all, the
    /// common case, which then costs one substring search.
    regions: Vec<(usize, Option<String>)>,
}

const MARKER: &str = "# Source:";

impl DocumentOrigins {
    /// Read the `# Source:` comments of `text`.
    pub fn read(text: &str) -> DocumentOrigins {
        if !text.contains(MARKER) {
            return DocumentOrigins::default();
        }
        let mut regions: Vec<(usize, Option<String>)> = Vec::new();
        let mut current: Option<String> = None;
        // Whether the current region has reached a content line, after
        // which a `# Source:` comment describes nothing.
        let mut in_content = false;
        // A `# Source:` line among the comments after the content, which
        // the next document inherits if the `---` follows before more content.
        let mut trailing: Option<String> = None;
        let mut region_start = 0;
        let mut offset = 0;
        for raw_line in text.split_inclusive('\n') {
            let line_start = offset;
            offset += raw_line.len();
            let mut line = raw_line.trim_end_matches(['\n', '\r']);
            if line_start == 0 {
                line = line.strip_prefix('\u{feff}').unwrap_or(line);
            }
            if is_document_marker(line) {
                // A region without content keeps its source for the next
                // document (the comment was written before the `---`).
                let source = if in_content {
                    let own = current.take();
                    current = trailing.take();
                    own
                } else {
                    None
                };
                regions.push((region_start, source));
                region_start = line_start;
                in_content = false;
                continue;
            }
            let trimmed = line.trim_start();
            if in_content {
                // At the start of the line only: an indented one may be
                // the text of a block scalar.
                if let Some(path) = source_comment(line) {
                    trailing = Some(path.to_string());
                } else if !is_blank_or_comment(trimmed) {
                    trailing = None;
                }
                continue;
            }
            if let Some(path) = source_comment(trimmed) {
                current = Some(path.to_string());
            } else if !is_blank_or_comment(trimmed) {
                in_content = true;
            }
        }
        regions.push((region_start, current));
        regions.dedup_by(|later, earlier| later.1.is_none() && earlier.1.is_none());
        DocumentOrigins { regions }
    }

    /// The source of the document that byte `offset` falls in.
    pub fn at(&self, offset: usize) -> Option<&str> {
        let index = self.regions.partition_point(|(start, _)| *start <= offset);
        self.regions.get(index.checked_sub(1)?)?.1.as_deref()
    }

    /// The source of the document a parse problem at `offset` belongs to.
    /// A document left open (an unclosed `[`) is reported where the next
    /// `---` begins, so a problem exactly at a boundary is the previous
    /// document's.
    pub fn of_problem(&self, offset: usize) -> Option<&str> {
        if offset == 0 {
            return self.at(0);
        }
        let index = self.regions.partition_point(|(start, _)| *start < offset);
        self.regions.get(index.checked_sub(1)?)?.1.as_deref()
    }

    /// Whether no document of the file names a source.
    pub fn is_empty(&self) -> bool {
        self.regions.iter().all(|(_, source)| source.is_none())
    }
}

/// The path of a `# Source: <path>` comment line (already trimmed at the start).
fn source_comment(line: &str) -> Option<&str> {
    let path = line.strip_prefix(MARKER)?.trim();
    (!path.is_empty()).then_some(path)
}

/// Lines that do not start a document's content: blank, comments and
/// directives (`%YAML`).
fn is_blank_or_comment(line: &str) -> bool {
    line.is_empty() || line.starts_with('#') || line.starts_with('%')
}

/// A `---` line (optionally followed by a space and more), as the loader's
/// recovery reads document starts.
fn is_document_marker(line: &str) -> bool {
    line.strip_prefix("---").is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t']))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sources_of(text: &str, needles: &[&str]) -> Vec<Option<String>> {
        let origins = DocumentOrigins::read(text);
        needles.iter().map(|needle| origins.at(text.find(needle).expect(needle)).map(str::to_string)).collect()
    }

    #[test]
    fn every_document_gets_the_comment_at_its_top() {
        let text = "---\n# Source: chart/templates/svc.yaml\napiVersion: v1\nkind: Service\n---\n# Source: chart/templates/sts.yaml\napiVersion: apps/v1\nkind: StatefulSet\n";
        assert_eq!(
            sources_of(text, &["kind: Service", "kind: StatefulSet"]),
            [Some("chart/templates/svc.yaml".into()), Some("chart/templates/sts.yaml".into())]
        );
    }

    #[test]
    fn a_comment_just_before_the_marker_belongs_to_the_next_document() {
        let text = "# Source: a.yaml\n---\nkind: A\n---\nkind: B\n";
        assert_eq!(sources_of(text, &["kind: A", "kind: B"]), [Some("a.yaml".into()), None]);
    }

    #[test]
    fn a_comment_after_content_names_the_next_document_unless_it_names_its_own() {
        let text = "kind: A\n# Source: late.yaml\n---\n# Source: b.yaml\nkind: B\n# Source: c.yaml\n\n---\nkind: C\n# Source: d.yaml\nkind: D2\n---\nkind: E\n";
        assert_eq!(
            sources_of(text, &["kind: A", "kind: B", "kind: C", "kind: E"]),
            [None, Some("b.yaml".into()), Some("c.yaml".into()), None]
        );
    }

    #[test]
    fn a_problem_at_a_boundary_belongs_to_the_document_before_it() {
        let text = "# Source: a.yaml\nkey: [\n---\n# Source: b.yaml\nkind: B\n";
        let origins = DocumentOrigins::read(text);
        let boundary = text.find("---").expect("a marker");
        assert_eq!(origins.of_problem(boundary), Some("a.yaml"));
        assert_eq!(origins.at(boundary), Some("b.yaml"));
        assert_eq!(origins.of_problem(boundary + 1), Some("b.yaml"));
        assert_eq!(origins.at(text.find("kind: B").expect("B")), Some("b.yaml"));
        let first = DocumentOrigins::read("---\n# Source: a.yaml\n\u{1}: x\n");
        assert_eq!(first.of_problem(0), Some("a.yaml"));
    }

    #[test]
    fn an_indented_comment_after_content_may_be_block_scalar_text() {
        let text = "# Source: a.yaml\ndata:\n  x: |\n    # Source: inner.yaml\n---\nkind: B\n";
        assert_eq!(sources_of(text, &["data:", "kind: B"]), [Some("a.yaml".into()), None]);
    }

    #[test]
    fn the_first_document_may_have_no_marker_and_crlf_and_a_bom_are_read() {
        let text = "\u{feff}# Source: one.yaml\r\nkind: A\r\n---\r\n# Source: two.yaml\r\nkind: B\r\n";
        assert_eq!(sources_of(text, &["kind: A", "kind: B"]), [Some("one.yaml".into()), Some("two.yaml".into())]);
    }

    #[test]
    fn text_without_the_comment_has_no_origins() {
        assert!(DocumentOrigins::read("kind: A\n---\nkind: B\n").is_empty());
        assert_eq!(DocumentOrigins::read("kind: A\n").at(3), None);
    }
}
