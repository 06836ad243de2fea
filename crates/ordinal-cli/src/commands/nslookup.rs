//! `ordinal nslookup NAME --from POD [PATH|-]...`: which names the pod's
//! resolver tries for NAME, which one answers and with what, or why nothing
//! does. Without a path it uses the bundled ZooKeeper example. Exits 1 when
//! nothing answers, like `nslookup`.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};
use ordinal_core::explain::{explain_resources, nslookup, ExplainOptions};
use ordinal_core::render::{explain_json, explain_text};

use super::manifests::Manifests;
use super::{GlobalArgs, Status};

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

    /// Namespace of resources that do not set one.
    #[arg(long, value_name = "NS", default_value = "default")]
    pub namespace: String,

    /// The cluster's DNS domain.
    #[arg(long, value_name = "DOMAIN", default_value = "cluster.local")]
    pub cluster_domain: String,

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
    let manifests = Manifests::load(&args.paths, &args.namespace, &global.read_options())?;
    let options = ExplainOptions {
        namespace: args.namespace,
        cluster_domain: args.cluster_domain,
        replicas: args.replicas,
        ..ExplainOptions::default()
    };
    let explanation = explain_resources(&manifests.resources, &options);
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
