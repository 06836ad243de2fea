//! Sizes as a static host serves them: raw and gzipped at the highest level.

use std::fs;
use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};

/// One file's sizes, in bytes.
pub struct FileSize {
    pub name: &'static str,
    pub raw: usize,
    pub gzip: usize,
}

/// Measure `files` of `dir` and print one row each.
pub fn report(dir: &Path, files: &[&'static str]) -> Result<Vec<FileSize>> {
    let mut sizes = Vec::with_capacity(files.len());
    for &name in files {
        let data = fs::read(dir.join(name)).with_context(|| format!("missing {}", dir.join(name).display()))?;
        let size = FileSize { name, raw: data.len(), gzip: gzip_len(&data)? };
        println!("  {name:<30} {:>10} raw {:>10} gzipped", kb(size.raw), kb(size.gzip));
        sizes.push(size);
    }
    Ok(sizes)
}

/// Gzipped size at the highest level.
pub fn gzip_len(data: &[u8]) -> Result<usize> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(data)?;
    Ok(encoder.finish()?.len())
}

/// The size of a file on disk.
pub fn file_len(path: &Path) -> Result<usize> {
    Ok(fs::metadata(path).with_context(|| format!("missing {}", path.display()))?.len() as usize)
}

pub fn kb(bytes: usize) -> String {
    format!("{:.1} KB", bytes as f64 / 1024.0)
}
