//! The hostile-input battery: every case in `tests/hostile/` (see its
//! README) run through the `ordinal` binary, with the clear result each must
//! give. Large or platform-specific inputs are generated here.
//!
//! The central check is [`assert_safe_text`]: text for people (text
//! formats and stderr) holds no control character but the newlines the tool
//! writes itself, and no line starts with a workflow command the manifest
//! wrote. Bounds on memory come from `--max-file-size`, not from timing.

use std::ffi::{OsStr, OsString};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use ordinal_core::escape::is_unsafe;
use serde_json::Value;

/// What one run of the binary did.
#[derive(Debug)]
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn hostile() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/hostile")
}

/// Run `ordinal args...` in `dir`, feeding `stdin` when given.
fn run_in(dir: &Path, args: &[&OsStr], stdin: Option<&[u8]>) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ordinal"))
        .args(args)
        .arg("--color=never")
        .current_dir(dir)
        .stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the ordinal binary runs");
    if let Some(bytes) = stdin {
        // The binary may stop reading at the limit and exit: a broken pipe here is expected.
        let _ = child.stdin.take().expect("piped stdin").write_all(bytes);
    }
    let output = child.wait_with_output().expect("ordinal finishes");
    let run = Run {
        code: output.status.code().unwrap_or_else(|| panic!("ordinal {args:?} was killed by a signal")),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    };
    // Never a panic, whatever the input: a caught one would exit 2 with this.
    assert!(!run.stderr.contains("internal error") && !run.stderr.contains("panicked"), "{args:?}: {}", run.stderr);
    run
}

fn ordinal(dir: &Path, args: &[&str]) -> Run {
    let args: Vec<&OsStr> = args.iter().map(OsStr::new).collect();
    run_in(dir, &args, None)
}

/// Text meant for people: no control character (or other unsafe one) but
/// the newlines the tool writes, and no line that GitHub Actions or Azure
/// Pipelines would read as a command, except, with `github`, the tool's own
/// annotations.
fn assert_safe_text(what: &str, text: &str, github: bool) {
    if let Some(bad) = text.chars().find(|&c| is_unsafe(c) && c != '\n') {
        panic!("{what}: raw U+{:04X} in output:\n{text}", bad as u32);
    }
    for line in text.lines() {
        let own_annotation = github
            && ["::error file=", "::warning file=", "::notice file="].iter().any(|start| line.starts_with(start));
        assert!(
            own_annotation || !(line.starts_with("::") || line.starts_with("##[")),
            "{what}: a line starts with a workflow command:\n{line}"
        );
        assert!(!github || own_annotation, "{what}: not an annotation: {line}");
    }
}

fn assert_json(what: &str, text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|error| panic!("{what}: not JSON ({error}):\n{text}"))
}

fn assert_xml(what: &str, text: &str) {
    let mut reader = quick_xml::Reader::from_str(text);
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(_) => {}
            Err(error) => panic!("{what}: not well-formed XML ({error}):\n{text}"),
        }
    }
}

/// No attribute value of a JUnit report holds a raw line break or tab: an
/// XML parser would turn it into a space (XML 1.0 §3.3.3), so the CI's
/// test view would show a different name or message than the text output.
fn assert_junit_attributes_on_one_line(what: &str, text: &str) {
    let mut reader = quick_xml::Reader::from_str(text);
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(quick_xml::events::Event::Start(element) | quick_xml::events::Event::Empty(element)) => {
                for attribute in element.attributes() {
                    let attribute = attribute.unwrap_or_else(|error| panic!("{what}: bad attribute ({error})"));
                    let raw: &str = &attribute.value;
                    assert!(!raw.contains(['\n', '\r', '\t']), "{what}: raw line break in attribute {raw:?}");
                }
            }
            Ok(_) => {}
            Err(error) => panic!("{what}: not well-formed XML ({error})"),
        }
    }
}

/// Run every command and format on `paths` in `dir` and check each output;
/// `lint`'s JSON is returned.
fn every_command_and_format(dir: &Path, paths: &[&OsStr], nslookups: &[(&str, &str)]) -> Value {
    let run = |args: &[&str]| {
        let mut all: Vec<&OsStr> = args.iter().map(OsStr::new).collect();
        all.extend_from_slice(paths);
        run_in(dir, &all, None)
    };
    let mut lint_json = Value::Null;
    for format in ["text", "json", "sarif", "github", "junit", "gitlab"] {
        let output = run(&["lint", "--format", format]);
        let what = format!("lint --format {format}");
        assert_eq!(output.code, 1, "{what}: {}", output.stderr);
        assert_safe_text(&what, &output.stderr, false);
        match format {
            "text" => assert_safe_text(&what, &output.stdout, false),
            "github" => assert_safe_text(&what, &output.stdout, true),
            "junit" => {
                assert_xml(&what, &output.stdout);
                assert_junit_attributes_on_one_line(&what, &output.stdout);
            }
            "json" => lint_json = assert_json(&what, &output.stdout),
            _ => {
                assert_json(&what, &output.stdout);
            }
        }
    }
    for format in ["text", "json", "svg"] {
        let output = run(&["explain", "--format", format, "--scale-to", "3", "--update"]);
        let what = format!("explain --format {format}");
        assert!(output.code <= 1, "{what}: {}", output.stderr);
        assert_safe_text(&what, &output.stderr, false);
        match format {
            "text" => assert_safe_text(&what, &output.stdout, false),
            "json" => {
                assert_json(&what, &output.stdout);
            }
            _ => assert_xml(&what, &output.stdout),
        }
    }
    for (name, from) in nslookups {
        for format in ["text", "json"] {
            let output = run(&["nslookup", name, "--from", from, "--format", format]);
            let what = format!("nslookup {name:?} --from {from:?} --format {format}");
            assert!(output.code <= 1, "{what}: {}", output.stderr);
            assert_safe_text(&what, &output.stderr, false);
            if format == "text" {
                assert_safe_text(&what, &output.stdout, false);
            } else {
                assert_json(&what, &output.stdout);
            }
        }
    }
    lint_json
}

/// Every C0 and C1 character and the other unsafe ones.
fn dangerous_characters() -> Vec<char> {
    let extra = ['\u{2028}', '\u{2029}', '\u{202e}', '\u{2066}', '\u{fffe}', '\u{ffff}'];
    (0..0x20).chain(0x7f..0xa0).filter_map(char::from_u32).chain(extra).collect()
}

/// A StatefulSet and its headless Service for character number `index`,
/// the character written as a YAML escape in every name the manifest sets.
fn manifest_for(index: usize, character: char) -> String {
    let escape = format!("\\U{:08x}", character as u32);
    let name = format!("w{index}{escape}\\n::error file=a.yaml::forged{index}");
    let service = format!("s{index}{escape}\\r\\n::add-mask::{index}");
    let label = format!("l{escape}\\n::set-output name=x::{index}");
    format!(
        "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: \"{name}\"\n  namespace: \"n{escape}\"\n\
         spec:\n  serviceName: \"{service}\"\n  replicas: 2\n  selector: {{matchLabels: {{app: \"{label}\"}}}}\n\
         \x20 template:\n    metadata: {{labels: {{app: \"{label}\"}}}}\n\
         \x20   spec: {{containers: [{{name: \"c{escape}\\n::notice::{index}\", image: \"i{escape}:latest\"}}]}}\n\
         ---\napiVersion: v1\nkind: Service\nmetadata: {{name: \"{service}\", namespace: \"n{escape}\"}}\n\
         spec: {{clusterIP: None, selector: {{app: \"{label}\"}}, ports: [{{name: \"p{escape}\", port: 80}}]}}\n"
    )
}

#[test]
fn every_control_character_through_every_command_and_format() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let characters = dangerous_characters();
    for (index, &character) in characters.iter().enumerate() {
        // A file name cannot hold NUL or `/`; every other character goes into one.
        let shown = if matches!(character, '\0' | '/') { 'x' } else { character };
        let file_name = format!("{index:03}-{shown}\n::error::forged.yaml");
        std::fs::write(dir.path().join(file_name), manifest_for(index, character)).expect("a fixture is written");
    }
    let esc_query = "w27\u{1b}[31m\n::error::x-0.s27";
    let report = every_command_and_format(
        dir.path(),
        &[OsStr::new(".")],
        &[(esc_query, "n\u{1b}/w27\u{1b}"), ("\u{9b}2J\r\n::add-mask::x", "\u{7}\u{85}")],
    );
    // JSON keeps the exact strings: the raw ESC and the newline are there.
    let messages: Vec<&str> =
        report["diagnostics"].as_array().expect("diagnostics").iter().filter_map(|d| d["message"].as_str()).collect();
    assert!(messages.iter().any(|message| message.contains("w27\u{1b}\n::error file=a.yaml::forged27")));
    let files: Vec<&str> =
        report["diagnostics"].as_array().expect("diagnostics").iter().filter_map(|d| d["file"].as_str()).collect();
    assert!(files.contains(&"027-\u{1b}\n::error::forged.yaml"), "{files:?}");
    // The text outputs did show the characters, escaped.
    let explain = ordinal(dir.path(), &["explain", "."]);
    assert!(explain.stdout.contains("w27\\u{1b}\\n::error file=a.yaml::forged27-0"), "{}", explain.stdout);
    let lint = ordinal(dir.path(), &["lint", "."]);
    assert!(lint.stdout.contains("--> 060-\\u{9b}\\n::error::forged.yaml:"), "{}", lint.stdout);
    // `rules` with a hostile id: one escaped line on stderr.
    let output = ordinal(dir.path(), &["rules", "x\u{1b}[31m\n::error::y"]);
    assert_eq!(output.code, 2);
    assert_safe_text("rules", &output.stderr, false);
    // Line breaks in an error become spaces (an error is one line), other controls escapes.
    assert!(output.stderr.contains("x\\u{1b}[31m ::error::y"), "{}", output.stderr);
    // A rejected flag value is quoted escaped, by clap's error too.
    let output = ordinal(dir.path(), &["lint", "--format", "x\u{1b}[31m\n::error::y", "."]);
    assert_eq!(output.code, 2);
    assert_safe_text("a rejected --format", &output.stderr, false);
    assert!(output.stderr.contains("'x\\u{1b}[31m\\n::error::y'"), "{}", output.stderr);
}

#[test]
fn workflow_commands_and_terminal_escapes_in_names_are_shown_escaped() {
    let dir = hostile();
    for file in ["workflow-command-injection.yaml", "terminal-escapes.yaml", "control-characters.yaml"] {
        every_command_and_format(&dir, &[OsStr::new(file)], &[("web-0.nginx", "web-0")]);
    }
    let output = ordinal(&dir, &["explain", "workflow-command-injection.yaml"]);
    assert!(output.stdout.contains("web\\n::error file=ci.yaml,line=1::forged annotation\\n::add-mask::secret"));
    let output = ordinal(&dir, &["lint", "terminal-escapes.yaml"]);
    assert!(output.stdout.contains("web\\u{1b}[31m\\u{1b}]0;pwned\\u{7}\\u{7f}\\u{9b}2J\\u{85}\\u{202e}evil"));
}

#[test]
fn a_65536_character_pod_name_is_explained_without_a_panic() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let name = "a".repeat(65_536);
    let manifest = format!(
        "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {{name: {name}}}\nspec:\n  serviceName: {name}\n  replicas: 2\n\
         ---\napiVersion: v1\nkind: Service\nmetadata: {{name: {name}}}\nspec: {{clusterIP: None}}\n"
    );
    std::fs::write(dir.path().join("long.yaml"), manifest).expect("the manifest is written");
    for format in ["text", "json", "svg"] {
        let output = ordinal(dir.path(), &["explain", "long.yaml", "--format", format, "--scale-to", "3", "--update"]);
        assert_eq!(output.code, 0, "{format}: {}", output.stderr);
        assert!(output.stdout.contains(&format!("{name}-1")), "{format}");
    }
    // One argument may hold at most 128 KiB on Linux, so the query is the pod name alone.
    let output = ordinal(dir.path(), &["nslookup", &format!("{name}-0"), "--from", &format!("{name}-1"), "long.yaml"]);
    assert!(output.code <= 1, "{}", output.stderr);
    let output = ordinal(dir.path(), &["lint", "long.yaml", "--format", "text"]);
    assert_eq!(output.code, 1, "{}", output.stderr);
    assert!(output.stdout.contains("error[invalid-name]"));
}

/// Services, StatefulSets and PDBs that all select each other made a link
/// and a finding per pair: 10,000 of each (5 MB) took 24 GB and was killed.
/// Here 400 of each must give findings in proportion to the StatefulSets,
/// and say that each one's links were cut.
#[test]
fn everything_selecting_everything_gives_findings_in_proportion() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let mut manifest = String::new();
    for index in 0..400 {
        manifest.push_str(&format!(
            "--- {{apiVersion: v1, kind: Service, metadata: {{name: svc{index}}}, spec: {{clusterIP: None, selector: {{app: x}}, ports: [{{name: p, port: 80, targetPort: web}}]}}}}\n\
             --- {{apiVersion: apps/v1, kind: StatefulSet, metadata: {{name: s{index}}}, spec: {{serviceName: svc{index}, replicas: 2, selector: {{matchLabels: {{app: x}}}}, template: {{metadata: {{labels: {{app: x}}}}, spec: {{containers: [{{name: c, image: nginx:1}}]}}}}}}}}\n\
             --- {{apiVersion: policy/v1, kind: PodDisruptionBudget, metadata: {{name: p{index}}}, spec: {{maxUnavailable: 0, selector: {{matchLabels: {{app: x}}}}}}}}\n"
        ));
    }
    std::fs::write(dir.path().join("all.yaml"), manifest).expect("the manifest is written");
    let (report, code) = lint_json(dir.path(), "all.yaml");
    assert_eq!(code, 1);
    let diagnostics = report["diagnostics"].as_array().cloned().unwrap_or_default();
    let cut = diagnostics.iter().filter(|d| d["rule"] == "too-many-selectors").count();
    assert_eq!(cut, 400);
    // A finding per pair would be 160,000 target-port findings alone.
    assert!(diagnostics.len() < 400 * 16, "{} findings", diagnostics.len());
    let output = ordinal(dir.path(), &["explain", "all.yaml"]);
    assert_eq!(output.code, 0, "{}", output.stderr);
    assert!(output
        .stdout
        .contains("note: so many PodDisruptionBudgets select its pods that only the first 32 are listed"));
}

/// `ordinal diff` looked for each removed StatefulSet's rename by
/// normalising every added one again: 2,000 renamed took 4.4 s, 10,000
/// about two minutes. Now each added one is normalised once and looked up.
#[test]
fn many_renamed_statefulsets_are_each_paired_with_their_rename() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    for (file, prefix) in [("old.yaml", "a"), ("new.yaml", "b")] {
        let manifest: String = (0..300)
            .map(|index| {
                format!(
                    "--- {{apiVersion: apps/v1, kind: StatefulSet, metadata: {{name: {prefix}{index}}}, spec: {{serviceName: s{index}, selector: {{matchLabels: {{app: {prefix}{index}}}}}, template: {{metadata: {{labels: {{app: {prefix}{index}}}}}, spec: {{containers: [{{name: c, image: nginx:1}}]}}}}}}}}\n"
                )
            })
            .collect();
        std::fs::write(dir.path().join(file), manifest).expect("the manifest is written");
    }
    let output = ordinal(dir.path(), &["diff", "old.yaml", "new.yaml", "--format", "json"]);
    assert_eq!(output.code, 0, "{}", output.stderr);
    let report = assert_json("diff", &output.stdout);
    let diagnostics = report["diagnostics"].as_array().cloned().unwrap_or_default();
    let renames: Vec<&str> = diagnostics
        .iter()
        .filter(|d| d["rule"] == "statefulset-renamed-or-removed")
        .filter_map(|d| d["message"].as_str())
        .collect();
    assert_eq!(renames.len(), 300);
    // Paired by governing Service: `a<i>` with `b<i>`, never another.
    assert!(renames.iter().all(|message| {
        let old = message.split('`').nth(1).unwrap_or_default();
        let new = message.split('`').nth(3).unwrap_or_default();
        old.strip_prefix('a').is_some_and(|index| new == format!("b{index}"))
    }));
}

#[test]
fn explain_and_nslookup_report_syntax_errors_located_with_exit_1() {
    let dir = hostile();
    for args in
        [&["explain", "syntax-error.yaml"][..], &["nslookup", "web-0.nginx", "--from", "web-0", "syntax-error.yaml"]]
    {
        let output = ordinal(&dir, args);
        assert_eq!(output.code, 1, "{args:?}: {}", output.stderr);
        assert!(output.stderr.starts_with("error[yaml-syntax]: invalid YAML: "), "{args:?}: {}", output.stderr);
        assert!(output.stderr.contains("--> syntax-error.yaml:7:11"), "{args:?}: {}", output.stderr);
    }
    // A file without errors still exits 0.
    assert_eq!(ordinal(&dir, &["explain", "terminal-escapes.yaml"]).code, 0);
}

#[test]
fn characters_yaml_forbids_and_non_scalar_keys_are_located_yaml_syntax_errors() {
    let dir = hostile();
    let (report, code) = lint_json(&dir, "control-characters.yaml");
    assert_eq!(code, 1);
    let found = syntax_findings(&report);
    assert_eq!(found.len(), 1, "{report:#}");
    assert_eq!((found[0]["line"].as_u64(), found[0]["column"].as_u64()), (Some(5), Some(13)));
    let message = found[0]["message"].as_str().unwrap_or_default();
    assert!(message.contains("U+001B") && message.contains("kubectl rejects this document"), "{message}");

    let (report, code) = lint_json(&dir, "non-scalar-key.yaml");
    assert_eq!(code, 1);
    let found = syntax_findings(&report);
    let positions: Vec<_> = found.iter().map(|d| (d["line"].as_u64(), d["column"].as_u64())).collect();
    assert_eq!(positions, [(Some(7), Some(7)), (Some(9), Some(5))], "{report:#}");
    assert!(found.iter().all(|d| d["message"].as_str().is_some_and(|m| m.contains("invalid map key"))));
}

#[cfg(unix)]
#[test]
fn endless_and_oversized_inputs_stop_at_the_limit() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let limit = ["--max-file-size", "64K"];
    let expect_limit = |output: Run, name: &str| {
        assert_eq!(output.code, 2, "{name}: {}", output.stderr);
        let expected = format!("ordinal: {name}: larger than the limit of 64 KiB (raise it with --max-file-size)\n");
        assert!(output.stderr.ends_with(&expected), "{name}: {}", output.stderr);
    };
    for device in ["/dev/zero", "/dev/urandom"] {
        for command in ["lint", "explain"] {
            expect_limit(ordinal(dir.path(), &[command, device, limit[0], limit[1]]), device);
        }
    }
    expect_limit(
        ordinal(dir.path(), &["lint", "--config", "/dev/zero", "x.yaml", limit[0], limit[1]]),
        "config /dev/zero",
    );
    std::fs::write(dir.path().join("big.yaml"), "a: 1\n".repeat(20_000)).expect("a big file is written");
    expect_limit(ordinal(dir.path(), &["lint", "big.yaml", limit[0], limit[1]]), "big.yaml");
    let stdin = vec![b'#'; 200_000];
    let words = ["lint", "-", limit[0], limit[1]];
    let args: Vec<&OsStr> = words.iter().map(OsStr::new).collect();
    expect_limit(run_in(dir.path(), &args, Some(&stdin)), "<stdin>");
    // A fifo named on the command line is read, through the same cap, by a
    // writer that would never stop.
    let fifo = dir.path().join("endless.yaml");
    make_fifo(&fifo);
    let writer = std::thread::spawn({
        let fifo = fifo.clone();
        move || {
            if let Ok(mut file) = std::fs::OpenOptions::new().write(true).open(&fifo) {
                let block = [b'#'; 4096];
                while file.write_all(&block).is_ok() {}
            }
        }
    });
    expect_limit(ordinal(dir.path(), &["lint", "endless.yaml", limit[0], limit[1]]), "endless.yaml");
    // Had ordinal never opened the fifo, the writer would wait in `open`
    // forever: a reader opened and closed here releases it (and waits in
    // vain, detached, when the writer is already gone).
    std::thread::spawn(move || drop(std::fs::File::open(&fifo)));
    writer.join().expect("the writer stops when the reader is gone");
}

#[cfg(unix)]
#[test]
fn a_fifo_inside_a_directory_is_skipped() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    make_fifo(&dir.path().join("pipe.yaml"));
    std::fs::write(dir.path().join("ok.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n")
        .expect("written");
    let output = ordinal(dir.path(), &["lint", "."]);
    assert_eq!(output.code, 0, "{}", output.stderr);
    assert!(output.stdout.contains("in 1 file"), "{}", output.stdout);
}

#[cfg(unix)]
#[test]
fn a_non_utf8_path_is_linted_alike_as_argument_and_in_a_directory() {
    use std::os::unix::ffi::OsStringExt;
    let dir = tempfile::tempdir().expect("a temporary directory");
    std::fs::create_dir(dir.path().join("k8s")).expect("a directory");
    let mut name = b"k8s/web\xff\x1b[31m".to_vec();
    name.extend_from_slice(b".yaml");
    let path = OsString::from_vec(name);
    let manifest = std::fs::read(hostile().join("workflow-command-injection.yaml")).expect("the fixture");
    std::fs::write(dir.path().join(&path), manifest).expect("the file is written");
    let as_argument = run_in(dir.path(), &[OsStr::new("lint"), &path], None);
    let in_directory = run_in(dir.path(), &[OsStr::new("lint"), OsStr::new("k8s")], None);
    assert_eq!(as_argument.code, 1, "{}", as_argument.stderr);
    assert_eq!(as_argument.stdout, in_directory.stdout);
    assert!(as_argument.stdout.contains("--> k8s/web\u{fffd}\\u{1b}[31m.yaml:"), "{}", as_argument.stdout);
    assert_safe_text("lint of a non-UTF-8 path", &as_argument.stdout, false);
    let json = run_in(dir.path(), &[OsStr::new("lint"), &path, OsStr::new("--format=json")], None);
    let report = assert_json("lint --format json", &json.stdout);
    assert_eq!(report["diagnostics"][0]["file"], "k8s/web\u{fffd}\u{1b}[31m.yaml");
    let explain = run_in(dir.path(), &[OsStr::new("explain"), &path], None);
    assert_eq!(explain.code, 0, "{}", explain.stderr);
}

fn lint_json(dir: &Path, file: &str) -> (Value, i32) {
    let output = ordinal(dir, &["lint", file, "--format", "json"]);
    (assert_json(file, &output.stdout), output.code)
}

fn syntax_findings(report: &Value) -> Vec<Value> {
    let diagnostics = report["diagnostics"].as_array().cloned().unwrap_or_default();
    diagnostics.into_iter().filter(|d| d["rule"] == "yaml-syntax").collect()
}

#[cfg(unix)]
fn make_fifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().expect("mkfifo runs");
    assert!(status.success(), "mkfifo {path:?}");
}
