//! A self-contained SVG picture of an explanation: per StatefulSet a
//! timeline of controller steps (one box per step, pods inside), the step
//! from which each per-pod DNS name resolves, and the DNS records table.
//!
//! The picture has no background and draws with `currentColor`, whose value
//! an embedded `<style>` sets for light pages and, through
//! `prefers-color-scheme: dark`, for dark ones. Every piece of text is
//! XML-escaped. The output depends only on the explanation (no ids, no time).

use std::fmt::Write;

use crate::explain::{Explanation, Plan, StatefulSetExplanation, StepAction};

const MARGIN: f64 = 16.0;
const CHAR_WIDTH: f64 = 7.3;
/// Width of a 14px bold title glyph relative to a 12px one.
const TITLE_SCALE: f64 = 1.2;
const LINE: f64 = 18.0;
const LABEL_WIDTH: f64 = 96.0;
const GAP: f64 = 22.0;
const MAX_ROW_WIDTH: f64 = 1100.0;
/// Pods drawn per step box, steps per timeline and values per DNS record;
/// the rest is summarised so that a 1000-pod set stays a readable picture.
const MAX_PODS_PER_BOX: usize = 8;
const MAX_STEPS: usize = 24;
const MAX_VALUES: usize = 12;
const MAX_RECORDS: usize = 40;
/// StatefulSets drawn. A browser lays out every element of an SVG before it
/// shows any of it, so thousands of StatefulSets (a 56 KB share link holds
/// 16,000) would stall the playground and embed; the rest are counted in a note.
const MAX_STATEFULSETS: usize = 50;

/// Render `explanation` as an SVG document.
pub fn render(explanation: &Explanation) -> String {
    let mut canvas = Canvas::default();
    canvas.text(
        MARGIN,
        "title",
        &format!("Ordinal: StatefulSet order and DNS (cluster domain {})", explanation.cluster_domain),
    );
    canvas.y += LINE * 0.5;
    if explanation.statefulsets.is_empty() {
        canvas.text(MARGIN, "muted", "no StatefulSet in the input");
    }
    for sts in explanation.statefulsets.iter().take(MAX_STATEFULSETS) {
        statefulset(&mut canvas, sts, explanation.show_update);
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
    canvas.finish()
}

fn statefulset(canvas: &mut Canvas, sts: &StatefulSetExplanation, show_update: bool) {
    canvas.text(
        MARGIN,
        "heading",
        &format!(
            "StatefulSet {}/{}: {} replica(s), {}",
            sts.namespace,
            sts.name,
            sts.replicas,
            sts.pod_management_policy.as_str()
        ),
    );
    let service = match (&sts.service.name, &sts.service.reason) {
        (Some(name), None) => format!("governing Service {name} (headless)"),
        (_, Some(reason)) => format!("no per-pod DNS names: {reason}"),
        (None, None) => "no governing Service".to_string(),
    };
    canvas.text(MARGIN + 8.0, "muted", &service);
    canvas.y += LINE * 0.25;
    timeline(canvas, "startup", &sts.startup);
    if let Some(scale) = &sts.scale {
        timeline(canvas, "scale", scale);
    }
    if show_update {
        timeline(canvas, "update", &sts.rolling_update);
    }
    timeline(canvas, "scale-down", &sts.scale_down);
    // Startup creates the pods in list order, so the pods of step after
    // step are the pods in order: the step of each named pod is found by
    // walking both once (a lookup by name per pod would cost pods²).
    let publish = sts.service.publish_not_ready_addresses;
    let mut pods = sts.pods.iter().peekable();
    let mut shown = Vec::new();
    let mut count = 0;
    for (number, step) in sts.startup.steps.iter().enumerate() {
        for name in &step.pods {
            while pods.next_if(|identity| &identity.name != name).is_some() {}
            let Some(fqdn) = pods.next().and_then(|identity| identity.fqdn.as_deref()) else { continue };
            count += 1;
            if shown.len() < MAX_VALUES {
                // Names that resolve before Ready are those of a Service with
                // publishNotReadyAddresses; the others wait for the step.
                let when = if publish {
                    format!("from step {} (publishNotReadyAddresses)", number + 1)
                } else {
                    format!("once step {} is Ready", number + 1)
                };
                shown.push(format!("{fqdn}  {when}"));
            }
        }
    }
    if count > 0 {
        canvas.text(MARGIN + 8.0, "muted", "per-pod DNS names:");
        for name in &shown {
            canvas.text(MARGIN + 16.0, "mono", name);
        }
        if count > MAX_VALUES {
            canvas.text(MARGIN + 16.0, "muted", &format!("… and {} more", count - MAX_VALUES));
        }
    }
}

/// One row of step boxes, wrapping when it gets too wide.
fn timeline(canvas: &mut Canvas, label: &str, plan: &Plan) {
    let top = canvas.y;
    canvas.raw(format!(
        r#"<text class="label" x="{}" y="{}">{}</text>"#,
        fmt(MARGIN + 8.0),
        fmt(top + LINE),
        escape(label)
    ));
    if plan.steps.is_empty() {
        let note = plan.notes.first().map_or("no steps", String::as_str);
        canvas.raw(format!(
            r#"<text class="muted" x="{}" y="{}">{}</text>"#,
            fmt(MARGIN + LABEL_WIDTH),
            fmt(top + LINE),
            escape(note)
        ));
        canvas.width = canvas.width.max(MARGIN + LABEL_WIDTH + text_width(note));
        canvas.y = top + LINE * 1.5;
        return;
    }
    let mut x = MARGIN + LABEL_WIDTH;
    let mut row_top = top;
    let mut row_height: f64 = 0.0;
    for (number, step) in plan.steps.iter().enumerate().take(MAX_STEPS) {
        let heading = format!("{}. {}", number + 1, step.action.verb());
        let mut lines: Vec<String> = step.pods.iter().take(MAX_PODS_PER_BOX).cloned().collect();
        if step.pods.len() > MAX_PODS_PER_BOX {
            lines.push(format!("… {} more", step.pods.len() - MAX_PODS_PER_BOX));
        }
        let widest = lines.iter().map(|line| text_width(line)).fold(text_width(&heading), f64::max);
        let box_width = widest + 16.0;
        let box_height = LINE * (lines.len() as f64 + 1.0) + 8.0;
        if x + box_width > MAX_ROW_WIDTH && x > MARGIN + LABEL_WIDTH {
            x = MARGIN + LABEL_WIDTH;
            row_top += row_height + 10.0;
            row_height = 0.0;
        } else if number > 0 {
            let arrow_y = row_top + LINE;
            canvas.raw(format!(
                r#"<path class="arrow" d="M{} {}h{}m-5 -4l5 4l-5 4"/>"#,
                fmt(x - GAP + 3.0),
                fmt(arrow_y),
                fmt(GAP - 6.0)
            ));
        }
        let class = match step.action {
            StepAction::Create => "create",
            StepAction::Delete => "delete",
            StepAction::Update => "update",
        };
        canvas.raw(format!(
            r#"<g><title>{}</title><rect class="box {class}" x="{}" y="{}" width="{}" height="{}" rx="4"/>"#,
            escape(&format!("wait for: {}", step.waits_for)),
            fmt(x),
            fmt(row_top + 2.0),
            fmt(box_width),
            fmt(box_height)
        ));
        canvas.raw(format!(
            r#"<text class="step" x="{}" y="{}">{}</text>"#,
            fmt(x + 8.0),
            fmt(row_top + LINE),
            escape(&heading)
        ));
        for (line, pod) in lines.iter().enumerate() {
            canvas.raw(format!(
                r#"<text class="mono" x="{}" y="{}">{}</text>"#,
                fmt(x + 8.0),
                fmt(row_top + LINE * (line as f64 + 2.0)),
                escape(pod)
            ));
        }
        canvas.raw("</g>".to_string());
        x += box_width + GAP;
        canvas.width = canvas.width.max(x);
        row_height = row_height.max(box_height);
    }
    canvas.y = row_top + row_height + 10.0;
    if plan.steps.len() > MAX_STEPS {
        let rest = format!("… {} more steps", plan.steps.len() - MAX_STEPS);
        canvas.text(MARGIN + LABEL_WIDTH, "muted", &rest);
        canvas.y += LINE * 0.5;
    }
}

#[derive(Default)]
struct Canvas {
    body: String,
    y: f64,
    width: f64,
}

impl Canvas {
    fn text(&mut self, x: f64, class: &str, text: &str) {
        self.y += LINE;
        let _ =
            write!(self.body, r#"<text class="{class}" x="{}" y="{}">{}</text>"#, fmt(x), fmt(self.y), escape(text));
        self.body.push('\n');
        // Titles are set at 14px bold, others at 12px: a monospace glyph is
        // about 0.6em wide, so the title needs a wider estimate or it is clipped.
        let width = if class == "title" { text_width(text) * TITLE_SCALE } else { text_width(text) };
        self.width = self.width.max(x + width);
    }

    fn raw(&mut self, element: String) {
        self.body.push_str(&element);
        self.body.push('\n');
    }

    fn finish(self) -> String {
        let width = (self.width + MARGIN).ceil();
        let height = (self.y + MARGIN).ceil();
        let mut out = String::new();
        let _ = writeln!(
            out,
            r#"<svg xmlns="http://www.w3.org/2000/svg" class="ordinal-explain" width="{w}" height="{h}" viewBox="0 0 {w} {h}" role="img" aria-label="StatefulSet order and DNS">"#,
            w = fmt(width),
            h = fmt(height)
        );
        out.push_str(STYLE);
        out.push_str(&self.body);
        out.push_str("</svg>\n");
        out
    }
}

const STYLE: &str = r#"<style>
.ordinal-explain { color: #1f2328; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; }
.ordinal-explain text { fill: currentColor; white-space: pre; }
.ordinal-explain .title { font-size: 14px; font-weight: bold; }
.ordinal-explain .heading { font-weight: bold; }
.ordinal-explain .muted, .ordinal-explain .label { fill-opacity: 0.72; }
.ordinal-explain .step { font-weight: bold; }
.ordinal-explain .arrow { fill: none; stroke: currentColor; stroke-opacity: 0.6; stroke-width: 1.5; }
.ordinal-explain .box { fill-opacity: 0.12; stroke-width: 1.2; }
.ordinal-explain .create { fill: #1a7f37; stroke: #1a7f37; }
.ordinal-explain .delete { fill: #cf222e; stroke: #cf222e; }
.ordinal-explain .update { fill: #0969da; stroke: #0969da; }
@media (prefers-color-scheme: dark) {
  .ordinal-explain { color: #e6edf3; }
  .ordinal-explain .create { fill: #3fb950; stroke: #3fb950; }
  .ordinal-explain .delete { fill: #f85149; stroke: #f85149; }
  .ordinal-explain .update { fill: #58a6ff; stroke: #58a6ff; }
}
</style>
"#;

fn text_width(text: &str) -> f64 {
    text.chars().count() as f64 * CHAR_WIDTH
}

/// Numbers with at most one decimal, so output is stable across platforms.
fn fmt(value: f64) -> String {
    // Formatted from integer tenths: `{:.1}` on an f64 links core's float
    // printing (about 8 KB of the docs embed's gzipped budget) for this one use.
    let tenths = (value * 10.0).round() as i64;
    let (whole, tenth) = (tenths / 10, (tenths % 10).abs());
    match (tenth, tenths < 0 && whole == 0) {
        (0, _) => whole.to_string(),
        (_, true) => format!("-0.{tenth}"),
        _ => format!("{whole}.{tenth}"),
    }
}

/// Escape text for XML content and attribute values; characters XML 1.0
/// does not allow become U+FFFD.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(character),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod number_tests {
    use super::fmt;

    #[test]
    fn coordinates_print_to_a_tenth_as_float_formatting_would() {
        for (value, expected) in [
            (0.0, "0"),
            (16.0, "16"),
            (3.04, "3"),
            (1.25, "1.3"),
            (7.3, "7.3"),
            (1100.06, "1100.1"),
            (-0.3, "-0.3"),
            (-1.5, "-1.5"),
            (-2.0, "-2"),
        ] {
            assert_eq!(fmt(value), expected, "{value}");
            let rounded = (value * 10.0_f64).round() / 10.0;
            let reference =
                if rounded.fract() == 0.0 { format!("{}", rounded as i64) } else { format!("{rounded:.1}") };
            assert_eq!(fmt(value), reference, "{value}");
        }
    }
}
