//! `ordinal nslookup NAME --from POD [PATH|-]...`: which names the pod's
//! resolver tries for NAME, which one answers and with what, or why nothing
//! does. Without a path it uses the bundled ZooKeeper example. Exits 1 when
//! nothing answers, like `nslookup`.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};
use ordinal_core::explain::{explain_resources, nslookup};
use ordinal_core::render::{explain_json, explain_text};
use ordinal_core::Options;

use super::manifests::Manifests;
use super::{GlobalArgs, Status};
use crate::settings::SettingsArgs;

/// Arguments of `ordinal nslookup`.
#[derive(Debug, Args)]
pub struct NslookupArgs {
    /// The name to look up, e.g. `zookeeper-1.zookeeper-server` or an FQDN with a trailing dot.
    #[arg(value_name = "NAME")]
    pub name: String,

    /// The pod the lookup runs in: `pod` or `namespace/pod`.
    #[arg(long, value_name = "POD")]
    pub from: String,

    /// Files, directories or `-` for stdin. Without any, the bundled ZooKeeper example is used.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = NslookupFormat::Text)]
    pub format: NslookupFormat,

    /// Namespace, cluster domain and configuration file.
    #[command(flatten)]
    pub settings: SettingsArgs,

    /// Resolve as if every StatefulSet's `spec.replicas` were N (what-if), instead of the manifest's value.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(i32).range(0..))]
    pub replicas: Option<i32>,
}

/// Output formats of `ordinal nslookup`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum NslookupFormat {
    /// Readable lines.
    Text,
    /// `{"query", "from", "tried", "answer", "reason"}`.
    Json,
}

/// Resolve the name and print the result on stdout; syntax errors in the
/// inputs go to stderr and exit 1, as an unanswered query does.
pub fn run(global: &GlobalArgs, args: NslookupArgs) -> anyhow::Result<Status> {
    let read_options = global.read_options();
    let options = Options { replicas: args.replicas, ..args.settings.resolve(None, &read_options)? };
    let manifests = Manifests::load(&args.paths, &options, &read_options)?;
    let explanation = explain_resources(&manifests.resources.iter().collect::<Vec<_>>(), &options);
    let lookup = nslookup(&explanation, &args.name, &args.from);
    let rendered = match args.format {
        NslookupFormat::Text => explain_text::render_nslookup(&lookup),
        NslookupFormat::Json => explain_json::render_nslookup(&lookup),
    };
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(rendered.as_bytes())?;
    stdout.flush()?;
    let syntax_errors = manifests.report_syntax_errors()?;
    Ok(if lookup.answer.is_some() && !syntax_errors { Status::Success } else { Status::Failure })
}
