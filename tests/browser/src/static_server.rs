//! A static file server for one directory on 127.0.0.1: GET and HEAD of
//! files under it, nothing else. `cargo xtask serve` serves `www/dist/` with
//! it, and each browser suite serves the site it tests (a copy with a broken
//! WASM, the embed beside its test pages) on a port of its own.

use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::thread;
use std::time::Duration;

use anyhow::{Context, Result};

/// A static file server running on a background thread.
pub struct StaticServer {
    pub addr: SocketAddr,
}

impl StaticServer {
    /// Serve `dir` on 127.0.0.1:`port` (0 picks a free port).
    pub fn start(dir: PathBuf, port: u16) -> Result<StaticServer> {
        let listener = TcpListener::bind(("127.0.0.1", port))
            .with_context(|| format!("could not listen on 127.0.0.1:{port} (is it in use? try --port)"))?;
        let addr = listener.local_addr()?;
        thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let dir = dir.clone();
                thread::spawn(move || {
                    let _ = handle(stream, &dir);
                });
            }
        });
        Ok(StaticServer { addr })
    }

    /// The address of `path` on this server.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}/{}", self.addr, path.trim_start_matches('/'))
    }
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or_default() {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "wasm" => "application/wasm",
        "svg" => "image/svg+xml",
        "json" | "map" => "application/json",
        "yaml" | "yml" | "txt" => "text/plain; charset=utf-8",
        "png" => "image/png",
        _ => "application/octet-stream",
    }
}

/// Map a request path to a file under `dir`, refusing anything that leaves it.
fn resolve(dir: &Path, target: &str) -> Option<PathBuf> {
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let mut file = dir.to_path_buf();
    for component in Path::new(path.trim_start_matches('/')).components() {
        match component {
            Component::Normal(part) => file.push(part),
            Component::CurDir => {}
            _ => return None,
        }
    }
    if file.is_dir() {
        file.push("index.html");
    }
    file.is_file().then_some(file)
}

fn handle(mut stream: TcpStream, dir: &Path) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header == "\r\n" || header == "\n" {
            break;
        }
    }
    let mut parts = request_line.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or("/"));
    if method != "GET" && method != "HEAD" {
        return respond(&mut stream, "405 Method Not Allowed", "text/plain", b"method not allowed\n", method);
    }
    match resolve(dir, target).and_then(|file| fs::read(&file).ok().map(|body| (file, body))) {
        Some((file, body)) => respond(&mut stream, "200 OK", content_type(&file), &body, method),
        None => respond(&mut stream, "404 Not Found", "text/plain", b"not found\n", method),
    }
}

fn respond(stream: &mut TcpStream, status: &str, content_type: &str, body: &[u8], method: &str) -> std::io::Result<()> {
    write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nCache-Control: no-cache\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
        body.len()
    )?;
    if method != "HEAD" {
        stream.write_all(body)?;
    }
    stream.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolve_stays_inside_the_directory() {
        let dir = std::env::temp_dir().join(format!("ordinal-serve-test-{}", std::process::id()));
        fs::create_dir_all(dir.join("sub")).unwrap();
        fs::write(dir.join("index.html"), "x").unwrap();
        fs::write(dir.join("sub/a.js"), "x").unwrap();
        assert_eq!(resolve(&dir, "/"), Some(dir.join("index.html")));
        assert_eq!(resolve(&dir, "/sub/a.js?v=1#x"), Some(dir.join("sub/a.js")));
        assert_eq!(resolve(&dir, "/../etc/passwd"), None);
        assert_eq!(resolve(&dir, "/sub/../../x"), None);
        assert_eq!(resolve(&dir, "/missing"), None);
        fs::remove_dir_all(&dir).unwrap();
    }
}
