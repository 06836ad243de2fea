//! `cargo xtask nvim-e2e`: Neovim's built-in LSP client against `ordinal
//! lsp` (`tests/editors/neovim/e2e.lua`): install Debian's Neovim when
//! `nvim` is missing, build the CLI, run the script headless. It fails when
//! anything is missing or any check fails; it never skips.

use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};

use crate::util::{root, run, target_dir};

/// The script, relative to the repository root.
const SCRIPT: &str = "tests/editors/neovim/e2e.lua";

/// Far above the script's own waits (30 s each), so only a hung Neovim hits it.
const LIMIT: Duration = Duration::from_secs(300);

pub fn main() -> Result<()> {
    ensure_neovim()?;
    run("cargo", &["build", "--locked", "-p", "ordinal-cli"])?;
    let binary = target_dir().join("debug").join("ordinal");
    let mut command = Command::new("nvim");
    command
        .current_dir(root())
        .args(["--headless", "-u", "NONE", "-i", "NONE", "-n", "-c", &format!("luafile {SCRIPT}")])
        .env("ORDINAL_BIN", &binary);
    eprintln!("$ ORDINAL_BIN={} {command:?}", binary.display());
    let mut child = command.spawn().context("could not start nvim")?;
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break status;
        }
        if started.elapsed() > LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            bail!("the Neovim e2e test did not finish within {} s", LIMIT.as_secs());
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    if !status.success() {
        bail!("the Neovim e2e test failed ({status}); its reason is printed above");
    }
    Ok(())
}

/// Install Debian's `neovim` (0.7.2 on bookworm) when `nvim` is not on the PATH.
fn ensure_neovim() -> Result<()> {
    if Command::new("nvim").arg("--version").output().is_ok_and(|output| output.status.success()) {
        return Ok(());
    }
    eprintln!("installing Debian's neovim (apt-get)");
    crate::util::apt_install(&["neovim"])?;
    let installed = Command::new("nvim").arg("--version").output().is_ok_and(|output| output.status.success());
    if !installed {
        bail!("apt-get succeeded but `nvim` is still missing");
    }
    Ok(())
}
