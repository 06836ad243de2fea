//! Document symbols: one per resource, `Kind name`, spanning its document
//! and selecting its `metadata.name`.

use lsp_types::{DocumentSymbol, DocumentSymbolParams, DocumentSymbolResponse, SymbolKind};
use ordinal_core::escape::display;

use super::locate;
use super::position;
use super::server::Server;

/// The symbols of the requested document.
pub fn document_symbols(server: &Server, params: DocumentSymbolParams) -> Option<DocumentSymbolResponse> {
    let entry = server.workspace.get(&params.text_document.uri)?;
    if !entry.kubernetes {
        return None;
    }
    let symbols = entry
        .analysis
        .resources
        .iter()
        .map(|resource| {
            let kind = resource.kind.as_deref().unwrap_or("<no kind>");
            let name = resource.name.as_deref().unwrap_or("<unnamed>");
            let selection = locate::name_field(resource).map_or(resource.root.span(), |field| field.value.span());
            #[allow(deprecated)] // `deprecated` is a required field of the struct, kept `None`.
            DocumentSymbol {
                name: display(&format!("{kind} {name}")).into_owned(),
                detail: Some(display(&resource.namespace).into_owned()),
                kind: symbol_kind(kind),
                tags: None,
                deprecated: None,
                range: position::range(&entry.source, resource.root.span(), server.encoding),
                selection_range: position::range(&entry.source, selection, server.encoding),
                children: None,
            }
        })
        .collect();
    Some(DocumentSymbolResponse::Nested(symbols))
}

/// An icon for the kind: workloads as classes, Services as interfaces (what
/// others reach them by), everything else as objects.
fn symbol_kind(kind: &str) -> SymbolKind {
    match kind {
        "StatefulSet" | "Deployment" | "DaemonSet" | "ReplicaSet" | "Job" | "CronJob" | "Pod" => SymbolKind::CLASS,
        "Service" => SymbolKind::INTERFACE,
        _ => SymbolKind::OBJECT,
    }
}
