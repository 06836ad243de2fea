//! Go to definition: from a StatefulSet's `spec.serviceName` to the Service
//! of that name in its namespace, and from a Service's `metadata.name` to
//! the StatefulSets it governs (those whose `serviceName` names it), in any
//! file of the workspace. This is the link the topology makes (governing
//! Service: `spec.serviceName`, same namespace).

use lsp_types::{GotoDefinitionParams, GotoDefinitionResponse, Location};
use ordinal_core::model::Resource;

use super::locate::{self, Field};
use super::position;
use super::server::Server;

/// The definitions at the request's position.
pub fn definition(server: &Server, params: GotoDefinitionParams) -> Option<GotoDefinitionResponse> {
    let at = params.text_document_position_params;
    let entry = server.workspace.get(&at.text_document.uri)?;
    if !entry.kubernetes {
        return None;
    }
    let offset = position::offset(&entry.source, at.position, server.encoding);
    let resource = locate::resource_at(&entry.analysis, offset)?;
    let targets = if locate::is_kind(resource, "StatefulSet") {
        let wanted = on(locate::service_name_field(resource), offset)?.value.as_str()?.to_string();
        find(server, |candidate| {
            (locate::is_kind(candidate, "Service")
                && candidate.namespace == resource.namespace
                && candidate.name.as_deref() == Some(wanted.as_str()))
            .then(|| locate::name_field(candidate).map_or(candidate.root.span(), |field| field.value.span()))
        })
    } else if locate::is_kind(resource, "Service") {
        on(locate::name_field(resource), offset)?;
        let wanted = resource.name.clone()?;
        find(server, |candidate| {
            let field = locate::service_name_field(candidate)?;
            (locate::is_kind(candidate, "StatefulSet")
                && candidate.namespace == resource.namespace
                && field.value.as_str() == Some(wanted.as_str()))
            .then_some(field.value.span())
        })
    } else {
        return None;
    };
    (!targets.is_empty()).then_some(GotoDefinitionResponse::Array(targets))
}

/// The field, when the cursor is on it.
fn on(field: Option<Field<'_>>, offset: usize) -> Option<Field<'_>> {
    field.filter(|field| locate::contains(field.span, offset))
}

/// Where `target` points in every resource of the workspace, in file order.
fn find(server: &Server, target: impl Fn(&Resource) -> Option<ordinal_core::Span>) -> Vec<Location> {
    let mut locations = Vec::new();
    for entry in server.workspace.entries().filter(|entry| entry.kubernetes) {
        for resource in &entry.analysis.resources {
            if let Some(span) = target(resource) {
                let range = position::range(&entry.source, span, server.encoding);
                locations.push(Location { uri: entry.uri.clone(), range });
            }
        }
    }
    locations
}
