//! Hostile input, broken and panicking WASM, `file://`, and the re-lint timing.

use std::fmt::Write as _;
use std::fs;
use std::time::Duration;

use anyhow::{ensure, Result};
use ordinal_browser_tests::static_server::StaticServer;
use serde_json::{json, Value};

use crate::page::median;
use crate::{Ctx, WAIT};

const HOSTILE: &str = r#"# <script>window.__pwned = 'comment'</script>
apiVersion: v1
kind: Service
metadata:
  name: "<img src=x onerror=\"window.__pwned='svc'\">"
  labels: {"<script>window.__pwned='label'</script>": "<b>x</b>"}
spec:
  clusterIP: None
  selector: {app: "<script>window.__pwned='sel'</script>"}
  ports:
  - name: "</text><script>window.__pwned='port'</script>"
    port: 80
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: "<svg onload=\"window.__pwned='sts'\">"
spec:
  serviceName: "<script>window.__pwned='sn'</script>"
  replicas: 2
  selector:
    matchLabels: {app: "<script>window.__pwned='sel'</script>"}
  template:
    metadata:
      labels: {app: "<script>window.__pwned='sel'</script>"}
    spec:
      containers:
      - name: "<iframe src=javascript:window.__pwned='c'>"
        image: "x\"><script>window.__pwned='img'</script>"
"#;

/// Deeply nested flow collections: the core reports its nesting limit, and
/// no CodeMirror extension (highlighting, bracket matching, lint marks)
/// throws while the text is shown, the cursor moves through it and it is
/// edited.
pub fn deep_brackets_crash_no_editor_extension(ctx: &mut Ctx) -> Result<()> {
    ctx.open()?;
    for (name, text) in [
        ("mixed", format!("a: {}{}\n", "[{".repeat(5_000), "}]".repeat(5_000))),
        ("unclosed", format!("a: {}\n", "[".repeat(20_000))),
    ] {
        ctx.paste(&text)?;
        ctx.settle()?;
        ctx.wait_diagnostic("yaml-syntax")?;
        let length = text.len();
        for at in [0, 3, 4, length / 2, length - 2, length] {
            ctx.session.js("OrdinalEditor.select(arguments[0], arguments[0])", &[json!(at)])?;
        }
        let editor = ctx.session.find("[data-testid=editor]")?;
        ctx.session.send_keys(&editor, "]")?;
        ctx.settle()?;
        ctx.wait_diagnostic("yaml-syntax")?;
        // The editor draws only what is in view: go to the finding first.
        ctx.session.click(&ctx.session.find("[data-testid=diagnostic][data-rule=yaml-syntax]")?)?;
        ctx.session.wait_for(
            "the lint mark of the finding",
            WAIT,
            "return document.querySelector('.cm-lintRange-error') ? true : null",
            &[],
        )?;
        let caught = ctx.session.js("return OrdinalEditor.caughtExceptions()", &[])?;
        ensure!(caught == json!([]), "{name}: an editor extension threw: {caught}");
        ctx.no_fatal()?;
    }
    ctx.shot("10-deep-brackets")
}

pub fn hostile_manifest_executes_nothing(ctx: &mut Ctx) -> Result<()> {
    ctx.open()?;
    ctx.paste(HOSTILE)?;
    ctx.settle()?;
    ctx.session.wait_for(
        "diagnostics of the hostile manifest",
        WAIT,
        "return document.querySelectorAll('[data-testid=diagnostic]').length || null",
        &[],
    )?;
    // Look the names up too, so that the answer pane renders them.
    let query = ctx.session.find("[data-testid=nslookup-query]")?;
    ctx.session.send_keys(&query, "<script>window.__pwned='q'</script>\u{E007}")?;
    std::thread::sleep(Duration::from_millis(300));
    let pwned = ctx.session.js("return window.__pwned === undefined ? null : String(window.__pwned)", &[])?;
    ensure!(pwned.is_null(), "a script from the manifest ran: __pwned = {pwned}");
    let active = ctx.session.js(
        "return [...document.querySelectorAll('#app script, #app iframe, #app img, #app object, #app embed, #app foreignObject, #app [onload], #app [onerror], #app b')].map(e => e.outerHTML.slice(0, 80))",
        &[],
    )?;
    ensure!(active == json!([]), "elements from the manifest were created: {active}");
    let listed = ctx.session.js("return document.querySelector('.diagnostics').textContent", &[])?;
    let listed = listed.as_str().unwrap_or("");
    ensure!(
        listed.contains("<script>") || listed.contains("<img") || listed.contains("<svg"),
        "the hostile names are not shown as text: {listed:.300}"
    );
    ctx.no_fatal()?;
    ctx.shot("09-hostile")
}

pub fn broken_wasm_shows_an_error(ctx: &mut Ctx) -> Result<()> {
    let dir = std::env::temp_dir().join(format!("ordinal-e2e-broken-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir)?;
    for entry in fs::read_dir(&ctx.dist)? {
        let entry = entry?;
        if entry.file_type()?.is_file() {
            fs::copy(entry.path(), dir.join(entry.file_name()))?;
        }
    }
    fs::write(dir.join("ordinal_playground_bg.wasm"), b"\0asm\x01\0\0\0 this is not a module")?;
    let server = StaticServer::start(dir.clone(), 0)?;
    ctx.session.goto(&server.url("/"))?;
    let message = ctx.session.wait_for("the error box", WAIT,
        "const e = document.getElementById('fatal'); return e && !e.hidden && e.offsetHeight > 0 ? e.textContent : null", &[])?;
    ensure!(message.as_str().unwrap_or("").contains("Ordinal failed"), "unexpected error text {message}");
    ctx.shot("10-broken-wasm")?;
    let _ = fs::remove_dir_all(&dir);
    Ok(())
}

pub fn wasm_panic_shows_an_error(ctx: &mut Ctx) -> Result<()> {
    ctx.open()?;
    ctx.no_fatal()?;
    ctx.session.js("try { wasm_bindgen.__ordinalTestPanic(); } catch (e) { window.__panicError = String(e); }", &[])?;
    let message = ctx.session.wait_for("the error box after a panic", WAIT,
        "const e = document.getElementById('fatal'); return e && !e.hidden && e.offsetHeight > 0 ? e.textContent : null", &[])?;
    let message = message.as_str().unwrap_or_default();
    ensure!(
        message.contains("Ordinal crashed") && message.contains("test panic requested"),
        "unexpected error text {message}"
    );
    ctx.shot("10b-panic")
}

pub fn works_from_file_url(ctx: &mut Ctx) -> Result<()> {
    let index = ctx.dist.join("index.html");
    ctx.session.goto(&format!("file://{}", index.display()))?;
    ctx.wait_ready(&ctx.session)?;
    ctx.no_fatal()?;
    ctx.session.wait_for(
        "diagnostics from file://",
        WAIT,
        "return document.querySelector('[data-testid=dns-table] tbody tr') ? true : null",
        &[],
    )?;
    ctx.shot("11-file-url")
}

/// A manifest of exactly 300 lines: ten Service + StatefulSet pairs.
fn manifest_300_lines(variant: usize) -> String {
    let mut text = String::new();
    for i in 0..10 {
        let _ = write!(
            text,
            "apiVersion: v1\nkind: Service\nmetadata:\n  name: svc-{i}\nspec:\n  clusterIP: None\n  selector:\n    app: app-{i}\n  ports:\n  - port: 2888\n---\napiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: app-{i}\nspec:\n  serviceName: svc-{i}\n  replicas: {}\n  selector:\n    matchLabels:\n      app: app-{i}\n  template:\n    metadata:\n      labels:\n        app: app-{i}\n    spec:\n      containers:\n      - name: main\n        image: example/app:{variant}\n",
            3 + variant
        );
        if i < 9 {
            text.push_str("---\n");
        } else {
            text.push_str("# end\n");
        }
    }
    text
}

pub fn relint_timing(ctx: &mut Ctx) -> Result<()> {
    let yaml = manifest_300_lines(0);
    ensure!(yaml.lines().count() == 300, "the timing manifest has {} lines", yaml.lines().count());
    ctx.open()?;
    // The core lint call alone, as the page makes it (the exported binding).
    let runs = 201;
    let value = ctx.session.js(
        "const yaml = arguments[0], runs = arguments[1], times = [];
         wasm_bindgen.lint(yaml, '{}');
         for (let i = 0; i < runs; i++) { const t = performance.now(); wasm_bindgen.lint(yaml, '{}'); times.push(performance.now() - t); }
         const explain = [];
         for (let i = 0; i < runs; i++) { const t = performance.now(); wasm_bindgen.explain(yaml, '{}'); explain.push(performance.now() - t); }
         return [times, explain, JSON.parse(wasm_bindgen.lint(yaml, '{}')).summary.resources];",
        &[json!(yaml), json!(runs)],
    )?;
    let mut lint: Vec<f64> = value[0].as_array().into_iter().flatten().filter_map(Value::as_f64).collect();
    let mut explain: Vec<f64> = value[1].as_array().into_iter().flatten().filter_map(Value::as_f64).collect();
    ensure!(value[2] == json!(20), "the timing manifest has {} resources, expected 20", value[2]);
    // Through the UI: paste, then read how long the page's analysis (lint + explain) took.
    let mut ui = Vec::new();
    for i in 0..21 {
        let text = manifest_300_lines(i % 2 + 1);
        let generation = ctx.session.js("return document.querySelector('[data-testid=status]').dataset.gen", &[])?;
        ctx.paste(&text)?;
        let ms = ctx.session.wait_for("the UI analysis", WAIT,
            "const s = document.querySelector('[data-testid=status]'); return s.textContent.includes('20 resource') && s.dataset.gen !== arguments[0] ? s.dataset.ms : null",
            &[generation])?;
        ui.push(ms.as_str().and_then(|s| s.parse::<f64>().ok()).unwrap_or(f64::NAN));
    }
    let (lint_median, explain_median, ui_median) = (median(&mut lint), median(&mut explain), median(&mut ui));
    let _ = writeln!(
        ctx.timings,
        "300-line manifest (20 resources), medians in Chromium: lint {lint_median:.2} ms ({runs} runs), explain {explain_median:.2} ms ({runs} runs), UI re-analysis (lint + explain) {ui_median:.2} ms (21 edits)"
    );
    ensure!(lint_median < 16.0, "re-lint of 300 lines takes {lint_median:.2} ms, more than a frame");
    ctx.shot("12-300-lines")
}
