//! The explain pane: pods and DNS names, nslookup, share links, the replicas control.

use std::time::Duration;

use anyhow::{ensure, Result};
use ordinal_browser_tests::webdriver::Session;
use serde_json::{json, Value};

use crate::{Ctx, WAIT};

pub fn explain_pane_shows_pod_dns_names(ctx: &mut Ctx) -> Result<()> {
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

pub fn nslookup_answers_like_the_cli(ctx: &mut Ctx) -> Result<()> {
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

pub fn share_link_restores_state(ctx: &mut Ctx) -> Result<()> {
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

/// A damaged share link says why it did not load, and shows the first
/// example instead of starting empty or not at all.
pub fn damaged_share_link_says_why(ctx: &mut Ctx) -> Result<()> {
    let fresh = ctx.driver.session(1400, 1000)?;
    fresh.goto(&format!("{}#s=AAAA", ctx.server.url("/")))?;
    ctx.wait_ready(&fresh)?;
    let notice = fresh.wait_for(
        "the link notice",
        WAIT,
        "const n = document.querySelector('[data-testid=link-problem]'); return n ? n.textContent : null",
        &[],
    )?;
    let notice = notice.as_str().unwrap_or_default();
    ensure!(notice.contains("not loaded") && notice.contains("damaged"), "the notice says {notice:?}");
    let text = fresh.js("return OrdinalEditor.getText()", &[])?;
    ensure!(text.as_str().is_some_and(|t| t.contains("kind: StatefulSet")), "the first example is not shown: {text}");
    fresh.screenshot(&ctx.artifacts.join("08b-damaged-link.png"))?;
    fresh.click(&fresh.find("[data-testid=dismiss-link-problem]")?)?;
    fresh.wait_for(
        "the notice to go",
        WAIT,
        "return document.querySelector('[data-testid=link-problem]') ? null : true",
        &[],
    )?;
    Ok(())
}

pub fn replicas_control_changes_the_pods_and_is_shared(ctx: &mut Ctx) -> Result<()> {
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

/// The step slider: the picture's pod states, the DNS table and the
/// nslookup answer follow the selected step; play runs to the end.
pub fn step_slider_moves_states_dns_and_nslookup(ctx: &mut Ctx) -> Result<()> {
    ctx.open()?;
    ctx.choose_example("nginx web")?;
    let set_step = |ctx: &mut Ctx, step: &str| -> Result<()> {
        let slider = ctx.session.find("[data-testid=step]")?;
        ctx.session.js(
            "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input', {bubbles: true}))",
            &[Session::arg(&slider), json!(step)],
        )?;
        Ok(())
    };
    let max = ctx.session.js("return document.querySelector('[data-testid=step]').max", &[])?;
    ensure!(max == json!("3"), "web: 2 startup steps, so the slider goes 0..=3 (done): {max}");
    set_step(ctx, "1")?;
    ctx.session.wait_for("web-0 pending at step 1", WAIT,
        "return document.querySelector('[data-testid=explain] svg [data-pod=\"web-0\"]')?.getAttribute('data-state') === 'pending' || null", &[])?;
    let states = ctx.session.js(
        "return [...document.querySelectorAll('[data-testid=explain] svg [data-pod]')].map(g => g.dataset.pod + ' ' + g.dataset.state)",
        &[],
    )?;
    ensure!(states == json!(["web-0 pending", "web-1 absent"]), "states at step 1: {states}");
    let dns = ctx.session.js("return document.querySelector('[data-testid=dns-table]').textContent", &[])?;
    ensure!(!dns.as_str().unwrap_or("").contains("web-0.nginx"), "web-0 is not Ready at step 1, so no record: {dns}");
    ctx.shot("08a-step-1")?;
    set_step(ctx, "2")?;
    ctx.session.wait_for("web-0's record at step 2", WAIT,
        "return document.querySelector('[data-testid=dns-table]').textContent.includes('web-0.nginx.default.svc.cluster.local') || null", &[])?;
    let resolves = ctx.session.js(
        "return document.querySelector('[data-testid=explain] svg [data-dns=\"web-1.nginx.default.svc.cluster.local\"]').getAttribute('data-resolves')",
        &[],
    )?;
    ensure!(resolves == json!("false"), "web-1 is pending at step 2: {resolves}");
    let query = ctx.session.find("[data-testid=nslookup-query]")?;
    ctx.session.click(&query)?;
    ctx.session.send_keys(&query, "web-1.nginx\u{E007}")?;
    let answer = ctx.session.wait_for("the nslookup answer at step 2", WAIT,
        "const a = document.querySelector('[data-testid=nslookup-answer]').textContent; return a.includes('answer:') ? a : null", &[])?;
    ensure!(answer.as_str().unwrap_or("").contains("answer: none"), "web-1 does not resolve at step 2: {answer}");
    ctx.shot("08b-step-2")?;
    // Play from the end starts over and runs to "done".
    set_step(ctx, "3")?;
    ctx.session.click(&ctx.session.find("[data-testid=play]")?)?;
    ctx.session.wait_for("play to reach done", Duration::from_secs(15),
        "return document.querySelector('[data-testid=step-label]').textContent.startsWith('done') && document.querySelector('[data-testid=play]').textContent === 'play' || null", &[])?;
    let states = ctx.session.js(
        "return [...document.querySelectorAll('[data-testid=explain] svg [data-pod]')].map(g => g.dataset.state)",
        &[],
    )?;
    ensure!(states == json!(["ready", "ready"]), "done: every pod Ready: {states}");
    ctx.shot("08c-step-done")
}
