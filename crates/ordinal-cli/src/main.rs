//! The `ordinal` command line: lint and explain Kubernetes StatefulSets and
//! the Services that govern them.
//!
//! Each subcommand lives in its own file under `commands/` and returns
//! `anyhow::Result<Status>`; [`commands::finish`] turns that into the exit
//! code (0 clean, 1 findings, 2 usage, I/O or configuration errors, and
//! internal errors: a panic is caught and reported by [`panic::run_guarded`]).

mod allocator;
mod commands;
mod input;
mod lsp;
mod output;
mod panic;
mod settings;

use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand};

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
    /// Serve the Language Server Protocol over stdio, for editors: findings as you type, fixes, hover.
    Lsp(lsp::LspArgs),
    /// Review a change: what applying NEW over OLD (or the paths over their version at --base REF) would do.
    Diff(commands::diff::DiffArgs),
}

fn main() -> ExitCode {
    allocator::configure();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => return usage_error(&error),
    };
    panic::run_guarded(|| {
        let result = match cli.command {
            Command::Lint(args) => commands::lint::run(&cli.global, args),
            Command::Rules(args) => commands::rules::run(&cli.global, args),
            Command::Explain(args) => commands::explain::run(&cli.global, args),
            Command::Nslookup(args) => commands::nslookup::run(&cli.global, args),
            Command::Lsp(args) => lsp::run(&cli.global, args),
            Command::Diff(args) => commands::diff::run(&cli.global, args),
        };
        commands::finish(result)
    })
}

/// Print a command-line error (or `--help`, `--version`) and give its exit
/// code. clap quotes a rejected value as it was given (its plain rendering
/// drops escape sequences but keeps line breaks), so a value such as
/// `--format $'x\n::error::y'` could start a line of its own in a CI log:
/// when an argument holds an unsafe character, the error is rendered again
/// without styles, where each value is as given, and those arguments are
/// shown escaped, as manifest text is.
fn usage_error(error: &clap::Error) -> ExitCode {
    let code = u8::try_from(error.exit_code()).unwrap_or(2);
    let unsafe_arguments: Vec<String> = std::env::args_os()
        .skip(1)
        .map(|argument| argument.to_string_lossy().into_owned())
        .filter(|argument| argument.chars().any(ordinal_core::escape::is_unsafe))
        .collect();
    if !error.use_stderr() || unsafe_arguments.is_empty() {
        // Help and version (on stdout) and ordinary errors, styled, as clap prints them.
        let _ = error.print();
        return ExitCode::from(code);
    }
    let unstyled = Cli::command().styles(clap::builder::Styles::plain()).try_get_matches().err();
    let mut message = unstyled.as_ref().unwrap_or(error).render().ansi().to_string();
    for argument in &unsafe_arguments {
        message = message.replace(argument.as_str(), &ordinal_core::escape::display(argument));
    }
    eprint!("{message}");
    ExitCode::from(code)
}
