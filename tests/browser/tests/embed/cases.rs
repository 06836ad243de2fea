//! The embed's cases: the demo page, diagnostics, colour schemes, hostile
//! input, one WASM fetch for many elements, the JS API, and load timing.

use std::time::Duration;

use anyhow::{bail, ensure, Context, Result};
use serde_json::{json, Value};

use crate::{set_color_scheme, wait, Ctx, MANY};

/// Wait until every `<ordinal-statefulset>` has rendered (or failed); returns how many there are.
const ALL_SETTLED: &str = r#"
const elements = [...document.querySelectorAll("ordinal-statefulset")];
return elements.length > 0 && elements.every((e) => e.dataset.state) ? elements.length : null;
"#;

/// Text of the SVG and DNS table and the diagnostics of one element, by id.
const ELEMENT_SUMMARY: &str = r#"
const element = arguments[0] ? document.getElementById(arguments[0]) : document.querySelectorAll("ordinal-statefulset")[arguments[1]];
const root = element.shadowRoot;
return {
  state: element.dataset.state,
  scheme: root.querySelector(".wrap").dataset.scheme,
  background: getComputedStyle(root.querySelector(".wrap")).backgroundColor,
  svgText: [...root.querySelectorAll("svg text")].map((t) => t.textContent).join("\n"),
  svgCount: root.querySelectorAll("svg").length,
  dns: [...root.querySelectorAll(".dns td")].map((td) => td.textContent),
  diagnostics: [...root.querySelectorAll("li[data-rule]")].map((li) => ({
    rule: li.dataset.rule, line: Number(li.dataset.line), severity: li.dataset.severity, text: li.textContent,
  })),
  text: root.textContent,
};
"#;

pub fn demo_renders_every_element(ctx: &mut Ctx) -> Result<()> {
    let (session, server, artifacts) = (&ctx.session, &ctx.server, ctx.artifacts.as_path());
    set_color_scheme(session, "light")?;
    session.goto(&server.url("demo.html"))?;
    let count = wait(session, ALL_SETTLED, Duration::from_secs(30))?;
    ensure!(count == json!(4), "expected 4 elements (3 written, 1 enhanced), found {count}");
    let states = session.js(
        r#"return [...document.querySelectorAll("ordinal-statefulset")].map((e) => e.id + ":" + e.dataset.state);"#,
        &[],
    )?;
    ensure!(
        states.as_array().is_some_and(|list| list.iter().all(|s| s.as_str().is_some_and(|s| s.ends_with(":rendered")))),
        "not every element rendered: {states}"
    );

    let zk = session.js(ELEMENT_SUMMARY, &[json!("zk"), json!(0)])?;
    let svg = zk["svgText"].as_str().unwrap_or_default();
    for pod in ["zk-0", "zk-1", "zk-2", "zk-0.zk-hs.data.svc.cluster.local"] {
        ensure!(svg.contains(pod), "the zk SVG lacks `{pod}`:\n{svg}");
    }
    ensure!(!svg.contains("zk-3"), "the zk SVG shows a fourth pod");
    ensure!(zk["dns"].as_array().is_some_and(|cells| !cells.is_empty()), "the zk view=all has no DNS table");

    let web = session.js(ELEMENT_SUMMARY, &[json!("web"), json!(0)])?;
    let svg = web["svgText"].as_str().unwrap_or_default();
    for pod in ["web-0", "web-1", "web-1.nginx.default.svc.cluster.local"] {
        ensure!(svg.contains(pod), "the src= web SVG lacks `{pod}`:\n{svg}");
    }
    ensure!(web["dns"].as_array().is_some_and(Vec::is_empty), "view=timeline shows a DNS table");

    // The auto-enhanced code block: view and cluster domain from data- attributes.
    let enhanced = session.js(ELEMENT_SUMMARY, &[Value::Null, json!(2)])?;
    let dns: Vec<&str> = enhanced["dns"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
    ensure!(dns.contains(&"cache-1.cache.default.svc.example.internal"), "enhanced DNS table: {dns:?}");
    ensure!(enhanced["svgCount"] == json!(0), "view=dns drew the SVG");
    let code_block_kept = session
        .js(r#"return document.querySelectorAll("pre[data-ordinal-enhanced] + ordinal-statefulset").length;"#, &[])?;
    ensure!(code_block_kept == json!(1), "the enhanced code block is not followed by its element");

    let cold = session.js(
        r#"const mark = performance.getEntriesByName("ordinal-first-render")[0]; return mark ? mark.startTime : null;"#,
        &[],
    )?;
    println!(
        "      demo page, first load in a fresh browser: first element rendered {:.0} ms after navigation start",
        cold.as_f64().unwrap_or(f64::NAN)
    );
    session.screenshot(&artifacts.join("demo-light.png"))?;
    Ok(())
}

pub fn broken_manifest_shows_its_diagnostic(ctx: &mut Ctx) -> Result<()> {
    let (session, server) = (&ctx.session, &ctx.server);
    session.goto(&server.url("demo.html"))?;
    wait(session, ALL_SETTLED, Duration::from_secs(30))?;
    let broken = session.js(ELEMENT_SUMMARY, &[json!("zk-broken"), json!(0)])?;
    let diagnostics = broken["diagnostics"].as_array().context("no diagnostics list")?;
    let found = diagnostics.iter().find(|d| d["rule"] == "service-not-headless");
    let Some(diagnostic) = found else {
        bail!("the broken manifest does not show `service-not-headless`: {diagnostics:?}");
    };
    // `clusterIP` is missing, so the diagnostic points into the Service (lines 1 to 10).
    let line = diagnostic["line"].as_u64().unwrap_or(0);
    ensure!((1..=10).contains(&line), "service-not-headless on line {line}, not in the Service");
    ensure!(
        diagnostic["text"].as_str().is_some_and(|t| t.contains("zookeeper-server")),
        "message lacks the name: {diagnostic}"
    );
    // The healthy examples show no error.
    for id in ["zk", "web"] {
        let summary = session.js(ELEMENT_SUMMARY, &[json!(id), json!(0)])?;
        let errors: Vec<&Value> =
            summary["diagnostics"].as_array().into_iter().flatten().filter(|d| d["severity"] == "error").collect();
        ensure!(errors.is_empty(), "`{id}` shows errors: {errors:?}");
    }
    Ok(())
}

pub fn light_and_dark_schemes_render(ctx: &mut Ctx) -> Result<()> {
    let (session, server, artifacts) = (&ctx.session, &ctx.server, ctx.artifacts.as_path());
    for (scheme, background) in [("dark", "rgb(13, 17, 23)"), ("light", "rgb(255, 255, 255)")] {
        set_color_scheme(session, scheme)?;
        session.goto(&server.url("demo.html"))?;
        wait(session, ALL_SETTLED, Duration::from_secs(30))?;
        for index in 0..4 {
            let summary = session.js(ELEMENT_SUMMARY, &[Value::Null, json!(index)])?;
            ensure!(summary["state"] == "rendered", "element {index} in {scheme}: {}", summary["state"]);
            ensure!(
                summary["scheme"] == scheme,
                "element {index} has scheme {} under prefers {scheme}",
                summary["scheme"]
            );
            ensure!(
                summary["background"] == background,
                "element {index} background {} in {scheme}",
                summary["background"]
            );
        }
        // The SVG's text colour follows the chosen scheme, not only the media query.
        let fill = session.js(
            r#"return getComputedStyle(document.getElementById("zk").shadowRoot.querySelector("svg text")).fill;"#,
            &[],
        )?;
        let expected_fill = if scheme == "dark" { "rgb(230, 237, 243)" } else { "rgb(31, 35, 40)" };
        ensure!(fill == expected_fill, "SVG text fill {fill} in {scheme}");
        session.screenshot(&artifacts.join(format!("demo-{scheme}.png")))?;
    }
    // An explicit page `color-scheme` wins over the media query, and changes are followed.
    session.js(r#"document.documentElement.style.colorScheme = "dark";"#, &[])?;
    wait(
        session,
        r#"return document.getElementById("zk").shadowRoot.querySelector(".wrap").dataset.scheme === "dark" || null;"#,
        Duration::from_secs(5),
    )?;
    session.screenshot(&artifacts.join("demo-page-dark-os-light.png"))?;
    Ok(())
}

pub fn hostile_manifest_executes_nothing(ctx: &mut Ctx) -> Result<()> {
    let (session, server, artifacts) = (&ctx.session, &ctx.server, ctx.artifacts.as_path());
    set_color_scheme(session, "light")?;
    session.goto(&server.url("test-hostile.html"))?;
    wait(session, ALL_SETTLED, Duration::from_secs(30))?;
    wait(session, "return window.__apiDone || null;", Duration::from_secs(30))?;
    // Give any injected image time to fail and fire `onerror`.
    std::thread::sleep(Duration::from_millis(800));
    let pwned = session.js("return window.__ordinalPwned === undefined ? null : window.__ordinalPwned;", &[])?;
    ensure!(pwned.is_null(), "injected code ran (window.__ordinalPwned = {pwned})");
    let report = session.js(
        r#"
        const roots = [...document.querySelectorAll("ordinal-statefulset")].map((e) => e.shadowRoot);
        return {
          states: [...document.querySelectorAll("ordinal-statefulset")].map((e) => e.dataset.state),
          dangerous: roots.map((r) => r.querySelectorAll("script, img, iframe, object, embed, foreignObject").length),
          handlers: roots.map((r) => [...r.querySelectorAll("*")].filter((n) => [...n.attributes].some((a) => a.name.startsWith("on"))).length),
          text: roots.map((r) => r.textContent).join("\n"),
          apiSvg: window.__apiSvg,
        };
        "#,
        &[],
    )?;
    ensure!(
        report["states"].as_array().is_some_and(|s| s.iter().all(|s| s == "rendered")),
        "states: {}",
        report["states"]
    );
    ensure!(
        report["dangerous"].as_array().is_some_and(|d| d.iter().all(|n| n == 0)),
        "elements: {}",
        report["dangerous"]
    );
    ensure!(
        report["handlers"].as_array().is_some_and(|d| d.iter().all(|n| n == 0)),
        "handlers: {}",
        report["handlers"]
    );
    let text = report["text"].as_str().unwrap_or_default();
    ensure!(text.contains("<img src=x onerror=window.__ordinalPwned=3>"), "the hostile name is not shown as text");
    ensure!(text.contains("<script>"), "the hostile Service name is not shown as text");
    let api_svg = report["apiSvg"].as_str().unwrap_or_default();
    ensure!(
        api_svg.contains("&lt;img src=x") && !api_svg.contains("<img"),
        "renderSvg does not escape: {api_svg:.200}"
    );
    session.screenshot(&artifacts.join("hostile.png"))?;
    Ok(())
}

pub fn many_elements_fetch_the_wasm_once(ctx: &mut Ctx) -> Result<()> {
    let (session, server) = (&ctx.session, &ctx.server);
    session.goto(&server.url("test-many.html"))?;
    let count = wait(session, ALL_SETTLED, Duration::from_secs(60))?;
    ensure!(count == json!(MANY), "expected {MANY} elements, found {count}");
    let fetched = session.js(
        r#"
        const names = performance.getEntriesByType("resource").map((entry) => new URL(entry.name).pathname);
        return {
          wasm: names.filter((n) => n.endsWith("/ordinal_wasm_bg.wasm")).length,
          glue: names.filter((n) => n.endsWith("/ordinal_wasm.js")).length,
          rendered: [...document.querySelectorAll("ordinal-statefulset")].filter((e) => e.dataset.state === "rendered").length,
          lastPods: [...document.querySelectorAll("ordinal-statefulset")].pop().shadowRoot.textContent,
        };
        "#,
        &[],
    )?;
    ensure!(fetched["wasm"] == json!(1), "the .wasm was fetched {} times", fetched["wasm"]);
    ensure!(fetched["glue"] == json!(1), "the glue was fetched {} times", fetched["glue"]);
    ensure!(fetched["rendered"] == json!(MANY), "{} of {MANY} rendered", fetched["rendered"]);
    let last = format!("s{}-2", MANY - 1);
    ensure!(fetched["lastPods"].as_str().is_some_and(|t| t.contains(&last)), "the last element lacks `{last}`");
    Ok(())
}

pub fn js_api_returns_cli_shapes(ctx: &mut Ctx) -> Result<()> {
    let (session, server) = (&ctx.session, &ctx.server);
    session.goto(&server.url("test-api.html"))?;
    let result = wait(session, "return window.__api || null;", Duration::from_secs(30))?;
    ensure!(result["error"].is_null(), "API error: {}", result["error"]);
    let lint = &result["lint"];
    let keys =
        ["rule", "severity", "message", "help", "file", "line", "column", "end_line", "end_column", "resource", "fix"];
    let diagnostics = lint["diagnostics"].as_array().context("no diagnostics")?;
    for diagnostic in diagnostics {
        for key in keys {
            ensure!(diagnostic.get(key).is_some(), "lint diagnostic lacks `{key}`: {diagnostic}");
        }
        ensure!(diagnostic["file"] == "web.yaml", "options.file was not used: {}", diagnostic["file"]);
    }
    let not_found = diagnostics.iter().find(|d| d["rule"] == "service-not-found");
    ensure!(
        not_found.is_some_and(|d| d["line"] == 22 && d["severity"] == "error"),
        "no service-not-found error on line 22: {diagnostics:?}"
    );
    ensure!(lint["summary"]["errors"].as_u64().unwrap_or(0) >= 1, "summary: {}", lint["summary"]);
    let explain = &result["explain"];
    ensure!(
        explain["statefulsets"][0]["pods"][1]["fqdn"] == "web-1.nginx.prod.svc.example.org",
        "explain fqdn: {}",
        explain["statefulsets"][0]["pods"][1]
    );
    ensure!(explain["dns"].is_array() && explain.get("svg").is_none(), "explain is not the CLI shape: {explain}");
    let lookup = &result["nslookup"];
    ensure!(lookup["answer"]["name"] == "web-0.nginx.prod.svc.example.org", "nslookup: {lookup}");
    ensure!(lookup["tried"].as_array().is_some_and(|t| !t.is_empty()), "nslookup tried: {lookup}");
    ensure!(result["svg"].as_str().is_some_and(|s| s.starts_with("<svg")), "renderSvg: {}", result["svg"]);
    ensure!(
        result["badOptions"].as_str().is_some_and(|message| message.contains("no-such-rule")),
        "invalid options did not reject: {}",
        result["badOptions"]
    );
    ensure!(
        result["fetchedBeforeUse"] == json!(0),
        "the WASM was fetched before any call: {}",
        result["fetchedBeforeUse"]
    );
    ensure!(result["wasmFetches"] == json!(1), "the API fetched the WASM {} times", result["wasmFetches"]);
    Ok(())
}

pub fn time_to_first_render(ctx: &mut Ctx) -> Result<()> {
    let (session, server) = (&ctx.session, &ctx.server);
    set_color_scheme(session, "light")?;
    let mut first = Vec::new();
    let mut all = Vec::new();
    for _ in 0..5 {
        session.goto(&server.url("demo.html"))?;
        wait(session, ALL_SETTLED, Duration::from_secs(30))?;
        let times = session.js(
            r#"
            const mark = performance.getEntriesByName("ordinal-first-render")[0];
            const renders = window.__ordinalRenders || [];
            return { first: mark ? mark.startTime : null, all: renders.length ? Math.max(...renders) : null, count: renders.length };
            "#,
            &[],
        )?;
        first.push(times["first"].as_f64().context("no ordinal-first-render mark")?);
        all.push(times["all"].as_f64().context("no ordinal-render events recorded")?);
    }
    first.sort_by(f64::total_cmp);
    all.sort_by(f64::total_cmp);
    println!(
        "      demo page, 5 loads from 127.0.0.1 (ms since navigation start): first element rendered median {:.0} (min {:.0}, max {:.0}); all 4 rendered median {:.0} (max {:.0})",
        first[2], first[0], first[4], all[2], all[4]
    );
    ensure!(first[2] < 5000.0, "the first render took {:.0} ms", first[2]);
    Ok(())
}

/// `view="timeline"` with `step="1"` on the demo page: the slider moves the
/// pods' states and DNS names, and play runs to the end.
pub fn timeline_step_slider_and_play(ctx: &mut Ctx) -> Result<()> {
    let (session, server, artifacts) = (&ctx.session, &ctx.server, ctx.artifacts.as_path());
    set_color_scheme(session, "light")?;
    session.goto(&server.url("demo.html"))?;
    wait(session, ALL_SETTLED, Duration::from_secs(30))?;
    const STATES: &str = r#"
const root = document.getElementById("web").shadowRoot;
return {
  states: [...root.querySelectorAll("svg [data-pod]")].map((g) => g.dataset.pod + " " + g.dataset.state),
  web0: root.querySelector('svg [data-dns="web-0.nginx.default.svc.cluster.local"]')?.dataset.resolves,
  max: root.querySelector('[data-testid="step"]')?.max,
  label: root.querySelector(".steps .mono")?.textContent,
  play: root.querySelector('[data-testid="play"]')?.textContent,
};
"#;
    let first = session.js(STATES, &[])?;
    ensure!(first["states"] == json!(["web-0 pending", "web-1 absent"]), "step=\"1\": {first}");
    ensure!(first["web0"] == json!("false") && first["max"] == json!("3"), "step=\"1\": {first}");
    session.screenshot(&artifacts.join("timeline-step-1.png"))?;
    session.js(
        r#"const s = document.getElementById("web").shadowRoot.querySelector('[data-testid="step"]');
           s.value = "2"; s.dispatchEvent(new Event("change"));"#,
        &[],
    )?;
    wait(
        session,
        r#"return document.getElementById("web").getAttribute("step") === "2" &&
           document.getElementById("web").shadowRoot.querySelector('svg [data-pod="web-1"]')?.dataset.state === "pending" || null"#,
        Duration::from_secs(10),
    )?;
    let second = session.js(STATES, &[])?;
    ensure!(second["states"] == json!(["web-0 ready", "web-1 pending"]) && second["web0"] == json!("true"), "{second}");
    session.screenshot(&artifacts.join("timeline-step-2.png"))?;
    session.js(r#"document.getElementById("web").shadowRoot.querySelector('[data-testid="play"]').click();"#, &[])?;
    wait(
        session,
        r#"return !document.getElementById("web").hasAttribute("step") &&
           document.getElementById("web").shadowRoot.querySelector('[data-testid="play"]')?.textContent === "Play" || null"#,
        Duration::from_secs(10),
    )?;
    let done = session.js(STATES, &[])?;
    ensure!(done["states"] == json!(["web-0 ready", "web-1 ready"]), "done: {done}");
    session.screenshot(&artifacts.join("timeline-done.png"))?;
    Ok(())
}
