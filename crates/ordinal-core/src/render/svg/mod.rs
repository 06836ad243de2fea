//! A self-contained SVG picture of an explanation: per StatefulSet one
//! figure of its Services, PodDisruptionBudgets, pods (one column each, from
//! `ordinals.start`), claims and DNS names at one moment of the shown plan,
//! then every plan as steps along a time axis, then the DNS records table.
//!
//! The shown plan is the rolling update when asked for, else the scale,
//! else the startup ([`PlanKind::shown`]); the moment is a step of it
//! ([`render_at`]) or, by default, the end of it. The states come from
//! [`Timeline`], which cites the controller and DNS sources.
//!
//! Scripts and docs authors can read the picture through data attributes:
//! a group per pod with `data-pod`, `data-state="absent|pending|ready"` and,
//! in the update view, `data-revision="updated|current"`; `data-pvc` with
//! `data-retention="kept|deleted"`; `data-service` with
//! `data-headless="true|false"`; `data-dns="<fqdn>"` with
//! `data-resolves="true|false"`; `data-step` (and `data-plan`) on step markers.
//!
//! The picture has no background and draws with `currentColor` ([`style`]),
//! so it reads on light and dark pages; it has a `<title>` and a `<desc>`.
//! Every piece of text is XML-escaped. The output depends only on the
//! explanation and the step (no ids, no time).

mod canvas;
mod figure;
mod style;
mod timeline;

pub use canvas::escape;

use crate::explain::{Explanation, PlanKind, ServiceInfo, StatefulSetExplanation, Timeline};
use canvas::{Canvas, LINE, MARGIN};

const MAX_VALUES: usize = 12;
const MAX_RECORDS: usize = 40;
/// StatefulSets drawn. A browser lays out every element of an SVG before it
/// shows any of it, so thousands of StatefulSets (a 56 KB share link holds
/// 16,000) would stall the playground and embed; the rest are counted in a note.
const MAX_STATEFULSETS: usize = 50;

/// Render `explanation` as an SVG document, each figure at the end of its shown plan.
pub fn render(explanation: &Explanation) -> String {
    render_at(explanation, None)
}

/// The number of steps of the plan shown for each StatefulSet drawn, the
/// largest first-to-last range [`render_at`] accepts being `0..=max`.
pub fn shown_steps(explanation: &Explanation) -> usize {
    explanation
        .statefulsets
        .iter()
        .take(MAX_STATEFULSETS)
        .filter_map(|sts| PlanKind::shown(sts, explanation.show_update).plan(sts))
        .map(|plan| plan.steps.len())
        .max()
        .unwrap_or(0)
}

/// Render `explanation` with every figure at step `at` of its shown plan
/// (0: before it; a step past a StatefulSet's last: when it is done), or
/// at the end when `at` is `None`.
pub fn render_at(explanation: &Explanation, at: Option<usize>) -> String {
    let mut canvas = Canvas::default();
    let title =
        format!("Ordinal: StatefulSet pods, claims, Services and DNS (cluster domain {})", explanation.cluster_domain);
    canvas.text(MARGIN, "title", &title);
    canvas.y += LINE * 0.5;
    if explanation.statefulsets.is_empty() {
        canvas.text(MARGIN, "muted", "no StatefulSet in the input");
    }
    let by_statefulset = services_by_statefulset(explanation);
    let mut description = Vec::new();
    for (index, sts) in explanation.statefulsets.iter().enumerate().take(MAX_STATEFULSETS) {
        let kind = PlanKind::shown(sts, explanation.show_update);
        let Some(timeline) = Timeline::new(sts, kind) else { continue };
        let moment = figure::Moment {
            timeline: &timeline,
            at: at.unwrap_or(usize::MAX).min(timeline.steps() + 1),
            sts_index: index,
        };
        let mut services: Vec<&ServiceInfo> = Vec::new();
        for &service in by_statefulset.get(index).into_iter().flatten() {
            services.extend(explanation.services.get(service));
        }
        figure::draw(&mut canvas, sts, &services, &moment);
        description.push(describe(sts, &moment));
        canvas.y += LINE * 0.5;
        let mut kinds = vec![PlanKind::Startup, PlanKind::Scale];
        if explanation.show_update {
            kinds.push(PlanKind::Update);
        }
        kinds.push(PlanKind::ScaleDown);
        for other in kinds {
            if other == kind {
                timeline::draw(&mut canvas, &timeline, Some(moment.at));
            } else if let Some(drawn) = Timeline::new(sts, other) {
                timeline::draw(&mut canvas, &drawn, None);
            }
        }
        canvas.y += LINE;
    }
    if explanation.statefulsets.len() > MAX_STATEFULSETS {
        canvas.text(
            MARGIN,
            "muted",
            &format!(
                "… {} more StatefulSets not drawn: the first {MAX_STATEFULSETS} of {} are (the JSON and text output list all)",
                explanation.statefulsets.len() - MAX_STATEFULSETS,
                explanation.statefulsets.len()
            ),
        );
        canvas.y += LINE;
    }
    for note in &explanation.notes {
        canvas.text(MARGIN, "muted", &format!("note: {note}"));
    }
    records(&mut canvas, explanation);
    canvas.finish(&title, &description.join(" "))
}

/// For each StatefulSet, the Services to draw with it: the governing one
/// first, then the others that select its pods, in input order.
fn services_by_statefulset(explanation: &Explanation) -> Vec<Vec<usize>> {
    let drawn = explanation.statefulsets.len().min(MAX_STATEFULSETS);
    let mut by_statefulset: Vec<Vec<usize>> = vec![Vec::new(); drawn];
    for (index, sts) in explanation.statefulsets.iter().enumerate().take(drawn) {
        if let Some(name) = sts.service.name.as_deref() {
            if let Some(governing) =
                explanation.services.iter().position(|svc| svc.name == name && svc.namespace == sts.namespace)
            {
                by_statefulset[index].push(governing);
            }
        }
    }
    for (service, svc) in explanation.services.iter().enumerate() {
        let mut last = None;
        for &(sts, _) in &svc.endpoints {
            if last == Some(sts) {
                continue;
            }
            last = Some(sts);
            if let Some(list) = by_statefulset.get_mut(sts) {
                if !list.contains(&service) {
                    list.push(service);
                }
            }
        }
    }
    by_statefulset
}

/// One sentence for screen readers: what the figure shows.
fn describe(sts: &StatefulSetExplanation, moment: &figure::Moment<'_, '_>) -> String {
    let timeline = moment.timeline;
    let mut counts = [0usize; 3];
    for position in 0..timeline.pods.len() {
        counts[timeline.pod(position, moment.at).state as usize] += 1;
    }
    format!(
        "StatefulSet {}/{} at {} step {} of {}: {} ready, {} pending, {} absent.",
        sts.namespace,
        sts.name,
        timeline.kind.label(),
        moment.at.min(timeline.steps()),
        timeline.steps(),
        counts[crate::explain::PodState::Ready as usize],
        counts[crate::explain::PodState::Pending as usize],
        counts[crate::explain::PodState::Absent as usize],
    )
}

/// The DNS records table, once every pod is Running and Ready.
fn records(canvas: &mut Canvas, explanation: &Explanation) {
    canvas.text(MARGIN, "heading", "DNS records once every pod is Running and Ready");
    if explanation.dns.is_empty() {
        canvas.text(MARGIN + 8.0, "muted", "none");
    }
    if explanation.dns.len() > MAX_RECORDS {
        canvas.text(
            MARGIN + 8.0,
            "muted",
            &format!(
                "the first {MAX_RECORDS} of {} records (the JSON and text output list all)",
                explanation.dns.len()
            ),
        );
    }
    for record in explanation.dns.iter().take(MAX_RECORDS) {
        match record.values.as_slice() {
            [value] => {
                canvas.text(MARGIN + 8.0, "mono", &format!("{}  {}  {value}", record.name, record.record_type.as_str()))
            }
            values => {
                canvas.text(MARGIN + 8.0, "mono", &format!("{}  {}", record.name, record.record_type.as_str()));
                for value in values.iter().take(MAX_VALUES) {
                    canvas.text(MARGIN + 32.0, "mono", value);
                }
                if values.len() > MAX_VALUES {
                    canvas.text(MARGIN + 32.0, "muted", &format!("… and {} more", values.len() - MAX_VALUES));
                }
            }
        }
    }
}
