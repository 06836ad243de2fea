//! `ordinal rules [ID]`: list every rule, or print one rule's documentation.

use std::io::Write;

use anyhow::bail;
use clap::Args;
use ordinal_core::rules::{self, RULES};

use super::{GlobalArgs, Status};

/// Arguments of `ordinal rules`.
#[derive(Debug, Args)]
pub struct RulesArgs {
    /// Print the documentation of this rule instead of the list.
    pub id: Option<String>,
}

/// List the rules, or print the docs of `args.id` (an unknown id is an error).
pub fn run(_global: &GlobalArgs, args: RulesArgs) -> anyhow::Result<Status> {
    let mut stdout = std::io::stdout().lock();
    match args.id {
        Some(id) => {
            let Some(rule) = rules::find(&id) else {
                bail!("unknown rule `{id}` (run `ordinal rules` to list them)");
            };
            let meta = rule.meta();
            writeln!(stdout, "# {} ({})\n", meta.id, meta.default_setting())?;
            writeln!(stdout, "{}\n", meta.summary)?;
            write!(stdout, "{}", meta.docs())?;
            writeln!(stdout, "\nOnline: {}", meta.docs_url())?;
        }
        None => {
            let width = RULES.iter().map(|rule| rule.meta().id.len()).max().unwrap_or(0);
            for rule in RULES {
                let meta = rule.meta();
                let opt_in = if meta.enabled_by_default { "" } else { " (off by default)" };
                writeln!(stdout, "{:<width$}  {:<7}  {}{opt_in}", meta.id, meta.severity.as_str(), meta.summary)?;
            }
        }
    }
    stdout.flush()?;
    Ok(Status::Success)
}
