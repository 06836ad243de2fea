//! The runner both suites share: libtest's output and filters
//! (libtest-mimic), the cases in order on one thread with one browser, and
//! every case ignored, with the reason printed, when no built site is named.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, Mutex, PoisonError};

use anyhow::Result;
use libtest_mimic::{Arguments, Trial};
use ordinal_browser_tests::DIST_ENV;

/// One browser test: a name and a function of the suite's context.
pub type Case<C> = (&'static str, fn(&mut C) -> Result<()>);

/// What a suite does around its cases.
pub trait Suite: Sized + Send + 'static {
    /// Start the browser and the servers for the built `www/dist/`; called
    /// before the first case runs, so that listing the cases starts nothing.
    fn start(dist: &Path) -> Result<Self>;
    /// After a failed case: keep evidence, and leave a fresh browser for the next case.
    fn recover(&mut self, case: &str) -> Result<()>;
    /// After the last case: write reports, stop the browser.
    fn finish(self) -> Result<()>;
}

/// Run `cases` and return libtest's exit code.
pub fn run<C: Suite>(command: &str, cases: &'static [Case<C>]) -> ExitCode {
    let mut arguments = Arguments::from_args();
    // The cases share one browser, and timings need a machine to themselves.
    arguments.test_threads = Some(1);
    let dist = std::env::var_os(DIST_ENV).map(PathBuf::from);
    if dist.is_none() {
        eprintln!(
            "browser tests ignored: {DIST_ENV} is not set; `cargo xtask {command}` builds the site, \
             installs Chromium and runs them"
        );
    }
    let context: Arc<Mutex<Option<C>>> = Arc::new(Mutex::new(None));
    let trials = cases
        .iter()
        .map(|&(name, case)| {
            let context = Arc::clone(&context);
            let ignored = dist.is_none();
            let dist = dist.clone();
            let command = command.to_string();
            Trial::test(name, move || {
                let Some(dist) = dist else {
                    return Err(format!("{DIST_ENV} is not set (see `cargo xtask {command}`)").into());
                };
                let mut guard = context.lock().unwrap_or_else(PoisonError::into_inner);
                if guard.is_none() {
                    *guard = Some(C::start(&dist).map_err(|error| format!("{error:#}"))?);
                }
                let suite = guard.as_mut().expect("started above");
                case(suite).map_err(|error| {
                    let recovered = suite.recover(name).err().map(|e| format!("\n(recovering failed too: {e:#})"));
                    format!("{error:#}{}", recovered.unwrap_or_default()).into()
                })
            })
            .with_ignored_flag(ignored)
        })
        .collect();
    let conclusion = libtest_mimic::run(&arguments, trials);
    let finished = context.lock().unwrap_or_else(PoisonError::into_inner).take().map(Suite::finish);
    if let Some(Err(error)) = finished {
        eprintln!("error after the browser tests: {error:#}");
        return ExitCode::FAILURE;
    }
    conclusion.exit_code()
}
