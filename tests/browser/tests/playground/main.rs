//! The playground's end-to-end tests in headless Chromium, run by `cargo
//! xtask e2e` (which builds `www/dist/` and sets `ORDINAL_BROWSER_DIST`).
//!
//! The suite serves the built site on 127.0.0.1 and drives one browser over
//! WebDriver, case after case; a failed case leaves a `FAILED-<case>.png` and
//! the next case gets a fresh browser. Screenshots of the main states go to
//! `tests/artifacts/playground/`, timings to `timings.txt` there. Every case
//! passes or fails with a reason; without a built site, all are ignored.

#[path = "../common/mod.rs"]
mod common;
mod compare;
mod editing;
mod explain;
mod page;
mod robustness;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Result;
use ordinal_browser_tests::repo_root;
use ordinal_browser_tests::static_server::StaticServer;
use ordinal_browser_tests::webdriver::{Driver, Session};

use common::{Case, Suite};

/// The longest any case waits for the page.
const WAIT: Duration = Duration::from_secs(15);

/// The browser window of every session.
const WINDOW: (u32, u32) = (1400, 1000);

/// `cargo xtask e2e` passes the build's sizes, for the timings file.
const SIZES_ENV: &str = "ORDINAL_BROWSER_SIZES";

const CASES: &[Case<Ctx>] = &[
    ("load_shows_first_diagnostics", editing::load_shows_first_diagnostics),
    ("typed_manifest_gets_diagnostic_and_squiggle", editing::typed_manifest_gets_diagnostic_and_squiggle),
    ("pasted_manifest_diagnostic_click_moves_cursor_and_shows_docs", editing::pasted_manifest_click_and_docs),
    ("apply_fix_makes_the_service_headless", editing::apply_fix_makes_the_service_headless),
    ("every_example_loads", editing::every_example_loads),
    ("explain_pane_shows_pod_dns_names", explain::explain_pane_shows_pod_dns_names),
    ("nslookup_answers_like_the_cli", explain::nslookup_answers_like_the_cli),
    ("share_link_restores_the_state_in_a_fresh_browser", explain::share_link_restores_state),
    ("damaged_share_link_says_why", explain::damaged_share_link_says_why),
    ("replicas_control_changes_the_pods_and_is_shared", explain::replicas_control_changes_the_pods_and_is_shared),
    ("step_slider_moves_states_dns_and_nslookup", explain::step_slider_moves_states_dns_and_nslookup),
    ("hostile_manifest_executes_nothing", robustness::hostile_manifest_executes_nothing),
    ("deep_brackets_crash_no_editor_extension", robustness::deep_brackets_crash_no_editor_extension),
    ("broken_wasm_shows_an_error_not_a_blank_page", robustness::broken_wasm_shows_an_error),
    ("wasm_panic_shows_an_error", robustness::wasm_panic_shows_an_error),
    ("works_from_file_url", robustness::works_from_file_url),
    ("relint_timing_of_a_300_line_manifest", robustness::relint_timing),
    ("compare_shows_deleted_claims_and_the_rollout", compare::compare_shows_deleted_claims_and_the_rollout),
];

fn main() -> ExitCode {
    common::run("e2e", CASES)
}

/// What every case works with.
struct Ctx {
    // Fields drop in this order: the session must end (closing its
    // Chromium) while chromedriver still runs, or the browser is orphaned.
    session: Session,
    driver: Driver,
    server: StaticServer,
    /// The built `www/dist/`.
    dist: PathBuf,
    artifacts: PathBuf,
    timings: String,
}

impl Suite for Ctx {
    fn start(dist: &Path) -> Result<Ctx> {
        anyhow::ensure!(dist.join("index.html").is_file(), "{} is not a built playground", dist.display());
        let artifacts = repo_root().join("tests/artifacts/playground");
        // Screenshots of an earlier run must not pass for this run's.
        let _ = fs::remove_dir_all(&artifacts);
        fs::create_dir_all(&artifacts)?;
        let server = StaticServer::start(dist.to_path_buf(), 0)?;
        let driver = Driver::start()?;
        let session = driver.session(WINDOW.0, WINDOW.1)?;
        let mut timings = String::new();
        if let Ok(sizes) = std::env::var(SIZES_ENV) {
            timings.push_str(sizes.trim_end());
            timings.push('\n');
        }
        Ok(Ctx { session, driver, server, dist: dist.to_path_buf(), artifacts, timings })
    }

    fn recover(&mut self, case: &str) -> Result<()> {
        let _ = self.session.screenshot(&self.artifacts.join(format!("FAILED-{case}.png")));
        self.session = self.driver.session(WINDOW.0, WINDOW.1)?;
        Ok(())
    }

    fn finish(self) -> Result<()> {
        if !self.timings.is_empty() {
            fs::write(self.artifacts.join("timings.txt"), &self.timings)?;
            print!("{}", self.timings);
        }
        println!("screenshots: {}", self.artifacts.display());
        Ok(())
    }
}
