//! The `ordinal` command line: lint and explain Kubernetes StatefulSets and
//! the Services that govern them.
//!
//! Each subcommand lives in its own file under `commands/` and returns
//! `anyhow::Result<Status>`; [`commands::finish`] turns that into the exit
//! code (0 clean, 1 findings, 2 usage, I/O or configuration errors, and
//! internal errors: a panic is caught and reported by [`panic::run_guarded`]).

mod commands;
mod input;
mod output;
mod panic;

use std::process::ExitCode;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use clap::{Parser, Subcommand};

/// Lint and explain Kubernetes StatefulSets and the Services that govern them.
#[derive(Debug, Parser)]
#[command(name = "ordinal", version, about, propagate_version = true)]
struct Cli {
    #[command(flatten)]
    global: commands::GlobalArgs,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Lint manifests: files, directories (recursively, honouring .gitignore) or `-` for stdin.
    Lint(commands::lint::LintArgs),
    /// List every rule, or print the documentation of one.
    Rules(commands::rules::RulesArgs),
    /// Show each StatefulSet's pods, their start, stop and update order, and the DNS records.
    Explain(commands::explain::ExplainArgs),
    /// Resolve a name as a pod's resolver would, and say which name answers or why none does.
    Nslookup(commands::nslookup::NslookupArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    panic::run_guarded(|| {
        let result = match cli.command {
            Command::Lint(args) => commands::lint::run(&cli.global, args),
            Command::Rules(args) => commands::rules::run(&cli.global, args),
            Command::Explain(args) => commands::explain::run(&cli.global, args),
            Command::Nslookup(args) => commands::nslookup::run(&cli.global, args),
        };
        commands::finish(result)
    })
}
