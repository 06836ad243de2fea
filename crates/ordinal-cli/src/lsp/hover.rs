//! Hover: on a finding, the rule's documentation; on a StatefulSet's
//! `metadata.name` or `spec.serviceName`, what Kubernetes will do with it
//! (its pods and their DNS names, the start order, the Service's records),
//! from the explain model, in Markdown.

use std::fmt::Write as _;

use lsp_types::{Hover, HoverContents, HoverParams, MarkupContent, MarkupKind};
use ordinal_core::escape::display;
use ordinal_core::explain::{self, Plan, StatefulSetExplanation, UpdateStrategy};
use ordinal_core::model::Resource;
use ordinal_core::{rules, Span};

use super::locate;
use super::position;
use super::server::Server;

/// Rows of a pod table or steps of a plan shown before "… and N more".
const SHOWN: usize = 10;

/// The hover at the request's position, if there is anything to say.
pub fn hover(server: &Server, params: HoverParams) -> Option<Hover> {
    let at = params.text_document_position_params;
    let entry = server.workspace.get(&at.text_document.uri)?;
    if !entry.kubernetes {
        return None;
    }
    let offset = position::offset(&entry.source, at.position, server.encoding);
    let mut sections = Vec::new();
    let mut covered: Option<Span> = None;
    let mut rules_shown: Vec<&str> = Vec::new();
    for finding in server.findings(&at.text_document.uri) {
        let diagnostic = &finding.diagnostic;
        if !locate::contains(diagnostic.span, offset) || rules_shown.contains(&diagnostic.rule) {
            continue;
        }
        rules_shown.push(diagnostic.rule);
        covered = Some(covered.map_or(diagnostic.span, |span| span.cover(diagnostic.span)));
        let Some(rule) = rules::find(diagnostic.rule) else { continue };
        let meta = rule.meta();
        sections.push(format!(
            "**{}** ({}): {}\n\n{}\n[Rule page]({})",
            meta.id,
            diagnostic.severity,
            code_free(&diagnostic.message),
            meta.docs().trim_end(),
            meta.docs_url()
        ));
    }
    if let Some(resource) = locate::resource_at(&entry.analysis, offset).filter(|r| locate::is_kind(r, "StatefulSet")) {
        let fields = [locate::name_field(resource), locate::service_name_field(resource)];
        if let Some(field) = fields.into_iter().flatten().find(|field| locate::contains(field.span, offset)) {
            if let Some(markdown) = explain_markdown(server, resource) {
                covered = Some(covered.map_or(field.span, |span| span.cover(field.span)));
                sections.insert(0, markdown);
            }
        }
    }
    if sections.is_empty() {
        return None;
    }
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: sections.join("\n\n---\n\n"),
        }),
        range: covered.map(|span| position::range(&entry.source, span, server.encoding)),
    })
}

/// The explanation of the StatefulSet `resource` in its workspace (its
/// Service may be in another file) as Markdown.
fn explain_markdown(server: &Server, resource: &Resource) -> Option<String> {
    let (_, resources) = server.workspace.resources();
    let explanation = explain::explain_resources(&resources, server.workspace.options());
    let name = resource.name.as_deref().unwrap_or("<unnamed>");
    let sts = explanation.statefulsets.iter().find(|sts| sts.name == name && sts.namespace == resource.namespace)?;
    let mut out = String::new();
    statefulset(&mut out, sts);
    if let Some(service) = sts.service.name.as_deref().filter(|_| sts.service.found) {
        let owner = format!("{}/{service}", sts.namespace);
        let records: Vec<_> = explanation.dns.iter().filter(|record| record.service == owner).collect();
        if !records.is_empty() {
            let _ = writeln!(out, "\n**DNS records** once every pod is Running and Ready:\n");
            for record in records.iter().take(SHOWN) {
                let values = record.values.iter().take(3).map(|value| code(value)).collect::<Vec<_>>().join(", ");
                let more = if record.values.len() > 3 {
                    format!(" … ({} values)", record.values.len())
                } else {
                    String::new()
                };
                let _ = writeln!(out, "- {} {} → {values}{more}", code(&record.name), record.record_type.as_str());
            }
            if records.len() > SHOWN {
                let _ = writeln!(out, "- … and {} more", records.len() - SHOWN);
            }
        }
    }
    Some(out)
}

fn statefulset(out: &mut String, sts: &StatefulSetExplanation) {
    let strategy = match &sts.update_strategy {
        UpdateStrategy::OnDelete => "OnDelete".to_string(),
        UpdateStrategy::RollingUpdate { partition, max_unavailable } => {
            format!("RollingUpdate (partition {partition}, maxUnavailable {max_unavailable})")
        }
    };
    let _ = writeln!(out, "**StatefulSet {}**\n", code(&format!("{}/{}", sts.namespace, sts.name)));
    let _ = writeln!(
        out,
        "{} replica(s) from ordinal {}, {}, {}.\n",
        sts.replicas,
        sts.start_ordinal,
        sts.pod_management_policy.as_str(),
        strategy
    );
    let service = match &sts.service.name {
        None => "none (`serviceName` is not set)".to_string(),
        Some(name) if !sts.service.found => format!("{} (not found)", code(name)),
        Some(name) => format!("{} ({})", code(name), if sts.service.headless { "headless" } else { "not headless" }),
    };
    let _ = writeln!(out, "Governing Service: {service}.\n");
    if let Some(reason) = &sts.service.reason {
        let _ = writeln!(out, "No per-pod DNS names: {}\n", code_free(reason));
    }
    if !sts.pods.is_empty() {
        let _ = writeln!(out, "| pod | DNS name |\n| --- | --- |");
        for pod in sts.pods.iter().take(SHOWN) {
            let fqdn = pod.fqdn.as_deref().map_or_else(|| "none".to_string(), code);
            let _ = writeln!(out, "| {} | {fqdn} |", code(&pod.name));
        }
        if sts.pods.len() > SHOWN {
            let _ = writeln!(out, "| … and {} more | |", sts.pods.len() - SHOWN);
        }
    }
    plan(out, "Start order", &sts.startup);
}

fn plan(out: &mut String, title: &str, plan: &Plan) {
    let _ = writeln!(out, "\n**{title}** ({}):\n", code_free(&plan.title));
    for (number, step) in plan.steps.iter().enumerate().take(SHOWN) {
        let pods = step.pods.iter().map(|pod| code(pod)).collect::<Vec<_>>().join(", ");
        let _ = writeln!(
            out,
            "{}. {} {pods}, then wait for {}",
            number + 1,
            step.action.verb(),
            code_free(&step.waits_for)
        );
    }
    if plan.steps.len() > SHOWN {
        let _ = writeln!(out, "{}. … {} more steps", SHOWN + 1, plan.steps.len() - SHOWN);
    }
}

/// A manifest string as inline code: escaped for display, and with no
/// backtick or pipe left to end the span or a table cell early.
fn code(text: &str) -> String {
    format!("`{}`", display(text).replace('`', "'").replace('|', "\\|"))
}

/// A message for Markdown prose: escaped; its backticks (names) kept as code.
fn code_free(text: &str) -> String {
    display(text).replace('|', "\\|")
}
