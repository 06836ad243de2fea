//! `ordinal diff OLD NEW` and `ordinal diff --base REF [PATH]...`: what
//! applying the new version of the manifests would do (the core's
//! [`ordinal_core::diff`]). OLD and NEW are read as `lint` reads its paths;
//! with `--base`, the old version of each path comes from git
//! (`git ls-tree` and `git show REF:path`, run in the repository).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{anyhow, bail, Context as _};
use clap::{Args, ValueEnum};
use ordinal_core::diff::DiffReport;
use ordinal_core::render::{diff_json, diff_text, lint_json::LintJsonOptions};
use ordinal_core::{LintReport, Severity, SourceFile, Summary};

use super::lint::FailOn;
use super::{GlobalArgs, Status};
use crate::input::{self, ReadOptions};
use crate::output::{github, sarif, LintRun};
use crate::settings::SettingsArgs;

/// Arguments of `ordinal diff`.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// OLD and NEW (each a file, a directory or `-`); with --base, the paths whose old version is read from git
    /// [default: the current directory].
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Compare the paths with their version at this git revision (a commit, branch or tag).
    #[arg(long, value_name = "REF")]
    pub base: Option<String>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
    pub format: DiffFormat,

    /// Namespace, cluster domain and configuration file.
    #[command(flatten)]
    pub settings: SettingsArgs,

    /// Exit 1 when there is a finding at or above this severity [default: error].
    #[arg(long, value_enum, value_name = "SEVERITY")]
    pub fail_on: Option<FailOn>,
}

/// `ordinal diff --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    /// The findings as lint prints them, then each change and its rollout.
    Text,
    /// `{"diagnostics", "changes", "summary"}`.
    Json,
    /// SARIF 2.1.0 of the findings, as `lint` writes it.
    Sarif,
    /// GitHub Actions workflow commands for the findings, as `lint` writes them.
    Github,
}

/// Compare the versions, print the report and decide the exit status.
pub fn run(global: &GlobalArgs, args: DiffArgs) -> anyhow::Result<Status> {
    let read = global.read_options();
    let options = args.settings.resolve(args.fail_on.map(Severity::from), &read)?;
    let (old, new) = match &args.base {
        Some(base) => {
            let paths = if args.paths.is_empty() { vec![PathBuf::from(".")] } else { args.paths.clone() };
            if paths.iter().any(|path| path.as_os_str() == "-") {
                bail!("--base reads the old version from git; `-` has none");
            }
            (read_from_git(base, &paths, &read)?, read_sources(&paths, &read)?)
        }
        None => match args.paths.as_slice() {
            [old, new] => {
                if old.as_os_str() == "-" && new.as_os_str() == "-" {
                    bail!("only one of OLD and NEW can be `-`");
                }
                (read_sources(std::slice::from_ref(old), &read)?, read_sources(std::slice::from_ref(new), &read)?)
            }
            _ => bail!("give OLD and NEW (`ordinal diff OLD NEW`), or `--base REF [PATH]...`"),
        },
    };
    let old_count = old.len();
    let files: Vec<SourceFile> = old.into_iter().chain(new).collect();
    let report = ordinal_core::diff::diff(&files, old_count, &options);
    let rendered = render(args.format, &report, &files, options.fail_on, global.stdout_color());
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(rendered.as_bytes())?;
    stdout.flush()?;
    let failed = report.diagnostics.iter().any(|diagnostic| diagnostic.severity >= options.fail_on);
    Ok(if failed { Status::Failure } else { Status::Success })
}

fn render(format: DiffFormat, report: &DiffReport, files: &[SourceFile], fail_on: Severity, color: bool) -> String {
    match format {
        DiffFormat::Text => diff_text::render(report, files, color),
        DiffFormat::Json => {
            let mut json = diff_json::render(report, files, LintJsonOptions::default());
            json.push('\n');
            json
        }
        DiffFormat::Sarif | DiffFormat::Github => {
            // lint's writers take a lint report: the same diagnostics, counted alike.
            let summary = report.summary;
            let lint = LintReport {
                diagnostics: report.diagnostics.clone(),
                summary: Summary {
                    files: files.len(),
                    resources: summary.added + summary.removed + summary.changed + summary.unchanged,
                    errors: summary.errors,
                    warnings: summary.warnings,
                    infos: summary.infos,
                },
            };
            let run = LintRun { files, report: &lint, resources: &[], fail_on };
            if format == DiffFormat::Sarif {
                sarif::render(&run)
            } else {
                github::render(&run)
            }
        }
    }
}

/// The files of `paths`, read as `lint` reads them.
fn read_sources(paths: &[PathBuf], read: &ReadOptions) -> anyhow::Result<Vec<SourceFile>> {
    Ok(input::read_inputs(paths, read)?.into_iter().map(|input| input.source).collect())
}

/// The version at `base` of every YAML file under `paths`, named
/// `REF:path` (the path from the repository's root).
fn read_from_git(base: &str, paths: &[PathBuf], read: &ReadOptions) -> anyhow::Result<Vec<SourceFile>> {
    let cwd = std::env::current_dir().context("finding the current directory")?;
    let toplevel = git(&cwd, &["rev-parse", "--show-toplevel"])
        .map_err(|_| anyhow!("--base needs a git repository, and {} is not in one", input::display_name(&cwd)))?;
    let toplevel = PathBuf::from(String::from_utf8_lossy(&toplevel).trim_end_matches(['\n', '\r']));
    let toplevel = toplevel.canonicalize().unwrap_or(toplevel);
    let commit = format!("{base}^{{commit}}");
    git(&toplevel, &["rev-parse", "--verify", "--quiet", "--end-of-options", &commit])
        .map_err(|_| anyhow!("--base {base}: not a commit, branch or tag of this repository"))?;
    let mut names = Vec::new();
    for path in paths {
        let absolute = if path.is_absolute() { path.clone() } else { cwd.join(path) };
        let absolute = absolute.canonicalize().unwrap_or(absolute);
        let relative = absolute
            .strip_prefix(&toplevel)
            .map_err(|_| anyhow!("{}: outside the git repository", input::display_name(path)))?;
        let mut arguments = vec!["ls-tree", "-r", "-z", "--name-only", "--end-of-options", base];
        let pathspec = relative.to_string_lossy().into_owned();
        if !pathspec.is_empty() {
            arguments.extend(["--", pathspec.as_str()]);
        }
        let listing = git(&toplevel, &arguments).map_err(|error| anyhow!("--base {base}: {error}"))?;
        names.extend(String::from_utf8_lossy(&listing).split('\0').filter(|name| !name.is_empty()).map(str::to_string));
    }
    names.sort();
    names.dedup();
    let charts: Vec<String> = names
        .iter()
        .filter_map(|name| name.strip_suffix("Chart.yaml").filter(|dir| dir.is_empty() || dir.ends_with('/')))
        .map(str::to_string)
        .collect();
    let mut files = Vec::new();
    for name in names {
        let path = Path::new(&name);
        let is_yaml = path.extension().is_some_and(|extension| extension == "yaml" || extension == "yml");
        let file_name = path.file_name().and_then(|file| file.to_str()).unwrap_or_default();
        let in_chart = charts.iter().any(|chart| name.starts_with(chart.as_str()));
        if !is_yaml || in_chart || matches!(file_name, "kustomization.yaml" | "kustomization.yml") {
            continue;
        }
        let bytes =
            git(&toplevel, &["show", &format!("{base}:{name}")]).map_err(|error| anyhow!("--base {base}: {error}"))?;
        if u64::try_from(bytes.len()).unwrap_or(u64::MAX) > read.max_file_size {
            bail!("{base}:{name}: larger than --max-file-size ({})", input::format_size(read.max_file_size));
        }
        files.push(SourceFile::new(format!("{base}:{name}"), String::from_utf8_lossy(&bytes).into_owned()));
    }
    Ok(files)
}

/// Run `git args` in `dir`; its stdout, or its stderr's first line as the error.
fn git(dir: &Path, args: &[&str]) -> anyhow::Result<Vec<u8>> {
    let output = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_TERMINAL_PROMPT", "0")
        .output()
        .context("running git")?;
    if output.status.success() {
        Ok(output.stdout)
    } else {
        let stderr = String::from_utf8_lossy(&output.stderr);
        Err(anyhow!("git {}: {}", args.first().copied().unwrap_or_default(), stderr.lines().next().unwrap_or("failed")))
    }
}
