//! What the cases do on the page, the way a user does it, and what they read back.

use std::time::Duration;

use anyhow::{bail, Context, Result};
use ordinal_browser_tests::webdriver::Session;
use serde_json::{json, Value};

use crate::{Ctx, WAIT};

impl Ctx {
    pub fn open(&self) -> Result<()> {
        self.session.goto(&self.server.url("/"))?;
        self.wait_ready(&self.session)
    }

    pub fn wait_ready(&self, session: &Session) -> Result<()> {
        session.wait_for(
            "the playground to render its first analysis",
            WAIT,
            "return document.querySelector('[data-testid=status]') && document.querySelector('.cm-content') ? true : null",
            &[],
        )?;
        Ok(())
    }

    pub fn shot(&self, name: &str) -> Result<()> {
        self.session.screenshot(&self.artifacts.join(format!("{name}.png")))
    }

    /// The diagnostics list: `[{rule, line, severity}]`.
    pub fn diagnostics(&self) -> Result<Vec<(String, u64, String)>> {
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
    pub fn wait_diagnostic(&self, rule: &str) -> Result<u64> {
        let value = self.session.wait_for(
            &format!("a `{rule}` diagnostic"),
            WAIT,
            "const d = document.querySelector(`[data-testid=diagnostic][data-rule='${arguments[0]}']`); return d ? +d.dataset.line : null",
            &[json!(rule)],
        )?;
        Ok(value.as_u64().unwrap_or(0))
    }

    /// Lines that carry a squiggle of `severity`.
    pub fn squiggle_lines(&self, severity: &str) -> Result<Vec<u64>> {
        let value = self.session.js(
            "return [...document.querySelectorAll('.cm-lintRange-' + arguments[0])].map(e => OrdinalEditor.lineAtDom(e))",
            &[json!(severity)],
        )?;
        Ok(value.as_array().into_iter().flatten().filter_map(Value::as_u64).collect())
    }

    pub fn editor_text(&self) -> Result<String> {
        Ok(self.session.js("return OrdinalEditor.getText()", &[])?.as_str().unwrap_or_default().to_string())
    }

    /// Replace the editor's text the way a user does: select all, then paste.
    pub fn paste(&self, text: &str) -> Result<()> {
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
    pub fn settle(&self) -> Result<()> {
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

    pub fn choose_example(&self, title_prefix: &str) -> Result<String> {
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

    pub fn fatal(&self) -> Result<Option<String>> {
        let value = self
            .session
            .js("const e = document.getElementById('fatal'); return e && !e.hidden ? e.textContent : null", &[])?;
        Ok(value.as_str().map(str::to_string))
    }

    pub fn no_fatal(&self) -> Result<()> {
        if let Some(message) = self.fatal()? {
            bail!("the page shows an error: {message}");
        }
        Ok(())
    }
}

pub fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    match values.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => values[n / 2],
        n => (values[n / 2 - 1] + values[n / 2]) / 2.0,
    }
}
