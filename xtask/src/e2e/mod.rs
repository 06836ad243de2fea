//! `cargo xtask e2e`: the playground's end-to-end tests in a real browser.
//!
//! Builds `www/dist/` (`cargo xtask dist`), installs Debian's Chromium and
//! ChromeDriver when missing, serves the site on 127.0.0.1 and drives
//! headless Chromium over WebDriver. Screenshots of the main states go to
//! `tests/artifacts/playground/`, timings to `tests/artifacts/playground/timings.txt`.
//! Every test either passes or fails with a reason; nothing is skipped.
//!
//! `cargo xtask e2e --no-build` reuses an existing `www/dist/`;
//! `cargo xtask e2e NAME...` runs only the tests whose names contain NAME.

pub(crate) mod webdriver;

use std::fmt::Write as _;
use std::fs;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::{bail, ensure, Context, Result};
use serde_json::{json, Value};

use crate::serve::StaticServer;
use crate::util::root;
use webdriver::{Driver, Session};

const WAIT: Duration = Duration::from_secs(15);

struct Ctx {
    // Fields drop in this order: the session must end (closing its
    // Chromium) while chromedriver still runs, or the browser is orphaned.
    session: Session,
    driver: Driver,
    server: StaticServer,
    artifacts: PathBuf,
    timings: String,
}

type Test = fn(&mut Ctx) -> Result<()>;

const TESTS: &[(&str, Test)] = &[
    ("load_shows_first_diagnostics", load_shows_first_diagnostics),
    ("typed_manifest_gets_diagnostic_and_squiggle", typed_manifest_gets_diagnostic_and_squiggle),
    ("pasted_manifest_diagnostic_click_moves_cursor_and_shows_docs", pasted_manifest_click_and_docs),
    ("apply_fix_makes_the_service_headless", apply_fix_makes_the_service_headless),
    ("every_example_loads", every_example_loads),
    ("explain_pane_shows_pod_dns_names", explain_pane_shows_pod_dns_names),
    ("nslookup_answers_like_the_cli", nslookup_answers_like_the_cli),
    ("share_link_restores_the_state_in_a_fresh_browser", share_link_restores_state),
    ("replicas_control_changes_the_pods_and_is_shared", replicas_control_changes_the_pods_and_is_shared),
    ("hostile_manifest_executes_nothing", hostile_manifest_executes_nothing),
    ("broken_wasm_shows_an_error_not_a_blank_page", broken_wasm_shows_an_error),
    ("wasm_panic_shows_an_error", wasm_panic_shows_an_error),
    ("works_from_file_url", works_from_file_url),
    ("relint_timing_of_a_300_line_manifest", relint_timing),
];

pub fn main(args: &[String]) -> Result<()> {
    let mut build = true;
    let mut filters = Vec::new();
    for arg in args {
        match arg.as_str() {
            "--no-build" => build = false,
            other if other.starts_with('-') => bail!("unknown option `{other}` (e2e [--no-build] [NAME...])"),
            other => filters.push(other.to_string()),
        }
    }
    let sizes = if build { Some(crate::dist::build()?) } else { None };
    ensure!(crate::dist::dist_dir().join("index.html").exists(), "www/dist/ is not built (run without --no-build)");
    run(&filters, sizes)
}

pub fn run(filters: &[String], sizes: Option<crate::dist::Sizes>) -> Result<()> {
    webdriver::ensure_chromium()?;
    let artifacts = root().join("tests/artifacts/playground");
    let _ = fs::remove_dir_all(&artifacts);
    fs::create_dir_all(&artifacts)?;
    let server = StaticServer::start(crate::dist::dist_dir(), 0)?;
    let driver = Driver::start()?;
    let session = driver.session(1400, 1000)?;
    let mut timings = String::new();
    if let Some(sizes) = sizes {
        let kb = crate::dist::kb;
        let _ = writeln!(
            timings,
            "wasm: {} raw, {} after wasm-opt, {} gzipped; whole page {} gzipped",
            kb(sizes.wasm_raw),
            kb(sizes.wasm_opt),
            kb(sizes.wasm_gzip),
            kb(sizes.page_gzip)
        );
    }
    let mut ctx = Ctx { driver, server, artifacts, session, timings };
    let mut failures = Vec::new();
    let mut ran = 0;
    for (name, test) in TESTS {
        if !filters.is_empty() && !filters.iter().any(|f| name.contains(f.as_str())) {
            continue;
        }
        ran += 1;
        let started = Instant::now();
        match test(&mut ctx) {
            Ok(()) => eprintln!("e2e {name} ... ok ({:.1} s)", started.elapsed().as_secs_f64()),
            Err(error) => {
                eprintln!("e2e {name} ... FAILED: {error:#}");
                let _ = ctx.session.screenshot(&ctx.artifacts.join(format!("FAILED-{name}.png")));
                failures.push(name.to_string());
                // A fresh browser for the next test, whatever state this one left.
                ctx.session = ctx.driver.session(1400, 1000)?;
            }
        }
    }
    ensure!(ran > 0, "no e2e test matches {filters:?}");
    if !ctx.timings.is_empty() {
        fs::write(ctx.artifacts.join("timings.txt"), &ctx.timings)?;
        print!("{}", ctx.timings);
    }
    println!("screenshots: {}", ctx.artifacts.display());
    if !failures.is_empty() {
        bail!("{} of {ran} browser tests failed: {}", failures.len(), failures.join(", "));
    }
    println!("{ran} browser tests passed");
    Ok(())
}

// ---------------------------------------------------------------- helpers

impl Ctx {
    fn open(&self) -> Result<()> {
        self.session.goto(&self.server.url("/"))?;
        self.wait_ready(&self.session)
    }

    fn wait_ready(&self, session: &Session) -> Result<()> {
        session.wait_for(
            "the playground to render its first analysis",
            WAIT,
            "return document.querySelector('[data-testid=status]') && document.querySelector('.cm-content') ? true : null",
            &[],
        )?;
        Ok(())
    }

    fn shot(&self, name: &str) -> Result<()> {
        self.session.screenshot(&self.artifacts.join(format!("{name}.png")))
    }

    /// The diagnostics list: `[{rule, line, severity}]`.
    fn diagnostics(&self) -> Result<Vec<(String, u64, String)>> {
        let value = self.session.js(
            "return [...document.querySelectorAll('[data-testid=diagnostic]')].map(d => [d.dataset.rule, +d.dataset.line, d.dataset.severity])",
            &[],
        )?;
        Ok(value
            .as_array()
            .into_iter()
            .flatten()
            .map(|d| {
                (d[0].as_str().unwrap_or("").into(), d[1].as_u64().unwrap_or(0), d[2].as_str().unwrap_or("").into())
            })
            .collect())
    }

    /// Wait until a diagnostic of `rule` is listed; return its line.
    fn wait_diagnostic(&self, rule: &str) -> Result<u64> {
        let value = self.session.wait_for(
            &format!("a `{rule}` diagnostic"),
            WAIT,
            "const d = document.querySelector(`[data-testid=diagnostic][data-rule='${arguments[0]}']`); return d ? +d.dataset.line : null",
            &[json!(rule)],
        )?;
        Ok(value.as_u64().unwrap_or(0))
    }

    /// Lines that carry a squiggle of `severity`.
    fn squiggle_lines(&self, severity: &str) -> Result<Vec<u64>> {
        let value = self.session.js(
            "return [...document.querySelectorAll('.cm-lintRange-' + arguments[0])].map(e => OrdinalEditor.lineAtDom(e))",
            &[json!(severity)],
        )?;
        Ok(value.as_array().into_iter().flatten().filter_map(Value::as_u64).collect())
    }

    fn editor_text(&self) -> Result<String> {
        Ok(self.session.js("return OrdinalEditor.getText()", &[])?.as_str().unwrap_or_default().to_string())
    }

    /// Replace the editor's text the way a user does: select all, then paste.
    fn paste(&self, text: &str) -> Result<()> {
        let editor = self.session.find("[data-testid=editor]")?;
        self.session.click(&editor)?;
        self.session.send_keys(&editor, "\u{E009}a")?;
        self.session.js(
            "const dt = new DataTransfer(); dt.setData('text/plain', arguments[1]);
             arguments[0].dispatchEvent(new ClipboardEvent('paste', {clipboardData: dt, bubbles: true, cancelable: true}));",
            &[Session::arg(&editor), json!(text)],
        )?;
        self.session.wait_for(
            "the pasted text to reach the editor",
            WAIT,
            "return OrdinalEditor.getText() === arguments[0]",
            &[json!(text)],
        )?;
        Ok(())
    }

    /// Wait until the page has analysed exactly the editor's current text.
    fn settle(&self) -> Result<()> {
        // The analysis is debounced; wait past the debounce, then for a stable status.
        std::thread::sleep(Duration::from_millis(150));
        self.session.wait_for(
            "the analysis to settle",
            WAIT,
            "return document.querySelector('[data-testid=status]') ? true : null",
            &[],
        )?;
        Ok(())
    }

    fn choose_example(&self, title_prefix: &str) -> Result<String> {
        let value = self.session.js(
            "const o = [...document.querySelectorAll('[data-testid=examples] option')].find(o => o.value && o.value.startsWith(arguments[0]));
             return o ? o.value : null",
            &[json!(title_prefix)],
        )?;
        let title = value.as_str().with_context(|| format!("no example starts with `{title_prefix}`"))?.to_string();
        let option = self.session.find(&format!("[data-testid=examples] option[value=\"{title}\"]"))?;
        self.session.click(&self.session.find("[data-testid=examples]")?)?;
        self.session.click(&option)?;
        self.settle()?;
        Ok(title)
    }

    fn fatal(&self) -> Result<Option<String>> {
        let value = self
            .session
            .js("const e = document.getElementById('fatal'); return e && !e.hidden ? e.textContent : null", &[])?;
        Ok(value.as_str().map(str::to_string))
    }

    fn no_fatal(&self) -> Result<()> {
        if let Some(message) = self.fatal()? {
            bail!("the page shows an error: {message}");
        }
        Ok(())
    }
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    match values.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => values[n / 2],
        n => (values[n / 2 - 1] + values[n / 2]) / 2.0,
    }
}

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

// ---------------------------------------------------------------- tests

fn load_shows_first_diagnostics(ctx: &mut Ctx) -> Result<()> {
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

fn typed_manifest_gets_diagnostic_and_squiggle(ctx: &mut Ctx) -> Result<()> {
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

fn pasted_manifest_click_and_docs(ctx: &mut Ctx) -> Result<()> {
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

fn apply_fix_makes_the_service_headless(ctx: &mut Ctx) -> Result<()> {
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

fn every_example_loads(ctx: &mut Ctx) -> Result<()> {
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

fn explain_pane_shows_pod_dns_names(ctx: &mut Ctx) -> Result<()> {
    ctx.open()?;
    ctx.choose_example("nginx web")?;
    let svg_text = ctx.session.js("return document.querySelector('[data-testid=explain] svg').textContent", &[])?;
    ensure!(svg_text.as_str().unwrap_or("").contains("web-1"), "the SVG does not name web-1: {svg_text}");
    let dns = ctx.session.js("return document.querySelector('[data-testid=dns-table]').textContent", &[])?;
    ensure!(
        dns.as_str().unwrap_or("").contains("web-0.nginx.default.svc.cluster.local"),
        "DNS table lacks web-0: {dns}"
    );
    // Settings change the names.
    let domain = ctx.session.find("[data-testid=cluster-domain]")?;
    ctx.session.js("arguments[0].value = ''", &[Session::arg(&domain)])?;
    ctx.session.send_keys(&domain, "example.org\u{E004}")?;
    ctx.session.wait_for("the custom cluster domain", WAIT,
        "return document.querySelector('[data-testid=dns-table]').textContent.includes('web-1.nginx.default.svc.example.org') || null", &[])?;
    let scale = ctx.session.find("[data-testid=scale-to]")?;
    ctx.session.send_keys(&scale, "4\u{E004}")?;
    ctx.session.wait_for(
        "the scaled pods in the SVG",
        WAIT,
        "return document.querySelector('[data-testid=explain] svg').textContent.includes('web-3') || null",
        &[],
    )?;
    ctx.shot("06-explain")
}

fn nslookup_answers_like_the_cli(ctx: &mut Ctx) -> Result<()> {
    ctx.open()?;
    ctx.choose_example("nginx web")?;
    let query = ctx.session.find("[data-testid=nslookup-query]")?;
    ctx.session.click(&query)?;
    ctx.session.send_keys(&query, "web-0.nginx")?;
    let from = ctx.session.find("[data-testid=nslookup-from] option[value=\"default/web-1\"]")?;
    ctx.session.click(&ctx.session.find("[data-testid=nslookup-from]")?)?;
    ctx.session.click(&from)?;
    ctx.session.send_keys(&query, "\u{E007}")?;
    let answer = ctx.session.wait_for("an nslookup answer", WAIT,
        "const a = document.querySelector('[data-testid=nslookup-answer]').textContent; return a.includes('web-0.nginx.default.svc.cluster.local') ? a : null", &[])?;
    ctx.shot("07a-nslookup")?;
    // The classic mistake: the governing Service has a cluster IP.
    ctx.choose_example("broken: Service is not headless")?;
    let query = ctx.session.find("[data-testid=nslookup-query]")?;
    ctx.session.js("arguments[0].value = ''", &[Session::arg(&query)])?;
    ctx.session.send_keys(&query, "zookeeper-1.zookeeper-server\u{E007}")?;
    let broken = ctx.session.wait_for("the nslookup failure", WAIT,
        "const a = document.querySelector('[data-testid=nslookup-answer]').textContent; return a.includes('zookeeper-1.zookeeper-server') ? a : null", &[])?;
    let text = broken.as_str().unwrap_or("").to_lowercase();
    ensure!(
        text.contains("nxdomain")
            || text.contains("not exist")
            || text.contains("no answer")
            || text.contains("cluster ip"),
        "the answer does not say the name does not resolve: {text}\n(first answer: {answer})"
    );
    ctx.shot("07b-nslookup-broken")
}

fn share_link_restores_state(ctx: &mut Ctx) -> Result<()> {
    ctx.open()?;
    ctx.choose_example("nginx web")?;
    let namespace = ctx.session.find("[data-testid=namespace]")?;
    ctx.session.js("arguments[0].value = ''", &[Session::arg(&namespace)])?;
    ctx.session.send_keys(&namespace, "prod\u{E004}")?;
    ctx.session.wait_for(
        "the namespace to apply",
        WAIT,
        "return document.querySelector('[data-testid=dns-table]').textContent.includes('web-0.nginx.prod.svc') || null",
        &[],
    )?;
    // Edit the text too, so that the link carries more than an example.
    ctx.paste(&format!("{}# shared edit\n", ctx.editor_text()?))?;
    ctx.settle()?;
    let text = ctx.editor_text()?;
    let diagnostics = ctx.diagnostics()?;
    ctx.session.click(&ctx.session.find("[data-testid=share]")?)?;
    let url = ctx.session.wait_for(
        "the share link",
        WAIT,
        "const u = document.querySelector('[data-testid=share-url]'); return u ? u.value : null",
        &[],
    )?;
    let url = url.as_str().unwrap_or_default().to_string();
    ensure!(url.contains("#s="), "unexpected share link {url}");
    ctx.no_fatal()?;
    let location = ctx.session.js("return location.href", &[])?;
    ensure!(location.as_str() == Some(url.as_str()), "the address bar does not hold the share link: {location}");
    ensure!(url.len() < 4000, "share link is {} characters", url.len());
    let fresh = ctx.driver.session(1400, 1000)?;
    fresh.goto(&url)?;
    ctx.wait_ready(&fresh)?;
    let restored = fresh.js("return OrdinalEditor.getText()", &[])?;
    ensure!(restored.as_str() == Some(text.as_str()), "restored text differs");
    let ns = fresh.js("return document.querySelector('[data-testid=namespace]').value", &[])?;
    ensure!(ns == json!("prod"), "restored namespace is {ns}");
    let restored_diagnostics = fresh.js(
        "return [...document.querySelectorAll('[data-testid=diagnostic]')].map(d => [d.dataset.rule, +d.dataset.line, d.dataset.severity])",
        &[],
    )?;
    let expected: Vec<Value> = diagnostics.iter().map(|(r, l, s)| json!([r, l, s])).collect();
    ensure!(restored_diagnostics == Value::Array(expected), "restored diagnostics differ: {restored_diagnostics}");
    let dns = fresh.js("return document.querySelector('[data-testid=dns-table]').textContent", &[])?;
    ensure!(dns.as_str().unwrap_or("").contains("web-0.nginx.prod.svc.cluster.local"), "restored DNS differs");
    fresh.screenshot(&ctx.artifacts.join("08-share-restored.png"))
}

fn replicas_control_changes_the_pods_and_is_shared(ctx: &mut Ctx) -> Result<()> {
    const DNS: &str = "document.querySelector('[data-testid=dns-table]').textContent";
    const SVG: &str = "document.querySelector('[data-testid=explain] svg').textContent";
    ctx.open()?;
    ctx.choose_example("nginx web")?;
    let before = ctx.session.js(&format!("return [{DNS}, {SVG}]"), &[])?;
    ensure!(
        before[0].as_str().is_some_and(|dns| dns.contains("web-1.nginx") && !dns.contains("web-4")),
        "the web example (2 replicas) should list web-1 but not web-4: {before}"
    );
    let replicas = ctx.session.find("[data-testid=replicas]")?;
    ensure!(
        ctx.session.js("return arguments[0].value", &[Session::arg(&replicas)])? == json!(""),
        "the replicas control should start empty (the manifest's value)"
    );
    ctx.session.send_keys(&replicas, "5\u{E004}")?;
    ctx.session.wait_for(
        "web-4 in the DNS table and the SVG",
        WAIT,
        &format!(
            "return ({DNS}).includes('web-4.nginx.default.svc.cluster.local') && ({SVG}).includes('web-4') || null"
        ),
        &[],
    )?;
    ctx.no_fatal()?;
    ctx.shot("08b-replicas-5")?;
    ctx.session.click(&ctx.session.find("[data-testid=share]")?)?;
    let url = ctx.session.wait_for(
        "the share link",
        WAIT,
        "const u = document.querySelector('[data-testid=share-url]'); return u && u.value.includes('#s=') ? u.value : null",
        &[],
    )?;
    let url = url.as_str().unwrap_or_default().to_string();
    let fresh = ctx.driver.session(1400, 1000)?;
    fresh.goto(&url)?;
    ctx.wait_ready(&fresh)?;
    let restored =
        fresh.js(&format!("return [document.querySelector('[data-testid=replicas]').value, {DNS}, {SVG}]"), &[])?;
    ensure!(restored[0] == json!("5"), "the share link restored replicas {}", restored[0]);
    ensure!(
        restored[1].as_str().is_some_and(|dns| dns.contains("web-4.nginx.default.svc.cluster.local")),
        "the restored DNS table lacks web-4: {}",
        restored[1]
    );
    ensure!(restored[2].as_str().is_some_and(|svg| svg.contains("web-4")), "the restored SVG lacks web-4");
    fresh.screenshot(&ctx.artifacts.join("08c-replicas-restored.png"))?;
    // Emptying the control goes back to the manifest's 2 replicas.
    ctx.session.js(
        "arguments[0].value = ''; arguments[0].dispatchEvent(new Event('change', {bubbles: true}))",
        &[Session::arg(&replicas)],
    )?;
    ctx.session.wait_for(
        "the manifest's replicas again",
        WAIT,
        &format!("const d = {DNS}; return d.includes('web-1.nginx') && !d.includes('web-2.nginx') || null"),
        &[],
    )?;
    Ok(())
}

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

fn hostile_manifest_executes_nothing(ctx: &mut Ctx) -> Result<()> {
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

fn broken_wasm_shows_an_error(ctx: &mut Ctx) -> Result<()> {
    let dir = std::env::temp_dir().join(format!("ordinal-e2e-broken-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir)?;
    for entry in fs::read_dir(crate::dist::dist_dir())? {
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

fn wasm_panic_shows_an_error(ctx: &mut Ctx) -> Result<()> {
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

fn works_from_file_url(ctx: &mut Ctx) -> Result<()> {
    let index = crate::dist::dist_dir().join("index.html");
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

fn relint_timing(ctx: &mut Ctx) -> Result<()> {
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
