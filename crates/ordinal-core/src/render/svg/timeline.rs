//! A plan as steps along a time axis: one box per step (what it does, to
//! which pods, what it waits for), left to right, wrapping when the row
//! gets too wide. Each box is a `data-step` group; the shown step of the
//! shown plan is marked `selected`.

use super::canvas::{text_width, Canvas, LINE, MARGIN};
use crate::explain::{ClaimFate, PodState, StepAction, Timeline};

const LABEL_WIDTH: f64 = 96.0;
const GAP: f64 = 22.0;
const MAX_ROW_WIDTH: f64 = 1100.0;
/// Pods drawn per step box and steps per timeline: the rest is summarised
/// so that a 1000-pod set stays a readable picture.
const MAX_PODS_PER_BOX: usize = 8;
pub(super) const MAX_STEPS: usize = 24;

/// Draw `timeline`; `selected` is the step marked as the one shown.
pub(super) fn draw(canvas: &mut Canvas, timeline: &Timeline<'_>, selected: Option<usize>) {
    let plan = timeline.plan;
    let label = timeline.kind.label();
    let top = canvas.y;
    canvas.text_at(MARGIN + 8.0, top + LINE, "label", label);
    if plan.steps.is_empty() {
        let note = plan.notes.first().map_or("no steps", String::as_str);
        canvas.text_at(MARGIN + LABEL_WIDTH, top + LINE, "muted", note);
        canvas.y = top + LINE * 1.5;
        return;
    }
    let mut x = MARGIN + LABEL_WIDTH;
    let mut row_top = top;
    let mut row_height: f64 = 0.0;
    let count = plan.steps.len();
    let mut previous: Option<usize> = None;
    for number in visible_steps(count, selected) {
        let Some(step) = plan.steps.get(number - 1) else { continue };
        let heading = format!("{number}. {}", step.action.verb());
        let mut lines: Vec<(String, &str)> = Vec::new();
        for pod in step.pods.iter().take(MAX_PODS_PER_BOX) {
            lines.push((pod.clone(), "mono"));
        }
        if step.pods.len() > MAX_PODS_PER_BOX {
            lines.push((format!("… {} more", step.pods.len() - MAX_PODS_PER_BOX), "muted"));
        }
        if step.action == StepAction::Delete {
            if let Some(fate) = claims_after(timeline, number) {
                lines.push((format!("claims {}", fate.as_str()), "muted"));
            }
        }
        let widest = lines.iter().map(|(line, _)| text_width(line)).fold(text_width(&heading), f64::max);
        let box_width = widest + 16.0;
        let box_height = LINE * (lines.len() as f64 + 1.0) + 8.0;
        if x + box_width > MAX_ROW_WIDTH && x > MARGIN + LABEL_WIDTH {
            x = MARGIN + LABEL_WIDTH;
            row_top += row_height + 10.0;
            row_height = 0.0;
        } else if let Some(before) = previous {
            let arrow_y = row_top + LINE;
            if number > before + 1 {
                canvas.text_at(x - GAP + 2.0, arrow_y - 4.0, "muted", "…");
            }
            canvas.open("path").attr("class", "arrow").name("d").push("M").number(x - GAP + 3.0).push(" ");
            canvas.number(arrow_y).push("h").number(GAP - 6.0).push("m-5 -4l5 4l-5 4\"/>\n");
        }
        let class = match step.action {
            StepAction::Create => "create",
            StepAction::Delete => "delete",
            StepAction::Update => "update",
        };
        let chosen = if selected == Some(number) { " selected" } else { "" };
        canvas.open("g").attr("class", "step-marker").attr("data-plan", label).int("data-step", number as i64);
        canvas.title_end(&format!(
            "step {number} of {count}: {} {}; waits for: {}",
            step.action.verb(),
            step.pods.join(", "),
            step.waits_for
        ));
        canvas.rect(&format!("box {class}{chosen}"), x, row_top + 2.0, box_width, box_height);
        canvas.text_at(x + 8.0, row_top + LINE, "step", &heading);
        for (line, (text, class)) in lines.iter().enumerate() {
            canvas.text_at(x + 8.0, row_top + LINE * (line as f64 + 2.0), class, text);
        }
        canvas.raw("</g>");
        x += box_width + GAP;
        row_height = row_height.max(box_height);
        previous = Some(number);
    }
    canvas.y = row_top + row_height + 10.0;
    if count > MAX_STEPS {
        canvas.text(MARGIN + LABEL_WIDTH, "muted", &format!("{count} steps; {MAX_STEPS} drawn"));
        canvas.y += LINE * 0.5;
    }
}

/// The steps drawn: all when they fit, else the first ones, the last one
/// and the selected one.
fn visible_steps(count: usize, selected: Option<usize>) -> Vec<usize> {
    let mut steps = Vec::new();
    for number in 1..=count.min(MAX_STEPS - 2) {
        steps.push(number);
    }
    if count <= MAX_STEPS {
        for number in MAX_STEPS - 1..=count {
            steps.push(number);
        }
        return steps;
    }
    if let Some(chosen) = selected.filter(|&chosen| chosen >= MAX_STEPS - 1 && chosen < count) {
        steps.push(chosen);
    } else {
        steps.push(MAX_STEPS - 1);
    }
    steps.push(count);
    steps
}

/// What happened to the claims of the pods step `number` deletes, when they have any.
fn claims_after(timeline: &Timeline<'_>, number: usize) -> Option<ClaimFate> {
    let position = (0..timeline.pods.len()).find(|&position| {
        timeline.removes(position)
            && !timeline.pods[position].pvcs.is_empty()
            && timeline.pod(position, number).state == PodState::Absent
            && timeline.pod(position, number - 1).state != PodState::Absent
    })?;
    Some(timeline.pod(position, number).claims)
}
