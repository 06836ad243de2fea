//! YAML → diagnostics: any bytes (lossily decoded) must lint without a
//! panic, and every diagnostic and fix edit must point inside the input.
//! Fixes are applied and re-linted by the `fix` target (re-parsing every
//! fix here made this target ten times slower).
#![no_main]

use libfuzzer_sys::fuzz_target;
use ordinal_core::{lint, Options, SourceFile};

#[path = "common/mod.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let file = SourceFile::new("fuzz.yaml", String::from_utf8_lossy(data));
    let report = lint(std::slice::from_ref(&file), &Options::default());
    common::check_spans(&file, &report);
});
