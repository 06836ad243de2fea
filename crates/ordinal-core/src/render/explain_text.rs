//! The explanation as plain text for terminals: per StatefulSet its pods, a
//! timeline of controller steps with the DNS names that resolve at each
//! startup step, then a DNS table. No colour codes: the CLI adds those.
//!
//! Every value that comes from the manifest or the command line goes through
//! [`escape::display`], so no line of the output starts with text the
//! manifest chose and no control character reaches the terminal.

use std::fmt::Write;

use crate::escape::{self, display};

use crate::explain::{
    AttemptOutcome, ClaimFate, Explanation, NameList, Nslookup, PlanKind, PodState, StatefulSetExplanation, Timeline,
    UpdateStrategy, POD_INDEX_LABEL, POD_NAME_LABEL,
};

/// Render `explanation` as text.
pub fn render(explanation: &Explanation) -> String {
    let mut out = String::new();
    if explanation.statefulsets.is_empty() {
        out.push_str("no StatefulSet in the input\n");
    }
    for sts in &explanation.statefulsets {
        statefulset(&mut out, sts, explanation.show_update);
        out.push('\n');
    }
    for note in &explanation.notes {
        let _ = writeln!(out, "note: {note}");
    }
    out.push_str(&format!(
        "DNS records once every pod is Running and Ready (cluster domain {}):\n",
        display(&explanation.cluster_domain)
    ));
    if explanation.dns.is_empty() {
        out.push_str("  none\n");
    } else {
        let rows: Vec<Vec<String>> = explanation
            .dns
            .iter()
            .map(|record| {
                vec![display(&record.name).into_owned(), record.record_type.as_str().to_string(), list(&record.values)]
            })
            .collect();
        table(&mut out, "  ", &["NAME", "TYPE", "VALUES"], &rows);
    }
    out
}

/// Render an nslookup result as text.
pub fn render_nslookup(lookup: &Nslookup) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "nslookup {} from {}", display(&lookup.query), display(&lookup.from));
    if !lookup.search.is_empty() {
        let _ = writeln!(out, "  resolv.conf: search {} / options ndots:5", display(&lookup.search.join(" ")));
    }
    for attempt in lookup.tried.iter().filter(|attempt| attempt.outcome != AttemptOutcome::NotSent) {
        let outcome = match &attempt.outcome {
            AttemptOutcome::Answer => "answer".to_string(),
            AttemptOutcome::NxDomain(why) => format!("NXDOMAIN: {}", display(why)),
            AttemptOutcome::Upstream => "outside the cluster domain: forwarded upstream".to_string(),
            AttemptOutcome::NotSent => continue,
        };
        let _ = writeln!(out, "  try {}  -> {outcome}", display(&attempt.name));
    }
    match &lookup.answer {
        Some(record) => {
            let _ = writeln!(
                out,
                "answer: {} {} {}",
                display(&record.name),
                record.record_type.as_str(),
                list(&record.values)
            );
        }
        None => out.push_str("answer: none\n"),
    }
    let _ = writeln!(out, "why: {}", display(&lookup.reason));
    out
}

fn statefulset(out: &mut String, sts: &StatefulSetExplanation, show_update: bool) {
    let strategy = match &sts.update_strategy {
        UpdateStrategy::OnDelete => "OnDelete".to_string(),
        UpdateStrategy::RollingUpdate { partition, max_unavailable } => {
            format!("RollingUpdate, partition {partition}, maxUnavailable {max_unavailable}")
        }
    };
    let _ = writeln!(
        out,
        "StatefulSet {}/{}: {} replica(s) from ordinal {}, {}, {}",
        display(&sts.namespace),
        display(&sts.name),
        sts.replicas,
        sts.start_ordinal,
        sts.pod_management_policy.as_str(),
        strategy
    );
    let service = match &sts.service.name {
        None => "none (`serviceName` not set)".to_string(),
        Some(name) if !sts.service.found => format!("`{}` (not found)", display(name)),
        Some(name) => format!(
            "`{}` ({}{})",
            display(name),
            if sts.service.headless { "headless" } else { "not headless" },
            if sts.service.publish_not_ready_addresses { ", publishNotReadyAddresses" } else { "" }
        ),
    };
    let _ = writeln!(out, "  governing Service: {service}");
    if let Some(reason) = &sts.service.reason {
        let _ = writeln!(out, "  no per-pod DNS names: {}", display(reason));
    }
    for note in &sts.notes {
        let _ = writeln!(out, "  note: {}", display(note));
    }
    if sts.pods.is_empty() {
        out.push_str("  pods: none\n");
    } else {
        let rows: Vec<Vec<String>> = sts
            .pods
            .iter()
            .map(|pod| {
                vec![
                    pod.ordinal.to_string(),
                    display(&pod.name).into_owned(),
                    pod.fqdn.as_deref().map_or_else(|| "-".into(), |fqdn| display(fqdn).into_owned()),
                    if pod.pvcs.is_empty() { "-".into() } else { list(&pod.pvcs) },
                ]
            })
            .collect();
        out.push_str("  pods (hostname = pod name):\n");
        table(out, "    ", &["ORDINAL", "POD", "DNS NAME", "PVCS"], &rows);
        let _ = writeln!(out, "  labels added by the controller: {POD_NAME_LABEL}=<pod>, {POD_INDEX_LABEL}=<ordinal>");
        if sts.pods.iter().any(|pod| !pod.pvcs.is_empty()) {
            let _ = writeln!(
                out,
                "  PVC retention: whenDeleted {} ({}), whenScaled {} ({})",
                display(&sts.retention.when_deleted),
                if sts.retention.when_deleted == "Delete" {
                    "deleted with the StatefulSet"
                } else {
                    "kept after the StatefulSet is deleted"
                },
                display(&sts.retention.when_scaled),
                if sts.retention.when_scaled == "Delete" { "deleted on scale-down" } else { "kept on scale-down" },
            );
        }
    }
    let mut kinds = vec![PlanKind::Startup, PlanKind::Scale, PlanKind::ScaleDown];
    if show_update {
        kinds.push(PlanKind::Update);
    }
    for kind in kinds {
        if let Some(timeline) = Timeline::new(sts, kind) {
            plan(out, &timeline);
        }
    }
}

fn plan(out: &mut String, timeline: &Timeline<'_>) {
    let plan = timeline.plan;
    let _ = writeln!(out, "  {}: {}", timeline.kind.label(), display(&plan.title));
    if !timeline.pods.is_empty() {
        let _ = writeln!(out, "    before: {}", states(timeline, 0));
    }
    for (number, step) in plan.steps.iter().enumerate() {
        let _ = writeln!(out, "    {}. {} {}", number + 1, step.action.verb(), list(&step.pods));
        let _ = writeln!(out, "       wait for: {}", display(&step.waits_for));
        let _ = writeln!(out, "       pods: {}", states(timeline, number + 1));
        if let Some(dns) = &step.dns {
            if !dns.resolvable.is_empty() {
                let _ = writeln!(out, "       resolves: {}", names(&dns.resolvable));
            }
            if !dns.pending.is_empty() {
                let _ = writeln!(out, "       not yet (until Ready): {}", names(&dns.pending));
            }
            if let Some(service) = &dns.service_name {
                let answers = if dns.service_answers.is_empty() {
                    "NXDOMAIN (no ready endpoint)".to_string()
                } else {
                    names(&dns.service_answers)
                };
                let _ = writeln!(out, "       {} answers: {answers}", display(service));
            }
        }
    }
    for note in &plan.notes {
        let _ = writeln!(out, "    note: {}", display(note));
    }
}

/// The pods at step `at` as runs of pods in the same state, e.g.
/// `web-0 … web-2 (3) ready, web-3 pending, web-4 absent`; escaped.
fn states(timeline: &Timeline<'_>, at: usize) -> String {
    let mut parts = Vec::new();
    for (first, last, pod) in timeline.runs(at) {
        let name = |position: usize| timeline.pods.get(position).map_or("", |pod| pod.name.as_str());
        let mut part = match last - first {
            0 => name(first).to_string(),
            1 => format!("{}, {}", name(first), name(last)),
            more => format!("{} … {} ({})", name(first), name(last), more + 1),
        };
        part.push(' ');
        part.push_str(pod.state.as_str());
        if let Some(revision) = pod.revision {
            part.push_str(&format!(" at the {} revision", revision.as_str()));
        }
        if pod.kept_by_partition {
            part.push_str(" (kept by the partition)");
        }
        let has_claims = (first..=last).any(|position| timeline.pods.get(position).is_some_and(|p| !p.pvcs.is_empty()));
        if has_claims && pod.state == PodState::Absent && timeline.removes(first) {
            let fate = if pod.claims == ClaimFate::Deleted { "claims deleted" } else { "claims kept" };
            part.push_str(&format!(" ({fate})"));
        }
        if pod.resolves && pod.state == PodState::Pending {
            part.push_str(" (published before Ready)");
        }
        parts.push(part);
    }
    escape::display(&parts.join(", ")).into_owned()
}

/// `items` escaped and joined with `, `.
fn list(items: &[String]) -> String {
    escape::display(&items.join(", ")).into_owned()
}

/// A short list whole; a long one as its first and last name (in ordinal
/// order), marked as summarised; escaped.
fn names(list: &NameList) -> String {
    let joined = match list.shown.as_slice() {
        [first, last] if list.is_summarised() => format!("{first} … {last} ({} names, summarised)", list.count),
        shown => shown.join(", "),
    };
    escape::display(&joined).into_owned()
}

/// Left-aligned columns; the last column is not padded. Cells are already
/// escaped, so their character count is their width. The padding is
/// written by hand: a `{:<width$}` width is limited to `u16::MAX` and a
/// 65,536-character pod name would make `format!` panic.
fn table(out: &mut String, indent: &str, header: &[&str], rows: &[Vec<String>]) {
    let mut widths: Vec<usize> = header.iter().map(|title| title.chars().count()).collect();
    for row in rows {
        for (column, cell) in row.iter().enumerate() {
            if let Some(width) = widths.get_mut(column) {
                *width = (*width).max(cell.chars().count());
            }
        }
    }
    let header: Vec<String> = header.iter().map(|title| title.to_string()).collect();
    for row in std::iter::once(&header).chain(rows) {
        let mut line = String::from(indent);
        for (column, cell) in row.iter().enumerate() {
            line.push_str(cell);
            if column + 1 < row.len() {
                let width = widths.get(column).copied().unwrap_or(0);
                let padding = width.saturating_sub(cell.chars().count()) + 2;
                line.extend(std::iter::repeat_n(' ', padding));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
}
