//! A panic is a bug in Ordinal, never the user's fault: it is reported as
//! one clear line on stderr and exit code 2, instead of Rust's
//! `thread 'main' panicked at …` dump (and exit code 101) mixed into the
//! output a CI job or script reads.
//!
//! The hook runs on the panicking thread (a rayon worker, perhaps) and only
//! records the message and location; the command runs under `catch_unwind`
//! (rayon re-raises a worker's panic in the thread that waits for it), and
//! [`run_guarded`] prints the record once it has unwound.

use std::any::Any;
use std::backtrace::{Backtrace, BacktraceStatus};
use std::panic::{self, AssertUnwindSafe};
use std::process::ExitCode;
use std::sync::Mutex;

/// The first panic's report; later ones (other threads) add nothing new.
static FIRST_PANIC: Mutex<Option<String>> = Mutex::new(None);

/// Run `command`; a panic inside it becomes `ordinal: internal error: …` on
/// stderr and exit code 2.
pub fn run_guarded(command: impl FnOnce() -> ExitCode) -> ExitCode {
    panic::set_hook(Box::new(|info| {
        let location = info.location().map(|location| format!("{}:{}", location.file(), location.line()));
        let mut report = internal_error(info.payload(), location.as_deref());
        // `RUST_BACKTRACE=1` still gives a backtrace, for whoever debugs it.
        let backtrace = Backtrace::capture();
        if backtrace.status() == BacktraceStatus::Captured {
            report.push_str(&format!("\n{backtrace}"));
        }
        let mut first = FIRST_PANIC.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        first.get_or_insert(report);
    }));
    match panic::catch_unwind(AssertUnwindSafe(command)) {
        Ok(code) => code,
        Err(payload) => {
            let recorded = FIRST_PANIC.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).take();
            let report = recorded.unwrap_or_else(|| internal_error(payload.as_ref(), None));
            eprintln!("{report}");
            ExitCode::from(2)
        }
    }
}

/// The report of a panic that was caught and survived (`ordinal lsp` keeps
/// serving after one): what the hook recorded, which names the location,
/// or else the payload's message. Taking it leaves room for the next one.
pub fn caught_report(payload: &(dyn Any + Send)) -> String {
    let recorded = FIRST_PANIC.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).take();
    recorded.unwrap_or_else(|| internal_error(payload, None))
}

/// The one-line report of a panic with `payload`, raised at `location`.
fn internal_error(payload: &(dyn Any + Send), location: Option<&str>) -> String {
    let message = payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("unknown panic");
    // The message may quote input (a name in a failed assertion).
    let message = ordinal_core::escape::display(message);
    let at = location.map(|location| format!(" at {location}")).unwrap_or_default();
    format!("ordinal: internal error: {message}{at} (this is a bug in ordinal; please report it with the input that caused it)")
}

#[cfg(test)]
mod tests {
    use super::*;

    // The only test that panics: the hook is process-wide, and a panic in
    // another test while it runs would be recorded in its place.
    #[test]
    fn a_panic_is_reported_in_one_line_with_exit_code_2() {
        let code = run_guarded(|| panic!("width {} out of range\n::error::x", 65_536));
        assert_eq!(code, ExitCode::from(2));
        // `run_guarded` printed the hook's record and took it.
        assert!(FIRST_PANIC.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).is_none());
        assert_eq!(run_guarded(|| ExitCode::from(1)), ExitCode::from(1));
    }

    #[test]
    fn reports_name_the_message_and_location_and_escape_them() {
        // The payloads `panic!` makes: a `String` when formatting, else a `&str`.
        let formatted: Box<dyn Any + Send> = Box::new(format!("boom {}\n::error::x", 1));
        assert_eq!(
            internal_error(formatted.as_ref(), Some("src/x.rs:3")),
            "ordinal: internal error: boom 1\\n::error::x at src/x.rs:3 (this is a bug in ordinal; please report it with the input that caused it)"
        );
        let fixed: Box<dyn Any + Send> = Box::new("static");
        assert!(internal_error(fixed.as_ref(), None).starts_with("ordinal: internal error: static (this"));
        assert!(internal_error(&42_u8, None).contains("unknown panic"));
    }
}
