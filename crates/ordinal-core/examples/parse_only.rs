//! The practical speed limit for `cargo xtask bench`: read every `.yaml` /
//! `.yml` file under the given paths and drain saphyr-parser's events (the
//! parser Ordinal uses) without building anything.
//!
//! usage: parse_only PATH...   prints `files bytes documents events`

use std::path::{Path, PathBuf};

use saphyr_parser::{Event, Parser};

// The allocator of the `ordinal` binary, so that the ratio compares work done.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn collect(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_dir() {
        let Ok(entries) = std::fs::read_dir(path) else { return };
        let mut children: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
        children.sort();
        for child in children {
            collect(&child, out);
        }
    } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
        out.push(path.to_path_buf());
    }
}

fn main() {
    let mut files = Vec::new();
    for arg in std::env::args_os().skip(1) {
        collect(Path::new(&arg), &mut files);
    }
    let (mut bytes, mut documents, mut events) = (0usize, 0usize, 0usize);
    for file in &files {
        let Ok(text) = std::fs::read_to_string(file) else { continue };
        bytes += text.len();
        let mut parser = Parser::new_from_str(&text);
        // A syntax error ends the stream, as it ends a document in Ordinal.
        while let Some(Ok((event, _span))) = parser.next_event() {
            events += 1;
            match event {
                Event::DocumentStart(_) => documents += 1,
                Event::StreamEnd => break,
                _ => {}
            }
        }
    }
    println!("{} {bytes} {documents} {events}", files.len());
}
