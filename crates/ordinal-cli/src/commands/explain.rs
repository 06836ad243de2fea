//! `ordinal explain [PATH|-]...`: show the pods of each StatefulSet, the
//! order in which the controller creates, deletes and updates them, and the
//! DNS records of every Service. Without a path it explains the bundled
//! ZooKeeper example.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};
use ordinal_core::explain::explain_resources;
use ordinal_core::render::{explain_json, explain_text, svg};
use ordinal_core::Options;

use super::manifests::Manifests;
use super::{GlobalArgs, Status};
use crate::settings::SettingsArgs;

/// Arguments of `ordinal explain`.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// Files, directories (searched recursively for *.yaml and *.yml) or `-` for stdin.
    /// Without any, the bundled ZooKeeper example is explained.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = ExplainFormat::Text)]
    pub format: ExplainFormat,

    /// Namespace, cluster domain and configuration file.
    #[command(flatten)]
    pub settings: SettingsArgs,

    /// Explain every StatefulSet as if its `spec.replicas` were N (what-if), instead of the manifest's value.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(i32).range(0..))]
    pub replicas: Option<i32>,

    /// Also plan scaling every StatefulSet to N replicas.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(i32).range(0..))]
    pub scale_to: Option<i32>,

    /// Show the rolling update that follows a pod template change.
    #[arg(long)]
    pub update: bool,

    /// With `--format svg`: draw the pods, claims and DNS names at step N of the plan shown
    /// (the update with `--update`, else the scale with `--scale-to`, else the startup);
    /// 0 is before the plan. Without it, the picture shows the plan done.
    #[arg(long, value_name = "N")]
    pub at_step: Option<usize>,
}

/// Output formats of `ordinal explain`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExplainFormat {
    /// A timeline and DNS table for terminals.
    Text,
    /// The stable JSON shape.
    Json,
    /// A self-contained SVG picture.
    Svg,
}

/// Explain the inputs and print the result on stdout; syntax errors go to
/// stderr and exit 1 (what parsed is still explained).
pub fn run(global: &GlobalArgs, args: ExplainArgs) -> anyhow::Result<Status> {
    let read_options = global.read_options();
    let options = Options {
        replicas: args.replicas,
        scale_to: args.scale_to,
        update: args.update,
        ..args.settings.resolve(None, &read_options)?
    };
    if args.at_step.is_some() && args.format != ExplainFormat::Svg {
        anyhow::bail!("--at-step needs --format svg (the text and JSON output list every step)");
    }
    let manifests = Manifests::load(&args.paths, &options, &read_options)?;
    let explanation = explain_resources(&manifests.resources.iter().collect::<Vec<_>>(), &options);
    if let Some(at) = args.at_step {
        let steps = svg::shown_steps(&explanation);
        if at > steps {
            anyhow::bail!(
                "--at-step {at} is out of range: the plan shown has {steps} step(s), so N is 0 (before it) to {steps}"
            );
        }
    }
    let mut stdout = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    match args.format {
        ExplainFormat::Text => stdout.write_all(explain_text::render(&explanation).as_bytes())?,
        ExplainFormat::Json => explain_json::write(&mut stdout, &explanation)?,
        ExplainFormat::Svg => stdout.write_all(svg::render_at(&explanation, args.at_step).as_bytes())?,
    }
    stdout.flush()?;
    Ok(if manifests.report_syntax_errors()? { Status::Failure } else { Status::Success })
}
