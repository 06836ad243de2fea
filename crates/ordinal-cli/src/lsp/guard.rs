//! A panic while serving one message is a bug in Ordinal, and must not take
//! the editor's language support down with it: the work is abandoned, the
//! report goes to the client's log (`window/logMessage`), and the server
//! goes on with the next message.

use std::panic::{self, AssertUnwindSafe};

/// Run `work`; a panic becomes its one-line report (`crate::panic` records
/// its location).
pub fn catch<T>(work: impl FnOnce() -> T) -> Result<T, String> {
    panic::catch_unwind(AssertUnwindSafe(work)).map_err(|payload| crate::panic::caught_report(payload.as_ref()))
}

/// A test-only way into the panic path: debug builds panic while analysing a
/// document whose text holds the marker named by `ORDINAL_LSP_TEST_PANIC`,
/// so the protocol tests can check that the server survives it. Release
/// builds never look.
pub fn test_panic(text: &str) {
    if cfg!(debug_assertions) {
        if let Some(marker) = std::env::var_os("ORDINAL_LSP_TEST_PANIC") {
            let marker = marker.to_string_lossy();
            if !marker.is_empty() && text.contains(marker.as_ref()) {
                panic!("ORDINAL_LSP_TEST_PANIC marker found in the document");
            }
        }
    }
}
