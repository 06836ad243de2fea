//! The server's state and its handlers: documents opening, changing and
//! closing, files changing on disk, `.ordinal.yaml`, requests dispatched to
//! the feature files, and publishing exactly the diagnostics that changed.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use crossbeam_channel::Sender;
use lsp_server::{ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidChangeWatchedFiles, DidCloseTextDocument, DidOpenTextDocument, DidSaveTextDocument,
    LogMessage, Notification as _, PublishDiagnostics,
};
use lsp_types::request::{
    CodeActionRequest, DocumentSymbolRequest, GotoDefinition, HoverRequest, InlayHintRequest, RegisterCapability,
    Request as _,
};
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionProviderCapability, DidChangeWatchedFilesRegistrationOptions,
    FileSystemWatcher, GlobPattern, HoverProviderCapability, InitializeParams, InitializeResult, LogMessageParams,
    MessageType, OneOf, PublishDiagnosticsParams, Registration, RegistrationParams, SaveOptions, ServerCapabilities,
    ServerInfo, TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions, TextDocumentSyncSaveOptions,
    Url,
};
use ordinal_core::{Config, Options};

use super::diagnostics::{self, Finding};
use super::position::Encoding;
use super::workspace::{self, Workspace};
use super::{code_action, definition, documents, guard, hover, inlay_hints, symbols};
use crate::input::{self, ReadOptions};
use crate::settings::{self, CONFIG_FILE_NAME};

/// Files whose change can change which manifests the walk finds.
const IGNORE_FILES: [&str; 2] = [".gitignore", ".ignore"];

/// Everything the server knows about one client's session.
pub struct Server {
    sender: Sender<Message>,
    /// How positions are counted, as agreed in `initialize`.
    pub encoding: Encoding,
    /// The files and their analyses.
    pub workspace: Workspace,
    /// The findings of the last check, by file.
    findings: BTreeMap<Url, Vec<Finding>>,
    /// What the client was last sent, by file; a file missing here was sent
    /// nothing or an empty list.
    published: BTreeMap<Url, Vec<lsp_types::Diagnostic>>,
    /// Files to publish after the next check even when unchanged (a
    /// document just opened is told it is clean).
    force_publish: BTreeSet<Url>,
    /// Where `.ordinal.yaml` is looked for upwards: the first workspace
    /// folder, or the server's current directory, as for the CLI.
    config_anchor: PathBuf,
    /// The configuration file in use.
    config_path: Option<PathBuf>,
    read: ReadOptions,
    /// Whether the client asked for inlay hints (`initializationOptions`).
    pub inlay_hints: bool,
    dirty: bool,
    watch_files: bool,
    next_request: i32,
}

impl Server {
    /// The server for a client that sent `params`, and the answer to its
    /// `initialize`. The workspace folders are walked here, so the first
    /// check (after `initialized`) already sees every file.
    pub fn new(sender: Sender<Message>, params: &InitializeParams, read: ReadOptions) -> (Server, InitializeResult) {
        let encoding = Encoding::negotiate(
            params.capabilities.general.as_ref().and_then(|general| general.position_encodings.as_deref()),
        );
        let inlay_hints = params
            .initialization_options
            .as_ref()
            .and_then(|options| options.get("inlayHints"))
            .and_then(serde_json::Value::as_bool)
            .unwrap_or(false);
        let watch_files = params
            .capabilities
            .workspace
            .as_ref()
            .and_then(|workspace| workspace.did_change_watched_files.as_ref())
            .and_then(|watched| watched.dynamic_registration)
            .unwrap_or(false);
        let roots = roots(params);
        let config_anchor = roots.first().cloned().or_else(|| std::env::current_dir().ok()).unwrap_or_default();
        let mut server = Server {
            sender,
            encoding,
            workspace: Workspace::new(roots, Options::default(), read),
            findings: BTreeMap::new(),
            published: BTreeMap::new(),
            force_publish: BTreeSet::new(),
            config_anchor,
            config_path: None,
            read,
            inlay_hints,
            // The first check waits for `initialized`: nothing is published before it.
            dirty: false,
            watch_files,
            next_request: 0,
        };
        let options = server.load_options();
        server.workspace.set_options(options);
        server.workspace.rescan();
        (server, InitializeResult { capabilities: capabilities(encoding, inlay_hints), server_info: server_info() })
    }

    /// The client said `initialized` (`lsp-server` reads it as part of the
    /// handshake): ask it to watch files, and check the workspace.
    pub fn initialized(&mut self) {
        if self.watch_files {
            self.register_watchers();
        }
        self.dirty = true;
    }

    /// Whether a check is due.
    pub fn is_dirty(&self) -> bool {
        self.dirty
    }

    /// Check now if anything changed since the last check, so a request is
    /// answered from the text the client has.
    pub fn flush_if_dirty(&mut self) {
        if self.dirty {
            self.flush();
        }
    }

    /// Check the workspace and publish what changed: the files whose
    /// findings differ from what the client holds, and an empty list for
    /// files whose findings went away (or that left the workspace).
    pub fn flush(&mut self) {
        self.dirty = false;
        let checked = match guard::catch(|| self.workspace.check()) {
            Ok(checked) => checked,
            Err(report) => {
                // The last findings stay: better stale than none.
                self.workspace.log.push(format!("checking the workspace: {report}"));
                return;
            }
        };
        let findings = diagnostics::by_file(&self.workspace, &checked, self.encoding);
        let mut outgoing = Vec::new();
        for (uri, list) in &findings {
            let lsp: Vec<lsp_types::Diagnostic> = list.iter().map(|finding| finding.lsp.clone()).collect();
            let before = self.published.get(uri).map_or(&[][..], Vec::as_slice);
            if before != lsp.as_slice() || self.force_publish.contains(uri) {
                outgoing.push((uri.clone(), lsp));
            }
        }
        for uri in self.published.keys().filter(|uri| !findings.contains_key(*uri)) {
            outgoing.push((uri.clone(), Vec::new()));
        }
        for uri in std::mem::take(&mut self.force_publish) {
            if !findings.contains_key(&uri) && !self.published.contains_key(&uri) {
                // An open file that is not Kubernetes: told it has nothing.
                outgoing.push((uri, Vec::new()));
            }
        }
        for (uri, lsp) in outgoing {
            let version = self.workspace.get(&uri).and_then(|entry| entry.version);
            if lsp.is_empty() {
                self.published.remove(&uri);
            } else {
                self.published.insert(uri.clone(), lsp.clone());
            }
            self.notify::<PublishDiagnostics>(PublishDiagnosticsParams { uri, diagnostics: lsp, version });
        }
        self.findings = findings;
    }

    /// The findings of the last check in the file at `uri`.
    pub fn findings(&self, uri: &Url) -> &[Finding] {
        self.findings.get(&workspace::key(uri)).map_or(&[], Vec::as_slice)
    }

    /// Answer a request.
    pub fn handle_request(&mut self, request: Request) {
        let id = request.id.clone();
        let method = request.method.clone();
        let response = match guard::catch(|| self.dispatch(request)) {
            Ok(Some(Ok(result))) => Response::new_ok(id, result),
            Ok(Some(Err(message))) => Response::new_err(id, ErrorCode::InvalidParams as i32, message),
            Ok(None) => Response::new_err(id, ErrorCode::MethodNotFound as i32, format!("unknown method {method}")),
            Err(report) => {
                self.workspace.log.push(format!("answering {method}: {report}"));
                Response::new_err(id, ErrorCode::InternalError as i32, report)
            }
        };
        self.send(response.into());
    }

    fn dispatch(&mut self, request: Request) -> Option<Result<serde_json::Value, String>> {
        Some(match request.method.as_str() {
            HoverRequest::METHOD => self.call::<HoverRequest>(request, hover::hover),
            GotoDefinition::METHOD => self.call::<GotoDefinition>(request, definition::definition),
            DocumentSymbolRequest::METHOD => self.call::<DocumentSymbolRequest>(request, symbols::document_symbols),
            CodeActionRequest::METHOD => self.call::<CodeActionRequest>(request, code_action::code_actions),
            InlayHintRequest::METHOD => self.call::<InlayHintRequest>(request, inlay_hints::inlay_hints),
            _ => return None,
        })
    }

    fn call<R: lsp_types::request::Request>(
        &self,
        request: Request,
        handler: fn(&Server, R::Params) -> R::Result,
    ) -> Result<serde_json::Value, String> {
        let params: R::Params = serde_json::from_value(request.params).map_err(|error| error.to_string())?;
        serde_json::to_value(handler(self, params)).map_err(|error| error.to_string())
    }

    /// Act on a notification; one that fails to parse or panics is logged.
    pub fn handle_notification(&mut self, notification: Notification) {
        let method = notification.method.clone();
        if let Err(report) = guard::catch(|| self.notification(notification)) {
            self.workspace.log.push(format!("handling {method}: {report}"));
        }
    }

    fn notification(&mut self, notification: Notification) {
        match notification.method.as_str() {
            DidOpenTextDocument::METHOD => {
                if let Some(params) = self.params::<DidOpenTextDocument>(notification) {
                    let document = params.text_document;
                    self.force_publish.insert(workspace::key(&document.uri));
                    self.workspace.set_text(&document.uri, document.version, document.text);
                    self.dirty = true;
                }
            }
            DidChangeTextDocument::METHOD => {
                if let Some(params) = self.params::<DidChangeTextDocument>(notification) {
                    let uri = params.text_document.uri;
                    let old = self.workspace.get(&uri).map(|entry| entry.source.text.clone()).unwrap_or_default();
                    let text = documents::apply(old, params.content_changes, self.encoding);
                    self.workspace.set_text(&uri, params.text_document.version, text);
                    self.dirty = true;
                }
            }
            DidCloseTextDocument::METHOD => {
                if let Some(params) = self.params::<DidCloseTextDocument>(notification) {
                    self.workspace.close(&params.text_document.uri);
                    self.dirty = true;
                }
            }
            DidSaveTextDocument::METHOD => {
                // Clients without file watching still say when the
                // configuration was saved.
                if let Some(params) = self.params::<DidSaveTextDocument>(notification) {
                    if is_named(&params.text_document.uri, CONFIG_FILE_NAME) {
                        self.reload_options();
                    }
                }
            }
            DidChangeWatchedFiles::METHOD => {
                if let Some(params) = self.params::<DidChangeWatchedFiles>(notification) {
                    self.files_changed(params.changes);
                }
            }
            _ => {}
        }
    }

    fn files_changed(&mut self, changes: Vec<lsp_types::FileEvent>) {
        let mut config = false;
        let mut rescan = false;
        for change in changes {
            if is_named(&change.uri, CONFIG_FILE_NAME) {
                config = true;
            } else if IGNORE_FILES.iter().any(|name| is_named(&change.uri, name)) {
                rescan = true;
            } else if change.typ == lsp_types::FileChangeType::CHANGED {
                if self.workspace.reload(&change.uri) {
                    self.dirty = true;
                }
            } else {
                // Created or deleted: whether the walk takes it depends on
                // where it is (a chart, an ignored folder).
                rescan = true;
            }
        }
        if rescan && self.workspace.rescan() {
            self.dirty = true;
        }
        if config {
            self.reload_options();
        }
    }

    /// A response to one of the server's own requests (the watcher
    /// registration); only a failure is worth a line in the log.
    pub fn handle_response(&mut self, response: Response) {
        if let Some(error) = response.error {
            self.workspace.log.push(format!("the client refused request {}: {}", response.id, error.message));
        }
    }

    /// Answer a request that came after `shutdown`.
    pub fn refuse_after_shutdown(&mut self, request: Request) {
        let message = "the server is shutting down".to_string();
        self.send(Response::new_err(request.id, ErrorCode::InvalidRequest as i32, message).into());
    }

    /// Answer `request_id` with `null` (`shutdown`).
    pub fn respond_null(&mut self, id: RequestId) {
        self.send(Response::new_ok(id, serde_json::Value::Null).into());
    }

    /// Send what went wrong since the last message as `window/logMessage`.
    pub fn send_log(&mut self) {
        for message in std::mem::take(&mut self.workspace.log) {
            eprintln!("ordinal lsp: {message}");
            self.notify::<LogMessage>(LogMessageParams { typ: MessageType::ERROR, message });
        }
    }

    /// Read `.ordinal.yaml` again and analyse every file again with it.
    fn reload_options(&mut self) {
        let options = self.load_options();
        self.workspace.set_options(options);
        self.dirty = true;
    }

    /// The options from the nearest `.ordinal.yaml` (the CLI's resolution,
    /// without flags); a file that cannot be read or parsed is logged and
    /// the defaults are used, so the editor is never left without findings.
    fn load_options(&mut self) -> Options {
        self.config_path = settings::find_config(&self.config_anchor);
        let Some(path) = &self.config_path else { return Config::default().resolve() };
        let name = input::display_name(path);
        let loaded = input::read_path(path, &self.read).and_then(|bytes| {
            let text =
                String::from_utf8(bytes).map_err(|_| anyhow::anyhow!("config {name}: the file is not valid UTF-8"))?;
            settings::parse_config(&name, &text)
        });
        match loaded {
            Ok(config) => config.resolve(),
            Err(error) => {
                self.workspace.log.push(format!("{error:#}; using the default settings"));
                Config::default().resolve()
            }
        }
    }

    /// Ask the client to tell the server about YAML files, the
    /// configuration and ignore files changing on disk (LSP 3.17 dynamic
    /// registration; a client without it gets none of this).
    fn register_watchers(&mut self) {
        let globs = ["**/*.yaml", "**/*.yml", "**/.ordinal.yaml", "**/.gitignore", "**/.ignore"];
        let watchers = globs
            .iter()
            .map(|glob| FileSystemWatcher { glob_pattern: GlobPattern::String((*glob).to_string()), kind: None })
            .collect();
        let options = DidChangeWatchedFilesRegistrationOptions { watchers };
        let registration = Registration {
            id: "ordinal-watched-files".to_string(),
            method: DidChangeWatchedFiles::METHOD.to_string(),
            register_options: serde_json::to_value(options).ok(),
        };
        self.next_request += 1;
        let id = RequestId::from(format!("ordinal-{}", self.next_request));
        let params = RegistrationParams { registrations: vec![registration] };
        self.send(Request::new(id, RegisterCapability::METHOD.to_string(), params).into());
    }

    fn params<N: lsp_types::notification::Notification>(&mut self, notification: Notification) -> Option<N::Params> {
        match serde_json::from_value(notification.params) {
            Ok(params) => Some(params),
            Err(error) => {
                self.workspace.log.push(format!("reading {}: {error}", N::METHOD));
                None
            }
        }
    }

    fn notify<N: lsp_types::notification::Notification>(&self, params: N::Params) {
        self.send(Notification::new(N::METHOD.to_string(), params).into());
    }

    fn send(&self, message: Message) {
        // A closed channel means the client is gone; the loop ends on its own.
        let _ = self.sender.send(message);
    }
}

/// The workspace folders, else the deprecated `rootUri` and `rootPath`.
#[allow(deprecated)]
fn roots(params: &InitializeParams) -> Vec<PathBuf> {
    let folders: Vec<PathBuf> =
        params.workspace_folders.iter().flatten().filter_map(|folder| folder.uri.to_file_path().ok()).collect();
    if !folders.is_empty() {
        return folders;
    }
    if let Some(path) = params.root_uri.as_ref().and_then(|uri| uri.to_file_path().ok()) {
        return vec![path];
    }
    params.root_path.iter().map(PathBuf::from).collect()
}

fn is_named(uri: &Url, name: &str) -> bool {
    uri.path_segments().and_then(|mut segments| segments.next_back()).is_some_and(|last| last == name)
}

fn capabilities(encoding: Encoding, inlay_hints: bool) -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(encoding.kind()),
        text_document_sync: Some(TextDocumentSyncCapability::Options(TextDocumentSyncOptions {
            open_close: Some(true),
            change: Some(TextDocumentSyncKind::FULL),
            save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions { include_text: Some(false) })),
            ..TextDocumentSyncOptions::default()
        })),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        document_symbol_provider: Some(OneOf::Left(true)),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
            ..CodeActionOptions::default()
        })),
        inlay_hint_provider: inlay_hints.then_some(OneOf::Left(true)),
        ..ServerCapabilities::default()
    }
}

fn server_info() -> Option<ServerInfo> {
    Some(ServerInfo { name: "ordinal".to_string(), version: Some(env!("CARGO_PKG_VERSION").to_string()) })
}
