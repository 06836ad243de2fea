//! Project tasks: `cargo xtask <task>`. Every install step the project needs
//! lives here, so a fresh machine needs nothing but Rust.

mod bench;
mod browser_tests;
mod dist;
mod docs;
mod embed;
mod fuzz;
mod gen_schema;
mod lsp_bench;
mod npm;
mod nvim_e2e;
mod serve;
mod test;
mod util;
mod wasm;
#[cfg(test)]
mod workspace_pins;

use anyhow::Result;
use clap::{Parser, Subcommand};

/// Ordinal's project tasks.
#[derive(Parser)]
#[command(name = "cargo xtask", bin_name = "cargo xtask")]
struct Cli {
    #[command(subcommand)]
    task: Task,
}

#[derive(Subcommand)]
enum Task {
    /// fmt check, clippy -D warnings, all tests, the core's wasm32 build, both browser suites
    Test,
    /// Regenerate crates/ordinal-core/src/schema/table.rs from k8s-openapi
    GenSchema,
    /// Write the rule pages (docs/rules/) from the rules' doc comments
    Docs,
    /// Ordinal vs parse-only vs peer linters -> bench/results/<date>-<commit>.md
    Bench(bench::Options),
    /// Time and peak memory of the CLI on the hostile inputs -> bench/results/<date>-hostile.md
    BenchHostile(bench::hostile::Options),
    /// Run every cargo-fuzz target in fuzz/
    Fuzz(fuzz::Options),
    /// Build the browser playground into www/dist/ and print its sizes
    Dist,
    /// dist, then serve www/dist/ on 127.0.0.1
    Serve {
        /// The port to listen on
        #[arg(long, default_value_t = 8000)]
        port: u16,
    },
    /// dist, then the playground's browser tests in headless Chromium
    E2e(BrowserTests),
    /// Build the docs embed into www/dist/embed/; fails over its 250 KB gzipped budget
    Embed,
    /// embed, then its browser tests in headless Chromium, then its size budget
    EmbedE2e(BrowserTests),
    /// Neovim's LSP client against `ordinal lsp` (installs Debian's neovim when missing)
    NvimE2e,
    /// Edit-to-diagnostics latency of `ordinal lsp` in a generated workspace -> bench/results/<date>-lsp.md
    BenchLsp(lsp_bench::Options),
    /// Run PROGRAM and write its peak RSS and exit code to REPORT (bench's helper)
    #[command(name = "__measure", hide = true)]
    Measure(bench::measure::MeasureArgs),
}

#[derive(clap::Args)]
struct BrowserTests {
    /// Reuse the built www/dist/ instead of building it
    #[arg(long)]
    no_build: bool,
    /// Run only the tests whose names contain this
    filter: Option<String>,
}

fn main() -> Result<()> {
    match Cli::parse().task {
        Task::Test => test::main(),
        Task::GenSchema => gen_schema::main(),
        Task::Docs => docs::main(),
        Task::Bench(options) => bench::main(&options),
        Task::BenchHostile(options) => bench::hostile::main(&options),
        Task::Fuzz(options) => fuzz::main(&options),
        Task::Dist => dist::build().map(drop),
        Task::Serve { port } => serve::main(port),
        Task::E2e(args) => browser_tests::playground(args.no_build, args.filter.as_deref()),
        Task::Embed => embed::main(),
        Task::EmbedE2e(args) => browser_tests::embed(args.no_build, args.filter.as_deref()),
        Task::NvimE2e => nvim_e2e::main(),
        Task::BenchLsp(options) => lsp_bench::main(&options),
        Task::Measure(args) => bench::measure::main(&args),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_command_line_is_well_formed() {
        use clap::CommandFactory;
        super::Cli::command().debug_assert();
    }
}
