//! `ordinal lint [PATH|-]...`: lint manifests and report in one of several
//! formats; with `--fix` or `--diff`, apply the fixes first ([`super::fix`]).

use std::io::{IsTerminal, Write};
use std::num::NonZeroUsize;
use std::path::PathBuf;

use anyhow::Context as _;
use clap::{Args, ValueEnum};
use ordinal_core::fix::FixMode;
use ordinal_core::{analyze_file, check_alone, check_linked, check_local, keep_linked_fields, Severity, RUN_BYTES};
use rayon::prelude::*;

use super::{fix, ColorChoice, GlobalArgs, Status};
use crate::input::{self, Input};
use crate::output::{self, Format, LintRun, ResourceEntry};
use crate::settings::SettingsArgs;

/// Arguments of `ordinal lint`.
#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("fixing").args(["fix", "diff"]).multiple(true))]
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

    /// Apply the safe fixes: rewrite each file in place (the text read from `-` goes to stdout and the report
    /// to stderr), then report what remains.
    #[arg(long)]
    pub fix: bool,

    /// Print a unified diff of what --fix would change, write nothing, and exit 1 when there is a change.
    #[arg(long)]
    pub diff: bool,

    /// With --fix or --diff, apply the unsafe fixes too (they can change how an accepted object behaves;
    /// review them).
    #[arg(long, requires = "fixing")]
    pub unsafe_fixes: bool,
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
    let mut inputs = pool.install(|| input::read_inputs(&args.paths, &read_options))?;
    let fix_mode = (args.fix || args.diff).then_some(if args.unsafe_fixes { FixMode::All } else { FixMode::Safe });
    let mut fixed_count = None;
    if let Some(mode) = fix_mode {
        let fixed = fix::fix_inputs(&inputs, &options, mode);
        let count: usize = fixed.iter().map(|file| file.fixed).sum();
        if args.diff {
            let diff = fix::diff(&inputs, &fixed);
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(diff.as_bytes())?;
            stdout.flush()?;
            eprintln!("Would fix {}", fix::findings(count));
            return Ok(if diff.is_empty() { Status::Success } else { Status::Failure });
        }
        fix::write_back(&mut inputs, fixed)?;
        fixed_count = Some(count);
    }
    // The fixed text of stdin went to stdout, so the report goes to stderr.
    let report_to_stderr = fixed_count.is_some() && inputs.iter().any(|input| input.path.is_none());
    // Each file is parsed and checked on its own in parallel (a big one in
    // parallel runs of documents); only linking the files (check_linked)
    // needs them all, and only the few fields of their trees that it reads,
    // so the rest is freed at once.
    let (files, analyses, local) = pool.install(|| -> anyhow::Result<_> {
        let (analyses, local): (Vec<_>, Vec<_>) = inputs
            .par_iter()
            .enumerate()
            .map(|(file_id, input)| {
                let Some(problem) = input.encoding_problem() else {
                    // A big file goes in runs of documents, on every core.
                    return check_alone(file_id, &input.source, &options, RUN_BYTES, |runs, check| {
                        runs.par_iter().map(check).collect()
                    });
                };
                let mut analysis = analyze_file(file_id, &input.source, &options);
                analysis.problems.insert(0, problem);
                let local = check_local(file_id, &input.source, &analysis, &options);
                keep_linked_fields(&mut analysis);
                (analysis, local)
            })
            .unzip();
        let files: Vec<_> = inputs.into_iter().map(|input: Input| input.source).collect();
        // Sized once, not grown by doubling past the findings' own size.
        let mut all_local = Vec::with_capacity(local.iter().map(Vec::len).sum());
        local.into_iter().for_each(|findings: Vec<_>| all_local.extend(findings));
        Ok((files, analyses, all_local))
    })?;
    if files.is_empty() {
        eprintln!("ordinal: no YAML files found");
    }
    let report = check_linked(&files, &analyses.iter().collect::<Vec<_>>(), local, &options);
    // Only JUnit reports by resource (a testcase each), so only it lists
    // them; made once linking has freed its topology, and sharing each
    // resource's names with its findings. For every format, a copy of the
    // names of every resource was 30 MB of the 50 MB file's peak.
    let resources: Vec<ResourceEntry> = if args.format == Format::Junit {
        analyses
            .iter()
            .flat_map(|analysis| &analysis.resources)
            .map(|resource| ResourceEntry {
                file: resource.file,
                reference: resource.shared_reference(),
                span: resource.root.span(),
            })
            .collect()
    } else {
        Vec::new()
    };
    drop(analyses);
    let run = LintRun { files: &files, report: &report, resources: &resources, fail_on };
    if report_to_stderr {
        output::write(args.format, &run, stderr_color(global), std::io::stderr().lock())?;
    } else {
        output::write(args.format, &run, global.stdout_color(), std::io::stdout().lock())?;
    }
    if let Some(count) = fixed_count {
        // On stderr, so that neither the JSON report nor fixed stdin text
        // on stdout is broken up.
        eprintln!("Fixed {} ({} remaining)", fix::findings(count), report.diagnostics.len());
    }
    let failed = report.diagnostics.iter().any(|diagnostic| diagnostic.severity >= fail_on);
    Ok(if failed { Status::Failure } else { Status::Success })
}

/// Whether the report, when it goes to stderr, is coloured: as for stdout.
fn stderr_color(global: &GlobalArgs) -> bool {
    match global.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            let no_color = std::env::var_os("NO_COLOR").is_some_and(|value| !value.is_empty());
            !no_color && std::io::stderr().is_terminal()
        }
    }
}
