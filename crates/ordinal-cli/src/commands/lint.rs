//! `ordinal lint [PATH|-]...`: lint manifests and report in one of several formats.

use std::io::Write;
use std::num::NonZeroUsize;
use std::path::PathBuf;

use anyhow::Context as _;
use clap::{Args, ValueEnum};
use ordinal_core::{analyze_file, check, Severity};
use rayon::prelude::*;

use super::{GlobalArgs, Status};
use crate::input::{self, Input};
use crate::output::{self, Format, LintRun, ResourceEntry};
use crate::settings::SettingsArgs;

/// Arguments of `ordinal lint`.
#[derive(Debug, Args)]
pub struct LintArgs {
    /// Files, directories (searched recursively for *.yaml and *.yml, honouring .gitignore) or `-` for stdin.
    /// Without any, the current directory is linted.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,

    /// Namespace, cluster domain and configuration file.
    #[command(flatten)]
    pub settings: SettingsArgs,

    /// Exit 1 when there is a finding at or above this severity [default: error].
    #[arg(long, value_enum, value_name = "SEVERITY")]
    pub fail_on: Option<FailOn>,

    /// Number of threads used to read and parse files [default: one per core].
    #[arg(long, short = 'j', value_name = "N")]
    pub jobs: Option<NonZeroUsize>,
}

/// The `--fail-on` threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// Fail on errors only.
    Error,
    /// Fail on warnings and errors.
    Warning,
    /// Fail on any finding.
    Info,
}

impl From<FailOn> for Severity {
    fn from(fail_on: FailOn) -> Severity {
        match fail_on {
            FailOn::Error => Severity::Error,
            FailOn::Warning => Severity::Warning,
            FailOn::Info => Severity::Info,
        }
    }
}

/// Lint the inputs, print the report on stdout and decide the exit status.
pub fn run(global: &GlobalArgs, args: LintArgs) -> anyhow::Result<Status> {
    let read_options = global.read_options();
    let options = args.settings.resolve(args.fail_on.map(Severity::from), &read_options)?;
    let fail_on = options.fail_on;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.jobs.map_or(0, NonZeroUsize::get))
        .build()
        .context("starting worker threads")?;
    let (files, analyses) = pool.install(|| -> anyhow::Result<_> {
        let inputs = input::read_inputs(&args.paths, &read_options)?;
        let analyses: Vec<_> = inputs
            .par_iter()
            .enumerate()
            .map(|(file_id, input)| {
                let mut analysis = analyze_file(file_id, &input.source, &options);
                if let Some(problem) = input.encoding_problem() {
                    analysis.problems.insert(0, problem);
                }
                analysis
            })
            .collect();
        let files: Vec<_> = inputs.into_iter().map(|input: Input| input.source).collect();
        Ok((files, analyses))
    })?;
    if files.is_empty() {
        eprintln!("ordinal: no YAML files found");
    }
    let resources: Vec<ResourceEntry> = analyses
        .iter()
        .flat_map(|analysis| &analysis.resources)
        .map(|resource| ResourceEntry {
            file: resource.file,
            reference: resource.reference(),
            span: resource.root.span,
        })
        .collect();
    let report = check(&files, analyses, &options);
    let run = LintRun { files: &files, report: &report, resources: &resources, fail_on };
    let rendered = output::render(args.format, &run, global.stdout_color());
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(rendered.as_bytes())?;
    stdout.flush()?;
    let failed = report.diagnostics.iter().any(|diagnostic| diagnostic.severity >= fail_on);
    Ok(if failed { Status::Failure } else { Status::Success })
}
