//! The settings every analysing subcommand shares (`lint`, `explain`,
//! `nslookup`): flags over `.ordinal.yaml` over the core's defaults,
//! resolved once into [`Options`] by the core's [`Config::resolve`].

use std::path::{Path, PathBuf};

use anyhow::{anyhow, Context as _};
use clap::Args;
use ordinal_core::{Config, Options, Severity};

use crate::input::{self, ReadOptions};

/// The configuration file looked for from the current directory upwards.
pub const CONFIG_FILE_NAME: &str = ".ordinal.yaml";

/// Flags that override `.ordinal.yaml`.
#[derive(Debug, Clone, Args)]
pub struct SettingsArgs {
    /// Namespace of resources that do not set one [default: default].
    #[arg(long, value_name = "NS")]
    pub namespace: Option<String>,

    /// The cluster's DNS domain [default: cluster.local].
    #[arg(long, value_name = "DOMAIN")]
    pub cluster_domain: Option<String>,

    /// Configuration file [default: the nearest .ordinal.yaml from the current directory upwards].
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

impl SettingsArgs {
    /// The options of this run: these flags (and `fail_on`, when the
    /// subcommand has that flag) over the configuration file.
    pub fn resolve(&self, fail_on: Option<Severity>, read: &ReadOptions) -> anyhow::Result<Options> {
        let file = load_config(self.config.as_deref(), read)?;
        let flags = Config {
            namespace: self.namespace.clone(),
            cluster_domain: self.cluster_domain.clone(),
            fail_on,
            ..Config::default()
        };
        Ok(flags.or(file).resolve())
    }
}

/// Read `--config FILE`, or the nearest `.ordinal.yaml` upwards from the
/// current directory; no file at all means the defaults.
fn load_config(explicit: Option<&Path>, read: &ReadOptions) -> anyhow::Result<Config> {
    let path = match explicit {
        Some(path) => path.to_path_buf(),
        None => {
            let cwd = std::env::current_dir().context("finding the current directory")?;
            match find_config(&cwd) {
                Some(found) => found,
                None => return Ok(Config::default()),
            }
        }
    };
    // Capped like every input: `--config /dev/zero` must not read forever.
    let bytes = input::read_path(&path, read).map_err(|error| anyhow!("config {error:#}"))?;
    let name = input::display_name(&path);
    let text = String::from_utf8(bytes).map_err(|_| anyhow!("config {name}: the file is not valid UTF-8"))?;
    parse_config(&name, &text)
}

/// The nearest `.ordinal.yaml` from `dir` upwards: where the CLI looks from
/// the current directory, and `ordinal lsp` from its first workspace folder.
pub fn find_config(dir: &Path) -> Option<PathBuf> {
    dir.ancestors().map(|dir| dir.join(CONFIG_FILE_NAME)).find(|candidate| candidate.is_file())
}

/// Read the text of the configuration file shown as `name`.
pub fn parse_config(name: &str, text: &str) -> anyhow::Result<Config> {
    Config::from_yaml(text).map_err(|error| anyhow!("config {name}: {error}"))
}
