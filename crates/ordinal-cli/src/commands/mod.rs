//! Subcommands. Each one is a file with an `Args` struct (clap derive) and a
//! `run(&GlobalArgs, Args) -> anyhow::Result<Status>` function, wired up by
//! one variant of `Command` in main.rs.

pub mod diff;
pub mod explain;
mod fix;
pub mod lint;
mod manifests;
pub mod nslookup;
pub mod rules;

use std::io::{self, IsTerminal};
use std::process::ExitCode;

use clap::{Args, ValueEnum};

/// Options every subcommand accepts.
#[derive(Debug, Clone, Args)]
pub struct GlobalArgs {
    /// When to colour output (`auto` colours a terminal unless NO_COLOR is set).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    pub color: ColorChoice,

    /// The most bytes read from one file, stream, stdin or --config (e.g. 1048576, 512K, 256M, 1G);
    /// a larger input is an error.
    #[arg(long, value_name = "SIZE", default_value = "256M", value_parser = crate::input::parse_size, global = true)]
    pub max_file_size: u64,
}

/// The `--color` setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour when writing to a terminal and NO_COLOR is unset or empty.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

impl GlobalArgs {
    /// How inputs are read.
    pub fn read_options(&self) -> crate::input::ReadOptions {
        crate::input::ReadOptions { max_file_size: self.max_file_size }
    }

    /// Whether output written to stdout should be coloured.
    pub fn stdout_color(&self) -> bool {
        match self.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                let no_color = std::env::var_os("NO_COLOR").is_some_and(|value| !value.is_empty());
                !no_color && io::stdout().is_terminal()
            }
        }
    }
}

/// How a subcommand that did its job ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Nothing to report at or above the failure threshold: exit 0.
    Success,
    /// Findings at or above the failure threshold: exit 1.
    Failure,
}

/// Turn a subcommand's outcome into the process exit code. An error is
/// printed as one line on stderr and exits 2; a closed stdout (`| head`)
/// is not an error.
pub fn finish(result: anyhow::Result<Status>) -> ExitCode {
    match result {
        Ok(Status::Success) => ExitCode::SUCCESS,
        Ok(Status::Failure) => ExitCode::from(1),
        Err(error) => {
            if error.downcast_ref::<io::Error>().is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe) {
                return ExitCode::SUCCESS;
            }
            // One line on stderr whatever the error quotes (a file name, a
            // config value): line breaks become spaces, other controls escapes.
            let message = format!("{error:#}").replace('\n', " ");
            eprintln!("ordinal: {}", ordinal_core::escape::display(&message));
            ExitCode::from(2)
        }
    }
}
