//! Reading inputs for every subcommand: files, directories (recursively
//! `*.yaml` and `*.yml`, honouring `.gitignore`) and `-` for stdin.
//!
//! Inputs come back sorted by path so that output is the same on every run,
//! whatever order the arguments or the directory walk gave.
//!
//! Every read is capped at [`ReadOptions::max_file_size`]: a file, a fifo or
//! a device named on the command line, stdin and `--config` are all read
//! through `Read::take`, so `/dev/zero`, `/dev/urandom` or a file that keeps
//! growing ends in a clear error instead of reading until memory runs out.
//! The directory walk only picks regular files.
//!
//! Some YAML in a tree is not manifests. A Helm chart (a directory with a
//! `Chart.yaml`) holds Go templates, which are not YAML until rendered, and
//! its `Chart.yaml` and `values*.yaml` describe no objects: the walk skips
//! the whole chart and prints one note saying to lint `helm template`'s
//! output instead. A kustomization file (`kustomization.yaml`,
//! `kustomization.yml`, `Kustomization`) configures `kustomize build`; the
//! walk skips it, and one named on the command line is read as no
//! resources. A file named on the command line inside a chart is skipped
//! with the chart's note, as in a walk; each chart is noted once.
//!
//! Paths need not be UTF-8: a path is read as the operating system gives
//! it, and shown (in every output format) converted lossily, so a file
//! named on the command line and the same file found in a directory are
//! handled and named alike.

use std::collections::{BTreeMap, BTreeSet};
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use anyhow::{anyhow, bail};
use ordinal_core::parse::{ParseProblem, ProblemKind};
use ordinal_core::{SourceFile, Span};
use rayon::prelude::*;

/// The display name used for standard input.
pub const STDIN_NAME: &str = "<stdin>";

/// The default of `--max-file-size`: far above any manifest (the largest
/// Kubernetes object is about 1.5 MB in etcd), far below what a machine
/// running CI can hold.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 256 * 1024 * 1024;

/// How inputs are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadOptions {
    /// The most bytes read from one file, stream or stdin.
    pub max_file_size: u64,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions { max_file_size: DEFAULT_MAX_FILE_SIZE }
    }
}

/// One file read for linting.
#[derive(Debug, Clone)]
pub struct Input {
    /// Name (relative path as given, or `<stdin>`) and text.
    pub source: SourceFile,
    /// Set when the bytes were not UTF-8 and were converted lossily.
    pub invalid_utf8: Option<InvalidUtf8>,
    /// The file it was read from (`None` for stdin and built-in text), for
    /// `lint --fix` to write back to.
    pub path: Option<PathBuf>,
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
    /// An input that is already text (the bundled examples).
    pub fn text(name: String, text: String) -> Input {
        Input { source: SourceFile::new(name, text), invalid_utf8: None, path: None }
    }

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
pub fn read_inputs(arguments: &[PathBuf], options: &ReadOptions) -> anyhow::Result<Vec<Input>> {
    let arguments: Vec<PathBuf> = if arguments.is_empty() { vec![PathBuf::from(".")] } else { arguments.to_vec() };
    // Keyed by the path as shown (without `./`), so that inputs sort
    // component by component (`a/x.yaml` before `a-b/x.yaml`) and each file
    // is read once. The key is the path itself, not its lossy name, so two
    // non-UTF-8 names that convert alike are still two files.
    let mut paths: BTreeMap<PathBuf, PathBuf> = BTreeMap::new();
    let mut wants_stdin = false;
    let mut kustomizations = Vec::new();
    let mut charts: BTreeSet<PathBuf> = BTreeSet::new();
    for path in &arguments {
        if path.as_os_str() == "-" {
            wants_stdin = true;
            continue;
        }
        let metadata =
            std::fs::metadata(path).map_err(|error| anyhow!("{}: {}", display_name(path), describe(&error)))?;
        if metadata.is_dir() {
            let walk = walk_directory(path)?;
            charts.extend(walk.charts.iter().map(|chart| shown_path(chart).to_path_buf()));
            for file in walk.files {
                paths.entry(shown_path(&file).to_path_buf()).or_insert(file);
            }
        } else if let Some(chart) = enclosing_chart(path) {
            // A template named on its own (a pre-commit hook passes every
            // changed `*.yaml`) is no more YAML than in a walk.
            charts.insert(shown_path(&chart).to_path_buf());
        } else if is_kustomization(path) {
            // Named on purpose, it is read as what it holds for ordinal:
            // no objects (still a file of the run, so the summary counts it).
            kustomizations.push(display_name(path));
        } else {
            paths.entry(shown_path(path).to_path_buf()).or_insert_with(|| path.to_path_buf());
        }
    }
    for chart in &charts {
        eprintln!("{}", chart_note(chart));
    }
    let mut inputs: Vec<Input> = paths
        .into_par_iter()
        .map(|(shown, path)| {
            let name = display_name(&shown);
            let bytes = read_file(&path, &name, options)?;
            Ok(Input { path: Some(path), ..decode(name, bytes) })
        })
        .collect::<anyhow::Result<_>>()?;
    let mut unsorted = false;
    for name in kustomizations {
        if !inputs.iter().any(|input| input.source.name == name) {
            inputs.push(Input::text(name, String::new()));
            unsorted = true;
        }
    }
    if wants_stdin {
        let bytes = read_capped(std::io::stdin().lock(), None, STDIN_NAME, options)?;
        inputs.push(decode(STDIN_NAME.to_string(), bytes));
        unsorted = true;
    }
    if unsorted {
        inputs.sort_by(|a, b| Path::new(&a.source.name).cmp(Path::new(&b.source.name)));
    }
    Ok(inputs)
}

/// Read a file named by `path` (a regular file, a fifo or a device) up to
/// the size limit; errors name the file as shown.
pub fn read_path(path: &Path, options: &ReadOptions) -> anyhow::Result<Vec<u8>> {
    read_file(path, &display_name(path), options)
}

/// The manifests `ordinal lint ROOT` would read under the directory `root`
/// (the same walk: `.gitignore`, hidden files, Helm charts and kustomization
/// files skipped), for `ordinal lsp`'s workspace folders; unsorted.
pub fn manifests_under(root: &Path) -> anyhow::Result<Vec<PathBuf>> {
    Ok(walk_directory(root)?.files)
}

/// Read one file as the walk's files are read (capped, non-UTF-8 bytes
/// converted and located), shown as `name`.
pub fn read_input(path: &Path, name: String, options: &ReadOptions) -> anyhow::Result<Input> {
    let bytes = read_file(path, &name, options)?;
    Ok(Input { path: Some(path.to_path_buf()), ..decode(name, bytes) })
}

/// Open and read `path`, shown as `name`. A regular file whose size is
/// already over the limit fails before any byte is read; anything else
/// (a file that grows, a fifo, a device) is stopped by the capped read.
fn read_file(path: &Path, name: &str, options: &ReadOptions) -> anyhow::Result<Vec<u8>> {
    let file = File::open(path).map_err(|error| anyhow!("{name}: {}", describe(&error)))?;
    let size = file.metadata().ok().filter(|metadata| metadata.is_file()).map(|metadata| metadata.len());
    if size.is_some_and(|len| len > options.max_file_size) {
        bail!(too_large(name, options));
    }
    read_capped(file, size, name, options)
}

/// Read `reader` to its end, or fail once it gives more than the limit.
/// One byte over the limit is read to tell "exactly the limit" from "more".
///
/// `size_hint` (a regular file's length) sizes the first read, so a file
/// is read into one buffer of its size plus one byte. Whatever comes after
/// it (a file that grew, a fifo, a device) is read in chunks of
/// [`READ_CHUNK`] joined once at the end, so an endless source
/// (`/dev/zero`) costs the limit and no more: one buffer grown by
/// reallocation held two to three times the limit under mimalloc, which
/// copies a huge block to grow it.
fn read_capped(
    reader: impl Read,
    size_hint: Option<u64>,
    name: &str,
    options: &ReadOptions,
) -> anyhow::Result<Vec<u8>> {
    read_capped_in_chunks(reader, size_hint, name, options, READ_CHUNK)
}

/// The chunk [`read_capped`] reads a source of unknown size in.
const READ_CHUNK: usize = 4 << 20;

fn read_capped_in_chunks(
    mut reader: impl Read,
    size_hint: Option<u64>,
    name: &str,
    options: &ReadOptions,
    chunk_size: usize,
) -> anyhow::Result<Vec<u8>> {
    let cap = usize::try_from(options.max_file_size.saturating_add(1)).unwrap_or(usize::MAX);
    let mut want = size_hint.and_then(|len| usize::try_from(len.saturating_add(1)).ok()).unwrap_or(chunk_size).min(cap);
    let mut chunks: Vec<Vec<u8>> = Vec::new();
    let mut total = 0;
    loop {
        let mut chunk = Vec::with_capacity(want);
        // `read_to_end` retries interrupted reads; `take` keeps it inside
        // the capacity, so the chunk never reallocates.
        let read = (&mut reader)
            .take(want as u64)
            .read_to_end(&mut chunk)
            .map_err(|error| anyhow!("{name}: {}", describe(&error)))?;
        total += read;
        if read > 0 {
            chunks.push(chunk);
        }
        if total as u64 > options.max_file_size {
            bail!(too_large(name, options));
        }
        if read < want {
            break;
        }
        want = chunk_size.min(cap - total);
    }
    match chunks.len() {
        1 => Ok(chunks.pop().unwrap_or_default()),
        _ => Ok(chunks.concat()),
    }
}

fn too_large(name: &str, options: &ReadOptions) -> String {
    format!("{name}: larger than the limit of {} (raise it with --max-file-size)", format_size(options.max_file_size))
}

/// Parse a `--max-file-size` value: bytes, or a number with `K`, `M` or `G`
/// (binary multiples; a trailing `B` or `iB` is accepted).
pub fn parse_size(text: &str) -> Result<u64, String> {
    let trimmed = text.trim();
    let upper = trimmed.to_ascii_uppercase();
    let without_bytes = upper.strip_suffix("IB").or_else(|| upper.strip_suffix('B')).unwrap_or(&upper);
    let (digits, multiplier) = match without_bytes.chars().last() {
        Some('K') => (&without_bytes[..without_bytes.len() - 1], 1u64 << 10),
        Some('M') => (&without_bytes[..without_bytes.len() - 1], 1 << 20),
        Some('G') => (&without_bytes[..without_bytes.len() - 1], 1 << 30),
        _ => (without_bytes, 1),
    };
    let number: u64 =
        digits.trim().parse().map_err(|_| format!("`{trimmed}` is not a size such as 1048576, 512K, 256M or 1G"))?;
    number.checked_mul(multiplier).ok_or_else(|| format!("`{trimmed}` is too large"))
}

/// A size for messages: `256 MiB`, `512 KiB`, or bytes.
pub fn format_size(bytes: u64) -> String {
    for (unit, size) in [("GiB", 1u64 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)] {
        if bytes >= size && bytes.is_multiple_of(size) {
            return format!("{} {unit}", bytes / size);
        }
    }
    format!("{bytes} bytes")
}

/// What a directory walk found.
#[derive(Debug, Default, PartialEq, Eq)]
struct Walk {
    /// The manifests to read.
    files: Vec<PathBuf>,
    /// The Helm charts skipped, in walk order.
    charts: Vec<PathBuf>,
}

/// Whether `dir` is a Helm chart: Helm loads a chart from the directory
/// holding its `Chart.yaml` (helm.sh/helm/v3 `pkg/chart/loader`), under
/// that exact name.
fn is_chart(dir: &Path) -> bool {
    dir.join("Chart.yaml").is_file()
}

/// The outermost Helm chart a file named on the command line lies in (its
/// templates, `Chart.yaml`, values files), looking up the path as given.
fn enclosing_chart(path: &Path) -> Option<PathBuf> {
    path.ancestors()
        .skip(1)
        .map(|dir| if dir.as_os_str().is_empty() { Path::new(".") } else { dir })
        .filter(|dir| is_chart(dir))
        .last()
        .map(Path::to_path_buf)
}

/// Whether the file is kustomize's configuration, by the names `kustomize
/// build` looks for (sigs.k8s.io/kustomize `konfig.RecognizedKustomizationFileNames`).
fn is_kustomization(path: &Path) -> bool {
    path.file_name()
        .and_then(|name| name.to_str())
        .is_some_and(|name| matches!(name, "kustomization.yaml" | "kustomization.yml" | "Kustomization"))
}

/// The note printed for a skipped chart, escaped for the terminal.
fn chart_note(chart: &Path) -> String {
    let name = display_name(chart);
    let name = ordinal_core::escape::display(if name.is_empty() { "." } else { &name }).into_owned();
    format!("note: {name} is a Helm chart; lint its rendered output: helm template {name} | ordinal lint -")
}

/// Every `*.yaml` and `*.yml` file under `root`, skipping what `.gitignore`,
/// `.ignore` and hidden-file rules exclude, Helm charts and kustomization
/// files.
fn walk_directory(root: &Path) -> anyhow::Result<Walk> {
    let mut files = Vec::new();
    if is_chart(root) {
        return Ok(Walk { files, charts: vec![root.to_path_buf()] });
    }
    // The filter runs on the walker's side; it records what it skips.
    let charts = Arc::new(Mutex::new(Vec::new()));
    let skipped = Arc::clone(&charts);
    let walker = ignore::WalkBuilder::new(root)
        .require_git(false)
        .filter_entry(move |entry| {
            let chart =
                entry.depth() > 0 && entry.file_type().is_some_and(|kind| kind.is_dir()) && is_chart(entry.path());
            if chart {
                skipped.lock().unwrap_or_else(PoisonError::into_inner).push(entry.path().to_path_buf());
            }
            !chart
        })
        .build();
    for entry in walker {
        let entry = entry.map_err(|error| anyhow!("{}", error.to_string().replace('\n', " ")))?;
        // Regular files only: a fifo or a device in the tree would block
        // or never end. (Symbolic links are not followed by the walk.)
        if !entry.file_type().is_some_and(|kind| kind.is_file()) {
            continue;
        }
        let is_yaml =
            entry.path().extension().and_then(|extension| extension.to_str()).is_some_and(|extension| {
                extension.eq_ignore_ascii_case("yaml") || extension.eq_ignore_ascii_case("yml")
            });
        if is_yaml && !is_kustomization(entry.path()) {
            files.push(entry.into_path());
        }
    }
    let mut charts = std::mem::take(&mut *charts.lock().unwrap_or_else(PoisonError::into_inner));
    charts.sort();
    Ok(Walk { files, charts })
}

/// The path as given, without a leading `./`.
fn shown_path(path: &Path) -> &Path {
    path.strip_prefix(".").unwrap_or(path)
}

/// The name shown in output: [`shown_path`], converted lossily when it is
/// not UTF-8. Renderers escape it for terminals; JSON carries it as is.
pub fn display_name(path: &Path) -> String {
    shown_path(path).to_string_lossy().into_owned()
}

fn decode(name: String, bytes: Vec<u8>) -> Input {
    match String::from_utf8(bytes) {
        Ok(text) => Input { source: SourceFile::new(name, text), invalid_utf8: None, path: None },
        Err(error) => {
            let offset = error.utf8_error().valid_up_to();
            let bytes = error.into_bytes();
            let byte = bytes.get(offset).copied().unwrap_or_default();
            // The valid prefix is copied unchanged, so `offset` is also where
            // the first replacement character sits in the converted text.
            let text = String::from_utf8_lossy(&bytes).into_owned();
            Input { source: SourceFile::new(name, text), invalid_utf8: Some(InvalidUtf8 { offset, byte }), path: None }
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
    fn reads_stop_one_byte_past_the_limit() {
        let options = ReadOptions { max_file_size: 4 };
        assert_eq!(read_capped(&b"abcd"[..], None, "x", &options).expect("at the limit"), b"abcd");
        let error = read_capped(std::io::repeat(0), None, "/dev/zero", &options).expect_err("over the limit");
        assert_eq!(error.to_string(), "/dev/zero: larger than the limit of 4 bytes (raise it with --max-file-size)");
        // Over several doublings, with a hint that is right, too small (the
        // file grew) or absent: every byte arrives, and the limit still holds.
        let text: Vec<u8> = (0..300_000u32).map(|i| (i % 251) as u8).collect();
        let roomy = ReadOptions { max_file_size: 1 << 20 };
        for hint in [Some(300_000), Some(10), None] {
            assert_eq!(read_capped(&text[..], hint, "x", &roomy).expect("under the limit"), text, "{hint:?}");
            // In many chunks, the last one short.
            let chunked = read_capped_in_chunks(&text[..], hint, "x", &roomy, 7_000).expect("under the limit");
            assert_eq!(chunked, text, "{hint:?}");
        }
        let tight = ReadOptions { max_file_size: 299_999 };
        assert!(read_capped(&text[..], Some(300_000), "x", &tight).is_err());
        assert!(read_capped_in_chunks(&text[..], None, "x", &tight, 7_000).is_err());
        // Exactly the limit, ending on a chunk boundary.
        let exact = ReadOptions { max_file_size: 300_000 };
        assert_eq!(read_capped_in_chunks(&text[..], None, "x", &exact, 50_000).expect("at the limit"), text);
    }

    #[test]
    fn sizes_parse_and_print_in_binary_units() {
        assert_eq!(parse_size("1000"), Ok(1000));
        assert_eq!(parse_size("512k"), Ok(512 * 1024));
        assert_eq!(parse_size("256M"), Ok(DEFAULT_MAX_FILE_SIZE));
        assert_eq!(parse_size("1GiB"), Ok(1 << 30));
        assert_eq!(parse_size("2MB"), Ok(2 << 20));
        assert!(parse_size("lots").is_err());
        assert!(parse_size("99999999999999999999G").is_err());
        assert_eq!(format_size(DEFAULT_MAX_FILE_SIZE), "256 MiB");
        assert_eq!(format_size(1536), "1536 bytes");
    }

    #[test]
    fn the_walk_skips_charts_and_kustomizations() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let write = |path: &str, text: &str| {
            let path = dir.path().join(path);
            std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
            std::fs::write(path, text).expect("write");
        };
        write("plain/web.yaml", "kind: Service\n");
        write("plain/kustomization.yaml", "resources: [web.yaml]\n");
        write("plain/kustomization.yml", "resources: [web.yaml]\n");
        write("chart/Chart.yaml", "apiVersion: v2\nname: chart\n");
        write("chart/values.yaml", "replicas: 3\n");
        write("chart/templates/sts.yaml", "replicas: {{ .Values.replicas }}\n");
        write("nested/app/Chart.yaml", "apiVersion: v2\nname: app\n");
        write("nested/app/charts/sub/templates/x.yaml", "{{ if }}\n");
        write("nested/other.yml", "kind: ConfigMap\n");
        let walk = walk_directory(dir.path()).expect("a walk");
        let relative = |paths: &[PathBuf]| -> Vec<PathBuf> {
            let mut paths: Vec<PathBuf> =
                paths.iter().map(|path| path.strip_prefix(dir.path()).expect("under").to_path_buf()).collect();
            paths.sort();
            paths
        };
        assert_eq!(relative(&walk.files), [PathBuf::from("nested/other.yml"), PathBuf::from("plain/web.yaml")]);
        assert_eq!(relative(&walk.charts), [PathBuf::from("chart"), PathBuf::from("nested/app")]);
        let root = walk_directory(&dir.path().join("chart")).expect("a walk");
        assert_eq!((root.files.len(), root.charts.len()), (0, 1));
    }

    #[test]
    fn a_named_file_inside_a_chart_belongs_to_its_outermost_chart() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let root = dir.path();
        for (path, text) in [
            ("app/Chart.yaml", "name: app\n"),
            ("app/templates/sts.yaml", "{{ if }}\n"),
            ("app/charts/sub/Chart.yaml", "name: sub\n"),
            ("app/charts/sub/templates/x.yaml", "{{ if }}\n"),
            ("plain/web.yaml", "kind: Service\n"),
        ] {
            let path = root.join(path);
            std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
            std::fs::write(path, text).expect("write");
        }
        let app = root.join("app");
        assert_eq!(enclosing_chart(&root.join("app/templates/sts.yaml")), Some(app.clone()));
        assert_eq!(enclosing_chart(&root.join("app/charts/sub/templates/x.yaml")), Some(app.clone()));
        assert_eq!(enclosing_chart(&root.join("app/Chart.yaml")), Some(app));
        assert_eq!(enclosing_chart(&root.join("plain/web.yaml")), None);
    }

    #[test]
    fn chart_notes_escape_the_name() {
        assert_eq!(
            chart_note(Path::new("./charts/db")),
            "note: charts/db is a Helm chart; lint its rendered output: helm template charts/db | ordinal lint -"
        );
        assert_eq!(
            chart_note(Path::new(".")),
            "note: . is a Helm chart; lint its rendered output: helm template . | ordinal lint -"
        );
        assert!(chart_note(Path::new("a\nb")).contains("a\\nb"));
    }

    #[test]
    fn display_names_drop_a_leading_dot_slash() {
        assert_eq!(display_name(Path::new("./a/b.yaml")), "a/b.yaml");
        assert_eq!(display_name(Path::new("a/b.yaml")), "a/b.yaml");
    }
}
