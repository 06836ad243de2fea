//! Code actions for the findings in the requested range: the core's fix as
//! a quick fix (preferred when it is safe, the fixes `ordinal lint --fix`
//! applies), and "ignore this rule for this resource", which adds the rule
//! to the resource's `ordinal.dev/ignore` annotation (a comma-separated
//! list of rule ids, read by the core's suppression step).

use std::collections::HashMap;

use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, CodeActionResponse, TextEdit, Url, WorkspaceEdit,
};
use ordinal_core::model::Resource;
use ordinal_core::parse::{Node, ScalarStyle};
use ordinal_core::{SourceFile, Span, IGNORE_ANNOTATION};

use super::locate;
use super::position;
use super::server::Server;

/// The actions for the findings that meet the requested range.
pub fn code_actions(server: &Server, params: CodeActionParams) -> Option<CodeActionResponse> {
    let uri = params.text_document.uri;
    let entry = server.workspace.get(&uri)?;
    let start = position::offset(&entry.source, params.range.start, server.encoding);
    let end = position::offset(&entry.source, params.range.end, server.encoding);
    let mut actions = Vec::new();
    let mut ignores: Vec<(usize, &str)> = Vec::new();
    for finding in server.findings(&uri) {
        let diagnostic = &finding.diagnostic;
        if diagnostic.span.start > end || start > diagnostic.span.end {
            continue;
        }
        if let Some(fix) = &diagnostic.fix {
            let edits = fix
                .edits
                .iter()
                .map(|edit| TextEdit {
                    range: position::range(&entry.source, edit.span, server.encoding),
                    new_text: edit.replacement.clone(),
                })
                .collect();
            actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: format!("{} ({})", fix.message, diagnostic.rule),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![finding.lsp.clone()]),
                edit: Some(edit_of(&uri, edits)),
                is_preferred: Some(fix.is_safe()),
                ..CodeAction::default()
            }));
        }
        let Some(resource) = locate::resource_at(&entry.analysis, diagnostic.span.start) else { continue };
        let key = (resource.root.span().start, diagnostic.rule);
        if ignores.contains(&key) {
            continue;
        }
        ignores.push(key);
        let Some((span, replacement)) = ignore_edit(&entry.source.text, resource, diagnostic.rule) else { continue };
        let what = format!(
            "{}/{}",
            resource.kind.as_deref().unwrap_or("resource"),
            resource.name.as_deref().unwrap_or("<unnamed>")
        );
        actions.push(CodeActionOrCommand::CodeAction(CodeAction {
            title: format!(
                "Ignore {} for {} ({IGNORE_ANNOTATION})",
                diagnostic.rule,
                ordinal_core::escape::display(&what)
            ),
            kind: Some(CodeActionKind::QUICKFIX),
            diagnostics: Some(vec![finding.lsp.clone()]),
            edit: Some(edit_of(
                &uri,
                vec![TextEdit { range: range(&entry.source, span, server), new_text: replacement }],
            )),
            is_preferred: Some(false),
            ..CodeAction::default()
        }));
    }
    Some(actions)
}

fn range(file: &SourceFile, span: Span, server: &Server) -> lsp_types::Range {
    position::range(file, span, server.encoding)
}

fn edit_of(uri: &Url, edits: Vec<TextEdit>) -> WorkspaceEdit {
    WorkspaceEdit { changes: Some(HashMap::from([(uri.clone(), edits)])), ..WorkspaceEdit::default() }
}

/// The edit that makes `resource` ignore `rule`: the rule appended to an
/// `ordinal.dev/ignore` annotation already there, else the annotation added
/// under `metadata.annotations`, else an `annotations` mapping added under
/// `metadata`, each in the style of the mapping it goes into. `None` when
/// the rule is already ignored or the layout is one an edit could break
/// (a block scalar, tabs, no `metadata`).
pub fn ignore_edit(text: &str, resource: &Resource, rule: &str) -> Option<(Span, String)> {
    let metadata = resource.root.get("metadata")?;
    metadata.entries()?;
    let entry = format!("{IGNORE_ANNOTATION}: {rule}");
    let Some(annotations) = metadata.get("annotations") else {
        let block = format!("annotations:\n  {entry}");
        return insert_first_entry(text, metadata, &format!("annotations: {{{entry}}}"), Some(&block));
    };
    if let Some(existing) = annotations.get(IGNORE_ANNOTATION) {
        let scalar = existing.as_scalar()?;
        if matches!(scalar.style, ScalarStyle::Literal | ScalarStyle::Folded) {
            return None;
        }
        let ids: Vec<&str> = scalar.text.split(',').map(str::trim).filter(|id| !id.is_empty()).collect();
        if ids.iter().any(|id| *id == rule || *id == "all") {
            return None;
        }
        let list = ids.into_iter().chain([rule]).collect::<Vec<_>>().join(",");
        return Some((existing.span(), yaml_string(&list)));
    }
    match annotations.entries() {
        Some([]) => (text.get(annotations.span().start..annotations.span().end)?.trim() == "{}")
            .then(|| (annotations.span(), format!("{{{entry}}}"))),
        Some(_) => insert_first_entry(text, annotations, &entry, None),
        None => None,
    }
}

/// Insert `entry` before the first entry of `mapping`: `entry, ` in a flow
/// mapping; in a block mapping, `block` (or `entry`) on a line of its own
/// at the same indentation, its own later lines indented to match.
fn insert_first_entry(text: &str, mapping: &Node, entry: &str, block: Option<&str>) -> Option<(Span, String)> {
    let first = mapping.entries()?.first()?;
    let start = first.key.span().start;
    let before = text.get(..start)?;
    if text.get(mapping.span().start..)?.starts_with('{') {
        return Some((Span::empty(start), format!("{entry}, ")));
    }
    let line_start = before.rfind('\n').map_or(0, |newline| newline + 1);
    let indent = &before[line_start..];
    if !indent.chars().all(|c| c == ' ') {
        return None;
    }
    // The new lines end the way the line they split off from does, so a
    // CRLF file stays CRLF.
    let newline = if before[..line_start].ends_with("\r\n") { "\r\n" } else { "\n" };
    let lines = block.unwrap_or(entry).replace('\n', &format!("{newline}{indent}"));
    Some((Span::empty(start), format!("{lines}{newline}{indent}")))
}

/// `text` as a YAML scalar: plain when it is a list of rule ids, else
/// double-quoted (JSON's escaping is valid YAML).
fn yaml_string(text: &str) -> String {
    let plain = !text.is_empty() && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == ',');
    if plain {
        text.to_string()
    } else {
        serde_json::to_string(text).unwrap_or_else(|_| format!("\"{text}\""))
    }
}

#[cfg(test)]
mod tests {
    use ordinal_core::{analyze_file, lint, Options};

    use super::*;

    /// The text after the ignore edit for `rule` on the first resource.
    fn ignored(text: &str, rule: &str) -> Option<String> {
        let file = SourceFile::new("x.yaml", text);
        let analysis = analyze_file(0, &file, &Options::default());
        let (span, replacement) = ignore_edit(text, analysis.resources.first()?, rule)?;
        let mut edited = text.to_string();
        edited.replace_range(span.start..span.end, &replacement);
        Some(edited)
    }

    const STS: &str = "apiVersion: apps/v1\nkind: StatefulSet\nspec:\n  serviceName: nope\n";

    #[test]
    fn the_annotation_is_added_in_each_layout_and_silences_the_rule() {
        let cases = [
            // No annotations: a mapping under metadata, block and flow.
            (
                "metadata:\n  name: web\n",
                "metadata:\n  annotations:\n    ordinal.dev/ignore: service-not-found\n  name: web\n",
            ),
            (
                "metadata: {name: web}\n",
                "metadata: {annotations: {ordinal.dev/ignore: service-not-found}, name: web}\n",
            ),
            // Annotations without it: a new first entry.
            (
                "metadata:\n  name: web\n  annotations:\n    a: b\n",
                "metadata:\n  name: web\n  annotations:\n    ordinal.dev/ignore: service-not-found\n    a: b\n",
            ),
            (
                "metadata:\n  name: web\n  annotations: {}\n",
                "metadata:\n  name: web\n  annotations: {ordinal.dev/ignore: service-not-found}\n",
            ),
            // Already there: the rule joins the list.
            (
                "metadata:\n  name: web\n  annotations:\n    ordinal.dev/ignore: \"x, y\"\n",
                "metadata:\n  name: web\n  annotations:\n    ordinal.dev/ignore: x,y,service-not-found\n",
            ),
            (
                "metadata:\r\n  name: web\r\n",
                "metadata:\r\n  annotations:\r\n    ordinal.dev/ignore: service-not-found\r\n  name: web\r\n",
            ),
        ];
        for (metadata, expected) in cases {
            let text = format!("{STS}{metadata}");
            let edited = ignored(&text, "service-not-found").unwrap_or_else(|| panic!("an edit for {metadata:?}"));
            assert_eq!(edited, format!("{STS}{expected}"), "{metadata:?}");
            let before = lint(&[SourceFile::new("x.yaml", text.as_str())], &Options::default());
            let after = lint(&[SourceFile::new("x.yaml", edited.as_str())], &Options::default());
            let count = |report: &ordinal_core::LintReport| {
                report.diagnostics.iter().filter(|d| d.rule == "service-not-found").count()
            };
            assert_eq!((count(&before), count(&after)), (1, 0), "{edited}");
        }
    }

    #[test]
    fn no_edit_when_already_ignored_or_without_metadata() {
        let listed = format!("{STS}metadata:\n  annotations:\n    ordinal.dev/ignore: all\n");
        assert_eq!(ignored(&listed, "service-not-found"), None);
        assert_eq!(ignored(STS, "service-not-found"), None);
    }
}
