//! Structure-aware lint and explain: the input drives a generator of
//! StatefulSet/Service/PDB manifests (`common/generate.rs`) whose fields take
//! valid and near-valid values, so that mutations reach the rules rather
//! than the parser's error paths. Every renderer runs on the result, and
//! the first offered fix is applied and re-linted.
#![no_main]

use libfuzzer_sys::arbitrary::Unstructured;
use libfuzzer_sys::fuzz_target;
use ordinal_core::{lint, Options, SourceFile};

#[path = "common/mod.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let Ok(flags) = u.arbitrary::<u8>() else { return };
    let Ok(yaml) = common::generate::manifest(&mut u) else { return };
    let options = Options {
        update: flags & 1 != 0,
        scale_to: (flags & 2 != 0).then_some(i32::from(flags >> 4) - 2),
        ..Options::default()
    };
    let files = [SourceFile::new("fuzz.yaml", yaml)];
    common::render_all(&files, &options, false, flags & 8 != 0);
    let report = lint(&files, &options);
    if let Some(fix) = report.diagnostics.iter().find_map(|d| d.fix.as_ref()) {
        let fixed = SourceFile::new("fuzz.yaml", fix.apply(&files[0].text));
        let again = lint(std::slice::from_ref(&fixed), &options);
        common::check_spans(&fixed, &again);
    }
});
