//! `ordinal lsp`: a language server over stdio (`lsp-server` for the
//! JSON-RPC transport, `lsp-types` for the protocol, as rust-analyzer and
//! ruff use them).
//!
//! - `server.rs`: the state and the message loop's handlers (documents,
//!   watched files, `.ordinal.yaml`, publishing);
//! - `workspace.rs`: the files, each with its cached analysis, and the
//!   check over all of them; `documents.rs`: applying an editor's changes;
//! - `position.rs`: spans to UTF-16 or UTF-8 positions and back;
//! - one file per feature: `diagnostics.rs`, `code_action.rs`, `hover.rs`,
//!   `definition.rs`, `symbols.rs`, `inlay_hints.rs` (with `locate.rs`, what
//!   they share: which resource and field is under the cursor);
//! - `guard.rs`: a panic while serving one message is logged, not fatal.
//!
//! The core stays free of I/O: the server reads files and calls its entry
//! points, `analyze_file` per changed file and `check` over the workspace.

mod code_action;
mod definition;
mod diagnostics;
mod documents;
mod guard;
mod hover;
mod inlay_hints;
mod locate;
mod position;
mod server;
mod symbols;
mod workspace;

use anyhow::Context as _;
use clap::Args;
use crossbeam_channel::TryRecvError;
use lsp_server::{Connection, Message};

use crate::commands::{GlobalArgs, Status};

/// Arguments of `ordinal lsp`.
#[derive(Debug, Args)]
pub struct LspArgs {
    /// Speak the protocol over stdin and stdout (the only transport, and the default; accepted because
    /// many editors pass it).
    #[arg(long)]
    pub stdio: bool,
}

/// Serve one client until it says `exit`: exit code 0 when `shutdown` came
/// first, 1 otherwise (as the protocol asks), also when the input ends.
pub fn run(global: &GlobalArgs, _args: LspArgs) -> anyhow::Result<Status> {
    let (connection, io_threads) = Connection::stdio();
    let (id, params) = connection.initialize_start().context("waiting for `initialize`")?;
    let params: lsp_types::InitializeParams = serde_json::from_value(params).context("reading `initialize`")?;
    let (mut server, result) = server::Server::new(connection.sender.clone(), &params, global.read_options());
    connection.initialize_finish(id, serde_json::to_value(result)?).context("answering `initialize`")?;
    server.initialized();
    let clean = serve(&connection, &mut server);
    drop(server);
    drop(connection);
    // The reader stops after `exit`; after the input ended it has already.
    io_threads.join().context("closing stdio")?;
    Ok(if clean { Status::Success } else { Status::Failure })
}

/// The message loop; whether `shutdown` came before the end.
///
/// Notifications that change text only mark the workspace dirty; the check
/// runs once no message is waiting (or before a request is answered), so a
/// burst of keystrokes costs one check, not one each.
fn serve(connection: &Connection, server: &mut server::Server) -> bool {
    let mut shut_down = false;
    loop {
        let message = if server.is_dirty() {
            match connection.receiver.try_recv() {
                Ok(message) => message,
                Err(TryRecvError::Empty) => {
                    server.flush();
                    continue;
                }
                Err(TryRecvError::Disconnected) => return shut_down,
            }
        } else {
            match connection.receiver.recv() {
                Ok(message) => message,
                Err(_) => return shut_down,
            }
        };
        match message {
            Message::Request(request) if shut_down => server.refuse_after_shutdown(request),
            Message::Request(request) if request.method == "shutdown" => {
                shut_down = true;
                server.respond_null(request.id);
            }
            Message::Request(request) => {
                server.flush_if_dirty();
                server.handle_request(request);
            }
            Message::Notification(notification) if notification.method == "exit" => return shut_down,
            Message::Notification(notification) if !shut_down => server.handle_notification(notification),
            Message::Notification(_) => {}
            Message::Response(response) => server.handle_response(response),
        }
        server.send_log();
    }
}
