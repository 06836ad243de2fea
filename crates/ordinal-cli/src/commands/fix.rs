//! `ordinal lint --fix` and `--diff`: apply the core's fixes
//! ([`ordinal_core::fix`]) to the inputs, and write them back or show them.

use std::io::Write;
use std::path::Path;

use anyhow::Context as _;
use ordinal_core::escape::display;
use ordinal_core::fix::{fix_files, FixMode, FixedFile};
use ordinal_core::{Options, SourceFile};

use crate::input::Input;

/// The inputs after fixing, one entry per input. A file that was not UTF-8
/// is left alone: its text is a lossy conversion, and writing it back would
/// replace the bytes that were not UTF-8.
pub fn fix_inputs(inputs: &[Input], options: &Options, mode: FixMode) -> Vec<FixedFile> {
    let files: Vec<SourceFile> = inputs.iter().map(|input| input.source.clone()).collect();
    let outcome = fix_files(&files, options, mode);
    inputs
        .iter()
        .zip(outcome.files)
        .map(
            |(input, fixed)| {
                if input.invalid_utf8.is_some() {
                    FixedFile { text: input.source.text.clone(), fixed: 0 }
                } else {
                    fixed
                }
            },
        )
        .collect()
}

/// A unified diff of every file a fix changes, `a/NAME` against `b/NAME`.
pub fn diff(inputs: &[Input], fixed: &[FixedFile]) -> String {
    let mut out = String::new();
    for (input, fixed) in inputs.iter().zip(fixed) {
        if !fixed.changed() || fixed.text == input.source.text {
            continue;
        }
        let name = display(&input.source.name);
        let diff = similar::TextDiff::from_lines(input.source.text.as_str(), fixed.text.as_str());
        out.push_str(
            &diff.unified_diff().context_radius(3).header(&format!("a/{name}"), &format!("b/{name}")).to_string(),
        );
    }
    out
}

/// Write each changed file in place, and the whole text of a stdin input
/// (changed or not) to stdout; then make the inputs hold the fixed text, so
/// what is reported next is what remains.
pub fn write_back(inputs: &mut [Input], fixed: Vec<FixedFile>) -> anyhow::Result<()> {
    for (input, fixed) in inputs.iter_mut().zip(fixed) {
        match &input.path {
            Some(path) if fixed.changed() && fixed.text != input.source.text => {
                write_atomically(path, &fixed.text)
                    .with_context(|| format!("writing the fixes to {}", display(&input.source.name)))?;
            }
            Some(_) => {}
            None => {
                let mut stdout = std::io::stdout().lock();
                stdout.write_all(fixed.text.as_bytes())?;
                stdout.flush()?;
            }
        }
        if fixed.changed() {
            input.source = SourceFile::new(input.source.name.clone(), fixed.text);
        }
    }
    Ok(())
}

/// Replace the file at `path` with `text` so that a reader sees the old
/// file or the new one, never part of either: write a temporary file in the
/// same directory (a rename does not cross file systems), give it the old
/// file's permissions, and rename it over. A symbolic link is followed, so
/// the file it points to is replaced, not the link.
fn write_atomically(path: &Path, text: &str) -> anyhow::Result<()> {
    let target = std::fs::canonicalize(path)?;
    let directory = target.parent().unwrap_or_else(|| Path::new("."));
    let permissions = std::fs::metadata(&target)?.permissions();
    let mut temp = tempfile::Builder::new().prefix(".ordinal-fix-").tempfile_in(directory)?;
    temp.write_all(text.as_bytes())?;
    temp.as_file().set_permissions(permissions)?;
    temp.as_file().sync_all()?;
    temp.persist(&target).map_err(|error| error.error)?;
    Ok(())
}

/// `1 finding`, `2 findings`.
pub fn findings(count: usize) -> String {
    if count == 1 {
        "1 finding".to_string()
    } else {
        format!("{count} findings")
    }
}
