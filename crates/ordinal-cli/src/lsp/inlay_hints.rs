//! Inlay hints, only when the client's `initializationOptions` ask for them
//! (`{"inlayHints": true}`): beside each StatefulSet's `spec.serviceName`,
//! the DNS names its pods get from that Service (the explain model).

use lsp_types::{InlayHint, InlayHintKind, InlayHintLabel, InlayHintParams};
use ordinal_core::escape::display;
use ordinal_core::explain;

use super::locate;
use super::position;
use super::server::Server;

/// Pod names written out in one hint before "+N more".
const SHOWN: usize = 3;

/// The hints in the requested range.
pub fn inlay_hints(server: &Server, params: InlayHintParams) -> Option<Vec<InlayHint>> {
    if !server.inlay_hints {
        return None;
    }
    let entry = server.workspace.get(&params.text_document.uri)?;
    if !entry.kubernetes {
        return None;
    }
    let start = position::offset(&entry.source, params.range.start, server.encoding);
    let end = position::offset(&entry.source, params.range.end, server.encoding);
    let statefulsets: Vec<_> = entry
        .analysis
        .resources
        .iter()
        .filter(|resource| locate::is_kind(resource, "StatefulSet"))
        .filter_map(|resource| Some((resource, locate::service_name_field(resource)?)))
        .filter(|(_, field)| field.value.span().end >= start && field.value.span().end <= end)
        .collect();
    if statefulsets.is_empty() {
        return Some(Vec::new());
    }
    let (_, resources) = server.workspace.resources();
    let explanation = explain::explain_resources(&resources, server.workspace.options());
    let mut hints = Vec::new();
    for (resource, field) in statefulsets {
        let name = resource.name.as_deref().unwrap_or("<unnamed>");
        let Some(sts) =
            explanation.statefulsets.iter().find(|sts| sts.name == name && sts.namespace == resource.namespace)
        else {
            continue;
        };
        let fqdns: Vec<&str> = sts.pods.iter().filter_map(|pod| pod.fqdn.as_deref()).collect();
        if fqdns.is_empty() {
            continue;
        }
        let mut label = fqdns.iter().take(SHOWN).map(|fqdn| display(fqdn).into_owned()).collect::<Vec<_>>().join(", ");
        if fqdns.len() > SHOWN {
            label.push_str(&format!(" +{} more", fqdns.len() - SHOWN));
        }
        hints.push(InlayHint {
            position: position::position(&entry.source, field.value.span().end, server.encoding),
            label: InlayHintLabel::String(format!("→ {label}")),
            kind: Some(InlayHintKind::TYPE),
            text_edits: None,
            tooltip: None,
            padding_left: Some(true),
            padding_right: None,
            data: None,
        });
    }
    Some(hints)
}
