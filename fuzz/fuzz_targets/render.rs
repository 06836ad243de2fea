//! Lint and explain → every renderer: lint text (plain and coloured), lint
//! JSON (with every offset option), explain text, explain JSON and SVG must
//! not panic; the JSON must parse and the SVG must pass the `svg` target's
//! checks. The first byte picks the options, the rest is the manifest.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ordinal_core::{Options, SourceFile};

#[path = "common/mod.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let (flags, rest) = data.split_first().map_or((0, data), |(f, r)| (*f, r));
    let options = Options {
        update: flags & 1 != 0,
        scale_to: (flags & 2 != 0).then_some(i32::from(flags >> 4) - 2),
        ..Options::default()
    };
    let files = [SourceFile::new("fuzz.yaml", String::from_utf8_lossy(rest))];
    common::render_all(&files, &options, flags & 4 != 0, flags & 8 != 0);
});
