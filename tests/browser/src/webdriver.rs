//! A small blocking W3C WebDriver client over `ureq` for Debian's Chromium
//! and ChromeDriver (`cargo xtask e2e` installs both with apt-get), started
//! headless with a fresh profile. Nothing here skips: if the browser cannot
//! start, the error says why.
//!
//! Why not fantoccini or thirtyfour: both are async (tokio, hyper, and a TLS
//! stack), which costs more build time than this whole client, and the suites
//! need only the dozen commands below.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{anyhow, bail, Context, Result};
use base64::Engine as _;
use serde_json::{json, Value};

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// The key WebDriver uses for element references.
const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

fn free_port() -> Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// A running ChromeDriver; killed on drop.
pub struct Driver {
    child: Child,
    base: String,
}

impl Driver {
    /// Start `/usr/bin/chromedriver` on a free port and wait until it is ready.
    pub fn start() -> Result<Driver> {
        let port = free_port()?;
        let child = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .arg("--allowed-ips=127.0.0.1")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .with_context(|| {
                format!("could not start {CHROMEDRIVER} (`cargo xtask e2e` installs Debian's chromium-driver)")
            })?;
        let base = format!("http://127.0.0.1:{port}");
        let mut driver = Driver { child, base };
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Ok(response) = ureq::get(&format!("{}/status", driver.base)).call() {
                let status: Value = response.into_json()?;
                if status["value"]["ready"] == true {
                    return Ok(driver);
                }
            }
            if let Some(exit) = driver.child.try_wait()? {
                bail!("chromedriver exited at start with {exit}");
            }
            if Instant::now() > deadline {
                bail!("chromedriver did not become ready on port {port} within 20 s");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// A new headless Chromium with a fresh, empty profile.
    pub fn session(&self, width: u32, height: u32) -> Result<Session> {
        let profile = std::env::temp_dir().join(format!(
            "ordinal-e2e-profile-{}-{}",
            std::process::id(),
            Instant::now().elapsed().as_nanos() ^ rand_seed()
        ));
        std::fs::create_dir_all(&profile)?;
        let args = vec![
            "--headless".to_string(),
            "--no-sandbox".into(),
            "--disable-gpu".into(),
            "--no-first-run".into(),
            "--disable-background-networking".into(),
            "--disable-component-update".into(),
            "--disable-sync".into(),
            "--disable-quic".into(),
            "--disable-dev-shm-usage".into(),
            format!("--window-size={width},{height}"),
            format!("--user-data-dir={}", profile.display()),
        ];
        let capabilities = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {"binary": CHROMIUM, "args": args},
            "goog:loggingPrefs": {"browser": "ALL"},
        }}});
        let value = post(&format!("{}/session", self.base), &capabilities)
            .context("Chromium did not start (is /usr/bin/chromium working? see chromedriver's message)")?;
        let id = value["sessionId"].as_str().ok_or_else(|| anyhow!("no sessionId in {value}"))?.to_string();
        Ok(Session { base: format!("{}/session/{id}", self.base), profile })
    }
}

fn rand_seed() -> u128 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos())
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn unwrap_response(result: std::result::Result<ureq::Response, ureq::Error>) -> Result<Value> {
    match result {
        Ok(response) => {
            let body: Value = response.into_json()?;
            Ok(body.get("value").cloned().unwrap_or(Value::Null))
        }
        Err(ureq::Error::Status(code, response)) => {
            let body: Value = response.into_json().unwrap_or(Value::Null);
            bail!(
                "WebDriver error {code}: {} {}",
                body["value"]["error"].as_str().unwrap_or(""),
                body["value"]["message"].as_str().unwrap_or("").lines().next().unwrap_or("")
            )
        }
        Err(error) => Err(anyhow!("WebDriver request failed: {error}")),
    }
}

fn post(url: &str, body: &Value) -> Result<Value> {
    unwrap_response(ureq::post(url).timeout(Duration::from_secs(120)).send_json(body.clone()))
}

/// A browser session; closed on drop.
pub struct Session {
    base: String,
    profile: PathBuf,
}

/// A reference to an element of the page.
#[derive(Debug, Clone)]
pub struct Element(String);

impl Session {
    /// Navigate to `url` and wait for the page to load.
    pub fn goto(&self, url: &str) -> Result<()> {
        post(&format!("{}/url", self.base), &json!({ "url": url }))?;
        Ok(())
    }

    /// Run `script` (a function body; `arguments[i]` are `args`) and return its value.
    pub fn js(&self, script: &str, args: &[Value]) -> Result<Value> {
        post(&format!("{}/execute/sync", self.base), &json!({ "script": script, "args": args }))
    }

    /// The first element matching the CSS selector `css`.
    pub fn find(&self, css: &str) -> Result<Element> {
        let value = post(&format!("{}/element", self.base), &json!({"using": "css selector", "value": css}))
            .with_context(|| format!("no element matches `{css}`"))?;
        value[ELEMENT_KEY].as_str().map(|id| Element(id.to_string())).ok_or_else(|| anyhow!("bad element {value}"))
    }

    /// Move the mouse over the centre of `element`.
    pub fn hover(&self, element: &Element) -> Result<()> {
        let origin = json!({ ELEMENT_KEY: element.0 });
        let actions = json!({"actions": [{"type": "pointer", "id": "mouse", "parameters": {"pointerType": "mouse"},
            "actions": [{"type": "pointerMove", "origin": origin, "x": 0, "y": 0, "duration": 50}]}]});
        post(&format!("{}/actions", self.base), &actions)?;
        Ok(())
    }

    /// Click the centre of `element`.
    pub fn click(&self, element: &Element) -> Result<()> {
        post(&format!("{}/element/{}/click", self.base, element.0), &json!({}))?;
        Ok(())
    }

    /// Type `text` into `element` as key presses (WebDriver key codes allowed).
    pub fn send_keys(&self, element: &Element, text: &str) -> Result<()> {
        post(&format!("{}/element/{}/value", self.base, element.0), &json!({ "text": text }))?;
        Ok(())
    }

    /// The attribute `name` of `element`, if it has one.
    pub fn attribute(&self, element: &Element, name: &str) -> Result<Option<String>> {
        let value =
            unwrap_response(ureq::get(&format!("{}/element/{}/attribute/{name}", self.base, element.0)).call())?;
        Ok(value.as_str().map(str::to_string))
    }

    /// The rendered text of `element`.
    pub fn text(&self, element: &Element) -> Result<String> {
        let value = unwrap_response(ureq::get(&format!("{}/element/{}/text", self.base, element.0)).call())?;
        Ok(value.as_str().unwrap_or_default().to_string())
    }

    /// Pass the element to a script as an argument.
    pub fn arg(element: &Element) -> Value {
        json!({ ELEMENT_KEY: element.0 })
    }

    /// Run a Chrome DevTools Protocol command through ChromeDriver's
    /// `goog/cdp/execute` (e.g. `Emulation.setEmulatedMedia`).
    pub fn cdp(&self, cmd: &str, params: Value) -> Result<Value> {
        post(&format!("{}/goog/cdp/execute", self.base), &json!({ "cmd": cmd, "params": params }))
    }

    /// Save a PNG screenshot of the viewport.
    pub fn screenshot(&self, path: &Path) -> Result<()> {
        let value = unwrap_response(ureq::get(&format!("{}/screenshot", self.base)).call())?;
        let data = value.as_str().ok_or_else(|| anyhow!("no screenshot data"))?;
        let png = base64::engine::general_purpose::STANDARD.decode(data).context("the screenshot is not base64")?;
        std::fs::write(path, png)?;
        Ok(())
    }

    /// Poll `script` until it returns something truthy; returns that value.
    pub fn wait_for(&self, what: &str, timeout: Duration, script: &str, args: &[Value]) -> Result<Value> {
        let deadline = Instant::now() + timeout;
        loop {
            let value = self.js(script, args)?;
            let truthy = !matches!(&value, Value::Null | Value::Bool(false))
                && value != json!(0)
                && value != json!("")
                && value != json!([]);
            if truthy {
                return Ok(value);
            }
            if Instant::now() > deadline {
                let fatal = self
                    .js("const e = document.getElementById('fatal'); return e && !e.hidden ? e.textContent : null", &[])
                    .unwrap_or(Value::Null);
                bail!("timed out after {timeout:?} waiting for {what} (page error box: {fatal})");
            }
            std::thread::sleep(Duration::from_millis(25));
        }
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = ureq::delete(&self.base).call();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}
