//! `cargo xtask serve [--port N]`: build the playground and serve `www/dist/`
//! on 127.0.0.1 with the browser tests' static server.

use anyhow::Result;
use ordinal_browser_tests::static_server::StaticServer;

pub fn main(port: u16) -> Result<()> {
    crate::dist::build()?;
    let server = StaticServer::start(crate::dist::dist_dir(), port)?;
    println!("\nOrdinal playground: {}  (Ctrl-C stops it)", server.url("/"));
    loop {
        std::thread::park();
    }
}
