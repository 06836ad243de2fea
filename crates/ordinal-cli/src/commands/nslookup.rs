//! `ordinal nslookup NAME --from POD [PATH|-]...`: which names the pod's
//! resolver tries for NAME, which one answers and with what, or why nothing
//! does. Without a path it uses the bundled ZooKeeper example. Exits 1 when
//! nothing answers, like `nslookup`.

use std::io::Write;

use clap::{Args, ValueEnum};
use ordinal_core::explain::{explain, nslookup};
use ordinal_core::render::{explain_json, explain_text};
use ordinal_core::Options;

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
    pub paths: Vec<String>,

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

/// Resolve the name and print the result on stdout.
pub fn run(_global: &GlobalArgs, args: NslookupArgs) -> anyhow::Result<Status> {
    let files = super::explain::sources(&args.paths)?;
    let options = Options { replicas: args.replicas, ..args.settings.resolve(None)? };
    let explanation = explain(&files, &options);
    let lookup = nslookup(&explanation, &args.name, &args.from);
    let rendered = match args.format {
        NslookupFormat::Text => explain_text::render_nslookup(&lookup),
        NslookupFormat::Json => explain_json::render_nslookup(&lookup),
    };
    std::io::stdout().lock().write_all(rendered.as_bytes())?;
    Ok(if lookup.answer.is_some() { Status::Success } else { Status::Failure })
}
