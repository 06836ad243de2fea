//! `ordinal lsp` at the protocol level: the real binary, spawned, spoken to
//! in JSON-RPC over its stdin and stdout as an editor would.

use std::collections::{HashMap, VecDeque};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// How long any one expected message may take; far above what the server
/// needs, so only a server that never sends it fails.
const PATIENCE: Duration = Duration::from_secs(30);

struct Client {
    child: Child,
    /// `None` once closed.
    stdin: Option<ChildStdin>,
    incoming: Receiver<Value>,
    /// Notifications read while waiting for something else.
    queued: VecDeque<Value>,
    /// The last diagnostics published per URI.
    diagnostics: HashMap<String, Vec<Value>>,
    /// Every `window/logMessage` text.
    log: Vec<String>,
    /// Every request the server sent the client.
    server_requests: Vec<Value>,
    next_id: i64,
    /// The `initialize` result.
    capabilities: Value,
}

fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

impl Client {
    /// Start the server in `root` and initialize it with `capabilities`
    /// and `init_options`.
    fn start(root: &Path, capabilities: Value, init_options: Value, env: &[(&str, &str)]) -> Client {
        let mut command = Command::new(env!("CARGO_BIN_EXE_ordinal"));
        command.arg("lsp").current_dir(root).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::null());
        for (key, value) in env {
            command.env(key, value);
        }
        let mut child = command.spawn().expect("spawn ordinal lsp");
        let stdin = child.stdin.take().expect("stdin");
        let stdout = child.stdout.take().expect("stdout");
        let (sender, incoming) = mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            loop {
                let mut length = None;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(value) = line.strip_prefix("Content-Length: ") {
                        length = value.parse::<usize>().ok();
                    }
                }
                let mut body = vec![0; length.expect("a Content-Length header")];
                if reader.read_exact(&mut body).is_err() {
                    return;
                }
                let message: Value = serde_json::from_slice(&body).expect("a JSON message");
                if sender.send(message).is_err() {
                    return;
                }
            }
        });
        let mut client = Client {
            child,
            stdin: Some(stdin),
            incoming,
            queued: VecDeque::new(),
            diagnostics: HashMap::new(),
            log: Vec::new(),
            server_requests: Vec::new(),
            next_id: 0,
            capabilities: Value::Null,
        };
        let result = client.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": uri(root),
                "workspaceFolders": [{"uri": uri(root), "name": "root"}],
                "capabilities": capabilities,
                "initializationOptions": init_options,
            }),
        );
        client.capabilities = result["capabilities"].clone();
        client.notify("initialized", json!({}));
        client
    }

    fn send(&mut self, message: &Value) {
        let body = serde_json::to_string(message).expect("serialise");
        let stdin = self.stdin.as_mut().expect("the input is open");
        write!(stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).expect("write to the server");
        stdin.flush().expect("flush");
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Read one message, keeping track of diagnostics, logs and server requests.
    fn read(&mut self, deadline: Instant) -> Option<Value> {
        let left = deadline.saturating_duration_since(Instant::now());
        let message = match self.incoming.recv_timeout(left) {
            Ok(message) => message,
            Err(RecvTimeoutError::Timeout) => return None,
            Err(RecvTimeoutError::Disconnected) => panic!("the server closed its output"),
        };
        match message["method"].as_str() {
            Some("textDocument/publishDiagnostics") => {
                let uri = message["params"]["uri"].as_str().expect("a uri").to_string();
                let list = message["params"]["diagnostics"].as_array().cloned().unwrap_or_default();
                self.diagnostics.insert(uri, list);
            }
            Some("window/logMessage") => {
                self.log.push(message["params"]["message"].as_str().unwrap_or_default().to_string());
            }
            Some(_) if message.get("id").is_some() => {
                // A request from the server (`client/registerCapability`): accept it.
                self.server_requests.push(message.clone());
                let id = message["id"].clone();
                self.send(&json!({"jsonrpc": "2.0", "id": id, "result": null}));
            }
            _ => {}
        }
        Some(message)
    }

    /// Send a request and wait for its response; the whole response.
    fn request_raw(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        let deadline = Instant::now() + PATIENCE;
        loop {
            let message = self.read(deadline).unwrap_or_else(|| panic!("no response to {method}"));
            if message.get("id") == Some(&json!(id)) && message.get("method").is_none() {
                return message;
            }
            self.queued.push_back(message);
        }
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        let response = self.request_raw(method, params);
        assert!(response.get("error").is_none(), "{method} failed: {response}");
        response["result"].clone()
    }

    /// Wait until the diagnostics published for `uri` satisfy `done`.
    fn diagnostics_until(&mut self, uri: &str, done: impl Fn(&[Value]) -> bool) -> Vec<Value> {
        let deadline = Instant::now() + PATIENCE;
        loop {
            if let Some(list) = self.diagnostics.get(uri) {
                if done(list) {
                    return list.clone();
                }
            }
            if self.read(deadline).is_none() {
                panic!("diagnostics for {uri} never satisfied the test; last: {:?}", self.diagnostics.get(uri));
            }
        }
    }

    /// Wait for a publication for `uri` (any content), dropping earlier ones.
    fn next_publication(&mut self, uri: &str) -> Vec<Value> {
        self.diagnostics.remove(uri);
        self.diagnostics_until(uri, |_| true)
    }

    /// Read what arrives within `time`, for checks that nothing comes.
    fn drain(&mut self, time: Duration) {
        let deadline = Instant::now() + time;
        while self.read(deadline).is_some() {}
    }

    fn open(&mut self, uri: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}}),
        );
    }

    fn change(&mut self, uri: &str, version: i32, text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]}),
        );
    }

    fn shutdown_and_exit(mut self) -> ExitStatus {
        let result = self.request_raw("shutdown", Value::Null);
        assert_eq!(result["result"], Value::Null, "{result}");
        self.notify("exit", Value::Null);
        self.wait()
    }

    fn wait(&mut self) -> ExitStatus {
        let deadline = Instant::now() + PATIENCE;
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                return status;
            }
            assert!(Instant::now() < deadline, "the server did not exit");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn rules(list: &[Value]) -> Vec<String> {
    let mut rules: Vec<String> = list.iter().map(|d| d["code"].as_str().unwrap_or_default().to_string()).collect();
    rules.sort();
    rules
}

fn has(rule: &str) -> impl Fn(&[Value]) -> bool + '_ {
    move |list| list.iter().any(|d| d["code"] == rule)
}

fn lacks(rule: &str) -> impl Fn(&[Value]) -> bool + '_ {
    move |list| !list.iter().any(|d| d["code"] == rule)
}

fn workspace(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary directory");
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }
    dir
}

fn plain_client(root: &Path) -> Client {
    Client::start(root, json!({}), Value::Null, &[])
}

/// A headless Service for `web` and its disruption budget: together with
/// [`STATEFULSET`], a workspace without findings.
const SERVICE: &str = "apiVersion: v1
kind: Service
metadata:
  name: nginx
spec:
  clusterIP: None
  publishNotReadyAddresses: true
  selector:
    app: web
  ports:
  - name: web
    port: 80
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: web
spec:
  maxUnavailable: 1
  selector:
    matchLabels:
      app: web
";

const STATEFULSET: &str = "apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  serviceName: nginx
  replicas: 3
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      affinity:
        podAntiAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
          - topologyKey: kubernetes.io/hostname
            labelSelector:
              matchLabels:
                app: web
      containers:
      - name: nginx
        image: nginx:1.27
        readinessProbe:
          tcpSocket:
            port: 80
        resources:
          requests:
            cpu: 100m
            memory: 64Mi
          limits:
            memory: 64Mi
";

/// A manifest with a safe fix (`restartPolicy: always`), a finding with a
/// secondary label (a repeated env var) and a missing Service.
const BROKEN: &str = "apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  serviceName: nope
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      restartPolicy: always
      containers:
      - name: nginx
        image: nginx:1.27
        env:
        - name: A
          value: \"1\"
        - name: A
          value: \"2\"
";

fn line_of(text: &str, needle: &str) -> u64 {
    text.lines().position(|line| line.contains(needle)).expect("the line") as u64
}

#[test]
fn diagnostics_on_open_carry_rule_docs_and_related_locations_and_follow_changes() {
    let dir = workspace(&[]);
    let mut client = plain_client(dir.path());
    let doc = uri(&dir.path().join("broken.yaml"));
    client.open(&doc, BROKEN);
    let list = client.diagnostics_until(&doc, has("service-not-found"));
    assert!(rules(&list).contains(&"invalid-restart-policy".to_string()), "{list:?}");
    let missing = list.iter().find(|d| d["code"] == "service-not-found").expect("service-not-found");
    assert_eq!(missing["source"], "ordinal");
    assert_eq!(missing["severity"], 1);
    assert_eq!(
        missing["codeDescription"]["href"],
        "https://github.com/ordinal-dev/ordinal/blob/main/docs/rules/service-not-found.md"
    );
    let line = line_of(BROKEN, "serviceName");
    assert_eq!(
        missing["range"],
        json!({"start": {"line": line, "character": 15}, "end": {"line": line, "character": 19}})
    );
    assert!(missing["message"].as_str().expect("a message").contains("\nhelp: "), "{missing}");
    let repeated = list.iter().find(|d| d["code"] == "duplicate-env-var").expect("duplicate-env-var");
    let related = &repeated["relatedInformation"][0];
    assert_eq!(related["location"]["uri"], doc.as_str());
    assert_eq!(related["location"]["range"]["start"]["line"], line_of(BROKEN, "- name: A"));
    assert_eq!(related["message"], "previously defined here");

    // A change that adds the Service clears that finding, and only that one.
    client.change(&doc, 2, &format!("{SERVICE}---\n{}", BROKEN.replace("serviceName: nope", "serviceName: nginx")));
    let list = client.diagnostics_until(&doc, lacks("service-not-found"));
    assert!(rules(&list).contains(&"invalid-restart-policy".to_string()), "{list:?}");
    assert_eq!(client.shutdown_and_exit().code(), Some(0));
}

#[test]
fn a_service_renamed_in_one_file_republishes_the_statefulset_in_another() {
    let dir = workspace(&[("sts.yaml", STATEFULSET), ("svc.yaml", SERVICE)]);
    let (sts, svc) = (uri(&dir.path().join("sts.yaml")), uri(&dir.path().join("svc.yaml")));
    let mut client = plain_client(dir.path());
    // Nothing is open: the workspace files are checked all the same, and
    // together they are clean. Open svc.yaml and rename the Service.
    client.open(&svc, SERVICE);
    assert_eq!(client.next_publication(&svc), Vec::<Value>::new());
    assert!(!client.diagnostics.contains_key(&sts), "{:?}", client.diagnostics);
    client.change(&svc, 2, &SERVICE.replace("name: nginx", "name: renamed"));
    let list = client.diagnostics_until(&sts, has("service-not-found"));
    assert_eq!(list.iter().filter(|d| d["code"] == "service-not-found").count(), 1);
    // Renamed back: the finding is cleared with an empty publication.
    client.change(&svc, 3, SERVICE);
    client.diagnostics_until(&sts, |list| list.is_empty());

    // On disk, as another tool would change it: closed, rewritten, and the
    // client's file watcher reports it.
    client.notify("textDocument/didClose", json!({"textDocument": {"uri": svc}}));
    std::fs::write(dir.path().join("svc.yaml"), SERVICE.replace("name: nginx", "name: elsewhere")).expect("write");
    client.notify("workspace/didChangeWatchedFiles", json!({"changes": [{"uri": svc, "type": 2}]}));
    client.diagnostics_until(&sts, has("service-not-found"));
    // Deleted, then created again under another name.
    std::fs::remove_file(dir.path().join("svc.yaml")).expect("remove");
    std::fs::create_dir_all(dir.path().join("nested")).expect("mkdir");
    std::fs::write(dir.path().join("nested/svc2.yaml"), SERVICE).expect("write");
    let created = uri(&dir.path().join("nested/svc2.yaml"));
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": svc, "type": 3}, {"uri": created, "type": 1}]}),
    );
    client.diagnostics_until(&sts, |list| list.is_empty());
    assert_eq!(client.shutdown_and_exit().code(), Some(0));
}

#[test]
fn the_workspace_walk_honours_gitignore_and_file_watching_is_registered_when_supported() {
    let dir = workspace(&[("sts.yaml", STATEFULSET), (".gitignore", "ignored/\n"), ("ignored/svc.yaml", SERVICE)]);
    let sts = uri(&dir.path().join("sts.yaml"));
    let capabilities = json!({"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}});
    let mut client = Client::start(dir.path(), capabilities, Value::Null, &[]);
    // The only Service is in an ignored folder, as `ordinal lint` would skip it.
    client.diagnostics_until(&sts, has("service-not-found"));
    let registration = client
        .server_requests
        .iter()
        .find(|request| request["method"] == "client/registerCapability")
        .expect("a registration")
        .clone();
    let registered = &registration["params"]["registrations"][0];
    assert_eq!(registered["method"], "workspace/didChangeWatchedFiles");
    let globs: Vec<&str> = registered["registerOptions"]["watchers"]
        .as_array()
        .expect("watchers")
        .iter()
        .filter_map(|watcher| watcher["globPattern"].as_str())
        .collect();
    assert!(globs.contains(&"**/*.yaml") && globs.contains(&"**/.ordinal.yaml"), "{globs:?}");
    // Un-ignored: the walk now finds the Service.
    std::fs::write(dir.path().join(".gitignore"), "").expect("write");
    let gitignore = uri(&dir.path().join(".gitignore"));
    client.notify("workspace/didChangeWatchedFiles", json!({"changes": [{"uri": gitignore, "type": 2}]}));
    client.diagnostics_until(&sts, |list| list.is_empty());
    assert_eq!(client.shutdown_and_exit().code(), Some(0));
}

#[test]
fn a_client_without_dynamic_registration_is_not_asked_to_watch() {
    let dir = workspace(&[("sts.yaml", STATEFULSET), ("svc.yaml", SERVICE)]);
    let mut client = plain_client(dir.path());
    client.request("textDocument/documentSymbol", json!({"textDocument": {"uri": uri(&dir.path().join("sts.yaml"))}}));
    client.drain(Duration::from_millis(300));
    assert!(client.server_requests.is_empty(), "{:?}", client.server_requests);
    assert_eq!(client.shutdown_and_exit().code(), Some(0));
}

/// One line whose characters before the finding are wider in UTF-8 than in
/// UTF-16 (`é`: 2 bytes, 1 unit) and wider in UTF-16 than in characters
/// (`𝄞`: 4 bytes, 2 units).
const WIDE: &str = "apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec: {selector: {matchLabels: {app: \"é𝄞\"}}, serviceName: nope, template: {metadata: {labels: {app: \"é𝄞\"}}, spec: {containers: [{name: c, image: i:1}]}}}
";

#[test]
fn positions_are_utf16_by_default_and_utf8_when_the_client_offers_it() {
    let line = WIDE.lines().nth(4).expect("line 4");
    let at = line.find("nope").expect("nope");
    let utf16 = line[..at].encode_utf16().count() as u64;
    assert_ne!(utf16, at as u64);
    for (offered, encoding, character) in [
        (json!({}), "utf-16", utf16),
        (json!({"general": {"positionEncodings": ["utf-8", "utf-16"]}}), "utf-8", at as u64),
    ] {
        let dir = workspace(&[]);
        let mut client = Client::start(dir.path(), offered, Value::Null, &[]);
        assert_eq!(client.capabilities["positionEncoding"], encoding);
        let doc = uri(&dir.path().join("wide.yaml"));
        client.open(&doc, WIDE);
        let list = client.diagnostics_until(&doc, has("service-not-found"));
        let found = list.iter().find(|d| d["code"] == "service-not-found").expect("the finding");
        assert_eq!(found["range"]["start"], json!({"line": 4, "character": character}), "{encoding}");
        assert_eq!(found["range"]["end"], json!({"line": 4, "character": character + 4}), "{encoding}");
        // The way back: a code action asked for at that position finds it.
        let range =
            json!({"start": {"line": 4, "character": character + 1}, "end": {"line": 4, "character": character + 1}});
        let actions = client.request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": doc}, "range": range, "context": {"diagnostics": []}}),
        );
        let titles: Vec<&str> =
            actions.as_array().expect("actions").iter().filter_map(|a| a["title"].as_str()).collect();
        assert!(titles.iter().any(|title| title.starts_with("Ignore service-not-found")), "{encoding}: {titles:?}");
        assert_eq!(client.shutdown_and_exit().code(), Some(0));
    }
}

/// Apply the text edits of a workspace edit for `uri` to `text` (UTF-16 positions).
fn apply_edit(text: &str, edit: &Value, uri: &str) -> String {
    let edits = edit["changes"][uri].as_array().expect("edits for the document");
    let offset = |position: &Value| -> usize {
        let line = position["line"].as_u64().expect("line") as usize;
        let character = position["character"].as_u64().expect("character") as usize;
        let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
        let mut units = 0;
        for (index, c) in text[start..].char_indices() {
            if units >= character || c == '\n' {
                return start + index;
            }
            units += c.len_utf16();
        }
        text.len()
    };
    let mut spans: Vec<(usize, usize, &str)> = edits
        .iter()
        .map(|e| (offset(&e["range"]["start"]), offset(&e["range"]["end"]), e["newText"].as_str().expect("newText")))
        .collect();
    spans.sort_by_key(|span| std::cmp::Reverse(span.0));
    let mut result = text.to_string();
    for (start, end, replacement) in spans {
        result.replace_range(start..end, replacement);
    }
    result
}

#[test]
fn code_actions_offer_the_fix_preferred_when_safe_and_the_ignore_annotation() {
    let dir = workspace(&[]);
    let mut client = plain_client(dir.path());
    let doc = uri(&dir.path().join("broken.yaml"));
    client.open(&doc, BROKEN);
    client.diagnostics_until(&doc, has("invalid-restart-policy"));
    let line = line_of(BROKEN, "restartPolicy");
    let range = json!({"start": {"line": line, "character": 0}, "end": {"line": line, "character": 30}});
    let actions = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": doc}, "range": range, "context": {"diagnostics": []}}),
    );
    let actions = actions.as_array().expect("actions").clone();
    let fix = actions.iter().find(|a| a["title"].as_str().is_some_and(|t| t.contains("Always"))).expect("the fix");
    assert_eq!(fix["kind"], "quickfix");
    assert_eq!(fix["isPreferred"], true);
    assert_eq!(fix["diagnostics"][0]["code"], "invalid-restart-policy");
    let fixed = apply_edit(BROKEN, &fix["edit"], &doc);
    assert!(fixed.contains("restartPolicy: Always\n"), "{fixed}");
    client.change(&doc, 2, &fixed);
    let list = client.diagnostics_until(&doc, lacks("invalid-restart-policy"));
    assert!(rules(&list).contains(&"service-not-found".to_string()));

    // An unsafe fix is offered but not preferred.
    let svc_doc = uri(&dir.path().join("svc.yaml"));
    let virtual_ip = SERVICE.replace("  clusterIP: None\n", "");
    client.open(&svc_doc, &format!("{virtual_ip}---\n{STATEFULSET}"));
    client.diagnostics_until(&svc_doc, has("service-not-headless"));
    let all = json!({"start": {"line": 0, "character": 0}, "end": {"line": 40, "character": 0}});
    let actions = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": svc_doc}, "range": all, "context": {"diagnostics": []}}),
    );
    let unsafe_fix = actions
        .as_array()
        .expect("actions")
        .iter()
        .find(|a| {
            a["diagnostics"][0]["code"] == "service-not-headless"
                && a["edit"]["changes"][&svc_doc][0]["newText"].as_str().is_some_and(|t| t.contains("clusterIP: None"))
        })
        .expect("the unsafe fix")
        .clone();
    assert_eq!(unsafe_fix["isPreferred"], false);

    // "Ignore this rule for this resource" silences it through the annotation.
    let line = line_of(&fixed, "serviceName");
    let range = json!({"start": {"line": line, "character": 16}, "end": {"line": line, "character": 16}});
    let actions = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": doc}, "range": range, "context": {"diagnostics": []}}),
    );
    let ignore = actions
        .as_array()
        .expect("actions")
        .iter()
        .find(|a| a["title"] == "Ignore service-not-found for StatefulSet/web (ordinal.dev/ignore)")
        .expect("the ignore action")
        .clone();
    let ignored = apply_edit(&fixed, &ignore["edit"], &doc);
    assert!(
        ignored.contains("metadata:\n  annotations:\n    ordinal.dev/ignore: service-not-found\n  name: web\n"),
        "{ignored}"
    );
    client.change(&doc, 3, &ignored);
    client.diagnostics_until(&doc, lacks("service-not-found"));
    assert_eq!(client.shutdown_and_exit().code(), Some(0));
}

#[test]
fn hover_explains_a_statefulset_and_documents_a_finding() {
    let dir = workspace(&[("sts.yaml", STATEFULSET), ("svc.yaml", SERVICE)]);
    let sts = uri(&dir.path().join("sts.yaml"));
    let mut client = plain_client(dir.path());
    let at = |line: u64, character: u64| json!({"textDocument": {"uri": sts}, "position": {"line": line, "character": character}});
    for (line, character) in [(line_of(STATEFULSET, "name: web"), 9), (line_of(STATEFULSET, "serviceName"), 17)] {
        let hover = client.request("textDocument/hover", at(line, character));
        assert_eq!(hover["contents"]["kind"], "markdown");
        let text = hover["contents"]["value"].as_str().expect("markdown");
        assert!(text.contains("**StatefulSet `default/web`**"), "{text}");
        assert!(text.contains("3 replica(s) from ordinal 0, OrderedReady"), "{text}");
        assert!(text.contains("| `web-2` | `web-2.nginx.default.svc.cluster.local` |"), "{text}");
        assert!(text.contains("**Start order**"), "{text}");
        assert!(text.contains("1. create `web-0`"), "{text}");
        assert!(text.contains("`nginx.default.svc.cluster.local` A"), "{text}");
        assert_eq!(hover["range"]["start"]["line"], line);
    }
    // Elsewhere in the StatefulSet: nothing to say.
    assert_eq!(client.request("textDocument/hover", at(line_of(STATEFULSET, "image"), 10)), Value::Null);

    // On a finding: the rule's documentation.
    let doc = uri(&dir.path().join("broken.yaml"));
    client.open(&doc, BROKEN);
    client.diagnostics_until(&doc, has("invalid-restart-policy"));
    let line = line_of(BROKEN, "restartPolicy");
    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": doc}, "position": {"line": line, "character": 24}}),
    );
    let text = hover["contents"]["value"].as_str().expect("markdown");
    assert!(text.starts_with("**invalid-restart-policy** (error)"), "{text}");
    assert!(text.contains("# What it flags") || text.contains("What it flags"), "{text}");
    assert!(
        text.contains(
            "[Rule page](https://github.com/ordinal-dev/ordinal/blob/main/docs/rules/invalid-restart-policy.md)"
        ),
        "{text}"
    );
    assert_eq!(client.shutdown_and_exit().code(), Some(0));
}

#[test]
fn definition_links_service_name_and_service_both_ways_and_symbols_list_resources() {
    let dir = workspace(&[("sts.yaml", STATEFULSET), ("svc.yaml", SERVICE)]);
    let (sts, svc) = (uri(&dir.path().join("sts.yaml")), uri(&dir.path().join("svc.yaml")));
    let mut client = plain_client(dir.path());
    let line = line_of(STATEFULSET, "serviceName");
    let found = client.request(
        "textDocument/definition",
        json!({"textDocument": {"uri": sts}, "position": {"line": line, "character": 16}}),
    );
    let service_line = line_of(SERVICE, "name: nginx");
    assert_eq!(
        found,
        json!([{"uri": svc, "range": {"start": {"line": service_line, "character": 8}, "end": {"line": service_line, "character": 13}}}])
    );
    let back = client.request(
        "textDocument/definition",
        json!({"textDocument": {"uri": svc}, "position": {"line": service_line, "character": 9}}),
    );
    assert_eq!(
        back,
        json!([{"uri": sts, "range": {"start": {"line": line, "character": 15}, "end": {"line": line, "character": 20}}}])
    );
    let symbols = client.request("textDocument/documentSymbol", json!({"textDocument": {"uri": svc}}));
    assert_eq!(symbols.as_array().map(Vec::len), Some(2));
    let both = uri(&dir.path().join("both.yaml"));
    client.open(&both, &format!("{SERVICE}---\n{STATEFULSET}"));
    let symbols = client.request("textDocument/documentSymbol", json!({"textDocument": {"uri": both}}));
    let names: Vec<&str> = symbols.as_array().expect("symbols").iter().filter_map(|s| s["name"].as_str()).collect();
    assert_eq!(names, ["Service nginx", "PodDisruptionBudget web", "StatefulSet web"]);
    let name_line = SERVICE.lines().count() as u64 + 1 + line_of(STATEFULSET, "  name: web");
    assert_eq!(symbols[2]["selectionRange"]["start"], json!({"line": name_line, "character": 8}));
    assert_eq!(symbols[2]["range"]["start"]["line"], SERVICE.lines().count() as u64 + 1);
    assert_eq!(client.shutdown_and_exit().code(), Some(0));
}

#[test]
fn inlay_hints_are_off_unless_asked_for() {
    let dir = workspace(&[("sts.yaml", STATEFULSET), ("svc.yaml", SERVICE)]);
    let sts = uri(&dir.path().join("sts.yaml"));
    let range = json!({"start": {"line": 0, "character": 0}, "end": {"line": 30, "character": 0}});
    let params = json!({"textDocument": {"uri": sts}, "range": range});

    let mut off = plain_client(dir.path());
    assert!(off.capabilities.get("inlayHintProvider").is_none_or(Value::is_null), "{}", off.capabilities);
    assert_eq!(off.request("textDocument/inlayHint", params.clone()), Value::Null);
    assert_eq!(off.shutdown_and_exit().code(), Some(0));

    let mut on = Client::start(dir.path(), json!({}), json!({"inlayHints": true}), &[]);
    assert_eq!(on.capabilities["inlayHintProvider"], true);
    let hints = on.request("textDocument/inlayHint", params);
    let line = line_of(STATEFULSET, "serviceName");
    assert_eq!(hints.as_array().map(Vec::len), Some(1), "{hints}");
    assert_eq!(hints[0]["position"], json!({"line": line, "character": 20}));
    assert_eq!(
        hints[0]["label"],
        "→ web-0.nginx.default.svc.cluster.local, web-1.nginx.default.svc.cluster.local, web-2.nginx.default.svc.cluster.local"
    );
    assert_eq!(on.shutdown_and_exit().code(), Some(0));
}

#[test]
fn ordinal_yaml_is_honoured_and_reloaded() {
    let dir = workspace(&[("sts.yaml", STATEFULSET), (".ordinal.yaml", "rules:\n  service-not-found: off\n")]);
    let sts = uri(&dir.path().join("sts.yaml"));
    let mut client = plain_client(dir.path());
    client.open(&sts, STATEFULSET);
    let list = client.diagnostics_until(&sts, |list| !list.is_empty());
    assert!(lacks("service-not-found")(&list), "{list:?}");
    std::fs::write(dir.path().join(".ordinal.yaml"), "rules:\n  service-not-found: warning\n").expect("write");
    let config = uri(&dir.path().join(".ordinal.yaml"));
    client.notify("workspace/didChangeWatchedFiles", json!({"changes": [{"uri": config, "type": 2}]}));
    let list = client.diagnostics_until(&sts, has("service-not-found"));
    let found = list.iter().find(|d| d["code"] == "service-not-found").expect("the finding");
    assert_eq!(found["severity"], 2, "the configured severity, warning");
    // A client without file watching says it saved the file.
    std::fs::write(dir.path().join(".ordinal.yaml"), "rules:\n  service-not-found: off\n").expect("write");
    client.notify("textDocument/didSave", json!({"textDocument": {"uri": config}}));
    client.diagnostics_until(&sts, lacks("service-not-found"));
    // A broken configuration is logged and the defaults apply.
    std::fs::write(dir.path().join(".ordinal.yaml"), "rules: [").expect("write");
    client.notify("textDocument/didSave", json!({"textDocument": {"uri": config}}));
    client.diagnostics_until(&sts, has("service-not-found"));
    assert!(
        client.log.iter().any(|line| line.contains(".ordinal.yaml") && line.contains("default settings")),
        "{:?}",
        client.log
    );
    assert_eq!(client.shutdown_and_exit().code(), Some(0));
}

#[test]
fn yaml_that_is_not_kubernetes_gets_no_diagnostics() {
    let dir = workspace(&[]);
    let mut client = plain_client(dir.path());
    for (name, text) in [
        ("workflow.yaml", "name: ci\non:\n  push: {}\njobs:\n  test:\n    runs-on: ubuntu-latest\n"),
        ("compose.yaml", "services:\n  db:\n    image: postgres\n    ports: [\n"),
    ] {
        let doc = uri(&dir.path().join(name));
        client.open(&doc, text);
        assert_eq!(client.next_publication(&doc), Vec::<Value>::new(), "{name}");
    }
    // A manifest being typed keeps its syntax error.
    let doc = uri(&dir.path().join("typing.yaml"));
    client.open(&doc, "apiVersion: v1\nkind: Service\nmetadata: [\n");
    client.diagnostics_until(&doc, has("yaml-syntax"));
    assert_eq!(client.shutdown_and_exit().code(), Some(0));
}

#[test]
#[cfg_attr(not(debug_assertions), ignore = "the panic trigger exists in debug builds only (lsp/guard.rs)")]
fn a_panic_while_analysing_is_logged_and_the_server_keeps_serving() {
    let dir = workspace(&[]);
    let mut client = Client::start(dir.path(), json!({}), Value::Null, &[("ORDINAL_LSP_TEST_PANIC", "PANIC-HERE")]);
    let bad = uri(&dir.path().join("bad.yaml"));
    client.open(&bad, &format!("# PANIC-HERE\n{BROKEN}"));
    let deadline = Instant::now() + PATIENCE;
    while !client.log.iter().any(|line| line.contains("internal error")) {
        assert!(client.read(deadline).is_some(), "no log message; log: {:?}", client.log);
    }
    let line = client.log.iter().find(|line| line.contains("internal error")).expect("the report");
    assert!(line.contains("bad.yaml") && line.contains("PANIC"), "{line}");
    // Still serving: another document is checked, requests are answered.
    let good = uri(&dir.path().join("good.yaml"));
    client.open(&good, BROKEN);
    client.diagnostics_until(&good, has("service-not-found"));
    client.change(&bad, 2, BROKEN);
    client.diagnostics_until(&bad, has("service-not-found"));
    assert_eq!(client.shutdown_and_exit().code(), Some(0));
}

#[test]
fn shutdown_then_exit_is_0_exit_alone_is_1_and_requests_after_shutdown_fail() {
    let dir = workspace(&[]);
    let mut client = plain_client(dir.path());
    let response = client.request_raw("shutdown", Value::Null);
    assert_eq!(response["result"], Value::Null);
    let refused = client.request_raw("textDocument/documentSymbol", json!({"textDocument": {"uri": "file:///x.yaml"}}));
    assert_eq!(refused["error"]["code"], -32600, "{refused}");
    client.notify("exit", Value::Null);
    assert_eq!(client.wait().code(), Some(0));

    let mut client = plain_client(dir.path());
    client.notify("exit", Value::Null);
    assert_eq!(client.wait().code(), Some(1));

    // The editor went away without a word: the input ends.
    let mut client = plain_client(dir.path());
    drop(client.stdin.take());
    assert_eq!(client.wait().code(), Some(1));
}
