//! `ordinal explain [PATH|-]...`: show the pods of each StatefulSet, the
//! order in which the controller creates, deletes and updates them, and the
//! DNS records of every Service. Without a path it explains the bundled
//! ZooKeeper example.

use std::io::Write;

use clap::{Args, ValueEnum};
use ordinal_core::examples;
use ordinal_core::explain::explain;
use ordinal_core::render::{explain_json, explain_text, svg};
use ordinal_core::{Options, SourceFile};

use super::{GlobalArgs, Status};
use crate::input;
use crate::settings::SettingsArgs;

/// Arguments of `ordinal explain`.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// Files, directories (searched recursively for *.yaml and *.yml) or `-` for stdin.
    /// Without any, the bundled ZooKeeper example is explained.
    #[arg(value_name = "PATH")]
    pub paths: Vec<String>,

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

/// Explain the inputs and print the result on stdout.
pub fn run(_global: &GlobalArgs, args: ExplainArgs) -> anyhow::Result<Status> {
    let files = sources(&args.paths)?;
    let options = Options {
        replicas: args.replicas,
        scale_to: args.scale_to,
        update: args.update,
        ..args.settings.resolve(None)?
    };
    let explanation = explain(&files, &options);
    let rendered = match args.format {
        ExplainFormat::Text => explain_text::render(&explanation),
        ExplainFormat::Json => explain_json::render(&explanation),
        ExplainFormat::Svg => svg::render(&explanation),
    };
    std::io::stdout().lock().write_all(rendered.as_bytes())?;
    Ok(Status::Success)
}

/// The files named by `paths`, or the bundled ZooKeeper example when there are none.
pub fn sources(paths: &[String]) -> anyhow::Result<Vec<SourceFile>> {
    if paths.is_empty() {
        let example = examples::ZOOKEEPER;
        return Ok(vec![SourceFile::new(format!("<example {}>", example.id), example.yaml)]);
    }
    Ok(input::read_inputs(paths)?.into_iter().map(|input| input.source).collect())
}
