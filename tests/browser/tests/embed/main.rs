//! The docs embed's tests in headless Chromium, run by `cargo xtask
//! embed-e2e` (which builds `www/dist/embed/`, checks its size budget and sets
//! `ORDINAL_BROWSER_DIST`).
//!
//! The pages are served from a copy of `www/dist/embed/` (the built files
//! alone) with the test pages of `tests/browser/pages/embed/` and one
//! generated here laid over it. Screenshots go to `tests/artifacts/embed/`.
//! A browser that cannot start fails the cases with the reason; without a
//! built site, all are ignored.

mod cases;
#[path = "../common/mod.rs"]
mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{bail, ensure, Result};
use ordinal_browser_tests::repo_root;
use ordinal_browser_tests::static_server::StaticServer;
use ordinal_browser_tests::webdriver::{Driver, Session};
use serde_json::{json, Value};

use common::{Case, Suite};

/// A tall window, so that a viewport screenshot holds the whole demo article.
const WINDOW: (u32, u32) = (1100, 3600);

/// Elements on the generated `test-many.html`.
const MANY: usize = 30;

const CASES: &[Case<Ctx>] = &[
    ("the demo renders every element with the expected pods", cases::demo_renders_every_element),
    ("a broken manifest shows its diagnostic", cases::broken_manifest_shows_its_diagnostic),
    ("light and dark schemes both render", cases::light_and_dark_schemes_render),
    ("a hostile manifest executes nothing", cases::hostile_manifest_executes_nothing),
    ("many elements fetch the WASM once", cases::many_elements_fetch_the_wasm_once),
    ("the JS API returns the CLI's JSON shapes", cases::js_api_returns_cli_shapes),
    ("time to first render on the demo page", cases::time_to_first_render),
    ("the timeline's step slider and play follow the steps", cases::timeline_step_slider_and_play),
];

fn main() -> ExitCode {
    common::run("embed-e2e", CASES)
}

/// What every case works with.
struct Ctx {
    // Fields drop in this order: the session must end (closing its
    // Chromium) while chromedriver still runs, or the browser is orphaned.
    session: Session,
    driver: Driver,
    server: StaticServer,
    /// The staged copy the server serves, removed at the end.
    site: PathBuf,
    artifacts: PathBuf,
}

impl Suite for Ctx {
    fn start(dist: &Path) -> Result<Ctx> {
        let site = stage_site(&dist.join("embed"))?;
        let server = StaticServer::start(site.clone(), 0)?;
        let artifacts = repo_root().join("tests/artifacts/embed");
        // Screenshots of an earlier failed run must not pass for this run's.
        let _ = fs::remove_dir_all(&artifacts);
        fs::create_dir_all(&artifacts)?;
        let driver = Driver::start()?;
        let session = new_session(&driver)?;
        Ok(Ctx { session, driver, server, site, artifacts })
    }

    fn recover(&mut self, case: &str) -> Result<()> {
        let _ = self.session.screenshot(&self.artifacts.join(format!("FAILED-{}.png", case.replace(' ', "-"))));
        self.session = new_session(&self.driver)?;
        Ok(())
    }

    fn finish(self) -> Result<()> {
        let Ctx { session, driver, site, artifacts, .. } = self;
        drop(session);
        drop(driver);
        let _ = fs::remove_dir_all(&site);
        println!("screenshots: {}", artifacts.display());
        Ok(())
    }
}

fn new_session(driver: &Driver) -> Result<Session> {
    let session = driver.session(WINDOW.0, WINDOW.1)?;
    // Record every element's render time from the start of each page.
    session.cdp(
        "Page.addScriptToEvaluateOnNewDocument",
        json!({"source": "window.__ordinalRenders = []; document.addEventListener('ordinal-render', () => window.__ordinalRenders.push(performance.now()), true);"}),
    )?;
    Ok(session)
}

/// Emulate `prefers-color-scheme` through CDP (applies live and to later pages).
fn set_color_scheme(session: &Session, scheme: &str) -> Result<()> {
    session
        .cdp("Emulation.setEmulatedMedia", json!({"features": [{"name": "prefers-color-scheme", "value": scheme}]}))?;
    Ok(())
}

/// Poll `script` until it returns something truthy.
fn wait(session: &Session, script: &str, timeout: Duration) -> Result<Value> {
    session.wait_for(script.trim(), timeout, script, &[]).or_else(|error| {
        let states = session.js(ELEMENT_STATES, &[]).unwrap_or(Value::Null);
        bail!("{error:#}\nelements: {states}")
    })
}

const ELEMENT_STATES: &str = r#"return [...document.querySelectorAll("ordinal-statefulset")].map((e) => (e.id || "?") + ":" + (e.dataset.state || "pending") + ":" + (e.shadowRoot ? e.shadowRoot.textContent.slice(0, 160) : ""));"#;

/// A copy of the built embed with the test pages and manifests over it.
fn stage_site(embed: &Path) -> Result<PathBuf> {
    ensure!(embed.join("ordinal-embed.js").is_file(), "{} is not built (run `cargo xtask embed`)", embed.display());
    let site = std::env::temp_dir().join(format!("ordinal-embed-e2e-{}", std::process::id()));
    if site.exists() {
        fs::remove_dir_all(&site)?;
    }
    copy_dir(embed, &site)?;
    copy_dir(&repo_root().join("tests/browser/pages/embed"), &site)?;
    fs::write(site.join("test-many.html"), many_page())?;
    Ok(site)
}

/// [`MANY`] elements of every view on one page.
fn many_page() -> String {
    let mut page = String::from(
        "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>many</title>\n<script type=\"module\" src=\"ordinal-embed.js\"></script></head><body>\n",
    );
    for index in 0..MANY {
        page.push_str(&format!(
            "<ordinal-statefulset view=\"{view}\">\napiVersion: v1\nkind: Service\nmetadata: {{name: s{index}}}\nspec: {{clusterIP: None, selector: {{app: s{index}}}}}\n---\napiVersion: apps/v1\nkind: StatefulSet\nmetadata: {{name: s{index}}}\nspec:\n  serviceName: s{index}\n  replicas: 3\n  selector: {{matchLabels: {{app: s{index}}}}}\n  template:\n    metadata: {{labels: {{app: s{index}}}}}\n    spec: {{containers: [{{name: c, image: busybox:1.36}}]}}\n</ordinal-statefulset>\n",
            view = ["timeline", "dns", "lint", "all"][index % 4],
        ));
    }
    page.push_str("</body></html>\n");
    page
}

fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}
