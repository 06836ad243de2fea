//! Reading inputs for every subcommand: files, directories (recursively
//! `*.yaml` and `*.yml`, honouring `.gitignore`) and `-` for stdin.
//!
//! Inputs come back sorted by display name so that output is the same on
//! every run, whatever order the arguments or the directory walk gave.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::{anyhow, Context as _};
use ordinal_core::parse::{ParseProblem, ProblemKind};
use ordinal_core::{SourceFile, Span};
use rayon::prelude::*;

/// The display name used for standard input.
pub const STDIN_NAME: &str = "<stdin>";

/// One file read for linting.
#[derive(Debug, Clone)]
pub struct Input {
    /// Name (relative path as given, or `<stdin>`) and text.
    pub source: SourceFile,
    /// Set when the bytes were not UTF-8 and were converted lossily.
    pub invalid_utf8: Option<InvalidUtf8>,
}

/// Where a file stopped being UTF-8.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InvalidUtf8 {
    /// Byte offset in the converted text of the first replacement character.
    pub offset: usize,
    /// The first offending byte.
    pub byte: u8,
}

impl Input {
    /// A located problem for a file that was not UTF-8, for the `yaml-syntax` rule.
    pub fn encoding_problem(&self) -> Option<ParseProblem> {
        let invalid = self.invalid_utf8?;
        Some(ParseProblem {
            kind: ProblemKind::NotText,
            span: Span::new(invalid.offset, invalid.offset + char::REPLACEMENT_CHARACTER.len_utf8()),
            message: format!(
                "the file is not valid UTF-8 (byte 0x{:02x}); invalid bytes were read as U+FFFD",
                invalid.byte
            ),
        })
    }
}

/// Read every input named by `arguments` (the current directory when empty).
/// A path that does not exist or cannot be read is an error.
pub fn read_inputs(arguments: &[String]) -> anyhow::Result<Vec<Input>> {
    let arguments: Vec<String> = if arguments.is_empty() { vec![".".to_string()] } else { arguments.to_vec() };
    // Keyed by the display name as a path, so that inputs sort component by
    // component (`a/x.yaml` before `a-b/x.yaml`) and each file is read once.
    let mut paths: BTreeMap<PathBuf, PathBuf> = BTreeMap::new();
    let mut wants_stdin = false;
    for argument in &arguments {
        if argument == "-" {
            wants_stdin = true;
            continue;
        }
        let path = Path::new(argument);
        let metadata = std::fs::metadata(path).map_err(|error| anyhow!("{argument}: {}", describe(&error)))?;
        if metadata.is_dir() {
            for file in walk_directory(path)? {
                paths.entry(PathBuf::from(display_name(&file))).or_insert(file);
            }
        } else {
            paths.entry(PathBuf::from(display_name(path))).or_insert_with(|| path.to_path_buf());
        }
    }
    let mut inputs: Vec<Input> = paths
        .into_par_iter()
        .map(|(name, path)| {
            let name = name.to_string_lossy().into_owned();
            let bytes = std::fs::read(&path).map_err(|error| anyhow!("{name}: {}", describe(&error)))?;
            Ok(decode(name, bytes))
        })
        .collect::<anyhow::Result<_>>()?;
    if wants_stdin {
        let mut bytes = Vec::new();
        std::io::stdin().read_to_end(&mut bytes).context("reading standard input")?;
        inputs.push(decode(STDIN_NAME.to_string(), bytes));
        inputs.sort_by(|a, b| Path::new(&a.source.name).cmp(Path::new(&b.source.name)));
    }
    Ok(inputs)
}

/// Every `*.yaml` and `*.yml` file under `root`, skipping what `.gitignore`,
/// `.ignore` and hidden-file rules exclude.
fn walk_directory(root: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let walker = ignore::WalkBuilder::new(root).require_git(false).build();
    for entry in walker {
        let entry = entry.map_err(|error| anyhow!("{}", error.to_string().replace('\n', " ")))?;
        if !entry.file_type().is_some_and(|kind| kind.is_file()) {
            continue;
        }
        let is_yaml =
            entry.path().extension().and_then(|extension| extension.to_str()).is_some_and(|extension| {
                extension.eq_ignore_ascii_case("yaml") || extension.eq_ignore_ascii_case("yml")
            });
        if is_yaml {
            files.push(entry.into_path());
        }
    }
    Ok(files)
}

/// The name shown in output: the path as given, without a leading `./`.
fn display_name(path: &Path) -> String {
    let path = path.strip_prefix(".").unwrap_or(path);
    path.to_string_lossy().into_owned()
}

fn decode(name: String, bytes: Vec<u8>) -> Input {
    match String::from_utf8(bytes) {
        Ok(text) => Input { source: SourceFile::new(name, text), invalid_utf8: None },
        Err(error) => {
            let offset = error.utf8_error().valid_up_to();
            let bytes = error.into_bytes();
            let byte = bytes.get(offset).copied().unwrap_or_default();
            // The valid prefix is copied unchanged, so `offset` is also where
            // the first replacement character sits in the converted text.
            let text = String::from_utf8_lossy(&bytes).into_owned();
            Input { source: SourceFile::new(name, text), invalid_utf8: Some(InvalidUtf8 { offset, byte }) }
        }
    }
}

fn describe(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => error.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_is_converted_and_located() {
        let input = decode("x.yaml".into(), b"a: 1\nb: \xff\xfe\n".to_vec());
        assert_eq!(input.invalid_utf8, Some(InvalidUtf8 { offset: 8, byte: 0xff }));
        let problem = input.encoding_problem().expect("a problem");
        assert_eq!(&input.source.text[problem.span.start..problem.span.end], "\u{fffd}");
        assert_eq!(input.source.line_column(problem.span.start).line, 2);
    }

    #[test]
    fn display_names_drop_a_leading_dot_slash() {
        assert_eq!(display_name(Path::new("./a/b.yaml")), "a/b.yaml");
        assert_eq!(display_name(Path::new("a/b.yaml")), "a/b.yaml");
    }
}
