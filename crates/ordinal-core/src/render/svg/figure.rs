//! One StatefulSet at one moment of its shown plan: the Services that
//! select it and the PodDisruptionBudgets that cover it, one column per pod
//! (from `ordinals.start`) with its state, revision and claims, the
//! partition boundary, and which DNS names resolve at that moment.

use super::canvas::{text_width, Canvas, LINE, MARGIN};
use crate::explain::{ClaimFate, PodState, ServiceInfo, ServiceKind, StatefulSetExplanation, Timeline, UpdateStrategy};

/// Pod columns drawn: a larger set shows its first and last pods and a
/// column counting the ones between.
const MAX_COLUMNS: usize = 10;
const MAX_ROW_WIDTH: f64 = 1100.0;
/// Services and ports drawn per figure.
const MAX_SERVICES: usize = 8;
const MAX_PORTS: usize = 6;

/// The moment a figure shows: step `at` of `timeline` (0 before the plan,
/// past the last step when it is done).
pub(super) struct Moment<'t, 'a> {
    pub(super) timeline: &'t Timeline<'a>,
    pub(super) at: usize,
    /// The StatefulSet's index in the explanation, as Service endpoints name it.
    pub(super) sts_index: usize,
}

pub(super) fn draw(
    canvas: &mut Canvas,
    sts: &StatefulSetExplanation,
    services: &[&ServiceInfo],
    moment: &Moment<'_, '_>,
) {
    header(canvas, sts);
    service_row(canvas, sts, services);
    moment_line(canvas, moment);
    columns(canvas, sts, moment);
    dns(canvas, sts, services, moment);
}

/// A box's group in the Services row: a Service (name, headless) or a PodDisruptionBudget.
enum Group<'a> {
    Service(&'a str, bool),
    Pdb(&'a str),
}

fn header(canvas: &mut Canvas, sts: &StatefulSetExplanation) {
    let strategy = match &sts.update_strategy {
        UpdateStrategy::OnDelete => "OnDelete".to_string(),
        UpdateStrategy::RollingUpdate { partition, max_unavailable } => {
            format!("RollingUpdate (partition {partition}, maxUnavailable {max_unavailable})")
        }
    };
    canvas.text(
        MARGIN,
        "heading",
        &format!(
            "StatefulSet {}/{}: {} replica(s) from ordinal {}, {}, {strategy}",
            sts.namespace,
            sts.name,
            sts.replicas,
            sts.start_ordinal,
            sts.pod_management_policy.as_str()
        ),
    );
    if sts.pods.iter().any(|pod| !pod.pvcs.is_empty()) {
        canvas.text(
            MARGIN + 8.0,
            "muted",
            &format!(
                "PVC retention: whenScaled {} (claims {} on scale-down), whenDeleted {}",
                sts.retention.when_scaled,
                if sts.retention.when_scaled == "Delete" { "deleted" } else { "kept" },
                sts.retention.when_deleted
            ),
        );
    }
    if let Some(reason) = &sts.service.reason {
        canvas.text(MARGIN + 8.0, "muted", &format!("no per-pod DNS names: {reason}"));
    }
}

/// The Services and PodDisruptionBudgets as a row of boxes.
fn service_row(canvas: &mut Canvas, sts: &StatefulSetExplanation, services: &[&ServiceInfo]) {
    // (the group's kind, its name, whether headless; the lines)
    let mut boxes: Vec<(Group<'_>, Vec<String>)> = Vec::new();
    for svc in services.iter().take(MAX_SERVICES) {
        let governs = sts.service.name.as_deref() == Some(svc.name.as_str());
        let (kind, headless) = match &svc.kind {
            ServiceKind::Headless => ("headless", true),
            ServiceKind::ClusterIp { .. } => ("cluster IP", false),
            ServiceKind::ExternalName { .. } => ("ExternalName", false),
            ServiceKind::Rejected { .. } => ("rejected by the API server", false),
        };
        let mut lines = vec![format!("Service {} ({kind}{})", svc.name, if governs { ", governing" } else { "" })];
        // Loops that push rather than `map(..).collect()`: each of those is
        // its own copy of the iterator and vector code in the docs embed.
        let mut ports: Vec<String> = Vec::new();
        for port in svc.ports.iter().take(MAX_PORTS) {
            let target =
                if port.endpoint_port == port.port { String::new() } else { format!("→{}", port.endpoint_port) };
            ports.push(match &port.name {
                Some(name) => format!("{name} {}{target}/{}", port.port, port.protocol),
                None => format!("{}{target}/{}", port.port, port.protocol),
            });
        }
        if !ports.is_empty() {
            lines.push(format!("ports {}", ports.join(", ")));
        }
        if svc.publish_not_ready_addresses {
            lines.push("publishNotReadyAddresses".into());
        }
        boxes.push((Group::Service(&svc.name, headless), lines));
    }
    for pdb in &sts.pdbs {
        let mut budget = Vec::new();
        if let Some(min) = &pdb.min_available {
            budget.push(format!("minAvailable {min}"));
        }
        if let Some(max) = &pdb.max_unavailable {
            budget.push(format!("maxUnavailable {max}"));
        }
        let lines = vec![format!("PodDisruptionBudget {}", pdb.name), budget.join(", ")];
        boxes.push((Group::Pdb(&pdb.name), lines));
    }
    if let (Some(name), false) = (&sts.service.name, sts.service.found) {
        canvas.text(MARGIN + 8.0, "muted", &format!("governing Service {name} not found"));
    }
    if boxes.is_empty() {
        canvas.text(MARGIN + 8.0, "muted", "no Service selects these pods");
        return;
    }
    let top = canvas.y + 6.0;
    let (mut x, mut row_top, mut row_height) = (MARGIN + 8.0, top, 0.0_f64);
    for (group, lines) in &boxes {
        let width = lines.iter().map(|line| text_width(line)).fold(0.0, f64::max) + 16.0;
        let height = LINE * lines.len() as f64 + 8.0;
        if x + width > MAX_ROW_WIDTH && x > MARGIN + 8.0 {
            x = MARGIN + 8.0;
            row_top += row_height + 8.0;
            row_height = 0.0;
        }
        let class = match group {
            Group::Service(name, headless) => {
                let headless = if *headless { "true" } else { "false" };
                canvas
                    .open("g")
                    .attr("class", "service")
                    .attr("data-service", name)
                    .attr("data-headless", headless)
                    .end();
                "svc"
            }
            Group::Pdb(name) => {
                canvas.open("g").attr("class", "pdb-box").attr("data-pdb", name).end();
                "pdb"
            }
        };
        canvas.rect(class, x, row_top, width, height);
        for (index, line) in lines.iter().enumerate() {
            let class = if index == 0 { "step" } else { "muted" };
            canvas.text_at(x + 8.0, row_top + LINE * (index as f64 + 1.0), class, line);
        }
        canvas.raw("</g>");
        x += width + 12.0;
        row_height = row_height.max(height);
    }
    if services.len() > MAX_SERVICES {
        canvas.text_at(x, row_top + LINE, "muted", &format!("… {} more Services", services.len() - MAX_SERVICES));
    }
    canvas.y = row_top + row_height + 4.0;
}

fn moment_line(canvas: &mut Canvas, moment: &Moment<'_, '_>) {
    let timeline = moment.timeline;
    let label = timeline.kind.label();
    let steps = timeline.steps();
    let text = if moment.at == 0 {
        format!("shown: before the {label} ({})", timeline.plan.title)
    } else if let Some(step) = timeline.plan.steps.get(moment.at - 1) {
        format!(
            "shown: {label} step {} of {steps}, {} {}; waits for {}",
            moment.at,
            step.action.verb(),
            short_list(&step.pods),
            step.waits_for
        )
    } else {
        format!("shown: {label} done ({}), every pod settled", timeline.plan.title)
    };
    canvas.y += 4.0;
    canvas.text(MARGIN + 8.0, "heading", &text);
}

/// The positions drawn as columns, `None` for the column counting the rest.
fn drawn_positions(count: usize) -> Vec<Option<usize>> {
    let half = MAX_COLUMNS / 2;
    let mut drawn = Vec::new();
    for position in 0..count {
        if count <= MAX_COLUMNS || position < half || position >= count - half {
            drawn.push(Some(position));
        } else if position == half {
            drawn.push(None);
        }
    }
    drawn
}

fn columns(canvas: &mut Canvas, sts: &StatefulSetExplanation, moment: &Moment<'_, '_>) {
    let timeline = moment.timeline;
    let pods = &timeline.pods;
    if pods.is_empty() {
        canvas.text(MARGIN + 8.0, "muted", "no pods");
        return;
    }
    let update = timeline.kind == crate::explain::PlanKind::Update;
    let partition = match (&sts.update_strategy, update) {
        (UpdateStrategy::RollingUpdate { partition, .. }, true) => Some(*partition),
        _ => None,
    };
    if update {
        let line = match &sts.update_strategy {
            UpdateStrategy::OnDelete => {
                "OnDelete: the controller replaces no pod; each pod you delete is recreated at the updated revision"
                    .to_string()
            }
            UpdateStrategy::RollingUpdate { partition, max_unavailable } => format!(
                "pods with index ≥ partition {partition} are replaced, highest ordinal first, {max_unavailable} at a time (maxUnavailable)"
            ),
        };
        canvas.text(MARGIN + 8.0, "muted", &line);
    }
    let top = canvas.y + 14.0;
    let mut x = MARGIN + 8.0;
    let mut bottom = top;
    let mut previous_index: Option<i64> = None;
    for position in drawn_positions(pods.len()) {
        let Some(position) = position else {
            let hidden = pods.len() - MAX_COLUMNS;
            let text = format!("… {hidden} more");
            let width = text_width(&text) + 16.0;
            canvas.rect("pod absent", x, top, width, LINE * 3.0 + 8.0);
            canvas.text_at(x + 8.0, top + LINE, "muted", &text);
            canvas.text_at(x + 8.0, top + LINE * 2.0, "muted", "pods");
            x += width + 12.0;
            previous_index = None;
            continue;
        };
        let pod = &pods[position];
        let state = timeline.pod(position, moment.at);
        if let (Some(boundary), Some(before)) = (partition, previous_index) {
            if before < boundary && pod.index >= boundary {
                partition_line(canvas, x - 6.0, top, boundary);
            }
        }
        if let (Some(boundary), None, true) = (partition, previous_index, position > 0) {
            // The boundary is among the pods the count column stands for.
            if pods[position - 1].index < boundary && pod.index >= boundary {
                partition_line(canvas, x - 6.0, top, boundary);
            }
        }
        previous_index = Some(pod.index);
        let mut lines: Vec<(String, &str)> = vec![
            (pod.name.clone(), "step"),
            (format!("ordinal {}", pod.ordinal), "muted"),
            (state.state.as_str().to_string(), "label"),
        ];
        if let Some(revision) = state.revision {
            lines.push((format!("{} revision", revision.as_str()), "label"));
        }
        if state.kept_by_partition {
            lines.push(("kept by partition".into(), "muted"));
        }
        let widest = lines
            .iter()
            .map(|(line, _)| text_width(line))
            .chain(pod.pvcs.iter().map(|pvc| text_width(pvc) + 16.0))
            .fold(80.0, f64::max);
        let width = widest + 16.0;
        let mut class = String::from("pod ");
        class.push_str(state.state.as_str());
        canvas
            .open("g")
            .attr("class", "pod-column")
            .attr("data-pod", &pod.name)
            .attr("data-state", state.state.as_str());
        if let Some(revision) = state.revision {
            canvas.attr("data-revision", revision.as_str());
            class.push_str(" rev-");
            class.push_str(revision.as_str());
        }
        canvas.end();
        let claims_height = (LINE + 6.0) * pod.pvcs.len() as f64;
        let height = LINE * lines.len() as f64 + 10.0 + claims_height;
        canvas.rect(&class, x, top, width, height);
        for (index, (line, class)) in lines.iter().enumerate() {
            canvas.text_at(x + 8.0, top + LINE * (index as f64 + 1.0), class, line);
        }
        let mut claim_top = top + LINE * lines.len() as f64 + 6.0;
        let removed = timeline.removes(position) && state.state == PodState::Absent;
        for pvc in &pod.pvcs {
            let fate = if removed { state.claims } else { ClaimFate::Kept };
            let deleted = fate == ClaimFate::Deleted;
            let mut title = String::from("PersistentVolumeClaim ");
            title.push_str(pvc);
            title.push_str(match (removed, deleted) {
                (true, true) => ": deleted with the pod (whenScaled: Delete)",
                (true, false) => ": kept after the pod is removed (whenScaled: Retain), reused on scale-up",
                (false, _) => ": bound to the pod",
            });
            canvas.open("g").attr("class", "pvc").attr("data-pvc", pvc).attr("data-retention", fate.as_str());
            canvas.title_end(&title);
            canvas.rect(if deleted { "claim-deleted" } else { "claim" }, x + 6.0, claim_top, width - 12.0, LINE + 2.0);
            canvas.text_at(x + 12.0, claim_top + LINE - 4.0, if deleted { "gone" } else { "mono" }, pvc);
            canvas.raw("</g>");
            claim_top += LINE + 6.0;
        }
        canvas.raw("</g>");
        bottom = bottom.max(top + height);
        x += width + 12.0;
    }
    if let Some(boundary) = partition {
        if boundary > 0 && pods.last().is_some_and(|pod| pod.index < boundary) {
            canvas.text_at(x, top + LINE, "partition-label", &format!("partition {boundary}: no pod is updated"));
        }
    }
    canvas.y = bottom + 4.0;
}

fn partition_line(canvas: &mut Canvas, x: f64, top: f64, boundary: i64) {
    canvas.open("path").attr("class", "partition").int("data-partition", boundary).name("d").push("M").number(x);
    canvas.push(" ").number(top - 12.0).push("v").number(LINE * 6.0).push("\"/>\n");
    canvas.text_at(x + 4.0, top - 3.0, "partition-label", &format!("partition {boundary}"));
}

/// The names the moment's pods and Services have, and whether each resolves.
fn dns(canvas: &mut Canvas, sts: &StatefulSetExplanation, services: &[&ServiceInfo], moment: &Moment<'_, '_>) {
    let timeline = moment.timeline;
    let mut lines: Vec<(String, bool, String)> = Vec::new();
    for svc in services.iter().take(MAX_SERVICES) {
        let (count, names) = match &svc.kind {
            ServiceKind::Headless => published(sts, svc, moment),
            _ => (0, Vec::new()),
        };
        let resolves = match &svc.kind {
            ServiceKind::ClusterIp { .. } | ServiceKind::ExternalName { .. } => true,
            ServiceKind::Rejected { .. } => false,
            ServiceKind::Headless => count > 0,
        };
        let more = if count > names.len() { format!(" … ({count} pods)") } else { String::new() };
        let mut addresses: Vec<String> = Vec::new();
        for name in &names {
            addresses.push(format!("<{name} IP>"));
        }
        let answer = match (&svc.kind, resolves) {
            (ServiceKind::Rejected { .. }, _) => "no record: the Service does not exist".to_string(),
            (ServiceKind::ClusterIp { ip }, _) => format!("A {}", ip.as_deref().unwrap_or("<cluster IP>")),
            (ServiceKind::ExternalName { target }, _) => {
                format!("CNAME {}", target.as_deref().unwrap_or("(none)"))
            }
            (ServiceKind::Headless, true) => format!("A {}{more}", addresses.join(", ")),
            (ServiceKind::Headless, false) => "NXDOMAIN (no ready endpoint)".to_string(),
        };
        lines.push((svc.fqdn.clone(), resolves, answer));
        if matches!(svc.kind, ServiceKind::ClusterIp { .. } | ServiceKind::Headless) {
            for port in svc.ports.iter().take(MAX_PORTS) {
                let Some(name) = &port.name else { continue };
                let srv = format!("_{}._{}.{}", name.to_ascii_lowercase(), port.protocol, svc.fqdn);
                let answer = match (&svc.kind, resolves) {
                    (ServiceKind::Headless, true) => format!("SRV {} on {count} pod(s)", port.endpoint_port),
                    (_, true) => format!("SRV {} {}", port.port, svc.fqdn),
                    (_, false) => "NXDOMAIN (no ready endpoint)".to_string(),
                };
                lines.push((srv, resolves, answer));
            }
        }
    }
    for position in drawn_positions(timeline.pods.len()).into_iter().flatten() {
        let pod = &timeline.pods[position];
        let Some(fqdn) = &pod.fqdn else { continue };
        let state = timeline.pod(position, moment.at);
        let answer = match (state.resolves, state.state) {
            (true, PodState::Pending) => format!("A <{} IP> (published before Ready)", pod.name),
            (true, _) => format!("A <{} IP>", pod.name),
            (false, PodState::Pending) => "NXDOMAIN (not Ready yet)".to_string(),
            (false, _) => format!("NXDOMAIN (pod {})", state.state.as_str()),
        };
        lines.push((fqdn.clone(), state.resolves, answer));
    }
    if lines.is_empty() {
        return;
    }
    canvas.text(MARGIN + 8.0, "label", "DNS at this moment:");
    let name_width = lines.iter().map(|(name, _, _)| text_width(name)).fold(0.0, f64::max);
    for (name, resolves, answer) in lines {
        canvas.y += LINE;
        let class = if resolves { "mono" } else { "no" };
        let y = canvas.y;
        canvas.open("text").attr("class", class).attr("data-dns", &name);
        canvas.attr("data-resolves", if resolves { "true" } else { "false" }).num("x", MARGIN + 16.0).num("y", y);
        canvas.push(">").escaped(&name).push("</text>\n");
        let x = MARGIN + 16.0 + name_width + 16.0;
        canvas.text_at(x, canvas.y, class, &answer);
    }
}

/// The pods of `sts` headless Service `svc` publishes at the moment, as
/// (how many, the first few names).
fn published(sts: &StatefulSetExplanation, svc: &ServiceInfo, moment: &Moment<'_, '_>) -> (usize, Vec<String>) {
    let timeline = moment.timeline;
    let governing = sts.service.name.as_deref() == Some(svc.name.as_str()) && sts.service.reason.is_none();
    let publishes = |position: usize| {
        let state = timeline.pod(position, moment.at);
        if governing {
            return state.resolves;
        }
        match state.state {
            PodState::Ready => true,
            PodState::Pending => svc.publish_not_ready_addresses,
            PodState::Absent => false,
        }
    };
    let (mut count, mut names) = (0, Vec::new());
    let mut add = |position: usize| {
        if publishes(position) {
            if let (true, Some(pod)) = (count < 3, timeline.pods.get(position)) {
                names.push(pod.name.clone());
            }
            count += 1;
        }
    };
    if governing {
        for position in 0..timeline.pods.len() {
            add(position);
        }
    } else {
        for &(index, position) in &svc.endpoints {
            if index == moment.sts_index {
                add(position);
            }
        }
    }
    (count, names)
}

fn short_list(pods: &[String]) -> String {
    match pods {
        [] => String::new(),
        [one] => one.clone(),
        [first, .., last] if pods.len() > 4 => format!("{first} … {last} ({} pods)", pods.len()),
        all => all.join(", "),
    }
}
