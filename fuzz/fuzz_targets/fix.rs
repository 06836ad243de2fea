//! Fix round trip: every offered fix must apply, and the fixed text must
//! lint again without a panic and with spans inside it. The work is
//! bounded: inputs over 16 KB are linted only, and at most
//! [`MAX_FIXES`] fixes are applied per input.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ordinal_core::{lint, Options, SourceFile};

#[path = "common/mod.rs"]
mod common;

/// Fixes applied (and re-linted) per input.
const MAX_FIXES: usize = 4;
/// Larger inputs are left to the `lint` target.
const MAX_INPUT: usize = 16 * 1024;

fuzz_target!(|data: &[u8]| {
    if data.len() > MAX_INPUT {
        return;
    }
    let options = Options::default();
    let file = SourceFile::new("fuzz.yaml", String::from_utf8_lossy(data));
    let report = lint(std::slice::from_ref(&file), &options);
    common::check_spans(&file, &report);
    for fix in report.diagnostics.iter().filter_map(|d| d.fix.as_ref()).take(MAX_FIXES) {
        let fixed = SourceFile::new("fuzz.yaml", fix.apply(&file.text));
        let again = lint(std::slice::from_ref(&fixed), &options);
        common::check_spans(&fixed, &again);
    }
});
