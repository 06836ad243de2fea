//! Loading, typing, pasting, clicking a diagnostic, applying a fix, the examples.

use std::fmt::Write as _;

use anyhow::{ensure, Result};
use serde_json::json;

use crate::page::median;
use crate::{Ctx, WAIT};

const TYPED: &str = "apiVersion: apps/v1\u{E007}kind: StatefulSet\u{E007}metadata: {name: web}\u{E007}spec: {serviceName: nginx, selector: {matchLabels: {app: web}}, template: {metadata: {labels: {app: web}}}}";

const PASTED: &str = "\
apiVersion: v1
kind: Service
metadata:
  name: nginx
spec:
  clusterIP: None
  selector:
    app: nginx
  selector:
    app: web
";

pub fn load_shows_first_diagnostics(ctx: &mut Ctx) -> Result<()> {
    let mut samples = Vec::new();
    for _ in 0..5 {
        ctx.open()?;
        let value = ctx.session.wait_for(
            "the first-diagnostics mark",
            WAIT,
            "const m = performance.getEntriesByName('ordinal-first-diagnostics')[0]; return m ? m.startTime : null",
            &[],
        )?;
        samples.push(value.as_f64().unwrap_or(f64::NAN));
    }
    ctx.no_fatal()?;
    let text = ctx.editor_text()?;
    ensure!(text.contains("zookeeper-server"), "the ZooKeeper example is not loaded on start: {text:.80}");
    let rows = ctx.session.js("return document.querySelectorAll('[data-testid=dns-table] tbody tr').length", &[])?;
    ensure!(rows.as_u64().unwrap_or(0) > 0, "the DNS table is empty on start");
    let _ = writeln!(
        ctx.timings,
        "page load to first diagnostics (navigation start to mark, median of {}): {:.0} ms (samples {:?})",
        samples.len(),
        median(&mut samples.clone()),
        samples.iter().map(|s| s.round()).collect::<Vec<_>>()
    );
    ctx.shot("01-load")
}

pub fn typed_manifest_gets_diagnostic_and_squiggle(ctx: &mut Ctx) -> Result<()> {
    ctx.open()?;
    let editor = ctx.session.find("[data-testid=editor]")?;
    ctx.session.click(&editor)?;
    ctx.session.send_keys(&editor, "\u{E009}a\u{E000}\u{E003}")?;
    ctx.session.send_keys(&editor, TYPED)?;
    let text = ctx.editor_text()?;
    ensure!(text.lines().count() == 4 && text.contains("serviceName: nginx"), "typed text is not as typed: {text:?}");
    let line = ctx.wait_diagnostic("service-not-found")?;
    ensure!(line == 4, "service-not-found is on line {line}, expected 4");
    let squiggles = ctx
        .session
        .wait_for(
            "a squiggle",
            WAIT,
            "const l = [...document.querySelectorAll('.cm-lintRange-error')].map(e => OrdinalEditor.lineAtDom(e)); return l.length ? l : null",
            &[],
        )?
        .to_string();
    ensure!(ctx.squiggle_lines("error")?.contains(&4), "no error squiggle on line 4 (squiggles on lines {squiggles})");
    // Hovering the squiggle shows the message.
    let squiggle = ctx.session.find(".cm-lintRange-error")?;
    ctx.session.hover(&squiggle)?;
    let tooltip = ctx.session.wait_for(
        "the hover message",
        WAIT,
        "const t = document.querySelector('.cm-tooltip-lint'); return t ? t.textContent : null",
        &[],
    )?;
    ensure!(tooltip.as_str().unwrap_or("").contains("no Service `nginx`"), "unexpected hover text {tooltip}");
    ctx.shot("02-typed")
}

pub fn pasted_manifest_click_and_docs(ctx: &mut Ctx) -> Result<()> {
    ctx.open()?;
    ctx.paste(PASTED)?;
    let line = ctx.wait_diagnostic("duplicate-key")?;
    ensure!(line == 9, "duplicate-key reported on line {line}, expected 9");
    ctx.session.wait_for(
        "a squiggle on line 9",
        WAIT,
        "return [...document.querySelectorAll('.cm-lintRange')].some(e => OrdinalEditor.lineAtDom(e) === 9) || null",
        &[],
    )?;
    // Move the cursor away, then click the diagnostic.
    ctx.session.js("OrdinalEditor.select(0, 0)", &[])?;
    let item = ctx.session.find("[data-testid=diagnostic][data-rule=duplicate-key] .message")?;
    ctx.session.click(&item)?;
    let cursor =
        ctx.session.wait_for("the cursor to move", WAIT, "return OrdinalEditor.cursorLine() === 9 || null", &[]);
    ensure!(
        cursor.is_ok(),
        "clicking the diagnostic left the cursor on line {}",
        ctx.session.js("return OrdinalEditor.cursorLine()", &[])?
    );
    let link = ctx.session.find("[data-testid=diagnostic][data-rule=duplicate-key] a.rule")?;
    ctx.session.click(&link)?;
    let docs = ctx.session.find("[data-testid=rule-docs]")?;
    ensure!(ctx.session.attribute(&docs, "data-rule")?.as_deref() == Some("duplicate-key"), "wrong rule docs shown");
    let text = ctx.session.text(&docs)?;
    ensure!(text.contains("What it flags"), "rule docs lack their headings: {text:.200}");
    ctx.shot("03-pasted-clicked-docs")
}

pub fn apply_fix_makes_the_service_headless(ctx: &mut Ctx) -> Result<()> {
    ctx.open()?;
    ctx.choose_example("broken: Service is not headless")?;
    ctx.wait_diagnostic("service-not-headless")?;
    ctx.shot("04a-before-fix")?;
    let button =
        ctx.session.find("[data-testid=diagnostic][data-rule=service-not-headless] [data-testid=apply-fix]")?;
    ctx.session.click(&button)?;
    ctx.session.wait_for(
        "the service-not-headless diagnostic to go",
        WAIT,
        "return !document.querySelector('[data-testid=diagnostic][data-rule=service-not-headless]') || null",
        &[],
    )?;
    let text = ctx.editor_text()?;
    ensure!(text.contains("clusterIP: None"), "the fix did not reach the editor:\n{text}");
    ctx.session.wait_for(
        "the per-pod DNS name",
        WAIT,
        "return document.querySelector('[data-testid=dns-table]').textContent.includes('zookeeper-1.zookeeper-server.default.svc.cluster.local') || null",
        &[],
    )?;
    ctx.shot("04b-after-fix")
}

pub fn every_example_loads(ctx: &mut Ctx) -> Result<()> {
    ctx.open()?;
    let titles = ctx.session.js(
        "return [...document.querySelectorAll('[data-testid=examples] option')].map(o => o.value).filter(v => v)",
        &[],
    )?;
    let titles: Vec<String> =
        titles.as_array().into_iter().flatten().filter_map(|t| t.as_str().map(String::from)).collect();
    ensure!(titles.len() >= 5, "only {} examples: {titles:?}", titles.len());
    let mut previous = String::new();
    for (index, title) in titles.iter().enumerate() {
        ctx.choose_example(title)?;
        let text = ctx.editor_text()?;
        ensure!(text != previous, "choosing `{title}` did not change the text");
        previous = text;
        ctx.no_fatal()?;
        let diagnostics = ctx.diagnostics()?;
        if title.starts_with("broken") {
            ensure!(!diagnostics.is_empty(), "`{title}` shows no diagnostics");
        }
        let svg = ctx.session.js("return document.querySelectorAll('[data-testid=explain] svg').length", &[])?;
        ensure!(svg == json!(1), "`{title}` has no explain SVG");
        ctx.shot(&format!("05-example-{}", index + 1))?;
    }
    Ok(())
}
