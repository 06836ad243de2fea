//! Project tasks: `cargo xtask <task>`. Every install step the project needs
//! lives here, so a fresh machine needs nothing but Rust.

mod bench;
mod dist;
mod e2e;
mod embed;
mod embed_e2e;
mod fuzz;
mod gen_schema;
mod serve;
mod test;
mod util;

use anyhow::{bail, Result};

const USAGE: &str = "\
usage: cargo xtask <task>

tasks:
  test        fmt check, clippy -D warnings, all tests, the core's wasm32 build, the playground's browser tests
  gen-schema  regenerate crates/ordinal-core/src/schema/table.rs from k8s-openapi
  bench       Ordinal vs parse-only vs peer linters -> bench/results/<date>.md (bench --help)
  fuzz        run every cargo-fuzz target: fuzz --time SECONDS (fuzz --help)
  dist        build the browser playground into www/dist/ and print its sizes
  serve       dist, then serve www/dist/ on 127.0.0.1 (serve --port N, default 8000)
  e2e         dist, then the playground's browser tests in headless Chromium
  embed       build the docs embed into www/dist/embed/; fails over its 250 KB gzipped budget
  embed-e2e   embed, then its browser tests in headless Chromium (--no-build: skip the build)
";

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(task) = args.first() else {
        print!("{USAGE}");
        return Ok(());
    };
    let rest = &args[1..];
    match task.as_str() {
        "test" => test::main(rest),
        "bench" => bench::main(rest),
        "__measure" => bench::measure(rest),
        "fuzz" => fuzz::main(rest),
        "gen-schema" => gen_schema::main(rest),
        "dist" => dist::main(rest),
        "serve" => serve::main(rest),
        "e2e" => e2e::main(rest),
        "embed" => embed::main(rest),
        "embed-e2e" => embed_e2e::main(rest),
        "help" | "--help" | "-h" => {
            print!("{USAGE}");
            Ok(())
        }
        other => bail!("unknown task `{other}`\n{USAGE}"),
    }
}
