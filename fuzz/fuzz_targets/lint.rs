//! YAML → diagnostics: any bytes (lossily decoded) must lint without a
//! panic, every diagnostic must point inside the input, and an offered fix
//! must apply cleanly.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ordinal_core::{lint, Options, SourceFile};

fuzz_target!(|data: &[u8]| {
    let file = SourceFile::new("fuzz.yaml", String::from_utf8_lossy(data));
    let options = Options::default();
    let report = lint(std::slice::from_ref(&file), &options);
    let text = &file.text;
    for diagnostic in &report.diagnostics {
        let span = diagnostic.span;
        assert!(span.start <= span.end && span.end <= text.len(), "span {span:?} outside {} bytes", text.len());
        assert!(
            text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
            "span {span:?} splits a character"
        );
        let position = file.line_column(span.start);
        assert!(position.line >= 1 && position.line <= file.lines.line_count());
        if let Some(fix) = &diagnostic.fix {
            let _ = ordinal_core::parse::parse_yaml(&fix.apply(text), options.limits);
        }
    }
});
